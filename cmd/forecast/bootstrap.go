package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"forecast/scoring"
)

// bootstrapFlags are the flags of the seeded parametric bootstrap behind
// the sampling intervals and the rank uncertainty (docs/METHODS.md §10).
type bootstrapFlags struct {
	draws int
	seed  uint64
}

func (f *bootstrapFlags) register(c *cobra.Command) {
	c.Flags().IntVar(&f.draws, "draws", scoring.DefaultDraws, "parametric bootstrap draws for the sampling intervals and rank uncertainty (0: none)")
	c.Flags().Uint64Var(&f.seed, "seed", scoring.DefaultSeed, "seed of the bootstrap: the same seed gives the same output")
}

// progress returns a function that shows the bootstrap's progress on w
// when w is a terminal and the work has taken more than a second; nil
// (nothing shown) otherwise, so that redirected output stays clean.
func progress(w io.Writer) func(done, total int) {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	start, shown := time.Now(), false
	return func(done, total int) {
		if !shown && time.Since(start) < time.Second {
			return
		}
		shown = true
		fmt.Fprintf(w, "\rbootstrap: %d/%d", done, total)
		if done == total {
			fmt.Fprintln(w)
		}
	}
}
