package main

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"forecast/data"
	"forecast/sources"
	"forecast/sources/blochistory"
	"forecast/sources/fivethirtyeight"
	"forecast/sources/ministere"
	"forecast/sources/nsppolls"
	"forecast/sources/pollingerrors"
	"forecast/sources/pollsposition"
	"forecast/sources/proclamation"
	"forecast/sources/tidy"
)

// importOptions are the flags of 'forecast import'.
type importOptions struct {
	election     string
	electionFile string
	round        int
	out          string
	sourceURL    string
	datasets     []string
	exclude      []string
	corrections  string
	year         int    // fivethirtyeight: the election's year
	raceType     string // fivethirtyeight: the race type (type_simple)
	id, name     string // fivethirtyeight: the election's id and name
	nameFr       string // fivethirtyeight: the election's name in French
}

// importer reads one upstream file. results says whether it gives results
// (results.csv layout) rather than forecast figures (forecasts.csv layout).
type importer struct {
	name, about string
	results     bool
	read        func(file string, b []byte, e *sources.Election, o *importOptions) (*sources.Imported, error)
}

var importers = []importer{
	{"pollsposition", "pollsposition JSON (sondages/presidentielles_2017.json)", false,
		func(file string, b []byte, e *sources.Election, o *importOptions) (*sources.Imported, error) {
			return pollsposition.Read(file, b, e, pollsposition.Options{FallbackURL: o.sourceURL})
		}},
	{"nsppolls", "NSPPolls community long CSV (presidentielle.csv)", false,
		func(file string, b []byte, e *sources.Election, o *importOptions) (*sources.Imported, error) {
			return nsppolls.Read(file, b, e, nsppolls.Options{SourceURL: o.sourceURL})
		}},
	{"ministere", "Ministry of the Interior results by département (; separated, Latin-1 or UTF-8)", true,
		func(file string, b []byte, e *sources.Election, o *importOptions) (*sources.Imported, error) {
			return ministere.Read(file, b, e, ministere.Options{Round: o.round, SourceURL: o.sourceURL})
		}},
	{"proclamation", "national results as proclaimed (researched tidy layout, results_national.csv)", true,
		func(file string, b []byte, e *sources.Election, o *importOptions) (*sources.Imported, error) {
			return proclamation.Read(file, b, e)
		}},
	{"polls", "researched tidy polls (polls_round1.csv layout; needs --round)", false,
		func(file string, b []byte, e *sources.Election, o *importOptions) (*sources.Imported, error) {
			return tidy.ReadPolls(file, b, e, tidy.PollOptions{Round: o.round, Datasets: o.datasets})
		}},
	{"buzz", "researched tidy buzz figures, any source (buzz.csv layout)", false,
		func(file string, b []byte, e *sources.Election, o *importOptions) (*sources.Imported, error) {
			return tidy.ReadBuzz(file, b, e, tidy.BuzzOptions{})
		}},
}

func init() {
	for _, p := range tidy.Profiles {
		importers = append(importers, importer{p.Source, p.Source + " figures in the buzz.csv layout (measure set by the importer)", false,
			func(file string, b []byte, e *sources.Election, o *importOptions) (*sources.Imported, error) {
				return tidy.ReadBuzz(file, b, e, tidy.BuzzOptions{Source: p.Source})
			}})
	}
}

func newImportCmd(stdout, stderr io.Writer) *cobra.Command {
	o := &importOptions{}
	var formats []string
	for _, im := range importers {
		formats = append(formats, fmt.Sprintf("  %-14s %s", im.name, im.about))
	}
	c := &cobra.Command{
		Use:   "import FORMAT FILE...",
		Short: "Read upstream files and write the canonical CSV",
		Long: `Read one or more upstream files of one format and write them in the canonical tidy
format: forecasts.csv layout for polls and buzz, results.csv layout for results.
Every row is read or reported with its file, line and reason; what the importer
changed or flagged (a duplicated key, a 0 that means "below 0.5 %") is said on
standard error. Files are read whole, up to ` + strconv.Itoa(sources.MaxFileSize>>20) + ` MiB each; a larger file
is refused before it is read (exit 3).

Candidates are resolved with the metadata of --election (or --election-file); an
unknown name is an error. With --election none the election is not described yet:
candidate ids are derived from the names and listed on standard error.

Formats:
` + strings.Join(formats, "\n") + `
  ` + pollingErrorsFormat + `  Shirani-Mehr et al. (2018) US polls (polls_main_dataset.tsv): --out DIR
                 gets DIR/polls.csv, one row per poll, the layout 'forecast
                 diagnose tse --data DIR' reads (data/README.md); no election
  ` + fiveThirtyEightFormat + ` FiveThirtyEight's raw-polls.csv (any vintage; CC BY 4.0): the polls of
                 one election (--year, --type, --id, --name) as a whole canonical
                 dataset, one race per location, results as shares: --out DIR
                 gets election.json, results.csv and forecasts.csv
  ` + blocHistoryFormat + ` pollsposition's French polls by bloc, 1965–2019
                 (tour1_complet_unitedfl.csv): one dataset, every election a
                 race, the blocs its candidates, results as shares: --out DIR`,
		Example: `  forecast import pollsposition presidentielles_2017.json --out polls.csv
  forecast import fivethirtyeight raw-polls.csv --year 2016 --type Pres-G --id us-2016-presidential --out us2016
  forecast import ministere Presidentielle_2017_Resultats_Tour_1_departements.csv
  forecast import nsppolls presidentielle.csv --election none`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) < 2 {
				return usagef("import needs a format and at least one file")
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error { return runImport(o, args[0], args[1:], stdout, stderr) },
	}
	f := c.Flags()
	f.StringVar(&o.election, "election", data.Default, "embedded election whose candidates and pollsters resolve names, or none")
	f.StringVar(&o.electionFile, "election-file", "", "an election.json to resolve names with, instead of --election")
	f.IntVar(&o.round, "round", 0, "round the file is about, for layouts without a round column (polls; ministere when the file name does not say)")
	f.StringVarP(&o.out, "out", "o", "", "write to this file (atomically) instead of standard output")
	f.StringVar(&o.sourceURL, "source-url", "", "URL to record as the source of rows that carry none")
	f.StringSliceVar(&o.datasets, "only-dataset", nil, "polls: keep only rows whose source_dataset is one of these")
	f.StringSliceVar(&o.exclude, "exclude", nil, "leave out these snapshot ids (reported on standard error)")
	f.StringVar(&o.corrections, "corrections", "", "apply a corrections file (snapshot,field,from,to,reason,source_url)")
	f.IntVar(&o.year, "year", 0, fiveThirtyEightFormat+": the election's year (the year column)")
	f.StringVar(&o.raceType, "type", "Pres-G", fiveThirtyEightFormat+": the race type (type_simple: Pres-G, Sen-G, Gov-G, House-G, Pres-P)")
	f.StringVar(&o.id, "id", "", fiveThirtyEightFormat+": the election's id (default us-YEAR-TYPE, e.g. us-2016-pres-g)")
	f.StringVar(&o.name, "name", "", fiveThirtyEightFormat+": the election's name for people (default: built from the year and type)")
	f.StringVar(&o.nameFr, "name-fr", "", fiveThirtyEightFormat+": the election's name in French, for French charts and reports (default: --name)")
	c.ValidArgsFunction = completeImportArgs
	complete(c, map[string]cobra.CompletionFunc{
		"election": words(append(data.Elections(), "none")...),
		"round": completeRounds(func() *sources.Election {
			e, _ := o.meta()
			return e
		}),
	})
	completeFiles(c, "election-file", "json")
	completeFiles(c, "corrections", "csv")
	completeFiles(c, "out", "csv")
	return c
}

// completeImportArgs completes the format (the importers' names) and then
// the files.
func completeImportArgs(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveDefault
	}
	var out []cobra.Completion
	for _, im := range importers {
		out = append(out, cobra.CompletionWithDesc(im.name, im.about))
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

func runImport(o *importOptions, format string, files []string, stdout, stderr io.Writer) error {
	switch format {
	case pollingErrorsFormat:
		return runImportPollingErrors(o, files, stdout, stderr)
	case fiveThirtyEightFormat:
		return runImportFiveThirtyEight(o, files, stderr)
	case blocHistoryFormat:
		return runImportBlocHistory(o, files, stderr)
	}
	i := slices.IndexFunc(importers, func(im importer) bool { return im.name == format })
	if i < 0 {
		var names []string
		for _, im := range importers {
			names = append(names, im.name)
		}
		names = append(names, pollingErrorsFormat, fiveThirtyEightFormat, blocHistoryFormat)
		return usagef("unknown format %q (formats: %s)", format, strings.Join(names, ", "))
	}
	imp := importers[i]
	if o.out != "" {
		if err := refuseInput("--out", o.out, append([]string{o.electionFile, o.corrections}, files...)...); err != nil {
			return err
		}
	}
	e, err := o.meta()
	if err != nil {
		return err
	}
	all := &sources.Imported{Derived: map[string]string{}}
	var errs []error
	for _, file := range files {
		b, err := sources.ReadFile(file)
		if err != nil {
			return err
		}
		im, err := imp.read(file, b, e, o)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		all.Figures = append(all.Figures, im.Figures...)
		all.Results = append(all.Results, im.Results...)
		all.Notices = append(all.Notices, im.Notices...)
		for id, name := range im.Derived {
			all.Derived[id] = name
		}
	}
	if err := errors.Join(errs...); err != nil {
		return &sources.DataError{Errs: errs}
	}
	if err := o.postProcess(all); err != nil {
		return err
	}
	for _, n := range all.Notices {
		fmt.Fprintln(stderr, "note:", n)
	}
	if len(all.Derived) > 0 {
		ids := make([]string, 0, len(all.Derived))
		for id := range all.Derived {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		fmt.Fprintf(stderr, "note: the election is not described; %d candidate ids derived from names (describe them in election.json):\n", len(ids))
		for _, id := range ids {
			fmt.Fprintf(stderr, "  %-16s %s\n", id, all.Derived[id])
		}
	}
	var buf bytes.Buffer
	if imp.results {
		err = sources.WriteResults(&buf, all.Results)
		fmt.Fprintf(stderr, "imported %d result rows from %d file(s)\n", len(all.Results), len(files))
	} else {
		err = sources.WriteFigures(&buf, all.Figures)
		fmt.Fprintf(stderr, "imported %d figures in %d snapshots from %d file(s)\n", len(all.Figures), countSnapshots(all.Figures), len(files))
	}
	if err != nil {
		return err
	}
	if o.out == "" {
		_, err = stdout.Write(buf.Bytes())
		return err
	}
	return writeAtomic(o.out, buf.Bytes())
}

// meta returns the election whose registry resolves names, or nil for none.
func (o *importOptions) meta() (*sources.Election, error) {
	if o.electionFile != "" {
		b, err := sources.ReadFile(o.electionFile)
		if err != nil {
			return nil, err
		}
		return sources.ParseElection(o.electionFile, b)
	}
	if o.election == "none" {
		return nil, nil
	}
	fsys, err := data.Election(o.election)
	if err != nil {
		return nil, usageError{err}
	}
	b, err := fs.ReadFile(fsys, sources.ElectionFile)
	if err != nil {
		return nil, err
	}
	return sources.ParseElection(o.election+"/"+sources.ElectionFile, b)
}

// postProcess applies --exclude and --corrections, and checks the merged
// figures for snapshots that break the cross-row rules.
func (o *importOptions) postProcess(all *sources.Imported) error {
	for _, id := range o.exclude {
		n := len(all.Figures)
		all.Figures = slices.DeleteFunc(all.Figures, func(f sources.Figure) bool { return f.Snapshot == id })
		if n == len(all.Figures) {
			return usagef("--exclude %s: no such snapshot", id)
		}
		all.Note("--exclude", 0, "left out snapshot %s (%d figures)", id, n-len(all.Figures))
	}
	if o.corrections != "" {
		b, err := sources.ReadFile(o.corrections)
		if err != nil {
			return err
		}
		notices, err := sources.ApplyCorrections(o.corrections, b, all.Figures)
		if err != nil {
			return err
		}
		all.Notices = append(all.Notices, notices...)
	}
	var p sources.Problems
	for _, err := range sources.CheckSnapshots(all.Figures) {
		p.Add(err)
	}
	for _, err := range sources.DuplicatePolls(all.Figures) {
		p.Add(err)
	}
	return p.Err()
}

func countSnapshots(figs []sources.Figure) int {
	seen := map[string]bool{}
	for _, f := range figs {
		seen[f.Snapshot] = true
	}
	return len(seen)
}

// writeAtomic writes b to path through a temporary file in the same
// directory, so that an interrupted run never leaves a half-written file.
func writeAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	// CreateTemp makes the file readable by its owner only; the output is
	// meant to be shared, so give it the usual permissions before it appears.
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// pollingErrorsFormat is the import format of the polling-errors dataset,
// which has a layout of its own (one row per poll of many races) rather
// than an election's canonical files.
const pollingErrorsFormat = "polling-errors"

// runImportPollingErrors reads polls_main_dataset.tsv files and writes
// their polls in the polling-errors tidy layout: into DIR/polls.csv with
// --out DIR (created if needed), else to standard output.
func runImportPollingErrors(o *importOptions, files []string, stdout, stderr io.Writer) error {
	var polls []pollingerrors.Poll
	var errs []error
	for _, file := range files {
		b, err := sources.ReadFile(file)
		if err != nil {
			return err
		}
		ps, err := pollingerrors.Read(file, b)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		polls = append(polls, ps...)
	}
	if len(errs) > 0 {
		return &sources.DataError{Errs: errs}
	}
	var buf bytes.Buffer
	if err := pollingerrors.Write(&buf, polls); err != nil {
		return err
	}
	races := map[string]bool{}
	for _, p := range polls {
		races[p.Race] = true
	}
	fmt.Fprintf(stderr, "imported %d polls of %d races from %d file(s)\n", len(polls), len(races), len(files))
	if o.out == "" {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	return writeAtomic(filepath.Join(o.out, pollingerrors.File), buf.Bytes())
}

// fiveThirtyEightFormat is the import format of FiveThirtyEight's
// raw-polls.csv, which makes a whole dataset of many races.
const fiveThirtyEightFormat = "fivethirtyeight"

// runImportFiveThirtyEight reads one raw-polls.csv and writes the polls of
// one election as a canonical dataset in --out DIR (fivethirtyeight.Dataset).
func runImportFiveThirtyEight(o *importOptions, files []string, stderr io.Writer) error {
	switch {
	case len(files) != 1:
		return usagef("%s reads one raw-polls.csv", fiveThirtyEightFormat)
	case o.out == "":
		return usagef("%s writes a dataset directory: give --out DIR", fiveThirtyEightFormat)
	case o.year == 0:
		return usagef("%s: give the election's --year (2016)", fiveThirtyEightFormat)
	}
	b, err := sources.ReadFile(files[0])
	if err != nil {
		return err
	}
	ps, err := fivethirtyeight.Read(files[0], b, "auto")
	if err != nil {
		return err
	}
	id := cmp.Or(o.id, fmt.Sprintf("us-%d-%s", o.year, strings.ToLower(o.raceType)))
	name := cmp.Or(o.name, fmt.Sprintf("US %s races, %d (FiveThirtyEight)", o.raceType, o.year))
	d, err := fivethirtyeight.Dataset(ps, fivethirtyeight.DatasetOptions{Year: o.year, Type: o.raceType, ID: id, Name: name, NameFr: o.nameFr, SourceURL: o.sourceURL})
	if errors.Is(err, fivethirtyeight.ErrNoPolls) {
		return usageError{err} // --year and --type chose nothing
	}
	if err != nil {
		return err
	}
	// Every poll question is two figures, one per finisher (fivethirtyeight.Dataset).
	return writeDataset(o.out, d, stderr, fmt.Sprintf("imported %d poll questions of %d races (%s %d) from %s", len(d.Figures)/2, len(d.Election.Races), o.raceType, o.year, files[0]))
}

// writeDataset writes a dataset's three files into dir (created if needed),
// each atomically, and says what it did on stderr.
func writeDataset(dir string, d *sources.Dataset, stderr io.Writer, what string) error {
	files, err := d.Marshal()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range []string{sources.ElectionFile, sources.ResultsFile, sources.ForecastsFile} {
		if err := writeAtomic(filepath.Join(dir, f), files[f]); err != nil {
			return err
		}
	}
	fmt.Fprintf(stderr, "%s into %s\n", what, dir)
	return nil
}

// blocHistoryFormat is the import format of pollsposition's bloc history,
// which makes one dataset of many elections.
const blocHistoryFormat = "pollsposition-history"

// runImportBlocHistory reads tour1_complet_unitedfl.csv and writes it as one
// canonical dataset in --out DIR (blochistory.Dataset).
func runImportBlocHistory(o *importOptions, files []string, stderr io.Writer) error {
	switch {
	case len(files) != 1:
		return usagef("%s reads one tour1_complet_unitedfl.csv", blocHistoryFormat)
	case o.out == "":
		return usagef("%s writes a dataset directory: give --out DIR", blocHistoryFormat)
	}
	b, err := sources.ReadFile(files[0])
	if err != nil {
		return err
	}
	f, err := blochistory.Read(files[0], b)
	if err != nil {
		return err
	}
	d, left, err := blochistory.Dataset(f, cmp.Or(o.sourceURL, blochistory.SourceURL))
	if err != nil {
		return err
	}
	polls := map[string]bool{}
	for _, x := range d.Figures {
		polls[x.Snapshot] = true
	}
	return writeDataset(o.out, d, stderr, fmt.Sprintf("imported %d polls of %d races from %s (left out: %d seats rows, not votes)", len(polls), len(d.Election.Races), files[0], left))
}
