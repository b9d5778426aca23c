package reports

import (
	"bytes"
	"strings"
	"testing"

	"forecast/reports/safe/safetest"
)

// TestWriteErrors writes every table in every format to /dev/full: each
// writer must return the error, not drop it.
func TestWriteErrors(t *testing.T) {
	full := safetest.DevFull(t)
	for _, format := range Formats {
		for _, detail := range []bool{false, true} {
			if err := Write(full, board(), format, detail); err == nil {
				t.Errorf("leaderboard, %s, detail %v: no error writing to /dev/full", format, detail)
			}
		}
		if err := WriteDiagnostics(full, diagnostics(), format, "short"); err == nil {
			t.Errorf("diagnostics, %s: no error writing to /dev/full", format)
		}
	}
}

// TestTextHasNoControlCharacters gives a series a name with a terminal
// escape sequence: no text table may pass it to the terminal.
func TestTextHasNoControlCharacters(t *testing.T) {
	lb := board()
	lb.Rows[0].Series = "pol\x1b]0;pwned\x07\x00"
	lb.Rows[0].Reasons = []string{"a reason\x1b[2J"}
	d := diagnostics()
	d.Tables[0].Rows[0][0] = "A\x1b[31m"
	for _, format := range []string{"table", "markdown"} {
		for _, detail := range []bool{false, true} {
			var buf bytes.Buffer
			if err := Write(&buf, lb, format, detail); err != nil {
				t.Fatal(err)
			}
			if strings.ContainsAny(buf.String(), "\x1b\x07\x00") {
				t.Errorf("leaderboard, %s, detail %v: control characters in\n%q", format, detail, buf.String())
			}
		}
		var buf bytes.Buffer
		if err := WriteDiagnostics(&buf, d, format, "all"); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), "\x1b") || !strings.Contains(buf.String(), "A\uFFFD[31m") {
			t.Errorf("diagnostics, %s: control characters in\n%q", format, buf.String())
		}
	}
}
