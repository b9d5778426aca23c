package report

import (
	"bytes"
	"strconv"
	"strings"
	"text/template"
	"unicode"

	"forecast/reports/safe"
)

// markdownText escapes a string from the data for Markdown: the characters
// that would start emphasis, a link, a table cell or raw HTML are written
// as text ("<script>" becomes "&lt;script&gt;").
var markdownText = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "|", `\|`,
	"<", "&lt;", ">", "&gt;", "\n", " ",
).Replace

// markdownURL keeps a URL inside the parentheses of a Markdown link.
var markdownURL = strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E").Replace

var mdTemplate = template.Must(template.New("report.md").Funcs(template.FuncMap{
	"md":   markdownText,
	"url":  markdownURL,
	"ext":  fileKind,
	"row":  func(cells []string) string { return "| " + strings.Join(mapStrings(cells, markdownText), " | ") + " |" },
	"rule": func(n int) string { return "|" + strings.Repeat(" --- |", n) },
}).Parse(`# {{md .Title}}

{{md .Subtitle}}

## {{call .T "report.contents"}}

{{range .Contents}}{{if .Sub}}  {{end}}- [{{md .Text}}](#{{.Anchor}})
{{end}}
## {{call .T "report.result"}}

| {{call .T "col.candidate"}} | {{call .T "col.party"}} | {{call .T "col.share"}} |
| --- | --- | ---: |
{{range .Result}}| {{md .Name}} | {{md .Party}} | {{md .Share}} |
{{end}}
{{.ResultBasis}} <{{url .ResultSource}}>

## {{call .T "report.summary"}}

{{range .Summary}}- {{md .}}
{{end}}{{with .SummaryNote}}
{{md .}}
{{end}}
{{if .Diagnostics}}## {{call .T "report.diagnostics"}}

{{range .Diagnostics}}- {{md .}}
{{end}}
{{end}}## {{call .T "report.leaderboard"}}

{{row .Board.Head}}
{{rule (len .Board.Head)}}
{{range .Board.Rows}}{{row .}}
{{end}}
{{range .Board.Notes}}{{md .}}
{{end}}
## {{call .T "report.charts"}}
{{range .Charts}}
### {{md .Title}}
{{if .Unavailable}}
{{call $.T "report.unavailable"}} {{md .Unavailable}}
{{else}}
![{{md .Title}}]({{index .Files 0}})

{{template "chart" .}}
{{end}}{{end}}{{with .Races}}
## {{call $.T "report.races"}}

{{range .Findings}}- {{md .}}
{{end}}
![{{md .Chart.Title}}]({{index .Chart.Files 0}})

{{template "chart" .Chart}}

{{md .Note}} [{{.Table}}]({{.Table}})

{{row .Head}}
{{rule (len .Head)}}
{{range .Rows}}{{row .}}
{{end}}{{end}}
## {{call .T "report.method"}}

{{range .Method}}- {{md .}}
{{end}}
## {{call .T "report.provenance"}}

{{range .Provenance}}- {{md .}}
{{end}}
{{call .T "report.tables"}} {{range $i, $t := .Tables}}{{if $i}}, {{end}}[{{$t}}]({{$t}}){{end}}.

<details>
<summary>{{call .T "report.snapshots.open" .SnapshotsCount}}</summary>

{{call .T "report.snapshots"}} [{{.SnapshotsCSV}}]({{.SnapshotsCSV}})

| {{call .T "col.snapshot"}} | {{call .T "col.round"}} | {{call .T "col.family"}} | {{call .T "col.series"}} | {{call .T "col.date"}} | n | {{call .T "col.source"}} |
| --- | ---: | --- | --- | --- | ---: | --- |
{{range .Snapshots}}| {{md .Snapshot}} | {{.Round}} | {{md .Family}} | {{md .Series}} | {{md .Date}} | {{md .N}} | <{{url .URL}}> |
{{end}}
</details>

{{call .T "report.footer"}}
{{define "chart"}}{{md .Caption}} {{range $i, $f := .Files}}{{if $i}} · {{end}}[{{ext $f}}]({{$f}}){{end}}{{end}}`))

func mapStrings(s []string, f func(string) string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = f(x)
	}
	return out
}

// renderMarkdown writes report.md, with no control character (safe.Bytes).
func renderMarkdown(p *page) ([]byte, error) {
	var buf bytes.Buffer
	err := mdTemplate.Execute(&buf, markdownPage{p, markdownContents(p)})
	return safe.Bytes(buf.Bytes()), err
}

// markdownPage is the page with report.md's table of contents.
type markdownPage struct {
	*page
	Contents []contentsEntry
}

// contentsEntry is a line of report.md's table of contents: the text of
// the link and the anchor of the heading it leads to; Sub for a chart,
// under the charts.
type contentsEntry struct {
	Text, Anchor string
	Sub          bool
}

// markdownContents is report.md's table of contents, with the entries of
// index.html's: the sections, and under the charts each chart by its short
// name. The anchors are those GitHub gives report.md's headings (slugger),
// numbered in the order of the headings in mdTemplate — the title and the
// contents' own heading first — so that a repeated heading links to its own
// section. TestMarkdownContents checks them against the headings written.
func markdownContents(p *page) []contentsEntry {
	s := slugger{}
	s.slug(p.Title)
	s.slug(p.T("report.contents"))
	var out []contentsEntry
	section := func(key string) { out = append(out, contentsEntry{Text: p.T(key), Anchor: s.slug(p.T(key))}) }
	section("report.result")
	section("report.summary")
	if len(p.Diagnostics) > 0 {
		section("report.diagnostics")
	}
	section("report.leaderboard")
	section("report.charts")
	for _, c := range p.Charts {
		out = append(out, contentsEntry{Text: p.T("report.chart." + c.Kind), Anchor: s.slug(c.Title), Sub: true})
	}
	section("report.method")
	section("report.provenance")
	return out
}

// slugger gives headings the anchors GitHub gives them, counting those
// given so far (github-slugger, which GitHub's Markdown uses): the text of
// the heading in lower case, without the characters githubSlugDrops,
// spaces turned into hyphens; a slug already given gets "-1", "-2"… added,
// the first free.
type slugger map[string]int

func (s slugger) slug(heading string) string {
	base := githubSlug(heading)
	slug := base
	for {
		if _, taken := s[slug]; !taken {
			break
		}
		s[base]++
		slug = base + "-" + strconv.Itoa(s[base])
	}
	s[slug] = 0
	return slug
}

// githubSlug is the slug of a heading's text, before numbering: lower case;
// letters (Unicode's Alphabetic property), decimal digits, letter numbers,
// marks, connector punctuation ("_") and "-" kept, a space turned into "-",
// and everything else dropped — other punctuation, symbols, control and
// format characters, other separators (the no-break spaces inside numbers)
// and other numbers ("²"). The heading's text is as Markdown renders it:
// a line break of the data is written as a space (markdownText), and the
// heading's leading and trailing spaces are not its text.
func githubSlug(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.Trim(strings.ReplaceAll(heading, "\n", " "), " ")) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || unicode.IsLetter(r) || unicode.Is(unicode.Other_Alphabetic, r) || unicode.In(r, unicode.Nd, unicode.Nl, unicode.M, unicode.Pc):
			b.WriteRune(r)
		}
	}
	return b.String()
}
