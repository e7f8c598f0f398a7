"""Explorers driven from plain Python: setting a trait (as the browser does) fires the observers.

What the browser receives is checked against lrlab's own numbers, and the view model it receives against
the static matplotlib picture of the same state.
"""

import gc
import json
import tracemalloc
import warnings

import numpy as np
import pytest

import lrlab
from lrlab import view
from lrlab.widgets import MAX_STATE_BYTES, DecayExplorer, LearningRateExplorer, ScheduleMap, rate_options


def _floats(buf, shape):
    return np.frombuffer(buf, dtype=np.float32).reshape(shape)


def _n_observers(widget, name):
    return len(widget._trait_notifiers.get(name, {}).get("change", []))


def _axis_matches(ax, x: view.Axis, y: view.Axis):
    """The matplotlib axes show exactly the view model's spans, scales, ticks and tick labels."""
    for axis, which in ((x, "x"), (y, "y")):
        assert getattr(ax, f"get_{which}scale")() == axis.scale
        np.testing.assert_allclose(getattr(ax, f"get_{which}lim")(), (axis.lo, axis.hi), rtol=1e-12)
        np.testing.assert_allclose(getattr(ax, f"get_{which}ticks")(), axis.ticks, rtol=1e-12)
        assert [t.get_text() for t in getattr(ax, f"get_{which}ticklabels")()] == list(axis.labels)
        assert getattr(ax, f"get_{which}label")() == axis.title


# ---------------------------------------------------------------- LearningRateExplorer


def test_rate_options_are_log_scale_with_exact_presets():
    ex = LearningRateExplorer()
    values = np.array(ex.rates)
    assert values[0] == 1e-4 and values[-1] == 2.0 and np.all(np.diff(values) > 0)
    assert {0.0001, 0.2, 0.5, 0.8, 1.0, 1.05} <= set(ex.rates)
    assert (values[1:] / values[:-1]).max() < 1.07  # about 40 positions per decade
    assert [ex.rates[i] for i in ex.presets] == [0.0001, 0.2, 0.5, 0.8, 1.0, 1.05]


def test_the_browser_gets_every_run_as_float32_buffers_equal_to_lrlab():
    ex = LearningRateExplorer()
    assert isinstance(ex.w, bytes)
    w = _floats(ex.w, (len(ex.rates), ex.steps + 1))
    for i in (0, 40, ex.rates.index(0.5), ex.rates.index(1.0), len(ex.rates) - 1):
        run = lrlab.descend(ex.rates[i])
        np.testing.assert_array_equal(w[i], run.w)
        assert np.frombuffer(ex.diverged_at, np.int32)[i] == (-1 if run.diverged_at is None else run.diverged_at)
    names = [lrlab.regime(r) for r in ex.rates]
    assert ex.regimes == names


def test_readout_follows_the_knobs_with_lrlab_numbers():
    ex = LearningRateExplorer(1.0)
    ex.step = 1
    assert ex.readout().startswith("step 1: w = -7.000000, loss = 36.000000")
    ex.step = 40
    assert "w = 5.000000" in ex.readout() and "regime: bounces" in ex.readout()
    ex.index = ex.rates.index(0.0001)
    expected = lrlab.descend(0.0001).w[40]
    assert f"w = {expected:.6f}" in ex.readout() and ex.w_now == float(expected)
    assert "η = 0.0001" in ex.readout() and "creeps" in ex.readout()
    np.testing.assert_array_equal(ex.trajectory.w, lrlab.descend(0.0001).w)


def test_view_model_sent_to_the_browser_is_the_static_figure():
    ex = LearningRateExplorer(0.8)
    ex.step = 7
    (x, y), d = ex.axes_for()
    sent = ex.axes["parabola"][np.frombuffer(ex.parabola_axis, np.uint16)[ex.index]]
    assert sent == [x.to_json(), y.to_json()]
    assert ex.axes["distance"][np.frombuffer(ex.distance_axis, np.uint16)[ex.index]] == d.to_json()
    fig = ex.figure()
    _axis_matches(fig.axes[0], x, y)
    _axis_matches(fig.axes[1], view.step_axis(ex.steps), d)
    assert d.scale == "log"
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    exact = np.frombuffer(ex.exact_at, np.int32)[ex.index] >= 0  # the browser shows the "v" entry only then
    assert exact and legend == [e["label"] for e in ex.legend]
    ex.index = ex.rates.index(0.2)
    legend = [t.get_text() for t in ex.figure().legends[0].get_texts()]
    assert legend == [e["label"] for e in ex.legend if e["marker"] != "v"]


def test_decay_explorer_marks_the_current_rate_as_its_own_legend_entry():
    ex = DecayExplorer(learning_rate=0.9, decay_rate=0.9)
    keys = {e.get("key"): e for e in ex.legend}
    assert keys["rate_point"]["label"] == "rate now" and keys["point"]["label"] == "w now"
    assert (keys["rate_point"]["marker"], keys["rate_point"]["color"]) == view.MARKS["rate_point"]
    assert keys["rate_point"]["marker"] != keys["point"]["marker"]
    # the static picture lists the same entries (the "v" one only when the run reaches c exactly)
    shown = [t.get_text() for t in ex.figure().legends[0].get_texts()]
    assert shown == [e["label"] for e in ex.legend if e["marker"] != "v" or "reached c exactly" in shown]
    assert "rate_point" not in {e.get("key") for e in LearningRateExplorer(0.2).legend}


def test_parabola_layers_put_the_minimum_above_the_current_w():
    for ex in (LearningRateExplorer(0.2), DecayExplorer(learning_rate=0.9, decay_rate=0.9)):
        assert ex.layers == list(view.PARABOLA_LAYERS)
        assert ex.layers.index("minimum") > ex.layers.index("point") > ex.layers.index("path")


def test_divergent_runs_keep_finite_axes_and_say_so():
    ex = LearningRateExplorer(2.0, steps=60)
    run = lrlab.descend(2.0, steps=60)
    assert run.diverged_at is not None
    (x, y), d = ex.axes_for()
    assert all(np.isfinite([x.lo, x.hi, y.lo, y.hi, d.lo, d.hi]))
    ex.step = 60
    assert "overflow" in ex.readout()
    fig = ex.figure()
    assert fig.axes[0].texts[0].get_text() == f"diverged at step {run.diverged_at}"


def test_distance_axis_is_a_true_log_axis_without_fake_floor():
    ex = LearningRateExplorer(0.5)  # one step: w lands on c exactly, the distance is 0 from step 1 on
    (_, _), d = ex.axes_for()
    assert d.scale == "log" and d.lo > 0
    assert np.frombuffer(ex.exact_at, np.int32)[ex.index] == 1
    fig = ex.figure()
    line = [ln for ln in fig.axes[1].lines if ln.get_color() == view.COLORS["path"]][0]
    assert np.isnan(line.get_ydata()[1:]).all()  # zeros are left out, not drawn at a floor
    assert "reached c exactly" in [t.get_text() for t in fig.legends[0].get_texts()]


def test_browser_number_texts_are_lrlab_texts():
    """The renderer's number() (explorer.js, run by node) prints exactly what lrlab.view.number prints,
    exact ties (float32 such as 73741.8828125) included."""
    import shutil
    import subprocess
    from pathlib import Path

    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the browser tests compare the readouts instead")
    js = Path(lrlab.__file__).parent / "static" / "explorer.js"
    rng = np.random.default_rng(1)
    xs = rng.standard_normal(3000).astype(np.float32).astype(float) * 10.0 ** rng.integers(-6, 7, 3000)
    xs = [float(np.float32(x)) for x in xs] + [k / 128 for k in range(-300, 300)] + [73741.8828125, float("inf")]
    script = (
        f"import {{ number }} from {json.dumps(js.as_uri())};"
        f"process.stdout.write(JSON.stringify({json.dumps(xs)}.map(number)));"
    ).replace("Infinity", "Infinity")
    out = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [view.number(x) for x in xs]


def test_browser_overflow_text_is_the_catalogue_label():
    """A non-finite w or loss reads as the labels' ``overflow`` in the browser as in Python, in both languages."""
    import shutil
    import subprocess
    from pathlib import Path

    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the browser tests compare the readouts instead")
    js = Path(lrlab.__file__).parent / "static" / "explorer.js"
    for lang in ("en", "zh"):
        with lrlab.i18n.language(lang):
            label = view.check_labels(None)["overflow"]
            expected = [view.number(float("inf"), label), view.number(float("nan"), label), view.number(1.5, label)]
        script = (
            f"import {{ number }} from {json.dumps(js.as_uri())};"
            f"const l = {json.dumps(label)};"
            "process.stdout.write(JSON.stringify([number(Infinity, l), number(NaN, l), number(1.5, l)]));"
        )
        out = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True, text=True, check=True)
        assert json.loads(out.stdout) == expected
        assert expected[0] == lrlab.i18n.text_in(lang, "overflow")
    assert view.check_labels(None)["overflow"] == "overflow"


def test_text_fallback_says_what_the_explorer_shows():
    ex = LearningRateExplorer()
    _, text = ex._repr_mimebundle_()[0], ex._repr_mimebundle_()[0]["text/plain"]
    assert text.startswith("Learning-rate explorer: η = 0.2 on the loss (w + 1)², w from 5 to -1.000000")
    assert "object at 0x" not in text
    assert repr(DecayExplorer()).startswith("Decay explorer: η₀ = 0.9, decay rate γ = 0.9")
    assert "T = 100 updates (tol = 0.001)" in repr(ScheduleMap())


def test_tiny_lr_range_keeps_distinct_positive_rates():
    ex = LearningRateExplorer(3e-14, lr_range=(1e-14, 1e-13))
    assert all(r > 0 for r in ex.rates) and len(set(ex.rates)) == len(ex.rates) > 10
    assert ex.learning_rate == 3e-14
    assert rate_options(1e-20, 1e-19)[0] == 1e-20


def test_a_thousand_events_flat_memory_no_stacked_observers():
    ex = LearningRateExplorer()
    observers = _n_observers(ex, "index"), _n_observers(ex, "step")
    for i in range(100):
        ex.index = (i * 7) % len(ex.rates)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for i in range(1000):
        ex.index = (i * 7) % len(ex.rates)
        ex.step = i % 41
        ex.readout()
    gc.collect()
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert grown < 200_000, f"memory grew by {grown} bytes"
    assert (_n_observers(ex, "index"), _n_observers(ex, "step")) == observers
    second = LearningRateExplorer()
    assert (_n_observers(second, "index"), _n_observers(second, "step")) == observers
    ex.close()
    assert ex.comm is None


def test_labels_can_be_translated():
    ex = LearningRateExplorer(
        labels={"learning_rate": "学习率", "regime:glides": "平稳下降", "readout": "第 {step} 步: w = {w}"}
    )
    assert ex.labels["learning_rate"] == "学习率" and ex.regimes[ex.index] == "平稳下降"
    assert ex.readout().startswith("第 0 步: w = 5.000000")
    assert view.LABELS["learning_rate"] == "learning rate η"  # defaults untouched


# ---------------------------------------------------------------- DecayExplorer


def test_decay_plane_is_every_rate_and_decay_rate_from_lrlab():
    ex = DecayExplorer(learning_rate=0.9, decay_rate=0.9)
    ex.decay_steps_index = ex.decay_steps_options.index(3)
    ex.staircase = True
    assert ex.plane_key == [ex.decay_steps_index, True]
    nr, nd = len(ex.rates), len(ex.decay_rates)
    plane = _floats(ex.w, (nr, nd, ex.steps + 1))
    for i, j in [(ex.index, ex.decay_index), (0, 0), (nr - 1, nd - 1), (ex.rates.index(0.5), 20)]:
        sched = lrlab.exponential_decay(ex.rates[i], 3, ex.decay_rates[j], staircase=True)
        run = lrlab.descend(sched)
        np.testing.assert_array_equal(plane[i, j], run.w)
        # the browser's rate: float32(η₀) × the float32 factor it receives, exactly lrlab's rate
        factors = _floats(ex.factors, (nd, ex.steps))[j]
        np.testing.assert_array_equal(np.float32(ex.rates[i]) * factors, run.lr)
    ghost = _floats(ex.ghost_w, (nr, ex.steps + 1))
    np.testing.assert_array_equal(ghost[ex.index], lrlab.descend(0.9).w)


def test_decay_line_holds_every_decay_steps_and_staircase_at_the_current_point():
    ex = DecayExplorer(learning_rate=0.5, decay_rate=0.95)
    ex.index, ex.decay_index = ex.rates.index(1.5), ex.decay_rates.index(0.8)
    assert ex.sline_key == [ex.index, ex.decay_index]
    ns = len(ex.decay_steps_options)
    w = _floats(ex.sline_w, (ns, 2, ex.steps + 1))
    factors = _floats(ex.sline_factors, (ns, 2, ex.steps))
    for s in (1, 7, 20):
        for stair in (False, True):
            run = lrlab.descend(lrlab.exponential_decay(1.5, s, 0.8, staircase=stair))
            n = ex.decay_steps_options.index(s)
            np.testing.assert_array_equal(w[n, int(stair)], run.w)
            np.testing.assert_array_equal(np.float32(1.5) * factors[n, int(stair)], run.lr)


def test_decay_readout_and_limit():
    ex = DecayExplorer(learning_rate=0.9, decay_rate=0.9)
    ex.decay_index = ex.decay_rates.index(0.8)
    ex.step = 12
    sched = lrlab.exponential_decay(0.9, 1, 0.8)
    run = lrlab.descend(sched)
    text = ex.readout()
    assert f"w = {run.w[12]:.6f}" in text and f"rate used = {run.lr[12]:.6f}" in text
    assert f"w would stop near {lrlab.frozen_limit(sched):.3f}" in text
    ex.decay_index = ex.decay_rates.index(1.0)
    assert "stop near" not in ex.readout()  # no decay: no frozen limit


def test_decay_explorer_offers_every_legal_value():
    ex = DecayExplorer(learning_rate=5, decay_rate=0.3, decay_steps=2.5)
    assert ex.learning_rate == 5.0 and ex.decay_rate == 0.3 and ex.decay_steps == 2.5
    run = lrlab.descend(lrlab.exponential_decay(5, 2.5, 0.3))
    np.testing.assert_array_equal(ex.run_now(), run.w)


def test_decay_explorer_own_sliders_raise_no_overflow_warning():
    ex = DecayExplorer()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ex.decay_steps_index = ex.decay_steps_options.index(20)
        ex.decay_index = ex.decay_rates.index(0.995)
        ex.index = ex.rates.index(2.0)
        ex.readout()


def test_decay_view_model_is_the_static_figure():
    ex = DecayExplorer(learning_rate=0.5, decay_rate=0.8, decay_steps=3, staircase=True)
    ex.step = 9
    (x, y), r, d = ex.axes_for()
    fig = ex.figure()
    _axis_matches(fig.axes[0], x, y)
    _axis_matches(fig.axes[1], view.step_axis(ex.steps), r)
    _axis_matches(fig.axes[2], view.step_axis(ex.steps), d)
    rate_line = [ln for ln in fig.axes[1].lines if ln.get_color() == view.COLORS["rate"]][0]
    assert rate_line.get_drawstyle() == "steps-post"  # staircase drawn as steps


# ---------------------------------------------------------------- ScheduleMap


def test_schedule_map_data_and_selection():
    m = ScheduleMap(steps=60)
    nl, nd = len(m.learning_rates), len(m.decay_rates)
    np.testing.assert_array_equal(np.frombuffer(m.codes, np.uint8).reshape(nl, nd), m.map.codes)
    np.testing.assert_array_equal(_floats(m.final_w, (nl, nd)), m.map.final_w)
    m.select(1.0, 1.0)
    assert m.learning_rates[m.i] == 1.0 and m.decay_rates[m.j] == 1.0
    assert m.cross == [m.i, m.j]
    col = _floats(m.col_w, (nl, 61))
    row = _floats(m.row_w, (nd, 61))
    np.testing.assert_array_equal(col[m.i], m.trajectory.w)
    np.testing.assert_array_equal(row[m.j], m.trajectory.w)
    for i in (0, 50, nl - 1):  # the column holds every initial rate at the selected decay rate
        np.testing.assert_array_equal(col[i], m.map.trajectory(i, m.j).w)
    assert f"outcome: {m.map.outcome(m.i, m.j)}" in m.readout()


def test_schedule_map_w_panel_shows_the_whole_run_to_the_minimum():
    m = ScheduleMap()
    for lr, dr in [(0.3, 0.9), (1.9, 0.99), (0.05, 1.0), (1.0, 0.8)]:
        m.select(lr, dr)
        axis = m.w_axis()
        w = m.trajectory.w[np.isfinite(m.trajectory.w)]
        assert axis.lo <= min(w.min(), -1.0) and axis.hi >= max(w.max(), -1.0)
        fig = m.figure()
        _axis_matches(fig.axes[1], view.step_axis(m.steps), axis)
    title = fig.axes[0].get_title()
    assert "T = 100" in title and "tol = 0.001" in title
    x, y = view.map_axes(m.map.learning_rates, m.map.decay_rates)
    _axis_matches(fig.axes[0], x, y)
    assert m.axes["map_x"] == x.to_json() and m.axes["map_y"] == y.to_json()
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == list(lrlab.outcomes.OUTCOMES) == m.outcome_names


# ---------------------------------------------------------------- budget


@pytest.mark.parametrize(
    "make",
    [
        lambda: LearningRateExplorer(),
        lambda: LearningRateExplorer(steps=1000, lr_range=(1e-4, 2)),
        lambda: DecayExplorer(),
        lambda: DecayExplorer(steps=100),
        lambda: ScheduleMap(),
        lambda: ScheduleMap(steps=1000),
    ],
    ids=["rate", "rate-1000", "decay", "decay-100", "map", "map-1000"],
)
def test_widget_state_stays_under_two_megabytes(make):
    ex = make()
    assert ex.state_bytes() <= MAX_STATE_BYTES
    state = ex.get_state()
    binary = sum(len(v) for v in state.values() if isinstance(v, bytes))
    text = sum(
        len(json.dumps(v, default=str).encode())
        for k, v in state.items()
        if not isinstance(v, bytes) and not k.startswith("_")
    )
    stored = sum(4 * -(-len(v) // 3) for v in state.values() if isinstance(v, bytes))  # base64 in a notebook
    assert stored + text == ex.state_bytes()
    assert binary > text  # the bulk goes as binary buffers, not JSON lists


def test_too_much_data_is_refused_naming_the_argument():
    with pytest.raises(ValueError, match=r"`steps` must be small enough for the explorer's 2 MB"):
        LearningRateExplorer(steps=10_000)
    with pytest.raises(ValueError, match=r"`steps` must be an int between 1 and 1,000"):
        DecayExplorer(steps=1001)
    assert DecayExplorer(steps=1000).state_bytes() <= MAX_STATE_BYTES
    assert len(DecayExplorer(steps=100).decay_rates) < len(DecayExplorer(steps=40).decay_rates)
