package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"forecast/reports"
	"forecast/scoring/weighting"
	"forecast/sources"
)

// weightMethods are the values of 'diagnose weights --method'.
var weightMethods = []string{"rake", "poststratify"}

// diagnoseWeightsOptions are the flags of 'forecast diagnose weights'.
type diagnoseWeightsOptions struct {
	sample, margins string
	method          string
	tolerance       float64
	maxIter         int
	trim            string
	weight, id      string
	outcomes        []string
	allowUnconv     bool
	out             string
	format, table   string
}

func newDiagnoseWeightsCmd(stdout, stderr io.Writer) *cobra.Command {
	o := &diagnoseWeightsOptions{}
	c := &cobra.Command{
		Use:   "weights --sample FILE --margins FILE",
		Short: "Rake or post-stratify respondent-level data and diagnose the weights",
		Long: `Weight a respondent-level sample to population targets and say what the
weighting did: raked weights (iterative proportional fitting, Deming & Stephan
1940) or post-stratified weights; Kish's design effect and effective n; the
sample's composition against the targets; and, for each outcome, the estimate
before and after weighting and how far weighting moved it.

Input:
  --sample   one row per respondent: a column per quota variable (named as in
             the targets), optionally an id column, a design weight column
             (--weight) and outcome columns (--outcome; 0/1 or numeric, empty
             or NA when missing).
  --margins  variable,category,target: one row per category of each variable
             (for raking), or a joint table with a column per variable and a
             target column, one row per cell (for --method poststratify).
             Targets summing to 1 (or 100) for every variable are shares: the
             weights then sum to n. Counts must have the same total for every
             variable; the weights then sum to it.

Convergence (--tolerance ε, --max-iter): no cell of the weighted
cross-classification changed by ε × Σ design weights or more in the last pass
(by ε itself when ε ≥ 1), R survey's rake criterion, and every margin is met
within ε × the targets' total (ε when ε ≥ 1). R stops at the first criterion
alone; raking here never stops earlier than R, and later only when R would
leave a margin off by more than ε × total. Margins that no weights can meet
together (categories that never meet in the sample) do not converge.
Design weights must be positive numbers within a factor of 10⁶ of their median.

--trim LOW,HIGH keeps every weight within [LOW, HIGH] × the mean weight, inside
raking: each adjustment holds the respondents at a bound and re-rakes the
others, until the margins and the bounds are met together (or the run reports
that they cannot be).

Tables (--table, needed for CSV; JSON has all of them):
  summary      method,respondents,cells,targets,total,tolerance,epsilon,max_iter,
               iterations,converged,change,margin_error,trim_low,trim_high,
               trimmed,weight_min,weight_max,deff,n_eff
  composition  variable,category,n,sample_share,design_share,weighted_share,
               target_share,target
  outcomes     outcome,n,unweighted,design,weighted,shift,se_unweighted,
               shift_se,n_eff

--out writes the weights (id or row number, weight with full precision) for
checking in R survey. Not converging is bad data (exit 3): the message names the
margins missed and by how much, and nothing is written. --allow-unconverged
writes the weights and the tables anyway, with a warning and converged = no.

Formulas and sources: docs/METHODS.md §7.7.` + "\n" + exitStatusHelp,
		Example: `  forecast diagnose weights --sample respondents.csv --margins margins.csv --outcome vote
  forecast diagnose weights --sample respondents.csv --margins margins.csv --weight dw --trim 0.2,5 --out weights.csv
  forecast diagnose weights --sample respondents.csv --margins sex_age.csv --method poststratify
  forecast diagnose weights --sample respondents.csv --margins margins.csv --format csv --table composition`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error { return runDiagnoseWeights(o, stdout, stderr) },
	}
	f := c.Flags()
	f.StringVar(&o.sample, "sample", "", "respondent CSV: one row per respondent, a column per quota variable")
	f.StringVar(&o.margins, "margins", "", "targets CSV: variable,category,target (margins), or a column per variable and target (joint table)")
	f.StringVar(&o.method, "method", "rake", "rake or poststratify")
	f.Float64Var(&o.tolerance, "tolerance", weighting.DefaultTolerance, "convergence ε of raking, as R survey's rake: relative to Σ design weights below 1, absolute from 1")
	f.IntVar(&o.maxIter, "max-iter", weighting.DefaultMaxIter, "largest number of raking passes (R's maxit)")
	f.StringVar(&o.trim, "trim", "", "LOW,HIGH: keep weights within [LOW, HIGH] × the mean weight (e.g. 0.2,5), re-raking")
	f.StringVar(&o.weight, "weight", "", "design weight column of the sample (default: none, every respondent weighs 1)")
	f.StringVar(&o.id, "id", "", `respondent id column (default "id" when the sample has one, else row numbers)`)
	f.StringSliceVar(&o.outcomes, "outcome", nil, "outcome columns to estimate before and after weighting, separated by commas")
	f.BoolVar(&o.allowUnconv, "allow-unconverged", false, "write the weights and tables even when raking does not converge (a warning instead of exit 3)")
	f.StringVar(&o.out, "out", "", "write the weights (id, weight) to this CSV file")
	f.StringVar(&o.format, "format", "table", "table, csv, json or markdown")
	f.StringVar(&o.table, "table", "", "one table: "+strings.Join(reports.WeightTables, ", ")+" (needed for CSV; default: all)")
	complete(c, map[string]cobra.CompletionFunc{
		"method": words(weightMethods...),
		"format": words(reports.Formats...),
		"table":  words(append(slices.Clone(reports.WeightTables), "all")...),
	})
	for _, flag := range []string{"sample", "margins", "out"} {
		completeFiles(c, flag, "csv")
	}
	return c
}

// check validates the flags that do not need the files.
func (o *diagnoseWeightsOptions) check() (weighting.RakeOptions, error) {
	ro := weighting.RakeOptions{Tolerance: o.tolerance, MaxIter: o.maxIter}
	switch {
	case o.sample == "" || o.margins == "":
		return ro, usagef("diagnose weights needs --sample FILE and --margins FILE")
	case !slices.Contains(weightMethods, o.method):
		return ro, usagef("--method %q: choose %s", o.method, strings.Join(weightMethods, " or "))
	case !(o.tolerance > 0):
		return ro, usagef("--tolerance %g: must be positive", o.tolerance)
	case o.maxIter < 1:
		return ro, usagef("--max-iter %d: must be at least 1", o.maxIter)
	case !slices.Contains(reports.Formats, o.format):
		return ro, usagef("--format %q: choose one of %s", o.format, strings.Join(reports.Formats, ", "))
	case o.table != "" && o.table != "all" && !slices.Contains(reports.WeightTables, o.table):
		return ro, usagef("--table %q: choose one of %s, or all", o.table, strings.Join(reports.WeightTables, ", "))
	case o.format == "csv" && (o.table == "" || o.table == "all"):
		return ro, usagef("CSV holds one table: choose it with --table (%s), or use --format json for all of them", strings.Join(reports.WeightTables, ", "))
	}
	if o.trim != "" {
		if o.method != "rake" {
			return ro, usagef("--trim works with --method rake")
		}
		lo, hi, ok := strings.Cut(o.trim, ",")
		var err1, err2 error
		ro.TrimLow, err1 = strconv.ParseFloat(strings.TrimSpace(lo), 64)
		ro.TrimHigh, err2 = strconv.ParseFloat(strings.TrimSpace(hi), 64)
		if !ok || err1 != nil || err2 != nil || !(0 <= ro.TrimLow && ro.TrimLow <= 1 && 1 <= ro.TrimHigh && ro.TrimLow < ro.TrimHigh) || math.IsInf(ro.TrimHigh, 0) {
			return ro, usagef("--trim %q: want LOW,HIGH multiples of the mean weight with 0 ≤ LOW ≤ 1 ≤ HIGH (e.g. 0.2,5)", o.trim)
		}
	}
	return ro, nil
}

func runDiagnoseWeights(o *diagnoseWeightsOptions, stdout, stderr io.Writer) error {
	ro, err := o.check()
	if err != nil {
		return err
	}
	if o.out != "" {
		if err := refuseInput("--out", o.out, o.sample, o.margins); err != nil {
			return err
		}
	}
	tb, err := sources.ReadFile(o.margins)
	if err != nil {
		return err
	}
	sb, err := sources.ReadFile(o.sample)
	if err != nil {
		return err
	}
	t, err := weighting.ReadTargets(o.margins, tb)
	if err != nil {
		return err
	}
	s, err := weighting.ReadSample(o.sample, sb, t, weighting.SampleOptions{Weight: o.weight, ID: o.id, Outcomes: o.outcomes})
	if err != nil {
		return err
	}
	var r *weighting.Result
	if o.method == "poststratify" {
		r, err = weighting.Poststratify(s, t)
	} else {
		r, err = weighting.Rake(s, t, ro)
	}
	if err != nil {
		return err
	}
	if !r.Converged {
		msg := unconverged(r, o.margins)
		if !o.allowUnconv {
			return sources.DataErrorf(o.sample, 0, "%s; nothing written (--allow-unconverged writes the weights anyway)", msg)
		}
		fmt.Fprintf(stderr, "warning: %s\n", msg)
	}
	if o.out != "" {
		if err := writeAtomic(o.out, reports.AppendWeightsFile(nil, s, r.Weights)); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "wrote %d weights to %s\n", s.Len(), o.out)
	}
	return reports.WriteWeights(stdout, weighting.Diagnose(s, t, r), o.format, o.table)
}

// unconverged says why raking did not converge: the passes made, the last
// change against its threshold, and the margins missed (the worst five),
// each with the line of the targets file that gives it.
func unconverged(r *weighting.Result, margins string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "raking did not converge after %d passes (at most %d; largest change %.3g, threshold %.3g)", r.Iterations, r.MaxIter, r.Change, r.Epsilon)
	if len(r.Missed) > 0 {
		fmt.Fprintf(&b, "; %d margins missed by more than %.3g:", len(r.Missed), r.MarginTolerance)
		for i, m := range r.Missed[:min(5, len(r.Missed))] {
			if i > 0 {
				b.WriteString(";")
			}
			fmt.Fprintf(&b, " %s = %q (%s:%d) weighs %.6g for a target of %.6g (%+.3g)", m.Variable, m.Category, margins, m.Line, m.Weighted, m.Target, m.Weighted-m.Target)
		}
		if len(r.Missed) > 5 {
			fmt.Fprintf(&b, "; and %d more", len(r.Missed)-5)
		}
	}
	return b.String()
}
