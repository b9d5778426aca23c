#!/usr/bin/env python3
"""Independent computation of the 2017 final-forecast scores.

Written separately from the Go code (standard-library Python only), from the
formulas of METHODS.md, to check `forecast score` to 1e-6. It reads the
canonical files data/fr2017/forecasts.csv and results.csv, selects each
series' final snapshot with its own code, and prints the scores as CSV.

    python3 cmd/forecast/testdata/independent.py 1 top4 > cmd/forecast/testdata/independent_r1_top4.csv
    python3 cmd/forecast/testdata/independent.py 2 top2 > cmd/forecast/testdata/independent_r2_top2.csv
"""
import csv, itertools, math, sys
from collections import OrderedDict, defaultdict
from datetime import date

round_, cset = int(sys.argv[1]), sys.argv[2]
top = int(cset[3:])
root = __file__.rsplit('/cmd/', 1)[0] + '/data/fr2017/'
ELECTION = {1: date(2017, 4, 23), 2: date(2017, 5, 7)}[round_]
BLACKOUT = {1: date(2017, 4, 22), 2: date(2017, 5, 6)}[round_]

votes, expressed = {}, None
for r in csv.DictReader(open(root + 'results.csv')):
    if r['scope'] == 'national' and int(r['round']) == round_:
        votes[r['candidate']] = int(r['votes'])
        expressed = int(r['expressed'])
share = {c: 100 * v / expressed for c, v in votes.items()}
order = sorted(votes, key=lambda c: -votes[c])
S = order[:top]

snaps = OrderedDict()
for r in csv.DictReader(open(root + 'forecasts.csv')):
    if int(r['round']) != round_ or r['forecast'] != 'yes':
        continue
    snaps.setdefault(r['snapshot'], []).append(r)

def day(s):
    try:
        return date.fromisoformat(s)
    except ValueError:
        return None

best = {}
count = defaultdict(int)
for sid, rows in snaps.items():
    count[(rows[0]['source'], rows[0]['series'])] += 1
for sid, rows in snaps.items():
    r = rows[0]
    key = (r['source'], r['series'])
    if r['family'] == 'poll':
        d = day(r['field_end'])
        if d is None or d >= BLACKOUT:
            continue
    else:
        d = day(r['published_date'])
        if d is None:
            if count[key] > 1:
                continue
        elif d >= ELECTION:
            continue
    rank = (d or date.min, r['published_time'], r['field_start'], sid)
    if key not in best or rank > best[key][0]:
        best[key] = (rank, sid)

def kendall_tau_b(x, y):
    n = len(x); c = d = tx = ty = 0
    for i in range(n):
        for j in range(i + 1, n):
            a = (x[i] > x[j]) - (x[i] < x[j]); b = (y[i] > y[j]) - (y[i] < y[j])
            if a == 0 and b == 0: continue
            if a == 0: tx += 1
            elif b == 0: ty += 1
            elif a == b: c += 1
            else: d += 1
    den = math.sqrt((c + d + tx) * (c + d + ty))
    return (c - d) / den if den else float('nan')

def order_probabilities(vals, higher=True):
    """All orders of the candidates obtained by breaking ties at random, each with its probability."""
    idx = list(range(len(vals)))
    key = (lambda i: -vals[i]) if higher else (lambda i: vals[i])
    groups = [list(g) for _, g in itertools.groupby(sorted(idx, key=key), key=key)]
    perms = [list(itertools.permutations(g)) for g in groups]
    total = math.prod(len(p) for p in perms)
    for combo in itertools.product(*perms):
        yield [i for g in combo for i in g], 1 / total

def chi2_sf(x, df):
    if df == 1:
        return math.erfc(math.sqrt(x / 2))
    if df % 2 == 0:  # closed form for even degrees of freedom
        return math.exp(-x / 2) * sum((x / 2) ** j / math.factorial(j) for j in range(df // 2))
    raise ValueError(df)

cols = ['source', 'series', 'snapshot', 'mae', 'rmse', 'max_abs_error', 'margin_error', 'winner_ok', 'top2_ok', 'kendall_tau', 'b', 'b_w', 'chi2', 'p_value']
w = csv.writer(sys.stdout, lineterminator='\n')
w.writerow(cols)
for key, (_, sid) in sorted(best.items()):
    rows = snaps[sid]
    vals = {r['candidate']: float(r['value']) for r in rows}
    m = rows[0]['measure']
    if any(c not in vals for c in S) or m not in ('vote_share', 'weight_share', 'voice_share', 'mention_share', 'volume'):
        continue
    f = [vals[c] for c in S]
    v = [share[c] for c in S]
    if m == 'volume':
        f = [100 * x / sum(f) for x in f]
        v = [100 * x / sum(v) for x in v]
    err = [a - b for a, b in zip(f, v)]
    out = dict(source=key[0], series=key[1], snapshot=sid)
    out['mae'] = sum(abs(e) for e in err) / len(err)
    out['rmse'] = math.sqrt(sum(e * e for e in err) / len(err))
    out['max_abs_error'] = max(abs(e) for e in err)
    a, b = S.index(order[0]), S.index(order[1])
    out['margin_error'] = (f[a] - f[b]) - (v[a] - v[b])
    probs = list(order_probabilities(f))
    out['winner_ok'] = sum(p for o, p in probs if o[0] == a)
    out['top2_ok'] = sum(p for o, p in probs if set(o[:2]) == {a, b}) if round_ == 1 else ''
    out['kendall_tau'] = kendall_tau_b(f, v)
    lf, lv = list(f), list(v)
    if m != 'volume' and len(S) < len(share):
        lf.append(100 - sum(f)); lv.append(100 - sum(v))
    if min(lf) <= 0:
        out.update(b='', b_w='', chi2='', p_value='')
    else:
        p = [x / sum(lf) for x in lf]; q = [x / sum(lv) for x in lv]
        A = [math.log((pi / (1 - pi)) / (qi / (1 - qi))) for pi, qi in zip(p, q)]
        out['b'] = sum(abs(x) for x in A) / len(A)
        out['b_w'] = sum(qi * abs(x) for qi, x in zip(q, A))
        n = rows[0]['n_expressed'] or rows[0]['n_interviewed']
        if n:
            n = float(n)
            chi = sum((pi * n - qi * n) ** 2 / (qi * n) for pi, qi in zip(p, q))
            out['chi2'], out['p_value'] = chi, chi2_sf(chi, len(p) - 1)
        else:
            out['chi2'] = out['p_value'] = ''
    w.writerow([out[c] if isinstance(out[c], str) else repr(out[c]) for c in cols])
