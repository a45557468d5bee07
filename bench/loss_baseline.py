#!/usr/bin/env python3
"""What an analyst would write in Python for breachrank's money under the linear
screen (SPEC §4 "Loss"): each vendor's expected annual loss, and the simulated
years of the portfolio, vectorised with NumPy over the years and vendors of a
chunk. Loading, coverage, severity, likelihoods and the access matrix come
from bench/python_baseline.py (PyYAML's C loader, SciPy's solver).

    python3 bench/loss_baseline.py MODEL.yaml RULES.yaml [--years N] [--seed S]
                                   [--check BREACHRANK_LOSS.json]

Prints a JSON summary shaped like breachrank's `loss --format json` (schema
"python-baseline.loss": the portfolio's figures and the top 10 vendors).
--years defaults to the pack's loss.years, --seed to its propagation.seed.

With --check, the output of `breachrank loss MODEL --rules RULES --method linear
--years N --format json`: every vendor's expected annual loss must agree to
relative 1e-9 (computed without simulation, so both must give the same
number), and the simulated means, drawn from different random numbers, must
agree within 4 standard errors of their difference; the percentiles are shown
side by side. Exits 1 on a failure.

The model: the people of each level l that a breach of entity e exposes,
d_l[e] = sum over populations of size x the shares of the bands whose record
has level l; the linear screen solves U_l = (I - damping Q)^-1 d_l per level (a
vendor with no live out edge keeps d_l). An incident of vendor v costs
X_breach + sum_l U_l[v] X_l, every X drawn once per incident; each year each
vendor is breached with probability P(v), at most once.
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from python_baseline import bands, prepare, solve  # noqa: E402

Z95 = 1.6448536  # the standard normal's 95th percentile: {low, high} is a 90% interval
# The return periods of breachrank's exceedance curve, in years.
RETURN_PERIODS = [2, 2.5, 3, 4, 5, 6, 8, 10, 12.5, 15, 20, 25, 30, 40,
                  50, 60, 80, 100, 125, 150, 200, 250, 300, 400, 500, 600, 800, 1000]
# Uniform draws per chunk of years (years x vendors): 32 MB of doubles, 4 MB of
# booleans, so memory stays bounded whatever the years.
CHUNK_DRAWS = 1 << 22


class Range:
    """A pack range: {low, high} as a lognormal's 5th and 95th percentiles, or a
    number (a constant; also low == high)."""

    def __init__(self, spec):
        if isinstance(spec, dict):
            low, high = float(spec["low"]), float(spec["high"])
        else:
            low = high = float(spec)
        self.constant = low if low == high else None
        if self.constant is None:
            self.mu = (math.log(low) + math.log(high)) / 2
            self.sigma = (math.log(high) - math.log(low)) / (2 * Z95)
            self.mean = math.exp(self.mu + self.sigma ** 2 / 2)
        else:
            self.mean = self.constant

    def draw(self, rng, k):
        if self.constant is not None:
            return np.full(k, self.constant)
        return np.exp(self.mu + self.sigma * rng.standard_normal(k))


def quantile(sorted_losses, q):
    """breachrank's percentile: the smallest loss with at least a share q of the
    years at or below it (index ceil(q n - 1e-9) - 1 of the sorted losses)."""
    n = len(sorted_losses)
    rank = math.ceil(q * n - 1e-9)
    return float(sorted_losses[min(max(rank, 1), n) - 1])


def people_by_level(m, costed):
    """d[k][e]: the people a breach of entity e alone exposes whose record has
    the k-th costed level."""
    levels = (m.rules.get("severity") or {}).get("levels") or []
    mins = [(lv["name"], float(lv["min"])) for lv in levels]
    slot = {name: k for k, name in enumerate(costed)}
    level_slot = {}  # (population, categories) -> costed slot, or None

    def slot_of(pid, K):
        key = (pid, K)
        if key not in level_slot:
            s = m.severity(pid, K)
            name = next((nm for nm, lo in mins if lo <= s), None)
            level_slot[key] = slot.get(name)
        return level_slot[key]

    d = np.zeros((len(costed), len(m.ents)))
    for i in range(len(m.ents)):
        for pid, row in m.cov[i].items():
            size = m.pops[pid]["size"]
            for share, K in bands(row):
                k = slot_of(pid, K)
                if k is not None:
                    d[k, i] += size * share
    return d


def screen(m, d):
    """U_l = (I - damping Q)^-1 d_l per level; d_l itself where no live edge leaves."""
    n = len(m.ents)
    A = sp.identity(n, format="csr") - m.Q
    U = np.empty_like(d)
    for k in range(d.shape[0]):
        U[k] = solve(A, d[k]) if n and d[k].any() else d[k]
        U[k, ~m.has_out] = d[k, ~m.has_out]
    return U


class Portfolio:
    """The simulated years: chunk c covers years [c r, (c + 1) r) with its own
    generator, default_rng([seed, c]), so a second pass regenerates any chunk's
    incidents exactly without keeping them."""

    def __init__(self, P, people, per_breach, per_person, years, seed):
        self.P, self.people = P, people  # people: vendors x costed levels
        self.per_breach, self.per_person = per_breach, per_person
        self.years, self.seed = years, seed
        self.rows = max(1, CHUNK_DRAWS // max(1, len(P)))
        self.chunks = (years + self.rows - 1) // self.rows

    def incidents(self, c):
        """Chunk c's first year, and its incidents: year within the chunk, vendor, loss."""
        y0 = c * self.rows
        y1 = min(self.years, y0 + self.rows)
        rng = np.random.default_rng([self.seed, c])
        year, vendor = np.nonzero(rng.random((y1 - y0, len(self.P))) < self.P)
        loss = self.per_breach.draw(rng, len(year))
        for k, r in enumerate(self.per_person):
            loss += self.people[vendor, k] * r.draw(rng, len(year))
        return y0, year, vendor, loss

    def annual_losses(self):
        out = np.zeros(self.years)
        for c in range(self.chunks):
            y0, year, _, loss = self.incidents(c)
            part = np.bincount(year, weights=loss, minlength=min(self.rows, self.years - y0))
            out[y0:y0 + len(part)] += part
        return out

    def tail_sums(self, tails):
        """For each mask of years in `tails`, each vendor's sum of losses in those years."""
        sums = [np.zeros(len(self.P)) for _ in tails]
        for c in range(self.chunks):
            y0 = c * self.rows
            if not any(t[y0:y0 + self.rows].any() for t in tails):
                continue
            y0, year, vendor, loss = self.incidents(c)
            for t, s in zip(tails, sums):
                hit = t[y0 + year]
                s += np.bincount(vendor[hit], weights=loss[hit], minlength=len(self.P))
        return sums


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("rules")
    ap.add_argument("--years", type=int)
    ap.add_argument("--seed", type=int)
    ap.add_argument("--check")
    a = ap.parse_args()

    m = prepare(a.model, a.rules)
    ls = m.rules.get("loss")
    if not ls:
        sys.exit(f"{a.rules}: the pack has no 'loss' section")
    years = a.years if a.years is not None else int(ls.get("years", 10000))
    seed = a.seed if a.seed is not None else int((m.rules.get("propagation") or {}).get("seed", 1))
    if years < 1:
        sys.exit("--years must be at least 1")
    per_breach = Range(ls.get("per_breach", 0))
    costed = list((ls.get("per_person") or {}).keys())
    per_person = [Range(ls["per_person"][name]) for name in costed]

    # Expected losses, without simulation.
    U = screen(m, people_by_level(m, costed))
    vendors = [i for i, e in enumerate(m.ents) if e["kind"] == "supplier"]
    ids = [m.ents[i]["id"] for i in vendors]
    P = m.P[vendors]
    people = U[:, vendors].T.copy()  # vendors x costed levels
    eil = per_breach.mean + people @ np.array([r.mean for r in per_person])
    eal = P * eil

    # The simulated years.
    sim = Portfolio(P, people, per_breach, per_person, years, seed)
    annual = sim.annual_losses()
    mean = float(annual.mean())
    stderr = float(annual.std(ddof=1) / math.sqrt(years)) if years > 1 else 0.0
    s = np.sort(annual)
    pct = {f"p{q}": quantile(s, q / 100) for q in (50, 90, 95, 99)}
    exceedance = [{"loss": quantile(s, 1 - 1 / t), "probability": 1 / t} for t in RETURN_PERIODS if t <= years]
    appetite = []
    for pt in ls.get("appetite") or []:
        above = float(np.count_nonzero(annual > float(pt["loss"]))) / years
        appetite.append({"loss": float(pt["loss"]), "probability": float(pt["probability"]),
                         "simulated_probability": above, "within": above <= float(pt["probability"])})
    # Which vendors make the tail (years at or beyond the 1-in-20 and 1-in-100 losses that lost something).
    t20 = (annual > 0) & (annual >= pct["p95"])
    t100 = (annual > 0) & (annual >= pct["p99"])
    sum20, sum100 = sim.tail_sums([t20, t100])
    total20, total100 = float(annual[t20].sum()), float(annual[t100].sum())
    share20 = sum20 / total20 if total20 > 0 else np.zeros(len(P))
    share100 = sum100 / total100 if total100 > 0 else np.zeros(len(P))

    order = sorted(range(len(vendors)), key=lambda j: (-eal[j], ids[j]))
    top = [{"rank": r, "id": ids[j], "kind": "supplier", "likelihood": float(P[j]),
            "expected_incident_loss": float(eil[j]), "expected_annual_loss": float(eal[j]),
            "tail_share_20": float(share20[j]), "tail_share_100": float(share100[j])}
           for r, j in enumerate(order[:10], 1)]
    print(json.dumps({
        "schema": "python-baseline.loss",
        "model": m.model.get("name", ""),
        "rules": m.rules.get("name", ""),
        "method": "linear",
        "currency": ls.get("currency", "GBP"),
        "years": years,
        "seed": seed,
        "vendor_count": len(vendors),
        "portfolio": {"expected_annual_loss": float(eal.sum()), "simulated_mean": mean, "simulated_stderr": stderr,
                      "years_with_loss": float(np.count_nonzero(annual > 0)) / years, "percentiles": pct,
                      "exceedance": exceedance, "appetite": appetite},
        "vendors": top,
    }, indent=2))

    if a.check:
        sys.exit(check(a.check, ids, eal, years, mean, stderr, pct))


def check(path, ids, eal, years, mean, stderr, pct):
    """Compares with breachrank's `loss --method linear --format json`; returns the exit status."""
    br = json.load(open(path))
    theirs = {v["id"]: v["expected_annual_loss"] for v in br["vendors"]}
    bad = 0
    for vid, mine in zip(ids, eal):
        other = theirs.get(vid)
        if other is None or abs(mine - other) > 1e-9 * max(1.0, abs(mine), abs(other)):
            bad += 1
            if bad <= 5:
                print(f"mismatch {vid} expected_annual_loss: python {float(mine)!r} breachrank {other!r}",
                      file=sys.stderr)
    status = 0
    if br.get("method") != "linear":
        print(f"check: breachrank's method is {br.get('method')!r}, not 'linear'", file=sys.stderr)
    if bad or len(theirs) != len(ids):
        print(f"check: {bad} mismatches, {len(ids)} vs {len(theirs)} vendors", file=sys.stderr)
        status = 1
    else:
        print(f"check: the expected annual loss of all {len(ids)} vendors agrees to 1e-9", file=sys.stderr)
    bp = br["portfolio"]
    if br["years"] != years:
        print(f"check: breachrank simulated {br['years']} years, this run {years}", file=sys.stderr)
        status = 1
    se = math.hypot(stderr, bp["simulated_stderr"])
    if se > 0:
        z = abs(mean - bp["simulated_mean"]) / se
        print(f"check: simulated mean python {mean:.6g} (se {stderr:.3g}), breachrank {bp['simulated_mean']:.6g} "
              f"(se {bp['simulated_stderr']:.3g}): {z:.2f} standard errors apart"
              f"{'' if z <= 4 else ' (MORE THAN 4)'}", file=sys.stderr)
        if not z <= 4:
            status = 1
    else:
        print(f"check: simulated mean python {mean:.6g}, breachrank {bp['simulated_mean']:.6g}: no standard error "
              f"to compare them by", file=sys.stderr)
    sides = (("python", mean, stderr, float(np.sum(eal))),
             ("breachrank", bp["simulated_mean"], bp["simulated_stderr"], bp["expected_annual_loss"]))
    for who, m, se, expected in sides:
        if se > 0:  # informational: each simulation against the expected annual loss it should average
            print(f"check: {who}'s simulated mean is {abs(m - expected) / se:.2f} standard errors from its "
                  f"expected annual loss {expected:.6g}", file=sys.stderr)
    for q in ("p50", "p90", "p95", "p99"):
        mine, other = pct[q], bp["percentiles"][q]
        rel = f"{(mine - other) / other:+.2%}" if other else "-"
        print(f"check: {q} python {mine:.6g} breachrank {other:.6g} ({rel})", file=sys.stderr)
    return status


if __name__ == "__main__":
    main()
