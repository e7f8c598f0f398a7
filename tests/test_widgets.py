"""Explorers driven directly from Python: setting ``slider.value`` fires the observers."""

import gc
import re
import tracemalloc
from types import SimpleNamespace

import numpy as np
import pytest
from matplotlib._pylab_helpers import Gcf

import lrlab
from lrlab.widgets import LABELS, DecayExplorer, LearningRateExplorer, ScheduleMap


def _n_observers(widget):
    return len(widget._trait_notifiers.get("value", {}).get("change", []))


def test_rate_slider_is_log_scale_with_exact_presets():
    ex = LearningRateExplorer()
    values = np.array([v for _, v in ex.lr_slider.options])
    assert values[0] == 1e-4 and values[-1] == 2.0 and np.all(np.diff(values) > 0)
    assert {0.0001, 0.2, 0.5, 0.8, 1.0, 1.05} <= set(values)
    ratios = values[1:] / values[:-1]
    assert ratios.max() < 1.07  # about 40 positions per decade


def test_rate_slider_redraws_with_lrlab_numbers():
    ex = LearningRateExplorer(0.2)
    ex.lr_slider.value = 0.8
    ex.step_slider.value = 5
    expected = lrlab.descend(ex.learning_rate)
    np.testing.assert_array_equal(ex.trajectory.w, expected.w)
    path_x, path_y = ex.parabola.artists["path"].get_data()
    np.testing.assert_array_equal(path_x, expected.w[:6].astype(float))
    np.testing.assert_array_equal(path_y, expected.loss[:6].astype(float))
    np.testing.assert_array_equal(ex.parabola.artists["point"].get_xdata(), [float(expected.w[5])])
    np.testing.assert_array_equal(ex.loss_curve.artists["line"].get_ydata(), expected.loss.astype(float))
    assert f"w = {expected.w[5]:.6f}" in ex.readout.value
    assert "zig-zags" in ex.readout.value


def test_presets_give_exact_rates_and_regime_names():
    ex = LearningRateExplorer()
    for rate, name in [(0.5, "one step"), (1.0, "bounces"), (0.0001, "creeps"), (1.05, "diverges")]:
        ex.presets.value = rate
        assert ex.learning_rate == rate
        assert f"regime: {name}" in ex.readout.value
    ex.lr_slider.value = ex.lr_slider.options[100][1]
    assert ex.presets.value is None  # the preset is no longer the rate on show


def test_bounce_and_creep_readouts():
    ex = LearningRateExplorer(1.0)
    ex.step_slider.value = 1
    assert "w = -7.000000" in ex.readout.value
    ex.step_slider.value = 40
    assert "w = 5.000000" in ex.readout.value
    ex.lr_slider.value = 0.0001
    assert "w = 4.952183" in ex.readout.value


def test_divergent_run_keeps_readable_axes_and_says_so():
    ex = LearningRateExplorer(2.0, steps=60)
    ex.step_slider.value = 60
    assert ex.parabola.artists["status"].get_text() == f"diverged at step {ex.trajectory.diverged_at}"
    for ax in ex.figure.axes:
        assert np.all(np.isfinite(ax.get_xlim())) and np.all(np.isfinite(ax.get_ylim()))
    assert "overflow" in ex.readout.value


def test_a_thousand_events_one_figure_flat_memory():
    ex = LearningRateExplorer()
    n_lines = [len(ax.lines) for ax in ex.figure.axes]
    observers = _n_observers(ex.lr_slider), _n_observers(ex.step_slider)
    rates = [v for _, v in ex.lr_slider.options][::3][:50]
    for i in range(100):  # warm up caches
        ex.lr_slider.value = float(rates[i % 50])
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for i in range(1000):
        ex.lr_slider.value = float(rates[(i * 7) % 50])
        ex.step_slider.value = i % 41
    gc.collect()
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert grown < 500_000, f"memory grew by {grown} bytes"
    assert Gcf.get_num_fig_managers() == 0  # nothing registered with pyplot
    assert len(ex.figure.axes) == 2 and [len(ax.lines) for ax in ex.figure.axes] == n_lines
    assert (_n_observers(ex.lr_slider), _n_observers(ex.step_slider)) == observers
    assert ex.draws >= 1000


def test_rerunning_the_cell_does_not_stack_callbacks():
    first = LearningRateExplorer()
    counts = _n_observers(first.lr_slider), _n_observers(first.step_slider)
    second = LearningRateExplorer()
    assert (_n_observers(second.lr_slider), _n_observers(second.step_slider)) == counts
    assert (_n_observers(first.lr_slider), _n_observers(first.step_slider)) == counts
    assert _n_observers(second.step_slider) == 1
    draws = first.draws
    second.lr_slider.value = 0.5
    assert first.draws == draws  # the old explorer does not react
    first.close()
    assert first.canvas.comm is None and first.lr_slider.comm is None


def test_play_is_linked_to_the_step_slider_in_the_browser():
    ex = LearningRateExplorer(steps=30)
    assert ex._link.source == (ex.play, "value") and ex._link.target == (ex.step_slider, "value")
    assert ex.play.max == ex.step_slider.max == 30


def test_decay_explorer_draws_lrlab_numbers_with_ghost():
    ex = DecayExplorer(learning_rate=0.9, decay_rate=0.9)
    ex.decay_slider.value = 0.8
    ex.decay_steps_slider.value = 3
    ex.staircase_box.value = True
    ex.step_slider.value = 12
    sched = lrlab.exponential_decay(0.9, 3, 0.8, staircase=True)
    expected = lrlab.descend(sched)
    np.testing.assert_array_equal(ex.trajectory.w, expected.w)
    np.testing.assert_array_equal(ex.rate_curve.artists["line"].get_ydata(), expected.lr.astype(float))
    np.testing.assert_array_equal(ex.rate_curve.artists["ghost"].get_ydata(), np.full(40, np.float32(0.9)))
    ghost_x = ex.parabola.artists["ghost"].get_xdata()
    np.testing.assert_array_equal(ghost_x, lrlab.descend(0.9).w[:13].astype(float))
    assert f"w would stop near {lrlab.frozen_limit(sched):.3f}" in ex.readout.value
    assert f"rate used = {expected.lr[12]:.6f}" in ex.readout.value


def test_schedule_map_selection_by_slider_and_click():
    m = ScheduleMap(steps=60)
    m.select(1.0, 1.0)
    i, j = m.i_slider.value, m.j_slider.value
    assert m.map.learning_rates[i] == 1.0 and m.map.decay_rates[j] == 1.0
    assert "outcome: bounces" in m.readout.value
    np.testing.assert_array_equal(m.run_view.artists["line"].get_ydata(), m.trajectory.w.astype(float))
    click = SimpleNamespace(inaxes=m.image.axes, xdata=0.9, ydata=0.3)
    m._on_click(click)
    assert m.map.nearest(0.3, 0.9) == (m.i_slider.value, m.j_slider.value)
    np.testing.assert_array_equal(m.marker.get_xdata(), [m.map.decay_rates[m.j_slider.value]])
    m._on_click(SimpleNamespace(inaxes=None, xdata=None, ydata=None))  # a click outside is ignored


def test_labels_can_be_translated():
    ex = LearningRateExplorer(labels={"learning_rate": "学习率", "regime:glides": "平稳下降"})
    assert ex.lr_slider.description == "学习率"
    assert "平稳下降" in ex.readout.value
    assert LABELS["learning_rate"] == "learning rate η"  # defaults untouched


@pytest.mark.parametrize(
    ("make", "exc", "message"),
    [
        (lambda: LearningRateExplorer(-0.1), ValueError, "`learning_rate` must be finite and > 0. Received: learning_rate=-0.1"),
        (lambda: LearningRateExplorer(steps=0), ValueError, "`steps` must be an int between 1 and 10,000. Received: steps=0"),
        (lambda: LearningRateExplorer(lr_range=(1, 0.1)), ValueError, "`lr_range` must be (low, high) with low < high"),
        (lambda: LearningRateExplorer(labels="zh"), TypeError, "`labels` must be a dict of texts. Received: labels='zh'"),
        (lambda: LearningRateExplorer(labels={"nope": "x"}), ValueError, "unknown: ['nope']"),
        (lambda: DecayExplorer(decay_rate=0), ValueError, "`decay_rate` must be > 0 and <= 1. Received: decay_rate=0"),
        (lambda: DecayExplorer(staircase="no"), TypeError, "Received: staircase='no'"),
        (lambda: LearningRateExplorer(interval=0), ValueError, "Received: interval=0"),
    ],
)
def test_explorers_reject_bad_arguments(make, exc, message):
    with pytest.raises(exc, match=re.escape(message)):
        make()
