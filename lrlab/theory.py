r"""What the mathematics predicts for the quadratic :math:`a\,(w-c)^2`, whose curvature is :math:`f'' = 2a`.

One update multiplies the signed offset :math:`d_k = w_k - c` by the
contraction factor :math:`q_k = 1 - \eta_k f''`:

.. math::
    d_{k+1} = d_k - \eta_k \cdot f'' d_k = (1 - \eta_k f'')\, d_k,

so after ``t`` updates :math:`w_t = c + (w_0 - c)\prod_{k<t}(1 - \eta_k f'')`.
A constant rate is stable for :math:`0 < \eta < 2/f''`, lands in one step at
:math:`\eta = 1/f''`, and shrinks the distance by :math:`|1 - \eta f''|` per
update (so :math:`\eta = 0.2` and :math:`0.8` are equally fast on
:math:`(w+1)^2`). Everything here is worked out in float64.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from . import _validation as v
from .descent import _align, _cap, rates
from .losses import SEED_LOSS, Quadratic
from .schedules import Constant, ExponentialDecay

__all__ = [
    "REGIMES",
    "closed_form",
    "contraction",
    "frozen_limit",
    "noise_floor",
    "regime",
    "steps_to_reach",
]

#: The regimes of a constant rate η on a clean quadratic, from slowest to wildest, with what each
#: looks like. The boundaries are exact, in units of η·f″: stuck (0), creeps (0 < ηf″ < 0.01),
#: glides (0.01 ≤ ηf″ < 1), one step (ηf″ = 1), zig-zags (1 < ηf″ < 2), bounces (ηf″ = 2),
#: diverges (ηf″ > 2).
REGIMES = {
    "stuck": "a rate of 0: w never moves",
    "creeps": "each update covers less than 1% of the remaining distance (η·f″ < 0.01)",
    "glides": "w slides towards the minimum from one side (0.01 ≤ η·f″ < 1)",
    "one step": "w lands on the minimum in a single update (η = 1/f″)",
    "zig-zags": "w jumps across the minimum, closer every time (1/f″ < η < 2/f″)",
    "bounces": "w jumps between two points forever (η = 2/f″)",
    "diverges": "every jump overshoots further: w runs away (η > 2/f″)",
}


def _quadratic(loss: Any) -> Quadratic:
    loss = SEED_LOSS if loss is None else loss
    if not isinstance(loss, Quadratic):
        v.fail("loss", "an lrlab.Quadratic (the theory is for quadratics)", loss, TypeError)
    return loss


def contraction(learning_rate: Any, loss: Quadratic | None = None) -> float | np.ndarray:
    """The contraction factor ``q = 1 - η·f″``: one update multiplies ``w - c`` by it.

    ``|q|`` is the speed (smaller is faster): stable for ``0 < η < 2/f″``.

    >>> contraction(0.2), contraction(0.8)
    (0.6, -0.6000000000000001)
    """
    loss = _quadratic(loss)
    eta = v.nonnegative("learning_rate", learning_rate)
    with np.errstate(over="ignore"):  # an absurd rate has an infinite factor, not a warning
        factor = 1.0 - eta * loss.curvature
    return float(factor) if factor.ndim == 0 else factor


def closed_form(learning_rate: Any, *, w0: Any = 5.0, steps: int = 40, loss: Quadratic | None = None) -> np.ndarray:
    r"""``w`` after 0, 1, …, ``steps`` updates, from :math:`w_t = c + (w_0 - c)\prod_{k<t}(1 - \eta_k f'')`.

    Takes the same ``learning_rate`` (number, array or schedule) and ``w0`` as
    :func:`lrlab.descend` and returns an array shaped like its ``w``, in float64.
    """
    loss = _quadratic(loss)
    steps = v.count("steps", steps)
    start = v.finite("w0", w0)
    eta = rates(learning_rate, steps, np.float64)
    try:
        batch = np.broadcast_shapes(eta.shape[1:], start.shape)
    except ValueError:
        v.fail(
            "learning_rate and w0",
            "arrays of broadcastable shapes",
            {"learning_rate": eta.shape[1:], "w0": start.shape},
        )
    _cap(steps + 1, batch, "(steps + 1) x batch size")
    with np.errstate(all="ignore"):
        factors = 1.0 - eta * loss.curvature
        products = np.cumprod(np.concatenate([np.ones((1,) + factors.shape[1:]), factors]), axis=0)
        return loss.centre + (start - loss.centre) * _align(products, batch)


def regime(learning_rate: Any, loss: Quadratic | None = None, *, rtol: float = 1e-9) -> str:
    """The name of what a constant ``learning_rate`` η does on ``loss`` (a key of :data:`REGIMES`).

    Judged by ``x = η·f″``: creeps below 0.01, glides below 1, one step at 1,
    zig-zags below 2, bounces at 2, diverges above. A rate within ``rtol``
    (relative) of a critical rate ``1/f″`` or ``2/f″`` counts as equal to it.

    >>> [regime(r) for r in (0.0001, 0.2, 0.5, 0.8, 1.0, 1.2)]
    ['creeps', 'glides', 'one step', 'zig-zags', 'bounces', 'diverges']
    """
    loss = _quadratic(loss)
    eta = v.scalar(v.nonnegative("learning_rate", learning_rate), "learning_rate", learning_rate)
    rtol = v.scalar(v.nonnegative("rtol", rtol), "rtol", rtol)
    x = eta * loss.curvature
    if eta == 0:
        return "stuck"
    if x == 1 or math.isclose(eta, loss.one_step_rate, rel_tol=rtol):
        return "one step"
    if x == 2 or math.isclose(eta, loss.bounce_rate, rel_tol=rtol):
        return "bounces"
    if x < 1:
        return "creeps" if x < 0.01 else "glides"
    return "zig-zags" if x < 2 else "diverges"


def _limit_factor(schedule: Any, curvature: float) -> np.ndarray:
    r"""The infinite product :math:`P = \prod_{k\ge0}(1 - \eta_k f'')`, so the limit of ``w`` is ``c + (w0 - c) P``.

    For lrlab's constant and exponential-decay schedules (and plain numbers),
    shaped like the schedule's batch: ``0`` where ``w`` reaches the minimum,
    ``±inf`` where the limit is infinite or beyond float64 (``+inf`` for a
    constant rate above the bounce rate), NaN where there is no limit (a
    constant rate bouncing forever) or it is not known (other schedules).
    """
    if isinstance(schedule, Constant):
        params: Any = schedule  # (schedules set their parameters at run time)
        schedule = params.learning_rate
    if isinstance(schedule, ExponentialDecay):
        return _decay_limit_factor(schedule, curvature)
    if callable(schedule):
        return np.asarray(np.nan)
    return _constant_factor(np.asarray(schedule, dtype=np.float64) * curvature)


#: Most (grid point x update) products the limit of a decaying schedule may take: beyond it the limit is
#: reported as unknown (NaN) rather than keeping a kernel busy.
LIMIT_WORK = 20_000_000


def _constant_factor(x: np.ndarray) -> np.ndarray:
    """The limit factor of a constant rate with ``x = η·f″``."""
    return np.select([x == 0, x < 2, x == 2], [1.0, 0.0, np.nan], np.inf)


def _decay_limit_factor(schedule: Any, curvature: float) -> np.ndarray:
    lr0, s, gamma = np.broadcast_arrays(
        *(np.asarray(getattr(schedule, p), dtype=np.float64) for p in ("learning_rate", "decay_steps", "decay_rate"))
    )
    shape = lr0.shape
    lr0, s, gamma = lr0.ravel(), s.ravel(), gamma.ravel()
    with np.errstate(all="ignore"):
        rho = np.power(gamma, 1.0 / s)  # the smooth schedule's ratio from one update to the next
    log_abs = np.zeros(lr0.shape)  # sum of log|1 - x_k|
    negative = np.zeros(lr0.shape, dtype=bool)  # odd number of negative factors so far
    hit_zero = np.zeros(lr0.shape, dtype=bool)  # some factor is exactly 0: w lands on c
    # rates that do not decay within float64 (rho rounds to 1) act as a constant rate for ever
    constant = (gamma == 1) | (lr0 == 0) | (rho == 1)
    result = np.where(constant, _constant_factor(curvature * lr0), np.nan)
    active = ~constant
    # Multiply factor by factor until the rest is negligible or known. For a smooth schedule the rest is
    # exp(-S1 - S2/2) to within exp(±x³/(1-ρ)), with S1 = Σ_{j≥k} x_j and S2 = Σ x_j² geometric; a staircase
    # one stops when the bound S1 ≤ x_k / (γ(1 - ρ)) is below 1e-13. Once every later factor lies in (0, 1)
    # and S1 ≥ x_k·γρ/(1 - ρ) drives the product below float64's smallest number, the limit is c exactly.
    start, chunk, work = 0, 256, 0
    with np.errstate(all="ignore"):
        while active.any() and work < LIMIT_WORK:
            idx = np.flatnonzero(active)
            k = np.arange(start, start + chunk, dtype=np.float64)[:, None]
            p = k / s[idx]
            if schedule.staircase:
                p = np.floor(p)
            x = curvature * (lr0[idx] * np.power(gamma[idx], p))
            q = 1.0 - x
            hit_zero[idx] |= (q == 0).any(axis=0)
            log_abs[idx] += np.log(np.abs(np.where(q == 0, 1.0, q))).sum(axis=0)
            negative[idx] ^= (np.count_nonzero(q < 0, axis=0) % 2).astype(bool)
            last, r, g = x[-1], rho[idx], gamma[idx]
            underflows = (last < 1) & (log_abs[idx] - last * g * r / (1.0 - r) < -800)
            if schedule.staircase:
                done = last / (g * (1.0 - r)) < 1e-13
            else:
                done = last < 1e-6
                tail = last * r / (1.0 - r) + (last * r) ** 2 / (2.0 * (1.0 - r * r))
                log_abs[idx[done]] -= tail[done]
            finished = idx[done | underflows | (last == 0)]
            magnitude = np.exp(log_abs[finished])
            result[finished] = np.where(negative[finished], -magnitude, magnitude)
            result[idx[underflows]] = 0.0
            active[finished] = False
            work += chunk * idx.size
            start += chunk
            chunk = min(chunk * 2, 1 << 16)
    result = np.where(hit_zero & ~constant, 0.0, result)  # NaN left where the work ran out
    return result.reshape(shape)


def frozen_limit(schedule: ExponentialDecay, *, w0: float = 5.0, loss: Quadratic | None = None) -> float:
    r"""Where ``w`` ends up when the rate decays to zero: :math:`c + (w_0 - c)\prod_{k\ge0}(1 - \eta_k f'')`.

    The infinite product converges because the rates shrink geometrically: the
    total budget :math:`\sum_k \eta_k` is finite, and for small rates
    :math:`\ln|d_\infty / d_0| \approx -f'' \sum_k \eta_k`. The limit can lie short
    of the minimum or past it (when an odd number of early updates overshoot).
    Returns ``±inf`` if the limit is beyond float64's range (the early rates are
    far above the bounce rate ``2/f″`` for long enough).

    >>> from lrlab import exponential_decay
    >>> print(f"{frozen_limit(exponential_decay(0.1, 1, 0.5)):.3f}")
    2.902
    """
    loss = _quadratic(loss)
    start = v.scalar(v.finite("w0", w0), "w0", w0)
    if not isinstance(schedule, ExponentialDecay):
        v.fail("schedule", "an lrlab.exponential_decay schedule", schedule, TypeError)
    if schedule.batch_shape:
        v.fail("schedule", "a schedule of single numbers", schedule, TypeError)
    params: Any = schedule  # (schedules set their parameters at run time)
    if not params.decay_rate < 1:
        v.fail("schedule", "decaying (decay_rate < 1) for w to freeze", schedule)
    factor = float(_decay_limit_factor(schedule, loss.curvature))
    if start == loss.centre or factor == 0:
        return loss.centre
    if math.isnan(factor):
        v.fail(
            "schedule", f"decaying fast enough for its limit to be worked out (within {LIMIT_WORK:,} updates)", schedule
        )
    with np.errstate(all="ignore"):
        return float(loss.centre + (start - loss.centre) * factor)


def noise_floor(learning_rate: Any, noise: Any, loss: Quadratic | None = None) -> float | np.ndarray:
    r"""The loss a constant rate settles at, on average, when every gradient carries noise.

    With noisy gradients :math:`f'(w) + \sigma\xi_k` (:math:`\xi_k` standard
    normal, independent), the offset :math:`d = w - c` follows
    :math:`d_{k+1} = q\,d_k - \eta\sigma\xi_k` with :math:`q = 1 - \eta f''`.
    Taking variances of independent terms,
    :math:`V_{k+1} = q^2 V_k + \eta^2\sigma^2`; when :math:`|q| < 1` this settles at

    .. math::
        V = \frac{\eta^2\sigma^2}{1 - q^2} = \frac{\eta^2\sigma^2}{\eta f''(2 - \eta f'')}
          = \frac{\eta\sigma^2}{f''(2 - \eta f'')} = \frac{\eta\sigma^2}{4a(1 - a\eta)},

    and the mean of :math:`d` goes to 0, so the expected loss is
    :math:`E[a d^2] = aV`:

    .. math::
        E[\text{loss}] = \frac{\eta\sigma^2}{2(2 - \eta f'')} = \frac{\eta\sigma^2}{4(1 - a\eta)}
        \quad\text{for } 0 < \eta < 2/f'' = 1/a,

    and ``inf`` otherwise (``η = 0``: w never moves; ``η ≥ 2/f″``: no floor, the
    noise piles up). The floor grows with the rate: halving η roughly halves it.
    Arrays broadcast.

    >>> print(f"{noise_floor(0.1, 1.0):.6f}")
    0.027778
    """
    loss = _quadratic(loss)
    eta = v.nonnegative("learning_rate", learning_rate)
    sigma = v.nonnegative("noise", noise)
    try:
        eta, sigma = np.broadcast_arrays(eta, sigma)
    except ValueError:
        v.fail("learning_rate and noise", "arrays of broadcastable shapes", (eta.shape, sigma.shape))
    with np.errstate(all="ignore"):
        x = eta * loss.curvature
    stable = (x > 0) & (x < 2)
    with np.errstate(all="ignore"):
        floor = np.where(stable, eta * sigma**2 / (2.0 * np.where(stable, 2.0 - x, 1.0)), np.inf)
    return float(floor) if floor.ndim == 0 else floor


def steps_to_reach(trajectory: Any, tol: float = 1e-3) -> int | np.ndarray:
    """The first index at which ``|w - c| < tol`` (``-1`` where it never does).

    Works on one run (returns an int, or ``-1``) or a batch (an int array).
    """
    from .descent import Trajectory

    if not isinstance(trajectory, Trajectory):
        v.fail("trajectory", "an lrlab.Trajectory", trajectory, TypeError)
    tol = v.scalar(v.positive("tol", tol), "tol", tol)
    if not isinstance(trajectory.loss_fn, Quadratic):
        v.fail("trajectory", "a run on an lrlab.Quadratic", trajectory, TypeError)
    loss = trajectory.loss_fn
    with np.errstate(invalid="ignore"):
        close = np.abs(trajectory.w.astype(np.float64) - loss.centre) < tol
    index = np.where(close.any(axis=0), close.argmax(axis=0), -1)
    return int(index) if index.ndim == 0 else index
