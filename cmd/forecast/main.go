// Command forecast scores election forecasts — opinion polls and "buzz"
// predictors — against the official result, with the error measures and tests
// of the survey literature. Run "forecast --help" for the commands.
//
// The command is a thin layer: each subcommand fills an options struct from
// its flags and calls a run function; the work is done by the packages
// sources (reading data), scoring (the measures) and reports (the output).
package main

import (
	"os"
	"runtime/debug"
)

func main() {
	tuneGC()
	os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
}

// tuneGC lets the heap grow to five times what is live before collecting
// (GOGC=400), below a soft limit of 1 GiB past which the collector works as
// hard as needed. A command lives a fraction of a second and allocates most
// of what it keeps while reading the data: with Go's default (GOGC=100),
// collections took a quarter of the time spent loading the 2022 election's
// 3.9 MB of forecasts. GOGC or GOMEMLIMIT in the environment take precedence.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1 << 30)
	}
}
