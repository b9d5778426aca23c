#!/usr/bin/env bash
# Rebuilds the embedded 2017 dataset (data/fr2017/results.csv and forecasts.csv)
# from the upstream and researched files in ../shared/data, with the project's
# own importers. election.json and corrections.csv are written by hand.
#
#   bash data/build.sh [SHARED_DATA_DIR] [OUT_DIR]
#
# Defaults: ../shared/data and data/fr2017. The test TestEmbeddedDataRebuilds
# runs this script into a temporary directory and compares the bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared/data}
out=${2:-data/fr2017}
meta=data/fr2017/election.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go build -o "$tmp/forecast" ./cmd/forecast
imp() { "$tmp/forecast" import --election-file "$meta" "$@"; }
pp_url=https://github.com/pollsposition/data/blob/1051bd9f953601d0d403f6c41bcc2919a16d8c25/sondages/presidentielles_2017.json

# Results: départements from the Ministry's definitive files, national from the proclamation.
imp proclamation "$shared/fr2017/results_national.csv" -o "$tmp/national.csv"
imp ministere --round 1 "$shared/raw/ministere/Presidentielle_2017_Resultats_Tour_1_departements.csv" \
  --source-url https://static.data.gouv.fr/resources/election-presidentielle-des-23-avril-et-7-mai-2017-resultats-definitifs-du-1er-tour-1/20170427-100131/Presidentielle_2017_Resultats_Tour_1_c.xls \
  -o "$tmp/dep1.csv"
imp ministere --round 2 "$shared/raw/ministere/Presidentielle_2017_Resultats_Tour_2_departements.csv" \
  --source-url https://static.data.gouv.fr/resources/election-presidentielle-des-23-avril-et-7-mai-2017-resultats-definitifs-du-2nd-tour/20170511-092258/Presidentielle_2017_Resultats_Tour_2_c.xls \
  -o "$tmp/dep2.csv"

# Polls: pollsposition (with reviewed corrections), then the polls it lacks from the researched file.
imp pollsposition "$shared/raw/pollsposition/presidentielles_2017.json" --source-url "$pp_url" \
  --corrections data/fr2017/corrections.csv -o "$tmp/pollsposition.csv"
imp polls --round 1 --only-dataset manual "$shared/fr2017/polls_round1.csv" -o "$tmp/polls1.csv"
# supp_20170502_bva is the FT tracker's copy of BVA's 1–2 May poll, which pollsposition has in full.
imp polls --round 2 --only-dataset manual --exclude supp_20170502_bva "$shared/fr2017/polls_round2.csv" -o "$tmp/polls2.csv"

# Buzz: every researched figure, forecasts or not.
imp buzz "$shared/fr2017/buzz.csv" -o "$tmp/buzz.csv"

cat "$tmp/national.csv" > "$tmp/results.csv"
tail -n +2 "$tmp/dep1.csv" >> "$tmp/results.csv"
tail -n +2 "$tmp/dep2.csv" >> "$tmp/results.csv"
cat "$tmp/pollsposition.csv" > "$tmp/forecasts.csv"
for f in polls1 polls2 buzz; do tail -n +2 "$tmp/$f.csv" >> "$tmp/forecasts.csv"; done

mkdir -p "$out"
[ "$out" -ef data/fr2017 ] || cp data/fr2017/election.json data/fr2017/corrections.csv "$out/"
cp "$tmp/results.csv" "$tmp/forecasts.csv" "$out/"
# The whole dataset must load: every cross-file check (totals, duplicates, candidates).
"$tmp/forecast" score --data "$out" > /dev/null
echo "built $out: $(($(wc -l < "$out/results.csv") - 1)) result rows, $(($(wc -l < "$out/forecasts.csv") - 1)) figures" >&2
