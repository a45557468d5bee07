"""Rank the Met Police model's suppliers, try a scenario, print the top three.

    make python
    PYTHONPATH=build/python /usr/bin/python3 examples/python/rank_met.py
"""
import pathlib

import breachrank

root = pathlib.Path(__file__).resolve().parents[2]
model = breachrank.load_model(root / "models" / "met-police-2023.yaml")  # the embedded default rules

result = breachrank.score(model)
print(f"{model.name}: {len(result)} vendors, total risk {result.total_risk:,.1f}")
for v in result.vendors[:3]:
    print(f"  {v.rank}. {v.id:<28} risk {v.risk:>10,.1f}  tier {v.tier or '-':<8} {v.people_exposed:>8,.0f} people")

# The same question after a change: MFA on the payroll provider.
w = breachrank.whatif(model, root / "examples" / "scenarios" / "met-payroll-mfa.yaml")
print(f"scenario '{w.scenario}': total risk {w.total_risk_before:,.1f} -> {w.total_risk_after:,.1f}")
for v in w.after.vendors[:3]:
    print(f"  {v.rank}. {v.id:<28} risk {v.risk:>10,.1f}")

# The vendor table for NumPy (and pandas, when installed: result.to_pandas()).
table = result.to_numpy()
print(f"vendors in tier 'critical': {(table['tier'] == 'critical').sum()}")
