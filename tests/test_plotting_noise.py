"""lrlab.plotting, noisy gradients: the static pictures of notebook 04, checked on their artists (not pixels)."""

import numpy as np
import pytest
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure

import lrlab
from lrlab import descent, losses, outcomes, tables, view
from lrlab import plotting as pn
from lrlab.view import OKABE_ITO


def _legend_texts(fig):
    texts = [t.get_text() for leg in fig.legends for t in leg.get_texts()]
    for ax in fig.axes:
        if ax.get_legend() is not None:
            texts += [t.get_text() for t in ax.get_legend().get_texts()]
    return texts


@pytest.fixture(scope="module")
def frames():
    return view.noise_frames((0.05, 0.2), (2.0,), steps=40, shown=6, seed=1)


def test_noise_floor_figure_draws_runs_mean_and_floor(frames):
    fig = pn.noise_floor_figure(frames, [frames.index(0.2, 2.0), frames.index(0.05, 2.0)])
    assert isinstance(fig, Figure)
    for ax, i in zip(fig.axes, (1, 0), strict=True):
        assert ax.get_yscale() == "log"
        lines = ax.get_lines()
        faint = [ln for ln in lines if ln.get_color() == pn.FAINT_COLOR]
        assert len(faint) == 6
        np.testing.assert_allclose(faint[0].get_ydata(), frames.faint[i, 0, 0].astype(float))
        mean = next(ln for ln in lines if ln.get_color() == pn.MEAN_COLOR)
        np.testing.assert_allclose(mean.get_ydata(), frames.mean[i, 0].astype(float))
        floor = next(ln for ln in lines if ln.get_linestyle() == "--")
        assert floor.get_ydata()[0] == pytest.approx(float(frames.floor[i, 0]))
        assert "σ = 2" in ax.get_title()
    texts = _legend_texts(fig)
    assert texts == [e.label for e in view.noise_legend(view.default_labels(), shown=6)]
    title = fig._suptitle.get_text()
    assert "T = 40 updates" in title and "6 seeded runs" in title


def test_zero_losses_are_left_out_of_log_axes():
    fr = view.noise_frames((0.5,), (0.5,), steps=5, shown=2, seed=0)  # η = 0.5 lands, then noise only
    fig = pn.noise_floor_figure(fr, [(0, 0)])
    for line in fig.axes[0].get_lines():
        y = np.asarray(line.get_ydata(), dtype=float)
        assert not np.any(y <= 0)


def test_noise_floor_figure_rejects_bad_input(frames):
    with pytest.raises(TypeError, match=r"`frames` must be an lrlab NoiseFrames"):
        pn.noise_floor_figure("frames", [(0, 0)])
    with pytest.raises(ValueError, match=r"`panels` must be a non-empty list"):
        pn.noise_floor_figure(frames, [])
    with pytest.raises(ValueError, match=r"`i` must be an int between 0 and 1"):
        pn.noise_floor_figure(frames, [(2, 0)])


def test_schedules_noise_figure_draws_the_exact_expected_loss_above_the_bound():
    schedules = {
        "constant": 0.2,
        "exponential": lrlab.exponential_decay(0.2, 1, 0.98),
        "optimal": lrlab.optimal_schedule(noise=2.0),
    }
    fig = pn.schedules_noise_figure(schedules, noise=2.0, steps=100, marks=(30, 100))
    ax_r, ax_l = fig.axes
    assert ax_r.get_yscale() == "log" and ax_l.get_yscale() == "log"
    rate_lines = [ln for ln in ax_r.get_lines() if ln.get_linestyle() == "-"]
    np.testing.assert_allclose(rate_lines[1].get_ydata(), lrlab.exponential_decay(0.2, 1, 0.98)(np.arange(100)))
    band, *loss_lines = [ln for ln in ax_l.get_lines() if ln.get_linestyle() == "-"]
    np.testing.assert_allclose(loss_lines[0].get_ydata(), lrlab.expected_loss(0.2, steps=100, noise=2.0))
    bound = [lrlab.best_possible_loss(k, noise=2.0) for k in range(101)]
    np.testing.assert_allclose(band.get_ydata(), bound)
    np.testing.assert_allclose(loss_lines[2].get_ydata(), bound, rtol=1e-9)  # the optimal schedule is the bound
    assert _legend_texts(fig) == [
        "constant",
        "exponential",
        "optimal",
        "the lowest any schedule can reach at each update",
        "horizons read in the table",
    ]
    title = fig._suptitle.get_text()
    assert "σ = 2" in title and "w₀ = 5" in title and "T = 100 updates" in title
    lo, hi = ax_l.get_ylim()
    assert np.isfinite([lo, hi]).all() and lo <= min(bound) and hi >= 36


def test_schedules_noise_figure_keeps_the_rate_axis_readable():
    fig = pn.schedules_noise_figure({"fast": lrlab.exponential_decay(0.2, 1, 0.5), "flat": 0.1}, noise=1.0, steps=200)
    lo, hi = fig.axes[0].get_ylim()
    assert hi / lo == pytest.approx(1e8)  # 0.2 · 0.5^199 ≈ 2e-61 leaves the axis


@pytest.mark.parametrize(
    ("schedules", "kwargs", "exc", "match"),
    [
        ({}, {}, TypeError, r"`schedules` must be a non-empty dict"),
        ({1: 0.2}, {}, TypeError, r"`schedules` must be a dict whose keys are names"),
        ({str(k): 0.1 for k in range(8)}, {}, ValueError, r"`schedules` must be at most 7 schedules"),
        ({"a": 0.2}, {"noise": 0.0}, ValueError, r"`noise` must be finite and > 0. Received: noise=0.0"),
        ({"a": 0.2}, {"marks": (101,)}, ValueError, r"`marks` must be an int between 0 and 100"),
        ({"a": -0.2}, {}, ValueError, r"`learning_rate`"),
    ],
)
def test_schedules_noise_figure_rejects_bad_input(schedules, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        pn.schedules_noise_figure(schedules, **({"noise": 2.0, "steps": 100} | kwargs))


def test_noisy_map_figure():
    m = outcomes.noisy_map([0.05, 0.3, 2.0], [0.9, 1.0], noise=1.0, steps=100)
    fig = pn.noisy_map_figure(m)
    ax = fig.axes[0]
    mesh = ax.collections[0]
    assert isinstance(mesh.norm, LogNorm) and mesh.norm.vmax == m.start_loss
    np.testing.assert_array_equal(np.ma.filled(mesh.get_array(), np.nan).ravel() > 0, ~m.worse_than_start.ravel())
    assert ax.get_yscale() == "log"
    assert ax.get_title() == "exact expected loss after T = 100 updates from w₀ = 5, noise σ = 1"
    texts = _legend_texts(fig)
    i, j = m.best()
    assert texts == ["ends above the loss at w₀ (36)", f"lowest expected loss ({m.expected_loss[i, j]:.3g})"]
    worse = np.ma.masked_invalid(ax.collections[1].get_array())
    assert worse.count() == int(m.worse_than_start.sum()) >= 1
    assert "after 100 updates" in fig.axes[1].get_ylabel()
    (best,) = [ln for ln in ax.get_lines() if ln.get_marker() == "X"]
    assert (best.get_xdata()[0], best.get_ydata()[0]) == (m.decay_rates[j], m.learning_rates[i])


def test_warmup_figure_marks_overflow_and_exact_arrival():
    bowl = losses.QuarticBowl()
    steep = lrlab.descend(0.4, loss=bowl, steps=60)
    warm = lrlab.descend(
        lrlab.join([lrlab.linear_schedule(0.01, 0.4, 30), lrlab.constant(0.4)], [30]), loss=bowl, steps=60
    )
    fig = pn.warmup_figure(steep, warm)
    ax_r, ax_d = fig.axes
    assert ax_d.get_yscale() == "log"
    np.testing.assert_allclose(ax_r.get_lines()[1].get_ydata(), warm.lr)
    texts = _legend_texts(fig)
    assert texts == ["constant rate", "warmup", "last finite value before the loss overflowed", "reached c exactly"]
    markers = {ln.get_marker() for ln in ax_d.get_lines()}
    assert {"^", "v"} <= markers
    with pytest.raises(TypeError, match=r"`constant_run and warmup_run` must be single runs"):
        pn.warmup_figure(outcomes.seeded_runs(0.2, noise=1.0, runs=2, steps=3), warm)


def test_epochs_figure_draws_a_staircase_as_steps():
    s = tables.mnist_schedule()
    fig = pn.epochs_figure(s, 275, first_epochs=3, epochs=10)
    ax_k, ax_e = fig.axes
    line = ax_k.get_lines()[0]
    assert line.get_drawstyle() == "steps-post"
    np.testing.assert_allclose(line.get_ydata(), s(np.arange(3 * 275)))
    np.testing.assert_allclose(ax_e.get_lines()[0].get_ydata(), s(np.arange(10) * 275))
    assert len([ln for ln in ax_k.get_lines() if ln.get_linestyle() == ":"]) == 2
    smooth = pn.epochs_figure(lrlab.exponential_decay(0.1, 275, 0.99), 275, first_epochs=2, epochs=4)
    assert smooth.axes[0].get_lines()[0].get_drawstyle() == "default"
    with pytest.raises(TypeError, match=r"`schedule` must be an lrlab schedule"):
        pn.epochs_figure(0.1, 275)


def test_line_fit_figure():
    x, y = descent.line_data(40, seed=2)
    fits = {"constant": descent.minibatch_sgd(x, y, 0.1, batch_size=10, epochs=6, runs=3)}
    fig = pn.line_fit_figure(x, y, fits)
    ax_d, ax_l = fig.axes[:2]
    assert ax_l.get_yscale() == "log"
    np.testing.assert_allclose(ax_l.get_lines()[0].get_ydata(), fits["constant"].epoch_excess())
    texts = _legend_texts(fig)
    assert "40 data points" in texts and "final line, constant" in texts and "constant" in texts
    with pytest.raises(TypeError, match=r"`fits` must be a non-empty dict"):
        pn.line_fit_figure(x, y, {})


def test_colours_are_okabe_ito():
    allowed = set(OKABE_ITO.values())
    assert set(pn.SCHEDULE_COLORS) <= allowed
    # the noise explorer's lines are its legend's swatches too: each readable on white (WCAG AA, 4.5:1)
    assert all(view.contrast(c) >= 4.5 for c in (pn.FLOOR_COLOR, pn.FAINT_COLOR, pn.MEAN_COLOR))


def test_no_pyplot():
    from pathlib import Path

    source = Path(pn.__file__).read_text()
    assert "import matplotlib.pyplot" not in source and "from matplotlib import pyplot" not in source
    assert "plt." not in source


@pytest.mark.parametrize("panels", [[(0, 0)], [(0, 0), (1, 0)]])
def test_noise_floor_figure_keeps_its_title_and_legend_inside(frames, panels):
    fig = pn.noise_floor_figure(frames, panels)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    inside = fig.bbox.expanded(1.001, 1.001)
    for artist in (fig._suptitle, fig.legends[0]):
        box = artist.get_window_extent(renderer)
        assert inside.x0 <= box.x0 and box.x1 <= inside.x1, artist
    assert ("\n" in fig._suptitle.get_text()) is (len(panels) == 1)
