#!/usr/bin/env python3
"""Independent simulation of the SRS interval of the 2017 final first-round polls.

Written separately from the Go code (standard-library Python only), from
docs/METHODS.md §10.1: for each final poll of round 1 (headline set: Macron, Le Pen,
Fillon, Mélenchon), draw simple random samples of its n voters one by one
from the official result (the four candidates and the rest of the vote),
compute each sample's MAE over the four, and report the 2.5 % and 97.5 %
quantiles (R type 7) and the share of samples whose MAE is at least the
poll's. Monte Carlo, with Python's own generator: the Go test compares with
a tolerance of a few Monte Carlo standard errors, not to the digit.

    python3 scoring/testdata/srs_interval.py > scoring/testdata/srs_interval.csv
"""
import csv, os, random, sys

repo = os.path.dirname(os.path.abspath(__file__)).rsplit('/scoring/', 1)[0]
data = os.path.join(repo, 'data', 'fr2017')
SET = ['MACRON', 'LE_PEN', 'FILLON', 'MELENCHON']
FINALS = ['20170420_elabe', 'supp_20170420_harris_rmc', '20170420_ipsos', '20170421_ifop',
          '20170421_bva', '20170421_odoxa', '20170420_opinionway', '20170417_kantar']
DRAWS = 10000

votes, expressed = {}, 0
with open(os.path.join(data, 'results.csv'), newline='') as f:
    for r in csv.DictReader(f):
        if r['round'] == '1' and r['scope'] == 'national':
            votes[r['candidate']] = int(r['votes'])
            expressed = int(r['expressed'])
share = {c: 100 * v / expressed for c, v in votes.items()}

polls = {}
with open(os.path.join(data, 'forecasts.csv'), newline='') as f:
    for r in csv.DictReader(f):
        if r['snapshot'] in FINALS and r['candidate'] in SET:
            p = polls.setdefault(r['snapshot'], {'n': round(float(r['n_expressed'] or r['n_interviewed'])), 'v': {}})
            p['v'][r['candidate']] = float(r['value'])


def quantile(x, q):
    h = (len(x) - 1) * q
    i = int(h)
    return x[i] + (h - i) * (x[min(i + 1, len(x) - 1)] - x[i])


rng = random.Random(20170423)
cats = SET + ['REST']
weights = [share[c] for c in SET] + [100 - sum(share[c] for c in SET)]
out = csv.writer(sys.stdout, lineterminator='\n')
out.writerow(['snapshot', 'n', 'mae', 'mae_lo', 'mae_hi', 'p_srs', 'draws'])
for s in FINALS:
    p = polls[s]
    n = p['n']
    obs = sum(abs(p['v'][c] - share[c]) for c in SET) / len(SET)
    maes, above = [], 0
    for _ in range(DRAWS):
        sample = rng.choices(range(5), weights=weights, k=n)
        counts = [sample.count(i) for i in range(4)]
        m = sum(abs(100 * counts[i] / n - share[c]) for i, c in enumerate(SET)) / len(SET)
        maes.append(m)
        above += m >= obs
    maes.sort()
    out.writerow([s, n, repr(obs), repr(quantile(maes, 0.025)), repr(quantile(maes, 0.975)), repr(above / DRAWS), DRAWS])
