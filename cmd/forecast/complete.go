package main

import (
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"forecast/data"
	"forecast/reports"
	"forecast/reports/locale"
	"forecast/scoring"
	"forecast/sources"
)

// Shell completion of flag values and arguments ('forecast completion bash'
// and the hidden '__complete' command it calls). Every list comes from the
// table the command validates the value against, so that completion offers
// exactly what the command accepts; values that depend on the data (rounds,
// candidate ids, diagnose tables) come from the election the command line
// chooses so far (--election, --data or --election-file).

// words completes a flag or argument from a fixed list, without falling
// back to file names.
func words[S ~string](list ...S) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		out := make([]cobra.Completion, len(list))
		for i, w := range list {
			out[i] = string(w)
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// complete registers the completion of flag values; a flag the command does
// not have is a programming error.
func complete(c *cobra.Command, fns map[string]cobra.CompletionFunc) {
	for flag, fn := range fns {
		if err := c.RegisterFlagCompletionFunc(flag, fn); err != nil {
			panic(fmt.Sprintf("forecast %s: %v", c.Name(), err))
		}
	}
}

// completeFiles makes a flag complete file names with one of the
// extensions (none: any file).
func completeFiles(c *cobra.Command, flag string, ext ...string) {
	if err := c.MarkFlagFilename(flag, ext...); err != nil {
		panic(fmt.Sprintf("forecast %s: %v", c.Name(), err))
	}
}

// completeDataFlags registers the completion of --election (the embedded
// elections) and --data (directories).
func completeDataFlags(c *cobra.Command, f *dataFlags) {
	complete(c, map[string]cobra.CompletionFunc{"election": words(data.Elections()...),
		"race": func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			e := f.completionElection()
			if e == nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var out []cobra.Completion
			for _, r := range e.Races {
				out = append(out, cobra.CompletionWithDesc(r.ID, r.Name))
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		}})
	if err := c.MarkFlagDirname("data"); err != nil {
		panic(err)
	}
}

// completionElection returns the election the command line chose so far
// (--data, else --election), or nil when it cannot be read: completion then
// offers only what does not depend on it.
func (f *dataFlags) completionElection() *sources.Election {
	var fsys fs.FS
	if f.dir != "" {
		fsys = os.DirFS(f.dir)
	} else {
		var err error
		if fsys, err = data.Election(f.election); err != nil {
			return nil
		}
	}
	b, err := fs.ReadFile(fsys, sources.ElectionFile)
	if err != nil {
		return nil
	}
	e, err := sources.ParseElection(sources.ElectionFile, b)
	if err != nil {
		return nil
	}
	return e
}

// completeRounds completes --round with the rounds of an election (1 and 2
// when it is not known yet).
func completeRounds(election func() *sources.Election) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		e := election()
		if e == nil {
			return []cobra.Completion{"1", "2"}, cobra.ShellCompDirectiveNoFileComp
		}
		var out []cobra.Completion
		for _, r := range e.Rounds {
			out = append(out, cobra.CompletionWithDesc(strconv.Itoa(r.Number), r.Date))
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// candidateSetKinds are the named candidate sets scoring.ParseCandidateSet
// accepts besides topN and lists of ids (TestCompletionValuesAreAccepted
// keeps the two in step).
var candidateSetKinds = []string{"headline", "all", "common"}

// ballot returns the candidates a candidate set of the round may name: the
// round's ballot (those in its result), or every candidate who ran when the
// election does not declare the ballot.
func ballot(e *sources.Election, round int) []sources.Candidate {
	var ids []string
	if r, err := e.Round(round); err == nil {
		ids = r.Ballot
	}
	var out []sources.Candidate
	for _, c := range e.Candidates {
		if slices.Contains(ids, c.ID) || (len(ids) == 0 && c.Ran) {
			out = append(out, c)
		}
	}
	return out
}

// completeCandidates completes --candidates: the named sets (without those
// in exclude), topN for N from 2 to the number of candidates on the ballot
// of the round, and, after a comma or instead of a set, the ids of the
// round's candidates not yet in the list.
func completeCandidates(election func() *sources.Election, round *int, exclude ...string) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var cands []sources.Candidate
		if e := election(); e != nil {
			cands = ballot(e, *round)
		}
		if i := strings.LastIndex(toComplete, ","); i >= 0 {
			// A list of ids: complete its last element.
			prefix, given := toComplete[:i+1], strings.Split(toComplete[:i], ",")
			var out []cobra.Completion
			for _, c := range cands {
				if !slices.Contains(given, c.ID) {
					out = append(out, prefix+c.ID)
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
		}
		var out []cobra.Completion
		for _, k := range candidateSetKinds {
			if !slices.Contains(exclude, k) {
				out = append(out, k)
			}
		}
		for n := 2; n <= len(cands); n++ {
			out = append(out, "top"+strconv.Itoa(n))
		}
		for _, c := range cands {
			out = append(out, cobra.CompletionWithDesc(c.ID+",", c.Name))
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	}
}

// completeCandidateIDs completes a single candidate id of the round.
func completeCandidateIDs(election func() *sources.Election, round *int) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		if e := election(); e != nil {
			for _, c := range ballot(e, *round) {
				out = append(out, cobra.CompletionWithDesc(c.ID, c.Name))
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// families are the values of --family: every family, or all.
func families() []string {
	out := []string{"all"}
	for _, f := range sources.Families {
		out = append(out, string(f))
	}
	return out
}

// completeSelectFlags registers the completion of the flags selectFlags
// defines (score and diagnose).
func (f *selectFlags) completeSelectFlags(c *cobra.Command) {
	complete(c, map[string]cobra.CompletionFunc{
		"round":      completeRounds(f.data.completionElection),
		"at":         words("final", "all"),
		"candidates": completeCandidates(f.data.completionElection, &f.round),
		"family":     words(families()...),
		"format":     words(reports.Formats...),
	})
}

// completeChartFlags registers the completion of the flags chartFlags
// defines (chart and report). The charts take no "all" candidate set.
func (f *chartFlags) completeChartFlags(c *cobra.Command) {
	complete(c, map[string]cobra.CompletionFunc{
		"lang":       words(locale.Langs...),
		"round":      completeRounds(f.data.completionElection),
		"candidates": completeCandidates(f.data.completionElection, &f.round, "all"),
		"measure":    words(scoring.SortKeys...),
	})
}

// completeDiagnoseTables completes diagnose --table with the tables of the
// diagnosis the command line asks for, computed as the command computes
// them, and all.
func completeDiagnoseTables(o *diagnoseOptions) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		doc, err := o.diagnose()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return append(doc.TableNames(), "all"), cobra.ShellCompDirectiveNoFileComp
	}
}
