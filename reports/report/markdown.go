package report

import (
	"bytes"
	"strings"
	"text/template"

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

{{md .Caption}} {{range $i, $f := .Files}}{{if $i}} · {{end}}[{{ext $f}}]({{$f}}){{end}}
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
`))

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
	err := mdTemplate.Execute(&buf, p)
	return safe.Bytes(buf.Bytes()), err
}
