package main

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeExample keeps the README honest: each example output it shows
// must be the first lines of what its command prints today.
func TestReadmeExample(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"score"}, {"score", "--election", "fr-2022-presidential"}} {
		cmd := "forecast " + strings.Join(args, " ")
		_, after, ok := strings.Cut(string(b), "<!-- README example: "+cmd+" (first lines); checked by TestReadmeExample -->\n```\n")
		if !ok {
			t.Fatalf("README.md has lost its example block of %s", cmd)
		}
		example, _, _ := strings.Cut(after, "```\n")
		code, out, errs := run(t, args...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", cmd, code, errs)
		}
		if !strings.HasPrefix(out, example) {
			t.Errorf("README.md shows output that `%s` no longer prints; update it with:\n  go run ./cmd/%s | head -%d\ngot:\n%s",
				cmd, cmd, strings.Count(example, "\n"), out[:min(len(out), len(example))])
		}
	}
}
