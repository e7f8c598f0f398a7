"""Exercises of notebook 04 (noisy gradients and schedules), checked on the spot like :mod:`lrlab.exercises`.

Every checker takes the student's answer and returns a :class:`~lrlab.exercises.Feedback` (never raises);
``None`` means "not answered yet". Numbers may be typed as text (``"0.28"``, ``"9/32"``); every question
states the precision it wants; the right answers are worked out with lrlab, never typed in.
"""

from __future__ import annotations

import numpy as np

from .exercises import _TODO, Feedback, _check_number, _choice, _number, _Unreadable
from .losses import Quadratic
from .schedules import exponential_decay
from .theory import noise_floor

__all__ = ["nb04"]

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

    @staticmethod
    def floor_height(answer) -> Feedback:
        """On the loss 2·(w − 3)² with a constant rate η = 0.1 and gradient noise σ = 3, what is the expected loss
        once w hovers (the noise floor)? (3 significant figures)"""
        loss, eta, sigma = nb04.LOSS, nb04.RATE, nb04.NOISE
        a, f2 = loss.a, loss.curvature
        target = float(noise_floor(eta, sigma, loss))
        return _check_number(
            answer,
            target,
            [
                (
                    float(noise_floor(eta, sigma)),
                    "That is the floor of (w + 1)², where a = 1. Here a = 2: the factor 1 − aη changes.",
                ),
                (
                    target / a,
                    "That is the variance of w (the spread of the offset d). The loss is a·d², so multiply by a.",
                ),
                (eta * sigma**2 / 4, "You left out the factor 1/(1 − aη): the pull back towards c weakens as η grows."),
                (eta * sigma / (4 * (1 - a * eta)), "The noise enters squared: σ² = 9, not σ = 3."),
                (
                    eta * sigma**2 / (4 * (1 - f2 * eta)),
                    f"In 1 − aη it is a = {a:g}, not f″ = 2a = {f2:g}. (In f″ terms the floor is ησ²/(2(2 − ηf″)).)",
                ),
            ],
            sig=3,
            fallback="Use E[loss] = ησ²/(4(1 − aη)) with a = 2, η = 0.1, σ = 3 (or ησ²/(2(2 − ηf″)) with f″ = 4).",
            right=f"ησ²/(4(1 − aη)) = {eta:g}·{sigma**2:g}/(4·{1 - a * eta:g}) = {target:.4f}. "
            f"Check it with `lrlab.noise_floor({eta:g}, {sigma:g}, lrlab.Quadratic(a={a:g}, centre=3))`.",
        )

    @staticmethod
    def halve_rate(answer) -> Feedback:
        """Predict: on (w + 1)² with σ = 2, a constant η = 0.2 hovers at its floor. Halve the rate to η = 0.1.
        Is the new floor exactly half the old one, below half, or above half? Answer "half", "below" or
        "above"."""
        if answer is None:
            return _TODO
        if isinstance(answer, str):
            answer = _SAME_AS.get(" ".join(answer.strip().strip("\"'").lower().split()), answer)
        try:
            said = _choice(answer, {"half": "", "below": "", "above": ""})
        except _Unreadable as exc:
            return Feedback(False, str(exc))
        old, new = float(noise_floor(0.2, 2.0)), float(noise_floor(0.1, 2.0))
        ratio = new / old
        truth = "half" if np.isclose(ratio, 0.5) else ("below" if ratio < 0.5 else "above")
        numbers = f"The floor goes from {old:.4f} to {new:.4f}: {ratio:.3f} of it."
        if said == truth:
            return Feedback(
                True,
                f"{numbers} Halving η halves the numerator ησ², and the denominator "
                "4(1 − aη) grows a little (w is pulled back harder, relative to the kick), "
                "so the floor drops below half. Check it with `lrlab.noise_floor`.",
            )
        if said == "half":
            return Feedback(
                False,
                "The floor is ησ²/(4(1 − aη)): η appears twice. The numerator halves; what "
                "does the denominator do when η goes from 0.2 to 0.1?",
            )
        return Feedback(
            False,
            "Work out ησ²/(4(1 − aη)) for η = 0.2 and η = 0.1 (a = 1, σ = 2) and compare: "
            "the denominator grows as η shrinks.",
        )

    #: Exercise 3: MNIST as Keras loads it (60,000 training images), batches of 128, decay once per epoch.
    EXAMPLES = 60_000
    BATCH_SIZE = 128

    @staticmethod
    def first_drop(answer) -> Feedback:
        """A Keras run on 60,000 examples with batch size 128 uses ``ExponentialDecay(0.1, decay_steps=60000 / 128,
        decay_rate=0.99, staircase=True)``. Updates count from 0. Which is the first update that uses a smaller
        rate than update 0? (A whole number.)"""
        if answer is None:
            return _TODO
        try:
            k = _number(answer)
        except _Unreadable as exc:
            return Feedback(False, str(exc))
        n, b = nb04.EXAMPLES, nb04.BATCH_SIZE
        s = exponential_decay(0.1, n / b, 0.99, staircase=True)
        rate = s(np.arange(3 * n // b))
        target = int(np.flatnonzero(rate < rate[0])[0])
        if k != int(k) or k < 0:
            return Feedback(False, f"An update number is a whole number ≥ 0; you gave {k:g}.")
        k = int(k)
        if k == target:
            return Feedback(
                True,
                f"decay_steps = {n}/{b} = {n / b:g}, not a whole number: ⌊{target - 1}/{n / b:g}⌋ "
                f"= 0 but ⌊{target}/{n / b:g}⌋ = 1, so update {target} is the first to use "
                f"{float(rate[target]):.4g}. (Keras also makes {target} batches per epoch: the "
                "last one is smaller.) Check it with `lrlab.exponential_decay(...)(k)`.",
            )
        if k == n // b:
            return Feedback(
                False,
                f"That is where the rate would drop with decay_steps = {n} // {b} = {n // b}. "
                f"Here `/` is true division: decay_steps = {n / b:g}. What is ⌊{k}/{n / b:g}⌋?",
            )
        if k == target + 1:
            return Feedback(False, "One too late: find the first k with ⌊k/decay_steps⌋ = 1, counting from 0.")
        if k == 1:
            return Feedback(
                False, "That would be decay_steps = 1 (notebook 2's toy run). Here decay_steps = examples / batch size."
            )
        if k == n:
            return Feedback(False, "One update uses one batch of 128 examples, not one example.")
        if k == b:
            return Feedback(
                False, f"{k} is the batch size, the number of examples per update. How many updates make one epoch?"
            )
        return Feedback(
            False,
            "With staircase=True the rate is η₀·γ^⌊k/s⌋ with s = examples / batch size. "
            "For which k does ⌊k/s⌋ first become 1?",
        )
