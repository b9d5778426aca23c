package charts

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"forecast/reports/locale"
	"forecast/scoring"
	"forecast/scoring/quota"
	"forecast/sources"
)

// The titles of the final and errors charts state what the chart shows,
// computed from the rows it draws, rather than describe it; the round and
// its day go to the subtitle.

// worstMiss is a row's largest error on a candidate of the set, in points:
// how far its furthest mark stands from the result in the final chart.
func worstMiss(r *scoring.Row) float64 {
	worst := math.NaN()
	for _, det := range r.Detail {
		if e := math.Abs(det.Error); !(e <= worst) {
			worst = e
		}
	}
	return worst
}

// finalFinding is the final chart's title: for the polls, the largest miss
// of any poll ("Polls missed by at most 2.9 points"); for each other family,
// the range of its series' largest misses ("buzz series by 1.5 to 16.4
// points").
func finalFinding(l locale.Lang, rows []*scoring.Row) string {
	var clauses []string
	for _, f := range sources.Families {
		lo, hi, n := math.Inf(1), math.Inf(-1), 0
		for _, r := range rows {
			if r.Family == f {
				w := worstMiss(r)
				lo, hi, n = math.Min(lo, w), math.Max(hi, w), n+1
			}
		}
		switch {
		case n == 0:
			continue
		case f == sources.Poll:
			clauses = append(clauses, l.T("finding.final.poll", l.Points(hi, 1)))
		case n == 1 || l.Number(lo, 1) == l.Number(hi, 1):
			clauses = append(clauses, l.T("finding.final.one."+string(f), l.Points(hi, 1)))
		default:
			clauses = append(clauses, l.T("finding.final."+string(f), l.Number(lo, 1), l.Points(hi, 1)))
		}
	}
	for i := 1; i < len(clauses); i++ {
		clauses[i] = lowerFirst(clauses[i])
	}
	return strings.Join(clauses, l.T("source.sep"))
}

// errorsFinding is the errors chart's title: the candidate every poll erred
// on in one direction, by the largest mean error ("Every poll under-stated
// Jean-Luc Mélenchon, by 1.7 points on average"), or that no candidate was.
// Only polls count: a buzz series is one opinion, polls are a field.
func errorsFinding(d *Data, l locale.Lang, rows []*scoring.Row) string {
	best, bestMean := "", 0.0
	for _, id := range d.Final.Set {
		sum, n, pos, neg := 0.0, 0, 0, 0
		for _, r := range rows {
			if r.Family != sources.Poll {
				continue
			}
			for _, det := range r.Detail {
				if det.Candidate != id {
					continue
				}
				sum, n = sum+det.Error, n+1
				switch {
				case det.Error > 0:
					pos++
				case det.Error < 0:
					neg++
				}
			}
		}
		if n < 2 || (pos != n && neg != n) {
			continue
		}
		if mean := sum / float64(n); math.Abs(mean) > math.Abs(bestMean) {
			best, bestMean = id, mean
		}
	}
	if best == "" {
		return l.T("finding.errors.none")
	}
	key := "finding.errors.under"
	if bestMean > 0 {
		key = "finding.errors.over"
	}
	return l.T(key, d.candidate(best, l).name, l.Points(math.Abs(bestMean), 1))
}

// campaignFinding is the campaign chart's title: the candidate whose result
// stood furthest from the poll average's last day, with the gap and its
// direction ("The final poll average under-stated Jean-Luc Mélenchon by 1.2
// points, its largest gap from the results"), or that no candidate had an
// average (too few polls).
func campaignFinding(d *Data, l locale.Lang, avg []quota.AveragePoint, out scoring.Outcome) string {
	last := map[string]quota.AveragePoint{}
	for _, a := range avg {
		if a.Day >= last[a.Candidate].Day {
			last[a.Candidate] = a
		}
	}
	best, gap := "", 0.0
	for _, id := range d.Final.Set {
		a, ok := last[id]
		if !ok {
			continue
		}
		if g := a.Level - out.Shares[id]; best == "" || math.Abs(g) > math.Abs(gap) {
			best, gap = id, g
		}
	}
	if best == "" {
		return l.T("finding.campaign.none")
	}
	key := "finding.campaign.under"
	if gap > 0 {
		key = "finding.campaign.over"
	}
	return l.T(key, d.candidate(best, l).name, l.Points(math.Abs(gap), 1))
}

// leadTimeFinding is the lead-time chart's title: the polls' mean error in
// the last week before the vote against more than three weeks out ("Polls
// erred 1.9 points on average in the last week, 2.4 points more than three
// weeks out"), then for each other family the range of its forecasts'
// errors ("buzz forecasts erred 2.1 to 6.0 points").
func leadTimeFinding(l locale.Lang, rows []*scoring.Row) string {
	const week, far = 7, 21 // days before the vote
	var clauses []string
	for _, f := range sources.Families {
		lo, hi, n := math.Inf(1), math.Inf(-1), 0
		var all, near, early mean
		for _, r := range rows {
			if r.Family != f {
				continue
			}
			lo, hi, n = math.Min(lo, r.MAE), math.Max(hi, r.MAE), n+1
			all.add(r.MAE)
			switch {
			case r.LeadDays <= week:
				near.add(r.MAE)
			case r.LeadDays > far:
				early.add(r.MAE)
			}
		}
		switch {
		case n == 0:
			continue
		case f == sources.Poll && near.n > 0 && early.n > 0:
			clauses = append(clauses, l.T("finding.leadtime.poll", l.Points(near.value(), 1), l.Points(early.value(), 1)))
		case f == sources.Poll && near.n > 0:
			clauses = append(clauses, l.T("finding.leadtime.poll.week", l.Points(near.value(), 1)))
		case f == sources.Poll:
			clauses = append(clauses, l.T("finding.leadtime.poll.all", l.Points(all.value(), 1)))
		case n == 1 || l.Number(lo, 1) == l.Number(hi, 1):
			clauses = append(clauses, l.T("finding.leadtime.one."+string(f), l.Points(hi, 1)))
		default:
			clauses = append(clauses, l.T("finding.leadtime."+string(f), l.Number(lo, 1), l.Points(hi, 1)))
		}
	}
	for i := 1; i < len(clauses); i++ {
		clauses[i] = lowerFirst(clauses[i])
	}
	return strings.Join(clauses, l.T("source.sep"))
}

// mean accumulates the arithmetic mean of values.
type mean struct {
	sum float64
	n   int
}

func (m *mean) add(v float64)  { m.sum, m.n = m.sum+v, m.n+1 }
func (m *mean) value() float64 { return m.sum / float64(m.n) }

// lowerFirst puts the first letter of s in lower case, for a clause that
// follows another.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// upperFirst puts the first letter of s in upper case, for a sentence that
// begins with it.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
