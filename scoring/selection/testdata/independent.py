#!/usr/bin/env python3
"""Independent computation of the self-selection diagnostics (docs/METHODS.md §8).

Written separately from the Go code of package selection, in standard-library
Python, from Meng (2018) and docs/METHODS.md, to check `selection.Diagnose` on the
embedded data. It reads data/<dir>/forecasts.csv, results.csv and
election.json, picks each series' final snapshot with its own code, and prints
a long CSV: table,snapshot,candidate,name,value.

    python3 scoring/selection/testdata/independent.py fr2017 1 > scoring/selection/testdata/independent_r1.csv
    python3 scoring/selection/testdata/independent.py fr2017 2 > scoring/selection/testdata/independent_r2.csv

(fr2017 is the directory of the embedded default election, which the Go test
diagnoses.) For every final snapshot with shares or volumes of the headline
candidates: the effective sample size n_eff = mu(1-mu)/(muhat-mu)^2 and, where
the snapshot records a sample size n, the data defect correlation
rho = (muhat-mu)/(sqrt((1-f)/f) * sqrt(mu(1-mu))), f = n/N, N the expressed
votes (for volumes, the votes of the candidates compared); pooled over the
candidates, n_eff = sum sigma^2 / sum err^2 and rho such that
n_eff = (f/(1-f))/rho^2. Over-representation r_i = (x_i/q_i)/(x_w/q_w) against
the official winner w.
"""
import csv, json, math, sys
from datetime import date

name, rnd = sys.argv[1], int(sys.argv[2])
root = __file__.rsplit('/scoring/', 1)[0] + '/data/' + name + '/'
election = json.load(open(root + 'election.json'))
rounds = {r['round']: r for r in election['rounds']}
eday = date.fromisoformat(rounds[rnd]['date'])
blackout = date.fromisoformat(rounds[rnd]['blackout_from'])
prev = rounds[rnd - 1]['date'] if rnd - 1 in rounds else None
S = rounds[rnd]['headline']

votes, expressed = {}, None
for r in csv.DictReader(open(root + 'results.csv')):
    if r['scope'] == 'national' and int(r['round']) == rnd:
        votes[r['candidate']] = int(r['votes'])
        expressed = int(r['expressed'])
winner = max(votes, key=votes.get)

snaps = {}
for r in csv.DictReader(open(root + 'forecasts.csv')):
    if int(r['round']) == rnd and r['forecast'] == 'yes':
        snaps.setdefault(r['snapshot'], []).append(r)

def day(s):
    try:
        return date.fromisoformat(s)
    except ValueError:
        return None

per_series = {}
for rows in snaps.values():
    k = (rows[0]['source'], rows[0]['series'])
    per_series[k] = per_series.get(k, 0) + 1
best = {}
for sid, rows in snaps.items():
    r = rows[0]
    k = (r['source'], r['series'])
    if r['family'] == 'poll':
        d = day(r['field_end'])
        if d is None or d >= blackout or (prev and r['field_start'] and r['field_start'] < prev):
            continue
    else:
        d = day(r['published_date'])
        if (d is None and per_series[k] > 1) or (d is not None and d >= eday):
            continue
    rank = (d or date.min, r['published_time'], r['field_start'], sid)
    if k not in best or rank > best[k][0]:
        best[k] = (rank, sid)

out = csv.writer(sys.stdout, lineterminator='\n')
out.writerow(['table', 'snapshot', 'candidate', 'name', 'value'])
for _, sid in sorted(v for v in best.values()):
    rows = snaps[sid]
    x = {r['candidate']: float(r['value']) for r in rows}
    m = rows[0]['measure']
    if m in ('vote_share', 'weight_share', 'voice_share', 'mention_share', 'volume') and all(c in x for c in S):
        if m == 'volume':
            muhat = [x[c] / sum(x[c] for c in S) for c in S]
            N = sum(votes[c] for c in S)
        else:
            muhat = [x[c] / 100 for c in S]
            N = expressed
        mu = [votes[c] / N for c in S]
        n = rows[0]['n_expressed'] or rows[0]['n_interviewed']
        n = float(n) if n else None
        sig2 = [u * (1 - u) for u in mu]
        err = [a - b for a, b in zip(muhat, mu)]
        rho = []
        for c, a, b, s2, e in zip(S, muhat, mu, sig2, err):
            vals = dict(forecast=100 * a, result=100 * b, error=100 * e, n_eff=s2 / e ** 2)
            if n:
                f = n / N
                rho.append(e / (math.sqrt((1 - f) / f) * math.sqrt(s2)))
                vals['rho'] = rho[-1]
            for k, v in vals.items():
                out.writerow(['selection', sid, c, k, repr(v)])
        pooled = dict(n_eff=sum(sig2) / sum(e * e for e in err))
        if n:
            f = n / N
            pooled['rho'] = math.sqrt((f / (1 - f)) / pooled['n_eff'])
        for k, v in pooled.items():
            out.writerow(['selection', sid, 'ALL', k, repr(v)])
    if m in ('vote_share', 'weight_share', 'voice_share', 'mention_share', 'volume', 'approval') and winner in x:
        for c in S:
            if c in x:
                r = (x[c] / votes[c]) / (x[winner] / votes[winner])
                out.writerow(['overrepresentation', sid, c, 'r', repr(r)])
