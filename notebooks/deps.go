// Package notebooks holds the Jupyter notebooks that reproduce forecast's
// analysis, run with the GoNB kernel (see README.md), and the test that
// executes them.
//
// Each notebook copies this module's go.mod and go.sum into GoNB's working
// directory in its first cell, so that its cells build against this
// repository's packages (the replace directive) and against the versions
// pinned here. The blank imports below are the packages the notebooks
// import: they keep go.mod and go.sum complete (go mod tidy keeps what is
// imported), so that no cell needs a network look-up of a version.
package notebooks

import (
	_ "forecast/data"
	_ "forecast/data/frhistory"
	_ "forecast/reports"
	_ "forecast/reports/charts"
	_ "forecast/reports/locale"
	_ "forecast/scoring"
	_ "forecast/scoring/history"
	_ "forecast/scoring/quota"
	_ "forecast/scoring/rating"
	_ "forecast/scoring/selection"
	_ "forecast/sources"
	_ "forecast/sources/blochistory"
	_ "forecast/sources/fivethirtyeight"
	_ "forecast/sources/ministere"
	_ "forecast/sources/nsppolls"
	_ "forecast/sources/proclamation"

	_ "github.com/go-gota/gota/dataframe"
	_ "github.com/go-gota/gota/series"
	_ "github.com/janpfeifer/gonb/gonbui"
	_ "github.com/janpfeifer/gonb/gonbui/protocol"
	_ "gonum.org/v1/gonum/stat/distuv"
	_ "gonum.org/v1/plot"
	_ "gonum.org/v1/plot/plotter"
	_ "gonum.org/v1/plot/vg"
)
