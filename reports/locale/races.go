package locale

// The texts of the races chart and of the report's section on races
// (reports/charts, reports/report), kept apart from messages.go so that
// they live together; init adds them to messages.
var racesMessages = map[string]message{
	"races.finding":       {"Polls favoured %s in %d of %d races, by %s on average; their average named the wrong winner in %d", "Les sondages ont favorisé %s dans %d courses sur %d, de %s en moyenne\u00a0; leur moyenne a désigné le mauvais vainqueur dans %d"},
	"races.finding.right": {"Polls favoured %s in %d of %d races, by %s on average; their average named every winner", "Les sondages ont favorisé %s dans %d courses sur %d, de %s en moyenne\u00a0; leur moyenne a désigné chaque vainqueur"},
	"races.subtitle":      {"%s. The poll average’s bias toward %s on the margin over %s (poll − result), in points, with its 95%% interval; the national race first, then the others by bias.", "%s. Biais de la moyenne des sondages en faveur de %s sur l’écart avec %s (sondage − résultat), en points, avec son intervalle à 95\u00a0%%\u00a0; la course nationale d’abord, puis les autres par biais."},
	"races.x":             {"bias toward %s (points)", "biais en faveur de %s (points)"},
	"races.favoured":      {"favoured %s", "en faveur de %s"},
	"races.interval":      {"95% interval", "intervalle à 95\u00a0%"},
	"races.wrong":         {"the poll average named the wrong winner", "la moyenne des sondages a désigné le mauvais vainqueur"},
	"races.note":          {"Every poll of a race counts once; the interval is clustered by pollster, and a race polled by a single pollster has none. An interval that runs beyond the frame ends in an arrowhead.", "Chaque sondage d’une course compte une fois\u00a0; l’intervalle est calculé par grappes d’instituts, et une course sondée par un seul institut n’en a pas. Un intervalle qui dépasse du cadre finit en pointe de flèche."},
	"races.nopoll":        {"Not shown, no poll: %s.", "Non représentées, faute de sondage\u00a0: %s."},
	"races.caption":       {"Each row is a race: the dot is how far the average of its polls put the margin of %s over %s from the result (to the right, the polls favoured %s). Ringed: the average named the wrong winner.", "Chaque ligne est une course\u00a0: le point dit de combien la moyenne de ses sondages a écarté la marge de %s sur %s de celle du résultat (à droite, les sondages ont favorisé %s). Cerclés\u00a0: la moyenne a désigné le mauvais vainqueur."},
	"races.a":             {"the first candidate", "le premier candidat"},
	"races.b":             {"the second", "le second"},
	"races.range":         {"%s to %s", "%s à %s"},

	"report.races":             {"Races", "Courses"},
	"report.races.national":    {"In the national race, the %s polls favoured %s by %s on the margin on average (95%% interval %s to %s, clustered by pollster); they erred by %s.", "Dans la course nationale, les %s sondages ont favorisé %s de %s sur l’écart en moyenne (intervalle à 95\u00a0%% de %s à %s, par grappes d’instituts)\u00a0; ils se sont trompés de %s."},
	"report.races.subnational": {"In the %d races below the national level, the %s polls favoured %s by %s on the margin on average (95%% interval %s to %s, clustered by race); they erred by %s.", "Dans les %d courses infranationales, les %s sondages ont favorisé %s de %s sur l’écart en moyenne (intervalle à 95\u00a0%% de %s à %s, par grappes de courses)\u00a0; ils se sont trompés de %s."},
	"report.races.right":       {"Their average named every winner.", "Leur moyenne a désigné chaque vainqueur."},
	"report.races.wrong":       {"Their average named the wrong winner in %d: %s.", "Leur moyenne a désigné le mauvais vainqueur dans %d\u00a0: %s."},
	"report.races.table":       {"Every race: the margin of %s over %s, in points; the bias is the poll average’s margin minus the result’s. Every number, in full precision:", "Chaque course\u00a0: l’écart de %s sur %s, en points\u00a0; le biais est l’écart de la moyenne des sondages moins celui du résultat. Tous les chiffres, en pleine précision\u00a0:"},
	"col.race":                 {"race", "course"},
	"col.polls":                {"polls", "sondages"},
	"col.resultmargin":         {"result margin", "écart du résultat"},
	"col.averagemargin":        {"poll average margin", "écart de la moyenne"},
	"col.bias":                 {"bias", "biais"},
	"col.interval":             {"95% interval", "intervalle à 95\u00a0%"},
	"col.wrongpolls":           {"polls with the wrong winner", "sondages au mauvais vainqueur"},
	"col.averagewrong":         {"average named the wrong winner", "moyenne au mauvais vainqueur"},
	"yes":                      {"yes", "oui"},
}

func init() {
	for k, m := range racesMessages {
		if _, dup := messages[k]; dup {
			panic("locale: message " + k + " defined twice")
		}
		messages[k] = m
	}
}
