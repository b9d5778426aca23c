package charts

import (
	"cmp"
	"fmt"
	"image/color"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"forecast/reports/locale"
	"forecast/scoring"
	"forecast/scoring/quota"
	"forecast/scoring/selection"
	"forecast/sources"
)

// Data is what the charts are drawn from: a dataset and its scores for one
// round, computed once by Prepare and shared by every chart of a report.
type Data struct {
	Dataset *sources.Dataset
	Config  Config
	Final   *scoring.Leaderboard // each series' final forecast, best first by Config.Measure
	All     *scoring.Leaderboard // every forecast snapshot of the round
	// polls and selection are the quota-poll diagnostics (the poll
	// average, house effects) and the self-selection ones (n_eff, with the
	// poll average scored as a forecast of its own), computed when a chart
	// first asks for them (see Polls and Selection): most charts need
	// neither, and the poll average is most of the cost of a chart. Copies
	// of a Data share them (they depend on the round and the candidates,
	// not on From).
	polls     *quota.Lazy
	selection *lazySelection
}

// Config chooses what the charts show.
type Config struct {
	Round      int
	Candidates scoring.CandidateSet // a fixed set: the charts compare sources on one set
	Measure    string               // the leaderboard's measure (scoring.SortKeys); "" is mae, in points (B_w is for the methods)
	// From is the first day of the charts drawn over calendar time: the
	// campaign, and the lead-time chart, which then leaves out what was
	// published earlier. Zero is each chart's default (see CampaignStart;
	// the lead-time chart shows every snapshot). It must come before the
	// round's election day.
	From time.Time
	// Draws and Seed drive the final leaderboard's sampling intervals and
	// rank bootstrap (scoring.Options; docs/METHODS.md §10); Draws 0 computes none.
	Draws int
	Seed  uint64
}

// Prepare scores the dataset for the charts.
func Prepare(d *sources.Dataset, c Config) (*Data, error) {
	if c.Candidates.Kind == "all" {
		return nil, fmt.Errorf("charts compare every source on one candidate set: choose headline, common, topN or a list, not all")
	}
	if c.Measure == "" {
		c.Measure = "mae"
	}
	if !c.From.IsZero() {
		if r, err := d.Election.Round(c.Round); err == nil && r.Date <= c.From.Format(time.DateOnly) {
			return nil, fmt.Errorf("the charts cannot start on %s: round %d was voted on %s", c.From.Format(time.DateOnly), c.Round, r.Date)
		}
	}
	opt := scoring.Options{Round: c.Round, At: "final", Candidates: c.Candidates, Family: "all", Sort: c.Measure, Draws: c.Draws, Seed: c.Seed}
	final, err := scoring.Score(d, opt)
	if err != nil {
		return nil, err
	}
	opt.At, opt.Draws = "all", 0
	all, err := scoring.Score(d, opt)
	if err != nil {
		return nil, err
	}
	data := &Data{Dataset: d, Config: c, Final: final, All: all,
		polls: quota.NewLazy(d, quota.Options{Round: c.Round, At: "final", Candidates: c.Candidates}), selection: &lazySelection{}}
	return data, nil
}

// lazySelection holds Data.Selection once computed.
type lazySelection struct {
	once sync.Once
	dg   *selection.Diagnosis
	err  error
}

// Polls returns the quota-poll diagnostics of the round (quota.Diagnose),
// computed on first use. When the data do not allow them, the error says
// why: the charts that need them are then not drawn, the others are.
func (d *Data) Polls() (*quota.Diagnosis, error) { return d.polls.Get() }

// Selection returns Meng's ρ and n_eff for every final forecast of the
// round and for the poll average scored as a forecast (without changing
// the dataset), with the poll consensus when there is one
// (selection.Diagnose), computed on first use.
func (d *Data) Selection() (*selection.Diagnosis, error) {
	s := d.selection
	s.once.Do(func() {
		withAverage := *d.Dataset
		if avg, err := quota.AverageFigures(d.Dataset, d.Config.Round, "final"); err == nil {
			withAverage.Figures = slices.Concat(d.Dataset.Figures, avg)
		}
		opt := selection.Options{Round: d.Config.Round, At: "final", Candidates: d.Config.Candidates, Family: "all"}
		if _, err := d.Polls(); err == nil {
			opt.Support = d.polls.Consensus
		}
		s.dg, s.err = selection.Diagnose(&withAverage, opt)
	})
	return s.dg, s.err
}

// candidate is what a chart shows of a candidate.
type candidate struct {
	id, name string
	colour   color.Color
}

// candidate returns the display name and colour of a candidate id. Others
// and unknown ids are grey.
func (d *Data) candidate(id string, l locale.Lang) candidate {
	if c, ok := d.Dataset.Election.Candidate(id); ok {
		return candidate{id, c.Name, hexColour(c.Colour)}
	}
	if id == scoring.OthersID {
		return candidate{id, l.T("others"), grey}
	}
	return candidate{id, id, grey}
}

// SeriesLabel names a series for readers: its source's display name when the
// source publishes one series under a real name (a pollster's name),
// else the series slug, which tells apart the series of one source
// ("dentsu-social", "dentsu-media") and is the name the tables use.
func SeriesLabel(source, sourceName, series string) string {
	if series == source && sourceName != "" && sourceName != source && sourceName != strings.ReplaceAll(source, "-", "_") {
		return sourceName
	}
	return series
}

// Label names a series for readers of language l: its display name in
// election.json (sources.Election.Series: "Dentsu Consulting (media)"; in
// French its French name where it has one, "Dentsu Consulting (médias)"),
// else SeriesLabel.
func Label(e *sources.Election, l locale.Lang, source, sourceName, series string) string {
	name := e.SeriesName(series)
	if l == locale.FR {
		name = e.SeriesNameFr(series)
	}
	if name != "" {
		return name
	}
	return SeriesLabel(source, sourceName, series)
}

// rowLabel names a row's series for readers of language l (Label).
func (d *Data) rowLabel(r *scoring.Row, l locale.Lang) string {
	return Label(d.Dataset.Election, l, r.Source, r.SourceName, r.Series)
}

// familyOrder sorts families polls, buzz, models.
func familyOrder(f sources.Family) int { return slices.Index(sources.Families, f) }

// credits collects where a chart's figures come from, for its source line.
type credits struct {
	result  string                                 // URL of the official result
	hosts   map[sources.Family]map[string]int      // family → host → figures
	sources map[sources.Family]map[string]struct{} // family → series shown
	order   []sources.Family                       // families in order of first use
}

func newCredits(resultURL string) *credits {
	return &credits{result: resultURL, hosts: map[sources.Family]map[string]int{}, sources: map[sources.Family]map[string]struct{}{}}
}

// add records a figure of a series published at rawURL.
func (c *credits) add(f sources.Family, series, rawURL string) {
	if c.hosts[f] == nil {
		c.hosts[f] = map[string]int{}
		c.sources[f] = map[string]struct{}{}
		c.order = append(c.order, f)
	}
	c.hosts[f][Site(rawURL)]++
	c.sources[f][series] = struct{}{}
}

// Site shortens a URL to the site that published it: the host without
// "www.", and for a code host the owner of the repository
// ("github.com/OWNER").
func Site(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return rawURL
	}
	h := strings.TrimPrefix(u.Host, "www.")
	if h == "github.com" || h == "gitlab.com" || h == "codeberg.org" {
		if owner, _, _ := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/"); owner != "" {
			h += "/" + owner
		}
	}
	return h
}

// line is the source line of a chart: the result's publisher, then for each
// family the number of series and the three sites that published most of
// its figures.
func (c *credits) line(l locale.Lang) string {
	parts := []string{l.T("source.result", Site(c.result))}
	slices.SortFunc(c.order, func(a, b sources.Family) int { return cmp.Compare(familyOrder(a), familyOrder(b)) })
	for _, f := range c.order {
		hosts := make([]string, 0, len(c.hosts[f]))
		for h := range c.hosts[f] {
			hosts = append(hosts, h)
		}
		slices.SortFunc(hosts, func(a, b string) int { return cmp.Or(cmp.Compare(c.hosts[f][b], c.hosts[f][a]), cmp.Compare(a, b)) })
		shown := hosts[:min(3, len(hosts))]
		list := strings.Join(shown, ", ")
		switch rest := len(hosts) - len(shown); {
		case rest == 1:
			list += l.T("source.more1")
		case rest > 1:
			list += l.T("source.more", rest)
		}
		parts = append(parts, l.Count(len(c.sources[f]), "source.family."+string(f), len(c.sources[f]), list))
	}
	return l.T("source.line", strings.Join(parts, l.T("source.sep")))
}
