#!/usr/bin/env python3
"""Independent computation of the quota-poll diagnostics (docs/METHODS.md §7).

Written separately from the Go code of package quota, in standard-library
Python, from the formulas of docs/METHODS.md and the textbooks they cite, to check
`quota.Diagnose` on the embedded data. It reads the canonical files
data/<dir>/forecasts.csv, results.csv and election.json, picks the campaign's
polls and each pollster's final poll with its own code, and prints every
number as a long CSV: table,key1,key2,name,value.

    python3 scoring/quota/testdata/independent.py fr2017 1 > scoring/quota/testdata/independent_r1.csv
    python3 scoring/quota/testdata/independent.py fr2017 2 > scoring/quota/testdata/independent_r2.csv

With a third argument `joint` it prints instead the house effects inside
the average (docs/METHODS.md §16) at fixed variances, for comparison with the
Go augmented Kalman filter (TestJointMatchesIndependentComputation):

    python3 scoring/quota/testdata/independent.py fr2017 1 joint > scoring/quota/testdata/joint_r1.csv
    python3 scoring/quota/testdata/independent.py fr2017 2 joint > scoring/quota/testdata/joint_r2.csv

There the model is written as one generalised least squares problem: the
polls y ~ N(X b, kappa V) with X the level at the first poll and the house
effects, and V = q * (min(t_i, t_l) - t_1) + diag(pbar(1 - pbar)/n_i + h),
the random walk's covariance since the first poll plus the polls' own
variances; the restricted (diffuse) likelihood
-1/2 [(n-k)(log 2 pi + log kappa + 1) + log|V| + log|X'V^-1 X|] at
kappa = (y - X b)'V^-1 (y - X b)/(n - k), by dense Cholesky factorisations:
no Kalman filter. It also finds the maximum likelihood with its own search
(joint_fit), for the log-likelihood and sum-to-zero effects at the optimum.

(fr2017 is the directory of the embedded default election, which the Go
test diagnoses.)

The poll average is a local level model, y_i = a(t_i) + e_i,
Var(e_i) = kappa * pbar(1 - pbar)/n_i + eta2, Var(a(t+d) - a(t)) = tau2 * d,
with the Kalman filter written in its textbook covariance form (Durbin &
Koopman 2012, ch. 2), the diffuse likelihood without the first observation,
and the maximum likelihood found by Nelder-Mead (Nelder & Mead 1965) from
the best point of a half-decade grid: a different search from the Go code's.
"""
import csv, json, math, sys
from datetime import date

name, rnd = sys.argv[1], int(sys.argv[2])
root = __file__.rsplit('/scoring/', 1)[0] + '/data/' + name + '/'
election = json.load(open(root + 'election.json'))
rounds = {r['round']: r for r in election['rounds']}
R = rounds[rnd]
eday = date.fromisoformat(R['date'])
blackout = date.fromisoformat(R['blackout_from'])
prev = date.fromisoformat(rounds[rnd - 1]['date']) if rnd - 1 in rounds else None
S = R['headline']

votes, expressed = {}, None
for r in csv.DictReader(open(root + 'results.csv')):
    if r['scope'] == 'national' and int(r['round']) == rnd:
        votes[r['candidate']] = int(r['votes'])
        expressed = int(r['expressed'])
v = {c: x / expressed for c, x in votes.items()}
order = sorted(votes, key=lambda c: -votes[c])

polls = {}
for r in csv.DictReader(open(root + 'forecasts.csv')):
    if r['family'] != 'poll' or int(r['round']) != rnd or r['forecast'] != 'yes':
        continue
    end = date.fromisoformat(r['field_end'])
    start = date.fromisoformat(r['field_start']) if r['field_start'] else end
    if end >= blackout or (prev and r['field_start'] and start < prev):
        continue
    p = polls.setdefault(r['snapshot'], dict(id=r['snapshot'], source=r['source'], start=start, end=end,
                                             n=r['n_expressed'] or r['n_interviewed'], pop=r['population_base'] or 'unknown',
                                             rolling=r['rolling'] or 'unknown', sponsors=r['sponsors'], y={}))
    p['y'][r['candidate']] = float(r['value']) / 100
polls = [p for p in polls.values() if p['n']]
for p in polls:
    p['n'] = float(p['n'])
    p['lead'] = (eday - p['end']).days
    p['t'] = (p['start'].toordinal() + p['end'].toordinal()) / 2
    p['e'] = p['end'].toordinal()

final = {}
for p in polls:
    k = (p['end'], p['start'], p['id'])
    if p['source'] not in final or k > final[p['source']][0]:
        final[p['source']] = (k, p['id'])
final = {pid for _, pid in final.values()}

out = csv.writer(sys.stdout, lineterminator='\n')
out.writerow(['table', 'key1', 'key2', 'name', 'value'])
def put(table, k1, k2, **vals):
    for n, x in vals.items():
        out.writerow([table, k1, k2, n, repr(float(x))])

def nelder_mead(f, x0, step, tol=1e-13, maxiter=5000):
    pts = [x0] + [[x0[j] + (step if j == i else 0) for j in range(len(x0))] for i in range(len(x0))]
    vals = [f(p) for p in pts]
    for _ in range(maxiter):
        idx = sorted(range(len(pts)), key=lambda i: vals[i])
        pts, vals = [pts[i] for i in idx], [vals[i] for i in idx]
        if vals[-1] - vals[0] < tol and max(abs(pts[-1][j] - pts[0][j]) for j in range(len(x0))) < 1e-9:
            break
        c = [sum(p[j] for p in pts[:-1]) / (len(pts) - 1) for j in range(len(x0))]
        xr = [c[j] + (c[j] - pts[-1][j]) for j in range(len(x0))]
        fr = f(xr)
        if fr < vals[0]:
            xe = [c[j] + 2 * (c[j] - pts[-1][j]) for j in range(len(x0))]
            fe = f(xe)
            pts[-1], vals[-1] = (xe, fe) if fe < fr else (xr, fr)
        elif fr < vals[-2]:
            pts[-1], vals[-1] = xr, fr
        else:
            xc = [c[j] + 0.5 * (pts[-1][j] - c[j]) for j in range(len(x0))]
            fc = f(xc)
            if fc < vals[-1]:
                pts[-1], vals[-1] = xc, fc
            else:
                pts = [pts[0]] + [[pts[0][j] + 0.5 * (p[j] - pts[0][j]) for j in range(len(x0))] for p in pts[1:]]
                vals = [vals[0]] + [f(p) for p in pts[1:]]
    return pts[0]

def cholesky(A):
    n = len(A)
    L = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1):
            x = A[i][j] - sum(L[i][k] * L[j][k] for k in range(j))
            L[i][j] = math.sqrt(x) if i == j else x / L[j][j]
    return L

def forward(L, b):
    x = []
    for i in range(len(L)):
        x.append((b[i] - sum(L[i][k] * x[k] for k in range(i))) / L[i][i])
    return x

def spd_inverse(A):
    L = cholesky(A)
    n = len(A)
    cols = [forward(L, [1.0 if i == j else 0.0 for i in range(n)]) for j in range(n)]  # columns of L^-1
    return [[sum(cols[i][k] * cols[j][k] for k in range(n)) for j in range(n)] for i in range(n)], 2 * sum(math.log(L[i][i]) for i in range(n))

def gls(rows, q):
    """rows: (t, y, r, x). Returns b, S^-1, Q, log|V| + log|S|, with S = X'V^-1 X."""
    t1 = min(r[0] for r in rows)
    V = [[q * (min(a[0], b[0]) - t1) + (a[2] if i == j else 0.0) for j, b in enumerate(rows)] for i, a in enumerate(rows)]
    L = cholesky(V)
    logdetV = 2 * sum(math.log(L[i][i]) for i in range(len(rows)))
    k = len(rows[0][3])
    w = forward(L, [r[1] for r in rows])
    Z = [forward(L, [r[3][c] for r in rows]) for c in range(k)]  # columns of L^-1 X
    S = [[sum(a * b for a, b in zip(Z[i], Z[j])) for j in range(k)] for i in range(k)]
    s = [sum(a * b for a, b in zip(Z[i], w)) for i in range(k)]
    Sinv, logdetS = spd_inverse(S)
    b = [sum(Sinv[i][j] * s[j] for j in range(k)) for i in range(k)]
    Q = sum(x * x for x in w) - sum(x * y for x, y in zip(s, b))
    return b, Sinv, Q, logdetV + logdetS

def joint_section():
    # rolling waves: per series (pollster and sponsors), by start, end, id; a
    # wave overlapping the days of the series' earlier waves keeps the
    # respondents of its new days
    neff, last = {}, {}
    for p in sorted(polls, key=lambda p: (p['start'], p['end'], p['id'])):
        s0, e0 = p['start'].toordinal(), p['end'].toordinal()
        key = (p['source'], p['sponsors'])
        if p['rolling'] == 'no':
            neff[p['id']] = p['n']
            continue
        if key not in last or s0 > last[key]:
            neff[p['id']] = p['n']
        else:
            new = e0 - max(s0, last[key] + 1) + 1
            neff[p['id']] = p['n'] * new / (e0 - s0 + 1) if new > 0 else 0.0
        last[key] = max(last.get(key, e0), e0)
    for pid, n in sorted(neff.items()):
        put('overlap', pid, '', n=n)
    for c in S:
        obs = [p for p in polls if c in p['y'] and neff[p['id']] > 0]
        srcs = sorted({p['source'] for p in obs})
        J = len(srcs)
        l, (tau2, kappa_, eta2), eff = joint_fit(c, obs, srcs, neff)
        put('joint_fit', c, '', loglik=l, drift_sd=100 * math.sqrt(tau2), extra_sd=100 * math.sqrt(eta2), sampling=kappa_)
        for src, e in zip(srcs, eff):
            put('joint_fit', c, src, house_effect=e)
        pbar = sum(neff[p['id']] * p['y'][c] for p in obs) / sum(neff[p['id']] for p in obs)
        for lq, lh in ((-5, -5), (-4.5, -6), (-7, -4), (-3, -9)):
            q, h = 10.0 ** lq, 10.0 ** lh
            def x_of(p, anchored):
                j = srcs.index(p['source'])
                if anchored:
                    return [1.0] + [1.0 if l == j else 0.0 for l in range(J)]
                if j < J - 1:
                    return [1.0] + [1.0 if l == j else 0.0 for l in range(J - 1)]
                return [1.0] + [-1.0] * (J - 1)
            rows = [(p['t'], p['y'][c], pbar * (1 - pbar) / neff[p['id']] + h, x_of(p, False)) for p in obs]
            b, Sinv, Q, logdet = gls(rows, q)
            n, k = len(rows), J
            kappa = Q / (n - k)
            ll = -0.5 * ((n - k) * (math.log(2 * math.pi) + math.log(kappa) + 1) + logdet)
            key = '%g:%g' % (lq, lh)
            put('joint', c, key, loglik=ll, kappa=kappa)
            for j, src in enumerate(srcs):
                cv = [0.0] * k
                if j < J - 1:
                    cv[1 + j] = 1.0
                else:
                    cv[1:] = [-1.0] * (J - 1)
                eff = sum(a * bb for a, bb in zip(cv, b))
                se = math.sqrt(kappa * sum(cv[i] * Sinv[i][l] * cv[l] for i in range(k) for l in range(k)))
                put('joint', c, key, **{'effect|sum-to-zero|' + src: eff, 'se|sum-to-zero|' + src: se})
            # anchored: absolute variances (kappa times the relative ones),
            # and the result with the binomial variance of the valid votes
            arows = [(r[0], r[1], kappa * r[2], x_of(p, True)) for r, p in zip(rows, obs)]
            arows.append((eday.toordinal(), v[c], v[c] * (1 - v[c]) / expressed, [1.0] + [0.0] * J))
            b, Sinv, _, _ = gls(arows, kappa * q)
            for j, src in enumerate(srcs):
                put('joint', c, key, **{'effect|result|' + src: b[1 + j], 'se|result|' + src: math.sqrt(Sinv[1 + j][1 + j])})

def joint_fit(c, obs, srcs, neff):
    """Maximum likelihood of the joint model, by this script's own search:
    Nelder-Mead from the best point of a one-decade grid over [-14, 8]^2, in
    two parametrisations (relative to kappa: q, h; relative to eta2: g, w),
    the better kept. Returns the log-likelihood, the absolute variances and
    the sum-to-zero effects in points."""
    J = len(srcs)
    pbar = sum(neff[p['id']] * p['y'][c] for p in obs) / sum(neff[p['id']] for p in obs)
    def x_of(p):
        j = srcs.index(p['source'])
        if j < J - 1:
            return [1.0] + [1.0 if l == j else 0.0 for l in range(J - 1)]
        return [1.0] + [-1.0] * (J - 1)
    X = [x_of(p) for p in obs]
    def prof(rel):
        drift, samp, extra = rel
        rows = [(p['t'], p['y'][c], samp * pbar * (1 - pbar) / neff[p['id']] + extra, x) for p, x in zip(obs, X)]
        b, Sinv, Q, logdet = gls(rows, drift)
        n, k = len(rows), J
        scale = Q / (n - k)
        return -0.5 * ((n - k) * (math.log(2 * math.pi) + math.log(scale) + 1) + logdet), scale, b, Sinv
    cl = lambda x: min(max(x, -14), 8)
    pars = (lambda x: (10 ** cl(x[0]), 1.0, 10 ** cl(x[1])), lambda x: (10 ** cl(x[0]), 10 ** cl(x[1]), 1.0))
    best = None
    for par in pars:
        grid = [[x, y] for x in range(-14, 9) for y in range(-14, 9)]
        vals = [prof(par(g))[0] for g in grid]
        order = sorted(range(len(grid)), key=lambda i: -vals[i])
        for i in order[:3]:
            x = nelder_mead(lambda x: -prof(par(x))[0], grid[i], 1.0)
            l = prof(par(x))[0]
            if best is None or l > best[0]:
                best = (l, par(x))
    l, rel = best
    _, scale, b, Sinv = prof(rel)
    eff = b[1:] + [-sum(b[1:])]
    return l, [scale * r for r in rel], [100 * e for e in eff]

if len(sys.argv) > 3 and sys.argv[3] == 'joint':
    joint_section()
    sys.exit(0)

# chi-square distribution: regularized lower incomplete gamma by its series
def chi2_cdf(x, df):
    a, z = df / 2, x / 2
    if z == 0:
        return 0.0
    term = total = 1 / a
    k = 1
    while term > total * 1e-17:
        term *= z / (a + k)
        total += term
        k += 1
    return total * math.exp(-z + a * math.log(z) - math.lgamma(a))

def grid_of(vals):
    for g in (1, 0.5, 0.1, 0.01):
        if all(abs(x / g - round(x / g)) <= 1e-9 for x in vals):
            return g
    return 0

# Herding across the final polls
for c in S:
    fp = [p for p in polls if p['id'] in final and c in p['y']]
    y = [p['y'][c] for p in fp]
    n = [p['n'] for p in fp]
    m = len(y)
    pbar = sum(a * b for a, b in zip(y, n)) / sum(n)
    w = pbar * (1 - pbar)
    x2 = sum((yi - pbar) ** 2 * ni / w for yi, ni in zip(y, n))
    g = grid_of([100 * yi for yi in y]) / 100
    x2r = sum((yi - pbar) ** 2 / (w / ni + g * g / 12) for yi, ni in zip(y, n))
    put('herding', c, '', polls=m, mean=100 * pbar,
        sd_observed=100 * math.sqrt(sum((yi - pbar) ** 2 for yi in y) / (m - 1)),
        sd_expected=100 * math.sqrt(w * sum(1 / ni for ni in n) / m),
        x2=x2, df=m - 1, p_lower=chi2_cdf(x2, m - 1), p_upper=1 - chi2_cdf(x2, m - 1),
        rounding=100 * g, x2_rounded=x2r, p_lower_rounded=chi2_cdf(x2r, m - 1))

# Margins of error, coverage and error ratios
bands = [('0-7 days', 0, 7), ('8-14 days', 8, 14), ('15-21 days', 15, 21), ('22-28 days', 22, 28), ('29+ days', 29, 10 ** 9)]
pairs = []  # (poll, quantity, error, margin, expected variance)
a, b = order[0], order[1]
for p in polls:
    for c in S:
        if c in p['y']:
            yc = p['y'][c]
            pairs.append((p, 'share', yc - v[c], 1.96 * math.sqrt(yc * (1 - yc) / p['n']), v[c] * (1 - v[c]) / p['n']))
    if a in p['y'] and b in p['y']:
        ya, yb = p['y'][a], p['y'][b]
        d = ya - yb
        pairs.append((p, 'lead', d - (v[a] - v[b]), 1.96 * math.sqrt((ya + yb - d * d) / p['n']),
                      (v[a] + v[b] - (v[a] - v[b]) ** 2) / p['n']))
windows = [('final', lambda p: p['id'] in final)] + [(nm, (lambda lo, hi: lambda p: lo <= p['lead'] <= hi)(lo, hi)) for nm, lo, hi in bands]
for wname, inside in windows:
    for q in ('share', 'lead'):
        sel = [x for x in pairs if x[1] == q and inside(x[0])]
        if not sel:
            continue
        k = len(sel)
        cov = sum(1 for x in sel if abs(x[2]) <= x[3])
        obs = math.sqrt(sum(x[2] ** 2 for x in sel) / k)
        exp = math.sqrt(sum(x[4] for x in sel) / k)
        put('coverage', wname, q, polls=len({x[0]['id'] for x in sel}), pairs=k, covered=cov, coverage=cov / k,
            rmse_observed=100 * obs, rmse_expected=100 * exp, error_ratio=obs / exp)

# Final polls anchored on the result
for p in polls:
    if p['id'] in final:
        for c in S:
            if c in p['y']:
                yc = p['y'][c]
                put('house_result', p['source'], c, house_effect=100 * (yc - v[c]), se=100 * math.sqrt(yc * (1 - yc) / p['n']))

# The poll average
class Level:
    def __init__(self, obs):
        self.obs = sorted(obs, key=lambda o: (o['t'], o['e'], o['id']))
        self.pbar = sum(o['n'] * o['y'] for o in self.obs) / sum(o['n'] for o in self.obs)

    def R(self, o, kappa, eta2):
        return kappa * self.pbar * (1 - self.pbar) / o['n'] + eta2

    def run(self, obs, tau2, kappa, eta2):
        """Filter: lists of (t, predicted mean, predicted var, filtered mean, filtered var), log-likelihood."""
        rows, ll = [], 0.0
        for i, o in enumerate(obs):
            if i == 0:
                am, Pm = float('nan'), float('inf')
                af, Pf = o['y'], self.R(o, kappa, eta2)
            else:
                am = rows[-1][3]
                Pm = rows[-1][4] + tau2 * max(o['t'] - rows[-1][0], 0)
                F = Pm + self.R(o, kappa, eta2)
                K = Pm / F
                af = am + K * (o['y'] - am)
                Pf = (1 - K) * Pm
                ll += -0.5 * math.log(2 * math.pi * F) - 0.5 * (o['y'] - am) ** 2 / F
            rows.append((o['t'], am, Pm, af, Pf))
        return rows, ll

    def loglik(self, tau2, kappa, eta2):
        return self.run(self.obs, tau2, kappa, eta2)[1]

    def fit(self):
        # profile out kappa: every variance is proportional to it
        def prof(x):
            q, h = 10 ** min(max(x[0], -9), -3), 10 ** min(max(x[1], -8), -3)
            rows, _ = self.run(self.obs, q, 1, h)
            m = len(rows) - 1
            s = sum((o['y'] - r[1]) ** 2 / (r[2] + self.R(o, 1, h)) for o, r in zip(self.obs[1:], rows[1:]))
            kappa = s / m
            ll = self.loglik(kappa * q, kappa, kappa * h)
            return ll, (kappa * q, kappa, kappa * h)
        start = max(((x / 2, y / 2) for x in range(-18, -5) for y in range(-16, -5)), key=lambda x: prof(x)[0])
        best = nelder_mead(lambda x: -prof(x)[0], list(start), 0.5)
        self.ll, self.params = prof(best)
        return self

    def smooth(self):
        rows, _ = self.run(self.obs, *self.params)
        tau2 = self.params[0]
        a_s, P_s = [0.0] * len(rows), [0.0] * len(rows)
        a_s[-1], P_s[-1] = rows[-1][3], rows[-1][4]
        for k in range(len(rows) - 2, -1, -1):
            t, _, _, af, Pf = rows[k]
            Pnext = Pf + tau2 * (rows[k + 1][0] - t)
            J = Pf / Pnext
            a_s[k] = af + J * (a_s[k + 1] - af)
            P_s[k] = Pf + J * J * (P_s[k + 1] - Pnext)
        return a_s, P_s

    def predict(self, obs, t):
        rows, _ = self.run(obs, *self.params)
        return rows[-1][3], rows[-1][4] + self.params[0] * max(t - rows[-1][0], 0)

resid = {}
for c in S:
    obs = [dict(id=p['id'], source=p['source'], t=p['t'], e=p['e'], n=p['n'], y=p['y'][c], lead=p['lead']) for p in polls if c in p['y']]
    L = Level(obs).fit()
    tau2, kappa, eta2 = L.params
    put('fit', c, '', polls=len(obs), drift_sd=100 * math.sqrt(tau2), sampling=kappa, extra_sd=100 * math.sqrt(eta2), loglik=L.ll)
    a_s, P_s = L.smooth()
    last = max(o['e'] for o in L.obs)
    # the smoothed level on the last day: the last state carried forward
    put('average_last', c, '', average=100 * a_s[-1], se=100 * math.sqrt(P_s[-1] + tau2 * (last - L.obs[-1]['t'])),
        realtime=100 * L.predict(L.obs, last)[0])
    # house effects: one-way analysis of variance of the residuals, effect coding
    r = {}
    for o, s in zip(L.obs, a_s):
        r.setdefault(o['source'], []).append(100 * (o['y'] - s))
        resid[(c, o['id'])] = 100 * (o['y'] - s)
    J = len(r)
    N = sum(len(x) for x in r.values())
    means = {s: sum(x) / len(x) for s, x in r.items()}
    grand = sum(means.values()) / J
    mse = sum((xi - means[s]) ** 2 for s, x in r.items() for xi in x) / (N - J)
    inv = sum(1 / len(x) for x in r.values())
    for s, x in r.items():
        put('house', s, c, polls=len(x), house_effect=means[s] - grand,
            se=math.sqrt(mse * ((1 - 2 / J) / len(x) + inv / J ** 2)))
    # deviations from the average of the polls ended before each poll
    prof = {}
    for o in L.obs:
        before = [q for q in L.obs if q['e'] < o['e']]
        if not before:
            continue
        m, P = L.predict(before, o['t'])
        allowed = math.sqrt(P + m * (1 - m) / o['n'])
        band = next(nm for nm, lo, hi in bands if lo <= o['lead'] <= hi)
        prof.setdefault(band, []).append((100 * (o['y'] - m), 100 * allowed))
    for band, xs in prof.items():
        rd = math.sqrt(sum(d * d for d, _ in xs) / len(xs))
        ra = math.sqrt(sum(al * al for _, al in xs) / len(xs))
        put('profile', c, band, polls=len(xs), rms_deviation=rd, rms_allowed=ra, ratio=rd / ra)

# Errors by population base, rolling design and sample size
def size_band(n):
    return 'under 1,000' if n < 1000 else '1,000 to 1,999' if n < 2000 else '2,000 or more'
for factor, level in (('population_base', lambda p: p['pop']), ('rolling', lambda p: p['rolling']), ('sample_size', lambda p: size_band(p['n']))):
    for lv in sorted({level(p) for p in polls}):
        group = [p for p in polls if level(p) == lv]
        e2 = ex = k = 0
        for c in S:
            g = [p for p in group if c in p['y']]
            if not g:
                continue
            d = [resid[(c, p['id'])] for p in g]
            mean = sum(d) / len(d)
            se = math.sqrt(sum((x - mean) ** 2 for x in d) / (len(d) - 1) / len(d)) if len(d) > 1 else float('nan')
            ce2 = sum((100 * (p['y'][c] - v[c])) ** 2 for p in g)
            cex = sum(1e4 * v[c] * (1 - v[c]) / p['n'] for p in g)
            e2, ex, k = e2 + ce2, ex + cex, k + len(g)
            put('groups', factor + '|' + lv, c, polls=len(g), mean_deviation=mean, se=se,
                rmse_error=math.sqrt(ce2 / len(g)), rmse_expected=math.sqrt(cex / len(g)),
                error_ratio=math.sqrt(ce2 / cex))
        put('groups', factor + '|' + lv, 'ALL', polls=len(group), rmse_error=math.sqrt(e2 / k),
            rmse_expected=math.sqrt(ex / k), error_ratio=math.sqrt(e2 / ex))
