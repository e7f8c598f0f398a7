"""Static pictures: drawn from the view model, honest axes (true log, no fake floor), legends for markers,
colour-blind-safe colours; GIFs checked before any frame is drawn."""

import io
import re

import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from PIL import Image

import lrlab
from lrlab import view
from lrlab.animation import MAX_FRAMES, save_gif
from lrlab.cli import main
from lrlab.outcomes import OUTCOMES, outcome_map
from lrlab.plotting import (
    decay_figure,
    descent_figure,
    outcome_map_figure,
    picture,
    regimes_figure,
    schedules_figure,
    to_png,
)


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


def test_png_is_reproducible_and_shows_in_notebooks():
    def make():
        return descent_figure(lrlab.descend(0.2, steps=5))

    png = to_png(make())
    assert png.startswith(b"\x89PNG") and png == to_png(make())
    assert picture(make()).data == png


def test_helpers_refuse_batches():
    with pytest.raises(TypeError, match="single-run"):
        descent_figure(lrlab.descend(np.array([0.1, 0.2])))


def test_gif_has_one_frame_per_step(tmp_path):
    out = save_gif(lrlab.descend(0.2, steps=4), tmp_path / "d.gif", fps=5)
    with Image.open(out) as im:
        assert im.n_frames == 5


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


def test_cli_animate(tmp_path, capsys):
    target = tmp_path / "decay.gif"
    assert main(["animate", "--lr", "0.5", "--decay-rate", "0.8", "--steps", "3", "-o", str(target)]) == 0
    assert target.exists() and "wrote" in capsys.readouterr().err


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


def test_gif_path_too_long_for_the_file_system_is_refused_by_name(tmp_path):
    with pytest.raises(ValueError, match=r"`path` must be a path the file system accepts .*Received: path="):
        save_gif(lrlab.descend(0.2, steps=2), tmp_path / ("a" * 300 + ".gif"))


def test_gif_progress_is_reported_frame_by_frame(tmp_path):
    seen = []
    save_gif(lrlab.descend(0.2, steps=3), tmp_path / "d.gif", progress=lambda i, n: seen.append((i, n)))
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4)]
    with pytest.raises(TypeError, match="`progress` must be None or a callable"):
        save_gif(lrlab.descend(0.2, steps=3), tmp_path / "d.gif", progress=3)


def test_png_is_a_small_palette_image_of_the_same_picture():
    from PIL import Image

    fig = descent_figure(lrlab.descend(0.2))
    full = io.BytesIO()
    fig.savefig(full, format="png", dpi=100)
    png = Image.open(io.BytesIO(to_png(fig)))
    assert png.mode == "P" and len(png.getpalette()) // 3 <= 256
    reference = np.asarray(Image.open(full).convert("RGB"), dtype=float)
    assert png.size == reference.shape[1::-1]
    assert np.abs(np.asarray(png.convert("RGB"), dtype=float) - reference).mean() < 2.0  # of 255
    assert len(to_png(fig)) < 0.6 * len(full.getvalue())
