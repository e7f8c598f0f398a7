"""Explorers driven from plain Python: setting a trait (as the browser does) moves what they show.

The view model each one sends the browser is checked against lrlab's own runs (every run the knobs reach fits
the axes it is given) and against the static matplotlib picture of the same state; the budget of stored
state, and the text a reader without a browser renderer gets. The noise explorer's view model
(lrlab.view.noise_frames) is checked against lrlab's seeded runs, the exact expected loss and lrlab.noise_floor.
(tests/test_explorer_js.py runs the browser code; tests/test_contract.py the rejected arguments.)
"""

import gc
import json
import re
import tracemalloc

import numpy as np
import pytest
from matplotlib.figure import Figure

import lrlab
from lrlab import view
from lrlab.outcomes import OUTCOMES
from lrlab.widgets import (
    MAX_STATE_BYTES,
    DecayExplorer,
    LearningRateExplorer,
    NoiseExplorer,
    ScheduleMap,
    rate_options,
    renderer,
)


def _axis_matches(ax, x: view.Axis, y: view.Axis):
    """The matplotlib axes show exactly the view model's spans, scales, ticks and tick labels."""
    for axis, which in ((x, "x"), (y, "y")):
        assert getattr(ax, f"get_{which}scale")() == axis.scale
        np.testing.assert_allclose(getattr(ax, f"get_{which}lim")(), (axis.lo, axis.hi), rtol=1e-12)
        np.testing.assert_allclose(getattr(ax, f"get_{which}ticks")(), axis.ticks, rtol=1e-12)
        assert [t.get_text() for t in getattr(ax, f"get_{which}ticklabels")()] == list(axis.labels)
        assert getattr(ax, f"get_{which}label")() == axis.title


def _holds(axis: view.Axis, values) -> bool:
    """Every finite value the axis can show (positive ones, on a log axis) lies inside its span."""
    v = np.asarray(values, dtype=np.float64)
    v = v[np.isfinite(v)]
    if axis.scale == "log":
        v = v[v > 0]
    return bool(np.all((v >= axis.lo) & (v <= axis.hi)))


def _n_observers(widget, name):
    return len(widget._trait_notifiers.get(name, {}).get("change", []))


@pytest.fixture(scope="module")
def made_once():
    """The explorers that are slow to make (the decay explorer and the map run every setting their knobs reach),
    made once for this file."""
    return {"decay": DecayExplorer(), "map": ScheduleMap(), "noise": NoiseExplorer(steps=60, shown=5)}


def _at_first_view(ex):
    first = {k: getattr(ex, k) for k in (*ex.KNOBS, "step", "staircase") if ex.has_trait(k)}
    yield ex
    for knob, value in first.items():  # whatever a test moved, the next one finds the explorer as it was made
        setattr(ex, knob, value)


@pytest.fixture
def decay(made_once):
    """``DecayExplorer()``, its knobs where it starts."""
    yield from _at_first_view(made_once["decay"])


@pytest.fixture
def schedule_map(made_once):
    """``ScheduleMap()``, its selection where it starts."""
    yield from _at_first_view(made_once["map"])


@pytest.fixture
def noise(made_once):
    """``NoiseExplorer(steps=60, shown=5)``, its knobs where it starts."""
    yield from _at_first_view(made_once["noise"])


# ---------------------------------------------------------------- LearningRateExplorer


def test_rate_options_are_log_scale_with_exact_presets():
    ex = LearningRateExplorer()
    values = np.array(ex.rates)
    assert values[0] == 1e-4 and values[-1] == 2.0 and np.all(np.diff(values) > 0)
    assert (values[1:] / values[:-1]).max() < 1.07  # about 40 positions per decade
    assert [ex.rates[i] for i in ex.view["presets"]] == [0.0001, 0.2, 0.5, 0.8, 1.0, 1.05]
    assert ex.view["rate_texts"] == [view.rate_text(r) for r in ex.rates]


def test_first_view_shows_the_whole_run(decay):
    for ex in (LearningRateExplorer(), decay):
        assert ex.step == ex.steps == 40


def test_the_browser_gets_the_view_model_and_no_runs():
    ex = LearningRateExplorer()
    state = ex.get_state()
    assert not [k for k, v in state.items() if isinstance(v, bytes)]  # the browser computes every run itself
    assert ex.view["loss"] == {"curvature": 2.0, "centre": -1.0, "a": 1.0} and ex.view["w0"] == 5.0
    names = [ex.view["regime_names"][n] for n in ex.view["regimes"]]
    assert names == [lrlab.regime(r) for r in ex.rates]


def test_every_run_fits_the_axes_it_is_given():
    ex = LearningRateExplorer()
    batch = lrlab.descend(np.array(ex.rates))
    for i in range(0, len(ex.rates), 7):
        (x, y), d = ex.axes_for(i)
        w = batch.w[:, i]
        reach = view.CHART_REACH * 6.0
        assert _holds(x, w[np.abs(w + 1) <= reach]) and x.lo <= -1 <= x.hi
        assert _holds(d, view.distance(w, lrlab.SEED_LOSS))
        sent = ex.view["axes"]["parabola"][ex.view["parabola_axis"][i]]
        assert sent == [x.to_json(), y.to_json()]


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


def test_view_model_is_the_static_figure():
    ex = LearningRateExplorer(0.8)
    ex.step = 7
    (x, y), d = ex.axes_for()
    fig = ex.figure()
    _axis_matches(fig.axes[0], x, y)
    _axis_matches(fig.axes[1], view.step_axis(ex.steps), d)
    assert d.scale == "log"
    for rate in (0.2, 0.5, 0.8):  # "reached c exactly" is listed when the run lands on c (the browser does too)
        ex.index = ex.rates.index(rate)
        legend = [t.get_text() for t in ex.figure().legends[0].get_texts()]
        lands = view.first_exact(ex.trajectory.w, lrlab.SEED_LOSS) >= 0
        assert legend == [e["label"] for e in ex.legend if lands or e["marker"] != "v"], rate


def test_divergent_runs_keep_finite_axes_and_say_so():
    ex = LearningRateExplorer(2.0, steps=60)
    run = lrlab.descend(2.0, steps=60)
    assert run.diverged_at is not None
    (x, y), d = ex.axes_for()
    assert all(np.isfinite([x.lo, x.hi, y.lo, y.hi, d.lo, d.hi]))
    assert "overflow" in ex.readout()
    assert ex.figure().axes[0].texts[0].get_text() == f"diverged at step {run.diverged_at}"


def test_distance_axis_is_a_true_log_axis_without_fake_floor():
    ex = LearningRateExplorer(0.5)  # one step: w lands on c exactly, the distance is 0 from step 1 on
    (_, _), d = ex.axes_for()
    assert d.scale == "log" and d.lo > 0
    line = [ln for ln in ex.figure().axes[1].lines if ln.get_color() == view.COLORS["path"]][0]
    assert np.isnan(line.get_ydata()[1:]).all()  # zeros are left out, not drawn at a floor


def test_tiny_lr_range_keeps_distinct_positive_rates():
    ex = LearningRateExplorer(3e-14, lr_range=(1e-14, 1e-13))
    assert all(r > 0 for r in ex.rates) and len(set(ex.rates)) == len(ex.rates) > 10
    assert ex.learning_rate == 3e-14
    assert rate_options(1e-20, 1e-19)[0] == 1e-20


def test_many_events_keep_memory_flat_and_stack_no_observers():
    """Memory is measured after a first round of events under the same tracing, so the runs lrlab keeps (a
    bounded cache) are traced on both sides and only what piles up per event shows: at most 150 bytes each."""
    ex = LearningRateExplorer()
    observers = _n_observers(ex, "index"), _n_observers(ex, "step")

    def events(first, count):
        for i in range(first, first + count):
            ex.index = (i * 7) % len(ex.rates)
            ex.step = i % 41
            ex.readout()

    tracemalloc.start()
    try:
        events(0, 100)
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        events(100, 200)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 200 * 150, f"memory grew by {grown} bytes in 200 events"
    assert (_n_observers(ex, "index"), _n_observers(ex, "step")) == observers
    ex.close()
    assert ex.comm is None


def test_labels_can_be_translated():
    ex = LearningRateExplorer(
        labels={"learning_rate": "学习率", "regime:glides": "平稳下降", "readout": "第 {step} 步: w = {w}"}
    )
    assert ex.labels["learning_rate"] == "学习率" and ex.view["regime_names"][0] != "平稳下降"
    assert ex.regime == "平稳下降"
    assert ex.readout().startswith("第 40 步: w = -1.000000")
    assert view.LABELS["learning_rate"] == "learning rate η"  # defaults untouched


def test_text_fallback_says_what_the_explorer_shows(decay, schedule_map, noise):
    text = LearningRateExplorer()._repr_mimebundle_()[0]["text/plain"]
    assert text.startswith("Learning-rate explorer: η = 0.2 on the loss (w + 1)², w from 5 to -1.000000")
    assert "object at 0x" not in text and "run the notebook" not in text.lower()
    assert repr(decay).startswith("Decay explorer: η₀ = 0.9, decay rate γ = 0.9")
    assert "T = 100 updates (tol = 0.001)" in repr(schedule_map)
    text = repr(noise)
    assert text.startswith("Noise explorer: η = ") and "T = 60 updates" in text and "5 seeded runs" in text
    assert "run the notebook" not in text.lower()


# ---------------------------------------------------------------- DecayExplorer


def test_decay_axes_hold_every_choice_of_the_other_knobs(decay):
    """The browser picks axes by the initial rate alone: they hold the run for every decay rate, decay steps and
    staircase choice (so they stay put while those knobs move)."""
    ex = decay
    rng = np.random.default_rng(2)
    for _ in range(40):
        ex.index = int(rng.integers(len(ex.rates)))
        ex.decay_index = int(rng.integers(len(ex.decay_rates)))
        ex.decay_steps_index = int(rng.integers(len(ex.decay_steps_options)))
        ex.staircase = bool(rng.integers(2))
        (x, _), r, d = ex.axes_for()
        w = ex.trajectory.w
        near = np.abs(w.astype(float) + 1) <= view.CHART_REACH * 6.0
        assert _holds(x, w[near]), (ex.learning_rate, ex.decay_rate)
        assert _holds(d, view.distance(w, ex.loss)) and _holds(d, view.distance(ex.ghost.w, ex.loss))
        assert _holds(r, ex.trajectory.lr) and r.lo == 0


def test_decay_readout_and_where_w_stops(decay):
    ex = decay  # learning_rate=0.9, decay_rate=0.9
    assert (ex.learning_rate, ex.decay_rate) == (0.9, 0.9)
    ex.decay_index = ex.decay_rates.index(0.8)
    ex.step = 12
    sched = lrlab.exponential_decay(0.9, 1, 0.8)
    run = lrlab.descend(sched)
    text = ex.readout()
    assert f"w = {run.w[12]:.6f}" in text and f"rate used = {run.lr[12]:.6f}" in text
    assert f"w would stop near {lrlab.frozen_limit(sched):.3f}" in text
    assert ex.limit() == pytest.approx(lrlab.frozen_limit(sched), abs=1e-6)
    ex.decay_index = ex.decay_rates.index(1.0)
    assert "stop near" not in ex.readout() and ex.limit() is None  # no decay: w does not stop
    # it overflows first (the limit runs a horizon of its own, whatever the explorer's steps)
    assert DecayExplorer(learning_rate=1000, decay_rate=0.9, steps=1).limit() is None


def _set_decay_knobs(ex, learning_rate, decay_rate, decay_steps, staircase):
    ex.index = ex.rates.index(learning_rate)
    ex.decay_index = ex.decay_rates.index(decay_rate)
    ex.decay_steps_index = ex.decay_steps_options.index(decay_steps)
    ex.staircase = staircase


def test_where_w_stops_agrees_with_the_theory(decay):
    for lr, s, gamma, stair in [
        (0.1, 1, 0.5, False),
        (0.9, 20, 0.995, False),
        (1.5, 3, 0.7, True),
        (0.2, 7, 0.9, True),
    ]:
        _set_decay_knobs(decay, lr, gamma, s, stair)
        assert (decay.learning_rate, decay.decay_steps, decay.decay_rate, decay.staircase) == (lr, s, gamma, stair)
        assert decay.limit() == pytest.approx(lrlab.frozen_limit(decay.schedule), abs=5e-5)  # float32 stops early


def test_decay_view_model_is_the_static_figure(decay):
    ex = decay
    _set_decay_knobs(ex, learning_rate=0.5, decay_rate=0.8, decay_steps=3, staircase=True)
    ex.step = 9
    (x, y), r, d = ex.axes_for()
    fig = ex.figure()
    _axis_matches(fig.axes[0], x, y)
    _axis_matches(fig.axes[1], view.step_axis(ex.steps), r)
    _axis_matches(fig.axes[2], view.step_axis(ex.steps), d)
    rate_line = [ln for ln in fig.axes[1].lines if ln.get_color() == view.COLORS["rate"]][0]
    assert rate_line.get_drawstyle() == "steps-post"  # staircase drawn as steps


def test_decay_explorer_marks_the_current_rate_as_its_own_legend_entry(decay):
    keys = {e.get("key"): e for e in decay.legend}
    assert keys["rate_point"]["label"] == "rate now" and keys["point"]["label"] == "w now"
    assert (keys["rate_point"]["marker"], keys["rate_point"]["color"]) == view.MARKS["rate_point"]
    assert "rate_point" not in {e.get("key") for e in LearningRateExplorer().legend}


# ---------------------------------------------------------------- ScheduleMap


def test_schedule_map_data_and_selection():
    m = ScheduleMap(steps=60)
    nl, nd = len(m.learning_rates), len(m.decay_rates)
    np.testing.assert_array_equal(np.frombuffer(m.codes, np.uint8).reshape(nl, nd), m.map.codes)
    m.select(1.0, 1.0)
    assert m.learning_rates[m.i] == 1.0 and m.decay_rates[m.j] == 1.0
    assert f"outcome: {m.map.outcome(m.i, m.j)}" in m.readout()
    assert f"w after 60 updates = {m.trajectory.w[-1]:.6f}" in m.readout()


def test_map_panel_shows_the_whole_run_and_the_tolerance(schedule_map):
    m = schedule_map
    index = np.frombuffer(m.distance_axis, np.uint8).reshape(len(m.learning_rates), len(m.decay_rates))
    rng = np.random.default_rng(4)
    for i, j in [(0, 0), (115, 80), *zip(rng.integers(116, size=30), rng.integers(81, size=30), strict=True)]:
        m.i, m.j = int(i), int(j)
        axis = m.distance_axis_now()
        assert m.view["axes"]["distance"][index[i, j]] == axis.to_json()
        assert _holds(axis, view.distance(m.trajectory.w, m.map.loss))
        assert axis.lo <= m.map.tol / 10 and axis.scale == "log"


def test_the_first_view_says_what_the_picture_shows(schedule_map):
    """At the map's first point the run stops short of the minimum by more than the tolerance: the readout says
    "frozen", and the picture's distance panel levels off above the tolerance line."""
    m = schedule_map
    d = view.distance(m.trajectory.w, m.map.loss).astype(float)
    assert m.outcome == "frozen" and d[-1] > m.map.tol and d[-1] / d[-20] > 0.99
    assert m.readout().endswith("outcome: frozen")


def test_map_figure_and_legend(schedule_map):
    m = schedule_map
    fig = m.figure()
    x, y = view.map_axes(m.map.learning_rates, m.map.decay_rates)
    _axis_matches(fig.axes[0], x, y)
    assert m.view["axes"]["map_x"] == x.to_json() and m.view["axes"]["map_y"] == y.to_json()
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == list(OUTCOMES) == m.view["outcome_names"]
    assert [e["label"] for e in m.legend][: len(OUTCOMES)] == legend
    assert "T = 100" in fig.axes[0].get_title() and "tol = 0.001" in fig.axes[0].get_title()


# ---------------------------------------------------------------- NoiseExplorer and its view model


def test_noise_frames_hold_every_knob_position():
    fr = view.noise_frames((0.05, 0.2), (1.0, 2.0), steps=50, shown=5, seed=2)
    assert fr.faint.shape == (2, 2, 5, 51) and fr.mean.shape == (2, 2, 51) and fr.floor.shape == (2, 2)
    assert fr.faint.dtype == np.float32 and fr.draws.dtype == np.float32 and fr.draws.shape == (5, 50)
    np.testing.assert_allclose(fr.floor, lrlab.noise_floor(np.array([[0.05], [0.2]]), np.array([[1.0, 2.0]])))
    assert np.all(fr.faint[..., 0] == 36) and np.all(fr.mean[..., 0] == 36)
    assert fr.index(0.2, 1.0) == (1, 0)
    x_axis, y_axis = fr.axes()
    assert y_axis.scale == "log" and y_axis.lo <= fr.floor.min() and y_axis.hi >= fr.mean.max()
    assert x_axis.lo <= 0 and x_axis.hi >= 50


def test_every_setting_uses_the_same_seeded_draws():
    """The faint runs of each (η, σ) are lrlab.descend's runs with that seed; their noise is sigma × the draws."""
    fr = view.noise_frames((0.05, 0.3), (0.5, 4.0), steps=30, shown=3, seed=7)
    for i, eta in enumerate(fr.learning_rates):
        for j, sigma in enumerate(fr.noises):
            run = lrlab.descend(float(eta), w0=np.full(3, 5.0), steps=30, noise=float(sigma), seed=7)
            np.testing.assert_array_equal(fr.faint[i, j], np.asarray(run.loss).T)
            noise = run.grad - lrlab.SEED_LOSS.grad(run.w[:-1])
            np.testing.assert_allclose(noise, np.float32(sigma) * fr.draws.T, rtol=1e-5, atol=1e-5)


def test_the_mean_is_the_exact_expected_loss():
    """The mean over many seeded runs comes close to the exact expected loss; after many updates it is the floor."""
    fr = view.noise_frames((0.2,), (2.0,), steps=200, shown=2)
    many = lrlab.descend(0.2, w0=np.full(20_000, 5.0), steps=200, noise=2.0, seed=11)
    mean = np.asarray(many.loss, dtype=np.float64).mean(axis=1)
    spread = np.asarray(many.loss, dtype=np.float64).std(axis=1) / np.sqrt(20_000)
    assert np.all(np.abs(mean - fr.mean[0, 0]) <= 5 * spread + 1e-9)
    assert fr.mean[0, 0, -1] == pytest.approx(lrlab.noise_floor(0.2, 2.0), rel=1e-9)


def test_noise_frames_reject_bad_knobs():
    with pytest.raises(ValueError, match=r"`learning_rates` must be rates below the bounce rate 2/f″ = 1"):
        view.noise_frames((0.5, 1.2), (1.0,))
    with pytest.raises(ValueError, match=r"`shown` must be an int between 1 and 1,000"):
        view.noise_frames((0.2,), (1.0,), shown=0)
    fr = view.noise_frames((0.2,), (1.0,), steps=5, shown=1)
    with pytest.raises(ValueError, match=r"`noise` must be one of the knob's noise levels \[1.0\]. Received: noise=3"):
        fr.index(0.2, 3)


def test_the_browser_gets_each_seeds_draws(noise):
    ex = noise
    draws = np.frombuffer(ex.draws, dtype=np.float32).reshape(3, 5, 60)
    for n, seed in enumerate(ex.view["seeds"]):
        np.testing.assert_array_equal(draws[n], view.noise_frames((0.2,), (2.0,), steps=60, shown=5, seed=seed).draws)
    assert ex.view["seeds"] == [0, 1, 2] and ex.kind == "noise" and ex.state_bytes() <= MAX_STATE_BYTES
    floors = np.array(ex.view["floors"]).reshape(len(ex.rates), len(ex.noises))
    np.testing.assert_allclose(floors, lrlab.noise_floor(np.array(ex.rates)[:, None], np.array(ex.noises)[None, :]))


def test_knobs_move_the_numbers_on_show(noise):
    ex = noise
    ex.index, ex.noise_index, ex.seed_index = ex.rates.index(0.05), ex.noises.index(1.0), 0
    assert (ex.learning_rate, ex.noise, ex.seed) == (0.05, 1.0, 0)
    assert ex.floor == pytest.approx(lrlab.noise_floor(0.05, 1.0))
    exact = view.expected_loss(0.05, 1.0, w0=5.0, steps=60, loss=lrlab.SEED_LOSS)[-1]
    assert ex.readout() == (
        f"η = 0.05, σ = 1 · floor = {lrlab.noise_floor(0.05, 1.0):.6f} · expected loss after 60 updates = {exact:.6f}"
    )
    ex.seed_index = 2
    assert ex.frames.seed == 2 and not np.array_equal(ex.frames.draws, view.noise_frames(steps=60, shown=5).draws)


@pytest.mark.parametrize(
    ("trait", "value", "match"),
    [
        ("index", 99, r"`index` must be an int between 0 and 8. Received: index=99"),
        ("noise_index", -1, r"`noise_index` must be an int between 0 and 4. Received: noise_index=-1"),
        ("seed_index", 3, r"`seed_index` must be an int between 0 and 2. Received: seed_index=3"),
    ],
)
def test_knob_positions_are_checked(trait, value, match):
    e = NoiseExplorer(steps=10, shown=2)
    with pytest.raises(ValueError, match=match):
        setattr(e, trait, value)


def test_the_settings_asked_for_are_offered_exactly():
    e = NoiseExplorer(0.15, 3.0, steps=10, shown=2, seed=40, seeds=2)
    assert e.learning_rate == 0.15 and e.noise == 3.0 and e.view["seeds"] == [40, 41]
    assert 0.15 in e.rates and 3.0 in e.noises and e.view["rate_texts"][e.index] == "0.15"


def test_labels_can_be_replaced():
    e = NoiseExplorer(steps=10, shown=2, labels={"noise": "Rauschen σ", "expected": "Erwartungswert"})
    assert e.labels["noise"] == "Rauschen σ"
    assert [x["label"] for x in e.legend][1] == "Erwartungswert"
    texts = [t.get_text() for leg in e.figure().legends for t in leg.get_texts()]
    assert texts[1] == "Erwartungswert", "the static picture uses the same texts"


def test_a_steeper_bowl():
    bowl = lrlab.Quadratic(a=4, centre=2)
    e = NoiseExplorer(0.1, 1.0, steps=10, shown=2, loss=bowl)
    assert max(e.rates) < bowl.bounce_rate
    assert e.floor == pytest.approx(lrlab.noise_floor(0.1, 1.0, bowl))
    assert e.view["loss"] == {"curvature": 8.0, "centre": 2.0, "a": 4.0}


def test_static_picture_is_the_same_view(noise):
    ex = noise
    ex.index, ex.noise_index = ex.rates.index(0.2), ex.noises.index(2.0)
    fig = ex.figure()
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    ax = fig.axes[0]
    assert ax.get_yscale() == "log" and "η = 0.2, σ = 2" in ax.get_title()
    mean = [ln for ln in ax.get_lines() if ln.get_linewidth() > 2][0]
    np.testing.assert_allclose(mean.get_ydata(), ex.mean_now())
    texts = [t.get_text() for leg in fig.legends for t in leg.get_texts()]
    assert texts == [x["label"] for x in ex.legend]


def test_unknown_or_malformed_labels_are_refused():
    with pytest.raises(ValueError, match=r"unknown: \['nois'\]"):
        NoiseExplorer(steps=10, shown=2, labels={"nois": "σ"})
    with pytest.raises(TypeError, match=r"`labels` must be a dict of texts. Received: labels=\['x'\]"):
        view.check_labels(["x"])
    full = view.check_labels(None)
    assert set(view.NOISE_LABELS) <= set(full) and "learning_rate" in full


# ---------------------------------------------------------------- budget, colours, glyphs


@pytest.mark.parametrize(
    "make",
    [
        lambda made: LearningRateExplorer(),
        lambda made: LearningRateExplorer(steps=1000),
        lambda made: made["decay"],
        lambda made: DecayExplorer(steps=100),
        lambda made: made["map"],
        lambda made: ScheduleMap(steps=1000),
        lambda made: NoiseExplorer(),
    ],
    ids=["rate", "rate-1000", "decay", "decay-100", "map", "map-1000", "noise"],
)
def test_stored_state_stays_under_fifty_kilobytes(make, made_once):
    ex = make(made_once)
    stored = ex.state_bytes()
    assert stored <= MAX_STATE_BYTES == 50_000
    state = {k: v for k, v in ex.get_state().items() if not k.startswith("_")}  # the renderer's code aside
    text = sum(len(json.dumps(v, ensure_ascii=False).encode()) for v in state.values() if not isinstance(v, bytes))
    binary = sum(4 * -(-len(v) // 3) for v in state.values() if isinstance(v, bytes))  # base64 in a notebook
    assert stored == text + binary


def test_too_much_state_is_refused_naming_the_argument():
    with pytest.raises(ValueError, match=r"`lr_range` must be narrow enough for the explorer's 50,000 bytes"):
        LearningRateExplorer(lr_range=(1e-12, 1e12))
    with pytest.raises(ValueError, match=r"`learning_rates and decay_rates` must be a grid small enough"):
        ScheduleMap(np.geomspace(0.01, 2, 150), np.linspace(0.5, 1, 130))  # its codes alone need 52,000
    with pytest.raises(ValueError, match=r"`steps` must be an int between 1 and 1,000"):
        DecayExplorer(steps=1001)


def test_every_colour_a_text_or_legend_uses_is_readable(decay, schedule_map, noise):
    """WCAG AA: 4.5:1 on white for every line, marker and text colour; area fills (the map's outcomes) get a dark
    rim in the legend instead (drawn by explorer.js with #222222)."""
    for ex in (LearningRateExplorer(), decay, schedule_map, noise):
        for entry in ex.legend:
            colour = "#222222" if entry["marker"] == "square" else entry["color"]
            assert view.contrast(colour) >= 4.5, (type(ex).__name__, entry)
    for name in ("path", "point", "rate", "minimum", "ghost", "exact", "text", "tol", "curve"):
        assert view.contrast(view.COLORS[name]) >= 4.5, name


def test_the_browser_code_uses_no_glyph_a_plain_font_lacks_and_builds_no_html():
    """No emoji or symbol-font glyph (Play/Pause are drawn), no innerHTML: texts go in with textContent."""
    from lrlab.widgets import STATIC

    for name in ("explorer.js", "explorer.css", "theory.js"):
        source = (STATIC / name).read_text(encoding="utf-8")
        assert ".innerHTML" not in source and "insertAdjacentHTML" not in source and "outerHTML" not in source
        odd = {ch for ch in source if ord(ch) > 0x2000 and not 0x2070 <= ord(ch) <= 0x209F}
        assert odd <= set("…·−″→×─ʼ"), (name, odd)
    bundle = renderer()
    # emoji, media-control symbols (⏸ …), dingbats, the emoji presentation selector: no font of a plain Linux
    assert not re.search(r"[\U0001F000-\U0001FFFF\u23E9-\u23FA\u2700-\u27BF\uFE0F]", bundle)
