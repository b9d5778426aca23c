#!/usr/bin/env python3
"""Independent computation of the expected error of a simple random sample.

Written separately from the Go code (standard-library Python only), from
docs/METHODS.md §10.1, to check scoring.ExpectedSRS through `forecast score` to 1e-9.
For a few 2017 final polls it reads n (the expressed base, else the number
interviewed) from data/fr2017/forecasts.csv and the official counts from
data/fr2017/results.csv, and computes, over the candidates scored,

    expected_mae = mean_i E|X_i/n - p_i|,  X_i ~ Binomial(n, p_i),

by summing |x/n - p| over the whole binomial pmf (not de Moivre's closed
form that the Go code uses), and srs_rmse = sqrt(mean_i p_i (1 - p_i) / n),
both in points.

    python3 scoring/testdata/expected_srs.py > scoring/testdata/expected_srs.csv
"""
import csv, math, os

repo = os.path.dirname(os.path.abspath(__file__)).rsplit('/scoring/', 1)[0]
data = os.path.join(repo, 'data', 'fr2017')

# (round, candidates scored, snapshots)
CASES = [
    (1, ['MACRON', 'LE_PEN', 'FILLON', 'MELENCHON'],
     ['20170420_elabe', 'supp_20170420_harris_rmc', '20170420_ipsos', '20170417_kantar']),
    (2, ['MACRON', 'LE_PEN'], ['20170505_ifop', '20170505_ipsos']),
]


def shares(round_):
    votes, expressed = {}, None
    with open(os.path.join(data, 'results.csv'), newline='') as f:
        for r in csv.DictReader(f):
            if int(r['round']) == round_ and r['scope'] == 'national':
                votes[r['candidate']] = int(r['votes'])
                expressed = int(r['expressed'])
    return {c: v / expressed for c, v in votes.items()}


def sizes():
    n = {}
    with open(os.path.join(data, 'forecasts.csv'), newline='') as f:
        for r in csv.DictReader(f):
            if r['n_expressed'] or r['n_interviewed']:
                n[r['snapshot']] = int(float(r['n_expressed'] or r['n_interviewed']))
    return n


def mad(n, p):
    """E|X/n - p| by summing over the binomial pmf, in log space."""
    lp, lq, lgn = math.log(p), math.log1p(-p), math.lgamma(n + 1)
    total = 0.0
    for x in range(n + 1):
        logpmf = lgn - math.lgamma(x + 1) - math.lgamma(n - x + 1) + x * lp + (n - x) * lq
        total += math.exp(logpmf) * abs(x / n - p)
    return total


out = csv.writer(os.sys.stdout, lineterminator='\n')
out.writerow(['round', 'snapshot', 'n', 'expected_mae', 'srs_rmse'])
n = sizes()
for round_, cands, snaps in CASES:
    p = shares(round_)
    for s in snaps:
        emae = 100 * sum(mad(n[s], p[c]) for c in cands) / len(cands)
        rmse = 100 * math.sqrt(sum(p[c] * (1 - p[c]) / n[s] for c in cands) / len(cands))
        out.writerow([round_, s, n[s], repr(emae), repr(rmse)])
