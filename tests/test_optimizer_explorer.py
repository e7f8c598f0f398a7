"""The optimizer explorer (lrlab.widgets.OptimizerExplorer): its view model, its knobs, its map, and its browser code run
by node: every run the browser draws equals lrlab.descend with the optimizer, bit for bit, and its readout equals
Python's, character for character."""

from __future__ import annotations

import base64

import numpy as np
import pytest
from node_process import node_process

import lrlab
from lrlab import i18n
from lrlab.optimizers import course, keras, momentum_converges, momentum_rate
from lrlab.widgets import MAX_STATE_BYTES, OPTIMIZERS, OptimizerExplorer, optimizer_renderer


@pytest.fixture(scope="module")
def explorer():
    return OptimizerExplorer()


def test_defaults_show_keras_momentum_at_the_course_start(explorer):
    assert (explorer.optimizer, explorer.learning_rate, explorer.beta) == (keras.SGD(momentum=0.9), 0.02, 0.9)
    assert explorer.steps == 100 and explorer.step == 100 and explorer.w0 == 5.0
    t = explorer.trajectory
    assert np.array_equal(t.w, lrlab.descend(0.02, steps=100, optimizer=keras.SGD(momentum=0.9)).w)
    assert explorer.state_bytes() < MAX_STATE_BYTES


def test_every_optimizer_on_offer_runs_as_lrlab(explorer):
    ex = OptimizerExplorer("course.Adam", 0.2, 0.8, 0.99, steps=50)
    assert ex.optimizer == course.Adam(beta1=0.8, beta2=0.99)
    for n, o in enumerate(OPTIMIZERS):
        ex.index = n
        assert ex.optimizer_spec["name"] == o["name"]
        assert np.array_equal(ex.trajectory.w, lrlab.descend(0.2, steps=50, optimizer=ex.optimizer).w)


def test_the_map_layers_are_the_heavy_balls_classes(explorer):
    from lrlab.plotting import RHO_COLORS, RHO_EDGES

    rates, momenta = np.array(explorer.rates), np.array(explorer.momenta)
    codes = np.frombuffer(explorer.codes, dtype=np.uint8).reshape(2, rates.size, momenta.size)
    heavy = momentum_rate(rates[:, None], momenta[None, :])
    sgdm = momentum_rate((1 - momenta[None, :]) * rates[:, None], momenta[None, :])
    for layer, factor in ((0, heavy), (1, sgdm)):
        assert np.array_equal(codes[layer], np.searchsorted(RHO_EDGES, factor, side="right"))
    assert np.array_equal(codes[0] == len(RHO_COLORS) - 1, ~momentum_converges(rates[:, None], momenta[None, :]))
    course_converges = momentum_converges((1 - momenta[None, :]) * rates[:, None], momenta[None, :])
    assert np.array_equal(codes[1] == len(RHO_COLORS) - 1, ~course_converges)
    assert codes[1].sum() != codes[0].sum()  # two different maps


def test_readout_and_factor(explorer):
    ex = OptimizerExplorer(learning_rate=0.02, beta=0.64)
    assert ex.factor() == pytest.approx(0.8)
    assert "ρ = 0.800" in ex.readout() and "keras.SGD: η = 0.02, β = 0.64" in ex.readout()
    ex.i = ex.rates.index(1.5)  # ηf″ = 3 < 2(1 + β) = 3.28: the roots are complex, ρ = √β
    assert "ρ = 0.800" in ex.readout()
    ex.i = ex.rates.index(2.0)
    assert "≥ 1, diverges" in ex.readout()
    ex.index = 3
    assert ex.factor() is None and "β₁ = 0.64, β₂ = 0.999" in ex.readout() and "heavy ball" not in ex.readout()


def test_knob_positions_are_checked(explorer):
    for trait, top in (("index", len(OPTIMIZERS) - 1), ("beta2_index", 3), ("j", len(explorer.momenta) - 1)):
        with pytest.raises(ValueError, match=f"`{trait}` must be an int between 0 and {top}"):
            setattr(explorer, trait, top + 1)


def test_labels_can_be_replaced_and_chinese_is_the_default_in_chinese():
    ex = OptimizerExplorer(labels={"opt.optimizer": "which optimizer", "step": "update"})
    assert ex.labels["opt.optimizer"] == "which optimizer" and ex.labels["step"] == "update"
    with i18n.language("zh"):
        zh = OptimizerExplorer()
    assert zh.labels["opt.optimizer"] == "优化器" and "优化器探索器" in repr(zh)


def test_figure_marks_the_setting_on_the_map(explorer):
    fig = explorer.figure()
    ax_run, ax_map = fig.axes[:2]
    (mark,) = [ln for ln in ax_map.get_lines() if ln.get_marker() == "x"]
    assert (mark.get_xdata()[0], mark.get_ydata()[0]) == (0.02, 0.9)
    assert ax_map.get_xscale() == "log"
    assert np.array_equal(ax_run.get_lines()[-1].get_ydata(), explorer.trajectory.w.astype(float))


# ---------------------------------------------------------------- the browser's code, run by node


def model_of(ex) -> dict:
    state = {k: v for k, v in ex.get_state().items() if not k.startswith("_")}
    return {k: base64.b64encode(v).decode() if isinstance(v, bytes) else v for k, v in state.items()}


# the model's binary traits, as the browser reads them
BYTES = "const bytes = (b) => { const u = Buffer.from(b, 'base64'); return new DataView(u.buffer, u.byteOffset, u.length); };\n"


@pytest.fixture(scope="module")
def run_node():
    """``run_node(body, data)`` runs ``body`` (returning a JSON-able value; ``input`` holds ``data``) in this file's
    node process, with the explorer's whole module imported as ``ex`` and ``bytes`` reading a binary trait."""
    module = "data:text/javascript;base64," + base64.b64encode(optimizer_renderer().encode()).decode()
    with node_process({"ex": module}) as run:
        yield lambda body, data: run(BYTES + body, data)


POSITIONS = [
    (n, lr, beta, b2, step)
    for n in range(len(OPTIMIZERS))
    for lr in (0.001, 0.02, 0.2, 1.2, 2.0)
    for beta in (0.0, 0.5, 0.9, 0.99)
    for b2 in (0, 2)
    for step in (0, 37, 100)
]


def test_browser_runs_and_readouts_are_lrlabs(run_node):
    ex = OptimizerExplorer()
    positions, readouts, runs, run_of_setting = [], [], [], {}
    for n, lr, beta, b2, step in POSITIONS:
        with ex.hold_trait_notifications():
            ex.index, ex.i, ex.j, ex.beta2_index, ex.step = n, ex.rates.index(lr), ex.momenta.index(beta), b2, step
        pos = {"index": ex.index, "i": ex.i, "j": ex.j, "beta2_index": ex.beta2_index, "step": ex.step}
        positions.append(pos)
        readouts.append(ex.readout())
        if (n, lr, beta, b2) not in run_of_setting:  # the step moves along the run, the run stays the same
            w = np.asarray(ex.trajectory.w, dtype="<f4")
            run_of_setting[n, lr, beta, b2] = base64.b64encode(w.tobytes()).decode()
        runs.append(run_of_setting[n, lr, beta, b2])
    got = run_node(
        "const m = input.model, view = m.view, data = ex.buffersOf('optimizer', (k) => bytes(m[k]));\n"
        "return input.positions.map((pos) => { const run = ex.OPTIMIZER_KIND.run(view, pos, data);\n"
        "  return [ex.readoutOf(view, pos, data, run), Buffer.from(run.w.buffer).toString('base64')]; });",
        {"model": model_of(ex), "positions": positions},
    )
    assert len(got) == len(POSITIONS)
    for (text, w), want_text, want_w, where in zip(got, readouts, runs, POSITIONS, strict=True):
        assert w == want_w, where
        assert text == want_text, where


def test_a_click_on_the_map_picks_the_cell_under_it(run_node):
    ex = OptimizerExplorer()
    axes = ex.view["axes"]
    box = {"x": 10, "y": 20, "w": 300, "h": 200}
    lx, hx = np.log10(axes["map_x"]["lo"]), np.log10(axes["map_x"]["hi"])
    ly, hy = axes["map_y"]["lo"], axes["map_y"]["hi"]
    clicks, want = [], []
    for i, j in [(0, 0), (10, 20), (len(ex.rates) - 1, len(ex.momenta) - 1), (ex.rates.index(0.2), 32)]:
        x = box["x"] + (np.log10(ex.rates[i]) - lx) / (hx - lx) * box["w"]
        y = box["y"] + box["h"] - (ex.momenta[j] - ly) / (hy - ly) * box["h"]
        clicks.append([x, y])
        want.append({"i": i, "j": j})
    clicks.append([box["x"] - 5, box["y"] + 5])  # outside the map: nothing
    got = run_node(
        "const panels = [null, null, { box: input.box }];\n"
        "return input.clicks.map(([x, y]) => ex.OPTIMIZER_KIND.pick(input.view, panels, x, y));",
        {"view": ex.view, "box": box, "clicks": clicks},
    )
    assert got == [*want, None]


def test_every_panel_paints_without_error_on_a_recording_canvas(run_node):
    """paint() with a canvas that records calls: the three panels come back, the map is filled cell by cell, the
    selected setting is marked, for every optimizer (a faded map for RMSprop and Adam)."""
    ex = OptimizerExplorer()
    got = run_node(
        "const calls = {}, ctx = new Proxy({}, { get: (t, k) => k === 'measureText' ? (s) => ({ width: 6 * String(s).length })\n"
        "  : (k in t ? t[k] : (...a) => { calls[k] = (calls[k] || 0) + 1; }), set: (t, k, v) => { t[k] = v; return true; } });\n"
        "const m = input.model, view = m.view, data = ex.buffersOf('optimizer', (k) => bytes(m[k]));\n"
        "const style = { font: 12, family: 'sans-serif', ink: '#222222', grid: '#e4e4e4', scaleBy: 1 };\n"
        "const boxes = [{ x: 0, y: 40, w: 300, h: 250 }, { x: 300, y: 40, w: 260, h: 250 }, { x: 560, y: 40, w: 320, h: 250 }];\n"
        "return [0, 1, 2, 3, 4].map((index) => { for (const k in calls) delete calls[k];\n"
        "  const pos = { index, i: 20, j: 45, beta2_index: 2, step: 50 };\n"
        "  const panels = ex.OPTIMIZER_KIND.paint(ctx, boxes, view, pos, ex.OPTIMIZER_KIND.run(view, pos, data), style, data);\n"
        "  return { panels: panels.length, fills: calls.fillRect || 0, alpha: ctx.globalAlpha }; });",
        {"model": model_of(ex)},
    )
    cells = len(ex.rates) * len(ex.momenta)
    assert [g["panels"] for g in got] == [3] * 5
    assert all(g["fills"] >= cells for g in got)
    assert all(g["alpha"] == 1 for g in got)
