"""The explorers' browser code (lrlab/static/*.js), run by node: what it prints and computes equals lrlab's.

Every readout is built twice, by Python (``readout()``) and by explorer.js from the view model the browser
receives, with every run computed by descent.js: the two texts must be equal, character for character.
"""

from __future__ import annotations

import base64
from pathlib import Path

import numpy as np
import pytest
from node_process import node_process

import lrlab
from lrlab import i18n, view, widgets

STATIC = Path(widgets.STATIC)
MODULES = {"ex": "explorer.js", "th": "theory.js", "ds": "descent.js"}


@pytest.fixture(scope="module")
def js():
    """``js(body, data)`` runs ``body`` (a function body returning a JSON-able value; ``input`` holds ``data``) in
    this file's node process, with explorer.js imported as ``ex``, theory.js as ``th`` and descent.js as ``ds``."""
    with node_process({name: (STATIC / file).as_uri() for name, file in MODULES.items()}) as run:
        yield run


def model_of(explorer) -> dict:
    """What the browser's model holds: the view model, the knob positions, the binary traits (base64)."""
    state = {k: v for k, v in explorer.get_state().items() if not k.startswith("_")}
    return {k: base64.b64encode(v).decode() if isinstance(v, bytes) else v for k, v in state.items()}


READOUTS = """
const m = input.model, view = m.view;
const get = (name) => { const b = Buffer.from(m[name], "base64"); return new DataView(b.buffer, b.byteOffset, b.byteLength); };
const data = ex.buffersOf(view.kind, get);
return input.positions.map((pos) => ex.readoutOf(view, pos, data));
"""


def readouts_agree(js, explorer, positions: list[dict]):
    """Set each position in Python and in node: the readouts must be the same text."""
    python = []
    for pos in positions:
        with explorer.hold_trait_notifications():
            for trait, value in pos.items():
                setattr(explorer, trait, value)
        python.append(explorer.readout())
    got = js(READOUTS, {"model": model_of(explorer), "positions": positions})
    assert got == python


# ---------------------------------------------------------------- texts


def test_numbers_print_as_lrlab_prints_them(js):
    rng = np.random.default_rng(1)
    xs = rng.standard_normal(2000).astype(np.float32).astype(float) * 10.0 ** rng.integers(-6, 7, 2000)
    xs = [float(np.float32(x)) for x in xs] + [k / 128 for k in range(-300, 300)] + [k / 16 for k in range(-40, 40)]
    xs += [73741.8828125, -0.0625, 0.0625, 2.5, 1e6, -1e6, 123456789.0]
    for decimals in (6, 3):
        got = js("return input.xs.map((x) => ex.number(x, 'overflow', input.d));", {"xs": xs, "d": decimals})
        assert got == [view.number(x, "overflow", decimals) for x in xs], decimals


def test_overflow_is_said_in_the_explorers_language(js):
    for lang in ("en", "zh"):
        label = i18n.text_in(lang, "overflow")
        got = js(
            "return [ex.number(Infinity, input.l), ex.number(NaN, input.l), ex.number(-Infinity, input.l)];",
            {"l": label},
        )
        assert got == [view.number(x, label) for x in (float("inf"), float("nan"), float("-inf"))] == [label] * 3


def test_one_status_line_on_both_sides(js):
    cases = [["a", "b", "c"], ["a", "", "c"], [""], ["only"]]
    assert js("return input.map(ex.statusLine);", cases) == [view.status_line(c) for c in cases]


# ---------------------------------------------------------------- theory.js


def test_expected_loss_is_lrlab_s_to_the_last_bit(js):
    cases = [(0.2, 2.0, 5.0, 1.0, -1.0), (0.05, 0.25, 5.0, 1.0, -1.0), (0.9, 4.0, -3.0, 1.0, -1.0)]
    cases += [(0.1, 1.0, 2.0, 4.0, 2.0), (0.01, 0.5, 100.0, 0.5, 0.0), (1.5, 1.0, 5.0, 1.0, -1.0)]
    got = js(
        "return input.map(([lr, s, w0, a, c]) => Array.from(th.expectedLoss({ learningRate: lr, noise: s, w0, "
        "steps: 300, curvature: 2 * a, centre: c })));",
        cases,
    )
    for (lr, s, w0, a, c), out in zip(cases, got, strict=True):
        want = view.expected_loss(lr, s, w0=w0, steps=300, loss=lrlab.Quadratic(a, c))
        np.testing.assert_array_equal(np.array(out, dtype=float), want)


def test_the_loss_and_distance_are_float32_as_lrlab_computes_them(js):
    rng = np.random.default_rng(3)
    w = (rng.standard_normal(3000) * 10.0 ** rng.integers(-8, 20, 3000)).astype(np.float32)
    w = np.concatenate([w, np.float32([np.inf, -np.inf, np.nan, -1, 3e38, -3e38])])
    for a, c in ((1.0, -1.0), (2.5, 0.3), (0.5, 0.0)):
        loss = lrlab.Quadratic(a, c)
        got = js(
            "return input.w.map((x) => [th.lossValue(x, input.f2, input.c), th.distanceTo(x, input.c)]);",
            {"w": [float(x) for x in w], "f2": loss.curvature, "c": c},
        )
        got = np.array([[float(v) for v in pair] for pair in got])
        np.testing.assert_array_equal(got[:, 0].astype(np.float32), loss.value(w))
        np.testing.assert_array_equal(got[:, 1].astype(np.float32), view.distance(w, loss))


# ---------------------------------------------------------------- what the browser reads off its runs


def test_overflow_and_exact_landing_are_read_as_lrlab_reads_them(js):
    rates = [0.2, 0.5, 1.0, 1.05, 2.0, 3.7, 0.0001]
    got = js(
        "const view = { loss: { curvature: 2, centre: -1 }, w0: 5, steps: 300 };"
        "return input.map((lr) => { const w = ds.descend({ learningRate: lr, w0: 5, steps: 300, curvature: 2, centre: -1 });"
        " const r = ex.describeRun(w, view); return [r.diverged, r.exact]; });",
        rates,
    )
    for lr, (diverged, exact) in zip(rates, got, strict=True):
        run = lrlab.descend(lr, steps=300)
        assert diverged == (-1 if run.diverged_at is None else run.diverged_at), lr
        assert exact == int(view.first_exact(run.w, run.loss_fn)), lr


# ---------------------------------------------------------------- readouts: Python and the browser say the same


def test_learning_rate_readouts_agree(js):
    ex = widgets.LearningRateExplorer()
    n = len(ex.rates)
    positions = [{"index": i, "step": k} for i in (0, 17, n // 2, ex.rates.index(1.0), n - 1) for k in (0, 1, 40)]
    readouts_agree(js, ex, positions)


def test_decay_readouts_agree(js):
    ex = widgets.DecayExplorer()
    rng = np.random.default_rng(5)
    positions = [
        {
            "index": int(rng.integers(len(ex.rates))),
            "decay_index": int(rng.integers(len(ex.decay_rates))),
            "decay_steps_index": int(rng.integers(len(ex.decay_steps_options))),
            "staircase": bool(rng.integers(2)),
            "step": int(rng.integers(41)),
        }
        for _ in range(12)
    ]
    positions.append({"index": ex.rates.index(0.9), "decay_index": ex.decay_rates.index(1.0), "step": 40})
    readouts_agree(js, ex, positions)


def test_map_readouts_agree(js):
    ex = widgets.ScheduleMap()
    positions = [{"i": i, "j": j} for i, j in ((0, 0), (50, 40), (115, 80), (100, 80), (60, 10))]
    readouts_agree(js, ex, positions)


def test_noise_readouts_agree(js):
    ex = widgets.NoiseExplorer(steps=60, shown=4)
    positions = [{"index": i, "noise_index": j, "seed_index": s} for i, j, s in ((0, 0, 0), (4, 3, 1), (8, 4, 2))]
    readouts_agree(js, ex, positions)


def test_noise_runs_in_the_browser_are_lrlab_s_seeded_runs(js):
    ex = widgets.NoiseExplorer(steps=50, shown=3)
    got = js(
        "const m = input.model, view = m.view;"
        "const get = (n) => { const b = Buffer.from(m[n], 'base64'); return new DataView(b.buffer, b.byteOffset, b.byteLength); };"
        "const data = ex.buffersOf('noise', get);"
        "return ex.noiseRuns(view, { index: 4, noise_index: 3, seed_index: 1 }, data).map((r) => Array.from(r));",
        {"model": model_of(ex)},
    )
    run = lrlab.descend(ex.rates[4], w0=np.full(3, 5.0), steps=50, noise=ex.noises[3], seed=ex.view["seeds"][1])
    np.testing.assert_array_equal(np.array(got, dtype=np.float32), np.asarray(run.loss).T)


# ---------------------------------------------------------------- share links


def test_a_shared_link_uses_only_values_the_knob_offers(js):
    ex = widgets.DecayExplorer()
    cases = {
        ("eta", "0.5"): ex.rates.index(0.5),
        ("eta", "0.50"): ex.rates.index(0.5),
        ("eta", "5e-1"): ex.rates.index(0.5),
        ("gamma", "0.95"): ex.decay_rates.index(0.95),
        ("s", "3"): ex.decay_steps_options.index(3),
        ("staircase", "1"): True,
        ("staircase", "false"): False,
        ("step", "12"): 12,
        ("step", "41"): None,
        ("eta", "0.4999"): None,
        ("eta", "<img src=x onerror=alert(1)>"): None,
        ("eta", "0.5;alert(1)"): None,
        ("eta", "1e309"): None,
        ("gamma", ""): None,
        ("step", "-1"): None,
        ("step", "1e1"): None,
        ("staircase", "yes"): None,
        ("eta", "constructor"): None,
        ("eta", "__proto__"): None,
    }
    keys = [list(k) for k in cases]
    got = js(
        "const knobs = { eta: 0, gamma: 1, s: 2, staircase: 3, step: 4 };"
        "return input.keys.map(([k, t]) => { const at = ex.positionFromText(ex.KNOBS.decay[knobs[k]], input.view, t);"
        " return at === undefined ? null : at; });",
        {"keys": keys, "view": ex.view},
    )
    assert got == list(cases.values())


# ---------------------------------------------------------------- the module anywidget loads


def test_the_bundled_renderer_is_one_module_that_imports_nothing(js):
    bundle = widgets.renderer()
    assert "\nimport " not in "\n" + bundle and 'from "./' not in bundle
    got = js(
        "const mod = await import('data:text/javascript;base64,' + input.b64);"
        "return [typeof mod.default.render, mod.number(1.5), mod.statusLine(['a', 'b'])];",
        {"b64": base64.b64encode(bundle.encode()).decode()},
    )
    assert got == ["function", "1.500000", "a · b"]
