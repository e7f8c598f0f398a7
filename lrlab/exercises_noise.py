"""Exercises of notebook 04 (noisy gradients and schedules), checked on the spot like :mod:`lrlab.exercises`.

Every checker takes the student's answer and returns a :class:`~lrlab.exercises.Feedback` (never raises);
``None`` means "not answered yet". Numbers may be typed as text (``"0.28"``, ``"9/32"``); every question
states the precision it wants; the right answers are worked out with lrlab, never typed in. Feedback is in
the current language (:func:`lrlab.set_language`); choice answers may be typed in English or Chinese.
"""

from __future__ import annotations

import numpy as np

from .exercises import Feedback, _check_number, _choice, _number, _t, _todo, _Unreadable
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
                (float(noise_floor(eta, sigma)), _t("nb04.floor_height.clean_loss")),
                (target / a, _t("nb04.floor_height.variance")),
                (eta * sigma**2 / 4, _t("nb04.floor_height.factor")),
                (eta * sigma / (4 * (1 - a * eta)), _t("nb04.floor_height.squared")),
                (eta * sigma**2 / (4 * (1 - f2 * eta)), _t("nb04.floor_height.a_not_f2", a=a, f2=f2)),
            ],
            sig=3,
            fallback=_t("nb04.floor_height.fallback"),
            right=_t(
                "nb04.floor_height.right",
                eta=eta,
                sigma2=sigma**2,
                one_minus=1 - a * eta,
                target=target,
                sigma=sigma,
                a=a,
            ),
        )

    @staticmethod
    def halve_rate(answer) -> Feedback:
        """Predict: on (w + 1)² with σ = 2, a constant η = 0.2 hovers at its floor. Halve the rate to η = 0.1.
        Is the new floor exactly half the old one, below half, or above half? Answer "half", "below" or
        "above"."""
        if answer is None:
            return _todo()
        if isinstance(answer, str):
            answer = _SAME_AS.get(" ".join(answer.strip().strip("\"'").lower().split()), answer)
        try:
            said = _choice(answer, {"half": "", "below": "", "above": ""})
        except _Unreadable as exc:
            return Feedback(False, str(exc))
        old, new = float(noise_floor(0.2, 2.0)), float(noise_floor(0.1, 2.0))
        ratio = new / old
        truth = "half" if np.isclose(ratio, 0.5) else ("below" if ratio < 0.5 else "above")
        if said == truth:
            return Feedback(True, _t("nb04.halve_rate.right", old=old, new=new, ratio=ratio))
        if said == "half":
            return Feedback(False, _t("nb04.halve_rate.half"))
        return Feedback(False, _t("nb04.halve_rate.wrong"))

    #: Exercise 3: MNIST as Keras loads it (60,000 training images), batches of 128, decay once per epoch.
    EXAMPLES = 60_000
    BATCH_SIZE = 128

    @staticmethod
    def first_drop(answer) -> Feedback:
        """A Keras run on 60,000 examples with batch size 128 uses ``ExponentialDecay(0.1, decay_steps=60000 / 128,
        decay_rate=0.99, staircase=True)``. Updates count from 0. Which is the first update that uses a smaller
        rate than update 0? (A whole number.)"""
        if answer is None:
            return _todo()
        try:
            k = _number(answer)
        except _Unreadable as exc:
            return Feedback(False, str(exc))
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
