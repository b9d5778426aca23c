package report

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Marker is the file WriteDir puts into every report directory: the mark
// of a directory that a later run may replace. A directory without it —
// anything else the user has — is never replaced.
const Marker = ".forecast-report"

const markerText = "This directory was written by 'forecast report'. 'forecast report --force' may replace it whole;\n" +
	"remove this file to keep it from being replaced.\n"

// ErrExists is returned by WriteDir when the directory exists and Force is
// not set.
var ErrExists = errors.New("exists")

// ErrRefused is returned by WriteDir when the path exists and is not a
// report it may replace: a file, a directory without Marker, or a directory
// that holds one of WriteOptions.Keep or the current directory.
var ErrRefused = errors.New("refused")

// WriteOptions say what WriteDir may replace.
type WriteOptions struct {
	// Force replaces a report written before: a directory holding Marker.
	Force bool
	// Keep lists paths that must survive (the --data directory): a dir that
	// is one of them, or holds one, is never replaced.
	Keep []string
}

// afterStep is called after each step of WriteDir that changes the file
// system (each file written, then the renames), with the step's name; tests
// kill the process there.
var afterStep = func(step string) {}

// exchangeDirs swaps two directories at once (rename with RENAME_EXCHANGE
// on Linux), or returns errors.ErrUnsupported; a variable so that tests can
// take the other path.
var exchangeDirs = exchange

// WriteDir writes the files of a report into dir, whole or not at all, and
// puts Marker beside them. They are written into a new directory beside
// dir, which is then renamed to dir: an interrupted run leaves no
// half-written report.
//
// An existing dir is replaced only with Force, and only when it is a report
// (it holds Marker) that holds neither the current directory nor a path of
// Keep; otherwise WriteDir returns an error wrapping ErrExists or ErrRefused
// and changes nothing. The new report takes the old one's place in a single
// rename that swaps them (Linux), so that dir holds a whole report, old or
// new, at every moment even if the process is killed; the old one is then
// removed. Where the swap is not available the old report is moved aside
// first, and a run killed between the two renames leaves it in
// ".DIR.old-*": the next run puts it back before anything else.
//
// Each run also removes what a killed run left beside dir (".DIR.tmp-*",
// ".DIR.old-*"); two runs writing the same dir at once are not supported.
func WriteDir(dir string, files []File, o WriteOptions) (err error) {
	dir = filepath.Clean(dir)
	parent, base := filepath.Split(dir)
	if parent == "" {
		parent = "."
	}
	if err := recoverLeftovers(parent, base); err != nil {
		return err
	}
	exists, err := replaceable(dir, o)
	if err != nil {
		return err
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
	for _, f := range append(files, File{Marker, []byte(markerText)}) {
		name := filepath.Join(tmp, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(name, f.Data, 0o644); err != nil {
			return err
		}
		afterStep("file")
	}
	afterStep("written")
	if !exists {
		if err := os.Rename(tmp, dir); err != nil {
			return err
		}
		afterStep("renamed")
		return nil
	}
	switch err := exchangeDirs(tmp, dir); {
	case err == nil:
		afterStep("swapped")
		return os.RemoveAll(tmp) // the old report, now
	case !errors.Is(err, errors.ErrUnsupported):
		return err
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
	afterStep("aside")
	if err := os.Rename(tmp, dir); err != nil {
		os.Rename(aside, dir) // put the old report back
		os.Remove(old)
		return err
	}
	afterStep("renamed")
	return os.RemoveAll(old)
}

// CheckDir returns the error WriteDir would return for dir because of what
// is there (ErrExists, ErrRefused), so that a command can refuse before it
// builds the report.
func CheckDir(dir string, o WriteOptions) error {
	_, err := replaceable(filepath.Clean(dir), o)
	return err
}

// replaceable says whether dir exists, and returns an error when it does
// and may not be replaced.
func replaceable(dir string, o WriteOptions) (exists bool, err error) {
	st, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, err
	case !st.IsDir():
		return true, fmt.Errorf("%s: %w: it exists and is not a directory; choose another --out", dir, ErrRefused)
	case !o.Force:
		return true, fmt.Errorf("%s: %w (use --force to replace it)", dir, ErrExists)
	}
	if m, err := os.Lstat(filepath.Join(dir, Marker)); err != nil || !m.Mode().IsRegular() {
		return true, fmt.Errorf("%s: %w: it is not a directory written by 'forecast report' (it has no %s file), and --force replaces only those; remove it yourself or choose another --out", dir, ErrRefused, Marker)
	}
	wd, err := os.Getwd()
	if err != nil {
		return true, err
	}
	for _, keep := range append([]string{wd}, o.Keep...) {
		if keep == "" {
			continue
		}
		if inside, err := holds(dir, keep); err != nil || inside {
			if err == nil {
				err = fmt.Errorf("%s: %w: it holds %s, which must not be replaced; choose another --out", dir, ErrRefused, keep)
			}
			return true, err
		}
	}
	return true, nil
}

// holds says whether the directory dir is path or one of its ancestors,
// symbolic links resolved.
func holds(dir, path string) (bool, error) {
	d, err := realPath(dir)
	if err != nil {
		return false, err
	}
	p, err := realPath(path)
	if err != nil {
		return false, err
	}
	rel, err := filepath.Rel(d, p)
	if err != nil {
		return false, nil // different volumes
	}
	return rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)), nil
}

// realPath is path absolute, with the symbolic links of its longest
// existing prefix resolved.
func realPath(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r, nil
	}
	parent := filepath.Dir(abs)
	if parent == abs {
		return abs, nil
	}
	p, err := realPath(parent)
	return filepath.Join(p, filepath.Base(abs)), err
}

// recoverLeftovers cleans up after a run of WriteDir that was killed: an
// old report left aside (".BASE.old-*/BASE") goes back to its place if
// nothing took it, and every other leftover (".BASE.old-*", ".BASE.tmp-*")
// is removed.
func recoverLeftovers(parent, base string) error {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return err
	}
	dir := filepath.Join(parent, base)
	for _, e := range entries {
		name := e.Name()
		old := strings.HasPrefix(name, "."+base+".old-")
		if !old && !strings.HasPrefix(name, "."+base+".tmp-") {
			continue
		}
		left := filepath.Join(parent, name)
		aside := filepath.Join(left, base)
		if _, err := os.Lstat(filepath.Join(aside, Marker)); err == nil && old {
			if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
				if err := os.Rename(aside, dir); err != nil {
					return fmt.Errorf("putting back the report a killed run left in %s: %w", aside, err)
				}
			}
		}
		if err := os.RemoveAll(left); err != nil {
			return err
		}
	}
	return nil
}
