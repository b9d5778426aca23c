// Package safetest helps test that output errors are reported.
package safetest

import (
	"os"
	"testing"
)

// DevFull opens /dev/full, on which every write fails with "no space left
// on device", and closes it at the end of the test. Where the device is
// absent the test skips, saying why; under CI (CI=true), which runs on
// Linux, it fails instead.
func DevFull(tb testing.TB) *os.File {
	tb.Helper()
	f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("/dev/full is absent, and CI must run every test: %v", err)
		}
		tb.Skip("no /dev/full:", err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}
