package main

import (
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"forecast/reports"
)

// diagnoseRacesOptions are the flags of 'forecast diagnose races'.
type diagnoseRacesOptions struct {
	data          dataFlags
	format, table string
}

func newDiagnoseRacesCmd(stdout io.Writer) *cobra.Command {
	o := &diagnoseRacesOptions{}
	c := &cobra.Command{
		Use:   "races",
		Short: "Many races side by side: error and bias of the polls on the margin, wrong winners",
		Long: `Set the races of an election side by side (an election whose election.json
declares races, as us-2016-presidential: the nation, every state and district):
in each race, how far its polls' margin between the race's two headline
candidates A and B fell from the result's, their bias toward A, and which polls
and poll averages named the wrong winner; then the national race against the
state and district races (docs/METHODS.md §17).

Tables (--table NAME; CSV and JSON carry full precision):
  races    race,scope,a,b,polls,pollsters,result_margin,winner,average_margin,bias,
           bias_se,bias_lo,bias_hi,mean_abs_error,wrong_winner_polls,
           average_wrong_winner,final_polls,final_bias,final_mean_abs_error,
           final_wrong_winner_polls: every poll of the race counts once; final_*
           take each pollster's final poll; bias = poll margin − result margin
           (positive: the polls favoured A), its SE clustered by pollster and
           its 95 % interval; a poll with A and B tied counts half a wrong winner
  summary  group,scopes,races,polls,mean_abs_error,bias,bias_se,bias_lo,bias_hi,
           se_cluster,race_bias,race_bias_se,race_bias_lo,race_bias_hi,
           races_favouring_a,wrong_winner_races,wrong_winner_race_ids,
           wrong_winner_polls: national, subnational (state and district) and
           all; bias per poll with its SE clustered by race, race_bias per race
  polls    every poll of every race (long)` + "\n" + exitStatusHelp,
		Example: `  forecast diagnose races --election us-2016-presidential
  forecast diagnose races --election us-2016-presidential --format csv --table summary
  forecast diagnose races --data my-races --format json`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error { return runDiagnoseRaces(o, stdout) },
	}
	o.data.register(c)
	f := c.Flags()
	f.StringVar(&o.format, "format", "table", "table, csv, json or markdown")
	f.StringVar(&o.table, "table", "", "the table to print: races, summary or polls (CSV: default races)")
	complete(c, map[string]cobra.CompletionFunc{"table": words("races", "summary", "polls", "all")})
	return c
}

func runDiagnoseRaces(o *diagnoseRacesOptions, stdout io.Writer) error {
	if !slices.Contains(reports.Formats, o.format) {
		return usagef("--format %q: choose one of %s", o.format, strings.Join(reports.Formats, ", "))
	}
	if o.table != "" && o.table != "all" && !slices.Contains([]string{"races", "summary", "polls"}, o.table) {
		return usagef("--table %q: choose races, summary or polls, or all", o.table)
	}
	if o.data.race != "" {
		return usagef("--race %s: diagnose races sets every race of the election side by side; leave --race out", o.data.race)
	}
	table := o.table
	switch {
	case o.format == "csv" && table == "":
		table = "races"
	case o.format == "csv" && table == "all":
		return usagef("CSV holds one table: --table all needs --format json, table or markdown")
	}
	a, err := o.data.races()
	if err != nil {
		return err
	}
	return reports.WriteDiagnostics(stdout, reports.RaceDiagnostics(a), o.format, table)
}
