"""lrlab/static/descent.js, the explorers' arithmetic in the browser, against lrlab.descend: bit for bit.

One node process (tests/node_process.py) answers every request of this file with tests/js/descent_parity.mjs; a
request holds every setting a test makes, and the runs are compared as float32 bit patterns (any NaN equals any
NaN: its payload is not part of the result). Without node the tests skip, saying so; with CI=true they fail instead.
"""

import base64
import inspect
import math
import subprocess
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from node_process import node_path, node_process

import lrlab

F = np.float32
JS = Path(__file__).parent / "js"
NAN_BITS = np.uint32(0x7FC00000)


@pytest.fixture(scope="module")
def ask_js():
    """Sends a request to descent_parity.mjs (see its header) and reads its answer."""
    with node_process({"parity": (JS / "descent_parity.mjs").as_uri()}) as run:
        yield lambda request: run("return parity.answer(input);", request)


def b64(arr: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(arr).astype(arr.dtype.newbyteorder("<")).tobytes()).decode()


def from_b64(text: str, dtype) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype=np.dtype(dtype).newbyteorder("<")).astype(dtype)


def bits(arr: np.ndarray) -> np.ndarray:
    """float32 bit patterns as uint32, every NaN as the same pattern."""
    arr = np.asarray(arr, dtype=F)
    return np.where(np.isnan(arr), NAN_BITS, arr.view(np.uint32))


# ------------------------------------------------------------------ settings


# A setting is a dict of descent.js's options, with ``draws`` (when noisy) as a float32 array.
Setting = dict


def js_options(s: Setting) -> dict:
    out = {k: value for k, value in s.items() if k != "draws"}
    if "draws" in s:
        out["draws"] = {"float32": b64(np.asarray(s["draws"], dtype=F))}
    return out


def describe(s: Setting) -> str:
    return ", ".join(f"{k}={value!r}" for k, value in s.items() if k != "draws")


def lrlab_run(s: Setting, seed=None) -> np.ndarray:
    """lrlab.descend on one setting, exactly as the explorers call it."""
    lr = s["learningRate"]
    if "decayRate" in s:
        lr = lrlab.exponential_decay(lr, s["decaySteps"], s["decayRate"], staircase=s["staircase"])
    loss = lrlab.Quadratic(curvature=s["curvature"], centre=s["centre"])
    return lrlab.descend(lr, w0=s["w0"], steps=s["steps"], loss=loss, noise=s.get("noise", 0.0), seed=seed).w


def log_uniform(rng, lo, hi, n):
    return np.exp(rng.uniform(math.log(lo), math.log(hi), n))


def group_settings(rng: np.random.Generator, size: int) -> tuple[dict, list[Setting]]:
    """``size`` settings that share a loss, decay or not (and its staircase flag) and noise or not, so that lrlab
    runs them as one batch; each has its own rate, decay rate and steps, start, noise and number of updates."""
    curvature = float(log_uniform(rng, 0.1, 20.0, 1)[0]) if rng.random() < 0.9 else float(rng.choice([0.1, 2.0, 20]))
    centre = float(rng.uniform(-5, 5)) if rng.random() < 0.8 else float(rng.integers(-5, 6))
    decay, noisy = bool(rng.random() < 0.7), bool(rng.random() < 0.5)
    common = {"curvature": curvature, "centre": centre, "decay": decay, "noisy": noisy}
    common["staircase"] = decay and bool(rng.random() < 0.5)

    lr = log_uniform(rng, 1e-4, 10.0, size)
    special = rng.random(size) < 0.1  # rates where something happens: one step to the minimum, the bounce, beyond
    lr[special] = rng.choice([0.5, 1.0, 2.0, 2.5], special.sum()) / curvature
    gamma = np.where(rng.random(size) < 0.5, 1.0 - rng.random(size), 1.0 - log_uniform(rng, 1e-4, 0.1, size))
    gamma[rng.random(size) < 0.15] = 1.0
    span = np.where(rng.random(size) < 0.5, rng.integers(1, 101, size), rng.uniform(1.0, 100.0, size))
    w0 = np.where(rng.random(size) < 0.9, rng.uniform(-1e3, 1e3, size), rng.integers(-1000, 1001, size))
    steps = rng.integers(0, 501, size)
    sigma = np.where(rng.random(size) < 0.5, rng.uniform(1e-9, 10.0, size), log_uniform(rng, 1e-3, 10.0, size))

    out = []
    for j in range(size):
        s = Setting(learningRate=float(lr[j]), w0=float(w0[j]), steps=int(steps[j]), curvature=curvature, centre=centre)
        if decay:
            s.update(decayRate=float(gamma[j]), decaySteps=float(span[j]), staircase=common["staircase"])
        if noisy:
            s["noise"] = float(sigma[j])
        out.append(s)
    return common, out


def batch_run(common: dict, group: list[Setting], seed: int, optimizer=None) -> list[np.ndarray]:
    """lrlab.descend on a group of settings as one batch (with ``optimizer``, if given): each setting gets the first
    ``steps`` updates of its run and, when noisy, the draws that run used. lrlab draws ``batch`` numbers per update; they are the
    numbers one call draws for all updates at once (if not, the runs would differ and the test would say so)."""
    steps = max(s["steps"] for s in group)
    lr = np.array([s["learningRate"] for s in group])
    if common["decay"]:
        lr = lrlab.exponential_decay(
            lr,
            np.array([s["decaySteps"] for s in group]),
            np.array([s["decayRate"] for s in group]),
            staircase=common["staircase"],
        )
    noise = np.array([s.get("noise", 0.0) for s in group])
    loss = lrlab.Quadratic(curvature=common["curvature"], centre=common["centre"])
    w0 = np.array([s["w0"] for s in group])
    t = lrlab.descend(lr, w0=w0, steps=steps, loss=loss, noise=noise, seed=seed, optimizer=optimizer)
    if common["noisy"]:
        draws = np.random.default_rng(seed).standard_normal((steps, len(group)), dtype=F)
        for j, s in enumerate(group):
            s["draws"] = draws[: s["steps"], j]
    return [t.w[: s["steps"] + 1, j] for j, s in enumerate(group)]


def single_settings(rng: np.random.Generator, n: int) -> list[Setting]:
    """Settings run one by one (lrlab's single-run path, with their own seeds)."""
    out = []
    while len(out) < n:
        _, group = group_settings(rng, 4)
        out.extend(group)
    return out[:n]


def compare(settings_: list[Setting], expected: list[np.ndarray], answers: list[str]) -> None:
    assert len(answers) == len(settings_)
    for s, want, got in zip(settings_, expected, answers, strict=True):
        got = from_b64(got, F)
        if got.shape != want.shape or not np.array_equal(bits(got), bits(want)):
            k = next((i for i in range(min(got.size, want.size)) if bits(got[i]) != bits(want[i])), None)
            where = "" if k is None else f"; first at w[{k}]: descent.js {got[k]!r}, lrlab {want[k]!r}"
            pytest.fail(
                f"descent.js differs from lrlab.descend for {describe(s)} (lengths {got.size}, {want.size}){where}"
            )


# ------------------------------------------------------------------ the parity sweep


def test_descent_js_is_lrlab_descend_bit_for_bit_over_10000_settings(ask_js):
    rng = np.random.default_rng(20240501)
    settings_, expected = [], []
    for g in range(200):
        common, group = group_settings(rng, 50)
        expected += batch_run(common, group, seed=g)
        settings_ += group
    for i, s in enumerate(single_settings(rng, 300)):  # and runs on their own, each with its own seed
        expected.append(lrlab_run(s, seed=10_000 + i))
        if "noise" in s:
            s["draws"] = np.random.default_rng(10_000 + i).standard_normal((s["steps"],), dtype=F)
        settings_.append(s)
    assert len(settings_) >= 10_000
    answers = ask_js({"runs": [js_options(s) for s in settings_]})
    compare(settings_, expected, answers["runs"])

    # the sweep covers every knob and the runs that blow up
    last = np.array([w[-1] for w in expected])
    assert np.isnan(last).sum() > 100 and np.isfinite(last).sum() > 5000
    assert sum(bool(np.isinf(w).any()) for w in expected) > 100
    assert any(w.size == 1 for w in expected) and max(w.size for w in expected) == 501
    kinds = {("decayRate" in s, s.get("staircase", False), "noise" in s) for s in settings_}
    assert kinds == {(False, False, False), (False, False, True)} | {(True, st, n) for st in (0, 1) for n in (0, 1)}
    rates_ = [s["learningRate"] for s in settings_]
    assert min(rates_) < 2e-4 and max(rates_) > 5
    spans = [s["decaySteps"] for s in settings_ if "decaySteps" in s]
    assert any(x != int(x) for x in spans) and min(spans) < 2 and max(spans) > 95
    gammas = [s["decayRate"] for s in settings_ if "decayRate" in s]
    assert 1.0 in gammas and min(gammas) < 0.01


def test_rates_are_lrlab_schedule_rates_bit_for_bit(ask_js):
    rng = np.random.default_rng(7)
    settings_ = []
    for _ in range(40):
        settings_ += [s for s in group_settings(rng, 25)[1] if "decayRate" in s]
    assert len(settings_) > 300
    answers = ask_js(
        {"rates": [js_options(s) for s in settings_], "rate": [[s["steps"] // 2, js_options(s)] for s in settings_]}
    )
    for s, got, one in zip(settings_, answers["rates"], answers["rate"], strict=True):
        sched = lrlab.exponential_decay(s["learningRate"], s["decaySteps"], s["decayRate"], staircase=s["staircase"])
        want = sched(np.arange(s["steps"]), dtype=F)
        assert np.array_equal(from_b64(got, F).view(np.uint32), want.view(np.uint32)), describe(s)
        k = s["steps"] // 2
        assert from_b64(one, F).view(np.uint32)[0] == np.asarray(sched(k, dtype=F)).view(np.uint32), (k, describe(s))


def test_math_pow_is_numpys_float64_power_within_one_ulp_and_the_same_in_float32(ask_js):
    """The bound descent.js states: Math.pow and numpy's float64 power differ by at most 1 float64 ulp, and after
    rounding to float32 not at all, over the powers the explorers ask for (γ in (0, 1], p = k/s or ⌊k/s⌋)."""
    rng = np.random.default_rng(3)
    n = 400_000
    gamma = (1.0 - rng.random(n)).astype(F)
    span = np.where(rng.random(n) < 0.5, rng.integers(1, 101, n), rng.uniform(1, 100, n)).astype(F)
    p = rng.integers(0, 500, n).astype(F) / span
    p = np.where(rng.random(n) < 0.3, np.floor(p), p).astype(F)
    pairs = np.stack([gamma.astype(np.float64), p.astype(np.float64)], axis=1)
    js = from_b64(ask_js({"powers": b64(pairs.ravel())})["powers"], np.float64)
    py = np.power(pairs[:, 0], pairs[:, 1])
    assert np.all(np.isfinite(js)) and np.all(js >= 0)
    assert np.abs(js.view(np.int64) - py.view(np.int64)).max() <= 1
    assert np.array_equal(js.astype(F).view(np.uint32), py.astype(F).view(np.uint32))


# ------------------------------------------------------------------ a property test, run by run


@st.composite
def a_setting(draw) -> Setting:
    curvature = draw(st.floats(0.1, 20.0))
    s = Setting(
        learningRate=draw(st.one_of(st.floats(1e-4, 10.0), st.sampled_from([1.0, 2.0]).map(lambda m: m / curvature))),
        w0=draw(st.floats(-1e3, 1e3)),
        steps=draw(st.integers(0, 200)),
        curvature=curvature,
        centre=draw(st.floats(-5.0, 5.0)),
    )
    if draw(st.booleans()):
        s.update(
            decayRate=draw(st.floats(0.0, 1.0, exclude_min=True)),
            decaySteps=draw(st.one_of(st.integers(1, 100).map(float), st.floats(1.0, 100.0))),
            staircase=draw(st.booleans()),
        )
    if draw(st.booleans()):
        s["noise"] = draw(st.floats(0.0, 10.0, exclude_min=True))
    return s


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(a_setting(), min_size=1, max_size=40), st.integers(0, 2**32 - 1))
def test_any_setting_in_the_explorers_ranges_runs_as_in_lrlab(ask_js, settings_, seed):
    expected = []
    for i, s in enumerate(settings_):
        expected.append(lrlab_run(s, seed=seed + i))
        if "noise" in s:
            s["draws"] = np.random.default_rng(seed + i).standard_normal((s["steps"],), dtype=F)
    compare(settings_, expected, ask_js({"runs": [js_options(s) for s in settings_]})["runs"])


# ------------------------------------------------------------------ defaults and rejected options


def test_node_check_of_the_defaults_passes():
    done = subprocess.run([node_path(), str(JS / "descent_defaults.mjs")], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (0, "descent.js defaults: the course's run\n"), done.stderr


def test_defaults_are_lrlab_defaults_and_the_course_run(ask_js):
    js = ask_js({"defaults": True, "runs": [{}]})
    d = js["defaults"]
    params = inspect.signature(lrlab.descend).parameters
    assert (d["w0"], d["steps"], d["noise"]) == (params["w0"].default, params["steps"].default, params["noise"].default)
    assert (d["curvature"], d["centre"]) == (lrlab.SEED_LOSS.curvature, lrlab.SEED_LOSS.centre)
    assert (d["decayRate"], d["staircase"], d["draws"], d["optimizer"]) == (1, False, None, None)
    assert d["FLOAT32_MAX"] == float(np.finfo(F).max)
    assert d["MAX_STEPS"] == lrlab.checks.MAX_STEPS
    course = lrlab.descend(0.2)
    assert d["learningRate"] == 0.2
    assert np.array_equal(from_b64(js["runs"][0], F).view(np.uint32), course.w.view(np.uint32))
    assert f"{from_b64(js['runs'][0], F)[1]:.6f}" == "2.600000"


NAN, INF = {"number": "NaN"}, {"number": "Infinity"}
FLOAT32_RANGE = "must be within float32's range (|x| <= 3.4028234663852886e+38)"

REJECTED = [
    # (function, arguments, error, message)
    (
        "descend",
        [{"learningRate": -0.1}],
        "RangeError",
        "`learningRate` must be finite and >= 0. Received: learningRate=-0.1",
    ),
    ("descend", [{"learningRate": NAN}], "RangeError", "`learningRate` must be finite. Received: learningRate=NaN"),
    (
        "descend",
        [{"learningRate": "0.2"}],
        "TypeError",
        '`learningRate` must be a number. Received: learningRate="0.2"',
    ),
    (
        "descend",
        [{"learningRate": 1e39}],
        "RangeError",
        f"`learningRate` {FLOAT32_RANGE}. Received: learningRate=1e+39",
    ),
    ("descend", [{"decayRate": 0}], "RangeError", "`decayRate` must be > 0 and <= 1. Received: decayRate=0"),
    ("descend", [{"decayRate": 1.5}], "RangeError", "`decayRate` must be > 0 and <= 1. Received: decayRate=1.5"),
    ("descend", [{"decayRate": INF}], "RangeError", "`decayRate` must be finite. Received: decayRate=Infinity"),
    ("descend", [{"decaySteps": 0}], "RangeError", "`decaySteps` must be finite and > 0. Received: decaySteps=0"),
    ("rates", [{"decaySteps": -2}], "RangeError", "`decaySteps` must be finite and > 0. Received: decaySteps=-2"),
    (
        "rate",
        [0, {"decaySteps": 1e-50}],
        "RangeError",
        "`decaySteps` must be large enough not to round to 0 in float32 (the rate divides by it). "
        "Received: decaySteps=1e-50",
    ),
    ("descend", [{"decaySteps": 1e39}], "RangeError", f"`decaySteps` {FLOAT32_RANGE}. Received: decaySteps=1e+39"),
    ("descend", [{"staircase": 1}], "TypeError", "`staircase` must be true or false. Received: staircase=1"),
    ("descend", [{"w0": {"number": "-Infinity"}}], "RangeError", "`w0` must be finite. Received: w0=-Infinity"),
    ("descend", [{"w0": -1e39}], "RangeError", f"`w0` {FLOAT32_RANGE}. Received: w0=-1e+39"),
    ("descend", [{"steps": 2.5}], "TypeError", "`steps` must be an int. Received: steps=2.5"),
    ("descend", [{"steps": -1}], "RangeError", "`steps` must be an int between 0 and 100000. Received: steps=-1"),
    (
        "descend",
        [{"steps": 100001}],
        "RangeError",
        "`steps` must be an int between 0 and 100000. Received: steps=100001",
    ),
    ("descend", [{"curvature": 0}], "RangeError", "`curvature` must be finite and > 0. Received: curvature=0"),
    ("descend", [{"curvature": None}], "TypeError", "`curvature` must be a number. Received: curvature=null"),
    ("descend", [{"centre": NAN}], "RangeError", "`centre` must be finite. Received: centre=NaN"),
    ("descend", [{"noise": -1}], "RangeError", "`noise` must be finite and >= 0. Received: noise=-1"),
    ("descend", [{"noise": 1e39}], "RangeError", f"`noise` {FLOAT32_RANGE}. Received: noise=1e+39"),
    (
        "descend",
        [{"noise": 0.5, "steps": 3}],
        "TypeError",
        "`draws` must be an array of standard-normal draws (one per update) when noise > 0. Received: draws=null",
    ),
    (
        "descend",
        [{"noise": 0.5, "steps": 3, "draws": [0.1, 0.2]}],
        "RangeError",
        "`draws` must be at least 3 draws (one per update). Received: draws=[0.1, 0.2]",
    ),
    (
        "descend",
        [{"noise": 0.5, "steps": 3, "draws": [0.1, NAN, 0.3]}],
        "RangeError",
        "`draws` must be finite (draws[1] is NaN). Received: draws=[0.1, NaN, 0.3]",
    ),
    (
        "descend",
        [{"noise": 0.5, "steps": 2, "draws": [0.1, "x"]}],
        "TypeError",
        '`draws` must be numbers (draws[1] is "x"). Received: draws=[0.1, "x"]',
    ),
    (
        "descend",
        [{"learning_rate": 0.1}],
        "TypeError",
        "Unknown option `learning_rate` (the options are learningRate, decayRate, decaySteps, staircase, w0, "
        "steps, curvature, centre, noise, draws, optimizer). Received: learning_rate=0.1",
    ),
    (
        "descend",
        [[0.2]],
        "TypeError",
        "`options` must be an object such as {learningRate: 0.2}. Received: options=[0.2]",
    ),
    (
        "settings",
        [None],
        "TypeError",
        "`options` must be an object such as {learningRate: 0.2}. Received: options=null",
    ),
    ("rate", [1.5, {}], "TypeError", "`k` must be an int. Received: k=1.5"),
    ("rate", [-1, {}], "RangeError", "`k` must be an int >= 0. Received: k=-1"),
    ("rate", ["3", {}], "TypeError", '`k` must be an int. Received: k="3"'),
]


def test_rejected_options_get_a_message_naming_the_option_and_the_value(ask_js):
    answers = ask_js({"calls": [[name, args] for name, args, _, _ in REJECTED]})["calls"]
    for (name, args, error, message), got in zip(REJECTED, answers, strict=True):
        assert got == {"error": error, "message": message}, (name, args)


def test_edges_that_are_accepted(ask_js):
    draws = np.random.default_rng(0).standard_normal((2,), dtype=F)
    calls = [
        ["descend", [{"steps": 0}]],
        ["descend", [{"noise": 0, "draws": None, "steps": 2}]],  # no noise: no draws needed
        ["descend", [{"noise": 1, "steps": 2, "draws": [float(x) for x in draws] + [99.0]}]],  # extra draws unused
        ["rates", [{"steps": 0}]],
        ["rate", [0, {"learningRate": 0, "decayRate": 0.5}]],
        ["descend", [{"learningRate": {"undefined": True}, "steps": 1}]],  # an option set to undefined: its default
    ]
    got = [answer["value"] for answer in ask_js({"calls": calls})["calls"]]
    assert got[0] == [5.0]
    assert got[1] == lrlab.descend(0.2, steps=2).w.tolist()
    assert got[2] == lrlab.descend(0.2, steps=2, noise=1.0, seed=0).w.tolist()
    assert got[3] == [] and got[4] == 0
    assert got[5] == [5.0, float(F(2.6))]


# ------------------------------------------------------------------ optimizers (descend's `optimizer` option)

OPTIMIZER_CLASSES = {
    f"{ns.__name__.rsplit('.', 1)[1]}.{name}": getattr(ns, name)
    for ns in (lrlab.optimizers.course, lrlab.optimizers.keras, lrlab.optimizers.tf1, lrlab.optimizers.torch)
    for name in ns.__all__
}


def a_fraction(rng) -> float:
    return float(rng.choice([0.0, 0.5, 0.9, 0.99, 0.999])) if rng.random() < 0.4 else float(rng.random())


def a_small_number(rng, zero=True) -> float:
    if zero and rng.random() < 0.2:
        return 0.0
    return (
        float(rng.choice([1e-7, 1e-8, 1e-10, 0.1])) if rng.random() < 0.4 else float(log_uniform(rng, 1e-12, 1, 1)[0])
    )


def optimizer_spec(rng, name: str) -> dict:
    """Random parameters for the optimizer ``name`` (each left at its default now and then), as descent.js takes
    them: ``{"name": name, **parameters}``."""
    params = inspect.signature(OPTIMIZER_CLASSES[name]).parameters
    spec = {"name": name}
    for p, param in params.items():
        if param.default is not param.empty and rng.random() < 0.25:
            continue
        if p in ("nesterov", "use_nesterov", "centered", "amsgrad"):
            spec[p] = bool(rng.random() < 0.5)
        elif p == "betas":
            spec[p] = [a_fraction(rng), a_fraction(rng)]
        elif p in ("epsilon", "eps", "weight_decay"):
            spec[p] = a_small_number(rng)
        elif p == "initial_accumulator_value":
            spec[p] = a_small_number(rng, zero=not name.startswith("tf1"))
        elif p == "dampening":
            spec[p] = 0.0 if rng.random() < 0.5 else float(rng.random())
        else:  # a momentum or a decay factor
            spec[p] = a_fraction(rng)
    if name == "torch.SGD" and spec.get("nesterov") and not (spec.get("momentum", 0) > 0 and not spec.get("dampening")):
        spec["nesterov"] = False
    return spec


def lrlab_optimizer(spec: dict):
    kwargs = {k: (tuple(x) if isinstance(x, list) else x) for k, x in spec.items() if k != "name"}
    return OPTIMIZER_CLASSES[spec["name"]](**kwargs)


def optimizer_group(rng, size: int, name: str, decay: bool, noisy: bool) -> tuple[dict, list[Setting], object]:
    """``size`` settings (group_settings's, with or without decay and noise as asked) that share one optimizer with
    random parameters, each run for up to 300 updates."""
    common, group = group_settings(rng, size)
    while (common["decay"], common["noisy"]) != (decay, noisy):
        common, group = group_settings(rng, size)
    spec = optimizer_spec(rng, name)
    for s in group:
        s["steps"] = s["steps"] * 3 // 5
        s["optimizer"] = spec
    return common, group, lrlab_optimizer(spec)


def test_every_optimizer_of_lrlab_is_in_descent_js_with_its_defaults(ask_js):
    js = ask_js({"optimizers": True})["optimizers"]
    assert sorted(js) == sorted(OPTIMIZER_CLASSES)
    for name, cls in OPTIMIZER_CLASSES.items():
        params = inspect.signature(cls).parameters
        want = {p: (list(x.default) if isinstance(x.default, tuple) else x.default) for p, x in params.items()}
        want = {p: (None if d is inspect.Parameter.empty else d) for p, d in want.items()}
        assert js[name] == want, name


def test_optimizer_runs_are_lrlab_descend_bit_for_bit_over_10000_settings(ask_js):
    rng = np.random.default_rng(20240605)
    names = sorted(OPTIMIZER_CLASSES)
    settings_, expected, seen = [], [], set()
    for g in range(220):
        name, kind = names[g % len(names)], g // len(names) % 4
        common, group, opt = optimizer_group(rng, 46, name, decay=kind >= 2, noisy=kind % 2 == 1)
        expected += batch_run(common, group, seed=g, optimizer=opt)
        settings_ += group
        seen.add((name, common["decay"], common["noisy"]))
    assert len(settings_) >= 10_000
    answers = ask_js({"runs": [js_options(s) for s in settings_]})
    compare(settings_, expected, answers["runs"])

    # every optimizer with and without decay, with and without noise; runs that end finite and runs that blow up
    assert {(n, d, z) for n in names for d in (0, 1) for z in (0, 1)} <= {(n, int(d), int(z)) for n, d, z in seen}
    last = np.array([w[-1] for w in expected])
    assert np.isfinite(last).sum() > 7000 and (~np.isfinite(last)).sum() > 100
    flags = {(s["optimizer"]["name"], k) for s in settings_ for k in s["optimizer"] if s["optimizer"].get(k) is True}
    assert {("keras.Adam", "amsgrad"), ("torch.RMSprop", "centered"), ("tf1.Momentum", "use_nesterov")} <= flags


def test_the_optimizers_powers_in_math_pow_round_to_lrlabs(ask_js):
    """The bound descent.js states: over the powers the optimizers take (β^t with β a float32 number for Keras
    and the course, a float64 one for PyTorch, and PyTorch's (1 − β₂^t)^0.5), Math.pow and CPython's pow differ
    by at most 1 float64 ulp, and after rounding to float32 not at all."""
    rng = np.random.default_rng(11)
    n = 200_000
    beta = np.where(rng.random(n) < 0.5, rng.random(n), 1 - log_uniform(rng, 1e-6, 0.5, n))
    beta = np.where(rng.random(n) < 0.5, beta.astype(F).astype(np.float64), beta)
    t = np.where(rng.random(n) < 0.5, rng.integers(1, 300, n), rng.integers(1, 100_001, n)).astype(np.float64)
    roots = 1 - np.array([b**e for b, e in zip(beta[: n // 4], t[: n // 4], strict=True)])
    roots = roots[roots > 0]
    pairs = np.concatenate([np.stack([beta, t], axis=1), np.stack([roots, np.full(roots.size, 0.5)], axis=1)])
    js = from_b64(ask_js({"powers": b64(pairs.ravel())})["powers"], np.float64)
    py = np.array([b**e for b, e in pairs])
    assert pairs.shape[0] > 240_000
    assert np.abs(js.view(np.int64) - py.view(np.int64)).max() <= 1
    assert np.array_equal(js.astype(F).view(np.uint32), py.astype(F).view(np.uint32))


def opt(**spec) -> list:
    return [{"steps": 2, "optimizer": spec}]


REJECTED_OPTIMIZERS = [
    # (arguments of descend, error, message): lrlab's requirement and the parameter's name, as lrlab says them
    (opt(name="keras.SGD", momentum=1.5), "RangeError", "`momentum` must be in [0, 1). Received: momentum=1.5"),
    (opt(name="keras.SGD", momentum=-0.1), "RangeError", "`momentum` must be in [0, 1). Received: momentum=-0.1"),
    (opt(name="course.SGDM", beta=1), "RangeError", "`beta` must be in [0, 1). Received: beta=1"),
    (opt(name="course.Adam", beta2=NAN), "RangeError", "`beta2` must be finite. Received: beta2=NaN"),
    (opt(name="keras.Adam", beta_1="0.9"), "TypeError", '`beta_1` must be a number. Received: beta_1="0.9"'),
    (
        opt(name="keras.Adagrad", epsilon=-1e-7),
        "RangeError",
        "`epsilon` must be finite and >= 0. Received: epsilon=-1e-7",
    ),
    (
        opt(name="tf1.Adagrad", initial_accumulator_value=0),
        "RangeError",
        "`initial_accumulator_value` must be finite and > 0. Received: initial_accumulator_value=0",
    ),
    (opt(name="torch.SGD", dampening=1.5), "RangeError", "`dampening` must be in [0, 1]. Received: dampening=1.5"),
    (
        opt(name="torch.SGD", nesterov=True),
        "RangeError",
        "`nesterov` must be false when momentum is 0 or dampening is not 0 (Nesterov momentum needs a momentum and "
        "no dampening; here momentum=0, dampening=0). Received: nesterov=true",
    ),
    (opt(name="keras.RMSprop", centered=1), "TypeError", "`centered` must be true or false. Received: centered=1"),
    (
        opt(name="torch.Adam", betas=[0.9, 1.0]),
        "RangeError",
        "`betas` must be a pair of numbers in [0, 1), e.g. [0.9, 0.999]. Received: betas=[0.9, 1]",
    ),
    (
        opt(name="torch.Adam", betas=0.9),
        "TypeError",
        "`betas` must be a pair of numbers in [0, 1), e.g. [0.9, 0.999]. Received: betas=0.9",
    ),
    (
        opt(name="tf1.Momentum"),
        "RangeError",
        "`momentum` must be given (tf1.Momentum has no default for it). Received: momentum=undefined",
    ),
    (
        opt(name="keras.SGD", rho=0.9),
        "TypeError",
        "Unknown parameter `rho` of keras.SGD (its parameters are momentum, nesterov). Received: rho=0.9",
    ),
    (
        opt(name="course.Adagrad", epsilon=1e-7),
        "TypeError",
        "Unknown parameter `epsilon` of course.Adagrad (its parameters are none). Received: epsilon=1e-7",
    ),
    (
        opt(name="keras.sgd"),
        "RangeError",
        "`optimizer.name` must be one of course.SGDM, course.Adagrad, course.RMSProp, course.Adam, keras.SGD, "
        "keras.Adagrad, keras.RMSprop, keras.Adam, tf1.Momentum, tf1.Adagrad, tf1.RMSProp, tf1.Adam, torch.SGD, "
        'torch.Adagrad, torch.RMSprop, torch.Adam, torch.AdamW. Received: optimizer.name="keras.sgd"',
    ),
    (
        [{"optimizer": "keras.SGD"}],
        "TypeError",
        '`optimizer` must be null or an object such as {name: "keras.SGD", momentum: 0.9}. '
        'Received: optimizer="keras.SGD"',
    ),
]


def test_rejected_optimizers_get_a_message_naming_the_parameter_and_the_value(ask_js):
    answers = ask_js({"calls": [["descend", args] for args, _, _ in REJECTED_OPTIMIZERS]})["calls"]
    for (args, error, message), got in zip(REJECTED_OPTIMIZERS, answers, strict=True):
        assert got == {"error": error, "message": message}, args


def test_lrlab_refuses_the_same_optimizer_parameters():
    """descent.js refuses exactly what lrlab refuses (lrlab's messages spell True/None the Python way)."""
    for args, _, message in REJECTED_OPTIMIZERS:
        spec = args[0]["optimizer"]
        if not isinstance(spec, dict) or spec["name"] not in OPTIMIZER_CLASSES:
            continue
        kwargs = {k: (float("nan") if x == NAN else x) for k, x in spec.items() if k != "name"}
        with pytest.raises((ValueError, TypeError)) as caught:
            OPTIMIZER_CLASSES[spec["name"]](**kwargs)
        name = message.split("`")[1]
        assert f"`{name}`" in str(caught.value) or f"'{name}'" in str(caught.value), (spec, str(caught.value))


def test_optimizer_edges_that_are_accepted(ask_js):
    calls = [
        ["descend", [{"steps": 3, "optimizer": None}]],  # null: plain descent
        ["descend", [{"steps": 3, "optimizer": {"name": "keras.SGD"}}]],  # every default: plain descent
        ["descend", [{"steps": 3, "optimizer": {"name": "tf1.Momentum", "momentum": 0}}]],
        ["descend", [{"steps": 0, "optimizer": {"name": "course.Adam"}}]],
        ["rates", [{"steps": 3, "decayRate": 0.9, "optimizer": {"name": "torch.SGD"}}]],
        ["descend", [{"steps": 3, "optimizer": {"name": "keras.SGD", "momentum": {"undefined": True}}}]],
    ]
    got = [answer["value"] for answer in ask_js({"calls": calls})["calls"]]
    plain = lrlab.descend(0.2, steps=3).w.tolist()
    assert got[0] == got[1] == got[2] == got[5] == plain
    assert got[3] == [5.0]
    t = lrlab.descend(lrlab.exponential_decay(0.2, 1, 0.9), steps=3, optimizer=lrlab.optimizers.torch.SGD())
    assert got[4] == t.lr.tolist() and got[4] != lrlab.exponential_decay(0.2, 1, 0.9)(np.arange(3), dtype=F).tolist()
