"""Exercises with answers checked on the spot, and hints that point at the mistake.

Each checker takes the student's answer and always returns a :class:`Feedback`
(never raises), which a notebook shows as a short message. ``None`` means
"not answered yet". Answers may be numbers, numpy numbers or arrays, or text
such as ``"1/6"``, ``"0.167"`` or ``"2, -4"``; anything else gets a message
saying what was expected. The right answers are worked out with lrlab itself,
never typed in, and every question states the precision it wants.
"""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np

from .descent import descend
from .losses import Quadratic
from .schedules import exponential_decay
from .theory import contraction, frozen_limit, steps_to_reach

__all__ = ["Feedback", "nb01", "nb02", "nb03"]


@dataclass(frozen=True)
class Feedback:
    """What a checker says: right or not, and a message."""

    correct: bool
    message: str

    def __str__(self):
        return ("✅ " if self.correct else "❌ ") + self.message

    def __repr__(self):
        return str(self)

    def _repr_markdown_(self):
        return ("✅ **Right.** " if self.correct else "❌ **Not yet.** ") + self.message


_TODO = Feedback(False, "Replace `None` with your answer, then run the cell again.")


class _Unreadable(Exception):
    """An answer that is not a number (its message is shown to the student)."""


def _shown(answer) -> str:
    """A short, safe description of what the student typed."""
    try:
        text = repr(answer)
    except Exception:  # noqa: BLE001 - a hostile __repr__ must not break the feedback
        text = f"a {type(answer).__name__}"
    return text if len(text) <= 60 else text[:57] + "…"


_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _from_text(text: str) -> float:
    s = text.strip().replace("−", "-").replace("–", "-").replace(" ", "")
    if _NUMBER.fullmatch(s):
        return float(s)
    if s.count("/") == 1:
        top, bottom = s.split("/")
        if _NUMBER.fullmatch(top) and _NUMBER.fullmatch(bottom):
            if float(bottom) == 0:
                raise _Unreadable(f"{text.strip()!r} divides by zero.")
            return float(top) / float(bottom)
    if re.search(r"[,;\[\]()]", s):
        raise _Unreadable(f"The answer is one number, not a list; you gave {_shown(text)}.")
    raise _Unreadable(f"I could not read {_shown(text.strip())} as a number. Write it like 0.25 or 1/4.")


def _number(answer) -> float:
    """``answer`` as one finite float, or :class:`_Unreadable` with a message saying why not."""
    if isinstance(answer, (bool, np.bool_)):
        raise _Unreadable(f"The answer is a number, not {answer}.")
    if isinstance(answer, str):
        x = _from_text(answer)
    elif isinstance(answer, (numbers.Real, Decimal, Fraction)):
        try:
            x = float(answer)
        except (OverflowError, ValueError, TypeError):
            raise _Unreadable(f"The answer should be a finite number; you gave {_shown(answer)}.") from None
    elif isinstance(answer, np.ndarray) and answer.size == 1:
        return _number(answer.item())
    elif isinstance(answer, (list, tuple, set, np.ndarray)):
        raise _Unreadable(f"The answer is one number, not a list; you gave {_shown(answer)}.")
    elif isinstance(answer, numbers.Complex):
        raise _Unreadable(f"The answer is a real number; you gave {_shown(answer)}.")
    else:
        raise _Unreadable(f"The answer should be a number; you gave {_shown(answer)}.")
    if not math.isfinite(x):
        raise _Unreadable(f"The answer should be a finite number; you gave {_shown(answer)}.")
    return x


def _numbers(answer) -> list[float]:
    """``answer`` as a list of finite floats (a list, tuple, array, or text like ``"2, -4"``)."""
    if isinstance(answer, str):
        inner = answer.strip().strip("[](){}").strip()
        parts = [p for p in re.split(r"[,;]" if re.search(r"[,;]", inner) else r"\s+", inner) if p.strip()]
        if not parts:
            raise _Unreadable(f"I found no numbers in {_shown(answer)}.")
        return [_number(p) for p in parts]
    if isinstance(answer, np.ndarray):
        if answer.ndim > 1:
            raise _Unreadable(f"Give a flat list of numbers; you gave an array of shape {answer.shape}.")
        answer = answer.reshape(-1).tolist()
    if isinstance(answer, (list, tuple, set)):
        return [_number(x) for x in answer]
    raise _Unreadable(f"Give the numbers as a list, e.g. [a, b]; you gave {_shown(answer)}.")


def _tolerance(target: float, *, sig: int | None = None, decimals: int | None = None) -> float:
    """Half a unit in the last digit asked for (plus a hair for rounding)."""
    if decimals is not None:
        return 0.5 * 10.0**-decimals * (1 + 1e-9)
    exponent = math.floor(math.log10(abs(target))) if target else 0
    return 0.5 * 10.0 ** (exponent - (sig or 3) + 1) * (1 + 1e-9)


def _precision_words(sig: int | None, decimals: int | None) -> str:
    return f"{decimals} decimals" if decimals is not None else f"{sig} significant figures"


def _check_number(answer, target, hints, *, fallback, sig: int | None = 3, decimals: int | None = None,
                  right: str | None = None) -> Feedback:
    """Compare one numeric answer with ``target`` to the stated precision.

    ``hints`` maps known wrong values to messages; they are matched with the same tolerance.
    """
    if answer is None:
        return _TODO
    try:
        x = _number(answer)
    except _Unreadable as exc:
        return Feedback(False, str(exc))
    tol = _tolerance(target, sig=sig, decimals=decimals)
    if abs(x - target) <= tol:
        return Feedback(True, right or f"{target:.6g} it is.")
    for wrong, message in hints:
        if abs(x - wrong) <= _tolerance(wrong, sig=sig, decimals=decimals):
            return Feedback(False, message)
    if abs(x - target) <= 0.05 * abs(target):
        return Feedback(False, f"Close, but not to {_precision_words(sig, decimals)}: "
                               f"work it out more precisely (a fraction is fine too).")
    return Feedback(False, fallback)


def _choice(answer, options: dict[str, str]) -> str:
    """Which option (a key of ``options``) the answer names; options are matched case-insensitively.

    Numbers are compared with the options that are numbers.
    """
    if isinstance(answer, str):
        text = answer.strip().strip("\"'").strip().lower()
        if text in options:
            return text
    try:
        x = _number(answer.strip().strip("\"'") if isinstance(answer, str) else answer)
    except _Unreadable:
        x = None
    if x is not None:
        for key in options:
            if _NUMBER.fullmatch(key) and math.isclose(x, float(key)):
                return key
    raise _Unreadable("Answer with one of " + ", ".join(repr(k) for k in options) + f"; you gave {_shown(answer)}.")


class nb01:  # noqa: N801 - a namespace per notebook
    """Exercises of notebook 01 (the learning rate)."""

    #: Exercises 1 and 4: loss(w) = 3w² − 12w + 20 = 3·(w − 2)² + 8 (the constant 8 moves nothing).
    LOSS = Quadratic(3.0, 2.0)

    @staticmethod
    def one_step_rate(answer) -> Feedback:
        """For loss(w) = 3w² − 12w + 20, which constant rate lands on the minimum in one update?
        (3 significant figures)"""
        loss = nb01.LOSS
        f2 = loss.curvature
        return _check_number(answer, loss.one_step_rate, [
            (loss.bounce_rate, f"That is 2/f″, the rate at which w bounces for ever. The one-step rate is 1/f″, "
                               f"and f″, the second derivative of 3w² − 12w + 20, is {f2:g}."),
            (0.5, f"½ is the answer for (w + 1)², whose f″ is 2. Here f″ = {f2:g}: solve 1 − η·f″ = 0."),
            (1 / 12, f"12 is the slope's constant part, not the curvature: f″, the second derivative, is {f2:g}."),
        ], sig=3, fallback="One update multiplies the offset by q = 1 − η·f″. Which η makes q = 0? "
                           "(f″ is the second derivative of the loss.)",
            right=f"η = 1/f″ = 1/{f2:g} ≈ {loss.one_step_rate:.4f}: q = 0, so w lands on the minimum "
                  f"{loss.centre:g} at once.")

    @staticmethod
    def closer_after_ten(answer) -> Feedback:
        """Predict: from w0 = 5 on (w + 1)², which is closer to −1 after 10 updates, η = 0.3 or η = 0.75?
        Answer 0.3, 0.75 or "same"."""
        if answer is None:
            return _TODO
        try:
            said = _choice(answer, {"0.3": "", "0.75": "", "same": ""})
        except _Unreadable as exc:
            return Feedback(False, str(exc))
        d = {eta: abs(float(descend(eta, steps=10, dtype=np.float64).w[-1]) + 1.0) for eta in (0.3, 0.75)}
        q = {eta: contraction(eta) for eta in (0.3, 0.75)}
        truth = "same" if math.isclose(d[0.3], d[0.75]) else ("0.3" if d[0.3] < d[0.75] else "0.75")
        speeds = (f"|q| = |1 − η·f″| is {abs(q[0.3]):.2g} for η = 0.3 and {abs(q[0.75]):.2g} for η = 0.75, "
                  f"so after 10 updates the distance is {d[0.3]:.4f} and {d[0.75]:.4f}.")
        if said == truth:
            return Feedback(True, f"{speeds} Check it: `lrlab.descend(0.3, steps=10).w[-1]`.")
        if said == "same":
            return Feedback(False, "Equal speed needs equal |q| = |1 − η·f″|. With f″ = 2, which rate "
                                   "has the same |q| as 0.3? (Not 0.75.)")
        return Feedback(False, "Zig-zagging is not what slows a run down: compare |q| = |1 − η·f″| "
                               "for the two rates (f″ = 2). The smaller |q| wins.")

    @staticmethod
    def which_rate(answer) -> Feedback:
        """On (w + 1)² from w0 = 5, which constant rate takes w to exactly 2 in one update? (3 significant figures)"""
        # the offset goes from 6 to 3: q = 1/2 = 1 − 2η
        target = (1.0 - (2.0 + 1.0) / (5.0 + 1.0)) / 2.0
        landed = float(descend(target, steps=1, dtype=np.float64).w[1])
        return _check_number(answer, target, [
            (0.75, "0.75 halves the distance too, but zig-zags: w lands at −4, the mirror image of 2."),
            (0.5, "0.5 is the one-step rate: it takes w straight to −1. The gradient at 5 is 2(5 + 1) = 12."),
            (0.3, "The gradient of (w + 1)² is 2(w + 1) = 12 at w = 5, not 2w = 10."),
            (3.0, "3 is how far w must move; the rate is that distance divided by the gradient at 5."),
        ], sig=3, fallback="w must move by 5 − 2 = 3, and one update moves it by η × gradient. "
                           "What is the gradient 2(w + 1) at w = 5?",
            right=f"η = {target:g}: the step is {target:g} × 12 = 3, and w lands on {landed:g}.")

    @staticmethod
    def bounce_points(answer) -> Feedback:
        """On loss(w) = 3w² − 12w + 20 from w0 = 0, at the bounce rate, which two values does w jump between?
        (A list of two numbers.)"""
        if answer is None:
            return _TODO
        try:
            values = sorted(_numbers(answer))
        except _Unreadable as exc:
            return Feedback(False, str(exc))
        loss = nb01.LOSS
        run = descend(loss.bounce_rate, w0=0.0, steps=6, loss=loss, dtype=np.float64)
        target = sorted(set(run.w.tolist()))
        if len(values) != 2:
            return Feedback(False, f"w visits exactly two values; you gave {len(values)}.")
        if all(abs(a - b) <= 1e-3 for a, b in zip(values, target, strict=True)):
            return Feedback(True, f"w jumps between {target[0]:g} and {target[1]:g} for ever: "
                                  f"with q = −1 the offset from {loss.centre:g} just changes sign.")
        if not any(abs(v) <= 1e-3 for v in values):
            return Feedback(False, "One of the two values is where w starts.")
        if any(abs(v + 2.0) <= 1e-3 for v in values):
            return Feedback(False, "−2 is the mirror image of 0 across 0. Where is this loss lowest? "
                                   "(3w² − 12w + 20 = 3(w − 2)² + 8.)")
        return Feedback(False, "At the bounce rate q = −1: w jumps to its mirror image across the minimum "
                               "(same distance, other side). Where is the minimum of 3w² − 12w + 20?")


class nb02:  # noqa: N801
    """Exercises of notebook 02 (exponential decay)."""

    COURSE = exponential_decay(0.1, decay_steps=1, decay_rate=0.99, staircase=True)

    @staticmethod
    def rate_used(answer) -> Feedback:
        """In the course's run (η₀ = 0.1, γ = 0.99, s = 1), which rate does update 30 use? (4 significant figures)"""
        s = nb02.COURSE
        return _check_number(answer, float(s(30)), [
            (float(s(31)), "That is what the course's table prints on line 30: it reads the rate after "
                           "global_step has moved on. Update 30 runs while global_step is 30."),
            (float(s(29)), "One step too early: update k uses η₀·γ^k, and the first update is update 0."),
            (0.1 * 0.99, "That is the rate of update 1. Raise γ to the power of the update number."),
        ], sig=4, fallback="Update k uses η_k = η₀·γ^(k/s) = 0.1 · 0.99^k.")

    @staticmethod
    def staircase_gamma(answer) -> Feedback:
        """A staircase schedule with s = 10 starts at η₀ = 0.4 and uses 0.1 at step 25.
        What is its decay rate γ? (3 significant figures)"""
        ratio = 0.1 / 0.4
        target = ratio ** (1 / (25 // 10))
        used = float(exponential_decay(0.4, 10, target, staircase=True)(25))
        return _check_number(answer, target, [
            (ratio ** (10 / 25), "That is the smooth schedule's γ (exponent 25/10 = 2.5). With staircase the "
                                 "exponent 25/10 is rounded down."),
            (ratio ** (1 / 3), "You rounded 25/10 up; the staircase rounds it down."),
            (ratio ** (1 / 25), "s = 10 means one factor γ every 10 steps, not every step."),
            (ratio, f"{ratio:g} = 0.1/0.4 is γ raised to the power ⌊25/10⌋, not γ itself."),
        ], sig=3, fallback="η₂₅ = η₀ · γ^⌊25/10⌋. Work out the exponent, then solve for γ.",
            right=f"γ = {target:g}: the exponent ⌊25/10⌋ = 2, and 0.4 · {target:g}² = {used:g}.")

    @staticmethod
    def staircase_or_smooth(answer) -> Feedback:
        """Predict: η₀ = 0.1, γ = 0.5, s = 10, from w0 = 5 on (w + 1)²: after 40 updates, which is closer
        to −1, the staircase schedule or the smooth one? Answer "staircase", "smooth" or "same"."""
        if answer is None:
            return _TODO
        try:
            said = _choice(answer, {"staircase": "", "smooth": "", "same": ""})
        except _Unreadable as exc:
            return Feedback(False, str(exc))
        d = {}
        for stairs in (True, False):
            run = descend(exponential_decay(0.1, 10, 0.5, staircase=stairs), steps=40, dtype=np.float64)
            d["staircase" if stairs else "smooth"] = abs(float(run.w[-1]) + 1.0)
        truth = "staircase" if d["staircase"] < d["smooth"] else "smooth"
        if said == truth:
            return Feedback(True, f"Rounding the exponent down never makes a rate smaller, so the staircase "
                                  f"run gets at least as much budget at every update: distance "
                                  f"{d['staircase']:.4f} against {d['smooth']:.4f}. Check it with "
                                  "`lrlab.descend(...)`.")
        if said == "same":
            return Feedback(False, "They agree only at steps 0, 10, 20, 30. In between, compare η₀·γ^⌊k/s⌋ "
                                   "with η₀·γ^(k/s).")
        return Feedback(False, "Compare the two rates at, say, step 5: η₀·γ^⌊5/10⌋ and η₀·γ^(5/10). "
                               "All these rates are in the gliding range, where a bigger rate means faster.")

    @staticmethod
    def smallest_decay_rate(answer) -> Feedback:
        """η₀ = 0.1, decay every step (s = 1, smooth), w0 = 5 on (w + 1)². What is the smallest decay rate γ,
        to 2 decimals, for which w stops within 0.01 of −1?"""
        if answer is None:
            return _TODO
        try:
            g = _number(answer)
        except _Unreadable as exc:
            return Feedback(False, str(exc))
        if not 0 < g < 1:
            return Feedback(False, f"A decay rate is between 0 and 1 (1 means no decay); you gave {g:g}.")

        def stops_at(gamma):
            return frozen_limit(exponential_decay(0.1, 1, gamma))

        def close(gamma):
            return gamma >= 0.9999 or abs(stops_at(gamma) + 1.0) < 0.01

        if not close(g):
            w = stops_at(g)
            return Feedback(False, f"With γ = {g:g}, w stops at {w:.4f}, {abs(w + 1):.4f} from −1. "
                                   "The rates die too fast: the budget Σ η_k = η₀/(1 − γ) is too small.")
        if g - 0.01 > 0 and close(g - 0.01):
            return Feedback(False, f"γ = {g:g} works, but so does {g - 0.01:.2f}: you want the smallest.")
        return Feedback(True, f"With γ = {g:g}, w stops at {stops_at(g):.4f}; with {g - 0.01:.2f} it "
                              "would stop too early. The budget estimate f″·η₀/(1 − γ) ≥ ln(6/0.01) "
                              "gives nearly the same answer.")


class nb03:  # noqa: N801
    """Exercises of notebook 03 (the schedule lab)."""

    @staticmethod
    def reach_fast(learning_rate=None, decay_rate=None) -> Feedback:
        """Pick η₀ ≥ 0.8 and a decay rate γ (decay every step, smooth) that bring w within 0.001 of −1
        in at most 15 updates."""
        if learning_rate is None or decay_rate is None:
            return _TODO
        try:
            lr, dr = _number(learning_rate), _number(decay_rate)
        except _Unreadable as exc:
            return Feedback(False, str(exc))
        if lr < 0.8:
            return Feedback(False, "Use an initial rate η₀ of at least 0.8 (from 0.5, w lands in one step: "
                                   "too easy).")
        if not 0 < dr <= 1:
            return Feedback(False, f"A decay rate γ is in (0, 1] (1 means no decay); you gave {dr:g}.")
        try:
            run = descend(exponential_decay(lr, 1, dr), steps=60)
        except (TypeError, ValueError) as exc:
            return Feedback(False, f"lrlab cannot run that setting: {exc}")
        k = steps_to_reach(run)
        if 0 <= k <= 15:
            return Feedback(True, f"w is within 0.001 of −1 after {k} updates.")
        w = np.asarray(run.w, dtype=np.float64) + 1.0
        if run.diverged_at is not None or not np.isfinite(w[-1]) or abs(w[-1]) > abs(w[0]):
            return Feedback(False, "w runs away: the early rates are too big for the decay to rescue.")
        if dr < 0.999 and abs(frozen_limit(exponential_decay(lr, 1, dr)) + 1.0) >= 1e-3:
            return Feedback(False, "w freezes before it arrives: the rate dies too quickly. "
                                   "Raise the decay rate γ.")
        if w[15] * w[16] < 0:
            return Feedback(False, "After 15 updates w is still zig-zagging across −1: the rate stays "
                                   "above the one-step rate 0.5 for too long. Lower γ, or η₀.")
        return Feedback(False, f"w gets there, but only after {k if k >= 0 else 'more than 60'} updates. "
                               "Speed it up.")

    @staticmethod
    def longer_horizon(answer) -> Feedback:
        """Predict: on the map (T = 100, tol = 0.001), η₀ = 0.05 with γ = 0.99 is "not there yet".
        What is its outcome with the horizon T = 1000? Answer with an outcome name."""
        names = ("arrived", "not there yet", "still zig-zagging", "frozen", "diverged")
        if answer is None:
            return _TODO
        try:
            said = _choice(answer, dict.fromkeys(names, ""))
        except _Unreadable as exc:
            return Feedback(False, str(exc))
        sched = exponential_decay(0.05, 1, 0.99)
        run = descend(sched, steps=1000)
        d_end = abs(float(run.w[-1]) + 1.0)
        limit = abs(frozen_limit(sched) + 1.0)
        truth = "arrived" if d_end < 1e-3 else ("frozen" if limit >= 1e-3 else "not there yet")
        budget = 0.05 / (1 - 0.99)
        if said == truth:
            return Feedback(True, f"The budget is η₀/(1 − γ) = {budget:g}, so the distance shrinks by about "
                                  f"e^(−f″·{budget:g}): the limit is {limit:.1e} from −1, inside 0.001. "
                                  f"After 1000 updates w is {d_end:.1e} away.")
        if said == "frozen":
            return Feedback(False, f"Work out the budget Σ η_k = η₀/(1 − γ) = {budget:g}. Then |d∞| ≲ "
                                   "6·e^(−f″·budget): is that below 0.001?")
        return Feedback(False, "Every rate here is far below the one-step rate 0.5: w glides, it never "
                               "crosses −1 or runs away. The question is whether the budget is big enough.")
