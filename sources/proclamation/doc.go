// Package proclamation reads the researched national-results file — the
// official results as proclaimed by the Conseil constitutionnel, transcribed
// one count per row — into canonical sources.Result rows (scope "national",
// code "FR"). The proclamation, not the Ministry's files, is the ground truth
// the département results must add up to (sources.CheckResultTotals).
//
// # The upstream layout
//
// A comma-separated UTF-8 file in long format, one row per count:
//
//	round,date,scope,item_type,item,candidate_id,count,pct_expressed,pct_expressed_exact,pct_registered,source_url
//	1,2017-04-23,national,turnout,registered,,47582183,,,100.00,https://…/2017169PDR.htm
//	1,2017-04-23,national,candidate,Emmanuel Macron,MACRON,8656346,24.01,24.009129,18.19,https://…/2017169PDR.htm
//
// Rows whose item_type is "turnout" give, for each round, the six items
// registered, abstentions, voters, blank, null and expressed; rows whose
// item_type is "candidate" give one candidate's votes, the candidate named by
// candidate_id (or, when that is empty, by the item).
//
// # Quirks, and what the reader does about them
//
//   - Columns are found by name. round, item_type, item, count and
//     source_url are required; date, scope, candidate_id and the percentage
//     columns are optional, and any other column is named in a notice.
//   - The 2017 file has pct_expressed (the proclaimed rounding, two
//     decimals), pct_expressed_exact (computed, six decimals) and
//     pct_registered; the 2022 file has pct_expressed only. Every percentage
//     given is checked against the counts — to 1e-6 point for
//     pct_expressed_exact, to 0.005 for the two-decimal ones — so that a
//     mistyped count cannot hide: the percentages were transcribed
//     separately from the counts.
//   - The scope is "national" in 2017 and "France_entiere" in 2022; both
//     mean the whole country. Any other scope is an error: this reader makes
//     national results only.
//   - Candidate names are spelled "Emmanuel Macron" in 2017 and "Emmanuel
//     MACRON" in 2022; when the election is described, the item must name,
//     through the registry, the candidate that candidate_id gives, so that a
//     row cannot carry one candidate's name and another's id.
//
// Every row that cannot be read is reported with file, line and reason, all
// at once; so is every round whose turnout is incomplete or does not add up
// (registered = abstentions + voters, voters = blank + null + expressed, the
// candidates' votes = expressed). A round with a problem gives no result.
package proclamation
