package report

import (
	"bytes"
	"encoding/base64"
	"html/template"
	"path"
	"regexp"
	"strings"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"

	"forecast/reports/charts"
	"forecast/reports/locale"
	"forecast/reports/safe"
)

// fontCSS embeds the charts' font, Liberation Sans, regular and bold, in
// the page, so that the inline SVG charts are drawn with the metrics they
// were laid out with on any machine (a phone has no Liberation Sans, and
// Android no Arial either), without fetching a font. Each face is cut down
// to the glyphs of text, the page's own (subsetFont): some 60 kB of the
// 830 kB of the two whole fonts.
func fontCSS(text []byte) (string, error) {
	runes := runesOf(text)
	var b strings.Builder
	for _, face := range []struct {
		weight string
		ttf    []byte
	}{{"normal", liberationsansregular.TTF}, {"bold", liberationsansbold.TTF}} {
		ttf, err := subsetFont(face.ttf, runes)
		if err != nil {
			return "", err
		}
		b.WriteString(`@font-face{font-family:"Liberation Sans";font-weight:` + face.weight +
			`;src:url(data:font/ttf;base64,` + base64.StdEncoding.EncodeToString(ttf) + `) format("truetype")}` + "\n")
	}
	return b.String(), nil
}

// fontMarker stands in the page's style sheet for fontCSS until the page's
// text is known.
const fontMarker = "/* fonts */"

// css lays the page out for a screen of any width. Headings are larger
// than any text a chart draws (a wide chart is shown at most at wideZoom
// times its natural size, a narrow one at most 430 px wide), so that chart
// titles do not compete with the sections'. Below 40rem (a phone), the charts
// drawn at NarrowWidth replace the wide ones and take the page's whole
// width; wide tables scroll inside their box, the rank and series columns
// of the leaderboard staying in view.
const css = `
body{font-family:"Liberation Sans",Arimo,Arial,Helvetica,sans-serif;color:#222;margin:0 auto;max-width:62rem;padding:1rem 1.5rem 3rem;line-height:1.45;overflow-wrap:break-word}
h1{font-size:1.9rem;line-height:1.2;margin:.5rem 0 .3rem}h2{font-size:1.5rem;margin-top:2.2rem;border-bottom:1px solid #ddd}
.sub{color:#555;margin:0 0 1rem}
nav ol{columns:2 14rem;padding-left:1.4rem}nav li{break-inside:avoid}nav ol ol{columns:auto}
table{border-collapse:collapse;font-size:.82rem;margin:.5rem 0}
th,td{padding:.2rem .45rem;border-bottom:1px solid #e4e4e4;text-align:right;white-space:nowrap;background:#fff}
th{background:#f4f4f4}td.t,th.t{text-align:left}
.scroll{overflow-x:auto;max-width:100%}
#leaderboard td:nth-child(-n+2),#leaderboard th:nth-child(-n+2){position:sticky;z-index:1}
#leaderboard :is(td,th):first-child{left:0;min-width:1.6rem;max-width:1.6rem}
#leaderboard :is(td,th):nth-child(2){left:2.5rem;box-shadow:inset -1px 0 #ccc}
#races-table :is(td,th):first-child{position:sticky;z-index:1;left:0;box-shadow:inset -1px 0 #ccc}
sup{line-height:0}
figure{margin:1.2rem 0 2rem}svg.chart{display:block;width:100%;height:auto}
.narrow{display:none}
figcaption{font-size:.9rem;color:#444;margin-top:.3rem}.files{font-size:.85rem;white-space:nowrap}
.na{color:#777;font-style:italic}.note{font-size:.82rem;color:#555}
details summary{cursor:pointer}
a{color:#1f5a8a}
@media (max-width:40rem){
body{padding:.75rem .75rem 2rem}
.wide{display:none}.narrow{display:block}
figure{margin-left:-.75rem;margin-right:-.75rem}figcaption{margin:.3rem .75rem 0}
.narrow svg.chart{max-width:430px;margin:0 auto}
#results td.t{white-space:normal}
#leaderboard :is(td,th):nth-child(2){white-space:normal;min-width:7rem;max-width:9rem}
}
`

var indexTemplate = template.Must(template.New("index.html").Funcs(template.FuncMap{
	"svg":     func(b []byte) template.HTML { return template.HTML(b) }, // drawn by vgsvg, which escapes every text (of no control character: charts' textCanvas)
	"fontCSS": func() template.CSS { return fontMarker },
	"css":     func() template.CSS { return css },
	"ext":     fileKind,
	"host":    charts.Site,
	"text":    textHTML,
}).Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
{{fontCSS}}{{css}}</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p class="sub">{{.Subtitle}}</p>

<nav aria-labelledby="contents">
<h2 id="contents">{{call .T "report.contents"}}</h2>
<ol>
<li><a href="#result">{{call .T "report.result"}}</a></li>
<li><a href="#summary">{{call .T "report.summary"}}</a></li>
{{if .Diagnostics}}<li><a href="#diagnostics">{{call .T "report.diagnostics"}}</a></li>
{{end}}<li><a href="#leaderboard-section">{{call .T "report.leaderboard"}}</a></li>
<li><a href="#charts">{{call .T "report.charts"}}</a>
<ol>
{{range .Charts}}<li><a href="#{{.Kind}}">{{call $.T (print "report.chart." .Kind)}}</a></li>
{{end}}</ol></li>
{{if .Races}}<li><a href="#races-section">{{call .T "report.races"}}</a></li>
{{end}}<li><a href="#method">{{call .T "report.method"}}</a></li>
<li><a href="#provenance-section">{{call .T "report.provenance"}}</a></li>
</ol>
</nav>

<h2 id="result">{{call .T "report.result"}}</h2>
<div class="scroll">
<table id="results">
<tr><th class="t">{{call .T "col.candidate"}}</th><th class="t">{{call .T "col.party"}}</th><th>{{call .T "col.share"}}</th></tr>
{{range .Result}}<tr><td class="t">{{.Name}}</td><td class="t">{{.Party}}</td><td>{{.Share}}</td></tr>
{{end}}</table>
</div>
<p class="note">{{.ResultBasis}} <a href="{{.ResultSource}}">{{.ResultSource}}</a></p>

<h2 id="summary">{{call .T "report.summary"}}</h2>
<ul>
{{range .Summary}}<li>{{text $.Lang .}}</li>
{{end}}</ul>
{{with .SummaryNote}}<p class="note">{{text $.Lang .}}</p>
{{end}}
{{if .Diagnostics}}<h2 id="diagnostics">{{call .T "report.diagnostics"}}</h2>
<ul>
{{range .Diagnostics}}<li>{{text $.Lang .}}</li>
{{end}}</ul>
{{end}}
<h2 id="leaderboard-section">{{call .T "report.leaderboard"}}</h2>
<div class="scroll">
<table id="leaderboard">
<tr>{{range $i, $h := .Board.Head}}<th{{if index $.Board.Left $i}} class="t"{{end}}>{{$h}}</th>{{end}}</tr>
{{range $i, $r := .Board.Rows}}<tr>{{range $j, $c := $r}}{{if eq $j 1}}<td class="t"><a href="{{index $.Board.Links $i}}">{{$c}}</a></td>{{else if index $.Board.Left $j}}<td class="t">{{text $.Lang $c}}</td>{{else}}<td>{{$c}}</td>{{end}}{{end}}</tr>
{{end}}</table>
</div>
{{range .Board.Notes}}<p class="note">{{.}}</p>
{{end}}
<h2 id="charts">{{call .T "report.charts"}}</h2>
{{range .Charts}}<figure id="{{.Kind}}">
{{if .Unavailable}}<p><strong>{{.Title}}</strong></p>
<p class="na">{{call $.T "report.unavailable"}} {{.Unavailable}}</p>
{{else}}{{template "chart" .}}{{end}}</figure>
{{end}}
{{with .Races}}<h2 id="races-section">{{call $.T "report.races"}}</h2>
<ul>
{{range .Findings}}<li>{{text $.Lang .}}</li>
{{end}}</ul>
<figure id="{{.Chart.Kind}}">
{{template "chart" .Chart}}</figure>
<p class="note">{{.Note}} <a href="{{.Table}}">{{.Table}}</a></p>
<div class="scroll">
<table id="races-table">
<tr>{{range $i, $h := .Head}}<th{{if index $.Races.Left $i}} class="t"{{end}}>{{$h}}</th>{{end}}</tr>
{{range .Rows}}<tr>{{range $j, $c := .}}<td{{if index $.Races.Left $j}} class="t"{{end}}>{{text $.Lang $c}}</td>{{end}}</tr>
{{end}}</table>
</div>
{{end}}
<h2 id="method">{{call .T "report.method"}}</h2>
<ul>
{{range .Method}}<li>{{text $.Lang .}}</li>
{{end}}</ul>

<h2 id="provenance-section">{{call .T "report.provenance"}}</h2>
<ul>
{{range .Provenance}}<li>{{.}}</li>
{{end}}</ul>
<p>{{call .T "report.tables"}} {{range $i, $t := .Tables}}{{if $i}}, {{end}}<a href="{{$t}}">{{$t}}</a>{{end}}.</p>
<details id="provenance">
<summary>{{call .T "report.snapshots.open" .SnapshotsCount}}</summary>
<p>{{call .T "report.snapshots"}} <a href="{{.SnapshotsCSV}}">{{.SnapshotsCSV}}</a></p>
<div class="scroll">
<table>
<tr><th class="t">{{call .T "col.snapshot"}}</th><th>{{call .T "col.round"}}</th><th class="t">{{call .T "col.family"}}</th><th class="t">{{call .T "col.series"}}</th><th class="t">{{call .T "col.date"}}</th><th>n</th><th class="t">{{call .T "col.source"}}</th></tr>
{{range .Snapshots}}<tr><td class="t">{{.Snapshot}}</td><td>{{.Round}}</td><td class="t">{{.Family}}</td><td class="t">{{.Series}}</td><td class="t">{{text $.Lang .Date}}</td><td>{{.N}}</td><td class="t"><a href="{{.URL}}">{{host .URL}}</a></td></tr>
{{end}}</table>
</div>
</details>
<p class="note">{{call .T "report.footer"}}</p>
</body>
</html>
{{define "chart"}}<div class="wide">{{svg .SVG}}</div>
<div class="narrow">{{svg .NarrowSVG}}</div>
<figcaption>{{.Caption}}
<span class="files">{{range $i, $f := .Files}}{{if $i}} · {{end}}<a href="{{$f}}">{{ext $f}}</a>{{end}}</span></figcaption>
{{end}}`))

// ordinalSuffix finds the suffix of a French ordinal ("1er", "1re", "2e"):
// digits, the suffix, then no letter or digit.
var ordinalSuffix = regexp.MustCompile(`\b([0-9]+)(er|re|e)\b`)

// textHTML escapes a text of the report for the page and, in French, raises
// the suffix of ordinals as typography wants ("1<sup>er</sup>").
func textHTML(l locale.Lang, s string) template.HTML {
	e := template.HTMLEscapeString(s)
	if l == locale.FR {
		e = ordinalSuffix.ReplaceAllString(e, "$1<sup>$2</sup>")
	}
	return template.HTML(e)
}

// renderHTML writes index.html. html/template escapes markup but passes
// control characters through, which HTML does not allow; safe.Bytes
// replaces them, wherever in the data they come from.
// The fonts are then embedded, cut down to the glyphs of the page.
func renderHTML(p *page) ([]byte, error) {
	var buf bytes.Buffer
	if err := indexTemplate.Execute(&buf, p); err != nil {
		return nil, err
	}
	page := safe.Bytes(buf.Bytes())
	fonts, err := fontCSS(page)
	if err != nil {
		return nil, err
	}
	return bytes.Replace(page, []byte(fontMarker), []byte(fonts), 1), nil
}

// fileKind names a file by its format: "PNG", "CSV".
func fileKind(name string) string { return strings.ToUpper(strings.TrimPrefix(path.Ext(name), ".")) }
