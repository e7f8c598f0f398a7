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

Explorer templates use plain ``{field}`` placeholders (the browser fills them in with ``replaceAll``);
exercise texts may carry a format spec (``{rate:.4f}``). :func:`text` fills both with ``str.format``.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from contextlib import contextmanager

from . import checks as v

__all__ = ["CATALOGUE", "LANGUAGES", "get_language", "language", "phrase", "placeholders", "set_language", "text"]

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
    """The text ``key`` in the current language, its placeholders filled from ``values`` (``str.format``;
    with no values the template itself, e.g. for the browser to fill)."""
    try:
        template = CATALOGUE[_current][key]
    except KeyError:
        v.fail("key", "a key of lrlab.i18n.CATALOGUE", key)
    return template.format(**values) if values else template


def text_in(lang: str, key: str, /, **values) -> str:
    """Like :func:`text`, in ``lang`` (e.g. the language a widget was made in) rather than the current one."""
    if lang not in CATALOGUE:
        v.fail("lang", "one of 'en', 'zh'", lang)
    try:
        template = CATALOGUE[lang][key]
    except KeyError:
        v.fail("key", "a key of lrlab.i18n.CATALOGUE", key)
    return template.format(**values) if values else template


def texts(keys, lang: str | None = None) -> dict[str, str]:
    """The templates of ``keys`` (unfilled) in ``lang`` (default: the current language)."""
    cat = CATALOGUE[_current if lang is None else lang]
    return {k: cat[k] for k in keys}


def phrase(english: str) -> str:
    """A text a notebook passes to lrlab (a figure title, a schedule's name) in the current language: its
    translation if the catalogue has one (``phrase:<english>``), else the text unchanged."""
    if not isinstance(english, str):
        return english
    return CATALOGUE[_current].get("phrase:" + english, english)


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
    "update_axis": "update k",
    "play": "Play",
    "pause": "Pause",
    "presets": "try",
    "w": "w",
    "loss": "loss",
    "distance": "distance |w − c| (log scale)",
    "rate": "learning rate η_k",
    "path": "w, step by step",
    "point": "w now",
    "rate_point": "rate now",
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
    "map_title": "outcome after T = {T} updates (tol = {tol})",
    "final": "w after {T} updates = {w}",
    "overflow": "overflow",
    "canvas_rate": "Gradient descent on the loss {loss}: the path of w on the parabola and the distance to the "
    "minimum per step, on a log scale.",
    "canvas_decay": "Gradient descent with a decaying learning rate on {loss}: the path of w on the parabola, "
    "the learning rate per step and the distance to the minimum per step (log scale), with the "
    "constant-rate run in grey.",
    "canvas_map": "Map of outcomes over initial rate and decay rate, with the selected setting marked, beside "
    "the distance of its w to the minimum per step (log scale) and the tolerance.",
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
    "initial_rate": "初始学习率 η₀",
    "decay_rate": "衰减率 γ",
    "decay_steps": "衰减步数 s",
    "staircase": "阶梯式衰减",
    "step": "步数",
    "update_axis": "第 k 次更新",
    "play": "播放",
    "pause": "暂停",
    "presets": "试一试",
    "w": "w",
    "loss": "损失",
    "distance": "距离 |w − c|（对数坐标）",
    "rate": "学习率 η_k",
    "path": "w 的逐步路径",
    "point": "当前的 w",
    "rate_point": "当前的学习率",
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
    "map_title": "T = {T} 次更新后的结果（容差 tol = {tol}）",
    "final": "{T} 次更新后的 w = {w}",
    "overflow": "溢出",
    "canvas_rate": "在损失函数 {loss} 上做梯度下降：左边是 w 在抛物线上的路径，右边是每一步到最小值点的距离"
    "（对数坐标）。",
    "canvas_decay": "在损失函数 {loss} 上用逐步衰减的学习率做梯度下降：w 在抛物线上的路径、每一步的学习率、"
    "每一步到最小值点的距离（对数坐标），灰色的是学习率恒定时的对照。",
    "canvas_map": "结果图：横轴是衰减率，纵轴是初始学习率，标出了选中的设置；旁边是该设置下每一步 w 到"
    "最小值点的距离（对数坐标）和容差。",
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

# -- explorers (lrlab.view.LABELS, continued): the map's tolerance and sides of c, the larger-text toggle, the
#    site's share links, the noise explorer (lrlab.view.NOISE_LABELS)
_EN_VIEW: dict[str, str] = {
    "tol_line": "tolerance tol",
    "side_above": "w > c",
    "side_below": "w < c",
    "larger": "Larger text",
    "link_ignored": "Not used from the link (not a value this explorer offers): {keys}",
    # the noise explorer
    "noise": "noise σ",
    "seed": "seed",
    "faint": "{shown} seeded runs (the same draws for every η and σ)",
    "expected": "expected loss (exact: the mean over all runs)",
    "floor": "noise floor ησ² / (2(2 − ηf″))",
    "noise_loss_axis": "loss (log scale)",
    "noise_readout": "η = {rate}, σ = {noise} · floor = {floor} · expected loss after {T} updates = {mean}",
    "noise_title": "constant rate, noisy gradients: T = {T} updates, {shown} seeded runs (seed {seed})",
    "canvas_noise": "Gradient descent with noisy gradients on {loss}: the loss per update of seeded runs "
    "(faint), the exact expected loss, and the theoretical noise floor (dashed), on a log scale.",
    "text_noise": "Noise explorer: η = {rate}, σ = {noise} on the loss {loss} from w0 = {w0}: {shown} seeded "
    "runs, the expected loss and the noise floor {floor}, over T = {T} updates. Its knobs work in the browser, "
    "with or without a running kernel.",
}

_ZH_VIEW: dict[str, str] = {
    "tol_line": "容差 tol",
    "side_above": "w > c",
    "side_below": "w < c",
    "larger": "放大文字",
    "link_ignored": "链接里的这些设置无法使用（不是这个交互图提供的值），已忽略：{keys}",
    "noise": "噪声 σ",
    "seed": "随机种子",
    "faint": "{shown} 次固定种子的运行（每个 η 和 σ 都用同样的随机数）",
    "expected": "期望损失（精确值：所有运行的平均）",
    "floor": "噪声底 ησ² / (2(2 − ηf″))",
    "noise_loss_axis": "损失（对数坐标）",
    "noise_readout": "η = {rate}，σ = {noise} · 噪声底 = {floor} · {T} 次更新后的期望损失 = {mean}",
    "noise_title": "恒定学习率，带噪声的梯度：T = {T} 次更新，{shown} 次固定种子的运行（种子 {seed}）",
    "canvas_noise": "在损失函数 {loss} 上用带噪声的梯度做梯度下降：每次更新后的损失，浅色是固定种子的运行，"
    "深色是精确的期望损失，虚线是理论噪声底（对数坐标）。",
    "text_noise": "噪声探索器：在损失函数 {loss} 上，η = {rate}，σ = {noise}，w 从 w0 = {w0} 出发："
    "{shown} 次固定种子的运行、期望损失和噪声底 {floor}，共 T = {T} 次更新。滑块在浏览器里就能用，"
    "不需要运行中的内核。",
}

# -- exercise feedback and hints (lrlab.exercises); {field:spec} placeholders, filled with str.format
_EN_EX: dict[str, str] = {
    "ex.todo": "Replace `None` with your answer, then run the cell again.",
    "ex.right": "Right.",
    "ex.not_yet": "Not yet.",
    "ex.divides_by_zero": "{text!r} divides by zero.",
    "ex.one_number": "The answer is one number, not a list; you gave {shown}.",
    "ex.unreadable": "I could not read {shown} as a number. Write it like 0.25 or 1/4.",
    "ex.not_bool": "The answer is a number, not {answer}.",
    "ex.finite": "The answer should be a finite number; you gave {shown}.",
    "ex.real": "The answer is a real number; you gave {shown}.",
    "ex.number": "The answer should be a number; you gave {shown}.",
    "ex.no_numbers": "I found no numbers in {shown}.",
    "ex.flat_list": "Give a flat list of numbers; you gave an array of shape {shape}.",
    "ex.as_list": "Give the numbers as a list, e.g. [a, b]; you gave {shown}.",
    "ex.decimals": "{n} decimals",
    "ex.significant": "{n} significant figures",
    "ex.right_default": "{target:.6g} it is.",
    "ex.close": "Close, but not to {precision}: work it out more precisely (a fraction is fine too).",
    "ex.one_of": "Answer with one of {options}; you gave {shown}.",
    "ex.answer:same": "same",
    "ex.answer:staircase": "staircase",
    "ex.answer:smooth": "smooth",
    "ex.answer:half": "half",
    "ex.answer:below": "below",
    "ex.answer:above": "above",
    # notebook 01
    "ex.nb01.one_step_rate.bounce": "That is 2/f″, the rate at which w bounces for ever. The one-step rate is 1/f″, "
    "and f″, the second derivative of 3w² − 12w + 20, is {f2:g}.",
    "ex.nb01.one_step_rate.half": "½ is the answer for (w + 1)², whose f″ is 2. Here f″ = {f2:g}: solve 1 − η·f″ = 0.",
    "ex.nb01.one_step_rate.twelve": "12 is the slope's constant part, not the curvature: f″, the second derivative, "
    "is {f2:g}.",
    "ex.nb01.one_step_rate.fallback": "One update multiplies the offset by q = 1 − η·f″. Which η makes q = 0? "
    "(f″ is the second derivative of the loss.)",
    "ex.nb01.one_step_rate.right": "η = 1/f″ = 1/{f2:g} ≈ {rate:.4f}: q = 0, so w lands on the minimum {c:g} at once.",
    "ex.nb01.closer_after_ten.right": "|q| = |1 − η·f″| is {q1:.2g} for η = 0.3 and {q2:.2g} for η = 0.75, "
    "so after 10 updates the distance is {d1:.4f} and {d2:.4f}. Check it: `lrlab.descend(0.3, steps=10).w[-1]`.",
    "ex.nb01.closer_after_ten.same": "Equal speed needs equal |q| = |1 − η·f″|. With f″ = 2, which rate "
    "has the same |q| as 0.3? (Not 0.75.)",
    "ex.nb01.closer_after_ten.wrong": "Zig-zagging is not what slows a run down: compare |q| = |1 − η·f″| "
    "for the two rates (f″ = 2). The smaller |q| wins.",
    "ex.nb01.which_rate.zigzag": "0.75 halves the distance too, but zig-zags: w lands at −4, the mirror image of 2.",
    "ex.nb01.which_rate.one_step": "0.5 is the one-step rate: it takes w straight to −1. The gradient at 5 is "
    "2(5 + 1) = 12.",
    "ex.nb01.which_rate.gradient": "The gradient of (w + 1)² is 2(w + 1) = 12 at w = 5, not 2w = 10.",
    "ex.nb01.which_rate.distance": "3 is how far w must move; the rate is that distance divided by the gradient at 5.",
    "ex.nb01.which_rate.fallback": "w must move by 5 − 2 = 3, and one update moves it by η × gradient. "
    "What is the gradient 2(w + 1) at w = 5?",
    "ex.nb01.which_rate.right": "η = {rate:g}: the move is {rate:g} × 12 = 3, and w lands on {landed:g}.",
    "ex.nb01.bounce_points.two": "w visits exactly two values; you gave {n}.",
    "ex.nb01.bounce_points.right": "w jumps between {low:g} and {high:g} for ever: "
    "with q = −1 the offset from {c:g} just changes sign.",
    "ex.nb01.bounce_points.start": "One of the two values is where w starts.",
    "ex.nb01.bounce_points.mirror_zero": "−2 is the mirror image of 0 across −1, the minimum of (w + 1)². "
    "Where is this loss lowest? (3w² − 12w + 20 = 3(w − 2)² + 8.)",
    "ex.nb01.bounce_points.fallback": "At the bounce rate q = −1: w jumps to its mirror image across the minimum "
    "(same distance, other side). Where is the minimum of 3w² − 12w + 20?",
    "ex.nb01.one_rate_for_two.flat_one_step": "0.5 lands in one update on (w + 1)², but on 2(w − 3)², whose f″ is "
    "{f2:g}, it is the bounce rate: the larger |q| is {q:g}.",
    "ex.nb01.one_rate_for_two.steep_one_step": "0.25 lands in one update on 2(w − 3)², but on (w + 1)², whose f″ "
    "is {f2:g}, it leaves q = {q:g}. A slightly larger rate lowers that q while the other |q| stays smaller.",
    "ex.nb01.one_rate_for_two.average": "The average of the two one-step rates leaves the larger |q| at {q:g}: "
    "its two |q| are not equal yet.",
    "ex.nb01.one_rate_for_two.a_not_f2": "The curvatures are f″ = 2a: {f1:g} and {f2:g}, not a.",
    "ex.nb01.one_rate_for_two.other_bowls": "0.2 balances the two bowls of the notebook (f″ = 2 and 8). Here "
    "f″ = {f1:g} and {f2:g}.",
    "ex.nb01.one_rate_for_two.fallback": "Raising η speeds up the flatter run and slows down the steeper one once "
    "it zig-zags. The larger |q| is smallest where the two are equal: 1 − 2η = −(1 − 4η).",
    "ex.nb01.one_rate_for_two.right": "η = {rate:.4f}: q = {q1:+.4f} on (w + 1)² and {q2:+.4f} on 2(w − 3)², so "
    "both distances shrink by the factor {q:.4f} per update. A larger rate makes the steeper run slower, a "
    "smaller one the flatter run.",
    # notebook 02
    "ex.nb02.rate_used.table": "That is what the course's table prints on line 30: it reads the rate after "
    "global_step has moved on. Update 30 runs while global_step is 30.",
    "ex.nb02.rate_used.early": "One update too early: update k uses η₀·γ^k, and the first update is update 0.",
    "ex.nb02.rate_used.first": "That is the rate of update 1. Raise γ to the power of the update number.",
    "ex.nb02.rate_used.fallback": "Update k uses η_k = η₀·γ^(k/s) = 0.1 · 0.99^k.",
    "ex.nb02.staircase_gamma.smooth": "That is the smooth schedule's γ (exponent 25/10 = 2.5). With staircase the "
    "exponent 25/10 is rounded down.",
    "ex.nb02.staircase_gamma.up": "You rounded 25/10 up; the staircase rounds it down.",
    "ex.nb02.staircase_gamma.every": "s = 10 means one factor γ every 10 updates, not every update.",
    "ex.nb02.staircase_gamma.ratio": "{ratio:g} = 0.1/0.4 is γ raised to the power ⌊25/10⌋, not γ itself.",
    "ex.nb02.staircase_gamma.fallback": "η₂₅ = η₀ · γ^⌊25/10⌋. Work out the exponent, then solve for γ.",
    "ex.nb02.staircase_gamma.right": "γ = {gamma:g}: the exponent ⌊25/10⌋ = 2, and 0.4 · {gamma:g}² = {used:g}.",
    "ex.nb02.staircase_or_smooth.right": "Rounding the exponent down never makes a rate smaller, so the staircase "
    "run gets at least as much budget at every update: distance {stairs:.4f} against {smooth:.4f}. Check it with "
    "`lrlab.descend(...)`.",
    "ex.nb02.staircase_or_smooth.same": "They agree only at updates 0, 10, 20, 30. In between, compare η₀·γ^⌊k/s⌋ "
    "with η₀·γ^(k/s).",
    "ex.nb02.staircase_or_smooth.wrong": "Compare the two rates at, say, update 5: η₀·γ^⌊5/10⌋ and η₀·γ^(5/10). "
    "All these rates are in the gliding range, where a bigger rate means faster.",
    "ex.nb02.smallest_decay_rate.range": "A decay rate is between 0 and 1 (1 means no decay); you gave {g:g}.",
    "ex.nb02.smallest_decay_rate.too_small": "With γ = {g:g}, w stops at {w:.4f}, {d:.4f} from −1. "
    "The rates die too fast: the budget Σ η_k = η₀/(1 − γ) is too small.",
    "ex.nb02.smallest_decay_rate.not_smallest": "γ = {g:g} works, but so does {smaller:.2f}: you want the smallest.",
    "ex.nb02.smallest_decay_rate.right": "With γ = {g:g}, w stops at {w:.4f}; with {smaller:.2f} it "
    "would stop too early. The budget estimate f″·η₀/(1 − γ) ≥ ln(6/0.01) gives nearly the same answer.",
    "ex.nb02.same_distance.mean": "That is the average of the 40 rates, {mean:.4f}: close, because ln(1 − 2η) ≈ −2η "
    "for small η, but what sets the distance is the product of the factors 1 − 2η_k, not the sum of the rates.",
    "ex.nb02.same_distance.start": "0.1 is where the course starts. Kept constant it ends {d:.1e} from −1, closer "
    "than the decayed run, whose later rates are smaller.",
    "ex.nb02.same_distance.last": "That is (about) the course's last rate. The early rates were larger and did "
    "more of the work.",
    "ex.nb02.same_distance.mirror": "Right distance, wrong side of 1/f″ = 0.5: this is the mirror rate 1 − η, "
    "whose factor 1 − 2η is the same size with the other sign, so it zig-zags to the same distance. The question "
    "asks for the rate below 1/f″, {rate:.4f}.",
    "ex.nb02.same_distance.fallback": "A constant rate η leaves 6·(1 − 2η)^40 of the distance 6; the decayed run "
    "leaves 6·Π(1 − 2η_k). Set the two equal and solve for η.",
    "ex.nb02.same_distance.right": "η = {rate:.4f}: (1 − 2η)^40 = Π(1 − 2η_k) = {product:.3e}, so both end "
    "{d:.2e} from −1. The average rate, {mean:.4f}, is close but not the same: the product of the factors, not "
    "the sum of the rates, sets the distance.",
    # notebook 03
    "ex.nb03.reach_fast.at_least": "Use an initial rate η₀ of at least 0.8 (from 0.5, w lands in one step: too easy).",
    "ex.nb03.reach_fast.range": "A decay rate γ is in (0, 1] (1 means no decay); you gave {dr:g}.",
    "ex.nb03.reach_fast.cannot_run": "lrlab cannot run that setting: {error}",
    "ex.nb03.reach_fast.right": "w is within 0.001 of −1 after {k} updates.",
    "ex.nb03.reach_fast.runs_away": "w runs away: the early rates are too big for the decay to rescue.",
    "ex.nb03.reach_fast.freezes": "w freezes before it arrives: the rate dies too quickly. Raise the decay rate γ.",
    "ex.nb03.reach_fast.zigzag": "After 15 updates w is still zig-zagging across −1: the rate stays "
    "above the one-step rate 0.5 for too long. Lower γ, or η₀.",
    "ex.nb03.reach_fast.more_than": "more than {n}",
    "ex.nb03.reach_fast.slow": "w gets there, but only after {k} updates. Speed it up.",
    "ex.nb03.longer_horizon.right": "The budget is η₀/(1 − γ) = {budget:g}, so the distance shrinks by about "
    "e^(−f″·{budget:g}): the limit is {limit:.1e} from −1, inside 0.001. After 1000 updates w is {d:.1e} away.",
    "ex.nb03.longer_horizon.frozen": "Work out the budget Σ η_k = η₀/(1 − γ) = {budget:g}. Then |d∞| ≲ "
    "6·e^(−f″·budget): is that below 0.001?",
    "ex.nb03.longer_horizon.wrong": "Every rate here is far below the one-step rate 0.5: w glides, it never "
    "crosses −1 or runs away. The question is whether the budget is big enough.",
}

_ZH_EX: dict[str, str] = {
    "ex.todo": "把 `None` 换成你的答案，再运行这个单元格。",
    "ex.right": "答对了。",
    "ex.not_yet": "还不对。",
    "ex.divides_by_zero": "{text!r} 除以了零。",
    "ex.one_number": "答案是一个数，不是一组数；你写的是 {shown}。",
    "ex.unreadable": "无法把 {shown} 读成一个数。请写成 0.25 或 1/4 这样的形式。",
    "ex.not_bool": "答案是一个数，不是 {answer}。",
    "ex.finite": "答案应该是一个有限的数；你写的是 {shown}。",
    "ex.real": "答案是一个实数；你写的是 {shown}。",
    "ex.number": "答案应该是一个数；你写的是 {shown}。",
    "ex.no_numbers": "在 {shown} 里没有找到数。",
    "ex.flat_list": "请给出一维的一组数；你给的是形状为 {shape} 的数组。",
    "ex.as_list": "请把这些数写成列表，例如 [a, b]；你写的是 {shown}。",
    "ex.decimals": "{n} 位小数",
    "ex.significant": "{n} 位有效数字",
    "ex.right_default": "没错，就是 {target:.6g}。",
    "ex.close": "很接近，但没有精确到 {precision}：再算得精确一些（写成分数也可以）。",
    "ex.one_of": "请从 {options} 中选一个作答（也可以用英文）；你写的是 {shown}。",
    "ex.answer:same": "相同",
    "ex.answer:staircase": "阶梯式",
    "ex.answer:smooth": "平滑",
    "ex.answer:half": "一半",
    "ex.answer:below": "低于一半",
    "ex.answer:above": "高于一半",
    # 第 01 本
    "ex.nb01.one_step_rate.bounce": "这是 2/f″，也就是让 w 永远来回弹跳的学习率。一步到位的学习率是 1/f″，"
    "而 3w² − 12w + 20 的二阶导数 f″ = {f2:g}。",
    "ex.nb01.one_step_rate.half": "½ 是 (w + 1)² 的答案，它的 f″ = 2。这里 f″ = {f2:g}：解方程 1 − η·f″ = 0。",
    "ex.nb01.one_step_rate.twelve": "12 是斜率里的常数部分，不是曲率：曲率 f″ 是二阶导数，等于 {f2:g}。",
    "ex.nb01.one_step_rate.fallback": "每次更新都把偏移乘以 q = 1 − η·f″。哪个 η 让 q = 0？"
    "（f″ 是损失函数的二阶导数。）",
    "ex.nb01.one_step_rate.right": "η = 1/f″ = 1/{f2:g} ≈ {rate:.4f}：q = 0，所以 w 一次更新就落在最小值点 {c:g} 上。",
    "ex.nb01.closer_after_ten.right": "η = 0.3 时 |q| = |1 − η·f″| = {q1:.2g}，η = 0.75 时为 {q2:.2g}，"
    "所以 10 次更新之后，到最小值点的距离分别是 {d1:.4f} 和 {d2:.4f}。验证一下：`lrlab.descend(0.3, steps=10).w[-1]`。",
    "ex.nb01.closer_after_ten.same": "速度相同需要 |q| = |1 − η·f″| 相同。f″ = 2 时，哪个学习率的 |q| 和 0.3 "
    "一样？（不是 0.75。）",
    "ex.nb01.closer_after_ten.wrong": "让下降变慢的并不是之字形：比较两个学习率的 |q| = |1 − η·f″|（f″ = 2），"
    "|q| 小的那个更快。",
    "ex.nb01.which_rate.zigzag": "0.75 也让距离减半，但它走之字形：w 落在 −4，正是 2 的镜像位置。",
    "ex.nb01.which_rate.one_step": "0.5 是一步到位的学习率：它让 w 直接到达 −1。w = 5 处的梯度是 2(5 + 1) = 12。",
    "ex.nb01.which_rate.gradient": "(w + 1)² 的梯度是 2(w + 1)，在 w = 5 处等于 12，而不是 2w = 10。",
    "ex.nb01.which_rate.distance": "3 是 w 要移动的距离；学习率等于这个距离除以 w = 5 处的梯度。",
    "ex.nb01.which_rate.fallback": "w 要移动 5 − 2 = 3，而一次更新移动 η × 梯度。w = 5 处的梯度 2(w + 1) 是多少？",
    "ex.nb01.which_rate.right": "η = {rate:g}：这次更新的移动量是 {rate:g} × 12 = 3，w 落在 {landed:g}。",
    "ex.nb01.bounce_points.two": "w 只在两个值之间跳；你给了 {n} 个值。",
    "ex.nb01.bounce_points.right": "w 在 {low:g} 和 {high:g} 之间永远来回弹跳：q = −1 时，相对 {c:g} 的偏移"
    "只是不断变号。",
    "ex.nb01.bounce_points.start": "两个值中有一个是 w 的起点。",
    "ex.nb01.bounce_points.mirror_zero": "−2 是 0 关于 −1（(w + 1)² 的最小值点）的镜像。这个损失函数的最小值点"
    "在哪里？（3w² − 12w + 20 = 3(w − 2)² + 8。）",
    "ex.nb01.bounce_points.fallback": "来回弹跳时 q = −1：w 跳到它关于最小值点的镜像位置（距离不变，换到另一侧）。"
    "3w² − 12w + 20 的最小值点在哪里？",
    "ex.nb01.one_rate_for_two.flat_one_step": "0.5 在 (w + 1)² 上一次更新就到位，但在 f″ = {f2:g} 的 2(w − 3)² "
    "上它正是来回弹跳的学习率：较大的 |q| 是 {q:g}。",
    "ex.nb01.one_rate_for_two.steep_one_step": "0.25 在 2(w − 3)² 上一次更新就到位，但在 f″ = {f2:g} 的 (w + 1)² "
    "上留下 q = {q:g}。把学习率稍微调大，这个 q 会变小，而另一个 |q| 仍比它小。",
    "ex.nb01.one_rate_for_two.average": "两个一步到位的学习率的平均值让较大的 |q| 停在 {q:g}：两个 |q| 还不相等。",
    "ex.nb01.one_rate_for_two.a_not_f2": "曲率是 f″ = 2a：分别是 {f1:g} 和 {f2:g}，不是 a。",
    "ex.nb01.one_rate_for_two.other_bowls": "0.2 平衡的是笔记本里的两个碗（f″ = 2 和 8）。这里 f″ = {f1:g} 和 {f2:g}。",
    "ex.nb01.one_rate_for_two.fallback": "把 η 调大，较平的那次运行会变快，而较陡的那次一旦开始之字形逼近就会变慢。"
    "较大的 |q| 在两者相等时最小：1 − 2η = −(1 − 4η)。",
    "ex.nb01.one_rate_for_two.right": "η = {rate:.4f}：在 (w + 1)² 上 q = {q1:+.4f}，在 2(w − 3)² 上 q = {q2:+.4f}，"
    "所以两个距离每次更新都缩小为原来的 {q:.4f} 倍。学习率再大，较陡的那次运行会变慢；再小，较平的那次会变慢。",
    # 第 02 本
    "ex.nb02.rate_used.table": "这是课程的表格在第 30 行打印的值：它是在 global_step 前进之后才读取学习率的。"
    "第 30 次更新运行时，global_step 是 30。",
    "ex.nb02.rate_used.early": "早了一次更新：第 k 次更新用的是 η₀·γ^k，而第一次更新是第 0 次更新。",
    "ex.nb02.rate_used.first": "这是第 1 次更新的学习率。γ 的指数应该是更新的序号。",
    "ex.nb02.rate_used.fallback": "第 k 次更新用的学习率是 η_k = η₀·γ^(k/s) = 0.1 · 0.99^k。",
    "ex.nb02.staircase_gamma.smooth": "这是平滑衰减时的 γ（指数 25/10 = 2.5）。阶梯式衰减要把指数 25/10 向下取整。",
    "ex.nb02.staircase_gamma.up": "你把 25/10 向上取整了；阶梯式衰减是向下取整。",
    "ex.nb02.staircase_gamma.every": "s = 10 的意思是每 10 次更新乘一次 γ，而不是每次更新都乘。",
    "ex.nb02.staircase_gamma.ratio": "{ratio:g} = 0.1/0.4 是 γ 的 ⌊25/10⌋ 次方，不是 γ 本身。",
    "ex.nb02.staircase_gamma.fallback": "η₂₅ = η₀ · γ^⌊25/10⌋。先算出指数，再解出 γ。",
    "ex.nb02.staircase_gamma.right": "γ = {gamma:g}：指数 ⌊25/10⌋ = 2，而 0.4 · {gamma:g}² = {used:g}。",
    "ex.nb02.staircase_or_smooth.right": "把指数向下取整只会让学习率不变或变大，所以阶梯式衰减在每次更新得到的"
    "预算都不少于平滑衰减：距离分别是 {stairs:.4f} 和 {smooth:.4f}。用 `lrlab.descend(...)` 验证一下。",
    "ex.nb02.staircase_or_smooth.same": "两者只在第 0、10、20、30 次更新相同。"
    "在这之间，比较 η₀·γ^⌊k/s⌋ 和 η₀·γ^(k/s)。",
    "ex.nb02.staircase_or_smooth.wrong": "比较两者在第 5 次更新的学习率：η₀·γ^⌊5/10⌋ 和 η₀·γ^(5/10)。"
    "这些学习率都在平稳下滑的范围内，在这个范围里学习率越大越快。",
    "ex.nb02.smallest_decay_rate.range": "衰减率在 0 和 1 之间（1 表示不衰减）；你写的是 {g:g}。",
    "ex.nb02.smallest_decay_rate.too_small": "γ = {g:g} 时，w 停在 {w:.4f}，离 −1 还有 {d:.4f}。"
    "学习率衰减得太快：学习率总预算 Σ η_k = η₀/(1 − γ) 太小。",
    "ex.nb02.smallest_decay_rate.not_smallest": "γ = {g:g} 可以，但 {smaller:.2f} 也可以：题目要的是最小的那个。",
    "ex.nb02.smallest_decay_rate.right": "γ = {g:g} 时，w 停在 {w:.4f}；换成 {smaller:.2f} 就会停得太早。"
    "用预算估计 f″·η₀/(1 − γ) ≥ ln(6/0.01) 得到的答案几乎一样。",
    "ex.nb02.same_distance.mean": "这是 40 个学习率的平均值 {mean:.4f}：很接近，因为 η 很小时 ln(1 − 2η) ≈ −2η，"
    "但决定距离的是各个因子 1 − 2η_k 的乘积，而不是学习率之和。",
    "ex.nb02.same_distance.start": "0.1 是课程起步时的学习率。让它保持不变，最后离 −1 有 {d:.1e}，"
    "比衰减的运行更近，因为衰减运行后来的学习率更小。",
    "ex.nb02.same_distance.last": "这（差不多）是课程最后的学习率。前面的学习率更大，干了更多的活。",
    "ex.nb02.same_distance.mirror": "距离对了，但在 1/f″ = 0.5 的另一侧：这是镜像学习率 1 − η，它的因子 1 − 2η "
    "大小相同、符号相反，所以它之字形逼近，停在同样的距离上。题目要的是低于 1/f″ 的那个学习率 {rate:.4f}。",
    "ex.nb02.same_distance.fallback": "恒定学习率 η 把距离 6 变成 6·(1 − 2η)^40；衰减的运行把它变成 "
    "6·Π(1 − 2η_k)。让两者相等，解出 η。",
    "ex.nb02.same_distance.right": "η = {rate:.4f}：(1 − 2η)^40 = Π(1 − 2η_k) = {product:.3e}，所以两者最后都离 "
    "−1 有 {d:.2e}。平均学习率 {mean:.4f} 很接近，但不一样：决定距离的是各个因子的乘积，而不是学习率之和。",
    # 第 03 本
    "ex.nb03.reach_fast.at_least": "初始学习率 η₀ 至少取 0.8（从 0.5 开始，w 一步就到位了：太简单）。",
    "ex.nb03.reach_fast.range": "衰减率 γ 在 (0, 1] 之间（1 表示不衰减）；你写的是 {dr:g}。",
    "ex.nb03.reach_fast.cannot_run": "lrlab 无法运行这个设置：{error}",
    "ex.nb03.reach_fast.right": "{k} 次更新之后，w 离 −1 已不到 0.001。",
    "ex.nb03.reach_fast.runs_away": "w 发散了：一开始的学习率太大，衰减来不及挽回。",
    "ex.nb03.reach_fast.freezes": "w 还没到达就冻结了：学习率衰减得太快。把衰减率 γ 调大。",
    "ex.nb03.reach_fast.zigzag": "15 次更新之后，w 仍在 −1 两侧之字形逼近：学习率在一步到位的学习率 0.5 之上"
    "停留得太久。把 γ 或 η₀ 调小。",
    "ex.nb03.reach_fast.more_than": "超过 {n}",
    "ex.nb03.reach_fast.slow": "w 能到达，但要 {k} 次更新。再快一些。",
    "ex.nb03.longer_horizon.right": "学习率总预算是 η₀/(1 − γ) = {budget:g}，所以距离大约缩小为原来的 "
    "e^(−f″·{budget:g}) 倍：极限离 −1 只有 {limit:.1e}，在 0.001 以内。1000 次更新之后，w 离 −1 还有 {d:.1e}。",
    "ex.nb03.longer_horizon.frozen": "算一算学习率总预算 Σ η_k = η₀/(1 − γ) = {budget:g}。于是 "
    "|d∞| ≲ 6·e^(−f″·预算)：它小于 0.001 吗？",
    "ex.nb03.longer_horizon.wrong": "这里每个学习率都远小于一步到位的学习率 0.5：w 平稳下滑，既不会越过 −1，"
    "也不会发散。问题在于学习率总预算够不够大。",
}

# -- static figures (lrlab.plotting) and the explorers' text for readers without a kernel (lrlab.widgets)
_EN_FIG: dict[str, str] = {
    "fig.regime_title": "η = {rate:g}: {name}",
    "fig.learning_rate": "learning rate",
    "widget.text_rate": "Learning-rate explorer: η = {rate} on the loss {loss}, w from {w0} to {end} after {steps} "
    "updates. A slider moves η from {low} to {high} (log scale), in the browser, with or without a running kernel.",
    "widget.text_rate_named": "Learning-rate explorer: η = {rate} on the loss {loss}, w from {w0} to {end} after "
    "{steps} updates ({name}). A slider moves η from {low} to {high} (log scale), in the browser, with or without "
    "a running kernel.",
    "widget.text_decay": "Decay explorer: η₀ = {rate}, decay rate γ = {decay}, decay steps s = {s} on the loss "
    "{loss}: w from {w0} to {end} after {steps} updates (grey: the same η₀ without decay). Its knobs work in "
    "the browser, with or without a running kernel.",
    "widget.text_decay_staircase": "Decay explorer: η₀ = {rate}, decay rate γ = {decay}, decay steps s = {s}, "
    "staircase on the loss {loss}: w from {w0} to {end} after {steps} updates (grey: the same η₀ without decay). "
    "Its knobs work in the browser, with or without a running kernel.",
    "widget.text_map": "Schedule map: outcomes of {rates} initial rates × {decays} decay rates after T = {T} "
    "updates (tol = {tol}): {counts}. Selected: {selected}. Other points can be picked in the browser, with or "
    "without a running kernel.",
    "widget.count": "{n} {name}",
}

_ZH_FIG: dict[str, str] = {
    "fig.regime_title": "η = {rate:g}：{name}",
    "fig.learning_rate": "学习率",
    "widget.text_rate": "学习率探索器：在损失函数 {loss} 上，η = {rate}，w 从 {w0} 出发，{steps} 次更新后到 {end}。"
    "滑块可以把 η 从 {low} 调到 {high}（对数刻度），在浏览器里就能用，不需要运行中的内核。",
    "widget.text_rate_named": "学习率探索器：在损失函数 {loss} 上，η = {rate}，w 从 {w0} 出发，{steps} 次更新后到 "
    "{end}（{name}）。滑块可以把 η 从 {low} 调到 {high}（对数刻度），在浏览器里就能用，不需要运行中的内核。",
    "widget.text_decay": "衰减探索器：初始学习率 η₀ = {rate}，衰减率 γ = {decay}，衰减步数 s = {s}，"
    "损失函数 {loss}：w 从 {w0} 出发，{steps} 次更新后到 {end}（灰色：同样的 η₀ 但不衰减）。"
    "在浏览器里就能调节，不需要运行中的内核。",
    "widget.text_decay_staircase": "衰减探索器：初始学习率 η₀ = {rate}，衰减率 γ = {decay}，衰减步数 "
    "s = {s}，阶梯式衰减，损失函数 {loss}：w 从 {w0} 出发，{steps} 次更新后到 {end}（灰色：同样的 η₀ 但不衰减）。"
    "在浏览器里就能调节，不需要运行中的内核。",
    "widget.text_map": "调度结果图：{rates} 个初始学习率 × {decays} 个衰减率，T = {T} 次更新后的结果"
    "（容差 tol = {tol}）：{counts}。选中的设置：{selected}。在浏览器里就能选别的点，不需要运行中的内核。",
    "widget.count": "{name} {n} 个",
}

# -- notebook 04: exercise feedback (lrlab.exercises.nb04) and the lines its code cells print
_EN_EX04: dict[str, str] = {
    "ex.nb04.floor_height.clean_loss": "That is the floor of (w + 1)², where a = 1. Here a = 2: the factor 1 − aη "
    "changes.",
    "ex.nb04.floor_height.variance": "That is the variance of w (the spread of the offset d). The loss is a·d², so "
    "multiply by a.",
    "ex.nb04.floor_height.factor": "You left out the factor 1/(1 − aη): the pull back towards c weakens as η grows.",
    "ex.nb04.floor_height.squared": "The noise enters squared: σ² = 9, not σ = 3.",
    "ex.nb04.floor_height.a_not_f2": "In 1 − aη it is a = {a:g}, not f″ = 2a = {f2:g}. (In f″ terms the floor is "
    "ησ²/(2(2 − ηf″)).)",
    "ex.nb04.floor_height.fallback": "Use E[loss] = ησ²/(4(1 − aη)) with a = 2, η = 0.1, σ = 3 "
    "(or ησ²/(2(2 − ηf″)) with f″ = 4).",
    "ex.nb04.floor_height.right": "ησ²/(4(1 − aη)) = {eta:g}·{sigma2:g}/(4·{one_minus:g}) = {target:.4f}. "
    "Check it with `lrlab.noise_floor({eta:g}, {sigma:g}, lrlab.Quadratic(a={a:g}, centre=3))`.",
    "ex.nb04.halve_rate.right": "The floor goes from {old:.4f} to {new:.4f}: {ratio:.3f} of it. Halving η halves "
    "the numerator ησ², and the denominator 4(1 − aη) grows a little (w is pulled back harder, relative to the "
    "kick), so the floor drops below half. Check it with `lrlab.noise_floor`.",
    "ex.nb04.halve_rate.half": "The floor is ησ²/(4(1 − aη)): η appears twice. The numerator halves; what does the "
    "denominator do when η goes from 0.2 to 0.1?",
    "ex.nb04.halve_rate.wrong": "Work out ησ²/(4(1 − aη)) for η = 0.2 and η = 0.1 (a = 1, σ = 2) and compare: the "
    "denominator grows as η shrinks.",
    "ex.nb04.why_decay.right": "{const:.5f} / {bound:.5f} = {ratio:.2f}. Why: a constant rate must be large enough "
    "to forget w₀ = 5 within {T} updates and small enough to keep its noise floor low; the best it can do is a "
    "compromise, η = {rate:.4f}. A decaying schedule need not compromise: it starts near 1/f″ = 0.5, which forgets "
    "the start at once, then lowers its rate as the error left shrinks, so the noise it adds shrinks too.",
    "ex.nb04.why_decay.inverted": "You divided the other way: the question asks how many times larger the constant "
    "rate's expected loss is than the lowest possible one (a number above 1).",
    "ex.nb04.why_decay.difference": "That is the difference of the two expected losses; the question asks for their "
    "ratio.",
    "ex.nb04.why_decay.floor": "That uses the noise floor of the best constant rate, where it would settle after "
    "many more updates. After {T} updates it is not there yet: take `lrlab.expected_loss(rate, steps={T}, "
    "noise=1.0)[-1]`.",
    "ex.nb04.why_decay.course_rate": "That is the course's constant rate 0.2, not the best constant rate for this "
    "horizon: `lrlab.best_constant_rate(100, noise=1.0)`.",
    "ex.nb04.why_decay.other_noise": "That is with σ = {other:g}, the notebook's noise; here σ = {sigma:g}.",
    "ex.nb04.why_decay.other_horizon": "That is for a horizon of 3000 updates; here T = {T}, and the best constant "
    "rate depends on the horizon.",
    "ex.nb04.why_decay.fallback": "Find the rate with `lrlab.best_constant_rate({T}, noise={sigma:.1f})`, its expected "
    "loss after {T} updates with `lrlab.expected_loss(rate, steps={T}, noise={sigma:.1f})[-1]`, and divide by "
    "`lrlab.best_possible_loss({T}, noise={sigma:.1f})`.",
    "ex.nb04.first_drop.whole": "An update number is a whole number ≥ 0; you gave {k:g}.",
    "ex.nb04.first_drop.right": "decay_steps = {n}/{b} = {s:g}, not a whole number: ⌊{before}/{s:g}⌋ = 0 but "
    "⌊{target}/{s:g}⌋ = 1, so update {target} is the first to use {rate:.4g}. (Keras also makes {target} batches "
    "per epoch: the last one is smaller.) Check it with `lrlab.exponential_decay(...)(k)`.",
    "ex.nb04.first_drop.floor_division": "That is where the rate would drop with decay_steps = {n} // {b} = "
    "{whole}. Here `/` is true division: decay_steps = {s:g}. What is ⌊{k}/{s:g}⌋?",
    "ex.nb04.first_drop.late": "One too late: find the first k with ⌊k/decay_steps⌋ = 1, counting from 0.",
    "ex.nb04.first_drop.one": "That would be decay_steps = 1 (notebook 2's toy run). Here decay_steps = examples / "
    "batch size.",
    "ex.nb04.first_drop.examples": "One update uses one batch of 128 examples, not one example.",
    "ex.nb04.first_drop.batch": "{k} is the batch size, the number of examples per update. How many updates make "
    "one epoch?",
    "ex.nb04.first_drop.fallback": "With staircase=True the rate is η₀·γ^⌊k/s⌋ with s = examples / batch size. For "
    "which k does ⌊k/s⌋ first become 1?",
    # printed lines of notebook 04's code cells (lrlab.i18n.text, imported there as `say`)
    "nb04.clean_noisy": "after {k} updates: clean w = {clean:9.6f}   noisy w = {noisy:9.6f}",
    "nb04.by_hand": "after {k:2d} updates: by hand {hand:.6f}   exact, from lrlab {exact:.6f}",
    "nb04.monte_carlo": "after {k:2d} updates: mean of {runs} runs {mean:.4f} ± {two_sem:.4f}   exact {exact:.4f}",
    "nb04.floor": "η = {eta:<4g}  expected loss after {T} updates {after:.6f}   noise floor {floor:.6f}   floor / η "
    "= {per_rate:.4f}",
    "nb04.after_n": "after {n} updates",
    "nb04.never": "never within {T} updates",
    "nb04.saw": "η = {eta:<4g}  below 0.1: {first};  expected loss after {T} updates {last:.4f}, noise floor "
    "{floor:.4f}",
    "nb04.greedy": "update {k}: greedy rate {eta:.6f}   lrlab's optimal schedule {lrlab:.6f}",
    "nb04.bound": "after {T} updates: lowest possible expected loss {bound:.6f}; the optimal schedule's {reached:.6f}",
    "nb04.race_lowest": "lowest possible expected loss: {b300:.6f} after 300 updates, {bT:.6f} after {T}",
    "nb04.race_tuned": "the exponential decay tuned for {T} updates: η₀ = {eta0:.5f}, γ = {gamma:.4f}",
    "nb04.race_row": "η₀ = {first:<8.3g} after 300: {e300:.6f} = {r300:7.2f} × lowest   after {T}: {eT:.6f} = "
    "{rT:7.2f} × lowest   {name}",
    "nb04.horizon": "T = {T:>6}: the rate tuned for {tuned_for} ends at {tuned:8.2f} × lowest; the best constant for "
    "this T, {own_rate:.5f}, at {own:.2f} ×; the optimal schedule at {optimal:.2f} ×",
    "nb04.levels_off": "γ = {gamma:<5g} η₀ = {eta0:<4g} sum of the rates {total:5.1f}: after {T} updates {e:.6f}, "
    "predicted {predicted:.6f}",
    "nb04.map_best": "best setting of the grid: η₀ = {eta0:.4f}, γ = {gamma:.3f}, expected loss {e:.5f} = "
    "{ratio:.2f} × the lowest possible after {T} updates",
    "nb04.map_constant": "best constant rate of the grid (γ = 1): η = {eta:.4f}, expected loss {e:.5f} = {ratio:.2f} "
    "× the lowest possible",
    "nb04.bowl": "2/f″ at w₀ = 5: {local:.4f}.  Rates {low:g} to {largest:.4f}: {n} of {m} converge; the next rate, "
    "{next:.4f}, does not",
    "nb04.warm_steep": "constant 0.4: w = {w} …  the loss overflows after {at} updates",
    "nb04.warm_warm": "warmup:       w = {w} …  w after 60 updates = {end:.6f}, exactly −1 after {exact} updates",
    "nb04.warm_best": "best converging constant rate after 60 updates: η = {rate:.4f}, {d:.2g} from −1",
    "nb04.mnist_epoch": "decay_steps = {examples} / {batch} = {per_epoch} updates = one epoch; {steps} updates = "
    "{epochs:.1f} epochs",
    "nb04.mnist_update": "update {k:6d}: epoch {epoch:3d}, rate {rate:.6f}",
    "nb04.mnist_both": "epoch {e:3d}: update {k:6d} → {per_update:.6f}   epoch {e:3d} → {per_epoch:.6f}",
    "nb04.line_best": "least-squares line: y = {m:.4f}·x + {b:.4f}",
    "nb04.line_row": "excess loss in epoch 1 {e1:.1e}, epoch 10 {e10:.1e}, epoch 50 {e50:.1e}:  {name}",
}

_ZH_EX04: dict[str, str] = {
    "ex.nb04.floor_height.clean_loss": "这是 (w + 1)² 的噪声底，那里 a = 1。这里 a = 2：因子 1 − aη 变了。",
    "ex.nb04.floor_height.variance": "这是 w 的方差（偏移 d 的分散程度）。损失是 a·d²，所以还要乘以 a。",
    "ex.nb04.floor_height.factor": "你漏掉了因子 1/(1 − aη)：η 越大，把 w 拉回 c 的力量相对越弱。",
    "ex.nb04.floor_height.squared": "噪声是以平方进入的：σ² = 9，而不是 σ = 3。",
    "ex.nb04.floor_height.a_not_f2": "1 − aη 里用的是 a = {a:g}，不是 f″ = 2a = {f2:g}。（用 f″ 表示，噪声底是 "
    "ησ²/(2(2 − ηf″))。）",
    "ex.nb04.floor_height.fallback": "用 E[损失] = ησ²/(4(1 − aη))，其中 a = 2，η = 0.1，σ = 3"
    "（或者用 ησ²/(2(2 − ηf″))，其中 f″ = 4）。",
    "ex.nb04.floor_height.right": "ησ²/(4(1 − aη)) = {eta:g}·{sigma2:g}/(4·{one_minus:g}) = {target:.4f}。"
    "用 `lrlab.noise_floor({eta:g}, {sigma:g}, lrlab.Quadratic(a={a:g}, centre=3))` 验证一下。",
    "ex.nb04.halve_rate.right": "噪声底从 {old:.4f} 降到 {new:.4f}：是原来的 {ratio:.3f}。η 减半，分子 ησ² 也减半；"
    "而分母 4(1 − aη) 略微变大（相对于噪声的扰动，w 被拉回得更用力），所以噪声底降到一半以下。"
    "用 `lrlab.noise_floor` 验证一下。",
    "ex.nb04.halve_rate.half": "噪声底是 ησ²/(4(1 − aη))：η 出现了两次。分子减半；η 从 0.2 变到 0.1 时，分母怎么变？",
    "ex.nb04.halve_rate.wrong": "分别算出 η = 0.2 和 η = 0.1 时的 ησ²/(4(1 − aη))（a = 1，σ = 2）再比较："
    "η 变小时分母变大。",
    "ex.nb04.why_decay.right": "{const:.5f} / {bound:.5f} = {ratio:.2f}。为什么：恒定的学习率既要足够大，才能在 {T} "
    "次更新内忘掉出发点 w₀ = 5，又要足够小，才能让噪声底低；它最多只能折中，η = {rate:.4f}。衰减的调度不必折中："
    "它从 1/f″ = 0.5 附近开始，一下子就忘掉出发点，然后随着剩下的误差变小而降低学习率，于是它加进来的噪声也越来越小。",
    "ex.nb04.why_decay.inverted": "你除反了：问题问的是恒定学习率的期望损失是最低可能值的多少倍（一个大于 1 的数）。",
    "ex.nb04.why_decay.difference": "这是两个期望损失的差；问题问的是它们的比值。",
    "ex.nb04.why_decay.floor": "这里用的是最佳恒定学习率的噪声底，也就是再过很多次更新之后它才会停留的高度。"
    "{T} 次更新后它还没到那里：用 `lrlab.expected_loss(rate, steps={T}, noise=1.0)[-1]`。",
    "ex.nb04.why_decay.course_rate": "这是课程里的恒定学习率 0.2，不是这个步数上限下最好的恒定学习率："
    "`lrlab.best_constant_rate(100, noise=1.0)`。",
    "ex.nb04.why_decay.other_noise": "这是 σ = {other:g}（笔记本正文里的噪声）时的结果；这里 σ = {sigma:g}。",
    "ex.nb04.why_decay.other_horizon": "这是步数上限为 3000 次更新时的结果；这里 T = {T}，"
    "而最好的恒定学习率取决于步数上限。",
    "ex.nb04.why_decay.fallback": "用 `lrlab.best_constant_rate({T}, noise={sigma:.1f})` 找出学习率，用 "
    "`lrlab.expected_loss(rate, steps={T}, noise={sigma:.1f})[-1]` 算出它 {T} 次更新后的期望损失，再除以 "
    "`lrlab.best_possible_loss({T}, noise={sigma:.1f})`。",
    "ex.nb04.first_drop.whole": "更新的序号是一个 ≥ 0 的整数；你写的是 {k:g}。",
    "ex.nb04.first_drop.right": "decay_steps = {n}/{b} = {s:g}，不是整数：⌊{before}/{s:g}⌋ = 0，而 "
    "⌊{target}/{s:g}⌋ = 1，所以第 {target} 次更新第一个用上 {rate:.4g}。（Keras 每个迭代周期也分成 {target} 批："
    "最后一批小一些。）用 `lrlab.exponential_decay(...)(k)` 验证一下。",
    "ex.nb04.first_drop.floor_division": "这是 decay_steps = {n} // {b} = {whole} 时学习率下降的位置。这里的 `/` "
    "是真除法：decay_steps = {s:g}。⌊{k}/{s:g}⌋ 等于多少？",
    "ex.nb04.first_drop.late": "晚了一次：找出第一个满足 ⌊k/decay_steps⌋ = 1 的 k，从 0 开始数。",
    "ex.nb04.first_drop.one": "那是 decay_steps = 1 的情形（第 2 本笔记本里的小例子）。这里 decay_steps = "
    "样本数 / 批量大小。",
    "ex.nb04.first_drop.examples": "一次更新用一批 128 个样本，而不是一个样本。",
    "ex.nb04.first_drop.batch": "{k} 是批量大小，也就是每次更新用的样本数。一个迭代周期要多少次更新？",
    "ex.nb04.first_drop.fallback": "staircase=True 时学习率是 η₀·γ^⌊k/s⌋，其中 s = 样本数 / 批量大小。"
    "k 取多少时 ⌊k/s⌋ 第一次变成 1？",
    # printed lines of notebook 04's code cells (lrlab.i18n.text, imported there as `say`)
    "nb04.clean_noisy": "{k} 次更新后：干净的 w = {clean:9.6f}   带噪声的 w = {noisy:9.6f}",
    "nb04.by_hand": "{k:2d} 次更新后：手算 {hand:.6f}   lrlab 的精确值 {exact:.6f}",
    "nb04.monte_carlo": "{k:2d} 次更新后：{runs} 次运行的平均 {mean:.4f} ± {two_sem:.4f}   精确值 {exact:.4f}",
    "nb04.floor": "η = {eta:<4g}  {T} 次更新后的期望损失 {after:.6f}   噪声底 {floor:.6f}   噪声底 / η = "
    "{per_rate:.4f}",
    "nb04.after_n": "{n} 次更新后",
    "nb04.never": "{T} 次更新内从未",
    "nb04.saw": "η = {eta:<4g}  低于 0.1：{first}；{T} 次更新后的期望损失 {last:.4f}，噪声底 {floor:.4f}",
    "nb04.greedy": "第 {k} 次更新：贪心的学习率 {eta:.6f}   lrlab 的最优调度 {lrlab:.6f}",
    "nb04.bound": "{T} 次更新后：最低可能的期望损失 {bound:.6f}；最优调度的期望损失 {reached:.6f}",
    "nb04.race_lowest": "最低可能的期望损失：300 次更新后 {b300:.6f}，{T} 次更新后 {bT:.6f}",
    "nb04.race_tuned": "为 {T} 次更新调好的指数衰减：η₀ = {eta0:.5f}，γ = {gamma:.4f}",
    "nb04.race_row": "η₀ = {first:<8.3g} 300 次后：{e300:.6f} = 最低值 × {r300:7.2f}   {T} 次后：{eT:.6f} = 最低值 × "
    "{rT:7.2f}   {name}",
    "nb04.horizon": "T = {T:>6}：为 {tuned_for} 次调好的学习率停在最低值的 {tuned:8.2f} 倍；这个 T 下最好的恒定学习率"
    " {own_rate:.5f} 停在 {own:.2f} 倍；最优调度停在 {optimal:.2f} 倍",
    "nb04.levels_off": "γ = {gamma:<5g} η₀ = {eta0:<4g} 学习率之和 {total:5.1f}：{T} 次更新后 {e:.6f}，预测值 "
    "{predicted:.6f}",
    "nb04.map_best": "网格里最好的设置：η₀ = {eta0:.4f}，γ = {gamma:.3f}，期望损失 {e:.5f}，是 {T} 次更新后最低可能值"
    "的 {ratio:.2f} 倍",
    "nb04.map_constant": "网格里最好的恒定学习率（γ = 1）：η = {eta:.4f}，期望损失 {e:.5f}，是最低可能值的 "
    "{ratio:.2f} 倍",
    "nb04.bowl": "w₀ = 5 处的 2/f″：{local:.4f}。学习率 {low:g} 到 {largest:.4f}：{m} 个中有 {n} 个收敛；下一个学习率"
    " {next:.4f} 不收敛",
    "nb04.warm_steep": "恒定 0.4：w = {w} …  {at} 次更新后损失溢出",
    "nb04.warm_warm": "预热：      w = {w} …  60 次更新后 w = {end:.6f}，{exact} 次更新后恰好是 −1",
    "nb04.warm_best": "60 次更新后最好的收敛恒定学习率：η = {rate:.4f}，离 −1 还有 {d:.2g}",
    "nb04.mnist_epoch": "decay_steps = {examples} / {batch} = {per_epoch} 次更新 = 一个迭代周期；{steps} 次更新 = "
    "{epochs:.1f} 个迭代周期",
    "nb04.mnist_update": "第 {k:6d} 次更新：第 {epoch:3d} 个迭代周期，学习率 {rate:.6f}",
    "nb04.mnist_both": "第 {e:3d} 个迭代周期：第 {k:6d} 次更新 → {per_update:.6f}   第 {e:3d} 个迭代周期 → "
    "{per_epoch:.6f}",
    "nb04.line_best": "最小二乘直线：y = {m:.4f}·x + {b:.4f}",
    "nb04.line_row": "第 1 个迭代周期的超额损失 {e1:.1e}，第 10 个 {e10:.1e}，第 50 个 {e50:.1e}：{name}",
}

# -- notebook 04: the static noise pictures of lrlab.plotting ("fig.noise.")
_EN_NOISE: dict[str, str] = {
    "fig.noise.panel_title": "η = {rate:g}, σ = {noise:g}: floor {floor:.3g}",
    "fig.noise.loss_axis": "loss (log scale)",
    "fig.noise.floor_title": "Constant rate, noisy gradients on {loss} from w₀ = {w0:g}: T = {T} updates, "
    "{runs} seeded runs",
    "fig.noise.rate_axis": "learning rate η_k (log scale)",
    "fig.noise.expected_axis": "expected loss minus the minimum (log scale)",
    "fig.noise.bound": "the lowest any schedule can reach at each update",
    "fig.noise.horizons": "horizons read in the table",
    "fig.noise.the_schedules": "the schedules",
    "fig.noise.the_loss": "their exact expected loss",
    "fig.noise.schedules_title": "Same noisy problem for every schedule: σ = {noise:g}, from w₀ = {w0:g}, "
    "T = {T} updates",
    "fig.noise.map_title": "exact expected loss after T = {T} updates from w₀ = {w0:g}, noise σ = {noise:g}",
    "fig.noise.map_bar": "expected loss after {T} updates (log scale)",
    "fig.noise.worse": "ends above the loss at w₀ ({start:g})",
    "fig.noise.lowest": "lowest expected loss ({e:.3g})",
    "fig.noise.last_finite": "last finite value before the loss overflowed",
    "fig.noise.the_rates": "the rates",
    "fig.noise.on_loss": "on {loss} from w₀ = {w0:g}",
    "fig.noise.update_number": "update (batch) number",
    "fig.noise.epoch": "epoch",
    "fig.noise.first_epochs": "first {n} epochs, one value per update",
    "fig.noise.all_epochs": "{n} epochs, one value per epoch",
    "fig.noise.rate_used": "the rate the update uses",
    "fig.noise.boundary": "epoch boundary (every {n} updates)",
    "fig.noise.points": "{n} data points",
    "fig.noise.least_squares": "least squares: y = {m:.3f}x + {b:.3f}",
    "fig.noise.excess_axis": "excess loss, mean over the epoch (log scale)",
    "fig.noise.final_line": "final line, {name}",
    "fig.noise.data_title": "the data and the final lines (one run each)",
    "fig.noise.mean_over": "mean over {runs} runs, batch {batch}, {per_epoch} updates per epoch",
}

_ZH_NOISE: dict[str, str] = {
    "fig.noise.panel_title": "η = {rate:g}，σ = {noise:g}：噪声底 {floor:.3g}",
    "fig.noise.loss_axis": "损失（对数坐标）",
    "fig.noise.floor_title": "恒定学习率，带噪声的梯度，损失函数 {loss}，从 w₀ = {w0:g} 出发：T = {T} 次更新，"
    "{runs} 次固定种子的运行",
    "fig.noise.rate_axis": "学习率 η_k（对数坐标）",
    "fig.noise.expected_axis": "期望损失，减去最小值（对数坐标）",
    "fig.noise.bound": "每次更新后任何调度所能达到的最低值",
    "fig.noise.horizons": "表格读取的步数上限",
    "fig.noise.the_schedules": "各学习率调度",
    "fig.noise.the_loss": "它们精确的期望损失",
    "fig.noise.schedules_title": "同一个带噪声的问题：σ = {noise:g}，从 w₀ = {w0:g} 出发，T = {T} 次更新",
    "fig.noise.map_title": "从 w₀ = {w0:g} 出发、T = {T} 次更新后的精确期望损失，噪声 σ = {noise:g}",
    "fig.noise.map_bar": "{T} 次更新后的期望损失（对数坐标）",
    "fig.noise.worse": "最后比 w₀ 处的损失（{start:g}）还高",
    "fig.noise.lowest": "最低的期望损失（{e:.3g}）",
    "fig.noise.last_finite": "损失溢出之前的最后一个有限值",
    "fig.noise.the_rates": "学习率",
    "fig.noise.on_loss": "损失函数 {loss}，从 w₀ = {w0:g} 出发",
    "fig.noise.update_number": "更新（批）的序号",
    "fig.noise.epoch": "迭代周期",
    "fig.noise.first_epochs": "前 {n} 个迭代周期，每次更新一个值",
    "fig.noise.all_epochs": "{n} 个迭代周期，每个迭代周期一个值",
    "fig.noise.rate_used": "这次更新所用的学习率",
    "fig.noise.boundary": "迭代周期的分界（每 {n} 次更新）",
    "fig.noise.points": "{n} 个数据点",
    "fig.noise.least_squares": "最小二乘：y = {m:.3f}x + {b:.3f}",
    "fig.noise.excess_axis": "超额损失，每个迭代周期的平均（对数坐标）",
    "fig.noise.final_line": "最终的直线：{name}",
    "fig.noise.data_title": "数据和最终的直线（各取一次运行）",
    "fig.noise.mean_over": "{runs} 次运行的平均，批量大小 {batch}，每个迭代周期 {per_epoch} 次更新",
}

# -- texts that notebooks pass to lrlab in their (shared) code cells: titles and names, shown translated.
#    Key "phrase:<the English text>"; the English value is the text itself. See :func:`phrase`.
_PHRASES_ZH: dict[str, str] = {
    "η = 0.2: w slides down to −1": "η = 0.2：w 平稳下滑到 −1",
    "η₀ = 0.9, γ = 0.9 (grey: no decay)": "η₀ = 0.9，γ = 0.9（灰色：不衰减）",
    "γ = 0.5: w freezes far from −1": "γ = 0.5：w 在离 −1 很远的地方冻结",
    "η₀ = 1.5, γ = 0.95: overshoot, then rescue": "η₀ = 1.5，γ = 0.95：先冲过头，再被衰减拉回来",
    "smooth": "平滑衰减",
    "staircase": "阶梯式衰减",
    "constant 0.4": "恒定 0.4",
    "warmup to 0.4 over 30 updates": "用 30 次更新预热到 0.4",
    "constant rate": "恒定学习率",
    "warmup": "预热（warmup）",
    "constant": "恒定",
    "exponential": "指数衰减",
    "inverse time": "逆时衰减",
    "polynomial": "多项式衰减",
    "cosine": "余弦调度",
    "constant 0.1": "恒定 0.1",
    "constant 0.02": "恒定 0.02",
    "0.1 · 0.9 per epoch": "0.1，每个迭代周期乘 0.9",
    "constant 0.2": "恒定 0.2",
    "best constant": "最佳恒定学习率",
    "optimal": "最优调度",
    "constant 0.01": "恒定 0.01",
    "constant 0.005": "恒定 0.005",
}

# -- exercise feedback of notebook 05 (lrlab.exercises.nb05)
_EN_EX05: dict[str, str] = {
    "ex.nb05.distance_sign": "How far: a distance, so without its sign.",
    "ex.nb05.best_momentum.course_loss": "That is the best momentum for (w + 1)², where ηf″ = {x:g}. Here f″ = 8.",
    "ex.nb05.best_momentum.a_not_f2": "You used a = 4 where the formula has f″ = 2a = 8.",
    "ex.nb05.best_momentum.no_square": "That is 1 − √(ηf″), the factor by which |w − 2| shrinks per update; the "
    "best momentum is its square.",
    "ex.nb05.best_momentum.root_only": "That is √(ηf″). The best momentum is (1 − √(ηf″))².",
    "ex.nb05.best_momentum.no_root": "That is (1 − ηf″)²: the root is missing. The best momentum is (1 − √(ηf″))².",
    "ex.nb05.best_momentum.plain": "That is 1 − ηf″, plain descent's factor q per update. The best momentum is "
    "(1 − √(ηf″))².",
    "ex.nb05.best_momentum.fallback": "The best momentum is β* = (1 − √(ηf″))², with f″ = 2a = 8 and η = 0.02.",
    "ex.nb05.best_momentum.right": "β* = (1 − √{x:g})² = {target:.2f}: the two roots of r² − (1 + β − ηf″)r + β "
    "meet at 1 − √(ηf″), so |w − 2| shrinks by the factor {rho:.2f} per update (plain descent: {plain:.2f}). Check "
    "it with `lrlab.optimizers.best_momentum(0.02, lrlab.Quadratic(a=4, centre=2))`.",
    "ex.nb05.largest_rate.plain": "That is plain descent's bound 2/f″. Momentum stretches it.",
    "ex.nb05.largest_rate.minus": "It is 1 + β, not 1 − β: momentum lets a larger rate converge.",
    "ex.nb05.largest_rate.no_f2": "Divide by f″ = {f2:g}: the condition is ηf″ < 2(1 + β).",
    "ex.nb05.largest_rate.half": "The condition is ηf″ < 2(1 + β): the factor 2 is missing.",
    "ex.nb05.largest_rate.beta_one": "That is the bound as β nears 1 (4/f″). Here β = 0.5.",
    "ex.nb05.largest_rate.fallback": "Heavy-ball momentum converges exactly when 0 < ηf″ < 2(1 + β).",
    "ex.nb05.largest_rate.right": "η < 2(1 + {beta:g})/{f2:g} = {target:g}: momentum stretches plain descent's "
    "bound 2/f″ by the factor 1 + β. Check it with `lrlab.optimizers.momentum_converges(1.49, 0.5)` and "
    "`(1.51, 0.5)`.",
    "ex.nb05.tf1_first_step.from_zero": "That is the first move when the mean square starts at 0, as in Keras and "
    "PyTorch. TensorFlow 1 starts it at 1.",
    "ex.nb05.tf1_first_step.plain": "That is plain descent's move η·g = {step:.3g}: RMSProp divides it by the root "
    "of its mean square.",
    "ex.nb05.tf1_first_step.no_root": "Divide by the square root of the mean square, not by the mean square.",
    "ex.nb05.tf1_first_step.fallback": "The gradient is g = {g:g}. First s = 1 + (g² − 1)(1 − 0.9), then the move "
    "is 0.01·g/√(s + 1e-10).",
    "ex.nb05.tf1_first_step.right": "s = 1 + (g² − 1)(1 − 0.9) = {s:.5f} with g = {g:g}, so the move is "
    "0.01·{g:g}/√{s:.5f} = {target:.4g}. The mean square that starts at 1 holds the first updates back: with the "
    "mean square starting at 0, as in Keras, the first update moves {keras:.3g}.",
    "ex.nb05.adam_first_step.plain": "That is plain descent's move η·|g| with |g| = {g:g}. Adam divides by √v.",
    "ex.nb05.adam_first_step.no_correction": "You left out the bias corrections: after one update m = 0.1g and "
    "v = 0.001g², and Adam divides them by 1 − β₁ = 0.1 and 1 − β₂ = 0.001.",
    "ex.nb05.adam_first_step.m_only": "You corrected m but not v: the corrected v̂ = v/(1 − β₂) is g².",
    "ex.nb05.adam_first_step.v_only": "You corrected v but not m: the corrected m̂ = m/(1 − β₁) is g.",
    "ex.nb05.adam_first_step.fallback": "After one update Adam's corrected averages are m̂ = g and v̂ = g², and the "
    "move is η·m̂/(√v̂ + ε).",
    "ex.nb05.adam_first_step.right": "After one update m̂ = g and v̂ = g², so the move is η·|g|/(|g| + ε) ≈ η = "
    "{eta:g} (exactly {target:.10f}): the size of the gradient, |g| = {g:g}, cancels out. Plain descent would move "
    "{plain:g}.",
}

_ZH_EX05: dict[str, str] = {
    "ex.nb05.distance_sign": "问的是移动了多远：距离不带正负号。",
    "ex.nb05.best_momentum.course_loss": "这是 (w + 1)² 的最佳动量，那里 ηf″ = {x:g}。这里 f″ = 8。",
    "ex.nb05.best_momentum.a_not_f2": "公式里是 f″ = 2a = 8，你用的是 a = 4。",
    "ex.nb05.best_momentum.no_square": "这是 1 − √(ηf″)，也就是 |w − 2| 每次更新缩小的倍数；最佳动量是它的平方。",
    "ex.nb05.best_momentum.root_only": "这是 √(ηf″)。最佳动量是 (1 − √(ηf″))²。",
    "ex.nb05.best_momentum.no_root": "这是 (1 − ηf″)²：少了开方。最佳动量是 (1 − √(ηf″))²。",
    "ex.nb05.best_momentum.plain": "这是 1 − ηf″，也就是普通梯度下降每次更新的因子 q。最佳动量是 (1 − √(ηf″))²。",
    "ex.nb05.best_momentum.fallback": "最佳动量是 β* = (1 − √(ηf″))²，其中 f″ = 2a = 8，η = 0.02。",
    "ex.nb05.best_momentum.right": "β* = (1 − √{x:g})² = {target:.2f}：r² − (1 + β − ηf″)r + β 的两个根在 "
    "1 − √(ηf″) 处重合，所以 |w − 2| 每次更新缩小为原来的 {rho:.2f} 倍（普通梯度下降：{plain:.2f}）。用 "
    "`lrlab.optimizers.best_momentum(0.02, lrlab.Quadratic(a=4, centre=2))` 验证一下。",
    "ex.nb05.largest_rate.plain": "这是普通梯度下降的界 2/f″。动量会把它放宽。",
    "ex.nb05.largest_rate.minus": "是 1 + β，不是 1 − β：动量让更大的学习率也能收敛。",
    "ex.nb05.largest_rate.no_f2": "还要除以 f″ = {f2:g}：条件是 ηf″ < 2(1 + β)。",
    "ex.nb05.largest_rate.half": "条件是 ηf″ < 2(1 + β)：少了因子 2。",
    "ex.nb05.largest_rate.beta_one": "这是 β 趋近 1 时的界（4/f″）。这里 β = 0.5。",
    "ex.nb05.largest_rate.fallback": "重球动量收敛的充要条件是 0 < ηf″ < 2(1 + β)。",
    "ex.nb05.largest_rate.right": "η < 2(1 + {beta:g})/{f2:g} = {target:g}：动量把普通梯度下降的界 2/f″ 放大为 "
    "1 + β 倍。用 `lrlab.optimizers.momentum_converges(1.49, 0.5)` 和 `(1.51, 0.5)` 验证一下。",
    "ex.nb05.tf1_first_step.from_zero": "这是均方从 0 开始时的第一次移动（Keras 和 `PyTorch` 就是这样）。"
    "`TensorFlow 1` 让它从 1 开始。",
    "ex.nb05.tf1_first_step.plain": "这是普通梯度下降的移动量 η·g = {step:.3g}：`RMSProp` 还要除以均方的平方根。",
    "ex.nb05.tf1_first_step.no_root": "要除以均方的平方根，而不是均方本身。",
    "ex.nb05.tf1_first_step.fallback": "梯度是 g = {g:g}。先算 s = 1 + (g² − 1)(1 − 0.9)，"
    "移动量是 0.01·g/√(s + 1e-10)。",
    "ex.nb05.tf1_first_step.right": "g = {g:g} 时 s = 1 + (g² − 1)(1 − 0.9) = {s:.5f}，所以移动量是 "
    "0.01·{g:g}/√{s:.5f} = {target:.4g}。均方从 1 开始，拖住了最初的几次更新：若均方像 Keras 那样从 0 开始，"
    "第一次更新会移动 {keras:.3g}。",
    "ex.nb05.adam_first_step.plain": "这是普通梯度下降的移动量 η·|g|，其中 |g| = {g:g}。`Adam` 还要除以 √v。",
    "ex.nb05.adam_first_step.no_correction": "你漏掉了偏差修正：一次更新后 m = 0.1g，v = 0.001g²，`Adam` "
    "还要分别除以 1 − β₁ = 0.1 和 1 − β₂ = 0.001。",
    "ex.nb05.adam_first_step.m_only": "你修正了 m，却没有修正 v：修正后的 v̂ = v/(1 − β₂) 等于 g²。",
    "ex.nb05.adam_first_step.v_only": "你修正了 v，却没有修正 m：修正后的 m̂ = m/(1 − β₁) 等于 g。",
    "ex.nb05.adam_first_step.fallback": "一次更新后，`Adam` 修正后的平均值是 m̂ = g 和 v̂ = g²，移动量是 η·m̂/(√v̂ + ε)。",
    "ex.nb05.adam_first_step.right": "一次更新后 m̂ = g，v̂ = g²，所以移动量是 η·|g|/(|g| + ε) ≈ η = {eta:g}"
    "（精确值 {target:.10f}）：梯度的大小 |g| = {g:g} 被约掉了。普通梯度下降会移动 {plain:g}。",
}

# -- notebook 05: the optimizer pictures of lrlab.plotting ("fig.opt.")
_EN_OPT: dict[str, str] = {
    "fig.opt.plain": "plain gradient descent",
    "fig.opt.title": "{rate} on {loss} from w₀ = {w0:g}, {steps} updates",
    "fig.opt.rate_axis": "learning rate η (log scale)",
    "fig.opt.momentum_axis": "momentum β",
    "fig.opt.rho_first": "ρ < {hi:g} (fastest)",
    "fig.opt.rho_between": "{lo:g} ≤ ρ < {hi:g}",
    "fig.opt.diverges": "ρ ≥ 1: diverges",
    "fig.opt.edge": "edge ηf″ = 2(1 + β)",
    "fig.opt.best": "best momentum (1 − √(ηf″))²",
    "fig.opt.marked": "settings of the text",
    "fig.opt.map_title": "Heavy-ball momentum on {loss}: ρ, the factor by which |w − c| shrinks per update",
}

_ZH_OPT: dict[str, str] = {
    "fig.opt.plain": "普通梯度下降",
    "fig.opt.title": "损失函数 {loss}，{rate}，从 w₀ = {w0:g} 出发，{steps} 次更新",
    "fig.opt.rate_axis": "学习率 η（对数坐标）",
    "fig.opt.momentum_axis": "动量 β",
    "fig.opt.rho_first": "ρ < {hi:g}（最快）",
    "fig.opt.rho_between": "{lo:g} ≤ ρ < {hi:g}",
    "fig.opt.diverges": "ρ ≥ 1：发散",
    "fig.opt.edge": "边界 ηf″ = 2(1 + β)",
    "fig.opt.best": "最佳动量 (1 − √(ηf″))²",
    "fig.opt.marked": "正文中的设置",
    "fig.opt.map_title": "损失函数 {loss} 上的重球动量：ρ 是 |w − c| 每次更新缩小的倍数",
}

# -- notebook 05: the optimizer explorer's own texts (lrlab.widgets.OptimizerExplorer, keys "opt.")
_EN_OPT_VIEW: dict[str, str] = {
    "opt.optimizer": "optimizer",
    "opt.beta": "β: momentum (Adam: β₁, RMSprop: ρ)",
    "opt.beta2": "Adam's β₂",
    "opt.setting": "η = {rate}, β = {beta}",
    "opt.setting_rho": "η = {rate}, ρ = {beta}",
    "opt.setting_adam": "η = {rate}, β₁ = {beta}, β₂ = {beta2}",
    "opt.setting_of": "{optimizer}: {setting}",
    "opt.factor": "heavy ball: |w − c| shrinks by ρ = {rho} per update",
    "opt.factor_diverges": "heavy ball: ρ = {rho} ≥ 1, diverges",
    "opt.map_none": "the heavy ball's map (no such formula for this optimizer)",
    "opt.map_heavy": "heavy ball: ρ per update over (η, β); a click picks a setting",
    "opt.map_course": "course SGDM: the heavy ball at the rate (1 − β)η; a click picks a setting",
    "opt.canvas": "An optimizer's run on the loss {loss}: the path of w on the parabola, the distance to the minimum "
    "per step (log scale), and the heavy ball's map of learning rate and momentum, where a click picks a setting.",
    "opt.text": "Optimizer explorer: {optimizer} with {setting} on {loss} from w₀ = {w0}: w after {steps} updates "
    "= {end}. Its knobs and its map work in the browser, with or without a running kernel.",
}

_ZH_OPT_VIEW: dict[str, str] = {
    "opt.optimizer": "优化器",
    "opt.beta": "β：动量（自适应优化器中的 β₁ 或 ρ）",
    "opt.beta2": "二阶矩的 β₂",
    "opt.setting": "η = {rate}，β = {beta}",
    "opt.setting_rho": "η = {rate}，ρ = {beta}",
    "opt.setting_adam": "η = {rate}，β₁ = {beta}，β₂ = {beta2}",
    "opt.setting_of": "{optimizer}：{setting}",
    "opt.factor": "重球：|w − c| 每次更新缩小为原来的 ρ = {rho} 倍",
    "opt.factor_diverges": "重球：ρ = {rho} ≥ 1，发散",
    "opt.map_none": "重球的图（这个优化器没有这样的公式）",
    "opt.map_heavy": "重球：每次更新的 ρ，横轴 η，纵轴 β；点击可选取设置",
    "opt.map_course": "课程的动量法：学习率为 (1 − β)η 的重球；点击可选取设置",
    "opt.canvas": "优化器在损失函数 {loss} 上的运行：w 在抛物线上的路径，每一步到最小值点的距离（对数坐标），以及重球"
    "在学习率和动量平面上的图，点击图可以选取设置。",
    "opt.text": "优化器探索器：{optimizer}，{setting}，损失函数 {loss}，从 w₀ = {w0} 出发：{steps} 次更新后 w = {end}。"
    "滑块和图在浏览器里就能用，不需要运行中的内核。",
}

#: Every text lrlab shows, per language (the same keys and the same placeholders in each).
CATALOGUE: dict[str, dict[str, str]] = {
    "en": _EN
    | _EN_VIEW
    | _EN_EX
    | _EN_EX04
    | _EN_EX05
    | _EN_FIG
    | _EN_NOISE
    | _EN_OPT_VIEW
    | _EN_OPT
    | {f"phrase:{en}": en for en in _PHRASES_ZH},
    "zh": _ZH
    | _ZH_VIEW
    | _ZH_EX
    | _ZH_EX04
    | _ZH_EX05
    | _ZH_FIG
    | _ZH_NOISE
    | _ZH_OPT_VIEW
    | _ZH_OPT
    | {f"phrase:{en}": zh for en, zh in _PHRASES_ZH.items()},
}

#: The keys of the explorers' labels (:data:`lrlab.view.LABELS`, plus the regime and outcome names).
LABEL_KEYS = tuple(_EN) + tuple(_EN_VIEW)
