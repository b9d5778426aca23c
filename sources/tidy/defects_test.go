package tidy

import (
	"strings"
	"testing"

	"forecast/sources"
	"forecast/sources/sourcestest"
)

// TestReadBuzzSplitRelease: a one-character difference in one row's
// what_it_measures used to split Vigiglobe's only release into two
// snapshots (3 + 1 candidates), and Vigiglobe dropped out of the ranking.
func TestReadBuzzSplitRelease(t *testing.T) {
	e := sourcestest.Election2017(t)
	b := string(readShared(t, "buzz.csv"))
	rows := strings.SplitAfter(b, "\n")
	if !strings.HasPrefix(rows[63], "vigiglobe,vigiglobe,2017-04-20,,1,Marine Le Pen") {
		t.Fatalf("line 64 is not Vigiglobe's Le Pen row: %.60s", rows[63])
	}
	rows[63] = strings.Replace(rows[63], "Wed 19 Apr", "Wed 19 apr", 1)
	_, err := ReadBuzz("buzz.csv", []byte(strings.Join(rows, "")), e, BuzzOptions{})
	want := `buzz.csv:64: lines 61, 62, 63 and 64 are one release of vigiglobe (same source, series, round, date, time and measure, different candidates) split in two by what_it_measures, which differs from character 71: …"ed 12 - Wed 19 Apr 2017`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestReadBuzzRefusesBadInput(t *testing.T) {
	e := sourcestest.Election2017(t)
	head := strings.Join(buzzColumns, ",") + "\n"
	row := func(cand, value string) string {
		return "linkfluence,linkfluence,2017-04-18,,1," + cand + "," + value + ",mention_share,no,mentions,,http://u,\n"
	}
	for want, body := range map[string]string{
		// Shares of one release adding up to 300 %.
		"lines 2, 3, 4: snapshot linkfluence:linkfluence:2017-04-18:r1: its 3 shares add up to 300 %": row("Emmanuel Macron", "100") + row("Marine Le Pen", "100") + row("François Fillon", "100"),
		// A NUL or an escape in a text field, and invalid UTF-8.
		"b.csv:3: column 6: character 7 is the control character U+0000":  row("Emmanuel Macron", "30") + row("Marine\x00 Le Pen", "20"),
		"b.csv:2: column 13: character 1 is the control character U+001B": strings.TrimSuffix(row("Emmanuel Macron", "30"), "\n") + "\x1b[2J\n",
		"b.csv:2: column 6: character 2 is not valid UTF-8 (byte 0xE9)":   row("M\xe9lenchon", "30"),
		// A header and no row.
		"b.csv:1: no rows after the header": "",
	} {
		_, err := ReadBuzz("b.csv", []byte(head+body), e, BuzzOptions{})
		if err == nil || !strings.Contains(err.Error(), want) || !sources.IsDataError(err) {
			t.Errorf("want %q, got %v", want, err)
		}
	}
	// An unknown 10 MB name is quoted in part, not echoed in full.
	long := strings.Repeat("x", 10<<20)
	_, err := ReadBuzz("b.csv", []byte(head+row(long, "30")), e, BuzzOptions{})
	if err == nil || len(err.Error()) > 500 || !strings.Contains(err.Error(), `b.csv:2: unknown candidate "xxxx`) || !strings.Contains(err.Error(), "… (10485760 bytes)") {
		t.Errorf("10 MB name: %d bytes of message: %.300s", len(err.Error()), err)
	}
}

func TestReadPollsTruncated(t *testing.T) {
	e := sourcestest.Election2017(t)
	head := strings.Join(pollColumns, ",") + "\n"
	row := func(id, cand, share string) string {
		name := map[string]string{"MACRON": "Emmanuel Macron", "LE_PEN": "Marine Le Pen", "FILLON": "François Fillon"}[cand]
		return id + ",Ifop-Fiducial,Ifop,Paris Match,2017-04-18,2017-04-21,2823,2115,certain to vote,online,,9.7," + name + "," + cand + "," + share + ",no (three candidates),pollsposition,http://u,\n"
	}
	full := row("x1", "MACRON", "24.5") + row("x1", "LE_PEN", "22") + row("x1", "FILLON", "20")
	cut := row("x2", "MACRON", "24") + row("x2", "LE_PEN", "22.5")
	im, err := ReadPolls("p.csv", []byte(head+full+cut), e, PollOptions{Round: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !sourcestest.HasNotice(im, 6, "the last snapshot of the file, x2, has 2 figures where every other snapshot of ifop-fiducial in round 1 has at least 3: is the file cut short?") {
		t.Errorf("no notice of a probable truncation: %v", im.Notices)
	}
	if _, err := ReadPolls("p.csv", []byte(head), e, PollOptions{Round: 1}); err == nil || !strings.Contains(err.Error(), "p.csv:1: no rows after the header") {
		t.Errorf("header only: %v", err)
	}
}
