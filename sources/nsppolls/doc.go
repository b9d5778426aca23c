// Package nsppolls reads the NSPPolls community poll file for the French
// presidential election (github.com/nsppolls/nsppolls, presidentielle.csv;
// data under MIT, with a request to credit NSPPolls and link to it) into
// canonical poll figures.
//
// # The upstream format
//
// A long CSV, one row per (poll, round, hypothesis, candidate), generated
// from NSPPolls' JSON feed. The columns, found by name:
//
//	candidat          candidate as spelled ("Eric Zemmour", without accent), or
//	                  "autre": an unnamed candidate of the party in parti
//	parti             party or parties, free text, may be empty
//	intentions        share in % of those expressing a choice
//	erreur_sup/_inf   NSPPolls' 95 % interval, computed as
//	                  intentions ± 1.96·√(p(1−p)/sous_echantillon)
//	id                poll id, "YYYYMMDD_MMDD_institute" (fieldwork start, end)
//	nom_institut      pollster
//	commanditaire     sponsors, comma-separated in one quoted field
//	debut_enquete     fieldwork start, YYYY-MM-DD
//	fin_enquete       fieldwork end
//	echantillon       number of people interviewed
//	population        who was asked ("Inscrits sur les listes électorales", …)
//	rolling           True/False: a rolling poll
//	media             True/False
//	tour              "Premier tour" or "Deuxième tour"
//	hypothese         the tested list of candidates when a poll tested several
//	                  ("Hypothèse Pécresse"), empty otherwise
//	sous_echantillon  weighted base of those expressing a choice (fractional)
//
// # What Read does with it
//
// Every row becomes one figure: nothing is dropped or merged. A snapshot is
// one (poll, round, hypothesis); its id is the poll id, with "/t2" for the
// second round of a poll that also has a first round, and "/" plus the slug
// of the hypothesis when the poll tested several in that round (a "~2"
// suffix keeps two hypotheses whose texts slug alike apart).
//
// Hypotheses and the ballot: NSPPolls lists every candidate a hypothesis
// tested (its shares add up to 100), so a snapshot's candidates are the
// ballot it asked about. When the election declares the ballot of a round
// (sources.Round.Ballot), a snapshot whose candidates are not exactly that
// ballot — someone who was not on it, or someone missing who was — is a
// hypothesis that did not happen: its figures are kept with Forecast false,
// and their note starts with the reason ("hypothesis that did not happen:
// not the round 1 ballot (with TAUBIRA, not on it)"), which the scorer shows.
// Without a declared ballot nothing is judged.
//
// Fields the canonical figure has no column for go to the note: the party
// ("parti: …") and media=False. The interval columns are checked against
// the formula above and, when they agree, not carried (they are recomputable
// from sous_echantillon); a row where they disagree keeps them in its note.
//
// Quirks found in the 2022 file, all reported as notices rather than fixed:
// rows of one snapshot that give different sous_echantillon (the snapshot
// keeps the value most of its rows give, the odd rows keep theirs in the
// note), snapshots whose shares add up to 96 or 98, intervals below 0, and a
// party written with a literal "\xa0" (an escaped no-break space).
//
// Rows that cannot be read (a share that is not a number in 0–100, a date
// that is not ISO, fieldwork that ends before it starts, the same candidate
// twice in a snapshot, poll-level fields that differ between rows of one
// poll) are errors with file:line; Read then returns no figures.
package nsppolls
