package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"forecast/data"
	"forecast/reports/safe"
	"forecast/sources"
)

// dataFormats are the output formats of 'forecast data list' and 'data show'.
var dataFormats = []string{"table", "json"}

func newDataCmd(stdout io.Writer) *cobra.Command {
	c := &cobra.Command{
		Use:   "data",
		Short: "List the embedded elections; show one's metadata and provenance",
		Long: `List the elections embedded in the binary, with what each holds, or show one
election's metadata (rounds, ballots, headline sets, candidates, pollsters) and
where its figures and results come from. Any command takes --election ID to use
one of them (the default is ` + data.Default + `).`,
		Example: `  forecast data list
  forecast data show fr-2022-presidential
  forecast data show fr-2017-presidential --format json`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("unknown data command %q (list or show)", args[0])
			}
			return nil
		},
		RunE: func(c *cobra.Command, _ []string) error { return c.Help() },
	}
	var listFormat, showFormat string
	list := &cobra.Command{
		Use:   "list",
		Short: "List the embedded elections with their counts of polls, buzz figures and result rows",
		Long: `List the embedded elections. For each round: its date, its poll snapshots (one
poll, one round, one hypothesis) and how many of them are forecasts (the others
are kept but never scored: hypotheses whose candidates are not the round's
ballot); then the buzz and model figures and the result rows.` + "\n" + exitStatusHelp,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error { return runDataList(listFormat, stdout) },
	}
	show := &cobra.Command{
		Use:   "show ELECTION",
		Short: "Show an embedded election's metadata and provenance",
		Long: `Show an embedded election's metadata — rounds with their dates, publication
blackout, ballot and headline candidate set (with the reason for it), the
candidates and the people polled who did not run, the pollsters and the
spellings they go by — its contents, and its provenance: how the dataset was
built and every source URL its figures and results cite.` + "\n" + exitStatusHelp,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error { return runDataShow(args[0], showFormat, stdout) },
	}
	list.Flags().StringVar(&listFormat, "format", "table", "table or json")
	show.Flags().StringVar(&showFormat, "format", "table", "table or json")
	complete(list, map[string]cobra.CompletionFunc{"format": words(dataFormats...)})
	complete(show, map[string]cobra.CompletionFunc{"format": words(dataFormats...)})
	show.ValidArgs = data.Elections()
	c.AddCommand(list, show)
	return c
}

// electionSummary is what an election holds, as 'data list' shows it.
type electionSummary struct {
	ID           string         `json:"id"`
	Name         string         `json:"name"`
	Rounds       []roundSummary `json:"rounds"`
	PollFigures  int            `json:"poll_figures"`
	BuzzFigures  int            `json:"buzz_figures"`
	ModelFigures int            `json:"model_figures"`
	ResultRows   int            `json:"result_rows"`
}

// roundSummary counts one round's polls.
type roundSummary struct {
	Round int    `json:"round"`
	Date  string `json:"date"`
	// Polls counts poll snapshots: one poll in one round under one hypothesis.
	Polls int `json:"polls"`
	// PollForecasts counts those that are forecasts; the others are kept but
	// never scored (a hypothesis that did not happen).
	PollForecasts int `json:"poll_forecasts"`
}

// summarize counts what a dataset holds.
func summarize(d *sources.Dataset) electionSummary {
	s := electionSummary{ID: d.Election.ID, Name: d.Election.Name, ResultRows: len(d.Results)}
	for _, r := range d.Election.Rounds {
		s.Rounds = append(s.Rounds, roundSummary{Round: r.Number, Date: r.Date})
	}
	seen := map[string]bool{}
	for _, f := range d.Figures {
		switch f.Family {
		case sources.Poll:
			s.PollFigures++
		case sources.Buzz:
			s.BuzzFigures++
		case sources.Model:
			s.ModelFigures++
		}
		if f.Family != sources.Poll || seen[f.Snapshot] {
			continue
		}
		seen[f.Snapshot] = true
		if i := slices.IndexFunc(s.Rounds, func(r roundSummary) bool { return r.Round == f.Round }); i >= 0 {
			s.Rounds[i].Polls++
			if f.Forecast {
				s.Rounds[i].PollForecasts++
			}
		}
	}
	return s
}

// loadEmbedded reads an embedded election; an unknown id is bad usage.
func loadEmbedded(id string) (*sources.Dataset, error) {
	fsys, err := data.Election(id)
	if err != nil {
		return nil, usageError{err}
	}
	return sources.Load(fsys)
}

func checkDataFormat(format string) error {
	if !slices.Contains(dataFormats, format) {
		return usagef("--format %q: choose one of %s", format, strings.Join(dataFormats, ", "))
	}
	return nil
}

func runDataList(format string, stdout io.Writer) error {
	if err := checkDataFormat(format); err != nil {
		return err
	}
	var all []electionSummary
	for _, id := range data.Elections() {
		d, err := loadEmbedded(id)
		if err != nil {
			return err
		}
		all = append(all, summarize(d))
	}
	if format == "json" {
		return writeJSON(stdout, all)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "election\tname\trounds\tpolls\tof which forecasts\tbuzz figures\tmodel figures\tresult rows")
	for _, s := range all {
		var dates, polls, forecasts []string
		for _, r := range s.Rounds {
			dates = append(dates, r.Date)
			polls = append(polls, strconv.Itoa(r.Polls))
			forecasts = append(forecasts, strconv.Itoa(r.PollForecasts))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\n", s.ID, s.Name, strings.Join(dates, ", "),
			strings.Join(polls, " / "), strings.Join(forecasts, " / "), s.BuzzFigures, s.ModelFigures, s.ResultRows)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(stdout, "\npolls: poll snapshots by round (one poll, one round, one hypothesis); of which forecasts: those scored,\n"+
		"the others being kept but never scored (hypotheses whose candidates are not the round's ballot).\n"+
		"Default election: %s. Details: forecast data show ELECTION.\n", data.Default)
	return err
}

// sourceCount is one source URL and how many rows of a file cite it.
type sourceCount struct {
	File string `json:"file"`
	URL  string `json:"url"`
	Rows int    `json:"rows"`
}

// sourceURLs lists the URLs the figures and results cite, in order of first
// appearance, with their counts of rows.
func sourceURLs(d *sources.Dataset) []sourceCount {
	var out []sourceCount
	add := func(file, url string) {
		i := slices.IndexFunc(out, func(s sourceCount) bool { return s.File == file && s.URL == url })
		if i < 0 {
			out = append(out, sourceCount{File: file, URL: url})
			i = len(out) - 1
		}
		out[i].Rows++
	}
	for _, r := range d.Results {
		add(sources.ResultsFile, r.SourceURL)
	}
	for _, f := range d.Figures {
		add(sources.ForecastsFile, f.SourceURL)
	}
	return out
}

func runDataShow(id, format string, stdout io.Writer) error {
	if err := checkDataFormat(format); err != nil {
		return err
	}
	d, err := loadEmbedded(id)
	if err != nil {
		return err
	}
	sum, urls := summarize(d), sourceURLs(d)
	if format == "json" {
		return writeJSON(stdout, struct {
			Election *sources.Election `json:"election"`
			Contents electionSummary   `json:"contents"`
			Sources  []sourceCount     `json:"sources"`
		}{d.Election, sum, urls})
	}
	e := d.Election
	w := errWriter{safe.NewTextWriter(stdout)}
	w.printf("%s: %s\n", e.ID, e.Name)
	w.printf("\nRounds\n")
	for _, r := range e.Rounds {
		if r.BlackoutFrom < r.Date {
			w.printf("  round %d: %s (polls could not be published from %s)\n", r.Number, r.Date, r.BlackoutFrom)
		} else {
			w.printf("  round %d: %s (no publication blackout before election day)\n", r.Number, r.Date)
		}
		if len(r.Ballot) > 0 {
			w.printf("    ballot: %s\n", strings.Join(r.Ballot, ", "))
		} else {
			w.printf("    ballot: not declared\n")
		}
		w.printf("    headline: %s. %s\n", strings.Join(r.Headline, ", "), r.HeadlineReason)
	}
	if len(e.Races) > 0 {
		races, seen := map[string]int{}, map[string]bool{}
		for _, f := range d.Figures {
			if f.Forecast && !seen[f.Snapshot] {
				seen[f.Snapshot] = true
				races[f.Race]++
			}
		}
		w.printf("\nRaces (%d; choose one with --race ID, the national race by default)\n", len(e.Races))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  id\tname\tround\tscope\ttype\tdate\tforecasts")
		for _, r := range e.Races {
			fmt.Fprintf(tw, "  %s\t%s\t%d\t%s\t%s\t%s\t%d\n", r.ID, r.Name, r.Round, r.Scope, r.Type, cmp.Or(r.Date, "(round's)"), races[r.ID])
		}
		tw.Flush()
	}
	ran := 0
	for _, c := range e.Candidates {
		if c.Ran {
			ran++
		}
	}
	w.printf("\nCandidates (%d ran; %d more were polled but did not run)\n", ran, len(e.Candidates)-ran)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  id\tname\tparty\tcolour\tran\tother spellings")
	for _, c := range e.Candidates {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n", c.ID, c.Name, c.Party, c.Colour, yesNo(c.Ran), strings.Join(c.Aliases, ", "))
	}
	tw.Flush()
	w.printf("\nPollsters\n")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  id\tname\tother spellings")
	for _, p := range e.Pollsters {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", p.ID, p.Name, strings.Join(p.Aliases, ", "))
	}
	tw.Flush()
	w.printf("\nContents\n")
	for _, r := range sum.Rounds {
		w.printf("  round %d: %d poll snapshots, %d of them forecasts\n", r.Round, r.Polls, r.PollForecasts)
	}
	w.printf("  %d poll figures, %d buzz figures, %d model figures, %d result rows\n", sum.PollFigures, sum.BuzzFigures, sum.ModelFigures, sum.ResultRows)
	w.printf("\nProvenance\n")
	for _, p := range e.Provenance {
		w.printf("  - %s\n", p)
	}
	w.printf("\nSources cited (file, rows, URL)\n")
	for _, s := range urls {
		url := s.URL
		if url == "" {
			url = "(none)"
		}
		w.printf("  %-13s %6d  %s\n", s.File, s.Rows, url)
	}
	return w.Err()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// errWriter is a safe text writer (no control character from the data
// reaches the terminal; the first write error is kept) with printf, so that
// a long report can be printed without checking every line.
type errWriter struct{ *safe.Writer }

func (e errWriter) printf(format string, args ...any) { fmt.Fprintf(e, format, args...) }
