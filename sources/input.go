package sources

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxFileSize is the largest input file the toolkit reads: 64 MiB. Files are
// read whole, and an importer holds about 13 times a file's size while it
// reads it (the bytes, the records, the figures: a 58.5 MiB NSPPolls file,
// the real one repeated 34 times, peaked at 777 MB resident), so a 64 MiB
// file needs under 1 GB, where a 1 GB file used to exhaust memory. The
// largest real input, the embedded 2022 forecasts.csv, is 3.9 MB; the
// NSPPolls file, 1.8 MB. A larger file is refused, before it is read, with
// a message that says so.
const MaxFileSize = 64 << 20

// CheckSize refuses a file of size bytes larger than MaxFileSize, with a
// *DataError that names the file, its size and the limit.
func CheckSize(file string, size int64) error {
	if size > MaxFileSize {
		return DataErrorf(file, 0, "the file is %s; forecast reads files up to %s (split it, or leave out what is not needed)", byteSize(size), byteSize(MaxFileSize))
	}
	return nil
}

// ReadFile reads a whole input file after checking its size (CheckSize), so
// that an oversized file is refused without being read.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	return readAll(path, f)
}

// readFS is ReadFile for a file of fsys (the embedded data, or --data).
func readFS(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	return readAll(name, f)
}

// openFS opens a file of fsys after checking its size, for a reader that
// streams it.
func openFS(fsys fs.FS, name string) (fs.File, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	if _, err := checkOpen(name, f); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// checkOpen checks the size of an open file (CheckSize) and returns it.
func checkOpen(name string, f fs.File) (int64, error) {
	fi, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return fi.Size(), CheckSize(name, fi.Size())
}

// readAll reads and closes f after checking its size. It reads no more than
// MaxFileSize bytes even from a file whose size is not known beforehand (a
// pipe, which says 0).
func readAll(name string, f fs.File) ([]byte, error) {
	defer f.Close()
	size, err := checkOpen(name, f)
	if err != nil {
		return nil, err
	}
	// Room for the whole file at once: growing a buffer from 512 bytes
	// copies and clears a 4 MB file about a dozen times.
	var buf bytes.Buffer
	buf.Grow(int(size) + bytes.MinRead)
	_, err = buf.ReadFrom(io.LimitReader(f, MaxFileSize+1))
	b := buf.Bytes()
	if err == nil && len(b) > MaxFileSize {
		return nil, DataErrorf(name, 0, "the file is larger than %s, the most forecast reads", byteSize(MaxFileSize))
	}
	return b, err
}

// byteSize writes a size in binary units: "1.0 GiB", "64 MiB", "512 B".
func byteSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	v, i := float64(n)/unit, 0
	for ; v >= unit && i < 3; i++ {
		v /= unit
	}
	s := strconv.FormatFloat(v, 'f', 1, 64)
	if v == float64(int64(v)) {
		s = strconv.FormatInt(int64(v), 10)
	}
	return s + " " + []string{"KiB", "MiB", "GiB", "TiB"}[i]
}

// maxQuoted is how many bytes of an input field an error message quotes.
const maxQuoted = 80

// Quote quotes an input field for a message, as %q does, but cut to its first
// 80 bytes (at a character boundary) followed by "… (N bytes)": a message
// must say which field is wrong, not echo a 10 MB one.
func Quote(s string) string {
	if len(s) <= maxQuoted {
		return strconv.Quote(s)
	}
	cut := maxQuoted
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes)", strconv.Quote(s[:cut]), len(s))
}

// CheckText refuses text that no field of an input file may hold: invalid
// UTF-8, a C0 control character other than tab (a NUL, an escape, a line
// break inside a quoted field), or the non-characters U+FFFE and U+FFFF.
// They cannot be written in an XML or SVG document, and in a CSV file they
// are a corrupted or binary file far more often than data. The error gives
// the character's position in the field, counted in characters from 1.
func CheckText(s string) error {
	if textOK(s) {
		return nil
	}
	pos := 0
	for i, r := range s {
		pos++
		switch {
		case r == utf8.RuneError:
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				return fmt.Errorf("character %d is not valid UTF-8 (byte 0x%02X): convert the file to UTF-8", pos, s[i])
			}
		case r < 0x20 && r != '\t':
			return fmt.Errorf("character %d is the control character %U: remove it", pos, r)
		case r == 0xFFFE, r == 0xFFFF:
			return fmt.Errorf("character %d is the non-character %U: remove it", pos, r)
		}
	}
	return nil
}

// textOK is CheckText's fast path, for text that passes: no byte below
// 0x20 but tab, valid UTF-8, neither U+FFFE nor U+FFFF.
func textOK(s string) bool {
	var high, ef bool // a byte of a multi-byte character; the lead byte of U+F000–U+FFFF
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 && c != '\t':
			return false
		case c >= 0x80:
			high, ef = true, ef || c == 0xEF
		}
	}
	if !high {
		return true // ASCII: valid UTF-8, no non-character
	}
	return utf8.ValidString(s) && !(ef && (strings.Contains(s, "\uFFFE") || strings.Contains(s, "\uFFFF")))
}

// checkRecord applies CheckText to every field of a CSV record; the error
// names the field's column, counted from 1.
func checkRecord(rec []string) error {
	for i, s := range rec {
		if err := CheckText(s); err != nil {
			return fmt.Errorf("column %d: %v", i+1, err)
		}
	}
	return nil
}

// CheckJSONText applies CheckText to every string of a JSON document, keys
// included: a JSON string may spell a control character as an escape
// ("\u0000"), and a JSON decoder silently replaces invalid UTF-8 with U+FFFD,
// so neither shows in the decoded values. Syntax errors are left to the
// document's parser; the error lists every bad string with its line.
func CheckJSONText(file string, b []byte) error {
	if !utf8.Valid(b) {
		off := 0
		for off < len(b) {
			r, n := utf8.DecodeRune(b[off:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			off += n
		}
		return DataErrorf(file, 1+bytes.Count(b[:off], []byte("\n")), "byte 0x%02X is not valid UTF-8: the file must be UTF-8", b[off])
	}
	// JSON allows no raw control character in a string (the parser reports
	// one): without a backslash no string can hold one, and without U+FFFE
	// and U+FFFF the walk below has nothing to find.
	if bytes.IndexByte(b, '\\') < 0 && !bytes.Contains(b, []byte("\uFFFE")) && !bytes.Contains(b, []byte("\uFFFF")) {
		return nil
	}
	var p Problems
	dec := json.NewDecoder(bytes.NewReader(b))
	line, counted := 1, 0
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		s, ok := tok.(string)
		if !ok {
			continue
		}
		if err := CheckText(s); err != nil {
			off := int(dec.InputOffset())
			line += bytes.Count(b[counted:off], []byte("\n"))
			counted = off
			p.Addf(file, line, "string %s: %v", Quote(s), err)
		}
	}
	return p.Err()
}
