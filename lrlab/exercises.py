"""Exercises with answers checked on the spot, and hints that point at the mistake.

Each checker takes the student's answer and returns a :class:`Feedback`,
which a notebook shows as a short message. ``None`` means "not answered yet".
The right answers are worked out with lrlab itself, never typed in.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

from .descent import descend
from .losses import Quadratic
from .outcomes import OUTCOMES, classify
from .schedules import exponential_decay
from .theory import frozen_limit, steps_to_reach

__all__ = ["Feedback", "nb01", "nb02", "nb03"]


@dataclass(frozen=True)
class Feedback:
    correct: bool
    message: str

    def __str__(self):
        return ("✅ " if self.correct else "❌ ") + self.message

    def __repr__(self):
        return str(self)

    def _repr_markdown_(self):
        return ("✅ **Right.** " if self.correct else "❌ **Not yet.** ") + self.message


_TODO = Feedback(False, "Replace `None` with your answer, then run the cell again.")


def _as_number(answer):
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return None
    answer = float(answer)
    return answer if math.isfinite(answer) else None


def _near(x, target, rel=1e-3, abs_=1e-9):
    return math.isclose(x, target, rel_tol=rel, abs_tol=abs_)


def _check_number(answer, target, hints, *, rel=1e-3, abs_=1e-9, fallback):
    """Compare a numeric answer with ``target``; ``hints`` maps known wrong values to messages."""
    if answer is None:
        return _TODO
    x = _as_number(answer)
    if x is None:
        return Feedback(False, f"The answer should be a single number; you gave {answer!r}.")
    if _near(x, target, rel, abs_):
        return Feedback(True, f"{target:.6g} it is.")
    for wrong, message in hints:
        if _near(x, wrong, rel, abs_):
            return Feedback(False, message)
    return Feedback(False, fallback)


class nb01:  # noqa: N801 - a namespace per notebook
    """Exercises of notebook 01 (the learning rate)."""

    @staticmethod
    def one_step_rate(answer):
        """For the loss 3·(w − 2)², which constant learning rate lands on the minimum in one step?"""
        loss = Quadratic(curvature=3.0, centre=2.0)
        return _check_number(answer, loss.one_step_rate, [
            (loss.bounce_rate, "That is 1/a, the rate at which w bounces forever. Landing needs half of it."),
            (0.5, "½ is the answer for (w + 1)², whose a is 1. Here a = 3: redo 1 − 2aη = 0."),
            (1 / 12, "Too small by half: the derivative of a·(w − c)² is 2a·(w − c), so solve 1 − 2aη = 0."),
        ], fallback="One update multiplies the distance to the minimum by 1 − 2aη. Which η makes that 0?")

    @staticmethod
    def first_step(answer):
        """On (w + 1)² with w0 = 5 and η = 0.1, where is w after one update?"""
        target = float(descend(0.1, steps=1, dtype="float64").w[1])
        return _check_number(answer, target, [
            (4.0, "The gradient of (w + 1)² is 2(w + 1) = 12 at w = 5, not 2w = 10."),
            (4.4, "The gradient is 2(w + 1): you dropped the factor 2."),
            (6.2, "You went uphill. The update subtracts η times the gradient."),
            (1.2, "1.2 is the size of the step (η × gradient); w moves from 5 by that much."),
        ], fallback="Compute the gradient 2(w + 1) at w = 5, multiply by η, and subtract it from 5.")

    @staticmethod
    def bounce_points(answer):
        """With η = 1 and w0 = 2 on (w + 1)², which two values does w jump between? Give both."""
        if answer is None:
            return _TODO
        try:
            values = sorted(float(x) for x in answer)
        except TypeError:
            return Feedback(False, "Give the two values as a list, e.g. [a, b].")
        run = descend(1.0, w0=2.0, steps=6, dtype="float64")
        target = sorted(set(run.w.tolist()))
        if len(values) != 2:
            return Feedback(False, f"w visits exactly two values; you gave {len(values)}.")
        if all(_near(a, b) for a, b in zip(values, target, strict=True)):
            return Feedback(True, f"w jumps between {target[0]:g} and {target[1]:g} forever.")
        if any(_near(v, -7.0) for v in values):
            return Feedback(False, "−7 is the partner of 5. Here w starts at 2: reflect 2 across the minimum −1.")
        if not any(_near(v, 2.0) for v in values):
            return Feedback(False, "One of the two values is where w starts.")
        return Feedback(False, "With η = 1, w jumps to the mirror image of itself across −1.")


class nb02:  # noqa: N801
    """Exercises of notebook 02 (exponential decay)."""

    COURSE = exponential_decay(0.1, decay_steps=1, decay_rate=0.99, staircase=True)

    @staticmethod
    def rate_used(answer):
        """In the course's run (0.1, decay 0.99 every step), which rate does update 3 use (counting from 0)?"""
        s = nb02.COURSE
        return _check_number(answer, float(s(3)), [
            (float(s(4)), "That is what the course printed on line 3: it read the rate after global_step "
                          "had already moved on. Update 3 ran while global_step was 3."),
            (float(s(2)), "One step too early: update k uses the rate at step k, and counting starts at 0."),
            (0.1 * 0.99, "That is the rate of update 1. Raise 0.99 to the power of the step."),
        ], rel=1e-5, fallback="The rate of update k is 0.1 · 0.99^k.")

    @staticmethod
    def staircase_rate(answer):
        """0.5 decaying by 0.5 every 10 steps, staircase: what is the rate at step 25?"""
        stair = exponential_decay(0.5, 10, 0.5, staircase=True)
        smooth = exponential_decay(0.5, 10, 0.5)
        return _check_number(answer, float(stair(25)), [
            (float(smooth(25)), "That is the smooth curve. With staircase the exponent 25/10 is floored to 2."),
            (float(stair(30)), "You rounded 25/10 up; the staircase floors it."),
            (0.5 * 0.5**25, "decay_steps = 10 means one halving every 10 steps, not every step."),
        ], rel=1e-6, fallback="Work out the exponent 25/10, floor it, then 0.5 · 0.5^exponent.")

    @staticmethod
    def frozen_point(answer):
        """0.2 decaying by 0.5 every step, from w0 = 5 on (w + 1)²: where does w stop? (2 decimals)"""
        limit = frozen_limit(exponential_decay(0.2, 1, 0.5))
        if answer is not None and _as_number(answer) is not None and abs(_as_number(answer) - limit) < 0.01:
            return Feedback(True, f"w stops near {limit:.4f}, well short of −1.")
        return _check_number(answer, limit, [
            (-1.0, "−1 is where w would go if the rate lasted. Here it halves every step, so w stops early: "
                   "multiply the factors (1 − 2η_k)."),
            (5.0, "w does move: the first update alone uses η = 0.2."),
        ], abs_=0.01, fallback="w − (−1) shrinks by (1 − 2η_k) at update k: multiply those factors for "
                               "k = 0, 1, 2, … and apply them to 5 − (−1) = 6.")


class nb03:  # noqa: N801
    """Exercises of notebook 03 (the schedule lab)."""

    @staticmethod
    def reach_fast(learning_rate=None, decay_rate=None):
        """Pick an initial rate of at least 0.8 and a decay rate (decay every step) that bring w
        within 0.001 of −1 in at most 15 updates."""
        if learning_rate is None or decay_rate is None:
            return _TODO
        if _as_number(learning_rate) is not None and _as_number(learning_rate) < 0.8:
            return Feedback(False, "Use an initial rate of at least 0.8 (from 0.5, w lands in one step: "
                                   "too easy).")
        try:
            sched = exponential_decay(learning_rate, 1, decay_rate)
        except (TypeError, ValueError) as exc:
            return Feedback(False, f"That setting is not allowed: {exc}")
        run = descend(sched, steps=60)
        k = steps_to_reach(run)
        if 0 <= k <= 15:
            return Feedback(True, f"w is within 0.001 of −1 after {k} updates.")
        outcome = OUTCOMES[classify(run)]
        if outcome == "diverges":
            return Feedback(False, "w runs away: the early rates are too big for the decay to rescue.")
        if outcome == "freezes":
            return Feedback(False, "w stalls short of −1: the rate is too small or dies too quickly. "
                                   "Raise the initial rate or the decay rate.")
        if outcome == "bounces":
            return Feedback(False, "w is still jumping across −1: the rate stays near 1 for too long.")
        return Feedback(False, f"w gets there, but only after {k} updates. Speed it up.")

    @staticmethod
    def predict(answer):
        """η₀ = 1.5 is above the bouncing rate 1. With decay rate 0.95, what happens in 100 steps?
        Answer with one of "converges", "freezes", "bounces", "diverges"."""
        if answer is None:
            return _TODO
        run = descend(exponential_decay(1.5, 1, 0.95), steps=100)
        truth = OUTCOMES[classify(run)]
        if not isinstance(answer, str) or answer.strip().lower() not in OUTCOMES:
            return Feedback(False, f"Answer with one of {', '.join(repr(o) for o in OUTCOMES)}.")
        if answer.strip().lower() == truth:
            return Feedback(True, "The first steps overshoot, but the rate falls below 1 within a few "
                                  "steps and w comes back.")
        if answer.strip().lower() == "diverges":
            return Feedback(False, "It starts to run away, but look at the rate after 10 steps: "
                                   "1.5 · 0.95¹⁰ ≈ 0.9, below the bouncing rate.")
        return Feedback(False, "Run it in the map above (or with lrlab.descend) and look at the last w.")
