"""Explorers and static figures follow lrlab's language: Chinese labels, readouts, regime and outcome names,
figure titles, axis titles and legends; English exactly as before; ``labels=`` still wins."""

from __future__ import annotations

import io
import re
import warnings

import numpy as np
import pytest
from matplotlib.text import Text

import lrlab
from lrlab import fonts, i18n, plotting, view
from lrlab.outcomes import OUTCOMES, outcome_map
from lrlab.widgets import DecayExplorer, LearningRateExplorer, NoiseExplorer, ScheduleMap

ZH = i18n.CATALOGUE["zh"]
WORD = re.compile(r"[A-Za-z][A-Za-z_]+")
#: Latin words a Chinese figure may show: the tolerance's symbol (容差 tol).
ALLOWED = {"tol"}


def _english_words(texts) -> set[str]:
    return {w for t in texts for w in WORD.findall(t)} - ALLOWED


def _figure_texts(fig) -> list[str]:
    fig.canvas.draw()  # tick labels exist once drawn
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def _draws_clean(fig):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(io.BytesIO(), format="png")


@pytest.fixture(scope="module")
def chinese_explorers():
    """One explorer of each kind made in Chinese, by kind, at its first view (the tests only read them)."""
    lrlab.set_language("zh")
    try:
        made = (LearningRateExplorer(), DecayExplorer(staircase=True), ScheduleMap(), NoiseExplorer(steps=20))
        return {ex.kind: ex for ex in made}
    finally:
        lrlab.set_language("en")


# ---------------------------------------------------------------- explorers


def test_explorers_made_in_chinese_carry_the_chinese_labels(chinese_explorers):
    for ex in chinese_explorers.values():
        assert ex.labels == {k: ZH[k] for k in i18n.LABEL_KEYS}
        assert not _english_words([e["label"] for e in ex.legend])
        assert not _english_words([ex.view["description"], ex.view.get("title", "")])


def test_learning_rate_readout_and_regime_names_in_chinese():
    lrlab.set_language("zh")
    ex = LearningRateExplorer(0.8)
    ex.step = 0
    assert ex.readout().startswith("第 0 步：w = 5.000000，损失 = 36.000000")
    assert ex.readout().endswith("情形：" + ZH["regime:zig-zags"])
    assert lrlab.regime(0.8) == "zig-zags"  # the code key stays English
    assert set(ex.view["regime_names"]) <= {ZH[f"regime:{r}"] for r in lrlab.REGIMES}


def test_map_readout_names_the_outcome_in_chinese(chinese_explorers):
    ex = chinese_explorers["map"]
    assert ex.readout().endswith("结果：" + ZH["outcome:frozen"])
    assert [e["label"] for e in ex.legend][: len(OUTCOMES)] == [ZH[f"outcome:{o}"] for o in OUTCOMES]


def test_labels_given_still_win_in_chinese():
    lrlab.set_language("zh")
    ex = LearningRateExplorer(labels={"play": "Go"})
    assert ex.labels["play"] == "Go" and ex.labels["pause"] == ZH["pause"]


def test_english_labels_are_the_defaults():
    assert view.default_labels() == view.LABELS | {f"outcome:{o}": o for o in OUTCOMES}
    assert repr(LearningRateExplorer()).startswith("Learning-rate explorer: η = 0.2")


def test_an_explorer_keeps_its_language():
    lrlab.set_language("zh")
    ex = LearningRateExplorer()
    lrlab.set_language("en")
    assert ex.labels["play"] == ZH["play"]
    assert repr(ex).startswith("学习率探索器") and not _english_words([re.sub(r"\(w \+ 1\)²", "", repr(ex))])
    _draws_clean(ex.figure())  # its Chinese texts get the CJK font although the session is English


def test_no_kernel_texts_in_chinese(chinese_explorers):
    for ex in chinese_explorers.values():
        text = repr(ex)
        assert re.search(r"[\u4e00-\u9fff]", text) and not _english_words([text]), text


def test_overflow_is_said_in_the_language():
    assert view.number(float("inf")) == "overflow"
    lrlab.set_language("zh")
    assert view.number(float("inf")) == "溢出"
    ex = LearningRateExplorer(1.9, steps=400)
    ex.step = 400
    assert "溢出" in ex.readout()


# ---------------------------------------------------------------- static figures


FIGURES = {
    "descent": lambda: plotting.descent_figure(lrlab.descend(0.2), title="η = 0.2: w slides down to −1"),
    "decay": lambda: plotting.decay_figure(
        lrlab.descend(lrlab.exponential_decay(0.9, 1, 0.9)),
        ghost=lrlab.descend(0.9),
        title="η₀ = 0.9, γ = 0.9 (grey: no decay)",
    ),
    "diverging": lambda: plotting.descent_figure(lrlab.descend(1.2, steps=40), step=40),
    "regimes": lambda: plotting.regimes_figure([0.0001, 0.2, 0.5, 0.8, 1.0, 1.05], steps=12),
    "schedules": lambda: plotting.schedules_figure(
        {"smooth": lrlab.exponential_decay(0.1, 10, 0.5), "staircase": lrlab.exponential_decay(0.1, 10, 0.5, True)}
    ),
    "map": lambda: plotting.outcome_map_figure(
        outcome_map(np.geomspace(0.05, 1.5, 12), np.linspace(0.8, 1.0, 9), steps=60)
    ),
    "map explorer": lambda: ScheduleMap(np.geomspace(0.05, 1.5, 12), np.linspace(0.8, 1.0, 9), steps=60).figure(),
}


def _figures(*names):
    """The figures of these names (all of them if none is given), made in the current language."""
    return {name: FIGURES[name]() for name in names or FIGURES}


@pytest.fixture(scope="module")
def chinese_figures():
    """Every figure made in Chinese (the tests read and draw them, never change them)."""
    lrlab.set_language("zh")
    try:
        return _figures()
    finally:
        lrlab.set_language("en")
        fonts.forget()


def test_chinese_figures_have_no_english_and_draw_clean(chinese_figures):
    for name, fig in chinese_figures.items():
        texts = _figure_texts(fig)
        assert any(re.search(r"[\u4e00-\u9fff]", t) for t in texts), name
        assert not _english_words(texts), (name, _english_words(texts))
        _draws_clean(fig)


def test_chinese_titles_come_from_the_catalogue(chinese_figures):
    figs = chinese_figures
    assert figs["descent"]._suptitle.get_text() == ZH["phrase:η = 0.2: w slides down to −1"]
    titles = [ax.get_title() for ax in figs["regimes"].axes]
    assert titles[1] == "η = 0.2：" + ZH["regime:glides"]
    assert [ax.get_title() for ax in figs["schedules"].axes] == [ZH["phrase:smooth"], ZH["phrase:staircase"]]
    assert figs["schedules"].axes[0].get_ylabel() == ZH["fig.learning_rate"]


def test_english_figures_keep_their_texts():
    figs = _figures("descent", "regimes", "schedules")
    assert figs["descent"]._suptitle.get_text() == "η = 0.2: w slides down to −1"
    assert [ax.get_title() for ax in figs["regimes"].axes][1] == "η = 0.2: glides"
    assert [ax.get_title() for ax in figs["schedules"].axes] == ["smooth", "staircase"]
    assert (
        figs["schedules"].axes[0].get_xlabel() == "update k"
        and figs["schedules"].axes[0].get_ylabel() == "learning rate"
    )
    assert figs["descent"].axes[1].get_ylabel() == view.LABELS["distance"]


def test_without_a_cjk_font_chinese_figures_fall_back_to_english_once(monkeypatch):
    monkeypatch.setattr(fonts, "_system_font_files", lambda: [])
    lrlab.set_language("zh")
    with pytest.warns(fonts.MissingCJKFontWarning) as caught:
        fig = plotting.descent_figure(lrlab.descend(0.2), title="η = 0.2: w slides down to −1")
    assert len(caught) == 1
    assert fig._suptitle.get_text() == "η = 0.2: w slides down to −1"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # said once; and no "Glyph missing"
        figs = _figures()
        for fig in figs.values():
            fig.savefig(io.BytesIO(), format="png")
    assert LearningRateExplorer().labels["play"] == ZH["play"]  # the browser's fonts: widgets stay Chinese
