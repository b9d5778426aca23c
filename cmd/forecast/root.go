package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"forecast/data"
	"forecast/reports/safe"
	"forecast/sources"
)

// Exit codes, documented in every command's help.
const (
	exitOK      = 0
	exitFailure = 1 // anything else: a file that cannot be written, a bug
	exitUsage   = 2 // bad flags or arguments
	exitData    = 3 // bad input data: the message names the file and line
)

const exitStatusHelp = `
Exit status:
  0  success
  1  failure (a file could not be read or written)
  2  bad usage (unknown flag, bad flag value, wrong arguments)
  3  bad data (the message names the file, the line and what is wrong)`

// usageError marks an error in how the command was called.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// Main runs the command line with args and returns the exit status. It is
// what main calls, and what the tests call in-process. A write to stdout
// that fails (a full disk, a closed pipe) fails the command, with exit
// status 1, whichever command or help text wrote it.
func Main(args []string, stdout, stderr io.Writer) int {
	out := safe.NewWriter(stdout)
	root := newRoot(out, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil && out.Err() != nil {
		err = fmt.Errorf("writing the output: %w", out.Err())
	}
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(stderr, "forecast:", err)
	var u usageError
	switch {
	case errors.As(err, &u):
		fmt.Fprintln(stderr, "Run 'forecast --help' for usage.")
		return exitUsage
	case sources.IsDataError(err):
		return exitData
	}
	return exitFailure
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "forecast",
		Short: "How good were the forecasts? Score polls and buzz predictors against the official result",
		Long: `forecast imports what pollsters and "buzz" predictors published before an election,
scores every figure against the official result with the measures of the survey
literature (errors in points, Arzheimer & Evans's A', B and B_w with χ² tests,
winner and order measures), and says which forecasts were right.

The 2017 and 2022 French presidential elections are embedded, and the polls of the
2016 US presidential election, nationally and by state: 'forecast score' works with
no flags (2017); every command takes --election fr-2022-presidential or
us-2016-presidential (one race at a time: --race WI; the national race by default),
and 'forecast data list' shows what each election holds. Formulas, conventions and
sources: docs/METHODS.md in the repository.` + "\n" + exitStatusHelp,
		SilenceUsage:  true,
		SilenceErrors: true,
		// Args and RunE make an unknown command a usage error (exit 2); with
		// no arguments the root command prints its help.
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("unknown command %q (run 'forecast --help' for the commands)", args[0])
			}
			return nil
		},
		RunE: func(c *cobra.Command, _ []string) error { return c.Help() },
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(subcommands(stdout, stderr)...)
	for _, c := range root.Commands() {
		c.Long += "\n" + exitStatusHelp
	}
	return root
}

// subcommands lists the commands of forecast, one constructor each.
func subcommands(stdout, stderr io.Writer) []*cobra.Command {
	return []*cobra.Command{
		newScoreCmd(stdout),
		newCompareCmd(stdout),
		newImportCmd(stdout, stderr),
		newDataCmd(stdout),
		newDiagnoseCmd(stdout, stderr),
		newChartCmd(stdout, stderr),
		newReportCmd(stdout, stderr),
		newRateCmd(stdout),
		newHistoryCmd(stdout, stderr),
	}
}

// selectFlags are the flags of the commands that select snapshots to score
// or diagnose (score, diagnose polls|buzz|all): the dataset, the round, the
// time, the candidate set, the family and the output format.
type selectFlags struct {
	data       dataFlags
	round      int
	at         string
	candidates string
	family     string
	format     string
}

// register adds the flags to c; verb ("score", "diagnose") and the help of
// --at and --family are the command's own.
func (f *selectFlags) register(c *cobra.Command, verb, atHelp, familyHelp string) {
	f.data.register(c)
	fl := c.Flags()
	fl.IntVar(&f.round, "round", 1, "round to "+verb+" (1 or 2)")
	fl.StringVar(&f.at, "at", "final", atHelp)
	fl.StringVar(&f.candidates, "candidates", "headline", "candidate set: headline (the election's declared common ground), all, common, topN (e.g. top4), or ids separated by commas (MACRON,LE_PEN)")
	fl.StringVar(&f.family, "family", "all", familyHelp)
	fl.StringVar(&f.format, "format", "table", "table, csv, json or markdown")
	f.completeSelectFlags(c)
}

// dataFlags are the flags that choose a dataset.
type dataFlags struct {
	election string // id of an embedded election
	dir      string // a directory in the canonical format, instead
	race     string // the race, in an election of several
}

func (f *dataFlags) register(c *cobra.Command) {
	c.Flags().StringVar(&f.election, "election", data.Default, "embedded election to use")
	c.Flags().StringVar(&f.dir, "data", "", "directory with election.json, results.csv and forecasts.csv in the canonical format, instead of an embedded election")
	c.Flags().StringVar(&f.race, "race", "", "race to use when the election holds several (us-2016-presidential: US, WI, …; 'forecast data show ELECTION' lists them); default: its national race")
	completeDataFlags(c, f)
}

// loadAll reads the chosen dataset whole, with all its races.
func (f *dataFlags) loadAll() (*sources.Dataset, error) {
	var fsys fs.FS
	if f.dir != "" {
		if st, err := os.Stat(f.dir); err != nil || !st.IsDir() {
			return nil, usagef("--data %s: not a directory", f.dir)
		}
		fsys = os.DirFS(f.dir)
	} else {
		var err error
		if fsys, err = data.Election(f.election); err != nil {
			return nil, usageError{err}
		}
	}
	return sources.Load(fsys)
}

// load reads the chosen dataset and, when it holds several races, keeps the
// one --race names (its national race by default) as the commands score a
// round (sources.Dataset.Race).
func (f *dataFlags) load() (*sources.Dataset, error) {
	d, err := f.loadAll()
	if err != nil {
		return nil, err
	}
	return f.pick(d)
}

// pick is the race of d that --race chooses; d itself when d declares no races.
func (f *dataFlags) pick(d *sources.Dataset) (*sources.Dataset, error) {
	e := d.Election
	id := f.race
	if len(e.Races) == 0 {
		if id != "" {
			return nil, usagef("--race %s: election %s declares no races (each round is one national race)", id, e.ID)
		}
		return d, nil
	}
	if id == "" {
		r, ok := e.DefaultRace()
		if !ok {
			return nil, usagef("election %s has no national race: choose one with --race ('forecast data show %s' lists them)", e.ID, e.ID)
		}
		id = r.ID
	}
	race, err := d.Race(id)
	if err != nil {
		return nil, usageError{err}
	}
	return race, nil
}

// exactArgs is cobra.ExactArgs with the error marked as bad usage.
func exactArgs(n int) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if err := cobra.ExactArgs(n)(c, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}
