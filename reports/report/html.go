package report

import (
	"bytes"
	"encoding/base64"
	"html/template"
	"path"
	"strings"
	"sync"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"

	"forecast/reports/charts"
	"forecast/reports/safe"
)

// fontCSS embeds the charts' font, Liberation Sans, in the page, so that
// the inline SVG charts are drawn with the metrics they were laid out with
// on any machine, without fetching a font.
var fontCSS = sync.OnceValue(func() template.CSS {
	face := func(weight string, ttf []byte) string {
		return `@font-face{font-family:"Liberation Sans";font-weight:` + weight +
			`;src:url(data:font/ttf;base64,` + base64.StdEncoding.EncodeToString(ttf) + `) format("truetype")}` + "\n"
	}
	return template.CSS(face("normal", liberationsansregular.TTF) + face("bold", liberationsansbold.TTF))
})

const css = `
body{font-family:"Liberation Sans",Arial,Helvetica,sans-serif;color:#222;margin:0 auto;max-width:62rem;padding:1rem 1.5rem 3rem;line-height:1.45}
h1{font-size:1.6rem;margin:.5rem 0 .2rem}h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:1px solid #ddd}
.sub{color:#555;margin:0 0 1rem}
table{border-collapse:collapse;font-size:.82rem;margin:.5rem 0}
th,td{padding:.2rem .45rem;border-bottom:1px solid #e4e4e4;text-align:right;white-space:nowrap}
th{background:#f4f4f4}td.t,th.t{text-align:left}
.scroll{overflow-x:auto}
figure{margin:1.2rem 0 2rem}svg.chart{width:100%;height:auto;display:block}
figcaption{font-size:.9rem;color:#444}.files{font-size:.85rem}
.na{color:#777;font-style:italic}.note{font-size:.82rem;color:#555}
a{color:#1f5a8a}
`

var indexTemplate = template.Must(template.New("index.html").Funcs(template.FuncMap{
	"svg":     func(b []byte) template.HTML { return template.HTML(b) }, // drawn by vgsvg, which escapes every text (of no control character: charts' textCanvas)
	"fontCSS": fontCSS,
	"css":     func() template.CSS { return css },
	"ext":     fileKind,
	"host":    charts.Site,
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

<h2>{{call .T "report.result"}}</h2>
<table id="result">
<tr><th class="t">{{call .T "col.candidate"}}</th><th class="t">{{call .T "col.party"}}</th><th>{{call .T "col.share"}}</th></tr>
{{range .Result}}<tr><td class="t">{{.Name}}</td><td class="t">{{.Party}}</td><td>{{.Share}}</td></tr>
{{end}}</table>
<p class="note">{{call .T "report.resultsource"}} <a href="{{.ResultSource}}">{{.ResultSource}}</a></p>

<h2>{{call .T "report.summary"}}</h2>
<ul>
{{range .Summary}}<li>{{.}}</li>
{{end}}</ul>

{{if .Diagnostics}}<h2>{{call .T "report.diagnostics"}}</h2>
<ul id="diagnostics">
{{range .Diagnostics}}<li>{{.}}</li>
{{end}}</ul>
{{end}}
<h2>{{call .T "report.leaderboard"}}</h2>
<div class="scroll">
<table id="leaderboard">
<tr>{{range $i, $h := .Board.Head}}<th{{if or (eq $i 1) (eq $i 2) (eq $i 3) (eq $i 4)}} class="t"{{end}}>{{$h}}</th>{{end}}</tr>
{{range $i, $r := .Board.Rows}}<tr>{{range $j, $c := $r}}{{if eq $j 1}}<td class="t"><a href="{{index $.Board.Links $i}}">{{$c}}</a></td>{{else if or (eq $j 2) (eq $j 3) (eq $j 4)}}<td class="t">{{$c}}</td>{{else}}<td>{{$c}}</td>{{end}}{{end}}</tr>
{{end}}</table>
</div>
{{range .Board.Notes}}<p class="note">{{.}}</p>
{{end}}
<h2>{{call .T "report.charts"}}</h2>
{{range .Charts}}<figure id="{{.Kind}}">
{{if .Unavailable}}<p id="title-{{.Kind}}"><strong>{{.Title}}</strong></p>
<p class="na">{{call $.T "report.unavailable"}} {{.Unavailable}}</p>
{{else}}{{svg .SVG}}
<figcaption><strong id="title-{{.Kind}}">{{.Title}}.</strong> {{.Caption}}
<span class="files">{{range $i, $f := .Files}}{{if $i}} · {{end}}<a href="{{$f}}">{{ext $f}}</a>{{end}}</span></figcaption>
{{end}}</figure>
{{end}}
<h2>{{call .T "report.method"}}</h2>
<ul>
{{range .Method}}<li>{{.}}</li>
{{end}}</ul>

<h2>{{call .T "report.provenance"}}</h2>
<ul>
{{range .Provenance}}<li>{{.}}</li>
{{end}}</ul>
<p>{{call .T "report.tables"}} {{range $i, $t := .Tables}}{{if $i}}, {{end}}<a href="{{$t}}">{{$t}}</a>{{end}}.</p>
<p>{{call .T "report.snapshots"}}</p>
<div class="scroll">
<table id="provenance">
<tr><th class="t">{{call .T "col.snapshot"}}</th><th>{{call .T "col.round"}}</th><th class="t">{{call .T "col.family"}}</th><th class="t">{{call .T "col.series"}}</th><th class="t">{{call .T "col.date"}}</th><th>n</th><th class="t">{{call .T "col.source"}}</th></tr>
{{range .Snapshots}}<tr><td class="t">{{.Snapshot}}</td><td>{{.Round}}</td><td class="t">{{.Family}}</td><td class="t">{{.Series}}</td><td class="t">{{.Date}}</td><td>{{.N}}</td><td class="t"><a href="{{.URL}}">{{host .URL}}</a></td></tr>
{{end}}</table>
</div>
<p class="note">{{call .T "report.footer"}}</p>
</body>
</html>
`))

// renderHTML writes index.html. html/template escapes markup but passes
// control characters through, which HTML does not allow; safe.Bytes
// replaces them, wherever in the data they come from.
func renderHTML(p *page) ([]byte, error) {
	var buf bytes.Buffer
	err := indexTemplate.Execute(&buf, p)
	return safe.Bytes(buf.Bytes()), err
}

// fileKind names a file by its format: "PNG", "CSV".
func fileKind(name string) string { return strings.ToUpper(strings.TrimPrefix(path.Ext(name), ".")) }
