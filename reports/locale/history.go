package locale

// The texts of the polling-error history chart (reports/charts, `forecast
// history --chart`), kept apart from messages.go so that the chart's texts
// live with it; init adds them to messages.
var historyMessages = map[string]message{
	"history.title":             {"Polling error across elections, %d–%d", "L’erreur des sondages d’une élection à l’autre, %d–%d"},
	"history.subtitle":          {"Mean absolute error of the average of the polls of the final %d days, over the political blocs, in points; one mark per election.", "Erreur absolue moyenne de la moyenne des sondages des %d derniers jours, sur les blocs politiques, en points\u00a0; un point par élection."},
	"history.x":                 {"year of the election", "année de l’élection"},
	"history.y":                 {"mean absolute error (points)", "erreur absolue moyenne (points)"},
	"history.missed":            {"the final polls’ two leading blocs were not the result’s", "les deux premiers blocs des derniers sondages n’étaient pas ceux du résultat"},
	"history.label":             {"%d: %s %s", "%d\u00a0: %s %s"},
	"history.note":              {"Labelled: the largest miss of the elections whose final polls had the wrong two leading blocs (poll average − result, points). Elections with no poll in the final days are not shown.", "Étiquettes\u00a0: la plus grande erreur des élections dont les derniers sondages n’avaient pas les deux bons premiers blocs (moyenne des sondages − résultat, points). Les élections sans sondage dans les derniers jours ne sont pas représentées."},
	"history.caption":           {"Each mark is one election: the lower, the closer the final polls came to the result, bloc by bloc. Ringed marks are the elections whose final polls had the wrong two leading blocs, whatever their average error.", "Chaque point est une élection\u00a0: plus il est bas, plus les derniers sondages étaient proches du résultat, bloc par bloc. Les points cerclés sont les élections dont les derniers sondages n’avaient pas les deux bons premiers blocs, quelle que soit leur erreur moyenne."},
	"history.source":            {"Source: pollsposition, %s (MIT). Chart: forecast.", "Source\u00a0: pollsposition, %s (MIT). Graphique\u00a0: forecast."},
	"history.type.president":    {"presidential, first round", "présidentielle, premier tour"},
	"history.type.legislatives": {"legislative, first round", "législatives, premier tour"},
	"history.type.europeennes":  {"European Parliament", "européennes"},
	"history.type.regionales":   {"regional, first round", "régionales, premier tour"},
}

func init() {
	for k, m := range historyMessages {
		if _, dup := messages[k]; dup {
			panic("locale: message " + k + " defined twice")
		}
		messages[k] = m
	}
}
