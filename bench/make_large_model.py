#!/usr/bin/env python3
"""Writes a large synthetic model for the loader benchmark (seeded, deterministic).

The shape of a national vendor inventory: organisations that each own a few
populations, tier-1 suppliers that receive data from organisations, tier-2
sub-processors that receive a subset of a tier-1 supplier's data at no larger
share, and sparse standing-access edges. The default of 100,000 suppliers gives
a ~26 MB file with ~150,000 flows and ~153,000 access edges.

Until `breachrank generate` exists (issue 3) this script is how the loader is
measured at scale:

    python3 bench/make_large_model.py --suppliers 100000 > /tmp/large.yaml
"""
import argparse
import random
import sys

CATEGORIES = ["name", "rank", "photo", "vetting_level", "pay_number", "home_address", "phone", "email",
              "bank_details", "health", "ethnicity", "criminal_record", "work_location", "unit",
              "date_of_birth", "national_insurance_number"]
CONTROLS = ["iso27001", "cyber-essentials", "cyber-essentials-plus", "mfa", "encryption-at-rest"]
TAGS = ["offshore-hosting", "legacy-systems", "small-supplier", "subcontracts"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--organisations", type=int, default=1000)
    ap.add_argument("--suppliers", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    out = sys.stdout
    w = out.write
    w("breachrank: model/1\nname: synthetic inventory of %d suppliers (seed %d)\nentities:\n" % (a.suppliers, a.seed))
    for o in range(a.organisations):
        w("  - {id: org%05d, kind: organisation, name: Organisation %d}\n" % (o, o))
    for s in range(a.suppliers):
        extra = ""
        if rnd.random() < 0.5:
            extra += ", controls: [%s]" % ", ".join(rnd.sample(CONTROLS, rnd.randint(1, 2)))
        if rnd.random() < 0.2:
            extra += ", tags: [%s]" % rnd.choice(TAGS)
        w("  - {id: sup%06d, kind: supplier%s}\n" % (s, extra))
    w("populations:\n")
    holds = {}
    for o in range(a.organisations):
        for k in range(2):
            pid = "pop%05d-%d" % (o, k)
            cats = sorted(rnd.sample(CATEGORIES, 8), key=CATEGORIES.index)
            holds[pid] = cats
            w("  - {id: %s, owner: org%05d, size: %d, holds: [%s], traits: {covert_share: %.3f, rare_name_share: %.3f}}\n"
              % (pid, o, rnd.randint(100, 50000), ", ".join(cats), rnd.random() * 0.05, rnd.random() * 0.2))
    w("flows:\n")
    tier1 = a.suppliers // 2
    received = {}
    pops = sorted(holds)
    for s in range(tier1):
        # Preferential attachment, roughly: low-numbered organisations are large buyers.
        n = 2 if rnd.random() < 0.5 else 1
        for _ in range(n):
            pid = pops[min(int(rnd.paretovariate(1.2)) - 1, len(pops) - 1) if rnd.random() < 0.3 else rnd.randrange(len(pops))]
            cats = sorted(rnd.sample(holds[pid], rnd.randint(2, 5)), key=CATEGORIES.index)
            share = round(rnd.choice([1.0, 1.0, 0.5, 0.25, 0.1]), 3)
            w("  - {from: %s, to: sup%06d, population: %s, categories: [%s], share: %s}\n"
              % ("org" + pid[3:8], s, pid, ", ".join(cats), share))
            received.setdefault(s, []).append((pid, cats, share))
    for s in range(tier1, a.suppliers):
        parent = rnd.randrange(tier1)
        pid, cats, share = rnd.choice(received[parent])
        sub = sorted(rnd.sample(cats, rnd.randint(1, len(cats))), key=CATEGORIES.index)
        w("  - {from: sup%06d, to: sup%06d, population: %s, categories: [%s], share: %s}\n"
          % (parent, s, pid, ", ".join(sub), round(share * rnd.choice([1.0, 0.5]), 4)))
    w("access:\n")
    seen = set()
    target = int(a.suppliers * 1.53)
    while len(seen) < target:
        f = rnd.randrange(a.suppliers)
        t = rnd.randrange(a.suppliers + a.organisations)
        to = "sup%06d" % t if t < a.suppliers else "org%05d" % (t - a.suppliers)
        if (f, to) in seen or to == "sup%06d" % f:
            continue
        seen.add((f, to))
        w("  - {from: sup%06d, to: %s, probability: %.4f}\n" % (f, to, rnd.choice([0.001, 0.005, 0.01, 0.02, 0.05])))


if __name__ == "__main__":
    main()
