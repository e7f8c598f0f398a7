"""The language lrlab speaks: one message catalogue per language, and the switch between them.

Everything lrlab *shows* (widget labels and readouts, regime and outcome names, exercise feedback and
hints, static figure titles, axis labels and legends) is looked up here, in the current language, when the
widget or figure is built or the checker is called. Code keys stay English: ``lrlab.regime(0.2)`` is
``"glides"`` in every language; only what is displayed changes. Printed numbers and the course's tables
(TensorFlow printed English) are the same in every language.

>>> import lrlab
>>> lrlab.set_language("zh")
>>> lrlab.i18n.text("regime:glides")
'平稳下滑'
>>> lrlab.set_language("en")
>>> lrlab.i18n.text("regime:glides")
'glides'

Templates use plain ``{field}`` placeholders (the browser fills the widget ones in with ``replaceAll``);
:func:`text` fills them with ``str(value)``.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from contextlib import contextmanager

from . import _validation as v

__all__ = ["CATALOGUE", "LANGUAGES", "get_language", "language", "placeholders", "set_language", "text"]

#: The languages lrlab speaks.
LANGUAGES = ("en", "zh")

_current = "en"


def set_language(language: str) -> None:
    """Show lrlab's texts in ``language``: ``"en"`` (the default) or ``"zh"`` (简体中文).

    Widgets, figures and exercise feedback made *after* the call use the new language; those already made
    keep theirs.
    """
    global _current
    if not isinstance(language, str):
        v.fail("language", "one of 'en', 'zh' (a str)", language, TypeError)
    if language not in LANGUAGES:
        v.fail("language", "one of 'en', 'zh'", language)
    _current = language


def get_language() -> str:
    """The language lrlab shows its texts in: ``"en"`` or ``"zh"``."""
    return _current


@contextmanager
def language(lang: str) -> Iterator[str]:
    """Use ``lang`` inside a ``with`` block, then go back to the language before it."""
    before = _current
    set_language(lang)
    try:
        yield lang
    finally:
        set_language(before)


def text(key: str, /, **values) -> str:
    """The text ``key`` in the current language, with its ``{field}`` placeholders filled from ``values``."""
    try:
        template = CATALOGUE[_current][key]
    except KeyError:
        v.fail("key", "a key of lrlab.i18n.CATALOGUE", key)
    for field, value in values.items():
        template = template.replace("{" + field + "}", str(value))
    return template


def texts(keys, lang: str | None = None) -> dict[str, str]:
    """The templates of ``keys`` (unfilled) in ``lang`` (default: the current language)."""
    cat = CATALOGUE[_current if lang is None else lang]
    return {k: cat[k] for k in keys}


def placeholders(template: str) -> set[str]:
    """The ``{field}`` names a template uses."""
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


# ---------------------------------------------------------------- the catalogue
#
# Key prefixes: no prefix = an explorer's label (lrlab.view.LABELS); "regime:" and "outcome:" = the display
# names of the code keys in lrlab.theory.REGIMES and lrlab.outcomes.OUTCOMES; "fig." = static figures;
# "ex." = exercise feedback and hints.

_EN: dict[str, str] = {
    # -- explorers (lrlab.view.LABELS): knob names, legend entries, axis titles, readouts, status texts
    "learning_rate": "learning rate η",
    "initial_rate": "initial rate η₀",
    "decay_rate": "decay rate γ",
    "decay_steps": "decay steps s",
    "staircase": "staircase",
    "step": "step",
    "play": "Play",
    "pause": "Pause",
    "presets": "try",
    "w": "w",
    "loss": "loss",
    "distance": "distance |w − c| (log scale)",
    "rate": "learning rate η_k",
    "path": "w, step by step",
    "point": "w now",
    "minimum": "minimum (w = c)",
    "ghost": "constant η₀ (no decay)",
    "exact": "reached c exactly",
    "selected": "selected setting",
    "diverged": "diverged at step {step}",
    "off_chart": "w = {w}: off the chart",
    "readout": "step {step}: w = {w}, loss = {loss}",
    "rate_now": "η = {rate}",
    "rate_used": "rate used = {rate}",
    "regime": "regime: {name}",
    "limit": "w would stop near {limit}",
    "outcome": "outcome: {name}",
    "selection": "η₀ = {rate}, γ = {decay}",
    "map_title": "outcome after T = {T} steps (tol = {tol})",
    "final": "w after {T} steps = {w}",
    "waiting": "waiting for the kernel…",
    "canvas_rate": "Gradient descent on the loss {loss}: the path of w on the parabola and the distance to the "
    "minimum per step, on a log scale.",
    "canvas_decay": "Gradient descent with a decaying learning rate on {loss}: the path of w on the parabola, "
    "the learning rate per step and the distance to the minimum per step (log scale), with the "
    "constant-rate run in grey.",
    "canvas_map": "Map of outcomes over initial rate and decay rate, with the selected setting marked, beside "
    "its w per step.",
    # -- regimes (code keys of lrlab.theory.REGIMES) and outcomes (lrlab.outcomes.OUTCOMES)
    "regime:stuck": "stuck",
    "regime:creeps": "creeps",
    "regime:glides": "glides",
    "regime:one step": "one step",
    "regime:zig-zags": "zig-zags",
    "regime:bounces": "bounces",
    "regime:diverges": "diverges",
    "outcome:arrived": "arrived",
    "outcome:not there yet": "not there yet",
    "outcome:still zig-zagging": "still zig-zagging",
    "outcome:frozen": "frozen",
    "outcome:diverged": "diverged",
}

_ZH: dict[str, str] = {
    "learning_rate": "学习率 η",
    "initial_rate": "学习率初始值 η₀",
    "decay_rate": "学习率衰减率 γ",
    "decay_steps": "衰减步数 s",
    "staircase": "阶梯式衰减",
    "step": "步数",
    "play": "播放",
    "pause": "暂停",
    "presets": "试一试",
    "w": "w",
    "loss": "损失",
    "distance": "距离 |w − c|（对数坐标）",
    "rate": "学习率 η_k",
    "path": "w 的逐步路径",
    "point": "当前的 w",
    "minimum": "最小值点（w = c）",
    "ghost": "恒定的 η₀（不衰减）",
    "exact": "恰好到达 c",
    "selected": "选中的设置",
    "diverged": "在第 {step} 步发散",
    "off_chart": "w = {w}：超出图表范围",
    "readout": "第 {step} 步：w = {w}，损失 = {loss}",
    "rate_now": "η = {rate}",
    "rate_used": "本次更新所用的学习率 = {rate}",
    "regime": "情形：{name}",
    "limit": "w 最终会停在 {limit} 附近",
    "outcome": "结果：{name}",
    "selection": "η₀ = {rate}，γ = {decay}",
    "map_title": "T = {T} 步后的结果（容差 tol = {tol}）",
    "final": "{T} 步后的 w = {w}",
    "waiting": "正在等待内核…",
    "canvas_rate": "在损失函数 {loss} 上做梯度下降：左边是 w 在抛物线上的路径，右边是每一步到最小值点的距离"
    "（对数坐标）。",
    "canvas_decay": "在损失函数 {loss} 上用逐步衰减的学习率做梯度下降：w 在抛物线上的路径、每一步的学习率、"
    "每一步到最小值点的距离（对数坐标），灰色的是学习率恒定时的对照。",
    "canvas_map": "结果图：横轴是学习率衰减率，纵轴是学习率初始值，标出了选中的设置；旁边是该设置下每一步的 w。",
    "regime:stuck": "原地不动",
    "regime:creeps": "蠕动",
    "regime:glides": "平稳下滑",
    "regime:one step": "一步到位",
    "regime:zig-zags": "之字形逼近",
    "regime:bounces": "来回弹跳",
    "regime:diverges": "发散",
    "outcome:arrived": "已到达",
    "outcome:not there yet": "尚未到达",
    "outcome:still zig-zagging": "仍在之字形逼近",
    "outcome:frozen": "冻结",
    "outcome:diverged": "已发散",
}

#: Every text lrlab shows, per language (the same keys and the same placeholders in each).
CATALOGUE: dict[str, dict[str, str]] = {"en": _EN, "zh": _ZH}
