// Package tidy reads the researched tidy files: one row per published figure,
// every row with its source URL, in the layouts of ../shared/data/fr2017
// (polls_round1.csv, polls_round2.csv, buzz.csv). They hold the figures that
// no upstream dataset has — polls added from press pages, and every buzz
// predictor's numbers transcribed from the pages that published them.
//
// Buzz sources are not all vote shares (docs/METHODS.md §2): each source the package
// knows (Filteris, the Gov app, Vigiglobe) has a profile saying what its
// numbers measure, and a row that claims otherwise is an error.
package tidy
