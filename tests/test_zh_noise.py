"""Notebook 04's pictures and exercises in Chinese: no English left, drawn clean, same numbers."""

from __future__ import annotations

import io
import re
import warnings

import pytest
from matplotlib.text import Text

import lrlab
from lrlab import descent, fonts, i18n, losses, outcomes, tables, view
from lrlab.outcomes import LAB_DECAY_RATES, LAB_RATES
from lrlab.plotting import (
    epochs_figure,
    line_fit_figure,
    noise_floor_figure,
    noisy_map_figure,
    schedules_noise_figure,
    warmup_figure,
)

WORD = re.compile(r"[A-Za-z][A-Za-z_]+")
#: Latin a Chinese picture of notebook 04 may show: the symbol w_T, "warmup" beside 预热 (d2l-zh writes both).
ALLOWED = {"w_T", "warmup"}


def _figures():
    frames = view.noise_frames()
    yield "floor", noise_floor_figure(frames, [frames.index(0.2, 2.0), frames.index(0.05, 2.0)])
    T = 200
    schedules = {"constant": lrlab.constant(0.2), "exponential": lrlab.exponential_decay(0.2, 1, 0.98),
                 "cosine": lrlab.cosine_decay(0.2, decay_steps=T)}  # fmt: skip
    yield "schedules", schedules_noise_figure(schedules, noise=2.0, steps=T, marks=(100, T))
    grid = outcomes.noisy_map(LAB_RATES[::10], LAB_DECAY_RATES[::10], noise=2.0, steps=60)
    yield "map", noisy_map_figure(grid)
    bowl = losses.QuarticBowl()
    steep = lrlab.descend(0.4, loss=bowl, steps=60)
    warm = lrlab.join([lrlab.linear_schedule(0.01, 0.4, 30), lrlab.constant(0.4)], [30])
    names = ("constant 0.4", "warmup to 0.4 over 30 updates")
    yield "warmup", warmup_figure(steep, lrlab.descend(warm, loss=bowl, steps=60), names=names)
    yield "epochs", epochs_figure(tables.mnist_schedule(), 275, first_epochs=3, epochs=50)
    x, y = descent.line_data(100, slope=2.0, intercept=1.0, noise=1.0, seed=0)
    fits = {"constant 0.1": descent.minibatch_sgd(x, y, 0.1, batch_size=10, epochs=5, runs=3, seed=1)}
    yield "line", line_fit_figure(x, y, fits)


@pytest.fixture(scope="module")
def chinese_figures():
    """Every picture made in Chinese, by name (the tests read and draw them, never change them)."""
    i18n.set_language("zh")
    try:
        return dict(_figures())
    finally:
        i18n.set_language("en")
        fonts.forget()


def _texts(fig):
    fig.canvas.draw()
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def test_chinese_noise_pictures_have_no_english_and_draw_clean(chinese_figures):
    for name, fig in chinese_figures.items():
        texts = _texts(fig)
        assert any(re.search(r"[\u4e00-\u9fff]", t) for t in texts), name
        stray = {w for t in texts for w in WORD.findall(t)} - ALLOWED
        assert not stray, (name, stray)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            fig.savefig(io.BytesIO(), format="png")


def test_same_numbers_in_both_languages():
    """Both sets made here, neither drawn yet (a drawn figure holds tick labels an undrawn one lacks)."""
    number = re.compile(r"\d+(?:\.\d+)?")
    english = {name: sorted(n for t in _texts(fig) for n in number.findall(t)) for name, fig in _figures()}
    lrlab.set_language("zh")
    chinese = {name: sorted(n for t in _texts(fig) for n in number.findall(t)) for name, fig in _figures()}
    assert chinese == english


def test_names_passed_by_the_notebook_are_translated(chinese_figures):
    legend = [t.get_text() for t in chinese_figures["warmup"].legends[0].get_texts()]
    assert legend[:2] == [i18n.CATALOGUE["zh"]["phrase:constant 0.4"],
                          i18n.CATALOGUE["zh"]["phrase:warmup to 0.4 over 30 updates"]]  # fmt: skip


def test_the_noise_explorers_text_fallback_follows_the_language():
    from lrlab.widgets import NoiseExplorer

    english = NoiseExplorer()._repr_text()
    i18n.set_language("zh")
    chinese = NoiseExplorer()._repr_text()
    assert english.startswith("Noise explorer: η = 0.2, σ = 2") and "0.250000" in english
    assert chinese.startswith("噪声探索器") and "0.250000" in chinese
    # only symbols are Latin in the Chinese text (w0 = the start, T = the horizon)
    assert set(WORD.findall(chinese)) <= {"w0"}, WORD.findall(chinese)
