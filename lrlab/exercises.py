"""Exercises with answers checked on the spot, and hints that point at the mistake.

Each checker takes the student's answer and always returns a :class:`Feedback`
(never raises), which a notebook shows as a short message. ``None`` means
"not answered yet". Answers may be numbers, numpy numbers or arrays, or text
such as ``"1/6"``, ``"0.167"`` or ``"2, -4"``; anything else gets a message
saying what was expected. The right answers are worked out with lrlab itself,
never typed in, and every question states the precision it wants.

Feedback and hints are in the current language (:func:`lrlab.set_language`, texts in
:mod:`lrlab.i18n`); choice answers may be typed in English or in Chinese (``"same"`` or ``"相同"``).
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from . import i18n
from .descent import descend
from .losses import Quadratic
from .schedules import exponential_decay
from .theory import (
    best_constant_rate,
    best_possible_loss,
    contraction,
    expected_loss,
    frozen_limit,
    noise_floor,
    steps_to_reach,
)

__all__ = ["Feedback", "checkers", "nb01", "nb02", "nb03", "nb04", "nb05"]


def _t(key: str, **values) -> str:
    """An exercise text (``ex.<key>`` of the catalogue) in the current language."""
    return i18n.text("ex." + key, **values)


@dataclass(frozen=True)
class Feedback:
    """What a checker says: right or not, and a message (in the language current when it was made)."""

    correct: bool
    message: str
    language: str = field(default_factory=i18n.get_language, compare=False, repr=False)

    def __str__(self):
        return ("✅ " if self.correct else "❌ ") + self.message

    def __repr__(self):
        return str(self)

    def _repr_markdown_(self):
        word = i18n.CATALOGUE[self.language]["ex.right" if self.correct else "ex.not_yet"]
        return ("✅ **" if self.correct else "❌ **") + word + "** " + self.message


def _todo() -> Feedback:
    """The answer is still ``None``."""
    return Feedback(False, _t("todo"))


class _Unreadable(Exception):
    """An answer that is not a number (its message is shown to the student)."""


def _shown(answer) -> str:
    """A short, safe description of what the student typed (a numpy number, or an array of one, shows as the
    number it holds)."""
    try:
        if isinstance(answer, np.generic) or (isinstance(answer, np.ndarray) and answer.size == 1):
            answer = answer.item()
        text = repr(answer)
    except Exception:  # noqa: BLE001 - a hostile __repr__ must not break the feedback
        text = f"a {type(answer).__name__}"
    return text if len(text) <= 60 else text[:57] + "…"


_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")

#: Words for "about" a student may put before a number (in either language); they change nothing.
_ABOUT = ("approximately", "approx.", "about", "大约", "约", "≈", "~")


def _ascii(text: str) -> str:
    """What a student typed, read as its ASCII form.

    A Chinese keyboard types full-width digits and punctuation (``０.１６７``, ``1／6``, ``0，4``): NFKC
    turns them into ASCII. Unicode minus signs become ``-``; a closing full stop (``。``) and a leading
    "about" (``约``, ``≈``) are dropped. Spaces inside a number are kept, so ``0.1 67`` is not read as 0.167.
    """
    s = unicodedata.normalize("NFKC", text).strip()
    s = s.replace("−", "-").replace("–", "-").rstrip("。").strip()
    for word in _ABOUT:
        if s.lower().startswith(word):
            s = s[len(word) :].strip()
            break
    s = re.sub(r"\s*/\s*", "/", s)  # 1 / 6
    return re.sub(r"^([+-])\s+", r"\1", s)  # - 0.5


def _from_text(text: str) -> float:
    s = _ascii(text)
    if _NUMBER.fullmatch(s):
        return float(s)
    if s.count("/") == 1:
        top, bottom = s.split("/")
        if _NUMBER.fullmatch(top) and _NUMBER.fullmatch(bottom):
            if float(bottom) == 0:
                raise _Unreadable(_t("divides_by_zero", text=text.strip()))
            return float(top) / float(bottom)
    if re.search(r"[,;\[\]()]", s):
        raise _Unreadable(_t("one_number", shown=_shown(text)))
    raise _Unreadable(_t("unreadable", shown=_shown(text.strip())))


def _number(answer) -> float:
    """``answer`` as one finite float, or :class:`_Unreadable` with a message saying why not.

    Never raises anything else: an object that claims to be a number but cannot become one is unreadable.
    """
    try:
        x = _as_float(answer)
    except _Unreadable:
        raise
    except Exception:  # noqa: BLE001 - a contrived object must get a message, not a traceback
        raise _Unreadable(_t("number", shown=_shown(answer))) from None
    if not math.isfinite(x):
        raise _Unreadable(_t("finite", shown=_shown(answer)))
    return x


def _plain(answer):
    """A str or ndarray subclass as a plain str or ndarray: the student's value, not the subclass's overrides."""
    if isinstance(answer, str):
        return str.__str__(answer)
    if isinstance(answer, np.ndarray):
        return np.asarray(answer)
    return answer


def _as_float(answer) -> float:
    answer = _plain(answer)
    if isinstance(answer, (bool, np.bool_)):
        raise _Unreadable(_t("not_bool", answer=answer))
    if isinstance(answer, str):
        return _from_text(str(answer))
    if isinstance(answer, (numbers.Real, Decimal, Fraction)):
        try:
            return float(answer)
        except (OverflowError, ValueError, TypeError):
            raise _Unreadable(_t("finite", shown=_shown(answer))) from None
    if isinstance(answer, np.ndarray) and answer.size == 1:
        return _number(answer.reshape(()).item())
    if isinstance(answer, (list, tuple, set, np.ndarray)):
        raise _Unreadable(_t("one_number", shown=_shown(answer)))
    if isinstance(answer, numbers.Complex):
        raise _Unreadable(_t("real", shown=_shown(answer)))
    raise _Unreadable(_t("number", shown=_shown(answer)))


def _numbers(answer) -> list[float]:
    """``answer`` as a list of finite floats (a list, tuple, array, or text like ``"2, -4"``)."""
    answer = _plain(answer)
    if isinstance(answer, str):
        inner = _ascii(str(answer)).strip("[](){}").strip()
        parts = [p for p in re.split(r"[,;]" if re.search(r"[,;]", inner) else r"\s+", inner) if p.strip()]
        if not parts:
            raise _Unreadable(_t("no_numbers", shown=_shown(answer)))
        return [_number(p) for p in parts]
    if isinstance(answer, np.ndarray):
        if answer.ndim == 0:
            raise _Unreadable(_t("as_list", shown=_shown(answer)))
        if answer.ndim > 1:
            raise _Unreadable(_t("flat_list", shape=answer.shape))
        answer = answer.reshape(-1).tolist()
    if isinstance(answer, (list, tuple, set)):
        return [_number(x) for x in answer]
    raise _Unreadable(_t("as_list", shown=_shown(answer)))


def _tolerance(target: float, *, sig: int | None = None, decimals: int | None = None) -> float:
    """Half a unit in the last digit asked for (plus a hair for rounding)."""
    if decimals is not None:
        return 0.5 * 10.0**-decimals * (1 + 1e-9)
    exponent = math.floor(math.log10(abs(target))) if target else 0
    return 0.5 * 10.0 ** (exponent - (sig or 3) + 1) * (1 + 1e-9)


def _precision_words(sig: int | None, decimals: int | None) -> str:
    return _t("decimals", n=decimals) if decimals is not None else _t("significant", n=sig)


def _check_number(
    answer, target, hints, *, fallback, sig: int | None = 3, decimals: int | None = None, right: str | None = None
) -> Feedback:
    """Compare one numeric answer with ``target`` to the stated precision.

    ``hints`` pairs known wrong values with messages; they are matched with the same tolerance. An answer that is
    not one number raises :class:`_Unreadable`.
    """
    x = _number(answer)
    tol = _tolerance(target, sig=sig, decimals=decimals)
    if abs(x - target) <= tol:
        return Feedback(True, right or _t("right_default", target=target))
    for wrong, message in hints:
        if abs(x - wrong) <= _tolerance(wrong, sig=sig, decimals=decimals):
            return Feedback(False, message)
    if abs(x - target) <= 0.05 * abs(target):
        return Feedback(False, _t("close", precision=_precision_words(sig, decimals)))
    return Feedback(False, fallback)


#: Other ways to type a choice answer (Chinese students may answer in Chinese): text → option key.
_SYNONYMS = {
    "一样": "same",
    "相等": "same",
    "一样快": "same",
    "阶梯": "staircase",
    "阶梯式衰减": "staircase",
    "平滑衰减": "smooth",
    "正好一半": "half",
    "恰好一半": "half",
    "低于": "below",
    "不到一半": "below",
    "高于": "above",
    "超过一半": "above",
}


def _display_key(option: str, display: str) -> str | None:
    """The catalogue key of an option's display name (``display`` if given, else ``ex.answer:<option>``)."""
    key = display or "ex.answer:" + option
    return key if key in i18n.CATALOGUE["en"] else None


def _choice(answer, options: dict[str, str]) -> str:
    """Which option (a key of ``options``) the answer names; options are matched case-insensitively, by their
    English key or by their name in any language (``options[key]`` is the catalogue key of the name shown,
    e.g. ``"outcome:frozen"``; empty: ``ex.answer:<key>`` if the catalogue has it, else the key itself).

    Numbers are compared with the options that are numbers.
    """
    answer = _plain(answer)
    if isinstance(answer, str):
        text = _ascii(str(answer)).strip("\"'“”‘’「」『』").strip().lower()
        if text in options:
            return text
        for key, display in options.items():
            name = _display_key(key, display)
            if name and any(text == cat[name].lower() for cat in i18n.CATALOGUE.values()):
                return key
        if _SYNONYMS.get(text) in options:
            return _SYNONYMS[text]
    try:
        x = _number(answer.strip().strip("\"'") if isinstance(answer, str) else answer)
    except _Unreadable:
        x = None
    if x is not None:
        for key in options:
            if _NUMBER.fullmatch(key) and math.isclose(x, float(key)):
                return key
    shown = []
    for key, display in options.items():
        name = _display_key(key, display)
        shown.append(repr(i18n.text(name) if name else key))
    raise _Unreadable(_t("one_of", options=", ".join(shown), shown=_shown(answer)))


def _checker(check: Callable[..., Feedback]) -> staticmethod[..., Feedback]:
    """A checker as the notebooks call it, a static method of its notebook's namespace: plain values in (str and
    ndarray subclasses lose their overrides), and a :class:`Feedback` out, whatever the answer. An answer still
    ``None`` (given or left out) is not answered yet; one that is not what the question asks for raises
    :class:`_Unreadable` in ``check``, whose message the student sees; one that breaks the checker gets "could not
    read"."""
    signature = inspect.signature(check)

    @functools.wraps(check)
    def checked(*answers, **named):
        answers = tuple(_plain(a) for a in answers)
        named = {k: _plain(a) for k, a in named.items()}
        try:
            bound = signature.bind(*answers, **named)
            bound.apply_defaults()
            if any(a is None for a in bound.arguments.values()):
                return _todo()
            return check(*answers, **named)
        except _Unreadable as exc:
            return Feedback(False, str(exc))
        except Exception:  # noqa: BLE001 - a contrived answer gets a message, never a traceback
            given = answers + tuple(named.values())
            return Feedback(False, _t("number", shown=_shown(given[0] if len(given) == 1 else given)))

    return staticmethod(checked)


#: A known mistake's hint: its name (``"zigzag"``), or its name and the values only its message quotes.
_Hint = str | tuple[str, Mapping[str, object]]


class _Answer:
    """What a question whose answer is one number states: the answer, the known mistakes (each wrong value with
    the name of its hint), the precision asked for (``sig`` significant figures, or ``decimals`` if given), and the
    values its messages quote (the answer itself is quoted as ``target``)."""

    def __init__(
        self,
        target: float,
        mistakes: Mapping[float, _Hint],
        *,
        sig: int = 3,
        decimals: int | None = None,
        **quoted: object,
    ):
        self.target, self.mistakes, self.sig, self.decimals = target, mistakes, sig, decimals
        self.quoted = {"target": target, **quoted}


def _number_checker(question: Callable[[], _Answer]) -> staticmethod[..., Feedback]:
    """The checker of a question whose answer is one number: ``question()`` works out the :class:`_Answer`, and
    its qualified name is where its texts are (``nb01.which_rate`` has ``ex.nb01.which_rate.right``,
    ``….fallback`` and ``….<hint name>``; a hint name with a dot names a text of its own, e.g.
    ``nb05.distance_sign``). A question with no ``.right`` text says "<answer> it is."."""
    key = question.__qualname__
    answer_of = functools.cache(question)  # the answer is worked out once, at the first check

    def text(name: str, values: Mapping[str, object]) -> str:
        return _t(name if "." in name else f"{key}.{name}", **values)

    def check(answer: Any) -> Feedback:
        stated = answer_of()
        hints = []
        for wrong, hint in stated.mistakes.items():
            name, own = (hint, {}) if isinstance(hint, str) else hint
            hints.append((wrong, text(name, {**stated.quoted, **own})))
        has_right = f"ex.{key}.right" in i18n.CATALOGUE["en"]
        return _check_number(
            answer,
            stated.target,
            hints,
            sig=stated.sig,
            decimals=stated.decimals,
            fallback=text("fallback", stated.quoted),
            right=text("right", stated.quoted) if has_right else None,
        )

    check.__name__, check.__qualname__, check.__doc__ = question.__name__, key, question.__doc__
    return _checker(check)


class nb01:  # noqa: N801 - a namespace per notebook
    """Exercises of notebook 01 (the learning rate)."""

    #: Exercises 1 and 4: loss(w) = 3w² − 12w + 20 = 3·(w − 2)² + 8 (the constant 8 moves nothing).
    LOSS = Quadratic(3.0, 2.0)

    @_number_checker
    def one_step_rate() -> _Answer:
        """For loss(w) = 3w² − 12w + 20, which constant rate lands on the minimum in one update?
        (3 significant figures)"""
        loss = nb01.LOSS
        return _Answer(
            loss.one_step_rate,
            {loss.bounce_rate: "bounce", 0.5: "half", 1 / 12: "twelve"},
            f2=loss.curvature,
            rate=loss.one_step_rate,
            c=loss.centre,
        )

    @_checker
    def closer_after_ten(answer: Any) -> Feedback:
        """Predict: from w0 = 5 on (w + 1)², which is closer to −1 after 10 updates, η = 0.3 or η = 0.75?
        Answer 0.3, 0.75 or "same"."""
        said = _choice(answer, {"0.3": "", "0.75": "", "same": ""})
        d = {eta: abs(float(descend(eta, steps=10, dtype=np.float64).w[-1]) + 1.0) for eta in (0.3, 0.75)}
        q = {eta: contraction(eta) for eta in (0.3, 0.75)}
        truth = "same" if math.isclose(d[0.3], d[0.75]) else ("0.3" if d[0.3] < d[0.75] else "0.75")
        if said == truth:
            return Feedback(
                True, _t("nb01.closer_after_ten.right", q1=abs(q[0.3]), q2=abs(q[0.75]), d1=d[0.3], d2=d[0.75])
            )
        if said == "same":
            return Feedback(False, _t("nb01.closer_after_ten.same"))
        return Feedback(False, _t("nb01.closer_after_ten.wrong"))

    @_number_checker
    def which_rate() -> _Answer:
        """On (w + 1)² from w0 = 5, which constant rate takes w to exactly 2 in one update? (3 significant figures)"""
        # the offset goes from 6 to 3: q = 1/2 = 1 − 2η
        target = (1.0 - (2.0 + 1.0) / (5.0 + 1.0)) / 2.0
        landed = float(descend(target, steps=1, dtype=np.float64).w[1])
        return _Answer(
            target,
            {0.75: "zigzag", 0.5: "one_step", 0.3: "gradient", 3.0: "distance"},
            rate=target,
            landed=landed,
        )

    @_checker
    def bounce_points(answer: Any) -> Feedback:
        """On loss(w) = 3w² − 12w + 20 from w0 = 0, at the bounce rate, which two values does w jump between?
        (A list of two numbers.)"""
        values = sorted(_numbers(answer))
        loss = nb01.LOSS
        run = descend(loss.bounce_rate, w0=0.0, steps=6, loss=loss, dtype=np.float64)
        target = sorted(set(run.w.tolist()))
        if len(values) != 2:
            return Feedback(False, _t("nb01.bounce_points.two", n=len(values)))
        if all(abs(a - b) <= 1e-3 for a, b in zip(values, target, strict=True)):
            return Feedback(True, _t("nb01.bounce_points.right", low=target[0], high=target[1], c=loss.centre))
        if not any(abs(v) <= 1e-3 for v in values):
            return Feedback(False, _t("nb01.bounce_points.start"))
        if any(abs(v + 2.0) <= 1e-3 for v in values):
            return Feedback(False, _t("nb01.bounce_points.mirror_zero"))
        return Feedback(False, _t("nb01.bounce_points.fallback"))

    #: Exercise 2: one constant rate for the two bowls (w + 1)² (f″ = 2) and 2·(w − 3)² (f″ = 4).
    BOWLS = (Quadratic(), Quadratic(2.0, 3.0))

    @_number_checker
    def one_rate_for_two() -> _Answer:
        """One constant rate for (w + 1)² and 2·(w − 3)²: which rate makes the larger of the two |q| as small as
        it can be? (3 significant figures)"""
        flat, steep = nb01.BOWLS
        f_flat, f_steep = flat.curvature, steep.curvature
        # max(|1 − η·f_flat|, |1 − η·f_steep|) falls while 1 − η·f_flat > η·f_steep − 1, then rises: the two meet
        target = 2.0 / (f_flat + f_steep)
        average = (flat.one_step_rate + steep.one_step_rate) / 2

        def slower(eta: float) -> float:
            return max(abs(float(contraction(eta, flat))), abs(float(contraction(eta, steep))))

        return _Answer(
            target,
            {
                flat.one_step_rate: ("flat_one_step", {"q": slower(0.5)}),
                steep.one_step_rate: ("steep_one_step", {"f2": f_flat, "q": slower(0.25)}),
                average: ("average", {"q": slower(average)}),
                2.0 / (flat.a + steep.a): "a_not_f2",
                0.2: "other_bowls",
            },
            f1=f_flat,
            f2=f_steep,
            rate=target,
            q1=float(contraction(target, flat)),
            q2=float(contraction(target, steep)),
            q=slower(target),
        )


class nb02:  # noqa: N801
    """Exercises of notebook 02 (exponential decay)."""

    COURSE = exponential_decay(0.1, decay_steps=1, decay_rate=0.99, staircase=True)

    @_number_checker
    def rate_used() -> _Answer:
        """In the course's run (η₀ = 0.1, γ = 0.99, s = 1), which rate does update 30 use? (4 significant figures)"""
        s = nb02.COURSE
        return _Answer(float(s(30)), {float(s(31)): "table", float(s(29)): "early", 0.1 * 0.99: "first"}, sig=4)

    @_number_checker
    def staircase_gamma() -> _Answer:
        """A staircase schedule with s = 10 starts at η₀ = 0.4 and uses 0.1 at step 25.
        What is its decay rate γ? (3 significant figures)"""
        ratio = 0.1 / 0.4
        target = ratio ** (1 / (25 // 10))
        return _Answer(
            target,
            {ratio ** (10 / 25): "smooth", ratio ** (1 / 3): "up", ratio ** (1 / 25): "every", ratio: "ratio"},
            ratio=ratio,
            gamma=target,
            used=float(exponential_decay(0.4, 10, target, staircase=True)(25)),
        )

    @_checker
    def staircase_or_smooth(answer: Any) -> Feedback:
        """Predict: η₀ = 0.1, γ = 0.5, s = 10, from w0 = 5 on (w + 1)²: after 40 updates, which is closer
        to −1, the staircase schedule or the smooth one? Answer "staircase", "smooth" or "same"."""
        said = _choice(answer, {"staircase": "", "smooth": "", "same": ""})
        d = {}
        for stairs in (True, False):
            run = descend(exponential_decay(0.1, 10, 0.5, staircase=stairs), steps=40, dtype=np.float64)
            d["staircase" if stairs else "smooth"] = abs(float(run.w[-1]) + 1.0)
        truth = "staircase" if d["staircase"] < d["smooth"] else "smooth"
        if said == truth:
            return Feedback(True, _t("nb02.staircase_or_smooth.right", stairs=d["staircase"], smooth=d["smooth"]))
        if said == "same":
            return Feedback(False, _t("nb02.staircase_or_smooth.same"))
        return Feedback(False, _t("nb02.staircase_or_smooth.wrong"))

    @_checker
    def smallest_decay_rate(answer: Any) -> Feedback:
        """η₀ = 0.1, decay every step (s = 1, smooth), w0 = 5 on (w + 1)². What is the smallest decay rate γ,
        to 2 decimals, for which w stops within 0.01 of −1?"""
        g = _number(answer)
        if not 0 < g < 1:
            return Feedback(False, _t("nb02.smallest_decay_rate.range", g=g))

        def stops_at(gamma):
            return frozen_limit(exponential_decay(0.1, 1, gamma))

        def close(gamma):
            return gamma >= 0.9999 or abs(stops_at(gamma) + 1.0) < 0.01

        if not close(g):
            w = stops_at(g)
            return Feedback(False, _t("nb02.smallest_decay_rate.too_small", g=g, w=w, d=abs(w + 1)))
        if g - 0.01 > 0 and close(g - 0.01):
            return Feedback(False, _t("nb02.smallest_decay_rate.not_smallest", g=g, smaller=g - 0.01))
        return Feedback(True, _t("nb02.smallest_decay_rate.right", g=g, w=stops_at(g), smaller=g - 0.01))

    @_number_checker
    def same_distance() -> _Answer:
        """After 40 updates the course's decayed run (η₀ = 0.1, γ = 0.99, s = 1) is 4.3e-03 from −1. Which constant
        rate below 1/f″ ends exactly as far from −1 after 40 updates? (3 significant figures)

        Its mirror 2/f″ − η has the same |1 − η·f″| and ends as far too; it gets a hint, not a tick."""
        steps, f2 = 40, Quadratic().curvature
        rates = np.asarray(nb02.COURSE(np.arange(steps)), dtype=np.float64)
        factors = 1.0 - f2 * rates  # all in (0, 1): every rate is below 1/f″
        product = float(np.prod(factors))
        # a constant rate η leaves (1 − η·f″)^40 of the offset: the same product when 1 − η·f″ is the factors'
        # geometric mean
        target = (1.0 - product ** (1.0 / steps)) / f2
        mean = float(rates.mean())
        return _Answer(
            target,
            {
                mean: "mean",
                float(rates[0]): ("start", {"d": 6 * abs(float(contraction(rates[0]))) ** steps}),
                float(rates[-1]): "last",
                float(nb02.COURSE(steps)): "last",
                2.0 / f2 - target: "mirror",
            },
            mean=mean,
            rate=target,
            product=product,
            d=6 * product,
        )


class nb03:  # noqa: N801
    """Exercises of notebook 03 (the schedule lab)."""

    @_checker
    def reach_fast(learning_rate: Any = None, decay_rate: Any = None) -> Feedback:
        """Pick η₀ ≥ 0.8 and a decay rate γ (decay every step, smooth) that bring w within 0.001 of −1
        in at most 15 updates."""
        lr, dr = _number(learning_rate), _number(decay_rate)
        if lr < 0.8:
            return Feedback(False, _t("nb03.reach_fast.at_least"))
        if not 0 < dr <= 1:
            return Feedback(False, _t("nb03.reach_fast.range", dr=dr))
        try:
            run = descend(exponential_decay(lr, 1, dr), steps=60)
        except (TypeError, ValueError) as exc:
            return Feedback(False, _t("nb03.reach_fast.cannot_run", error=exc))
        k = steps_to_reach(run)
        if 0 <= k <= 15:
            return Feedback(True, _t("nb03.reach_fast.right", k=k))
        w = np.asarray(run.w, dtype=np.float64) + 1.0
        if run.diverged_at is not None or not np.isfinite(w[-1]) or abs(w[-1]) > abs(w[0]):
            return Feedback(False, _t("nb03.reach_fast.runs_away"))
        if dr < 0.999 and abs(frozen_limit(exponential_decay(lr, 1, dr)) + 1.0) >= 1e-3:
            return Feedback(False, _t("nb03.reach_fast.freezes"))
        if w[15] * w[16] < 0:
            return Feedback(False, _t("nb03.reach_fast.zigzag"))
        when = str(k) if k >= 0 else _t("nb03.reach_fast.more_than", n=60)
        return Feedback(False, _t("nb03.reach_fast.slow", k=when))

    @_checker
    def longer_horizon(answer: Any) -> Feedback:
        """Predict: on the map (T = 100, tol = 0.001), η₀ = 0.05 with γ = 0.99 is "not there yet".
        What is its outcome with the horizon T = 1000? Answer with an outcome name."""
        names = ("arrived", "not there yet", "still zig-zagging", "frozen", "diverged")
        said = _choice(answer, {name: "outcome:" + name for name in names})
        sched = exponential_decay(0.05, 1, 0.99)
        run = descend(sched, steps=1000)
        d_end = abs(float(run.w[-1]) + 1.0)
        limit = abs(frozen_limit(sched) + 1.0)
        truth = "arrived" if d_end < 1e-3 else ("frozen" if limit >= 1e-3 else "not there yet")
        budget = 0.05 / (1 - 0.99)
        if said == truth:
            return Feedback(True, _t("nb03.longer_horizon.right", budget=budget, limit=limit, d=d_end))
        if said == "frozen":
            return Feedback(False, _t("nb03.longer_horizon.frozen", budget=budget))
        return Feedback(False, _t("nb03.longer_horizon.wrong"))


#: Other ways of giving the answers of :meth:`nb04.halve_rate`.
_SAME_AS = {
    **dict.fromkeys(["below half", "less than half", "lower", "less", "smaller", "under half", "< half"], "below"),
    **dict.fromkeys(["above half", "more than half", "higher", "more", "larger", "over half", "> half"], "above"),
    **dict.fromkeys(["exactly half", "halves", "half of it", "the same ratio", "1/2", "0.5"], "half"),
}


class nb04:  # noqa: N801 - a namespace per notebook
    """Exercises of notebook 04."""

    #: Exercise 1: the loss 2·(w − 3)², a constant rate 0.1 and gradient noise σ = 3.
    LOSS = Quadratic(a=2.0, centre=3.0)
    RATE = 0.1
    NOISE = 3.0

    @_number_checker
    def floor_height() -> _Answer:
        """On the loss 2·(w − 3)² with a constant rate η = 0.1 and gradient noise σ = 3, what is the expected loss
        once w hovers (the noise floor)? (3 significant figures)"""
        loss, eta, sigma = nb04.LOSS, nb04.RATE, nb04.NOISE
        a, f2 = loss.a, loss.curvature
        target = float(noise_floor(eta, sigma, loss))
        return _Answer(
            target,
            {
                float(noise_floor(eta, sigma)): "clean_loss",
                target / a: "variance",
                eta * sigma**2 / 4: "factor",
                eta * sigma / (4 * (1 - a * eta)): "squared",
                eta * sigma**2 / (4 * (1 - f2 * eta)): "a_not_f2",
            },
            a=a,
            f2=f2,
            eta=eta,
            sigma=sigma,
            sigma2=sigma**2,
            one_minus=1 - a * eta,
        )

    @_checker
    def halve_rate(answer: Any) -> Feedback:
        """Predict: on (w + 1)² with σ = 2, a constant η = 0.2 hovers at its floor. Halve the rate to η = 0.1.
        Is the new floor exactly half the old one, below half, or above half? Answer "half", "below" or
        "above"."""
        if isinstance(answer, str):
            answer = _SAME_AS.get(" ".join(answer.strip().strip("\"'").lower().split()), answer)
        said = _choice(answer, {"half": "", "below": "", "above": ""})
        old, new = float(noise_floor(0.2, 2.0)), float(noise_floor(0.1, 2.0))
        ratio = new / old
        truth = "half" if np.isclose(ratio, 0.5) else ("below" if ratio < 0.5 else "above")
        if said == truth:
            return Feedback(True, _t("nb04.halve_rate.right", old=old, new=new, ratio=ratio))
        if said == "half":
            return Feedback(False, _t("nb04.halve_rate.half"))
        return Feedback(False, _t("nb04.halve_rate.wrong"))

    #: Exercise "why decay": (w + 1)² from w0 = 5, gradient noise σ = 1, a horizon of T = 100 updates.
    WHY_NOISE = 1.0
    WHY_STEPS = 100

    @_number_checker
    def why_decay() -> _Answer:
        """On (w + 1)² from w0 = 5 with σ = 1 and T = 100 updates: how many times larger is the expected loss of the
        best constant rate for that horizon than the lowest any schedule can reach? (2 significant figures)"""
        sigma, steps = nb04.WHY_NOISE, nb04.WHY_STEPS
        rate = best_constant_rate(steps, noise=sigma)
        const = float(expected_loss(rate, steps=steps, noise=sigma)[-1])
        bound = float(best_possible_loss(steps, noise=sigma))
        ratio = const / bound

        def ratio_of(loss_value: float, noise: float = sigma, horizon: int = steps) -> float:
            return loss_value / float(best_possible_loss(horizon, noise=noise))

        other_sigma = 2.0 if sigma != 2.0 else 1.0
        other_rate = best_constant_rate(steps, noise=other_sigma)
        long_rate = best_constant_rate(3000, noise=sigma)
        return _Answer(
            ratio,
            {
                bound / const: "inverted",
                const - bound: "difference",
                ratio_of(float(noise_floor(rate, sigma))): "floor",
                ratio_of(float(expected_loss(0.2, steps=steps, noise=sigma)[-1])): "course_rate",
                ratio_of(
                    float(expected_loss(other_rate, steps=steps, noise=other_sigma)[-1]), noise=other_sigma
                ): "other_noise",
                ratio_of(float(expected_loss(long_rate, steps=3000, noise=sigma)[-1]), horizon=3000): "other_horizon",
            },
            sig=2,
            T=steps,
            sigma=sigma,
            other=other_sigma,
            const=const,
            bound=bound,
            ratio=ratio,
            rate=rate,
        )

    #: Exercise 3: MNIST as Keras loads it (60,000 training images), batches of 128, decay once per epoch.
    EXAMPLES = 60_000
    BATCH_SIZE = 128

    @_checker
    def first_drop(answer: Any) -> Feedback:
        """A Keras run on 60,000 examples with batch size 128 uses ``ExponentialDecay(0.1, decay_steps=60000 / 128,
        decay_rate=0.99, staircase=True)``. Updates count from 0. Which is the first update that uses a smaller
        rate than update 0? (A whole number.)"""
        k = _number(answer)
        n, b = nb04.EXAMPLES, nb04.BATCH_SIZE
        s = exponential_decay(0.1, n / b, 0.99, staircase=True)
        rate = s(np.arange(3 * n // b))
        target = int(np.flatnonzero(rate < rate[0])[0])
        if k != int(k) or k < 0:
            return Feedback(False, _t("nb04.first_drop.whole", k=k))
        k = int(k)
        if k == target:
            return Feedback(
                True,
                _t(
                    "nb04.first_drop.right",
                    n=n,
                    b=b,
                    s=n / b,
                    before=target - 1,
                    target=target,
                    rate=float(rate[target]),
                ),  # fmt: skip
            )
        if k == n // b:
            return Feedback(False, _t("nb04.first_drop.floor_division", n=n, b=b, whole=n // b, s=n / b, k=k))
        if k == target + 1:
            return Feedback(False, _t("nb04.first_drop.late"))
        if k == 1:
            return Feedback(False, _t("nb04.first_drop.one"))
        if k == n:
            return Feedback(False, _t("nb04.first_drop.examples"))
        if k == b:
            return Feedback(False, _t("nb04.first_drop.batch", k=k))
        return Feedback(False, _t("nb04.first_drop.fallback"))


class nb05:  # noqa: N801 - a namespace per notebook
    """Exercises of notebook 05 (momentum and adaptive optimizers)."""

    #: Exercise 1: the loss 4·(w − 2)² (f″ = 8) with a constant rate 0.02.
    MOMENTUM_LOSS = Quadratic(a=4.0, centre=2.0)
    MOMENTUM_RATE = 0.02
    #: Exercise 2: the course's (w + 1)² with heavy-ball momentum 0.5.
    BOUND_MOMENTUM = 0.5
    #: Exercise 3: TensorFlow 1's RMSProp (decay 0.9) at the rate 0.01 from w₀ = −0.95 on (w + 1)².
    RMSPROP_RATE = 0.01
    RMSPROP_START = -0.95
    #: Exercise 4: Keras's Adam at the rate 0.05 on the steep loss 100·(w − 3)² from w₀ = 0.
    ADAM_LOSS = Quadratic(a=100.0, centre=3.0)
    ADAM_RATE = 0.05
    ADAM_START = 0.0

    @_number_checker
    def best_momentum() -> _Answer:
        """On the loss 4·(w − 2)² with a constant rate η = 0.02, which momentum β makes heavy-ball momentum
        fastest? (2 decimals)"""
        from .optimizers import theory as heavy

        loss, eta = nb05.MOMENTUM_LOSS, nb05.MOMENTUM_RATE
        x = eta * loss.curvature
        target = float(heavy.best_momentum(eta, loss))
        return _Answer(
            target,
            {
                float(heavy.best_momentum(eta)): ("course_loss", {"x": eta * 2}),
                float(heavy.best_momentum(eta, Quadratic(a=loss.a / 2))): "a_not_f2",
                math.sqrt(target): "no_square",
                math.sqrt(x): "root_only",
                (1 - x) ** 2: "no_root",
                1 - x: "plain",
            },
            decimals=2,
            x=x,
            rho=float(heavy.momentum_rate(eta, target, loss)),
            plain=float(heavy.momentum_rate(eta, 0.0, loss)),
        )

    @_number_checker
    def largest_rate() -> _Answer:
        """On (w + 1)² with heavy-ball momentum β = 0.5 and a constant rate, below which learning rate does w still
        converge? (2 decimals)"""
        beta, f2 = nb05.BOUND_MOMENTUM, Quadratic().curvature
        return _Answer(
            2 * (1 + beta) / f2,
            {
                2 / f2: "plain",
                2 * (1 - beta) / f2: "minus",
                2 * (1 + beta): "no_f2",
                (1 + beta) / f2: "half",
                4 / f2: "beta_one",
            },
            decimals=2,
            beta=beta,
            f2=f2,
        )

    @staticmethod
    def _first_step(learning_rate, optimizer, *, w0, loss=None) -> float:
        """How far the first update moves w (float64)."""
        t = descend(learning_rate, w0=w0, steps=1, loss=loss, dtype=np.float64, optimizer=optimizer)
        return abs(float(t.w[1] - t.w[0]))

    @_number_checker
    def tf1_first_step() -> _Answer:
        """TensorFlow 1's RMSPropOptimizer (decay 0.9) at the rate 0.01 on (w + 1)², from w₀ = −0.95: how far does
        its first update move w? (3 significant figures)"""
        from .optimizers import keras, tf1

        eta, w0 = nb05.RMSPROP_RATE, nb05.RMSPROP_START
        g = Quadratic().curvature * (w0 + 1)
        target = nb05._first_step(eta, tf1.RMSProp(decay=0.9), w0=w0)
        from_zero = nb05._first_step(eta, keras.RMSprop(rho=0.9), w0=w0)
        s = 1 + (g * g - 1) * (1 - 0.9)
        return _Answer(
            target,
            {-target: "nb05.distance_sign", from_zero: "from_zero", eta * g: "plain", eta * g / s: "no_root"},
            g=g,
            s=s,
            step=eta * g,
            keras=from_zero,
        )

    @_number_checker
    def adam_first_step() -> _Answer:
        """Keras's Adam at the rate 0.05 on the steep loss 100·(w − 3)², from w₀ = 0: how far does its first update
        move w? (3 significant figures)"""
        from .optimizers import keras

        loss, eta, w0 = nb05.ADAM_LOSS, nb05.ADAM_RATE, nb05.ADAM_START
        g = abs(float(loss.grad(np.float64(w0))))
        m, v = 0.1 * g, 0.001 * g * g
        target = nb05._first_step(eta, keras.Adam(), w0=w0, loss=loss)
        return _Answer(
            target,
            {
                -target: "nb05.distance_sign",
                eta * g: "plain",
                eta * m / math.sqrt(v): "no_correction",
                eta * (m / 0.1) / math.sqrt(v): "m_only",
                eta * m / math.sqrt(v / 0.001): "v_only",
            },
            g=g,
            eta=eta,
            plain=eta * g,
        )


def checkers() -> list[Callable[..., Feedback]]:
    """Every checker that takes one answer, notebook by notebook (``nb01.one_step_rate``, …), in source order."""
    found = []
    for namespace in [obj for name, obj in sorted(globals().items()) if re.fullmatch(r"nb\d\d", name)]:
        for name, member in vars(namespace).items():
            if isinstance(member, staticmethod) and not name.startswith("_"):
                check = getattr(namespace, name)
                if len(inspect.signature(check).parameters) == 1:
                    found.append(check)
    return found
