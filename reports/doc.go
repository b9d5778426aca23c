// Package reports renders scores for people and programs: aligned text
// tables for a terminal or a paper, CSV and JSON with full precision for R and
// pandas, and Markdown for people who write in it.
//
// It imports scoring (the numbers) and sources (the data model); it computes
// nothing itself, so that every number it prints comes from a function in
// scoring with its formula and citation.
package reports
