r"""What the mathematics predicts for the quadratic :math:`a\,(w-c)^2`.

One update multiplies the distance to the minimum by :math:`1 - 2a\eta_k`:

.. math::
    w_{k+1} - c = (w_k - c) - \eta_k \cdot 2a (w_k - c) = (1 - 2a\eta_k)(w_k - c),

so after ``t`` updates :math:`w_t = c + (w_0 - c)\prod_{k<t}(1 - 2a\eta_k)`.
Everything here is worked out in float64 from that product.
"""

from __future__ import annotations

import math

import numpy as np

from . import _validation as v
from .descent import rates
from .losses import SEED_LOSS, Quadratic
from .schedules import Constant, ExponentialDecay

__all__ = [
    "REGIMES",
    "closed_form",
    "contraction",
    "regime",
    "frozen_limit",
    "steps_to_reach",
]

#: The regimes of a constant rate, from slowest to wildest, with what each looks like.
REGIMES = {
    "stuck": "a rate of 0: w never moves",
    "creeps": "each step covers less than 1% of the way to the minimum",
    "glides": "w slides towards the minimum from one side",
    "one step": "w lands on the minimum in a single step (rate 1/(2a))",
    "zig-zags": "w jumps across the minimum, closer every time",
    "bounces": "w jumps between two points forever (rate 1/a)",
    "diverges": "every jump overshoots further: w runs away",
}


def _quadratic(loss) -> Quadratic:
    loss = SEED_LOSS if loss is None else loss
    if not isinstance(loss, Quadratic):
        v.fail("loss", "an lrlab.Quadratic (the theory is for quadratics)", loss, TypeError)
    return loss


def contraction(learning_rate, loss=None):
    """The factor ``1 - 2a·η`` that one update multiplies the distance to the minimum by."""
    loss = _quadratic(loss)
    eta = v.nonnegative("learning_rate", learning_rate)
    factor = 1.0 - 2.0 * loss.curvature * eta
    return float(factor) if factor.ndim == 0 else factor


def closed_form(learning_rate, *, w0=5.0, steps: int = 40, loss=None) -> np.ndarray:
    r"""``w`` after 0, 1, …, ``steps`` updates, from :math:`w_t = c + (w_0 - c)\prod_{k<t}(1 - 2a\eta_k)`.

    Takes the same ``learning_rate`` (number, array or schedule) as
    :func:`lrlab.descend` and returns an array shaped like its ``w``, in float64.
    """
    loss = _quadratic(loss)
    start = v.finite("w0", w0)
    eta = rates(learning_rate, steps, np.float64)
    with np.errstate(all="ignore"):
        factors = 1.0 - 2.0 * loss.curvature * eta
        ones = np.ones((1,) + factors.shape[1:])
        products = np.cumprod(np.concatenate([ones, factors]), axis=0)
        return loss.centre + (start - loss.centre) * products


def regime(learning_rate, loss=None, *, rtol: float = 1e-9) -> str:
    """The name of what a constant ``learning_rate`` does on ``loss`` (a key of :data:`REGIMES`).

    The critical rates are ``1/(2a)`` (one step) and ``1/a`` (bounces); a rate
    within ``rtol`` of one of them counts as equal to it.

    >>> [regime(r) for r in (0.0001, 0.2, 0.5, 0.8, 1.0, 1.2)]
    ['creeps', 'glides', 'one step', 'zig-zags', 'bounces', 'diverges']
    """
    loss = _quadratic(loss)
    eta = v.nonnegative("learning_rate", learning_rate)
    if eta.ndim:
        v.fail("learning_rate", "a single number", learning_rate, TypeError)
    eta = float(eta)
    one, bounce = loss.one_step_rate, loss.bounce_rate
    if eta == 0:
        return "stuck"
    if math.isclose(eta, one, rel_tol=rtol):
        return "one step"
    if math.isclose(eta, bounce, rel_tol=rtol):
        return "bounces"
    if eta < one:
        return "creeps" if 2 * loss.curvature * eta < 0.01 else "glides"
    return "zig-zags" if eta < bounce else "diverges"


def frozen_limit(schedule, *, w0=5.0, loss=None, tol: float = 1e-16) -> float:
    r"""Where ``w`` ends up when the rate decays to zero: :math:`c + (w_0 - c)\prod_{k\ge0}(1 - 2a\eta_k)`.

    The infinite product converges because the rates shrink geometrically; it
    is multiplied out until :math:`2a\eta_k` falls below ``tol``.

    >>> from lrlab import exponential_decay
    >>> print(f"{frozen_limit(exponential_decay(0.1, 1, 0.5)):.3f}")
    2.902
    """
    loss = _quadratic(loss)
    start = float(v.finite("w0", w0))
    if isinstance(schedule, Constant) or not isinstance(schedule, ExponentialDecay):
        v.fail("schedule", "an lrlab.exponential_decay schedule", schedule, TypeError)
    if schedule.batch_shape:
        v.fail("schedule", "a schedule of single numbers", schedule, TypeError)
    if not schedule.decay_rate < 1:
        v.fail("schedule", "decaying (decay_rate < 1) for w to freeze", schedule)
    a = loss.curvature
    # rates fall below tol/(2a) after this many steps; take them all at once
    first_tiny = schedule.decay_steps * (
        math.log(tol / (2 * a * schedule.learning_rate)) / math.log(schedule.decay_rate) + 1
    ) if schedule.learning_rate > 0 else 0
    n = v.count("number of steps until the rate is negligible", max(int(first_tiny) + 1, 1),
                maximum=10_000_000)
    eta = schedule(np.arange(n))
    product = np.prod(1.0 - 2.0 * a * eta)
    return loss.centre + (start - loss.centre) * float(product)


def steps_to_reach(trajectory, tol: float = 1e-3):
    """The first index at which ``|w - c| < tol`` (``-1`` where it never does).

    Works on one run (returns an int, or ``-1``) or a batch (an int array).
    """
    tol = float(v.positive("tol", tol))
    loss = _quadratic(trajectory.loss_fn)
    with np.errstate(invalid="ignore"):
        close = np.abs(trajectory.w.astype(np.float64) - loss.centre) < tol
    index = np.where(close.any(axis=0), close.argmax(axis=0), -1)
    return int(index) if index.ndim == 0 else index
