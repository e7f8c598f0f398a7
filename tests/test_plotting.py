"""lrlab.plotting: the static pictures, drawn from the view model and checked on their artists: honest axes (true
log, no fake floor), legends for markers, colour-blind-safe colours. One section per kind of picture: one run and
its schedule (notebooks 01 to 03), noisy gradients (04), optimizers (05); then PNGs, and GIFs checked before any
frame is drawn."""

import io
import re
from pathlib import Path

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LogNorm, to_hex
from matplotlib.figure import Figure
from PIL import Image

import lrlab
from lrlab import descent, losses, outcomes, plotting, tables, view
from lrlab.animation import MAX_FRAMES, save_gif
from lrlab.cli import main
from lrlab.optimizers import course, keras, momentum_converges, tf1, torch
from lrlab.outcomes import OUTCOMES, outcome_map
from lrlab.plotting import (
    RHO_COLORS,
    RHO_EDGES,
    decay_figure,
    descent_figure,
    momentum_map,
    momentum_map_figure,
    optimizer_name,
    optimizers_figure,
    outcome_map_figure,
    picture,
    regimes_figure,
    schedules_figure,
    to_png,
)
from lrlab.view import OKABE_ITO

# --- one run and its schedule: notebooks 01 to 03 -----------------------------------------------------------


def _path_line(ax):
    return next(ln for ln in ax.lines if to_hex(ln.get_color()) == view.COLORS["path"].lower())


def test_descent_figure_draws_the_trajectory_on_view_model_axes():
    run = lrlab.descend(0.2)
    fig = descent_figure(run, title="t")
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    np.testing.assert_array_equal(_path_line(fig.axes[0]).get_xdata(), run.w.astype(float))
    ((x, y),) = view.parabola_axes(run.w, run.loss_fn)[0]
    assert fig.axes[0].get_xlim() == (x.lo, x.hi) and list(fig.axes[0].get_xticks()) == list(x.ticks)
    assert x.lo <= -1 and x.hi >= 5  # the start and the minimum are on the chart


def test_loss_panel_is_a_true_log_axis_of_the_distance():
    run = lrlab.descend(0.2)
    ax = descent_figure(run).axes[1]
    assert ax.get_yscale() == "log"
    d = np.abs(run.w - np.float32(-1)).astype(float)
    shown = _path_line(ax).get_ydata()
    np.testing.assert_array_equal(shown[d > 0], d[d > 0])
    assert np.isnan(shown[d == 0]).all()
    assert all(t > 0 for t in ax.get_yticks())


def test_exact_zeros_are_left_out_and_marked():
    run = lrlab.descend(0.5, dtype=np.float64)  # lands on c at step 1
    fig = descent_figure(run)
    shown = _path_line(fig.axes[1]).get_ydata()
    assert shown[0] == 6.0 and np.isnan(shown[1:]).all()
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels == ["w, step by step", "w now", "minimum (w = c)", "reached c exactly"]
    assert "reached c exactly" not in [t.get_text() for t in descent_figure(lrlab.descend(0.1)).legends[0].get_texts()]


def test_ghost_and_its_legend():
    run = lrlab.descend(lrlab.exponential_decay(0.9, 1, 0.9))
    ghost = lrlab.descend(0.9)
    fig = descent_figure(run, ghost=ghost)
    grey = [ln for ln in fig.axes[0].lines if to_hex(ln.get_color()) == view.COLORS["ghost"].lower()]
    np.testing.assert_array_equal(grey[0].get_xdata(), ghost.w.astype(float))
    assert "constant η₀ (no decay)" in [t.get_text() for t in fig.legends[0].get_texts()]


def test_decay_figure_draws_smooth_rates_smooth_and_staircase_as_steps():
    smooth = decay_figure(lrlab.descend(lrlab.exponential_decay(0.9, 3, 0.8)))
    stairs = decay_figure(lrlab.descend(lrlab.exponential_decay(0.9, 3, 0.8, staircase=True)), staircase=True)
    rate = lambda fig: next(ln for ln in fig.axes[1].lines if to_hex(ln.get_color()) == view.COLORS["rate"].lower())  # noqa: E731
    assert rate(smooth).get_drawstyle() == "default" and rate(stairs).get_drawstyle() == "steps-post"


def _marks(ax):
    """(marker, colour) of every marker-only artist of a panel (the current w, the current rate, the minimum…)."""
    return {
        (ln.get_marker(), to_hex(ln.get_color()))
        for ln in ax.lines
        if ln.get_linestyle() == "None" and ln.get_marker() not in ("None", None, "") and len(ln.get_xdata())
    }


def test_every_marker_of_the_decay_figure_has_its_own_legend_entry():
    run = lrlab.descend(lrlab.exponential_decay(0.9, 3, 0.8), steps=20)
    fig = decay_figure(run, ghost=lrlab.descend(0.9, steps=20), step=7)
    handles = {t.get_text(): h for t, h in zip(fig.legends[0].get_texts(), fig.legends[0].legend_handles, strict=True)}
    legend = {(h.get_marker(), to_hex(h.get_color())): label for label, h in handles.items()}
    for ax in fig.axes:
        for mark in _marks(ax):
            assert mark in legend, (ax.get_ylabel(), mark, legend)
    (rate_mark,) = _marks(fig.axes[1])
    assert legend[rate_mark] == "rate now"  # not "w now": the middle panel's marker is the current rate
    assert {legend[m] for m in _marks(fig.axes[0])} == {"w now", "minimum (w = c)"}
    assert rate_mark != next(m for m, label in legend.items() if label == "w now")
    with lrlab.i18n.language("zh"):
        assert lrlab.fonts.figure_language() != "zh" or "当前的学习率" in [
            t.get_text() for t in decay_figure(run).legends[0].get_texts()
        ]
    # the plain descent picture has no rate panel and no "rate now" entry
    assert "rate now" not in [t.get_text() for t in descent_figure(run).legends[0].get_texts()]


@pytest.mark.parametrize("make", [descent_figure, decay_figure])
def test_the_minimum_star_shows_above_the_current_w(make):
    run = lrlab.descend(0.5, dtype=np.float64, steps=6)  # w sits exactly at c from step 1 on
    fig = make(run)
    ax = fig.axes[0]
    star = next(ln for ln in ax.lines if ln.get_marker() == "*")
    dot = next(ln for ln in ax.lines if ln.get_marker() == "o" and ln.get_linestyle() == "None")
    assert star.get_zorder() > dot.get_zorder()
    assert dot.get_xdata()[0] == run.loss_fn.centre  # the dot is where the star is
    image = Image.open(io.BytesIO(to_png(fig))).convert("RGB")
    x, y = ax.transData.transform((run.loss_fn.centre, 0.0))
    r, g, b = image.getpixel((int(round(x)), image.height - int(round(y))))
    assert f"#{r:02x}{g:02x}{b:02x}" == view.COLORS["minimum"].lower()


def test_divergent_figure_has_finite_limits_and_a_message():
    run = lrlab.descend(3.0, steps=60)
    fig = descent_figure(run)
    for ax in fig.axes:
        assert np.all(np.isfinite(ax.get_xlim())) and np.all(np.isfinite(ax.get_ylim()))
    assert fig.axes[0].texts[0].get_text() == f"diverged at step {run.diverged_at}"


def test_schedules_figure_smooth_and_staircase():
    smooth = lrlab.exponential_decay(0.1, 10, 0.5)
    stairs = lrlab.exponential_decay(0.1, 10, 0.5, staircase=True)
    fig = schedules_figure({"smooth": smooth, "stairs": stairs, "custom": lambda k: 0.05}, steps=20)
    np.testing.assert_allclose(fig.axes[0].lines[0].get_ydata(), smooth(np.arange(20)))
    assert fig.axes[0].lines[0].get_drawstyle() == "default"
    assert fig.axes[1].lines[0].get_drawstyle() == "steps-post"
    np.testing.assert_allclose(fig.axes[2].lines[0].get_ydata(), 0.05)


def test_regimes_figure_titles():
    fig = regimes_figure([0.2, 1.0], steps=4)
    assert [ax.get_title() for ax in fig.axes] == ["η = 0.2: glides", "η = 1: bounces"]


def test_outcome_map_figure_names_T_tol_and_every_outcome_in_okabe_ito():
    m = outcome_map([0.01, 0.2, 1.0, 2.0], [0.5, 1.0], steps=60)
    fig = outcome_map_figure(m)
    ax = fig.axes[0]
    np.testing.assert_array_equal(np.asarray(ax.collections[0].get_array()).reshape(4, 2), m.codes)
    assert ax.get_title() == "outcome after T = 60 updates (tol = 0.001)"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(OUTCOMES)
    okabe_ito = {c.lower() for c in view.OKABE_ITO.values()}
    assert {view.OUTCOME_COLORS[o].lower() for o in OUTCOMES} <= okabe_ito
    assert len({view.OUTCOME_COLORS[o] for o in OUTCOMES}) == len(OUTCOMES)
    assert ax.get_yscale() == "log"


def test_nice_ticks():
    assert view.nice_ticks(-2, 7) == (-2.0, 0.0, 2.0, 4.0, 6.0)
    assert view.nice_ticks(0, 1) == (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
    assert view.linear_axis(0, 0.5).labels == ("0", "0.1", "0.2", "0.3", "0.4", "0.5")
    assert view.log_axis(-8, 1).labels == ("10⁻⁸", "10⁻⁶", "10⁻⁴", "10⁻²", "1")
    with pytest.raises(ValueError, match="lo < hi"):
        view.nice_ticks(1, 1)


def test_helpers_refuse_batches():
    with pytest.raises(TypeError, match="single-run"):
        descent_figure(lrlab.descend(np.array([0.1, 0.2])))


def test_per_update_axes_say_update_not_step():
    """The x-axes of the per-update panels use the notebooks' word: "update k" (w_k, η_k at k)."""
    run = lrlab.descend(lrlab.exponential_decay(0.9, 3, 0.8), steps=20)
    decay = decay_figure(run)
    per_update = [descent_figure(run).axes[1], decay.axes[1], decay.axes[2]]
    per_update.append(schedules_figure({"smooth": lrlab.exponential_decay(0.9, 3, 0.8)}).axes[0])
    assert [ax.get_xlabel() for ax in per_update] == ["update k"] * 4
    assert decay.axes[0].get_xlabel() == "w"
    assert view.step_axis(20).title == "update k" and lrlab.i18n.text_in("zh", "update_axis") == "第 k 次更新"
    with lrlab.i18n.language("zh"):
        assert view.step_axis(20).title == "第 k 次更新"


# --- noisy gradients: the pictures of notebook 04 -----------------------------------------------------------


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
    fig = plotting.noise_floor_figure(frames, [frames.index(0.2, 2.0), frames.index(0.05, 2.0)])
    assert isinstance(fig, Figure)
    for ax, i in zip(fig.axes, (1, 0), strict=True):
        assert ax.get_yscale() == "log"
        lines = ax.get_lines()
        faint = [ln for ln in lines if ln.get_color() == plotting.FAINT_COLOR]
        assert len(faint) == 6
        np.testing.assert_allclose(faint[0].get_ydata(), frames.faint[i, 0, 0].astype(float))
        mean = next(ln for ln in lines if ln.get_color() == plotting.MEAN_COLOR)
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
    fig = plotting.noise_floor_figure(fr, [(0, 0)])
    for line in fig.axes[0].get_lines():
        y = np.asarray(line.get_ydata(), dtype=float)
        assert not np.any(y <= 0)


def test_noise_floor_figure_rejects_bad_input(frames):
    with pytest.raises(TypeError, match=r"`frames` must be an lrlab NoiseFrames"):
        plotting.noise_floor_figure("frames", [(0, 0)])
    with pytest.raises(ValueError, match=r"`panels` must be a non-empty list"):
        plotting.noise_floor_figure(frames, [])
    with pytest.raises(ValueError, match=r"`i` must be an int between 0 and 1"):
        plotting.noise_floor_figure(frames, [(2, 0)])


def test_schedules_noise_figure_draws_the_exact_expected_loss_above_the_bound():
    schedules = {
        "constant": 0.2,
        "exponential": lrlab.exponential_decay(0.2, 1, 0.98),
        "optimal": lrlab.optimal_schedule(noise=2.0),
    }
    fig = plotting.schedules_noise_figure(schedules, noise=2.0, steps=100, marks=(30, 100))
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
    fig = plotting.schedules_noise_figure(
        {"fast": lrlab.exponential_decay(0.2, 1, 0.5), "flat": 0.1}, noise=1.0, steps=200
    )
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
        plotting.schedules_noise_figure(schedules, **({"noise": 2.0, "steps": 100} | kwargs))


def test_noisy_map_figure():
    m = outcomes.noisy_map([0.05, 0.3, 2.0], [0.9, 1.0], noise=1.0, steps=100)
    fig = plotting.noisy_map_figure(m)
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
    fig = plotting.warmup_figure(steep, warm)
    ax_r, ax_d = fig.axes
    assert ax_d.get_yscale() == "log"
    np.testing.assert_allclose(ax_r.get_lines()[1].get_ydata(), warm.lr)
    texts = _legend_texts(fig)
    assert texts == ["constant rate", "warmup", "last finite value before the loss overflowed", "reached c exactly"]
    markers = {ln.get_marker() for ln in ax_d.get_lines()}
    assert {"^", "v"} <= markers
    with pytest.raises(TypeError, match=r"`constant_run and warmup_run` must be single runs"):
        plotting.warmup_figure(outcomes.seeded_runs(0.2, noise=1.0, runs=2, steps=3), warm)


def test_epochs_figure_draws_a_staircase_as_steps():
    s = tables.mnist_schedule()
    fig = plotting.epochs_figure(s, 275, first_epochs=3, epochs=10)
    ax_k, ax_e = fig.axes
    line = ax_k.get_lines()[0]
    assert line.get_drawstyle() == "steps-post"
    np.testing.assert_allclose(line.get_ydata(), s(np.arange(3 * 275)))
    np.testing.assert_allclose(ax_e.get_lines()[0].get_ydata(), s(np.arange(10) * 275))
    assert len([ln for ln in ax_k.get_lines() if ln.get_linestyle() == ":"]) == 2
    smooth = plotting.epochs_figure(lrlab.exponential_decay(0.1, 275, 0.99), 275, first_epochs=2, epochs=4)
    assert smooth.axes[0].get_lines()[0].get_drawstyle() == "default"
    with pytest.raises(TypeError, match=r"`schedule` must be an lrlab schedule"):
        plotting.epochs_figure(0.1, 275)


def test_line_fit_figure():
    x, y = descent.line_data(40, seed=2)
    fits = {"constant": descent.minibatch_sgd(x, y, 0.1, batch_size=10, epochs=6, runs=3)}
    fig = plotting.line_fit_figure(x, y, fits)
    ax_d, ax_l = fig.axes[:2]
    assert ax_l.get_yscale() == "log"
    np.testing.assert_allclose(ax_l.get_lines()[0].get_ydata(), fits["constant"].epoch_excess())
    texts = _legend_texts(fig)
    assert "40 data points" in texts and "final line, constant" in texts and "constant" in texts
    with pytest.raises(TypeError, match=r"`fits` must be a non-empty dict"):
        plotting.line_fit_figure(x, y, {})


def test_colours_are_okabe_ito():
    allowed = set(OKABE_ITO.values())
    assert set(plotting.SCHEDULE_COLORS) <= allowed
    # the noise explorer's lines are its legend's swatches too: each readable on white (WCAG AA, 4.5:1)
    assert all(view.contrast(c) >= 4.5 for c in (plotting.FLOOR_COLOR, plotting.FAINT_COLOR, plotting.MEAN_COLOR))


@pytest.mark.parametrize("panels", [[(0, 0)], [(0, 0), (1, 0)]])
def test_noise_floor_figure_keeps_its_title_and_legend_inside(frames, panels):
    fig = plotting.noise_floor_figure(frames, panels)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    inside = fig.bbox.expanded(1.001, 1.001)
    for artist in (fig._suptitle, fig.legends[0]):
        box = artist.get_window_extent(renderer)
        assert inside.x0 <= box.x0 and box.x1 <= inside.x1, artist
    assert ("\n" in fig._suptitle.get_text()) is (len(panels) == 1)


# --- momentum and adaptive optimizers: the pictures of notebook 05 ------------------------------------------


def test_optimizers_figure_draws_each_run_and_names_each_optimizer():
    opts = [None, course.SGDM(), course.Adam(), keras.SGD(momentum=0.5)]
    fig = optimizers_figure(opts, 0.2, steps=60)
    ax_w, ax_d = fig.axes
    lines = [ln for ln in ax_w.get_lines() if len(ln.get_xdata()) == 61]
    assert len(lines) == len(opts)
    for line, opt in zip(lines, opts, strict=True):
        assert np.array_equal(line.get_ydata(), lrlab.descend(0.2, steps=60, optimizer=opt).w.astype(float))
    texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert texts[:4] == ["plain gradient descent", "course.SGDM()", "course.Adam()", "keras.SGD(momentum=0.5)"]
    assert ax_d.get_yscale() == "log"
    assert fig.get_suptitle() == "η = 0.2 on (w + 1)² from w₀ = 5, 60 updates"
    assert optimizer_name(torch.Adam(betas=(0.9, 0.99))) == "torch.Adam(betas=(0.9, 0.99))"
    assert optimizer_name(tf1.Momentum(momentum=0.9)) == "tf1.Momentum(momentum=0.9)"


@pytest.mark.parametrize("bad", [[], "adam", [None] * 8, [1]])
def test_optimizers_figure_refuses_what_is_not_a_list_of_optimizers(bad):
    with pytest.raises((TypeError, ValueError), match="optimizer"):
        optimizers_figure(bad)


def test_momentum_map_classes_follow_the_theory():
    m = momentum_map()
    assert m.codes.shape == (m.learning_rates.size, m.momenta.size) == (60, 50)
    diverges = m.codes == len(RHO_COLORS) - 1
    assert np.array_equal(diverges, ~momentum_converges(m.learning_rates[:, None], m.momenta[None, :]))
    for k, (lo, hi) in enumerate(zip((0.0, *RHO_EDGES[:-1]), RHO_EDGES, strict=True)):
        inside = m.factor[m.codes == k]
        assert np.all((inside >= lo) & (inside < hi)), k
    assert np.allclose(m.edge([0.0, 0.5]), [1.0, 1.5]) and np.isclose(m.best([0.02])[0], 0.64)
    with pytest.raises(ValueError, match="learning_rates"):
        momentum_map([0.1, 0.05])


def test_momentum_map_figure_draws_the_edge_the_best_momentum_and_the_marks():
    fig = momentum_map_figure(marks=[(0.02, 0.64)])
    ax = fig.axes[0]
    edge, best, mark = ax.get_lines()
    assert np.allclose(edge.get_xdata(), 1 + edge.get_ydata())  # η = 2(1 + β)/f″ with f″ = 2
    x = best.get_xdata()
    ok = x < 2
    assert np.allclose(best.get_ydata()[ok], (1 - np.sqrt(2 * x[ok])) ** 2)
    assert list(mark.get_xdata()) == [0.02] and list(mark.get_ydata()) == [0.64]
    assert ax.get_xscale() == "log"


# --- the module as a whole: PNGs, GIFs, no pyplot -----------------------------------------------------------


def test_png_is_reproducible_and_shows_in_notebooks():
    def make():
        return descent_figure(lrlab.descend(0.2, steps=5))

    png = to_png(make())
    assert png.startswith(b"\x89PNG") and png == to_png(make())
    assert picture(make()).data == png


def test_png_is_a_small_palette_image_of_the_same_picture():
    fig = descent_figure(lrlab.descend(0.2))
    full = io.BytesIO()
    fig.savefig(full, format="png", dpi=100)
    png = Image.open(io.BytesIO(to_png(fig)))
    assert png.mode == "P" and len(png.getpalette()) // 3 <= 256
    reference = np.asarray(Image.open(full).convert("RGB"), dtype=float)
    assert png.size == reference.shape[1::-1]
    assert np.abs(np.asarray(png.convert("RGB"), dtype=float) - reference).mean() < 2.0  # of 255
    assert len(to_png(fig)) < 0.6 * len(full.getvalue())


def test_gif_has_one_frame_per_step_and_reports_each_frame(tmp_path):
    seen = []
    out = save_gif(lrlab.descend(0.2, steps=3), tmp_path / "d.gif", fps=5, progress=lambda i, n: seen.append((i, n)))
    with Image.open(out) as im:
        assert im.n_frames == 4
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4)]
    with pytest.raises(TypeError, match="`progress` must be None or a callable"):
        save_gif(lrlab.descend(0.2, steps=3), tmp_path / "d.gif", progress=3)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("d.mp4", "`path` must be a file name ending in .gif"),
        ("missing/d.gif", "`path` must be in an existing folder"),
        ("folder.gif", "`path` must be a file, not a folder"),
    ],
)
def test_gif_path_is_checked_before_drawing(tmp_path, path, message):
    """Every refusal comes before the first frame is drawn."""
    (tmp_path / "folder.gif").mkdir()
    with pytest.raises(ValueError, match=re.escape(message)):
        save_gif(lrlab.descend(0.2, steps=2), tmp_path / path)
    assert not (tmp_path / "d.mp4").exists()


@pytest.mark.parametrize("steps", [0, MAX_FRAMES])
def test_gif_frame_cap(tmp_path, steps):
    with pytest.raises(ValueError, match=re.escape(f"`traj` must be a run of 1 to {MAX_FRAMES - 1} updates")):
        save_gif(lrlab.descend(0.2, steps=steps), tmp_path / "d.gif")
    assert not (tmp_path / "d.gif").exists()
    with pytest.raises(TypeError, match=re.escape("`path` must be a file path")):
        save_gif(lrlab.descend(0.2, steps=2), 3)


def test_gif_path_too_long_for_the_file_system_is_refused_by_name(tmp_path):
    with pytest.raises(ValueError, match=r"`path` must be a path the file system accepts .*Received: path="):
        save_gif(lrlab.descend(0.2, steps=2), tmp_path / ("a" * 300 + ".gif"))


def test_cli_animate(tmp_path, capsys):
    target = tmp_path / "decay.gif"
    assert main(["animate", "--lr", "0.5", "--decay-rate", "0.8", "--steps", "1", "-o", str(target)]) == 0
    assert target.exists() and "wrote" in capsys.readouterr().err


def test_no_pyplot():
    source = Path(plotting.__file__).read_text()
    assert "import matplotlib.pyplot" not in source and "from matplotlib import pyplot" not in source
    assert "plt." not in source
