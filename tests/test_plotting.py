import re

import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image

import lrlab
from lrlab.animation import save_gif
from lrlab.cli import main
from lrlab.outcomes import outcome_map
from lrlab.plotting import (
    descent_figure,
    outcome_map_figure,
    picture,
    regimes_figure,
    schedules_figure,
    to_png,
    visible_span,
)


def test_descent_figure_draws_the_trajectory():
    run = lrlab.descend(0.2)
    fig = descent_figure(run, title="t")
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    path = fig.axes[0].lines[2]
    np.testing.assert_array_equal(path.get_xdata(), run.w.astype(float))
    np.testing.assert_array_equal(fig.axes[1].lines[1].get_ydata(), run.loss.astype(float))


def test_ghost_is_drawn_faintly():
    run = lrlab.descend(lrlab.exponential_decay(0.9, 1, 0.9))
    ghost = lrlab.descend(0.9)
    fig = descent_figure(run, ghost=ghost)
    np.testing.assert_array_equal(fig.axes[0].lines[1].get_xdata(), ghost.w.astype(float))
    np.testing.assert_array_equal(fig.axes[1].lines[0].get_ydata(), ghost.loss.astype(float))


def test_divergent_figure_has_finite_limits_and_a_message():
    run = lrlab.descend(3.0, steps=60)
    fig = descent_figure(run)
    for ax in fig.axes:
        assert np.all(np.isfinite(ax.get_xlim())) and np.all(np.isfinite(ax.get_ylim()))
    assert fig.axes[0].texts[0].get_text() == "diverged at step 27"


def test_visible_span_covers_start_and_minimum():
    lo, hi = visible_span(lrlab.descend(0.2), 0)
    assert lo < -1 and hi > 5


def test_schedules_figure_shows_the_rates():
    smooth = lrlab.exponential_decay(0.1, 10, 0.5)
    fig = schedules_figure({"smooth": smooth, "custom": lambda k: 0.05}, steps=20)
    np.testing.assert_allclose(fig.axes[0].lines[0].get_ydata(), smooth(np.arange(20)))
    np.testing.assert_allclose(fig.axes[1].lines[0].get_ydata(), 0.05)


def test_regimes_figure_titles():
    fig = regimes_figure([0.2, 1.0], steps=4)
    assert [ax.get_title() for ax in fig.axes] == ["η = 0.2: glides", "η = 1: bounces"]


def test_outcome_map_figure():
    m = outcome_map([0.01, 0.2, 1.0, 2.0], [0.5, 1.0], steps=60)
    fig = outcome_map_figure(m)
    mesh = fig.axes[0].collections[0]
    np.testing.assert_array_equal(np.asarray(mesh.get_array()).reshape(4, 2), m.codes)


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


def test_gif_refuses_other_suffixes(tmp_path):
    with pytest.raises(ValueError, match=re.escape("`path` must be a file name ending in .gif")):
        save_gif(lrlab.descend(0.2, steps=2), tmp_path / "d.mp4")


def test_cli_animate(tmp_path, capsys):
    target = tmp_path / "decay.gif"
    assert main(["animate", "--lr", "0.5", "--decay-rate", "0.8", "--steps", "3", "-o", str(target)]) == 0
    assert target.exists() and "wrote" in capsys.readouterr().err
