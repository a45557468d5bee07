"""breachrank: which supplier breaches would hurt an organisation's people most.

The C++ library itself (pybind11), with the command line's verbs::

    import breachrank
    model = breachrank.load_model("models/met-police-2023.yaml")
    result = breachrank.score(model)
    result.vendors[0].id, result.vendors[0].risk
    result.to_numpy()      # the vendor table, a NumPy structured array
    result.to_pandas()     # the same as a DataFrame, when pandas is installed
    result.to_dict()       # equals `breachrank score MODEL --format json`

Inputs. A model, rule pack or scenario is a path (``str`` or ``os.PathLike``),
YAML text (a ``str`` with a newline in it), or a ``dict`` with the YAML's keys
and values (lists of dicts for entities, populations, flows, access). Every
function that takes a model also takes it in any of these forms, loaded
against ``rules`` (default: the pack compiled into the library).

Options are the CLI's: ``method`` ("auto", "exact", "montecarlo",
"linear"; default the pack's), ``trials`` (1 to 10^9), ``seed`` (0 to
2^64 - 1), ``threads`` (None or 0: all cores; at most 1024; never changes a
result), ``circumstances`` (names from the pack). Long work releases the GIL,
so several calls may run at once on Python threads.

Errors. Invalid input raises :class:`InputError`, whose ``diagnostics`` are
``(file, line, column, message)`` tuples, as the CLI prints them; a bad
option or an impossible run raises :class:`Error` (``InputError`` is one).
"""

import json
import os

from . import _core
from ._core import (  # noqa: F401  (re-exported: the result types)
    BreachResult,
    LossResult,
    Model,
    PlanResult,
    RulePack,
    ScoreResult,
    Suggestions,
    VendorExplanation,
    WhatIfResult,
)
from ._errors import Error, InputError

__version__ = _core.__version__
__all__ = [
    "Error",
    "InputError",
    "Model",
    "RulePack",
    "default_rules",
    "load_rules",
    "load_model",
    "score",
    "breach",
    "explain",
    "whatif",
    "suggest",
    "plan",
    "loss",
]

_MAX_SEED = 2**64 - 1


def _source(source, what):
    """(is_text, text_or_path, name) for a path, YAML text or a dict."""
    if isinstance(source, dict):
        # JSON is YAML: the dict's keys and values are read as the YAML's,
        # one key a line so that diagnostics point somewhere useful.
        try:
            text = json.dumps(source, indent=1, allow_nan=False)
        except (TypeError, ValueError) as e:
            raise Error(f"the {what} dict cannot be read as YAML: {e}") from None
        return True, text, f"<{what} dict>"
    if isinstance(source, bytes):
        source = source.decode("utf-8")
    if isinstance(source, str) and "\n" in source:
        return True, source, f"<{what} text>"
    if isinstance(source, (str, os.PathLike)):
        return False, os.fspath(source), os.fspath(source)
    raise TypeError(f"a {what} is a path, YAML text or a dict, not {type(source).__name__}")


def default_rules():
    """The rule pack compiled into the library (rules/default.yaml)."""
    return _core.default_rules()


def load_rules(source):
    """A rule pack from a path, YAML text or a dict. Raises InputError."""
    is_text, value, name = _source(source, "rules")
    return _core.load_rules_text(value, name) if is_text else _core.load_rules_file(value)


def load_model(source, rules=None, allow_paths=()):
    """A model from a path, YAML text or a dict, validated against ``rules``
    (a RulePack, or anything load_rules() takes; default: default_rules()).
    CSV inventories are found relative to the model file's directory (the
    current directory for text and dicts) and must lie there or below, after
    '..' and symbolic links are resolved, or in one of ``allow_paths`` (the
    CLI's --allow-path). Raises InputError."""
    if isinstance(source, Model):
        if rules is not None and _rules(rules)._address != source.rules._address:
            raise Error("this model was loaded against another rule pack: load it again with these rules")
        return source
    pack = _rules(rules)
    is_text, value, name = _source(source, "model")
    if isinstance(allow_paths, (str, os.PathLike)):
        allow_paths = [allow_paths]
    allowed = [os.fspath(p) for p in allow_paths]
    if is_text:
        return _core.load_model_text(value, name, pack, allowed)
    return _core.load_model_file(value, pack, allowed)


def _rules(rules):
    if rules is None:
        return _core.default_rules()
    return rules if isinstance(rules, RulePack) else load_rules(rules)


def _int(value, name, low, high):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise Error(f"{name} must be a whole number between {low} and {high}, found {value!r}")
    if not low <= value <= high:
        raise Error(f"{name} must be between {low} and {high}, found {value}")
    return value


def _options(method, trials, seed, threads, circumstances=None):
    if method is not None and not isinstance(method, str):
        raise Error(f"method must be one of auto, exact, montecarlo, linear; found {method!r}")
    out = dict(
        method=method,
        trials=_int(trials, "trials", 1, 10**9),
        seed=_int(seed, "seed", 0, _MAX_SEED),
        threads=_int(threads, "threads", 0, 1024) or 0,
    )
    if circumstances is not None:
        if isinstance(circumstances, str):
            circumstances = [circumstances]
        out["circumstances"] = list(circumstances)
    return out


def score(model, rules=None, method=None, trials=None, seed=None, threads=None, circumstances=()):
    """Every supplier ranked by risk (``breachrank score``): a ScoreResult."""
    m = load_model(model, rules)
    o = _options(method, trials, seed, threads, circumstances)
    return _core.score(m, o["method"], o["trials"], o["seed"], o["threads"], o["circumstances"])


def breach(model, entities, rules=None, method=None, trials=None, seed=None, threads=None, circumstances=(),
           unintelligible=False, discovered=None):
    """What an incident at ``entities`` (an id or a list of ids) exposes, where
    it may spread and whom to notify (``breachrank breach``): a BreachResult.
    ``discovered`` is an ISO 8601 date or date-time."""
    m = load_model(model, rules)
    if isinstance(entities, str):
        entities = [entities]
    o = _options(method, trials, seed, threads, circumstances)
    return _core.breach(m, list(entities), o["method"], o["trials"], o["seed"], o["threads"], o["circumstances"],
                        bool(unintelligible), discovered)


def explain(model, vendor, rules=None, method=None, trials=None, seed=None, threads=None, circumstances=()):
    """Why ``vendor`` ranks where it does (``breachrank explain``): a VendorExplanation."""
    m = load_model(model, rules)
    o = _options(method, trials, seed, threads, circumstances)
    return _core.explain(m, vendor, o["method"], o["trials"], o["seed"], o["threads"], o["circumstances"])


def whatif(model, scenario, rules=None, method=None, trials=None, seed=None, threads=None, circumstances=()):
    """The model and ``scenario`` (a path, YAML text or a dict) applied to it,
    scored side by side (``breachrank whatif``): a WhatIfResult."""
    m = load_model(model, rules)
    is_text, value, name = _source(scenario, "scenario")
    scenario_name, changed, notes = _core.apply_scenario(m, value, name, is_text)
    o = _options(method, trials, seed, threads, circumstances)
    return _core.whatif(m, changed, scenario_name, notes, o["method"], o["trials"], o["seed"], o["threads"],
                        o["circumstances"])


def suggest(model, rules=None, top=10, vendors=(), method=None, trials=None, seed=None, threads=None):
    """The single changes that cut the total risk most (``breachrank suggest``),
    ``top`` of them (0: every change that reduces it), only those about
    ``vendors`` when given: Suggestions (a sequence of Suggestion)."""
    m = load_model(model, rules)
    top = _int(top, "top", 0, 2**63 - 1)
    if isinstance(vendors, str):
        vendors = [vendors]
    o = _options(method, trials, seed, threads)
    return _core.suggest(m, top, list(vendors), o["method"], o["trials"], o["seed"], o["threads"])


def plan(model, rules=None, steps=10, budget=None, method=None, trials=None, seed=None, threads=None):
    """A greedy plan of at most ``steps`` changes within ``budget`` a year
    (``breachrank plan``): a PlanResult."""
    m = load_model(model, rules)
    steps = _int(steps, "steps", 1, 2**63 - 1)
    if budget is not None:
        budget = float(budget)
    o = _options(method, trials, seed, threads)
    return _core.plan(m, steps, budget, o["method"], o["trials"], o["seed"], o["threads"])


def loss(model, rules=None, years=None, method=None, trials=None, seed=None, threads=None, circumstances=()):
    """Money (``breachrank loss``): expected annual losses and ``years``
    simulated years (default: the pack's): a LossResult. Needs the pack's
    ``loss`` section."""
    m = load_model(model, rules)
    years = _int(years, "years", 1, 2**63 - 1)
    o = _options(method, trials, seed, threads, circumstances)
    return _core.loss(m, years, o["method"], o["trials"], o["seed"], o["threads"], o["circumstances"])


# ---- the vendor table as NumPy and pandas -----------------------------------

_ORDER = ["rank", "id", "name", "kind", "tier", "likelihood", "direct_impact", "cascade_impact", "cascade_stderr",
          "cascade_method", "risk", "inherent_risk", "people_exposed", "organisations_affected",
          "expected_annual_loss"]


def _to_numpy(self):
    """The vendor table as a NumPy structured array, one record per vendor in
    rank order: rank, id, name, kind, tier, likelihood, direct_impact,
    cascade_impact, cascade_stderr (NaN for linear), cascade_method, risk,
    inherent_risk, people_exposed, organisations_affected (a count) and
    expected_annual_loss (NaN without the pack's loss section)."""
    import numpy as np

    columns = self._vendor_columns()
    table = np.empty(len(columns["rank"]), dtype=[(name, columns[name].dtype) for name in _ORDER])
    for name in _ORDER:
        table[name] = columns[name]
    return table


def _to_pandas(self):
    """The vendor table (as to_numpy()) as a pandas DataFrame. pandas is not a
    dependency of breachrank: this raises ImportError without it."""
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("to_pandas() needs pandas (Debian: apt-get install python3-pandas); "
                          "to_numpy() needs only NumPy") from None
    columns = self._vendor_columns()
    return pd.DataFrame({name: columns[name] for name in _ORDER})


ScoreResult.to_numpy = _to_numpy
ScoreResult.to_pandas = _to_pandas
