// Package safe makes the output of forecast safe to open, whatever strings
// reach it — a pollster's name from a community file, a hand-edited --data
// directory: text with no character that breaks XML, HTML or a terminal
// (Text), CSV cells that a spreadsheet reads as text, never as a formula
// (Cell, WriteCSV), and writers that report their first error (Writer).
//
// Every file and table forecast writes for people goes through it: the
// score, diagnose and chart CSVs and the report's tables (WriteCSV), the
// text and Markdown tables (NewTextWriter), the chart text (Text, on the
// canvas) and the report's index.html and report.md (Bytes); JSON needs
// nothing, as encoding/json escapes control characters. The canonical
// dataset files written by 'forecast import' (forecasts.csv, results.csv)
// do not go through it: they are data that the toolkit reads back, byte for
// byte, and a leading quote would become part of a name (control
// characters there are for the importers to refuse). Nor does the weights
// file of 'forecast diagnose weights --out': its ids must match the
// sample's, for a merge in R.
package safe

import (
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Replacement is the character that stands for a character that is not text.
const Replacement = '\uFFFD'

// notText reports whether r cannot appear in the text of an XML 1.0 or
// HTML document or be shown on a terminal as it is: the C0 controls but
// tab, line feed and carriage return (XML 1.0 §2.2 Char forbids them even
// as character references), DEL and the C1 controls (HTML's "control"
// code points, a parse error; U+009B starts escape sequences on some
// terminals), and the noncharacters U+FDD0–U+FDEF and U+xxFFFE, U+xxFFFF
// (U+FFFE and U+FFFF are not XML characters either).
func notText(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' ||
		0x7F <= r && r <= 0x9F ||
		0xFDD0 <= r && r <= 0xFDEF ||
		r&0xFFFE == 0xFFFE
}

// firstBad is the index in s of the first character that is not text or
// not valid UTF-8, or -1. ASCII, most of what is written, is checked a
// byte at a time.
func firstBad(s string) int {
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case 0x20 <= c && c < 0x7F, c == '\t', c == '\n', c == '\r':
			i++
			continue
		case c < utf8.RuneSelf:
			return i
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || notText(r) {
			return i
		}
		i += n
	}
	return -1
}

// Text returns s with every character that is not text (see notText) and
// every byte that is not valid UTF-8 replaced by U+FFFD, so that the string
// can be written into XML, HTML, CSV or a terminal. Tab, line feed and
// carriage return are kept. s is returned as it is when it is clean, which
// is the common case.
func Text(s string) string {
	i := firstBad(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		if notText(r) {
			r = Replacement
		}
		b.WriteRune(r) // a byte that is not UTF-8 comes as U+FFFD
	}
	return b.String()
}

// Bytes is Text for a document: b itself when it is clean.
func Bytes(b []byte) []byte {
	if firstBad(string(b)) < 0 {
		return b
	}
	return []byte(Text(string(b)))
}

// formulaStart lists the characters with which a spreadsheet (Excel,
// LibreOffice, Google Sheets) starts a formula, or that it drops before
// one: OWASP's "CSV Injection" rule.
const formulaStart = "=+-@\t\r"

// Cell returns s as a CSV cell a spreadsheet reads as text: Text(s), with a
// single quote in front when it starts with =, +, -, @, tab or carriage
// return (OWASP, "CSV Injection": =HYPERLINK(…) in a pollster's name would
// otherwise be a live formula). A number keeps its sign and no quote
// (-1.71, +3, -Inf: strconv.ParseFloat reads it; it holds no formula), so
// that R, pandas and spreadsheets read it as a number.
func Cell(s string) string {
	s = Text(s)
	if s == "" || !strings.ContainsRune(formulaStart, rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		return s
	}
	return "'" + s
}

// WriteCSV writes a header and rows as CSV (RFC 4180, as encoding/csv
// writes it), every cell through Cell, and returns the first error of the
// writes.
func WriteCSV(w io.Writer, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	rec := make([]string, 0, len(header))
	for _, r := range append([][]string{header}, rows...) {
		rec = rec[:0]
		for _, c := range r {
			rec = append(rec, Cell(c))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Writer passes writes on and remembers the first error, after which it
// writes nothing: a long text can be printed without checking every line,
// and its error read once at the end (Err).
type Writer struct {
	w    io.Writer
	text bool
	err  error
}

// NewWriter returns a Writer that passes bytes on as they are.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// NewTextWriter returns a Writer for text, which replaces every character
// that is not text as Text does. Each write must hold whole characters, as
// the writes of fmt.Fprint* and io.WriteString of whole strings do.
func NewTextWriter(w io.Writer) *Writer { return &Writer{w: w, text: true} }

// Write implements io.Writer; it reports len(p) written when it replaced
// characters, as the caller's bytes were all taken.
func (w *Writer) Write(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	out := p
	if w.text {
		out = Bytes(p)
	}
	n, err := w.w.Write(out)
	if err == nil && n < len(out) {
		err = io.ErrShortWrite
	}
	if err != nil {
		w.err = err
		return min(n, len(p)), err
	}
	return len(p), nil
}

// Err is the first error of the writes, or nil.
func (w *Writer) Err() error { return w.err }
