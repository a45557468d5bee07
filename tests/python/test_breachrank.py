"""The Python package (issue 17): the same engine as the CLI, through pybind11.

Run by ctest (`python` test) with PYTHONPATH=build/python and BREACHRANK_CLI set to
the command; by hand: PYTHONPATH=build/python BREACHRANK_CLI=build/breachrank
/usr/bin/python3 -m pytest tests/python
"""

import json
import os
import pathlib
import re
import subprocess
import sys
import threading

import numpy as np
import pytest

import breachrank

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = os.environ.get("BREACHRANK_CLI", str(ROOT / "build" / "breachrank"))
MODELS = sorted((ROOT / "models").glob("*.yaml"))
WORKED_RULES = ROOT / "tests" / "data" / "valid" / "worked-example-rules.yaml"
WORKED_MODEL = ROOT / "tests" / "data" / "valid" / "worked-example.yaml"
INVALID = ROOT / "tests" / "data" / "invalid"
MET = ROOT / "models" / "met-police-2023.yaml"
MFA = ROOT / "examples" / "scenarios" / "met-payroll-mfa.yaml"


def cli_json(*args):
    out = subprocess.run([CLI, *map(str, args), "--format", "json"], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


# ---- to_dict() is the CLI's JSON ---------------------------------------------------------


@pytest.mark.parametrize("model", MODELS, ids=lambda p: p.stem)
def test_score_to_dict_equals_the_cli_on_every_bundled_model(model):
    assert breachrank.score(str(model)).to_dict() == cli_json("score", model)


@pytest.mark.parametrize("model", MODELS, ids=lambda p: p.stem)
def test_loss_to_dict_equals_the_cli_on_every_bundled_model(model):
    assert breachrank.loss(model, years=2000).to_dict() == cli_json("loss", model, "--years", 2000)


def test_every_verb_equals_the_cli_on_the_met_model():
    m = breachrank.load_model(MET)
    top = breachrank.score(m).vendors[0].id
    assert breachrank.explain(m, top).to_dict() == cli_json("explain", MET, top)
    assert breachrank.breach(m, [top]).to_dict() == cli_json("breach", MET, "--entity", top)
    assert breachrank.whatif(m, MFA).to_dict() == cli_json("whatif", MET, MFA)
    assert breachrank.suggest(m, top=5).to_dict() == cli_json("suggest", MET, "--top", 5)
    assert breachrank.plan(m, steps=3).to_dict() == cli_json("plan", MET, "--steps", 3)
    # Options reach the engine as the CLI's flags do.
    assert breachrank.score(m, method="montecarlo", trials=500, seed=7).to_dict() == cli_json(
        "score", MET, "--method", "montecarlo", "--trials", 500, "--seed", 7)
    assert breachrank.score(m, method="linear").to_dict() == cli_json("score", MET, "--method", "linear")


# ---- numbers worked out by hand (SPEC §8) -------------------------------------------------

WORKED_DICT = {
    "breachrank": "model/1",
    "name": "worked example",
    "entities": [
        {"id": "force", "kind": "organisation", "name": "The Force"},
        {"id": "cards", "kind": "supplier", "controls": ["mfa"]},
        {"id": "host", "kind": "supplier"},
    ],
    "populations": [{"id": "officers", "owner": "force", "size": 100, "holds": ["name", "photo", "vetting_level"],
                     "traits": {"covert_share": 0.2}}],
    "flows": [
        {"from": "force", "to": "cards", "population": "officers", "categories": ["name", "photo", "vetting_level"],
         "share": 1},
        {"from": "cards", "to": "host", "population": "officers", "categories": ["photo"], "share": 0.5},
    ],
    "access": [{"from": "host", "to": "cards", "probability": 0.5}],
}


def test_a_model_built_from_dicts_scores_the_worked_example_by_hand():
    # SPEC §8: cards exposes every officer's name, photo and vetting level:
    # severity 3 x (1 + 0.75) x 1.5 (face-and-name) x 2 (covert: 1 + 5 x 0.2)
    # = 7.25 a record, D(cards) = 725. host holds half the photos: 1.5 x 1.75 x
    # 2 = 5.25 x 50 = 262.5... with its cascade into cards (p 0.5): C(host) =
    # 0.5 x 137.5 + 0.5 x 725 = 431.25. Risks: host 0.1 x 431.25 = 43.125;
    # cards 0.05 (0.1 x mfa 0.5) x 725 = 36.25.
    rules = breachrank.load_rules(WORKED_RULES)
    r = breachrank.score(WORKED_DICT, rules=rules)
    assert [v.id for v in r.vendors] == ["host", "cards"]
    host, cards = r.vendors
    assert host.cascade_impact == pytest.approx(431.25, rel=1e-12)
    assert host.risk == pytest.approx(43.125, rel=1e-12)
    assert cards.direct_impact == pytest.approx(725, rel=1e-12)
    assert cards.risk == pytest.approx(36.25, rel=1e-12)
    assert r.total_risk == pytest.approx(79.375, rel=1e-12)
    # The same model from its file gives the same result.
    assert breachrank.score(WORKED_MODEL, rules=rules).to_dict() == r.to_dict()


def test_the_vendor_table_as_numpy_and_pandas():
    r = breachrank.score(MET)
    t = r.to_numpy()
    assert isinstance(t, np.ndarray) and t.dtype.names[:3] == ("rank", "id", "name")
    assert len(t) == len(r.vendors)
    for row, v in zip(t, r.vendors):
        assert row["rank"] == v.rank and row["id"] == v.id and row["kind"] == v.kind and row["tier"] == v.tier
        assert row["risk"] == v.risk and row["likelihood"] == v.likelihood
        assert row["organisations_affected"] == len(v.organisations_affected)
    assert np.all(np.diff(t["rank"]) == 1)
    assert t["risk"].sum() == pytest.approx(r.total_risk, rel=1e-12)
    pd = pytest.importorskip("pandas")
    df = r.to_pandas()
    assert isinstance(df, pd.DataFrame)
    assert list(df["id"]) == [v.id for v in r.vendors]
    assert df["risk"].sum() == pytest.approx(r.total_risk, rel=1e-12)


# ---- errors --------------------------------------------------------------------------------

# "# error: [FILE:]LINE:COLUMN: MESSAGE" (tests/data/invalid/README.md); FILE when the error is in a CSV inventory.
PINNED = re.compile(r"^# error: (?:([^:]+):)?(\d+):(\d+): (.*)$")


@pytest.mark.parametrize("path", sorted(INVALID.glob("model-*.yaml")), ids=lambda p: p.stem)
def test_invalid_models_raise_the_pinned_diagnostics(path):
    expected = [(m[1] or path.name, int(m[2]), int(m[3]), m[4])
                for m in map(PINNED.match, path.read_text().splitlines()) if m]
    with pytest.raises(breachrank.InputError) as e:
        breachrank.load_model(path)
    got = [(os.path.relpath(file, path.parent), line, column, message)
           for file, line, column, message in e.value.diagnostics]
    assert got == expected
    assert isinstance(e.value, breachrank.Error)
    # str(e) is what the CLI prints on standard error.
    cli = subprocess.run([CLI, "validate", str(path)], capture_output=True, text=True)
    assert cli.returncode == 2 and str(e.value) == cli.stderr.rstrip("\n")


def test_a_model_dict_with_a_mistake_names_its_line():
    bad = json.loads(json.dumps(WORKED_DICT))
    bad["flows"][0]["categorys"] = ["name"]
    with pytest.raises(breachrank.InputError) as e:
        breachrank.load_model(bad, rules=WORKED_RULES)
    (file, line, column, message), *_ = e.value.diagnostics
    assert file == "<model dict>" and line > 1 and column > 0
    assert "categorys" in message and "did you mean 'categories'" in message


def test_bad_options_raise_error_with_the_range():
    with pytest.raises(breachrank.Error, match="trials must be between 1 and 1000000000, found 0"):
        breachrank.score(MET, trials=0)
    with pytest.raises(breachrank.Error, match="seed must be between 0 and 18446744073709551615, found -1"):
        breachrank.score(MET, seed=-1)
    with pytest.raises(breachrank.Error, match="seed must be between"):
        breachrank.score(MET, seed=2**64)
    with pytest.raises(breachrank.Error, match="method must be one of"):
        breachrank.score(MET, method="fast")
    with pytest.raises(breachrank.Error, match="unknown circumstance"):
        breachrank.score(MET, circumstances=["malicious-intnet"])
    with pytest.raises(breachrank.Error, match="no supplier"):
        breachrank.explain(MET, "nobody")
    with pytest.raises(breachrank.InputError):
        breachrank.load_model("/nonexistent/model.yaml")
    with pytest.raises(TypeError):
        breachrank.load_model(42)


def test_a_model_is_scored_with_the_pack_it_was_loaded_against():
    m = breachrank.load_model(WORKED_MODEL, rules=WORKED_RULES)
    with pytest.raises(breachrank.Error, match="another rule pack"):
        breachrank.score(m, rules=breachrank.default_rules())
    assert breachrank.score(m).vendors[0].id == "host"


# ---- threads -------------------------------------------------------------------------------


def test_two_python_threads_score_at_once():
    m = breachrank.load_model(MET)
    expected = {seed: breachrank.score(m, method="montecarlo", trials=20000, seed=seed, threads=1).to_dict()
                for seed in (1, 2)}
    got = {}

    def work(seed):
        got[seed] = breachrank.score(m, method="montecarlo", trials=20000, seed=seed, threads=1).to_dict()

    threads = [threading.Thread(target=work, args=(seed,)) for seed in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == expected
    assert got[1] != got[2]  # different seeds, different draws: the two runs did not share state


# ---- installing ----------------------------------------------------------------------------


def test_cmake_install_puts_the_package_where_debians_python3_finds_it(tmp_path):
    build = pathlib.Path(os.environ.get("BREACHRANK_BUILD", ROOT / "build"))
    prefix = tmp_path / "prefix"
    subprocess.run(["cmake", "--install", str(build), "--prefix", str(prefix)], check=True, capture_output=True)
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    site = prefix / "lib" / version / "dist-packages"
    assert (site / "breachrank" / "__init__.py").is_file()
    # The same place under the default prefix, /usr/local, is on Debian's python3 path.
    assert f"/usr/local/lib/{version}/dist-packages" in sys.path
    # The installed package works on its own, away from the build tree.
    out = subprocess.run([sys.executable, "-c", "import breachrank, sys; r = breachrank.score(sys.argv[1]); "
                          "print(breachrank.__file__, r.vendors[0].id)", str(MET)],
                         env={"PYTHONPATH": str(site), "PATH": os.environ.get("PATH", "")}, cwd=tmp_path,
                         check=True, capture_output=True, text=True).stdout.split()
    assert out[0].startswith(str(site)) and out[1] == "id-card-printer"


# ---- Ctrl-C ---------------------------------------------------------------------------------


def test_ctrl_c_stops_the_engine_with_keyboard_interrupt():
    import signal
    import time
    m = breachrank.load_model(MET)
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    started = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            # A billion trials a vendor: hours of work without the stop.
            breachrank.score(m, method="montecarlo", trials=10**9)
    finally:
        timer.cancel()
    assert time.monotonic() - started < 5
    # The package works on afterwards.
    assert breachrank.score(m).vendors[0].id == "id-card-printer"


def test_a_signal_handlers_own_exception_is_raised_as_it_was():
    import signal
    m = breachrank.load_model(MET)

    def on_alarm(*_):
        raise TimeoutError("too slow")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, 0.3)
    try:
        with pytest.raises(TimeoutError, match="too slow"):
            breachrank.score(m, method="montecarlo", trials=10**9)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
