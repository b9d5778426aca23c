//go:build !(linux && (amd64 || arm64))

package report

import "errors"

// exchange is not available here: WriteDir moves the old report aside.
func exchange(a, b string) error { return errors.ErrUnsupported }
