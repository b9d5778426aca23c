package reports

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// grid is a table of text cells under a header; right says which columns
// hold numbers, which are right-aligned. Every human-readable table of the
// package (leaderboard, detail, diagnostics, weights) is written through it.
type grid struct {
	head  []string
	cells [][]string
	right []bool
}

// writeText writes the grid with columns two spaces apart, each line after
// indent, and with rule a line of "─" under the header.
func (g *grid) writeText(w io.Writer, indent string, rule bool) {
	width := make([]int, len(g.head))
	for i, h := range g.head {
		width[i] = utf8.RuneCountInString(h)
	}
	for _, row := range g.cells {
		for i, c := range row {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	line := func(row []string) {
		var b strings.Builder
		b.WriteString(indent)
		for i, c := range row {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if g.right[i] {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	line(g.head)
	if rule {
		r := make([]string, len(width))
		for i, n := range width {
			r[i] = strings.Repeat("─", n)
		}
		line(r)
	}
	for _, row := range g.cells {
		line(row)
	}
}

// writeMarkdown writes the grid as a Markdown table, numbers right-aligned
// and "|" in cells escaped.
func (g *grid) writeMarkdown(w io.Writer) {
	esc := func(row []string) []string {
		out := make([]string, len(row))
		for i, c := range row {
			out[i] = strings.ReplaceAll(c, "|", `\|`)
		}
		return out
	}
	fmt.Fprintln(w, "| "+strings.Join(esc(g.head), " | ")+" |")
	align := make([]string, len(g.right))
	for i, r := range g.right {
		align[i] = map[bool]string{true: "---:", false: ":---"}[r]
	}
	fmt.Fprintln(w, "| "+strings.Join(align, " | ")+" |")
	for _, row := range g.cells {
		fmt.Fprintln(w, "| "+strings.Join(esc(row), " | ")+" |")
	}
}

// numbersAfterFirst is the alignment of a table whose first column names
// its rows and whose other columns are numbers.
func numbersAfterFirst(n int) []bool {
	right := make([]bool, n)
	for i := 1; i < n; i++ {
		right[i] = true
	}
	return right
}
