// Package nb holds what every notebook needs to show its results inline
// with the GoNB kernel: DataFrames as HTML tables, charts as PNG, Markdown,
// and the repository's vendored upstream files. The notebooks import it as
// forecast/notebooks/nb (their setup cell links this directory into GoNB's
// module), so that no notebook carries a copy of another's code.
package nb

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"

	"forecast/reports/charts"
	"forecast/reports/locale"
)

// Must stops the cell with err, which the notebook shows under the cell.
func Must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// Show displays a DataFrame as an HTML table (HTMLTable).
func Show(df dataframe.DataFrame) {
	gonbui.DisplayHTML(Must(HTMLTable(df)))
	gonbui.Sync()
}

// HTMLTable writes a DataFrame as an HTML table. Numbers are rounded for
// reading (the DataFrame keeps full precision): each column gets the
// decimals its values need, up to three, with three significant digits for
// small values; "–" is a missing or undefined value.
func HTMLTable(df dataframe.DataFrame) (string, error) {
	if df.Err != nil {
		return "", df.Err
	}
	var b strings.Builder
	b.WriteString("<table>\n<thead><tr>")
	for _, name := range df.Names() {
		fmt.Fprintf(&b, "<th>%s</th>", html.EscapeString(name))
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	types := df.Types()
	decimals := make([]int, len(types))
	for j, t := range types {
		if t == series.Float {
			decimals[j] = decimalsOf(df.Col(df.Names()[j]).Float())
		}
	}
	for i := range df.Nrow() {
		b.WriteString("<tr>")
		for j, t := range types {
			el := df.Elem(i, j)
			v := el.Float()
			switch {
			case el.IsNA() || t == series.Float && math.IsNaN(v):
				b.WriteString("<td>–</td>")
			case t == series.Float && decimals[j] == 3 && math.Abs(v) >= 100:
				fmt.Fprintf(&b, "<td>%.0f</td>", v)
			case t == series.Float && decimals[j] == 3 && v != 0 && math.Abs(v) < 0.01:
				fmt.Fprintf(&b, "<td>%.3g</td>", v)
			case t == series.Float:
				fmt.Fprintf(&b, "<td>%.*f</td>", decimals[j], v)
			default:
				fmt.Fprintf(&b, "<td>%s</td>", html.EscapeString(el.String()))
			}
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>")
	return b.String(), nil
}

// decimalsOf returns the fewest decimals, up to three, that write every
// value exactly (half points need one).
func decimalsOf(values []float64) int {
	for d := 0; d < 3; d++ {
		scale, exact := math.Pow(10, float64(d)), true
		for _, v := range values {
			if x := v * scale; !math.IsNaN(x) && math.Abs(x-math.Round(x)) > 1e-9 {
				exact = false
				break
			}
		}
		if exact {
			return d
		}
	}
	return 3
}

// Head keeps the first n rows of df.
func Head(df dataframe.DataFrame, n int) dataframe.DataFrame {
	rows := make([]int, min(n, df.Nrow()))
	for i := range rows {
		rows[i] = i
	}
	return df.Subset(rows)
}

// Draw shows one of forecast's charts inline: the PNG that `forecast
// chart` writes.
func Draw(c *charts.Chart) {
	var buf bytes.Buffer
	if err := c.Write(&buf, charts.Options{Format: "png"}); err != nil {
		panic(err)
	}
	gonbui.DisplayPNG(buf.Bytes())
	gonbui.Sync()
}

// Markdown displays what a report function writes in Markdown.
func Markdown(write func(w io.Writer) error) {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		panic(err)
	}
	DisplayMarkdown(buf.String())
}

// DisplayMarkdown displays Markdown, with the same text as plain text for
// the viewers that do not render Markdown outputs.
func DisplayMarkdown(md string) {
	gonbui.SendData(&protocol.DisplayData{Data: map[protocol.MIMEType]any{
		protocol.MIMETextMarkdown: md,
		protocol.MIMETextPlain:    md,
	}})
	gonbui.Sync()
}

// Upstream returns the path of an upstream file vendored in the repository,
// rel being relative to its data/upstream directory (the repository is the
// directory that holds forecast's go.mod, found from the notebook's
// directory up).
func Upstream(rel string) string {
	repo := Must(os.Getwd())
	for {
		if b, err := os.ReadFile(filepath.Join(repo, "go.mod")); err == nil && strings.HasPrefix(string(b), "module forecast\n") {
			break
		}
		if filepath.Dir(repo) == repo {
			panic("this notebook is not inside the forecast repository: run it from the notebooks/ directory of a clone")
		}
		repo = filepath.Dir(repo)
	}
	path := filepath.Join(repo, "data", "upstream", rel)
	if _, err := os.Stat(path); err != nil {
		panic(fmt.Sprintf("%s is missing from the repository's data/upstream (%v)", rel, err))
	}
	return path
}

// Read returns the bytes of an upstream file (Upstream).
func Read(rel string) []byte {
	return Must(os.ReadFile(Upstream(rel)))
}

// DrawKind shows a chart of the data inline, in English: the PNG that
// `forecast chart KIND` writes.
func DrawKind(kind charts.Kind, d *charts.Data) {
	Draw(Must(charts.Build(kind, d, locale.EN)))
}
