// Package pollsposition reads the poll files of the pollsposition project
// (github.com/pollsposition/data, sondages/presidentielles_2017.json, MIT)
// into canonical poll figures.
//
// # The upstream format
//
// One JSON object:
//
//	{"sondages": {KEY: poll, …}, "candidats": [name, …]}
//
// KEY is "YYYYMMDD_pollster" (the date is pollsposition's label for the poll,
// roughly its publication day). A poll is
//
//	institut         pollster as spelled by pollsposition ("Ifop", "Harris interactive")
//	commanditaires   sponsors, a list of names
//	source           URL of the pollster's notice, or ""
//	date_debut/fin   fieldwork, YYYY-MM-DD
//	methode          "internet" (all of 2017)
//	interroges       number of people interviewed
//	premier_tour     list of hypotheses for round 1 (and/or second_tour for round 2)
//
// and a hypothesis is
//
//	base                  who the shares are computed on: I (everyone interviewed
//	                      who gave an intention), SV (certain to vote), SVC
//	                      (certain to vote and certain of their choice)
//	nspp                  % undecided ("ne se prononce pas"), may be null
//	intentions_exprimees  number of respondents behind the shares (the base)
//	intentions            {candidate name: share in %}, forced to sum to 100
//	certitude             {ensemble: %, detail: {name: % certain of their choice}}
//
// # Quirks, and what Read does with them
//
//   - Duplicate object keys: "20170428_bva" names two different polls (1–2 May
//     and 26–28 April). A Go map would keep one silently, so the "sondages"
//     object is read key by key: the first poll keeps the key as its snapshot
//     id, later ones become "KEY~2", "KEY~3", and a notice names the lines.
//   - Wrong year: every 2017 fieldwork date is written with the year 2021.
//     A date whose year is not the election's is read in the election's year
//     (one notice per file with the count); the month and day are never
//     changed. A corrected date must still make sense: fieldwork that starts
//     after it ends, or ends after the vote of its round, is an error.
//     Fieldwork ending after the date in the poll's key is only a notice: the
//     key is a label, and three 2017 keys are earlier than their fieldwork;
//     fieldwork ending more than a month from the key's date is an error.
//   - Zeros: pollsposition forces each poll to sum to 100, so a published
//     "< 0.5 %" is written 0. Such figures keep the value 0, get the flag
//     sources.FlagBelowHalf, and the snapshot's note lists the candidates.
//   - Misspelled names ("Jena-Luc Mélenchon" in one certitude block) resolve
//     through the election's aliases; CandidateRaw keeps the source's spelling.
//     Certitude is not imported as figures, but its names are checked: each
//     must be one of the hypothesis' candidates ("Blancs/nuls" is the blank
//     and null vote, not a candidate).
//   - The undecided share (nspp) has no canonical column: it is written in the
//     note as "undecided N %".
//
// Read reports every problem at once, each with file:line, and returns no
// figures when there is any: a poll is never dropped silently.
package pollsposition
