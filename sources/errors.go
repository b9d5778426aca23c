package sources

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// LineError is a problem with one row of one input file. Its message has the
// form "file:line: reason", the form editors and CI logs link to.
type LineError struct {
	File string
	Line int // 1-based; 0 when the problem concerns the whole file
	Msg  string
}

func (e *LineError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Errorf returns a *LineError for file and line. Its message is cut at
// maxMessage bytes: the fields a message quotes are cut already (Quote), and
// this bounds the rest (an id or a name written without quotes), so that no
// input can make one problem fill a terminal.
func Errorf(file string, line int, format string, args ...any) *LineError {
	msg := fmt.Sprintf(format, args...)
	if len(msg) > maxMessage {
		cut := maxMessage
		for cut > 0 && !utf8.RuneStart(msg[cut]) {
			cut--
		}
		msg = fmt.Sprintf("%s… (message cut: %d bytes)", msg[:cut], len(msg))
	}
	return &LineError{File: file, Line: line, Msg: msg}
}

// maxMessage is the longest message of one problem, in bytes.
const maxMessage = 1000

// DataError marks errors caused by bad input data (as opposed to bad usage or
// a bug), so that the command line can give them their own exit code.
type DataError struct{ Errs []error }

// DataErrorf returns a *DataError holding one problem, at file and line: for
// a problem that stops a read at once.
func DataErrorf(file string, line int, format string, args ...any) error {
	return &DataError{Errs: []error{Errorf(file, line, format, args...)}}
}

func (e *DataError) Error() string {
	const show = 20
	var b strings.Builder
	for i, err := range e.Errs {
		if i == show {
			fmt.Fprintf(&b, "\n... and %d more problems", len(e.Errs)-show)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(err.Error())
	}
	return b.String()
}

// Unwrap gives errors.Is and errors.As access to every problem.
func (e *DataError) Unwrap() []error { return e.Errs }

// Problems collects the row-level errors of one read, so that a reader can
// report every bad row of a file at once instead of stopping at the first.
type Problems struct{ errs []error }

// Add records a problem.
func (p *Problems) Add(err error) { p.errs = append(p.errs, err) }

// Addf records a problem with file and line.
func (p *Problems) Addf(file string, line int, format string, args ...any) {
	p.Add(Errorf(file, line, format, args...))
}

// Err returns nil when nothing was recorded, or a *DataError with every problem.
func (p *Problems) Err() error {
	if len(p.errs) == 0 {
		return nil
	}
	return &DataError{Errs: p.errs}
}

// IsDataError reports whether err was caused by bad input data.
func IsDataError(err error) bool {
	var d *DataError
	var l *LineError
	return errors.As(err, &d) || errors.As(err, &l)
}
