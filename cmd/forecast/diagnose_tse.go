package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"forecast/reports"
	"forecast/scoring"
	"forecast/scoring/quota"
	"forecast/scoring/tse"
	"forecast/sources"
	"forecast/sources/pollingerrors"
)

// diagnoseTSEOptions are the flags of 'forecast diagnose tse'.
type diagnoseTSEOptions struct {
	data          dataFlags
	format, table string
	seed          uint64
}

func newDiagnoseTSECmd(stdout, stderr io.Writer) *cobra.Command {
	o := &diagnoseTSEOptions{}
	c := &cobra.Command{
		Use:   "tse",
		Short: "Total survey error: poll RMSE against simple random sampling, coverage, election-level bias and SD",
		Long: `Measure the total survey error of polls as Shirani-Mehr, Rothschild, Goel &
Gelman (2018, JASA 113(522)) do, on two-party shares of the polls whose fieldwork
ended 1 to 21 days before the election (docs/METHODS.md §13).

Data:
  --data DIR with polls.csv (written by 'forecast import polling-errors'): the
             paper's 4,221 US polls; one group per election type (Sen, Gov, Pres)
  otherwise  an election in the canonical format (--election, or --data DIR with
             election.json): one group per round, the share of the round's winner
             among the two leading candidates

Tables (--table NAME; CSV and JSON carry full precision):
  tse    group,polls,races,rmse,srs_rmse,coverage,mean_abs_bias,mean_sd:
         rmse the polls' root mean square error against the result (points);
         srs_rmse what simple random samples of their sizes would give,
         √(mean v(1−v)/n); coverage the share of polls whose interval
         y ± 2·√(y(1−y)/n) holds the result; mean_abs_bias and mean_sd the
         average absolute election-level bias and average election-level SD of
         the paper's hierarchical model, fitted by MCMC (--seed)
  races  group,race,polls,bias,sd,tau: the model's estimate for each race (long)

The model takes a few seconds on the US dataset (2,000 warm-up and 2,000 kept
iterations per group, groups in parallel); the same data and --seed give the
same numbers.` + "\n" + exitStatusHelp,
		Example: `  forecast import polling-errors polls_main_dataset.tsv --out us-polls
  forecast diagnose tse --data us-polls --format csv
  forecast diagnose tse --election fr-2022-presidential`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error { return runDiagnoseTSE(o, stdout, stderr) },
	}
	o.data.register(c)
	f := c.Flags()
	f.StringVar(&o.format, "format", "table", "table, csv, json or markdown")
	f.StringVar(&o.table, "table", "", "the table to print: tse or races (CSV: default tse)")
	f.Uint64Var(&o.seed, "seed", tse.DefaultMCMC.Seed, "seed of the model's Markov chains")
	return c
}

func runDiagnoseTSE(o *diagnoseTSEOptions, stdout, stderr io.Writer) error {
	if !slices.Contains(reports.Formats, o.format) {
		return usagef("--format %q: choose one of %s", o.format, strings.Join(reports.Formats, ", "))
	}
	if o.table != "" && o.table != "all" && o.table != "tse" && o.table != "races" {
		return usagef("--table %q: choose tse or races, or all", o.table)
	}
	m := tse.DefaultMCMC
	m.Seed = o.seed
	polls, e, what, err := o.polls()
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "fitting the model to %d polls...\n", len(polls))
	rows := tse.Summarise(polls, func(g []tse.Poll) *tse.Model { return tse.Fit(g, m) })
	table := o.table
	if o.format == "csv" && table == "" {
		table = "tse"
	}
	if o.format == "csv" && table == "all" {
		return usagef("CSV holds one table: --table all needs --format json, table or markdown")
	}
	return reports.WriteDiagnostics(stdout, reports.TSEDiagnostics(e, what, rows, m), o.format, table)
}

// polls reads the polls: the polling-errors layout when --data holds
// polls.csv, else the rounds of an election in the canonical format.
func (o *diagnoseTSEOptions) polls() ([]tse.Poll, *sources.Election, string, error) {
	if o.data.dir != "" {
		file := filepath.Join(o.data.dir, pollingerrors.File)
		b, err := sources.ReadFile(file)
		switch {
		case err == nil:
			ps, err := pollingerrors.ReadTidy(file, b)
			if err != nil {
				return nil, nil, "", err
			}
			var out []tse.Poll
			for _, p := range ps {
				if p.State == "USA" || p.Type == "House" || !tse.InWindow(float64(p.Days)) {
					continue
				}
				out = append(out, tse.Poll{Group: p.Type, Race: p.Race, Share: p.Share / 100, Result: p.Result / 100, N: p.N, Days: float64(p.Days)})
			}
			if len(out) == 0 {
				return nil, nil, "", sources.DataErrorf(file, 0, "no state-level Sen, Gov or Pres poll ended %d to %d days before its election", tse.MinDays, tse.MaxDays)
			}
			e := &sources.Election{ID: "polling-errors", Name: "US state-level polls, 1998–2014 (" + file + ")"}
			return out, e, e.Name + ", by election type", nil
		case !errors.Is(err, fs.ErrNotExist):
			return nil, nil, "", err
		}
	}
	d, err := o.data.load()
	if err != nil {
		return nil, nil, "", err
	}
	var out []tse.Poll
	for _, r := range d.Election.Rounds {
		set, _ := scoring.ParseCandidateSet("top2")
		c, err := quota.NewCampaign(d, quota.Options{Round: r.Number, At: "final", Candidates: set})
		if err != nil {
			return nil, nil, "", classify(err)
		}
		out = append(out, tse.FromCampaign(c, tseGroup(d.Election, r.Number))...)
	}
	if len(out) == 0 {
		return nil, nil, "", sources.DataErrorf(d.Election.ID, 0, "no poll reporting the two leading candidates ended %d to %d days before a round", tse.MinDays, tse.MaxDays)
	}
	by := ", by round"
	if d.Election.OneRound() {
		by = ""
	}
	return out, d.Election, d.Election.Name + by + " (the winner's share of the two leading candidates)", nil
}

// tseGroup names the polls of a round in the total-survey-error tables:
// the election, its race when it is one race of several, and the round
// when it has more than one ("fr-2017-presidential round 1",
// "us-2016-presidential WI").
func tseGroup(e *sources.Election, round int) string {
	g := e.ID
	if e.View != nil {
		g += " " + e.View.Race.ID
	}
	if !e.OneRound() {
		g += fmt.Sprintf(" round %d", round)
	}
	return g
}
