#!/usr/bin/env python3
"""Independent computation of the final-forecast scores.

Written separately from the Go code (standard-library Python only), from the
formulas of docs/METHODS.md, to check `forecast score` to 1e-6. It selects each
series' final snapshot with its own code and prints the scores as CSV.

- 2017 (the default) is read from the canonical files data/fr2017/forecasts.csv
  and results.csv.
- 2022 is read from the upstream files themselves, not from the project's
  canonical files: the NSPPolls poll file (raw/nsppolls/presidentielle.csv)
  and the Conseil constitutionnel's proclaimed counts
  (fr2022/results_national.csv), in $FORECAST_SHARED_DATA or ../shared/data
  beside the repository. The script names the pollsters, tells the
  hypothesis that matches the ballot (the candidates the proclamation lists
  for the round, no more, no fewer) and makes the snapshot ids itself.

    python3 cmd/forecast/testdata/independent.py 1 top4 > cmd/forecast/testdata/independent_r1_top4.csv
    python3 cmd/forecast/testdata/independent.py 2 top2 > cmd/forecast/testdata/independent_r2_top2.csv
    python3 cmd/forecast/testdata/independent.py 1 top4 fr-2022-presidential > cmd/forecast/testdata/independent_2022_r1_top4.csv
    python3 cmd/forecast/testdata/independent.py 2 top2 fr-2022-presidential > cmd/forecast/testdata/independent_2022_r2_top2.csv
"""
import csv, itertools, math, os, re, sys, unicodedata
from collections import Counter, OrderedDict, defaultdict
from datetime import date, timedelta

round_, cset = int(sys.argv[1]), sys.argv[2]
election = sys.argv[3] if len(sys.argv) > 3 else 'fr-2017-presidential'
top = int(cset[3:])
repo = __file__.rsplit('/cmd/', 1)[0]
shared = os.environ.get('FORECAST_SHARED_DATA') or repo + '/../shared/data'

SHARES = ('vote_share', 'weight_share', 'voice_share', 'mention_share', 'volume')


def day(s):
    try:
        return date.fromisoformat(s)
    except ValueError:
        return None


class Snap:
    """One snapshot: its series, id, measure, values by candidate id, n."""
    def __init__(self, source, series, sid, measure, values, n):
        self.source, self.series, self.sid = source, series, sid
        self.measure, self.values, self.n = measure, values, n


def load_2017():
    """Canonical 2017 files: (shares, order, eligible snapshots with their rank)."""
    root = repo + '/data/fr2017/'
    election_day = {1: date(2017, 4, 23), 2: date(2017, 5, 7)}[round_]
    blackout = {1: date(2017, 4, 22), 2: date(2017, 5, 6)}[round_]
    votes, expressed = {}, None
    for r in csv.DictReader(open(root + 'results.csv')):
        if r['scope'] == 'national' and int(r['round']) == round_:
            votes[r['candidate']] = int(r['votes'])
            expressed = int(r['expressed'])
    snaps = OrderedDict()
    for r in csv.DictReader(open(root + 'forecasts.csv')):
        if int(r['round']) != round_ or r['forecast'] != 'yes':
            continue
        snaps.setdefault(r['snapshot'], []).append(r)
    count = defaultdict(int)
    for sid, rows in snaps.items():
        count[(rows[0]['source'], rows[0]['series'])] += 1
    eligible = []
    for sid, rows in snaps.items():
        r = rows[0]
        key = (r['source'], r['series'])
        if r['family'] == 'poll':
            d = day(r['field_end'])
            if d is None or d >= blackout:
                continue
        else:
            d = day(r['published_date'])
            if d is None:
                if count[key] > 1:
                    continue
            elif d >= election_day:
                continue
        n = r['n_expressed'] or r['n_interviewed']
        s = Snap(r['source'], r['series'], sid, r['measure'], {x['candidate']: float(x['value']) for x in rows}, float(n) if n else None)
        eligible.append(((d or date.min, r['published_time'], r['field_start'], sid), s))
    return votes, expressed, eligible


def fold(name):
    """A name without accents, case or punctuation: 'Éric ZEMMOUR' → 'eric zemmour'."""
    s = unicodedata.normalize('NFKD', name)
    s = ''.join(c for c in s if not unicodedata.combining(c)).lower()
    return ' '.join(re.findall(r'[a-z0-9]+', s))


# The 2022 pollsters as NSPPolls names them, and the slugs `forecast` gives them.
POLLSTERS_2022 = {
    'Ifop': 'ifop-fiducial', 'Ipsos': 'ipsos-sopra-steria', 'Elabe': 'elabe', 'Opinion Way': 'opinionway',
    'Harris Interactive': 'harris-interactive', 'Kantar Public': 'kantar-public', 'BVA': 'bva', 'Odoxa': 'odoxa',
    'Cluster17': 'cluster17', 'Atlasintel': 'atlasintel', 'YouGov': 'yougov',
    'Redfield & Wilton Strategies': 'redfield-wilton-strategies',
}


def load_2022():
    """The NSPPolls file and the proclamation: (votes, expressed, eligible snapshots with their rank)."""
    first_round = date(2022, 4, 10)
    election_day = {1: first_round, 2: date(2022, 4, 24)}[round_]
    blackout = election_day - timedelta(days=1)  # no publication from the Saturday before the vote
    votes, expressed, names = {}, None, {}
    for r in csv.DictReader(open(shared + '/fr2022/results_national.csv')):
        if int(r['round']) != round_:
            continue
        if r['item_type'] == 'candidate':
            votes[r['candidate_id']] = int(r['count'])
            names[fold(r['item'])] = r['candidate_id']
        elif r['item'] == 'expressed':
            expressed = int(r['count'])
    rows = list(csv.DictReader(open(shared + '/raw/nsppolls/presidentielle.csv')))
    tour = {1: 'Premier tour', 2: 'Deuxième tour'}
    has_round1 = {r['id'] for r in rows if r['tour'] == tour[1]}
    snaps = OrderedDict()
    hyps = defaultdict(list)
    for r in rows:
        if r['tour'] != tour[round_]:
            continue
        k = (r['id'], r['hypothese'])
        if k not in snaps:
            hyps[r['id']].append(r['hypothese'])
        snaps.setdefault(k, []).append(r)
    eligible = []
    for (poll, hyp), rs in snaps.items():
        sid = poll + ('/t2' if round_ == 2 and poll in has_round1 else '')
        if len(hyps[poll]) > 1:
            sid += '/' + (fold(hyp).replace(' ', '-') or 'no-hypothesis')
        cands = [fold(x['candidat']) for x in rs]
        if sorted(cands) != sorted(names):  # not the ballot: a hypothesis that did not happen
            continue
        r = rs[0]
        start, end = day(r['debut_enquete']), day(r['fin_enquete'])
        if end >= blackout or (round_ == 2 and start < first_round):
            continue
        bases = Counter(x['sous_echantillon'] for x in rs)
        assert len(bases) == 1, (sid, bases)  # one expressed base for the snapshot
        source = POLLSTERS_2022[r['nom_institut']]
        values = {names[fold(x['candidat'])]: float(x['intentions']) for x in rs}
        s = Snap(source, source, sid, 'vote_share', values, float(r['sous_echantillon']))
        # Latest fieldwork end, then latest start, then (the toolkit's
        # deterministic convention for the rest) the larger snapshot id.
        eligible.append(((end, '', r['debut_enquete'], sid), s))
    return votes, expressed, eligible


votes, expressed, eligible = {'fr-2017-presidential': load_2017, 'fr-2022-presidential': load_2022}[election]()
share = {c: 100 * v / expressed for c, v in votes.items()}
order = sorted(votes, key=lambda c: -votes[c])
S = order[:top]

best = {}
for rank, s in eligible:
    key = (s.source, s.series)
    if key not in best or rank > best[key][0]:
        best[key] = (rank, s)


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
for key, (_, s) in sorted(best.items()):
    vals, m = s.values, s.measure
    if any(c not in vals for c in S) or m not in SHARES:
        continue
    f = [vals[c] for c in S]
    v = [share[c] for c in S]
    if m == 'volume':
        f = [100 * x / sum(f) for x in f]
        v = [100 * x / sum(v) for x in v]
    err = [a - b for a, b in zip(f, v)]
    out = dict(source=key[0], series=key[1], snapshot=s.sid)
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
        n = s.n
        if n:
            chi = sum((pi * n - qi * n) ** 2 / (qi * n) for pi, qi in zip(p, q))
            out['chi2'], out['p_value'] = chi, chi2_sf(chi, len(p) - 1)
        else:
            out['chi2'] = out['p_value'] = ''
    w.writerow([out[c] if isinstance(out[c], str) else repr(out[c]) for c in cols])
