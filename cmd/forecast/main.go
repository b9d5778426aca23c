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
)

func main() {
	os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
}
