#!/usr/bin/env python3
"""Independent computation of the polling error of French elections by bloc.

Written separately from the Go code (standard-library Python only), from
docs/METHODS.md §15: for each election of pollsposition's
tour1_complet_unitedfl.csv, the polls taken 0 to DAYS days before the vote,
each bloc's mean share over the polls that give it, its error against the
result, the mean absolute error over the blocs in both (and over those with
20 % of the vote or more), the largest miss,
and each pollster's MAE (its own mean over its final polls, on the same
blocs) with their minimum, maximum and sample standard deviation.

    python3 scoring/history/testdata/independent.py 7 > scoring/history/testdata/independent_7.csv
    python3 scoring/history/testdata/independent.py 14 > scoring/history/testdata/independent_14.csv
    python3 scoring/history/testdata/independent.py 7 fr2022 > scoring/history/testdata/independent_7_fr2022.csv

With fr2022, the 2022 presidential first round is added from the embedded
canonical files (data/fr2022/forecasts.csv and results.csv), its candidates
in blocs by data/blocs/fr-2022-presidential.csv: each poll's bloc share the
sum of its candidates' (round 1, family poll, vote_share, forecast yes), the
result's the sum of their votes over the votes cast.

One line per number: election type, election day, what, name, value.
"""
import csv, statistics, sys
from collections import defaultdict
from datetime import date

days = int(sys.argv[1])
repo = __file__.rsplit('/scoring/', 1)[0]
path = repo + '/data/upstream/pollsposition/tour1_complet_unitedfl.csv'
with open(path, newline='') as f:
    rows = list(csv.DictReader(f))
blocs = [c[2:] for c in rows[0].keys() if c.startswith('nb')]

def share(row, b):
    v = row['nb' + b]
    return float(v) if v != '' else None

elections = defaultdict(list)
for r in rows:
    elections[(r['type'], r['dateelection'])].append(r)

if len(sys.argv) > 2 and sys.argv[2] == 'fr2022':
    day = '2022-04-10'
    with open(repo + '/data/blocs/fr-2022-presidential.csv', newline='') as f:
        bloc_of = {r['candidate']: r['bloc'] for r in csv.DictReader(f)}
    def blank():
        return {'type': 'president', 'dateelection': day, **{'nb' + b: '' for b in blocs}}
    def put(row, cand, value):
        k = 'nb' + bloc_of[cand]
        row[k] = repr((float(row[k]) if row[k] != '' else 0.0) + value)
    res = dict(blank(), date=day, sondage='result')
    with open(repo + '/data/fr2022/results.csv', newline='') as f:
        for r in csv.DictReader(f):
            if r['round'] == '1' and r['scope'] == 'national':
                put(res, r['candidate'], 100 * int(r['votes']) / int(r['expressed']))
    elections[('president', day)].append(res)
    polls = {}
    with open(repo + '/data/fr2022/forecasts.csv', newline='') as f:
        for r in csv.DictReader(f):
            if r['round'] == '1' and r['family'] == 'poll' and r['measure'] == 'vote_share' and r['forecast'] == 'yes':
                if r['snapshot'] not in polls:
                    polls[r['snapshot']] = dict(blank(), date=r['field_end'], sondage=r['source_name'])
                put(polls[r['snapshot']], r['candidate'], float(r['value']))
    elections[('president', day)].extend(polls.values())

out = csv.writer(sys.stdout, lineterminator='\n')
out.writerow(['type', 'election', 'what', 'name', 'value'])
for (typ, day), rs in sorted(elections.items()):
    result = [r for r in rs if r['sondage'] == 'result'][0]
    polls = [r for r in rs if r['sondage'] not in ('result', 'seats')]
    final = [r for r in polls if (date.fromisoformat(day) - date.fromisoformat(r['date'])).days <= days]
    out.writerow([typ, day, 'polls', '', len(final)])
    if not final:
        continue
    errors = {}
    for b in blocs:
        vals = [share(r, b) for r in final if share(r, b) is not None]
        res = share(result, b)
        if vals and res is not None:
            errors[b] = sum(vals) / len(vals) - res
            out.writerow([typ, day, 'error', b, repr(errors[b])])
    mae = sum(abs(e) for e in errors.values()) / len(errors)
    out.writerow([typ, day, 'mae', '', repr(mae)])
    large = [abs(e) for b, e in errors.items() if share(result, b) >= 20]
    if large:
        out.writerow([typ, day, 'mae_large', '', repr(sum(large) / len(large))])
    largest = max(errors, key=lambda b: abs(errors[b]))  # first on a tie, in file order
    out.writerow([typ, day, 'largest', largest, repr(errors[largest])])
    pollsters = defaultdict(list)
    for r in final:
        pollsters[r['sondage']].append(r)
    maes = []
    for name, prs in sorted(pollsters.items()):
        errs = []
        for b in errors:
            vals = [share(r, b) for r in prs if share(r, b) is not None]
            if vals:
                errs.append(abs(sum(vals) / len(vals) - share(result, b)))
        m = sum(errs) / len(errs)
        maes.append(m)
        out.writerow([typ, day, 'pollster', name, repr(m)])
    if len(maes) > 1:
        out.writerow([typ, day, 'pollster_sd', '', repr(statistics.stdev(maes))])
