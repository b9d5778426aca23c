package locale

import (
	"fmt"
	"strconv"
)

// message is one text in both languages: a fmt format. French texts put a
// no-break space (\u00a0) before ":", ";" and "%", as French typography does.
type message struct{ en, fr string }

// T returns the text of key in language l, formatted with args. An unknown
// key is a programmer error and panics: every key has both languages by
// construction, and the tests draw every chart in both.
func (l Lang) T(key string, args ...any) string {
	m, ok := messages[key]
	if !ok {
		panic("locale: no message " + strconv.Quote(key))
	}
	f := m.en
	if l == FR {
		f = m.fr
	}
	if len(args) == 0 {
		return f
	}
	return fmt.Sprintf(f, args...)
}

// Count is T for a message that counts n things: it takes the singular
// form KEY.1 when there is one and n is singular in l (0 or 1 in French,
// 1 in English), so that "1 dernier chiffre … plaçait" agrees with its
// number; else KEY.
func (l Lang) Count(n int, key string, args ...any) string {
	singular := n == 1 || (l == FR && n == 0)
	if _, ok := messages[key+".1"]; ok && singular {
		key += ".1"
	}
	return l.T(key, args...)
}

// Round names a round of voting: "round 1"; "premier tour", "second tour".
func (l Lang) Round(n int) string {
	if l == EN {
		return "round " + strconv.Itoa(n)
	}
	switch n {
	case 1:
		return "premier tour"
	case 2:
		return "second tour"
	}
	return strconv.Itoa(n) + "e tour"
}

var messages = map[string]message{
	// Words used everywhere.
	"and":                   {" and ", " et "},
	"others":                {"Others", "Autres"},
	"family.poll":           {"polls", "sondages"},
	"family.buzz":           {"buzz", "buzz"},
	"family.model":          {"models", "modèles"},
	"measure.vote_share":    {"vote shares", "intentions de vote"},
	"measure.weight_share":  {"shares of digital weight", "parts de poids numérique"},
	"measure.approval":      {"approval ratings", "opinions favorables"},
	"measure.agreement":     {"agreement with a statement", "adhésion à une opinion"},
	"measure.volume":        {"volumes (counts of posts)", "volumes (nombres de messages)"},
	"measure.voice_share":   {"shares of voice", "parts de voix"},
	"measure.mention_share": {"shares of mentions", "parts de mentions"},
	"measure.rank":          {"ranks", "rangs"},

	// Source lines.
	"source.line":          {"Sources: %s. Chart: forecast.", "Sources\u00a0: %s. Graphique\u00a0: forecast."},
	"source.sep":           {"; ", "\u00a0; "},
	"source.result":        {"result %s", "résultat %s"},
	"source.more":          {" and %d other sites", " et %d autres sites"},
	"source.family.poll":   {"polls (%d pollsters) %s", "sondages (%d instituts) %s"},
	"source.family.poll.1": {"polls (%d pollster) %s", "sondages (%d institut) %s"},
	"source.family.buzz":   {"buzz (%d series) %s", "buzz (%d séries) %s"},
	"source.family.buzz.1": {"buzz (%d series) %s", "buzz (%d série) %s"},
	"source.family.model":  {"models (%d) %s", "modèles (%d) %s"},

	// Axes and legends shared by several charts.
	"axis.share":         {"share (%)", "part (%)"},
	"legend.result":      {"official result", "résultat officiel"},
	"legend.final.poll":  {"each pollster's last poll", "dernier sondage de chaque institut"},
	"legend.final.buzz":  {"each buzz series' last figure", "dernier chiffre de chaque série buzz"},
	"legend.final.model": {"each model's last forecast", "dernière prévision de chaque modèle"},
	"note.notshares":     {"Not shown, as they are not shares of the vote: %s.", "Non représentés, faute d’être des parts de voix\u00a0: %s."},
	"note.unscored":      {"Not shown, as they do not report every candidate shown: %s.", "Non représentés, faute de donner un chiffre pour chaque candidat représenté\u00a0: %s."},

	// Chart 1: final forecasts.
	"final.subtitle":          {"%s. Each series' last figure before the vote (polls: fieldwork ended before %s), in %% of the expressed vote. The vertical line is the official result; a series' miss is its mark furthest from it.", "%s. Dernier chiffre de chaque série avant le vote (sondages\u00a0: terrain achevé avant %s), en %% des suffrages exprimés. Le trait vertical est le résultat officiel\u00a0; l’erreur d’une série est l’écart de son point le plus éloigné du trait."},
	"finding.final.poll":      {"Polls missed by at most %s", "Les sondages se sont trompés d’au plus %s"},
	"finding.final.buzz":      {"Buzz series missed by %s to %s", "Les séries buzz se sont trompées de %s à %s"},
	"finding.final.model":     {"Models missed by %s to %s", "Les modèles se sont trompés de %s à %s"},
	"finding.final.one.buzz":  {"Buzz series missed by %s", "Les séries buzz se sont trompées de %s"},
	"finding.final.one.model": {"Models missed by %s", "Les modèles se sont trompés de %s"},
	"finding.errors.under":    {"Every poll under-stated %s, by %s on average", "Tous les sondages ont sous-estimé %s, de %s en moyenne"},
	"finding.errors.over":     {"Every poll over-stated %s, by %s on average", "Tous les sondages ont surestimé %s, de %s en moyenne"},
	"finding.errors.none":     {"No candidate was under- or over-stated by every poll", "Aucun candidat n’a été sous-estimé ou surestimé par tous les sondages"},
	"final.nobuzz":            {"No buzz figures were collected for this election.", "Aucun chiffre de buzz n’a été recueilli pour cette élection."},
	"final.result":            {"result: %s", "résultat\u00a0: %s"},
	"final.caption":           {"One panel per candidate, one row per pollster or buzz series: the closer a mark to the vertical line, the closer that forecast to the result.", "Un panneau par candidat, une ligne par institut ou série buzz\u00a0: plus un point est proche du trait vertical, plus la prévision était proche du résultat."},

	// Measures of the leaderboard, by their scoring.SortKeys names.
	"measure.name.b_w":           {"weighted bias B_w", "biais pondéré B_w"},
	"measure.name.b":             {"bias B", "biais B"},
	"measure.name.mae":           {"mean absolute error (points)", "erreur absolue moyenne (points)"},
	"measure.name.rmse":          {"root mean squared error (points)", "erreur quadratique moyenne (points)"},
	"measure.name.max_abs_error": {"largest error (points)", "plus grande erreur (points)"},
	"measure.name.margin_error":  {"error on the leaders' margin (points)", "erreur sur l’écart entre les deux premiers (points)"},
	"measure.name.kendall_tau":   {"Kendall's tau-b with the result's order", "tau-b de Kendall avec l’ordre du résultat"},
	"measure.name.winner_ok":     {"right winner (probability)", "bon vainqueur (probabilité)"},
	"measure.name.top2_ok":       {"right qualifiers (probability)", "bons qualifiés (probabilité)"},
	"measure.name.lead_days":     {"days before the vote", "jours avant le vote"},

	// Chart 4: leaderboard.
	"leaderboard.title":              {"Leaderboard by %s", "Classement par %s"},
	"finding.leaderboard":            {"%s came closest, %s off on average", "Au plus près\u00a0: %s, à %s en moyenne"},
	"finding.leaderboard.best.poll":  {"the best poll, %s, %s", "meilleur sondage\u00a0: %s, à %s"},
	"finding.leaderboard.best.buzz":  {"the best buzz series, %s, %s", "meilleure série buzz\u00a0: %s, à %s"},
	"finding.leaderboard.best.model": {"the best model, %s, %s", "meilleur modèle\u00a0: %s, à %s"},
	"leaderboard.subtitle.lower":     {"Each series' final forecast, scored on %s; in the order of the measure (smaller is better).", "Dernière prévision de chaque série, évaluée sur %s\u00a0; dans l’ordre de la mesure (plus petit = meilleur)."},
	"leaderboard.subtitle.higher":    {"Each series' final forecast, scored on %s; in the order of the measure (larger is better).", "Dernière prévision de chaque série, évaluée sur %s\u00a0; dans l’ordre de la mesure (plus grand = meilleur)."},
	"leaderboard.undefined.note":     {"Not ranked, as the %s is not defined for them (figures that are not vote shares, a share of 0, or no share left for the other candidates; the reasons are in the table of forecast score): %s.", "Non classées, faute d’une valeur de la mesure «\u00a0%s\u00a0» (chiffres qui ne sont pas des parts de voix, part nulle, ou aucune part laissée aux autres candidats\u00a0; les raisons sont dans le tableau de forecast score)\u00a0: %s."},
	"leaderboard.noci.bias":          {"No interval is drawn: the reference software of the %s (Arzheimer & Evans 2014) gives it no standard error.", "Aucun intervalle\u00a0: le logiciel de référence du %s (Arzheimer & Evans 2014) ne lui donne pas d’erreur type."},
	"leaderboard.noci.other":         {"No interval is drawn: none is defined for the %s.", "Aucun intervalle\u00a0: aucun n’est défini pour la mesure «\u00a0%s\u00a0»."},
	"leaderboard.caption":            {"The shorter the bar, the closer the forecast was to the result; polls and buzz predictors are put in one order, which is not a ranking of skill where their sampling intervals overlap.", "Plus la barre est courte, plus la prévision était proche du résultat\u00a0; sondages et prédicteurs buzz sont mis dans un même ordre, qui n’est pas un classement des compétences quand leurs intervalles d’échantillonnage se chevauchent."},

	// Chart 5: error against lead time.
	"leadtime.subtitle":          {"%s. Mean absolute error of every forecast on %s, in points, by days between publication (%s) and the vote.", "%s. Erreur absolue moyenne de chaque prévision sur %s, en points, selon le nombre de jours entre la publication (%s) et le vote."},
	"leadtime.subtitle.from":     {"%[1]s. Mean absolute error of every forecast published from %[3]s on %[2]s, in points, by days between publication (%[4]s) and the vote.", "%[1]s. Erreur absolue moyenne de chaque prévision publiée depuis le %[3]s sur %[2]s, en points, selon le nombre de jours entre la publication (%[4]s) et le vote."},
	"leadtime.when.end":          {"end of fieldwork for polls", "la fin du terrain pour les sondages"},
	"leadtime.when.mid":          {"for polls, the end of fieldwork, or its middle where the source gives only that", "pour les sondages, la fin du terrain, ou son milieu quand la source ne donne que lui"},
	"finding.leadtime.poll":      {"Polls erred %s on average in the last week, %s when more than three weeks out", "Les sondages se sont trompés de %s en moyenne la dernière semaine, de %s à plus de trois semaines du vote"},
	"finding.leadtime.poll.week": {"Polls erred %s on average in the last week", "Les sondages se sont trompés de %s en moyenne la dernière semaine"},
	"finding.leadtime.poll.all":  {"Polls erred %s on average", "Les sondages se sont trompés de %s en moyenne"},
	"finding.leadtime.buzz":      {"Buzz forecasts erred %s to %s", "Les prévisions buzz se sont trompées de %s à %s"},
	"finding.leadtime.model":     {"Models erred %s to %s", "Les modèles se sont trompés de %s à %s"},
	"finding.leadtime.one.buzz":  {"Buzz forecasts erred %s", "Les prévisions buzz se sont trompées de %s"},
	"finding.leadtime.one.model": {"Models erred %s", "Les modèles se sont trompés de %s"},
	"leadtime.x":                 {"days before the vote (log scale)", "jours avant le vote (échelle logarithmique)"},
	"leadtime.y":                 {"mean absolute error (points)", "erreur absolue moyenne (points)"},
	"leadtime.note":              {"Buzz snapshots of one series are joined by a line and named at their last release; undated figures are not shown.", "Les relevés d’une même série buzz sont reliés et nommés à leur dernière publication\u00a0; les chiffres non datés ne sont pas représentés."},
	"leadtime.caption":           {"Each mark is one forecast: the lower, the more accurate. Polls are expected to improve as the vote comes closer.", "Chaque point est une prévision\u00a0: plus il est bas, plus elle était juste. Les sondages devraient s’améliorer à l’approche du vote."},

	// Chart 8: run-off.
	"runoff.none":                {"there is no run-off to chart: this election is decided in a single round", "pas de second tour à tracer\u00a0: cette élection se joue en un seul tour"},
	"legend.ban":                 {"publication ban", "interdiction de publication"},
	"legend.electionday":         {"election day", "jour du vote"},
	"before.ban":                 {"the publication ban", "l’interdiction de publication"},
	"before.electionday":         {"election day", "le jour du vote"},
	"finding.runoff":             {"Polls gave %s %s to %s; the result was %s", "Les sondages donnaient à %s de %s à %s\u00a0; résultat\u00a0: %s"},
	"runoff.y":                   {"%s (%% of the vote)", "%s (%% des voix)"},
	"runoff.subtitle":            {"%s, %s. %[5]s's share in every poll whose fieldwork began on or after the day of %[3]s (%[4]s), dated by the middle of fieldwork, in %% of the expressed vote; the square is the official result. The other candidate's share is 100 minus it.", "%s, %s. Part de %[5]s dans chaque sondage dont le terrain a commencé le jour du %[3]s (%[4]s) ou après, daté au milieu du terrain, en %% des suffrages exprimés\u00a0; le carré est le résultat officiel. La part de l’autre candidat en est le complément à 100."},
	"runoff.caption":             {"Every mark is one poll; the dashed lines carry the official result back across the campaign.", "Chaque point est un sondage\u00a0; les pointillés reportent le résultat officiel sur toute la campagne."},
	"source.more1":               {" and 1 other site", " et 1 autre site"},
	"errors.subtitle":            {"%s. Forecast minus result, in points, for each candidate: right of the line, the forecast over-stated the candidate. Series in order of accuracy (as in the leaderboard); bars are the 95%% intervals of polls from their sample size.", "%s. Prévision moins résultat, en points, pour chaque candidat\u00a0: à droite du trait, la prévision surestimait le candidat. Séries dans l’ordre de précision (celui du classement)\u00a0; les barres sont les intervalles à 95\u00a0%% des sondages, selon leur échantillon."},
	"errors.x":                   {"error (points)", "erreur (points)"},
	"errors.caption":             {"A mark on the line is an exact forecast; a poll whose interval misses the line erred by more than sampling alone explains.", "Un point sur le trait est une prévision exacte\u00a0; un sondage dont l’intervalle ne touche pas le trait s’est trompé plus que le seul hasard de l’échantillon ne l’explique."},
	"legend.errors.poll":         {"poll, with its 95% interval", "sondage, avec son intervalle à 95\u00a0%"},
	"legend.errors.buzz":         {"buzz (no sample: no interval)", "buzz (pas d’échantillon\u00a0: pas d’intervalle)"},
	"legend.errors.model":        {"model", "modèle"},
	"report.title":               {"How good were the forecasts? %s", "Les prévisions ont-elles vu juste ? %s"},
	"report.subtitle":            {"Every pollster's and buzz predictor's final forecast scored against the official result, on %s.", "La dernière prévision de chaque institut et de chaque prédicteur « buzz », évaluée par rapport au résultat officiel, sur %s."},
	"report.subtitle.polls":      {"Every pollster's final forecast scored against the official result, on %s (no buzz figures were collected for this election).", "La dernière prévision de chaque institut, évaluée par rapport au résultat officiel, sur %s (aucun chiffre de buzz n’a été recueilli pour cette élection)."},
	"report.result":              {"The official result", "Le résultat officiel"},
	"report.resultsource":        {"Shares of the expressed vote, computed from the proclaimed counts:", "Parts des suffrages exprimés, calculées à partir des voix proclamées :"},
	"report.resultsource.shares": {"Shares of the vote as published (the source gives no counts):", "Parts des voix telles que publiées (la source ne donne pas de nombres de voix) :"},
	"report.summary":             {"In short", "En bref"},
	"report.leaderboard":         {"Leaderboard", "Classement"},
	"report.charts":              {"Charts", "Graphiques"},
	"report.method":              {"Methodology and conventions", "Méthode et conventions"},
	"report.provenance":          {"Provenance", "Provenance"},
	"report.tables":              {"The numbers behind the charts, in full precision:", "Les chiffres des graphiques, en pleine précision :"},
	"report.snapshots":           {"The same list, with the identifiers of the data, to open in a spreadsheet:", "La même liste, avec les identifiants des données, à ouvrir dans un tableur\u00a0:"},
	"report.snapshots.open":      {"The %s forecasts the charts draw on, each with the page that published it", "Les %s prévisions utilisées par les graphiques, chacune avec la page qui l’a publiée"},
	"report.contents":            {"Contents", "Sommaire"},
	"report.footer":              {"Made with forecast, an open-source toolkit. The same data give the same report, byte for byte.", "Réalisé avec forecast, une boîte à outils libre. Les mêmes données donnent le même rapport, octet pour octet."},
	"report.unavailable":         {"Not drawn:", "Non tracé :"},
	"report.chart.final":         {"Final forecasts and the result", "Dernières prévisions et résultat"},
	"report.chart.errors":        {"Errors of the final forecasts", "Erreurs des dernières prévisions"},
	"report.chart.campaign":      {"The campaign", "La campagne"},
	"report.chart.leaderboard":   {"Leaderboard", "Classement"},
	"report.chart.lead-time":     {"Error against days before the vote", "Erreur selon le nombre de jours avant le vote"},
	"report.chart.house-effects": {"House effects", "Effets maison"},
	"report.chart.n-eff":         {"Effective sample size", "Taille d’échantillon effective"},
	"report.chart.runoff":        {"The run-off", "Le second tour"},
	"col.candidate":              {"candidate", "candidat"},
	"col.party":                  {"party", "parti"},
	"col.share":                  {"share", "part"},
	"col.series":                 {"series", "série"},
	"col.family":                 {"family", "famille"},
	"col.measure":                {"measure", "mesure"},
	"col.published":              {"published", "publié"},
	"col.lead":                   {"days before", "jours avant"},
	"col.mae":                    {"MAE (pt)", "EAM (pt)"},
	"col.max":                    {"max (pt)", "max (pt)"},
	"col.margin":                 {"margin (pt)", "écart (pt)"},
	"col.winner":                 {"winner", "vainqueur"},
	"col.basis":                  {"n basis", "base de n"},
	"col.expected":               {"E[MAE] (pt)", "E[EAM] (pt)"},
	"col.plusminus":              {"+/− (pt)", "+/− (pt)"},
	"col.pbest":                  {"P(first)", "P(premier)"},
	"col.rankci":                 {"rank 95%", "rang 95\u00a0%"},
	"basis.expressed":            {"expressed", "exprimés"},
	"basis.interviewed":          {"interviewed", "interrogés"},
	"col.snapshot":               {"snapshot", "relevé"},
	"col.round":                  {"round", "tour"},
	"col.date":                   {"date", "date"},
	"col.source":                 {"source", "source"},
	"family1.poll":               {"poll", "sondage"},
	"family1.buzz":               {"buzz", "buzz"},
	"family1.model":              {"model", "modèle"},
	"measure1.vote_share":        {"vote share", "intentions de vote"},
	"measure1.weight_share":      {"digital weight", "poids numérique"},
	"measure1.approval":          {"approval", "opinions favorables"},
	"measure1.agreement":         {"agreement", "adhésion"},
	"measure1.volume":            {"volume", "volume"},
	"measure1.voice_share":       {"share of voice", "part de voix"},
	"measure1.mention_share":     {"share of mentions", "part de mentions"},
	"measure1.rank":              {"rank", "rang"},
	"unknown":                    {"unknown", "inconnue"},
	"summary.best":               {"The final forecast closest to the result was %s's (%s): off by %s per candidate on average.", "La prévision finale la plus proche du résultat était celle %s (%s)\u00a0: %s d’erreur par candidat en moyenne."},
	"summary.range.poll":         {"The final polls were off by %s to %s per candidate on average.", "Les derniers sondages se trompaient de %s à %s par candidat en moyenne."},
	"summary.range.buzz":         {"The final buzz figures were off by %s to %s per candidate on average.", "Les derniers chiffres buzz se trompaient de %s à %s par candidat en moyenne."},
	"summary.range.model":        {"The final model forecasts were off by %s to %s per candidate on average.", "Les dernières prévisions des modèles se trompaient de %s à %s par candidat en moyenne."},
	"summary.range1.poll":        {"The final poll was off by %s per candidate on average.", "Le dernier sondage se trompait de %s par candidat en moyenne."},
	"summary.range1.buzz":        {"The final buzz figure was off by %s per candidate on average.", "Le dernier chiffre buzz se trompait de %s par candidat en moyenne."},
	"summary.range1.model":       {"The final model forecast was off by %s per candidate on average.", "La dernière prévision de modèle se trompait de %s par candidat en moyenne."},
	"summary.unscored":           {"Not scored on the mean absolute error, as their figures are not vote shares of every candidate scored: %s.", "Non évalués sur l’erreur absolue moyenne, faute de parts de voix pour chaque candidat évalué\u00a0: %s."},
	"summary.indistinct":         {"That order is not a ranking of skill: redrawn %s times with their own sampling error, none of the %d forecasts with a sample size comes first with 95%% probability (the most often first, %s, in %s of the draws), and %d of them erred no more than a simple random sample of their size would (p_srs ≥ 0.05).", "Cet ordre n’est pas un classement des compétences\u00a0: retirées %s fois avec leur propre erreur d’échantillonnage, aucune des %d prévisions dont l’échantillon est connu n’arrive première avec une probabilité de 95\u00a0%% (la plus souvent première, %s, dans %s des tirages), et %d d’entre elles ne se sont pas trompées plus qu’un échantillon aléatoire simple de leur taille (p_srs ≥ 0,05)."},
	"summary.distinct":           {"%s comes first in %s of %s redraws of the %d forecasts with a sample size, each with its own sampling error: the best of them beyond sampling error; %d of them erred no more than a simple random sample of their size would (p_srs ≥ 0.05).", "%s arrive première dans %s des %s tirages des %d prévisions dont l’échantillon est connu, chacune avec sa propre erreur d’échantillonnage\u00a0: la meilleure au-delà de l’erreur d’échantillonnage\u00a0; %d d’entre elles ne se sont pas trompées plus qu’un échantillon aléatoire simple de leur taille (p_srs ≥ 0,05)."},
	"summary.nointerval":         {"The %d forecasts without a sample size (buzz) have no interval: their place in the order is not tested.", "Les %d prévisions sans taille d’échantillon (buzz) n’ont pas d’intervalle\u00a0: leur place dans l’ordre n’est pas testée."},
	"summary.winner.poll.1":      {"Polls: %d of %d final polls had the winner ahead.", "Sondages\u00a0: %d dernier sondage sur %d plaçait le vainqueur en tête."},
	"summary.winner.poll":        {"Polls: %d of %d final polls had the winner ahead.", "Sondages : %d derniers sondages sur %d plaçaient le vainqueur en tête."},
	"summary.winner.buzz.1":      {"Buzz: %d of %d final buzz figures had the winner ahead.", "Buzz\u00a0: %d dernier chiffre buzz sur %d plaçait le vainqueur en tête."},
	"summary.winner.buzz":        {"Buzz: %d of %d final buzz figures had the winner ahead.", "Buzz : %d derniers chiffres buzz sur %d plaçaient le vainqueur en tête."},
	"summary.winner.model.1":     {"Models: %d of %d final forecasts had the winner ahead.", "Modèles\u00a0: %d dernière prévision sur %d plaçait le vainqueur en tête."},
	"summary.winner.model":       {"Models: %d of %d final forecasts had the winner ahead.", "Modèles : %d dernières prévisions sur %d plaçaient le vainqueur en tête."},
	"summary.top2.1":             {"%d of %d had the two qualifiers for the next round in the first two places.", "%d sur %d avait les deux qualifiés pour le tour suivant aux deux premières places."},
	"summary.top2":               {"%d of %d had the two qualifiers for the next round in the first two places.", "%d sur %d avaient les deux qualifiés pour le tour suivant aux deux premières places."},
	"summary.rank.poll":          {"The best of them was %s by mean absolute error.", "Le meilleur d’entre eux était %s du classement par erreur absolue moyenne."},
	"summary.rank.buzz":          {"The best of them was %s by mean absolute error.", "Le meilleur d’entre eux était %s du classement par erreur absolue moyenne."},
	"summary.rank.model":         {"The best of them was %s by mean absolute error.", "La meilleure d’entre elles était %s du classement par erreur absolue moyenne."},
	"board.note":                 {"MAE: mean absolute error over the candidates scored; margin: error on the lead of the winner over the runner-up; winner: 1 if the forecast had the winner ahead; τ-b: agreement with the result's order (1 = same order); B_w: weighted bias of Arzheimer & Evans (2014), 0 for a perfect forecast; χ² and p: test of no bias, only where a sample size is known. – marks a measure that is not defined for that forecast. n basis: whether n counts those who stated a choice or everyone interviewed. E[MAE]: the MAE a simple random sample of n would make on average; +/−: MAE minus E[MAE]; p_srs: share of simulated random samples that erred at least as much; P(first) and rank 95%: how often, and in which ranks, the series comes out when each forecast is redrawn with its own sampling error (forecasts with a sample size only).", "EAM : erreur absolue moyenne sur les candidats évalués ; écart : erreur sur l’avance du vainqueur sur le deuxième ; vainqueur : 1 si la prévision plaçait le vainqueur en tête ; τ-b : accord avec l’ordre du résultat (1 = même ordre) ; B_w : biais pondéré d’Arzheimer et Evans (2014), 0 pour une prévision parfaite ; χ² et p : test d’absence de biais, seulement quand la taille d’échantillon est connue. – signale une mesure non définie pour cette prévision. base de n\u00a0: n compte les personnes exprimant un choix ou toutes les personnes interrogées. E[EAM]\u00a0: l’EAM moyenne d’un échantillon aléatoire simple de taille n\u00a0; +/−\u00a0: EAM moins E[EAM]\u00a0; p_srs\u00a0: part des échantillons aléatoires simulés qui se sont trompés au moins autant\u00a0; P(premier) et rang 95\u00a0%\u00a0: combien de fois, et à quels rangs, la série arrive quand chaque prévision est retirée avec sa propre erreur d’échantillonnage (prévisions dont l’échantillon est connu seulement)."},
	"method.set":                 {"Candidates compared: %s (candidate set %s). %s Every source is scored on this set; an Others category (100 minus their sum) completes it for the bias measures.", "Candidats comparés : %s (ensemble %s). %s Chaque source est évaluée sur cet ensemble ; une catégorie « Autres » (100 moins leur somme) le complète pour les mesures de biais."},
	"method.final.noban":         {"Final forecast: each pollster's last poll whose fieldwork ended before election day (%s; there was no publication ban), each buzz series' last figure published before election day. Figures published on election day are shown but never scored.", "Prévision finale : le dernier sondage de chaque institut dont le terrain s’est achevé avant le jour du vote (le %s ; il n’y avait pas d’interdiction de publication), le dernier chiffre de chaque série buzz publié avant le jour du vote. Les chiffres publiés le jour du vote sont montrés mais jamais évalués."},
	"method.final":               {"Final forecast: each pollster's last poll whose fieldwork ended before the publication ban (from %s), each buzz series' last figure published before election day. Figures published on election day are shown but never scored.", "Prévision finale : le dernier sondage de chaque institut dont le terrain s’est achevé avant l’interdiction de publication (à partir du %s), le dernier chiffre de chaque série buzz publié avant le jour du vote. Les chiffres publiés le jour du vote sont montrés mais jamais évalués."},
	"method.errors":              {"Errors are forecast minus result, in percentage points of the expressed vote: mean absolute error and largest error (Mosteller 1949), and the error on the margin between the two leaders.", "Les erreurs sont la prévision moins le résultat, en points de pourcentage des suffrages exprimés : erreur absolue moyenne et plus grande erreur (Mosteller 1949), et erreur sur l’écart entre les deux premiers."},
	"method.bias":                {"A′, B and B_w (Arzheimer & Evans 2014, Political Analysis 22(1)): the log odds ratio of each candidate's forecast share against the result, its mean and its mean weighted by the true shares. The 95% intervals of polls are those of A′, drawn in points.", "A′, B et B_w (Arzheimer et Evans 2014, Political Analysis 22(1)) : le logarithme du rapport des cotes de chaque candidat entre la prévision et le résultat, sa moyenne et sa moyenne pondérée par les parts réelles. Les intervalles à 95 % des sondages sont ceux de A′, tracés en points."},
	"method.n":                   {"n is the base of respondents who stated a choice, or the number interviewed where only that is known. Buzz figures have no sample: no interval and no test, and no sample size is ever invented.", "n est la base des personnes exprimant un choix, ou le nombre de personnes interrogées quand seul celui-ci est connu. Les chiffres buzz n’ont pas d’échantillon : ni intervalle ni test, et aucune taille d’échantillon n’est jamais inventée."},
	"method.volumes":             {"Volumes (counts of posts) are turned into shares of the candidates scored and compared with the result renormalised over them (Tumasjan et al. 2010). Approval ratings and ranks are not vote shares: they are judged on the order only (winner, qualifiers, Kendall's τ-b).", "Les volumes (nombres de messages) sont convertis en parts des candidats évalués et comparés au résultat renormalisé sur eux (Tumasjan et al. 2010). Les opinions favorables et les rangs ne sont pas des parts de voix : ils ne sont jugés que sur l’ordre (vainqueur, qualifiés, τ-b de Kendall)."},
	"method.order":               {"Winner: 1 if the forecast's leader won (1/m for an m-way tie); qualifiers: the probability that its first two were the two candidates who went through, ties broken at random.", "Vainqueur : 1 si le candidat en tête de la prévision l’a emporté (1/m pour m ex æquo) ; qualifiés : probabilité que ses deux premiers soient les deux candidats qualifiés, les ex æquo départagés au hasard."},
	"method.order.winner":        {"Winner: 1 if the forecast's leader won (1/m for an m-way tie).", "Vainqueur : 1 si le candidat en tête de la prévision l’a emporté (1/m pour m ex æquo)."},
	"method.numbers":             {"Numbers are rounded for reading; the CSV files carry them in full precision. Formulas and their sources are in the documentation of forecast's scoring package.", "Les nombres sont arrondis pour la lecture ; les fichiers CSV les donnent en pleine précision. Les formules et leurs sources sont dans la documentation du paquet scoring de forecast."},
	"finding.campaign.under":     {"The final poll average under-stated %s by %s, its largest gap from the results", "La moyenne finale des sondages a sous-estimé %s de %s, son plus grand écart aux résultats"},
	"finding.campaign.over":      {"The final poll average over-stated %s by %s, its largest gap from the results", "La moyenne finale des sondages a surestimé %s de %s, son plus grand écart aux résultats"},
	"finding.campaign.none":      {"Too few polls for a poll average", "Trop peu de sondages pour une moyenne"},
	"campaign.caption":           {"Each line is one candidate's poll average: where the squares sit off the lines and bands, the polls as a whole missed; where a buzz series strays from them, it saw something the polls did not, or nothing at all.", "Chaque ligne est la moyenne des sondages d’un candidat\u00a0: là où les carrés s’écartent des lignes et des bandes, l’ensemble des sondages s’est trompé\u00a0; là où une série buzz s’en éloigne, elle a vu ce que les sondages ne voyaient pas, ou rien du tout."},
	"finding.house.more":         {"%s leaned furthest: %s more for %s", "%s s’écartait le plus\u00a0: %s de plus pour %s"},
	"finding.house.less":         {"%s leaned furthest: %s less for %s", "%s s’écartait le plus\u00a0: %s de moins pour %s"},
	"house.subtitle":             {"How far each pollster's polls stood, on average, from the average of all polls on their days, in points, relative to the other pollsters (the effects of a candidate sum to zero); bars are 95%% intervals. Pollsters in the order of their effect on %s, on whom they differed most.", "Écart moyen des sondages de chaque institut à la moyenne de tous les sondages à leur date, en points, relativement aux autres instituts (les effets d’un candidat se compensent)\u00a0; les barres sont des intervalles à 95\u00a0%%. Instituts dans l’ordre de leur effet sur %s, sur qui ils divergeaient le plus."},
	"house.x":                    {"leans toward %s\u00a0→", "penche vers %s\u00a0→"},
	"legend.house":               {"house effect, with its 95% interval", "effet maison, avec son intervalle à 95\u00a0%"},
	"house.fewpolls":             {"no house effect could be measured: they are measured from the poll average, which needs at least %[2]d polls, and there are %[1]d", "aucun effet maison n’a pu être mesuré\u00a0: ils se mesurent par rapport à la moyenne des sondages, qui en demande au moins %[2]d, et il n’y en a que %[1]d"},
	"house.caption":              {"Right of the line, a pollster gave the candidate more than the other pollsters did at the same time.", "À droite du trait, un institut donnait au candidat plus que les autres instituts au même moment."},
	"finding.neff.poll":          {"Polls were worth %s to %s people", "Les sondages valaient de %s à %s personnes"},
	"finding.neff.buzz":          {"Buzz predictors were worth %s to %s people", "Les prédicteurs buzz valaient de %s à %s personnes"},
	"finding.neff.model":         {"Models were worth %s to %s people", "Les modèles valaient de %s à %s personnes"},
	"finding.neff.one.poll":      {"Polls were worth %s people", "Les sondages valaient %s personnes"},
	"finding.neff.one.buzz":      {"Buzz predictors were worth %s people", "Les prédicteurs buzz valaient %s personnes"},
	"finding.neff.one.model":     {"Models were worth %s people", "Les modèles valaient %s personnes"},
	"neff.subtitle":              {"%s. The size of a random sample that would have erred as little as each forecast on %s (n_eff, Meng 2018; docs/METHODS.md §8), against the number of people actually polled, on a log scale.", "%s. Taille de l’échantillon aléatoire qui se serait trompé aussi peu que chaque prévision sur %s (n_eff, Meng 2018\u00a0; docs/METHODS.md §8), comparée au nombre de personnes réellement interrogées, en échelle logarithmique."},
	"neff.x":                     {"people (log scale)", "personnes (échelle logarithmique)"},
	"neff.average":               {"poll average", "moyenne des sondages"},
	"neff.caption":               {"A forecast is worth the random sample of its n_eff people: a poll right of its nominal size did better than chance alone; a buzz predictor of millions of posts can be worth a few dozen people.", "Une prévision vaut un échantillon aléatoire de n_eff personnes\u00a0: un sondage à droite de sa taille réelle a fait mieux que le hasard\u00a0; un prédicteur buzz de millions de messages peut ne valoir que quelques dizaines de personnes."},
	"legend.neff.poll":           {"n_eff of a poll", "n_eff d’un sondage"},
	"legend.neff.buzz":           {"n_eff of a buzz series", "n_eff d’une série buzz"},
	"legend.neff.model":          {"n_eff of the poll average", "n_eff de la moyenne des sondages"},
	"legend.neff.range":          {"95% range of n_eff for a random sample of the size polled", "plage à 95\u00a0% du n_eff d’un échantillon aléatoire de la taille interrogée"},
	"legend.neff.interval":       {"95% interval of the random-sample size (no size known)", "intervalle à 95\u00a0% de la taille d’échantillon aléatoire (taille inconnue)"},
	"legend.nominal":             {"people polled (expressed base)", "personnes interrogées (base des exprimés)"},
	"legend.nominal.interviewed": {"people polled (number interviewed)", "personnes interrogées (nombre d’interrogés)"},
	"legend.nominal.mixed":       {"people polled (expressed base, else the number interviewed)", "personnes interrogées (base des exprimés, sinon nombre d’interrogés)"},
	"report.diagnostics":         {"What the diagnostics say", "Ce que disent les diagnostics"},
	"diag.accuracy.share":        {"The official result fell within the margin of error of the final polls for %d of their %d candidate figures (%s, against 95%% for random samples); their errors were %s times what sampling alone explains (Shirani-Mehr et al. 2018 found about 1.25 for US presidential polls).", "Le résultat officiel se trouvait dans la marge d’erreur des derniers sondages pour %d de leurs %d chiffres de candidats (%s, contre 95\u00a0%% pour des échantillons aléatoires)\u00a0; leurs erreurs valaient %s fois ce que le seul hasard de l’échantillon explique (Shirani-Mehr et al. 2018 trouvaient environ 1,25 pour les sondages présidentiels américains)."},
	"diag.accuracy.lead":         {"On the lead of the winner over the runner-up, %d of %d final polls were within their margin of error (%s); their errors were %s times what sampling alone explains.", "Sur l’avance du vainqueur sur le deuxième, %d derniers sondages sur %d étaient dans leur marge d’erreur (%s)\u00a0; leurs erreurs valaient %s fois ce que le seul hasard de l’échantillon explique."},
	"diag.accuracy.lead.1":       {"On the lead of the winner over the runner-up, %d of %d final polls were within their margin of error (%s); their errors were %s times what sampling alone explains.", "Sur l’avance du vainqueur sur le deuxième, %d dernier sondage sur %d était dans sa marge d’erreur (%s)\u00a0; leurs erreurs valaient %s fois ce que le seul hasard de l’échantillon explique."},
	"diag.herding":               {"The final polls agreed with each other more than independent random samples would on %s (lower-tail probability of the dispersion test below 0.05, given in brackets): a sign of herding or of shared methods.", "Les derniers sondages s’accordaient entre eux plus que des échantillons aléatoires indépendants ne le feraient sur %s (probabilité inférieure du test de dispersion sous 0,05, entre parenthèses)\u00a0: signe de suivisme ou de méthodes communes."},
	"diag.noherding":             {"The spread of the final polls is what independent random samples would give, for %s: no sign of herding at the 5%% level.", "La dispersion des derniers sondages est celle d’échantillons aléatoires indépendants, pour %s\u00a0: pas de signe de suivisme au seuil de 5\u00a0%%."},
	"diag.herding.joint":         {"Tested jointly over %s and the others (Pearson's test of homogeneity of the %d final polls, %d degrees of freedom), the polls agreed more than independent random samples would: X² = %s, lower-tail probability %s. One candidate at a time, after Holm's adjustment for %d tests, the smallest lower-tail probability is %s.", "Testés conjointement sur %s et les autres (test d’homogénéité de Pearson des %d derniers sondages, %d degrés de liberté), les sondages s’accordaient plus que des échantillons aléatoires indépendants ne le feraient\u00a0: X² = %s, probabilité inférieure %s. Candidat par candidat, après l’ajustement de Holm pour %d tests, la plus petite probabilité inférieure est %s."},
	"diag.noherding.joint":       {"Tested jointly over %s and the others (Pearson's test of homogeneity of the %d final polls, %d degrees of freedom), their spread is what independent random samples would give: X² = %s, lower-tail probability %s. One candidate at a time, after Holm's adjustment for %d tests, the smallest lower-tail probability is %s.", "Testés conjointement sur %s et les autres (test d’homogénéité de Pearson des %d derniers sondages, %d degrés de liberté), leur dispersion est celle d’échantillons aléatoires indépendants\u00a0: X² = %s, probabilité inférieure %s. Candidat par candidat, après l’ajustement de Holm pour %d tests, la plus petite probabilité inférieure est %s."},
	"diag.dispersed":             {"The final polls disagreed more than independent random samples would on %s (upper-tail probability of the dispersion test below 0.05, given in brackets): no sign of herding, but differences between pollsters beyond sampling error (house effects, methods).", "Les derniers sondages divergeaient plus que des échantillons aléatoires indépendants ne le feraient sur %s (probabilité supérieure du test de dispersion sous 0,05, entre parenthèses)\u00a0: pas de signe de suivisme, mais des écarts entre instituts au-delà du hasard de l’échantillon (effets maison, méthodes)."},
	"diag.dispersed.joint":       {"Tested jointly over %s and the others (Pearson's test of homogeneity of the %d final polls, %d degrees of freedom), the polls disagreed more than independent random samples would: X² = %s, upper-tail probability %s. One candidate at a time, after Holm's adjustment for %d tests, the smallest lower-tail probability is %s.", "Testés conjointement sur %s et les autres (test d’homogénéité de Pearson des %d derniers sondages, %d degrés de liberté), les sondages divergeaient plus que des échantillons aléatoires indépendants ne le feraient\u00a0: X² = %s, probabilité supérieure %s. Candidat par candidat, après l’ajustement de Holm pour %d tests, la plus petite probabilité inférieure est %s."},
	"diag.neff.average":          {"The poll average, as it stood when the last poll ended, was worth a random sample of %s people (effective sample size, Meng 2018; 95%% interval %s to %s).", "La moyenne des sondages, telle qu’elle était à la fin du dernier sondage, valait un échantillon aléatoire de %s personnes (taille d’échantillon effective, Meng 2018\u00a0; intervalle à 95\u00a0%% de %s à %s)."},
	"diag.neff.buzz":             {"The best buzz series, %s, was worth a random sample of %s people (95%% interval %s to %s).", "La meilleure série buzz, %s, valait un échantillon aléatoire de %s personnes (intervalle à 95\u00a0%% de %s à %s)."},

	// The campaign chart: its subtitle is campaign.subtitle filled with
	// campaign.subtitle.polls (or .hypotheses, when it draws hypotheses) and
	// campaign.subtitle.buzz when it draws buzz figures, else ""; its
	// caption is campaign.caption, or campaign.caption.polls without buzz.
	"campaign.subtitle":            {"%s. %s, the poll average with its 95%% band%s and the official result (squares), in %% of the expressed vote.", "%s. %s, la moyenne des sondages et sa bande à 95\u00a0%%%s et le résultat officiel (carrés), en\u00a0%% des suffrages exprimés."},
	"campaign.subtitle.noaverage":  {"%s. %s%s and the official result (squares), in %% of the expressed vote.", "%s. %s%s et le résultat officiel (carrés), en\u00a0%% des suffrages exprimés."},
	"campaign.caption.noaverage":   {"Each dot is one poll, in its candidate's colour; each square, the result: where the dots sit off the squares, the polls missed.", "Chaque point est un sondage, de la couleur de son candidat\u00a0; chaque carré, le résultat\u00a0: là où les points s’écartent des carrés, les sondages se sont trompés."},
	"campaign.subtitle.polls":      {"Every poll from %s (dots, at the middle of fieldwork)", "Chaque sondage depuis le %s (points, au milieu du terrain)"},
	"campaign.subtitle.hypotheses": {"Every poll from %s (at the middle of fieldwork: dots, or rings for hypotheses with other candidates)", "Chaque sondage depuis le %s (au milieu du terrain\u00a0: points, ou cercles pour les hypothèses avec d’autres candidats)"},
	"campaign.subtitle.buzz":       {", the dated figures of the buzz predictors (one marker per series)", ", les chiffres datés des prédicteurs buzz (un symbole par série)"},
	"campaign.note.hypotheses":     {"Rings: polls of hypotheses that did not happen (with someone who did not run, or without someone who did), which show where the candidates stood before the ballot was known. They are neither scored nor part of the poll average.", "Cercles\u00a0: sondages d’hypothèses qui ne se sont pas réalisées (avec une personne qui ne s’est pas présentée, ou sans un candidat), qui montrent où en étaient les candidats avant que la liste soit connue. Ils ne sont ni évalués ni pris dans la moyenne des sondages."},
	"campaign.caption.polls":       {"Each line is one candidate's poll average: where the squares sit off the lines and bands, the polls as a whole missed.", "Chaque ligne est la moyenne des sondages d’un candidat\u00a0: là où les carrés s’écartent des lignes et des bandes, l’ensemble des sondages s’est trompé."},
}
