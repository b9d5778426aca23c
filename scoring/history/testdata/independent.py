#!/usr/bin/env python3
"""Independent computation of the polling error of French elections by bloc.

Written separately from the Go code (standard-library Python only), from
docs/METHODS.md §14: for each election of pollsposition's
tour1_complet_unitedfl.csv, the polls taken 0 to DAYS days before the vote,
each bloc's mean share over the polls that give it, its error against the
result, the mean absolute error over the blocs in both, the largest miss,
and each pollster's MAE (its own mean over its final polls, on the same
blocs) with their minimum, maximum and sample standard deviation.

    python3 scoring/history/testdata/independent.py 7 > scoring/history/testdata/independent_7.csv
    python3 scoring/history/testdata/independent.py 14 > scoring/history/testdata/independent_14.csv

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
