#!/usr/bin/env bash
# Rebuilds the embedded datasets (results.csv and forecasts.csv of
# data/fr2017 and data/fr2022; the whole of data/us2016) from the upstream
# and researched files vendored in data/upstream, with the project's own
# importers. The French election.json (and fr2017/corrections.csv) are
# written by hand; us2016's is made by the importer.
#
#   bash data/build.sh [UPSTREAM_DIR] [OUT_ROOT]
#
# Defaults: data/upstream and data (relative paths are taken from the
# repository's root); each election is written to
# OUT_ROOT/fr2017, OUT_ROOT/fr2022 and OUT_ROOT/us2016. The test TestEmbeddedDataRebuilds runs
# this script into a temporary directory and compares the bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
up=${1:-data/upstream}
root=${2:-data}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go build -o "$tmp/forecast" ./cmd/forecast

# finish DIR PARTS...: concatenates the parts (results first, then
# forecasts, each a list of CSV files with one header), copies the
# hand-written files (or the election.json an importer made), and loads the whole dataset: every cross-file check
# (totals, ballots, duplicates, candidates) must pass.
finish() {
  local dir=$1 out=$root/$1
  mkdir -p "$out"
  if [ -f "$tmp/$dir/election.json" ]; then
    cp "$tmp/$dir/election.json" "$out/" # made by the importer
  else
    [ "$out" -ef "data/$dir" ] || cp data/"$dir"/election.json "$out/"
  fi
  [ "$out" -ef "data/$dir" ] || [ ! -f data/"$dir"/corrections.csv ] || cp data/"$dir"/corrections.csv "$out/"
  cp "$tmp/$dir/results.csv" "$tmp/$dir/forecasts.csv" "$out/"
  "$tmp/forecast" score --data "$out" > /dev/null
  echo "built $out: $(($(wc -l < "$out/results.csv") - 1)) result rows, $(($(wc -l < "$out/forecasts.csv") - 1)) figures" >&2
}

# concat OUT FILES...: the first file whole, the others without their header.
concat() {
  local out=$1 first=$2
  shift 2
  cat "$first" > "$out"
  for f in "$@"; do tail -n +2 "$f" >> "$out"; done
}

fr2017() {
  local t=$tmp/fr2017
  mkdir -p "$t"
  imp() { "$tmp/forecast" import --election-file data/fr2017/election.json "$@"; }
  local pp_url=https://github.com/pollsposition/data/blob/1051bd9f953601d0d403f6c41bcc2919a16d8c25/sondages/presidentielles_2017.json

  # Results: départements from the Ministry's definitive files, national from the proclamation.
  imp proclamation "$up/research/fr2017/results_national.csv" -o "$t/national.csv"
  imp ministere --round 1 "$up/ministere/Presidentielle_2017_Resultats_Tour_1_departements.csv" \
    --source-url https://static.data.gouv.fr/resources/election-presidentielle-des-23-avril-et-7-mai-2017-resultats-definitifs-du-1er-tour-1/20170427-100131/Presidentielle_2017_Resultats_Tour_1_c.xls \
    -o "$t/dep1.csv"
  imp ministere --round 2 "$up/ministere/Presidentielle_2017_Resultats_Tour_2_departements.csv" \
    --source-url https://static.data.gouv.fr/resources/election-presidentielle-des-23-avril-et-7-mai-2017-resultats-definitifs-du-2nd-tour/20170511-092258/Presidentielle_2017_Resultats_Tour_2_c.xls \
    -o "$t/dep2.csv"

  # Polls: pollsposition (with reviewed corrections), then the polls it lacks from the researched file.
  imp pollsposition "$up/pollsposition/presidentielles_2017.json" --source-url "$pp_url" \
    --corrections data/fr2017/corrections.csv -o "$t/pollsposition.csv"
  imp polls --round 1 --only-dataset manual "$up/research/fr2017/polls_round1.csv" -o "$t/polls1.csv"
  # supp_20170502_bva is the FT tracker's copy of BVA's 1–2 May poll, which pollsposition has in full.
  imp polls --round 2 --only-dataset manual --exclude supp_20170502_bva "$up/research/fr2017/polls_round2.csv" -o "$t/polls2.csv"

  # Buzz: every researched figure, forecasts or not.
  imp buzz "$up/research/fr2017/buzz.csv" -o "$t/buzz.csv"

  concat "$t/results.csv" "$t/national.csv" "$t/dep1.csv" "$t/dep2.csv"
  concat "$t/forecasts.csv" "$t/pollsposition.csv" "$t/polls1.csv" "$t/polls2.csv" "$t/buzz.csv"
  finish fr2017
}

fr2022() {
  local t=$tmp/fr2022
  mkdir -p "$t"
  imp() { "$tmp/forecast" import --election-file data/fr2022/election.json "$@"; }
  local nsp_url=https://github.com/nsppolls/nsppolls/blob/ddcd5ceef9839c7d3f46948ff85f41fc93f215ce/presidentielle.csv
  local mi=https://www.data.gouv.fr/fr/datasets/election-presidentielle-des-10-et-24-avril-2022-resultats-definitifs

  # Results: départements from the Ministry's files, national from the proclamation (2022-195 and 2022-197 PDR).
  imp proclamation "$up/research/fr2022/results_national.csv" -o "$t/national.csv"
  imp ministere --round 1 "$up/ministere/resultats-par-niveau-dpt-t1-france-entiere-2022.csv" \
    --source-url "$mi-du-1er-tour/" -o "$t/dep1.csv"
  imp ministere --round 2 "$up/ministere/resultats-par-niveau-dpt-t2-france-entiere-2022.csv" \
    --source-url "$mi-du-2nd-tour/" -o "$t/dep2.csv"

  # Polls: every NSPPolls row, every hypothesis; those that are not the round's
  # ballot (election.json) are kept with forecast no.
  imp nsppolls "$up/nsppolls/presidentielle.csv" --source-url "$nsp_url" -o "$t/forecasts.csv"

  concat "$t/results.csv" "$t/national.csv" "$t/dep1.csv" "$t/dep2.csv"
  finish fr2022
}

us2016() {
  local t=$tmp/us2016
  # Every 2016 presidential general-election poll of FiveThirtyEight's
  # file, nationally and by state: election.json too comes from the file.
  "$tmp/forecast" import fivethirtyeight "$up/fivethirtyeight/2023/raw-polls.csv" --year 2016 --type Pres-G \
    --id us-2016-presidential --name "US presidential election, 2016" \
    --name-fr "Élection présidentielle américaine de 2016" \
    --source-url https://github.com/fivethirtyeight/data/blob/fcf572c4fba05a42f1f34f415bd5e6dc389efd68/pollster-ratings/2023/raw-polls.csv \
    --out "$t"
  finish us2016
}

fr2017
fr2022
us2016
