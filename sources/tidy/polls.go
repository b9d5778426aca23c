package tidy

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"forecast/sources"
)

// pollColumns are the columns of the researched polls layout.
var pollColumns = []string{"poll_id", "pollster", "pollster_raw", "sponsors", "field_start", "field_end",
	"sample_size", "sample_size_expressed", "population_base", "method", "scenario", "undecided_pct",
	"candidate", "candidate_id", "share_pct", "complete_candidate_set", "source_dataset", "source_url", "notes"}

// PollOptions selects what ReadPolls imports.
type PollOptions struct {
	// Round is the round the file's polls are about; the layout has no round
	// column (the researched files are split by round). Required.
	Round int
	// Datasets, when not empty, keeps only rows whose source_dataset is one
	// of these (e.g. "manual": the polls no upstream dataset has). The rows
	// left out are counted in a notice, never dropped silently.
	Datasets []string
}

// ReadPolls reads a researched polls file (polls_round1.csv layout): one row
// per (poll, candidate). The candidate is given twice, as a name and as an
// id; both must resolve to the same described candidate.
func ReadPolls(file string, b []byte, e *sources.Election, opt PollOptions) (*sources.Imported, error) {
	if opt.Round < 1 {
		return nil, fmt.Errorf("%s: the polls layout has no round column: say which round the file is about", file)
	}
	if e == nil {
		return nil, fmt.Errorf("%s: the polls layout names candidate ids: describe the election first (--election or --data)", file)
	}
	reg, err := sources.NewRegistry(e.Candidates)
	if err != nil {
		return nil, err
	}
	h, recs, lines, err := readFile(file, b, pollColumns, pollColumns)
	if err != nil {
		return nil, err
	}
	im := &sources.Imported{}
	var p sources.Problems
	skipped := map[string]int{}
	complete := map[string]bool{} // polls that report every candidate
	for i, rec := range recs[1:] {
		ln := lines[i+1]
		get := func(col string) string { return h.Get(rec, col) }
		if ds := get("source_dataset"); len(opt.Datasets) > 0 && !slices.Contains(opt.Datasets, ds) {
			skipped[ds]++
			continue
		}
		f, err := pollFigure(get, reg, e, opt.Round)
		if err != nil {
			p.Addf(file, ln, "%v", err)
			continue
		}
		f.Line = ln
		if err := f.Check(); err != nil {
			p.Addf(file, ln, "%v", err)
			continue
		}
		complete[f.Snapshot] = get("complete_candidate_set") == "yes"
		im.Figures = append(im.Figures, f)
	}
	for _, err := range sources.CheckSnapshots(im.Figures) {
		p.Add(sources.Errorf(file, 0, "%v", err))
	}
	checkSums(file, im.Figures, complete, &p)
	if n := sources.ShortLastSnapshot(file, im.Figures); n != nil {
		im.Notices = append(im.Notices, n)
	}
	for _, ds := range sortedKeys(skipped) {
		im.Note(file, 0, "left out %d rows whose source_dataset is %s (only %s asked for)", skipped[ds], sources.Quote(ds), strings.Join(opt.Datasets, ", "))
	}
	return im, p.Err()
}

func pollFigure(get func(string) string, reg *sources.Registry, e *sources.Election, round int) (sources.Figure, error) {
	f := sources.Figure{
		Snapshot:     get("poll_id"),
		Round:        round,
		Family:       sources.Poll,
		Measure:      sources.VoteShare,
		Forecast:     true,
		FieldStart:   get("field_start"),
		FieldEnd:     get("field_end"),
		Method:       get("method"),
		Population:   get("population_base"),
		Hypothesis:   get("scenario"),
		Sponsors:     get("sponsors"),
		CandidateRaw: get("candidate"),
		SourceURL:    get("source_url"),
	}
	pollster, known := e.PollsterByName(get("pollster"))
	if !known {
		return f, fmt.Errorf("unknown pollster %s: add it to the election's pollsters", sources.Quote(get("pollster")))
	}
	f.Source, f.SourceName, f.Series = pollster.ID, pollster.Name, pollster.ID
	id, err := reg.Resolve(get("candidate"))
	if err != nil {
		return f, err
	}
	if given := get("candidate_id"); given != id {
		return f, fmt.Errorf("candidate %s is %s, but the row says %s", sources.Quote(get("candidate")), id, given)
	}
	f.Candidate = id
	if f.Value, err = sources.ParseShare(get("share_pct")); err != nil {
		return f, fmt.Errorf("share_pct: %v", err)
	}
	if f.NInterviewed, err = count(get("sample_size")); err != nil {
		return f, fmt.Errorf("sample_size: %v", err)
	}
	if f.NExpressed, err = count(get("sample_size_expressed")); err != nil {
		return f, fmt.Errorf("sample_size_expressed: %v", err)
	}
	var notes []string
	if raw := get("pollster_raw"); raw != "" && raw != pollster.Name {
		notes = append(notes, "pollster spelled "+raw+" by the source")
	}
	if u := get("undecided_pct"); u != "" {
		notes = append(notes, "undecided "+u+" %")
	}
	if c := get("complete_candidate_set"); c != "yes" {
		notes = append(notes, "candidate set: "+c)
	}
	if ds := get("source_dataset"); ds != "" {
		notes = append(notes, "from "+ds)
	}
	if n := get("notes"); n != "" {
		notes = append(notes, n)
	}
	f.Note = strings.Join(notes, "; ")
	return f, nil
}

// count reads an optional sample size; empty is unknown (NaN), never zero.
func count(s string) (float64, error) {
	if s == "" {
		return math.NaN(), nil
	}
	return sources.ParseShare(s)
}

// sumTolerance is how far from 100 the shares of a poll that reports every
// candidate may add up: published shares are rounded to 0.5 point, so a
// dozen candidates can drift by a point or two, not more.
const sumTolerance = 2

// checkSums reports complete polls whose shares add up far from 100.
func checkSums(file string, figs []sources.Figure, complete map[string]bool, p *sources.Problems) {
	sum := map[string]float64{}
	line := map[string]int{}
	var order []string
	for _, f := range figs {
		if _, ok := sum[f.Snapshot]; !ok {
			order = append(order, f.Snapshot)
			line[f.Snapshot] = f.Line
		}
		sum[f.Snapshot] += f.Value
	}
	for _, id := range order {
		if complete[id] && math.Abs(sum[id]-100) > sumTolerance {
			p.Addf(file, line[id], "poll %s reports every candidate, but its shares add up to %s, not 100", id, sources.FormatNumber(sum[id]))
		}
	}
}
