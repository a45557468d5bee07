#!/usr/bin/env python3
"""What an analyst would write in Python: breachrank's direct scoring and linear
screen (SPEC §4) with PyYAML's C loader, NumPy and SciPy (Debian's packages);
the screen is solved by SciPy's BiCGSTAB (spsolve as its fallback).

    python3 bench/python_baseline.py MODEL.yaml RULES.yaml [--check BREACHRANK.csv]

Prints the ranking as CSV (rank,id,likelihood,direct_impact,cascade_impact,risk).
With --check, compares every vendor's numbers with breachrank's
`score --method linear --format csv` output and exits 1 on a mismatch
(relative 1e-9), so the benchmark also proves both compute the same thing.
prepare() (loading, coverage, severity, Q, likelihoods) and bands() are shared
with bench/loss_baseline.py.
"""
import argparse
import csv
import re
import sys
from types import SimpleNamespace

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
import yaml

Loader = yaml.CSafeLoader


def expr(text):
    # muparser syntax to Python for what the bundled packs use.
    return compile(str(text).replace("^", "**"), "<rule>", "eval")


def solve(A, b):
    """(I - Q) U = D as an analyst would solve it at scale: SciPy's BiCGSTAB
    (SuperLU's spsolve takes minutes once the access graph has a large cyclic
    core: 250 s end to end on a 34,000-entity core), and spsolve only if the
    iteration does not converge."""
    try:  # SciPy 1.12 renamed tol to rtol (and 1.14 removed tol)
        x, info = spla.bicgstab(A, b, x0=b.copy(), rtol=1e-14, atol=0.0, maxiter=1000)
    except TypeError:
        x, info = spla.bicgstab(A, b, x0=b.copy(), tol=1e-14, atol=0.0, maxiter=1000)
    if info != 0:
        x = spla.spsolve(A.tocsc(), b)
    return x


def bands(row):
    """The bands of one coverage row (category -> share) of SPEC §4: (share of
    the population, categories exposed), most widely covered first."""
    items = sorted(row.items(), key=lambda kv: -kv[1])
    K, j = set(), 0
    while j < len(items):
        v = items[j][1]
        while j < len(items) and items[j][1] == v:
            K.add(items[j][0])
            j += 1
        nxt = items[j][1] if j < len(items) else 0.0
        yield v - nxt, frozenset(K)


def prepare(model_path, rules_path):
    """Loads a model and a pack and computes what every screen needs: the
    entities and their index, populations, each entity's coverage, the
    severity function, the damped access matrix Q, which entities have a live
    out edge, and each supplier's likelihood P (an array over the entities,
    NaN for the others). bench/loss_baseline.py imports it."""
    rules = yaml.load(open(rules_path), Loader=Loader)
    model = yaml.load(open(model_path), Loader=Loader)

    cats = rules["categories"]
    weight = {k: float(v["weight"]) for k, v in cats.items()}
    ident = {k: float(v.get("identifies", 0)) for k, v in cats.items()}
    sev = rules.get("severity", {}) or {}
    combine = max if sev.get("combine", "max") == "max" else sum
    ease_combine = max if sev.get("ease_combine", "max") == "max" else sum
    floor = float(sev.get("ease_floor", 0.25))
    circ = float(sev.get("circumstances", 0))
    trait_defaults = {k: float(v) for k, v in (rules.get("traits") or {}).items()}
    compiled = []
    for r in rules.get("rules") or []:
        w = r.get("when") or {}
        if w.get("circumstances"):
            continue  # eligible only under selected circumstances, and like breachrank's default this selects none
        eff = {}
        for k in ("base_add", "base_multiply", "ease_add", "multiply", "add"):
            if k in r:
                eff[k] = r[k] if isinstance(r[k], (int, float)) else expr(r[k])
        compiled.append((set(w.get("all", [])) if "all" in w else None,
                         set(w.get("any", [])) if "any" in w else None,
                         set(w.get("none", [])) if "none" in w else None,
                         set(w.get("population_tags", [])),
                         expr(w["if"]) if "if" in w else None, eff))
    lik = rules.get("likelihood") or {}
    base = lik.get("base", {"organisation": 0.05, "supplier": 0.1})
    controls = lik.get("controls") or {}
    tagf = lik.get("tags") or {}
    damping = float((rules.get("propagation") or {}).get("damping", 1.0))

    ents = model["entities"]
    index = {e["id"]: i for i, e in enumerate(ents)}
    pops = {p["id"]: p for p in (model.get("populations") or [])}
    # Per population: traits and the rules that apply regardless of categories.
    pop_rules = {}
    for pid, p in pops.items():
        env = dict(trait_defaults)
        env.update({k: float(v) for k, v in (p.get("traits") or {}).items()})
        tags = set(p.get("tags") or [])
        active = []
        for (all_, any_, none_, ptags, cond, eff) in compiled:
            if not ptags <= tags:
                continue
            if cond is not None and eval(cond, {"min": min, "max": max}, env) == 0:
                continue
            vals = {k: (v if isinstance(v, (int, float)) else eval(v, {"min": min, "max": max}, env)) for k, v in eff.items()}
            active.append((all_, any_, none_, vals))
        pop_rules[pid] = active

    cache = {}

    def severity(pid, K):
        key = (pid, K)
        if key in cache:
            return cache[key]
        b = combine(weight[k] for k in K)
        e = min(max(ease_combine(ident[k] for k in K), floor), 1.0)
        mult, add = 1.0, 0.0
        for (all_, any_, none_, v) in pop_rules[pid]:
            if all_ is not None and not all_ <= K:
                continue
            if any_ is not None and not (any_ & K):
                continue
            if none_ is not None and (none_ & K):
                continue
            if "base_add" in v: b += v["base_add"]
            if "base_multiply" in v: b *= v["base_multiply"]
            if "ease_add" in v: e += v["ease_add"]
            if "multiply" in v: mult *= v["multiply"]
            if "add" in v: add += v["add"]
        s = max(0.0, b * min(max(e, 0.0), 1.0) * mult + add + circ)
        cache[key] = s
        return s

    # Coverage: entity -> population -> category -> share.
    cov = [dict() for _ in ents]
    for pid, p in pops.items():
        row = cov[index[p["owner"]]].setdefault(pid, {})
        for k in p["holds"]:
            row[k] = 1.0
    for f in model.get("flows") or []:
        share = f["records"] / pops[f["population"]]["size"] if "records" in f else float(f.get("share", 1.0))
        row = cov[index[f["to"]]].setdefault(f["population"], {})
        for k in f["categories"]:
            row[k] = max(row.get(k, 0.0), share)

    n = len(ents)
    acc = model.get("access") or []
    rows = [index[x["from"]] for x in acc]
    cols = [index[x["to"]] for x in acc]
    vals = [damping * float(x["probability"]) for x in acc]
    Q = sp.csr_matrix((vals, (rows, cols)), shape=(n, n))
    has_out = np.zeros(n, dtype=bool)
    for x in acc:
        if float(x["probability"]) > 0:
            has_out[index[x["from"]]] = True

    P = np.full(n, np.nan)  # suppliers only, as the ranking
    for i, e in enumerate(ents):
        if e["kind"] != "supplier":
            continue
        if "likelihood" in e:
            P[i] = float(e["likelihood"])
        else:
            c = 1.0
            for k in e.get("controls") or []:
                c *= controls[k]
            t = 1.0
            for k, f in tagf.items():
                if k in (e.get("tags") or []):
                    t *= f
            P[i] = min(max(base[e["kind"]] * c * t, 0.0), 1.0)

    return SimpleNamespace(rules=rules, model=model, ents=ents, index=index, pops=pops, cov=cov,
                           severity=severity, Q=Q, has_out=has_out, P=P)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("rules")
    ap.add_argument("--check")
    a = ap.parse_args()
    m = prepare(a.model, a.rules)
    ents, pops, cov, severity = m.ents, m.pops, m.cov, m.severity

    n = len(ents)
    D = np.zeros(n)
    for i in range(n):
        total = 0.0
        for pid, row in sorted(cov[i].items()):
            h = 0.0
            for share, K in bands(row):
                h += share * severity(pid, K)
            total += pops[pid]["size"] * h
        D[i] = total

    U = solve(sp.identity(n, format="csr") - m.Q, D) if n else D

    out = []
    for i, e in enumerate(ents):
        if e["kind"] != "supplier":
            continue
        P = float(m.P[i])
        C = U[i] if m.has_out[i] else D[i]
        out.append((-(P * C), -C, e["id"], P, D[i], C, P * C))
    out.sort()
    w = csv.writer(sys.stdout)
    w.writerow(["rank", "id", "likelihood", "direct_impact", "cascade_impact", "risk"])
    for r, (_, _, vid, P, d, c, risk) in enumerate(out, 1):
        w.writerow([r, vid, repr(P), repr(float(d)), repr(float(c)), repr(float(risk))])

    if a.check:
        ours = {o[2]: (o[3], o[4], o[5], o[6]) for o in out}
        theirs = {r["id"]: r for r in csv.DictReader(open(a.check))}
        bad = 0
        for vid, (P, d, c, risk) in ours.items():
            t = theirs.get(vid)
            if t is None:
                bad += 1
                continue
            for name, mine in (("likelihood", P), ("direct_impact", d), ("cascade_impact", c), ("risk", risk)):
                other = float(t[name])
                if abs(mine - other) > 1e-9 * max(1.0, abs(mine), abs(other)):
                    bad += 1
                    if bad < 5:
                        print(f"mismatch {vid} {name}: python {mine!r} breachrank {other!r}", file=sys.stderr)
        if bad or len(theirs) != len(ours):
            print(f"check: {bad} mismatches, {len(ours)} vs {len(theirs)} vendors", file=sys.stderr)
            sys.exit(1)
        print(f"check: all {len(ours)} vendors agree to 1e-9", file=sys.stderr)


if __name__ == "__main__":
    main()
