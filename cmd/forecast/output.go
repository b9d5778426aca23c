package main

import (
	"os"
	"path/filepath"
)

// refuseInput returns a usage error when out is one of the inputs — the
// same file, whatever the path (a symbolic link, "..", a hard link; as
// os.SameFile says) — so that a command never overwrites what it reads.
// It is called before the output is written. An out that does not
// exist yet is no input.
func refuseInput(flag, out string, inputs ...string) error {
	st, err := os.Stat(out)
	if err != nil {
		return nil
	}
	for _, in := range inputs {
		if in == "" {
			continue
		}
		if ist, err := os.Stat(in); err == nil && os.SameFile(st, ist) {
			return usagef("%s %s is the input %s: writing it would destroy what is read; choose another file", flag, out, in)
		}
	}
	return nil
}

// dataFiles lists the files of a --data directory, the inputs that an
// output must not replace.
func dataFiles(dir string) []string {
	if dir == "" {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var files []string
	for _, e := range entries {
		files = append(files, filepath.Join(dir, e.Name()))
	}
	return files
}
