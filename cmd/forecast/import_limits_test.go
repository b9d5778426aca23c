package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportRefusesWhatItCannotRead: an oversized file is refused before it
// is read (a 1 GB NSPPolls file used to die with Go's "out of memory", exit
// 2), a header-only file is no success, and a correction must leave rows
// that pass the row checks. All are bad data: exit 3.
func TestImportRefusesWhatItCannotRead(t *testing.T) {
	dir := t.TempDir()
	huge := filepath.Join(dir, "presidentielle.csv")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil { // sparse: no disk, no memory
		t.Fatal(err)
	}
	f.Close()
	head := "source,series,published_date,published_time,round,candidate,value,measure,forecast,what_it_measures,volume,source_url,note\n"
	headerOnly := filepath.Join(dir, "b.csv")
	os.WriteFile(headerOnly, []byte(head), 0o644)
	buzz := filepath.Join(dir, "f.csv")
	os.WriteFile(buzz, []byte(head+"filteris,filteris,2017-04-21,,1,Emmanuel Macron,21,weight_share,yes,,,u,\n"), 0o644)
	corr := filepath.Join(dir, "corrections.csv")
	os.WriteFile(corr, []byte("snapshot,field,from,to,reason,source_url\nfilteris:filteris:2017-04-21:r1,published_date,2017-04-21,2017-02-30,typo,\n"), 0o644)
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"import", "nsppolls", huge}, "presidentielle.csv: the file is 1 GiB; forecast reads files up to 64 MiB"},
		{[]string{"import", "buzz", headerOnly}, "b.csv:1: no rows after the header"},
		{[]string{"import", "buzz", buzz, "--corrections", corr}, `corrections.csv:2: snapshot filteris:filteris:2017-04-21:r1, as corrected: published date "2017-02-30" is not a real date`},
	} {
		code, out, errs := run(t, c.args...)
		if code != exitData || out != "" || !strings.Contains(errs, c.msg) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 3 and %q", c.args, code, out, errs, c.msg)
		}
	}
}
