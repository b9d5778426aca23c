package main

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeExample keeps the README honest: the example output it shows must
// be the first lines of what `forecast score` prints today.
func TestReadmeExample(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(b), "<!-- README example: forecast score (first lines); checked by TestReadmeExample -->\n```\n")
	if !ok {
		t.Fatal("README.md has lost its example block")
	}
	example, _, _ := strings.Cut(after, "```\n")
	code, out, errs := run(t, "score")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.HasPrefix(out, example) {
		t.Errorf("README.md shows output that `forecast score` no longer prints; update it with:\n  go run ./cmd/forecast score | head -28\ngot:\n%s", out[:min(len(out), len(example))])
	}
}
