package report

import (
	"strings"

	"forecast/reports/charts"
	"forecast/reports/locale"
	"forecast/scoring/races"
)

// racesSection is the report's section on the races of an election that
// declares several (Options.Races): what they show in a few sentences, the
// races chart, and its table in a scroll box.
type racesSection struct {
	Findings []string
	Chart    chartSection
	Head     []string
	Left     []bool // the columns of text, aligned left
	Rows     [][]string
	Table    string // the chart's table, every number in full
	Note     string // what the table's numbers are
}

// racesPart draws the section on the races of a, with the chart's files;
// nil when a sets fewer than two races side by side.
func racesPart(a *races.Analysis, o Options) (*racesSection, drawn, error) {
	if a == nil || len(a.Races) < 2 {
		return nil, drawn{}, nil
	}
	l := o.Lang
	ch, err := charts.RacesChart(a, l)
	if err != nil {
		return nil, drawn{}, err
	}
	c := drawChart(ch, o)
	if c.err != nil {
		return nil, drawn{}, c.err
	}
	s := &racesSection{Chart: c.sec, Table: c.table, Findings: racesFindings(a, l),
		Note: l.T("report.races.table", candidateOr(a, a.A, l.T("races.a")), candidateOr(a, a.B, l.T("races.b"))),
		Head: []string{l.T("col.race"), l.T("col.polls"), l.T("col.resultmargin"), l.T("col.averagemargin"), l.T("col.bias"), l.T("col.interval"), l.T("col.wrongpolls"), l.T("col.averagewrong")}}
	s.Left = make([]bool, len(s.Head))
	s.Left[0], s.Left[len(s.Head)-1] = true, true
	for _, r := range a.Races {
		ci := "–"
		if r.Pollsters >= 2 {
			ci = l.T("races.range", l.Signed(r.BiasLo, 1), l.Signed(r.BiasHi, 1))
		}
		wrong := ""
		if r.AverageWrong {
			wrong = l.T("yes")
		}
		s.Rows = append(s.Rows, []string{r.NameIn(l == locale.FR), l.Number(float64(r.Polls), 0), l.Signed(r.ResultMargin, 1), l.Signed(r.AverageMargin, 1),
			l.Signed(r.Bias, 1), ci, l.Number(r.WrongPolls, 1), wrong})
	}
	return s, c, nil
}

// racesFindings says in a sentence per group (the national race, the
// others) how far the polls favoured the first headline candidate, with
// the interval, and which races' poll averages named the wrong winner, by
// name. It counts; it computes nothing new (races.Summary).
func racesFindings(a *races.Analysis, l locale.Lang) []string {
	name := map[string]string{}
	for _, r := range a.Races {
		name[r.ID] = r.NameIn(l == locale.FR)
	}
	toward := candidateOr(a, a.A, l.T("races.a"))
	var out []string
	for _, s := range a.Summary {
		if s.Group == races.All {
			continue
		}
		var wrong []string
		for _, id := range s.WrongRaces {
			wrong = append(wrong, name[id])
		}
		args := []any{l.Number(float64(s.Polls), 0), toward, l.Points(s.Bias, 1), l.Number(s.BiasLo, 1), l.Number(s.BiasHi, 1), l.Points(s.MeanError, 1)}
		if s.Group == races.Subnational {
			args = append([]any{s.Races}, args...)
		}
		sentence := l.T("report.races."+s.Group, args...)
		if len(wrong) == 0 {
			sentence += " " + l.T("report.races.right")
		} else {
			sentence += " " + l.T("report.races.wrong", len(wrong), strings.Join(wrong, ", "))
		}
		out = append(out, sentence)
	}
	return out
}

// candidateOr is the name of candidate id, or generic when the races do not
// share their headline candidates (id is then "").
func candidateOr(a *races.Analysis, id, generic string) string {
	if c, ok := a.Election.Candidate(id); ok {
		return c.Name
	}
	return generic
}
