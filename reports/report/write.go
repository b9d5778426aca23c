package report

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrExists is returned by WriteDir when the directory exists and force is
// false.
var ErrExists = errors.New("exists")

// WriteDir writes the files of a report into dir, whole or not at all: into
// a new directory beside dir, renamed to dir once every file is written, so
// that an interrupted run leaves no half-written report. An existing dir is
// replaced only with force (it is moved aside, the new report moved in, and
// the old one removed); without force, WriteDir returns an error wrapping
// ErrExists and changes nothing.
func WriteDir(dir string, files []File, force bool) (err error) {
	dir = filepath.Clean(dir)
	_, statErr := os.Stat(dir)
	exists := statErr == nil
	if exists && !force {
		return fmt.Errorf("%s: %w (use --force to replace it)", dir, ErrExists)
	}
	if statErr != nil && !errors.Is(statErr, fs.ErrNotExist) {
		return statErr
	}
	parent, base := filepath.Split(dir)
	if parent == "" {
		parent = "."
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		name := filepath.Join(tmp, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(name, f.Data, 0o644); err != nil {
			return err
		}
	}
	if !exists {
		return os.Rename(tmp, dir)
	}
	old, err := os.MkdirTemp(parent, "."+base+".old-")
	if err != nil {
		return err
	}
	aside := filepath.Join(old, base)
	if err := os.Rename(dir, aside); err != nil {
		os.Remove(old)
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.Rename(aside, dir) // put the old report back
		os.Remove(old)
		return err
	}
	return os.RemoveAll(old)
}
