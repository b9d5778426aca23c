package main

import (
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"forecast/reports"
	"forecast/scoring"
	"forecast/scoring/quota"
	"forecast/scoring/selection"
	"forecast/sources"
)

// diagnoseOptions are the flags of the diagnose subcommands.
type diagnoseOptions struct {
	selectFlags
	table       string
	sizes       []string // --n SERIES=SIZE
	reference   string
	withAverage bool
	polls, buzz bool // which diagnostics the subcommand runs
}

func newDiagnoseCmd(stdout, stderr io.Writer) *cobra.Command {
	c := &cobra.Command{
		Use:   "diagnose",
		Short: "Why forecasts went wrong: quota-poll and self-selection diagnostics",
		Long: `Diagnose why forecasts went wrong, with the diagnostics of the survey literature:

  polls    quota polls: the poll average, house effects, margins of error against
           real error, herding, errors by population base, design and sample size
  buzz     self-selected figures (and polls, for comparison): Meng's data defect
           correlation and effective sample size, implied over-representation,
           attention against votes
  all      both
  weights  respondent-level data: raking or post-stratification, design effect
  tse      total survey error (Shirani-Mehr et al. 2018): poll RMSE against simple
           random sampling, coverage, election-level bias and SD
  races    the races of an election side by side (us-2016-presidential: the
           nation and every state): error and bias on the margin, wrong winners

Every table is tidy (one row per observation) and comes with a plain-language
summary. Formulas and sources: docs/METHODS.md §§7–8 and the doc comments of packages
scoring/quota and scoring/selection.`,
		SilenceUsage: true,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("unknown diagnostic %q (polls, buzz, all, weights, tse or races)", args[0])
			}
			return nil
		},
		RunE: func(c *cobra.Command, _ []string) error { return c.Help() },
	}
	c.AddCommand(
		newDiagnoseSubcommand(stdout, "polls", true, false),
		newDiagnoseSubcommand(stdout, "buzz", false, true),
		newDiagnoseSubcommand(stdout, "all", true, true),
	)
	for _, s := range c.Commands() {
		s.Long += "\n" + exitStatusHelp
	}
	// The weights, tse and races subcommands state their exit status themselves.
	c.AddCommand(newDiagnoseWeightsCmd(stdout, stderr), newDiagnoseTSECmd(stdout, stderr), newDiagnoseRacesCmd(stdout))
	return c
}

// diagnoseHelp describes each subcommand.
var diagnoseHelp = map[string]struct{ short, long, example string }{
	"polls": {"Quota polls: poll average, house effects, margins of error, herding, method effects",
		`Diagnose the quota polls of a round (docs/METHODS.md §7).

Tables (--table NAME; CSV and JSON carry full precision):
  herding              candidate,polls,mean,sd_observed,sd_expected,x2,df,p_lower,
                       p_lower_holm,p_upper,p_upper_holm,rounding,sd_rounding,x2_rounded,
                       p_lower_rounded: dispersion of each pollster's final poll (X² on
                       m−1 df; a small p_lower means they agreed more than sampling
                       allows); *_holm: Holm-adjusted for the candidates' tests
  herding_joint        categories,polls,k,x2,df,p_lower,p_upper,snapshots: the same
                       polls jointly over the candidates and Others (Pearson's test of
                       homogeneity of the counts n × share, (m−1)(k−1) df;
                       docs/METHODS.md §11)
  house_effects        source,candidate,polls,house_effect,se: lean relative to the
                       consensus, summing to zero over pollsters
  house_effects_result the same for each final poll, anchored on the result
  house_effects_joint  source,candidate,identification,polls,house_effect,se: house
                       effects estimated inside the average (Jackman 2005), sum-to-zero
                       or anchored on the result (docs/METHODS.md §16)
  average_fit_joint    candidate,polls,pollsters,deflated,dropped,drift_sd,sampling,
                       scatter_ratio,extra_sd,at_zero,loglik: its model; deflated/dropped
                       count overlapping rolling waves; at_zero names variances at zero
  coverage             coverage of the 95 % margins and error ratio (observed RMSE over
                       the RMSE of sampling alone), final polls and by lead time
  deviation_profile    each poll against the average before it, by lead time
  groups               errors by population base, rolling design, sample size
  average_fit          the poll average's model (random walk, maximum likelihood)
  margins, deviations, average   one row per poll or per day (long: --table NAME)`,
		`  forecast diagnose polls
  forecast diagnose polls --round 2 --candidates top2
  forecast diagnose polls --format csv --table house_effects
  forecast diagnose polls --at 2017-04-07 --format json`},
	"buzz": {"Self-selected figures: Meng's ρ and n_eff, over-representation, attention",
		`Diagnose self-selected figures — and polls, for comparison — with Meng's (2018)
measures (docs/METHODS.md §8).

Tables (--table NAME; CSV and JSON carry full precision):
  selection            source,series,family,published,candidate,forecast,result,error,n,rho,n_eff,
                       n_eff_lo,n_eff_hi,n_eff_ci_lo,n_eff_ci_hi: data defect correlation and
                       effective sample size per snapshot and candidate, and pooled over
                       candidates (candidate ALL); n_eff_lo–n_eff_hi is the 95 % range of
                       n_eff for a simple random sample of size n (empty without n),
                       n_eff_ci_lo–n_eff_ci_hi the 95 % interval of the random-sample size
                       consistent with the n_eff (docs/METHODS.md §12)
  overrepresentation   how many times more likely each candidate's supporters had to be
                       counted than the reference candidate's (--ref)
  attention            correlation of attention measures with votes across candidates
  attention_over_time  correlation of a series with the poll average over time

ρ needs the size the figures rest on: polls record theirs; for buzz give one with
--n SERIES=SIZE, the number of people counted (no size is ever invented; a size
as large as the electorate leaves ρ undefined). n_eff needs none. The poll
average (--with-average) is listed as the benchmark buzz is compared with.`,
		`  forecast diagnose buzz
  forecast diagnose buzz --n vigiglobe=1e6 --format csv
  forecast diagnose buzz --at all --family buzz --format json`},
	"all": {"Both: the quota-poll and the self-selection diagnostics",
		`Run 'forecast diagnose polls' and 'forecast diagnose buzz' and print every table.
CSV holds one table: choose it with --table.`,
		`  forecast diagnose all
  forecast diagnose all --format json > diagnostics.json
  forecast diagnose all --format csv --table selection`},
}

func newDiagnoseSubcommand(stdout io.Writer, name string, polls, buzz bool) *cobra.Command {
	o := &diagnoseOptions{polls: polls, buzz: buzz}
	h := diagnoseHelp[name]
	c := &cobra.Command{
		Use:     name,
		Short:   h.short,
		Long:    h.long,
		Example: h.example,
		Args:    exactArgs(0),
		RunE:    func(c *cobra.Command, _ []string) error { return runDiagnose(o, stdout) },
	}
	o.register(c, "diagnose", "final (each series' last forecast before the blackout), all (every snapshot), or YYYY-MM-DD (what was known by that day)",
		"poll, buzz, model or all: the snapshots of the self-selection tables (diagnose polls: poll or all)")
	f := c.Flags()
	f.StringVar(&o.table, "table", "", "the table to print (CSV: one table; 'all': every table, the long ones included)")
	if buzz {
		f.StringArrayVar(&o.sizes, "n", nil, "SERIES=SIZE: the number of people (posts, app users) a buzz series' figures rest on, for ρ; repeat for several series")
		f.StringVar(&o.reference, "ref", "", "candidate the over-representation is relative to (default: the official winner)")
		f.BoolVar(&o.withAverage, "with-average", true, "list the poll average (source poll-average) with the forecasts")
		complete(c, map[string]cobra.CompletionFunc{"ref": completeCandidateIDs(o.data.completionElection, &o.round)})
	}
	complete(c, map[string]cobra.CompletionFunc{"table": completeDiagnoseTables(o)})
	return c
}

// defaultCSVTable is the table CSV output holds when --table is not given.
func (o *diagnoseOptions) defaultCSVTable() string {
	switch {
	case o.polls && o.buzz:
		return ""
	case o.polls:
		return "herding"
	}
	return "selection"
}

func runDiagnose(o *diagnoseOptions, stdout io.Writer) error {
	if !slices.Contains(reports.Formats, o.format) {
		return usagef("--format %q: choose one of %s", o.format, strings.Join(reports.Formats, ", "))
	}
	doc, err := o.diagnose()
	if err != nil {
		return err
	}
	table := o.table
	switch {
	case table != "" && table != "all" && !slices.Contains(doc.TableNames(), table):
		return usagef("--table %q: choose one of %s, or all", table, strings.Join(doc.TableNames(), ", "))
	case o.format == "csv" && table == "":
		if table = o.defaultCSVTable(); table == "" {
			return usagef("CSV holds one table: choose it with --table (%s), or use --format json for all of them", strings.Join(doc.TableNames(), ", "))
		}
	case o.format == "csv" && table == "all":
		return usagef("CSV holds one table: --table all needs --format json, table or markdown")
	}
	return reports.WriteDiagnostics(stdout, doc, o.format, table)
}

// diagnose runs the subcommand's diagnostics on the chosen dataset and
// gathers their tables in one document; its table names are what --table
// accepts.
func (o *diagnoseOptions) diagnose() (*reports.Diagnostics, error) {
	if o.polls && !o.buzz && o.family != "all" && o.family != string(sources.Poll) {
		return nil, usagef("--family %q: diagnose polls works on polls (poll or all)", o.family)
	}
	set, err := scoring.ParseCandidateSet(o.candidates)
	if err != nil {
		return nil, usageError{err}
	}
	sizes, err := parseSizes(o.sizes)
	if err != nil {
		return nil, err
	}
	d, err := o.data.load()
	if err != nil {
		return nil, err
	}
	// The self-selection diagnostics need the poll consensus only for
	// attention figures: it is computed when first asked for.
	qd := quota.NewLazy(d, quota.Options{Round: o.round, At: o.at, Candidates: set})
	var docs []*reports.Diagnostics
	if o.polls {
		dg, err := qd.Get()
		if err != nil {
			return nil, classify(err)
		}
		docs = append(docs, reports.PollDiagnostics(dg))
	}
	if o.buzz {
		if o.withAverage {
			if err := addPollAverage(d, o.round, o.at); err != nil {
				return nil, err
			}
		}
		sd, err := selection.Diagnose(d, selection.Options{Round: o.round, At: o.at, Candidates: set, Family: o.family,
			Sizes: sizes, Reference: o.reference, Support: qd.Consensus})
		if err == nil {
			err = qd.Err()
		}
		if err != nil {
			return nil, classify(err)
		}
		docs = append(docs, reports.BuzzDiagnostics(sd))
	}
	doc := docs[0]
	if len(docs) == 2 {
		doc = &reports.Diagnostics{Election: d.Election,
			Title:       strings.Replace(docs[0].Title, "diagnostics of the quota polls", "diagnostics of the quota polls and of self-selected figures", 1),
			Options:     docs[1].Options,
			Tables:      slices.Concat(docs[0].Tables, docs[1].Tables),
			LeftOut:     slices.Concat(docs[0].LeftOut, docs[1].LeftOut),
			Conventions: slices.Concat(docs[0].Conventions, docs[1].Conventions)}
	}
	return doc, nil
}

// parseSizes reads the --n flags, SERIES=SIZE each.
func parseSizes(flags []string) (map[string]float64, error) {
	sizes := map[string]float64{}
	for _, f := range flags {
		for _, item := range strings.Split(f, ",") {
			series, value, ok := strings.Cut(strings.TrimSpace(item), "=")
			n, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
			switch {
			case !ok || series == "":
				return nil, usagef("--n %q: want SERIES=SIZE, as in vigiglobe=35000000", item)
			case err != nil || !(n > 0) || math.IsInf(n, 0):
				return nil, usagef("--n %s: the size %q is not a positive number", series, value)
			}
			sizes[series] = n
		}
	}
	return sizes, nil
}

// addPollAverage adds the poll average of a round to the dataset, as the
// synthetic forecast snapshots of quota.AverageFigures (source
// poll-average), so that it is scored and diagnosed like a published
// forecast; at is the --at of the command (the snapshots it will read).
func addPollAverage(d *sources.Dataset, round int, at string) error {
	figs, err := quota.AverageFigures(d, round, at)
	if err != nil {
		return classify(err)
	}
	d.Figures = slices.Concat(d.Figures, figs)
	return nil
}

// classify marks an error of the diagnostics as bad data (exit 3) or, for
// anything else they refuse (a round, a candidate set, a size), bad usage.
func classify(err error) error {
	if sources.IsDataError(err) {
		return err
	}
	return usageError{err}
}
