// Package ministere reads the French Ministry of the Interior's presidential
// results by département ("résultats par département"), one file per round,
// into canonical sources.Result rows (scope "departement").
//
// # The upstream layout
//
// The Ministry publishes each round as a spreadsheet; the files read here are
// its CSV exports. A file is an optional title line ("Résultats par
// départements - Tour 2"), a header line starting with "Code du département",
// then one line per département:
//
//	Code du département;Libellé du département;[Etat saisie;]Inscrits;Abstentions;% Abs/Ins;
//	Votants;% Vot/Ins;Blancs;% Blancs/Ins;% Blancs/Vot;Nuls;% Nuls/Ins;% Nuls/Vot;
//	Exprimés;% Exp/Ins;% Exp/Vot;
//	Sexe;Nom;Prénom;Voix;% Voix/Ins;% Voix/Exp;   ← one block per candidate
//	Sexe;Nom;Prénom;Voix;% Voix/Ins;% Voix/Exp;   …
//
// # Quirks, and what the reader does about them
//
//   - Encoding: 2017 round 1 is Latin-1 (ISO-8859-1), the others UTF-8. A file
//     that is valid UTF-8 is read as UTF-8 (a byte-order mark is dropped);
//     any other file is read as Latin-1, byte for byte, and a notice says so.
//     A Latin-1 file holding C1 control bytes (0x80–0x9F, which Windows-1252
//     uses for letters such as "Œ") and a UTF-8 file whose text was converted
//     twice ("MÃ‰LENCHON") are errors, never mojibake in the output.
//   - Line ends are CRLF or LF; the separator is ";"; there is no quoting in
//     practice, but quoted fields are read as CSV.
//   - The title line: every line before the header is skipped, with a notice
//     naming it. It often says which round the file holds.
//   - Columns are found by name (accents, case and punctuation folded), not
//     by position: the 2022 files have a 17th fixed column, "Etat saisie"
//     (a département whose entry is not "Complet" gets a notice). Fixed
//     columns the reader does not know are reported in a notice.
//   - Candidate blocks start at the first "Sexe" column and repeat every six
//     columns, whether the header names them or not (the 2022 round-1 header
//     names only the first block). Within a row the blocks are ordered by that
//     row's votes in 2017 and by ballot order in 2022, so every block is
//     read for its names, never by position.
//   - The département code was a number in the 2017 workbook, so "01" arrives
//     as "1": one-digit codes get their leading zero back (with a notice).
//     "2A"/"2B", the overseas codes "971"… and the Ministry's "ZA"…"ZZ" for
//     overseas collectivities and French people abroad are kept.
//   - Percentages use a decimal comma (2017 round 1, 2022) or point (2017
//     round 2). They are not copied into the results, but each one is checked
//     against the counts it is computed from (to 0.005 point, the rounding of
//     two decimals), so that a shifted column or a mistyped count is caught.
//
// Every row that cannot be read, and every row whose arithmetic does not add
// up (registered = abstentions + voters, voters = blank + null + expressed,
// the candidates' votes = expressed), is reported with file, line and reason,
// all at once; such a row gives no result at all, so no row is half-read.
package ministere
