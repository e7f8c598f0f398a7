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

With noisy gradients the same algebra gives the expected loss of any
schedule exactly (:func:`expected_loss`), the schedule no other can beat
(:func:`optimal_schedule`, :func:`best_possible_loss`) and the best constant
rate for a given number of updates (:func:`best_constant_rate`).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from . import checks as v
from .descent import batch_rates
from .losses import SEED_LOSS, Quadratic
from .schedules import Constant, ExponentialDecay, InverseTimeDecay, Schedule

__all__ = [
    "REGIMES",
    "best_constant_rate",
    "best_possible_loss",
    "closed_form",
    "contraction",
    "expected_loss",
    "frozen_limit",
    "noise_floor",
    "optimal_schedule",
    "regime",
    "steps_to_reach",
    "tune_schedule",
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
    eta, batch = batch_rates(learning_rate, steps, np.float64, w0=start)
    with np.errstate(all="ignore"):
        factors = 1.0 - eta * loss.curvature
        products = np.cumprod(np.concatenate([np.ones((1,) + batch), factors]), axis=0)
        return loss.centre + (start - loss.centre) * products


def regime(learning_rate: Any, loss: Quadratic | None = None, *, rtol: float = 1e-9) -> str:
    """The name of what a constant ``learning_rate`` η does on ``loss`` (a key of :data:`REGIMES`).

    Judged by ``x = η·f″``: creeps below 0.01, glides below 1, one step at 1,
    zig-zags below 2, bounces at 2, diverges above. A rate within ``rtol``
    (relative) of a critical rate ``1/f″`` or ``2/f″`` counts as equal to it:
    ``rtol`` absorbs rounding (a rate typed as 0.1 + 0.4), so it is at most
    ``1e-3``; a larger one would call clearly different rates "one step".

    >>> [regime(r) for r in (0.0001, 0.2, 0.5, 0.8, 1.0, 1.2)]
    ['creeps', 'glides', 'one step', 'zig-zags', 'bounces', 'diverges']
    """
    loss = _quadratic(loss)
    eta = v.scalar(v.nonnegative("learning_rate", learning_rate), "learning_rate", learning_rate)
    rtol = v.scalar(v.nonnegative("rtol", rtol), "rtol", rtol)
    if not rtol <= 1e-3:
        v.fail("rtol", "at most 1e-3 (a tolerance for rounding; larger ones blur the regimes)", rtol)
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


def limit_factor(schedule: Any, curvature: float) -> np.ndarray:
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


# ---------------------------------------------------------------- noisy gradients: exact expectations and optima


def expected_loss(
    learning_rate: Any, *, w0: Any = 5.0, steps: int = 40, noise: Any = 0.0, loss: Quadratic | None = None
) -> np.ndarray:
    r"""The exact expected loss above the minimum, :math:`E[f(w_k)] - \min f`, after 0, 1, …, ``steps`` noisy updates.

    :func:`lrlab.descend` with ``noise=σ`` runs
    :math:`w_{k+1} = w_k - \eta_k (f'(w_k) + \sigma\xi_k)` with :math:`\xi_k`
    standard normal and independent. On :math:`f = a(w-c)^2` the offset
    :math:`d = w - c` then follows, with :math:`q_k = 1 - \eta_k f''`,

    .. math::
        d_{k+1} = q_k d_k - \eta_k \sigma \xi_k .

    :math:`d_k` depends only on :math:`\xi_0, …, \xi_{k-1}`, so it is independent
    of :math:`\xi_k`, and the cross term has mean zero. The second moment
    :math:`s_k = E[d_k^2]` (the squared mean plus the variance) therefore obeys

    .. math::
        s_0 = (w_0 - c)^2, \qquad s_{k+1} = q_k^2\, s_k + \eta_k^2 \sigma^2,

    and, since :math:`f(w) - \min f = a d^2 = \tfrac{f''}{2} d^2`,

    .. math::
        E[f(w_k)] - \min f = \frac{f''}{2}\, s_k .

    It is worked out as :math:`r_k = \sqrt{s_k}`,
    :math:`r_{k+1} = \operatorname{hypot}(q_k r_k, \eta_k\sigma)`, so that no
    intermediate square overflows. No sampling: this is the limit that averages
    over many seeded runs approach.
    With ``noise=0`` it is :math:`\tfrac{f''}{2}(w_k - c)^2` of the clean run. For
    a constant rate below :math:`2/f''` it tends to :func:`noise_floor`.

    Args:
        learning_rate: a number, an array of numbers, a schedule or a callable
            ``step -> rate``, as in :func:`lrlab.descend`.
        w0: where ``w`` starts; an array makes a batch.
        steps: how many updates, ``0 <= steps <= 100,000``.
        noise: :math:`\sigma \ge 0`, the standard deviation of the gradient
            noise; an array makes a batch.
        loss: an :class:`lrlab.Quadratic` (default :math:`(w+1)^2`); any other
            loss raises ``TypeError``.

    Returns:
        A float64 array shaped ``(steps + 1, *batch)``, the batch broadcast from
        the rates, ``w0`` and ``noise`` as :func:`lrlab.descend` does it (and
        refused with the same errors). A run that overflows float64 reads ``inf``.

    >>> clean, noisy = expected_loss(0.2), expected_loss(0.2, noise=2.0, steps=3000)
    >>> print(f"{clean[1]:.6f} {noisy[-1]:.6f}")
    12.960000 0.250000
    """
    steps = v.count("steps", steps)
    loss = _quadratic(loss)
    start = v.finite("w0", w0)
    sigma = v.nonnegative("noise", noise)
    if not isinstance(learning_rate, Schedule) and not callable(learning_rate):
        learning_rate = v.nonnegative("learning_rate", learning_rate)
    eta, batch = batch_rates(learning_rate, steps, np.float64, w0=start, noise=sigma)
    f2 = loss.curvature
    root_a = math.sqrt(0.5 * f2)
    r = np.empty((steps + 1,) + batch)  # r_k = sqrt(s_k): offsets up to float64's range, squared only at the end
    with np.errstate(all="ignore"):  # overflow reads inf; nothing below makes NaN
        r[0] = np.abs(start - loss.centre)
        for k in range(steps):
            q = 1.0 - eta[k] * f2
            # q = 0 (or r = 0) keeps nothing of r, even of an r that has overflowed to inf
            kept = np.where((q == 0) | (r[k] == 0), 0.0, q * r[k])
            r[k + 1] = np.hypot(kept, eta[k] * sigma)
        scaled = root_a * r
        return np.asarray(scaled * scaled)


def _noise(noise: Any, loss: Quadratic) -> np.ndarray:
    """``noise`` checked to be ``> 0``: without noise the question these functions answer has a trivial answer."""
    sigma = v.real("noise", noise)
    if not np.all((sigma > 0) & np.isfinite(sigma)):
        v.fail(
            "noise",
            f"finite and > 0 (without noise a single update at the rate 1/f″ = {loss.one_step_rate:g} lands on "
            "the minimum, and nothing does better)",
            noise,
        )
    return sigma


def _offset(start: np.ndarray, sigma: np.ndarray, loss: Quadratic) -> np.ndarray:
    """``|w0 - c|``, broadcast with ``noise`` (whose shape it must match, as numpy broadcasts)."""
    try:
        start, _ = np.broadcast_arrays(start, sigma)
    except ValueError:
        v.fail("w0 and noise", "arrays of broadcastable shapes", {"w0": start.shape, "noise": sigma.shape})
    with np.errstate(over="ignore"):
        return np.asarray(np.abs(start - loss.centre))


def optimal_schedule(*, w0: Any = 5.0, noise: Any, loss: Quadratic | None = None) -> InverseTimeDecay:
    r"""The schedule with the lowest expected loss after every update: an inverse-time decay.

    By :func:`expected_loss`, a schedule's expected loss is :math:`\tfrac{f''}{2}s_k`
    with :math:`s_{k+1} = (1 - \eta_k f'')^2 s_k + \eta_k^2\sigma^2`. For one step
    this is a parabola in :math:`\eta_k`; setting its derivative to zero,

    .. math::
        \eta_k = \frac{f'' s_k}{f''^2 s_k + \sigma^2}, \qquad
        s_{k+1} = \frac{\sigma^2 s_k}{\sigma^2 + f''^2 s_k}, \quad\text{i.e.}\quad
        \frac{1}{s_{k+1}} = \frac{1}{s_k} + \frac{f''^2}{\sigma^2}.

    So :math:`1/s_k = 1/s_0 + k f''^2/\sigma^2` and, with :math:`s_0 = (w_0 - c)^2`
    and :math:`B = \sigma^2/(f''^2 s_0)`,

    .. math::
        \eta_k = \frac{1/f''}{k + 1 + B} = \frac{\eta_0}{1 + \gamma k}, \qquad
        \eta_0 = \frac{1}{f''(1 + B)},\quad \gamma = \frac{1}{1 + B},

    which is :func:`lrlab.inverse_time_decay` with ``decay_steps=1``: it starts
    just below the one-step rate :math:`1/f''` and falls like :math:`1/(f'' k)`,
    the Robbins–Monro pace.

    Choosing each step greedily is optimal for the whole run, not just for the
    next step: the best reachable :math:`s_{k+1}`,
    :math:`g(s) = \min_\eta\,[(1 - \eta f'')^2 s + \eta^2\sigma^2] = \sigma^2 s / (\sigma^2 + f''^2 s)`,
    is increasing in :math:`s`. If :math:`s_k` is the smallest any schedule can
    reach at step k, any other schedule has :math:`s'_k \ge s_k` and so
    :math:`s'_{k+1} \ge g(s'_k) \ge g(s_k) = s_{k+1}`. By induction no schedule
    beats this one at any step (the expected loss it reaches is
    :func:`best_possible_loss`).

    Args:
        w0: where ``w`` starts; an array makes a batch.
        noise: :math:`\sigma > 0`, the standard deviation of the gradient noise;
            an array makes a batch. ``0`` is refused: without noise the best is a
            single update at :math:`1/f''`, after which any rate keeps ``w`` on
            the minimum.
        loss: an :class:`lrlab.Quadratic` (default :math:`(w+1)^2`).

    Returns:
        An :class:`lrlab.InverseTimeDecay` (a batch of them for array ``w0`` or
        ``noise``), usable wherever a schedule is. Starting on the minimum
        (``w0 = c``) it is the rate 0: any move only adds noise.

    In float64 the first update cancels the start only to about 16 digits
    (:math:`1 - \eta_0 f''` rounds), so for a start more than about
    :math:`10^{15}\sigma/f''` from the centre the rounding, not the noise, sets
    what a run reaches.

    >>> sched = optimal_schedule(noise=2.0)
    >>> print(f"{sched(0):.6f} {sched(1):.6f} {sched(2999):.6f}")
    0.486486 0.246575 0.000167
    """
    loss = _quadratic(loss)
    start = v.finite("w0", w0)
    sigma = _noise(noise, loss)
    distance = _offset(start, sigma, loss)
    f2 = loss.curvature
    with np.errstate(all="ignore"):  # w0 = c: sigma/0 = inf, so the rate is 0
        excess = sigma / distance / math.sqrt(f2)
        first = 1.0 / (f2 + excess * excess)  # 1/(f''(1 + B)), with f''B = sigma^2/(f'' s0) = excess^2
        gamma = f2 * first  # 1/(1 + B)

    def param(arr: np.ndarray) -> float | np.ndarray:
        return float(arr) if arr.ndim == 0 else arr

    return InverseTimeDecay(param(first), 1.0, param(gamma))


def best_possible_loss(steps: int, *, w0: Any = 5.0, noise: Any, loss: Quadratic | None = None) -> float | np.ndarray:
    r"""The lowest expected loss any schedule can reach after ``steps`` noisy updates: that of :func:`optimal_schedule`.

    .. math::
        E[f(w_T)] - \min f \;\ge\; \frac{f''/2}{1/s_0 + T f''^2/\sigma^2}, \qquad s_0 = (w_0 - c)^2,

    with equality for :func:`optimal_schedule`. For large :math:`T` the bound is
    about :math:`\sigma^2 / (2 f'' T)`: no schedule beats a :math:`1/T` decay of the loss.

    Args:
        steps: :math:`T`, the number of updates, ``0 <= steps <= 100,000``.
        w0: where ``w`` starts; noise: :math:`\sigma > 0` (arrays broadcast to a batch).
        loss: an :class:`lrlab.Quadratic` (default :math:`(w+1)^2`).

    Returns:
        A float, or an array for array ``w0`` or ``noise``.

    >>> print(f"{best_possible_loss(3000, noise=2.0):.6f} {best_possible_loss(100, noise=1.0):.6f}")
    0.000333 0.002500
    """
    loss = _quadratic(loss)
    steps = v.count("steps", steps)
    start = v.finite("w0", w0)
    sigma = _noise(noise, loss)
    distance = _offset(start, sigma, loss)
    root_f2 = math.sqrt(loss.curvature)
    with np.errstate(all="ignore"):  # written so that no intermediate overflows before the result does
        if steps == 0:
            scaled = root_f2 * distance
            result = np.asarray(0.5 * scaled * scaled)
        else:  # (f''/2) / (1/s0 + T f''^2/sigma^2) = 1/2 / (1/(f'' s0) + T f''/sigma^2); w0 = c gives 1/0 = inf
            start_term = 1.0 / (root_f2 * distance)
            noise_term = root_f2 / sigma
            result = np.asarray(0.5 / (start_term * start_term + steps * (noise_term * noise_term)))
    return float(result) if result.ndim == 0 else result


def _constant_rate_slope(x: np.ndarray, log_ratio: float, steps: int) -> np.ndarray:
    r"""The derivative in ``x = η·f″`` (``0 <= x <= 1``) of :math:`s_T/(B s_0)` for a constant rate.

    With :math:`q = 1 - x`, :math:`P = q^{2T}` and :math:`1 - q^2 = x(2 - x)`,
    :math:`s_T/s_0 = P + B x (1 - P)/(2 - x)`. Dividing by :math:`B` (given as
    :math:`\ln B`, so that neither a tiny nor a huge :math:`B` is lost) and differentiating:

    .. math::
        2T q^{2T-1}\frac{x}{2 - x} - 2T\,\frac{q^{2T-1}}{B} + \frac{2(1 - P)}{(2 - x)^2}.
    """
    with np.errstate(all="ignore"):
        log_q = np.log1p(-x)  # -inf at x = 1
        odd = np.exp((2 * steps - 1) * log_q)  # q^(2T-1), 0 at x = 1
        rest = -np.expm1(2 * steps * log_q)  # 1 - P, accurate for small x
        start_pull = np.exp((2 * steps - 1) * log_q - log_ratio)  # q^(2T-1)/B (inf for a negligible B)
        return np.asarray(2.0 * steps * odd * x / (2.0 - x) - 2.0 * steps * start_pull + 2.0 * rest / (2.0 - x) ** 2)


def best_constant_rate(steps: int, *, w0: Any = 5.0, noise: Any, loss: Quadratic | None = None) -> float:
    r"""The constant rate with the lowest expected loss after ``steps`` noisy updates.

    A constant rate :math:`\eta` (with :math:`q = 1 - \eta f''`) has, by :func:`expected_loss`,

    .. math::
        s_T(\eta) = q^{2T} s_0 + \sigma^2\eta^2\,\frac{1 - q^{2T}}{1 - q^2},

    a trade between forgetting the start (:math:`q^{2T} s_0`, small for large
    :math:`\eta`) and the noise piled up (small for small :math:`\eta`). Any rate
    above :math:`1/f''` is beaten by its mirror :math:`2/f'' - \eta`, which keeps
    :math:`|q|` and adds less noise; on :math:`(0, 1/f'']` the expected loss falls,
    then rises: it has one minimum. It is found on a coarse logarithmic grid of
    :math:`x = \eta f''` by where the exact derivative of :math:`s_T` turns from
    negative to positive, then by bisection on that sign between the two grid
    points, down to neighbouring floats. (The sign of the derivative can be told
    much more finely than the flat values near the minimum can be compared.)
    The loss it gives is ``expected_loss(rate, w0=w0, steps=steps, noise=noise,
    loss=loss)[-1]``, never below :func:`best_possible_loss`.

    Args:
        steps: :math:`T \ge 1`, the number of updates.
        w0: where ``w`` starts; noise: :math:`\sigma > 0` (single numbers).
        loss: an :class:`lrlab.Quadratic` (default :math:`(w+1)^2`).

    Returns:
        The rate, a float in :math:`(0, 1/f'']` (``0.0`` when ``w0`` is the
        centre: there is nothing to gain, only noise to add).

    >>> rate = best_constant_rate(100, noise=1.0)
    >>> print(f"{rate:.4f} {expected_loss(rate, steps=100, noise=1.0)[-1]:.5f}")
    0.0267 0.00747
    """
    loss = _quadratic(loss)
    steps = v.count("steps", steps, minimum=1)
    start = v.finite("w0", w0)
    v.scalar(start, "w0", w0)
    sigma = _noise(noise, loss)
    v.scalar(sigma, "noise", noise)
    f2 = loss.curvature
    distance = float(_offset(start, sigma, loss))
    with np.errstate(divide="ignore"):
        log_ratio = 2.0 * (math.log(float(sigma)) - math.log(f2) - float(np.log(distance)))  # ln B
    if log_ratio == math.inf:  # w0 is the centre: do not move
        return 0.0
    if log_ratio == -math.inf:  # the distance overflowed: no noise to speak of, land in one update
        return loss.one_step_rate
    # The best x = η·f″ is about 1/B when the noise dominates, about ln(T/B)/(2T) when the distance does.
    tiny = float(np.finfo(np.float64).tiny)
    lowest = max(1e-3 * min(1.0 / steps, math.exp(-max(log_ratio, 0.0)) if log_ratio < 700 else 0.0), tiny)
    grid = np.concatenate([[0.0], np.geomspace(lowest, 1.0, 400)])
    rising = _constant_rate_slope(grid, log_ratio, steps) >= 0  # False, …, False, True, …, True (True at x = 1)
    j = int(np.argmax(rising))
    if j == 0:  # falling nowhere: the best rate is below float64's smallest numbers
        return 0.0
    lo, hi = float(grid[j - 1]), float(grid[j])
    while True:  # down to neighbouring floats: a minimum a hair below x = 1 must not stop 1e-13 short of it
        mid = 0.5 * (lo + hi)
        if not lo < mid < hi:
            return hi / f2
        if _constant_rate_slope(np.array(mid), log_ratio, steps) < 0:
            lo = mid
        else:
            hi = mid


def tune_schedule(
    family: Any,
    grid: dict[str, Any],
    *,
    steps: int,
    w0: Any = 5.0,
    noise: Any,
    loss: Quadratic | None = None,
    rounds: int = 3,
) -> dict[str, float]:
    r"""The parameters of a schedule family with the lowest exact expected loss after ``steps`` noisy updates.

    The way :func:`best_constant_rate` tunes a constant rate, for any family:
    every combination of the ``grid`` values is scored by :func:`expected_loss`
    after ``steps`` updates, all of them in one batched call. Each further round
    puts a grid of the same size between the neighbours of the best point along
    every parameter and scores it again, so the answer is finer than the first
    grid (a best point on the grid's edge stays on that edge: widen the grid).

    Args:
        family: a callable taking the parameters as keyword arrays of one shape
            and returning a schedule (or anything :func:`expected_loss` takes)
            for that batch, e.g. ``lambda learning_rate: cosine_decay(learning_rate, 3000)``.
        grid: each parameter's name and its first values, at least 2,
            increasing and finite.
        steps: :math:`T \ge 1`, the number of updates.
        w0, noise, loss: as in :func:`expected_loss` (single numbers).
        rounds: ``>= 1``, how many grids to score.

    Returns:
        The best setting found, ``{name: value}``.

    >>> best = tune_schedule(lambda rate: rate, {"rate": np.geomspace(1e-4, 0.5, 40)}, steps=100, noise=1.0)
    >>> print(f"{best['rate']:.4f} {best_constant_rate(100, noise=1.0):.4f}")
    0.0267 0.0267
    """
    if not callable(family):
        v.fail("family", "callable", family, TypeError)
    if not isinstance(grid, dict) or not grid:
        v.fail("grid", "a non-empty dict of parameter values", grid, TypeError)
    steps = v.count("steps", steps, minimum=1)
    rounds = v.count("rounds", rounds, minimum=1, maximum=20)
    axes: dict[str, np.ndarray] = {}
    for name, values in grid.items():
        arr = v.finite(f"grid[{name!r}]", values)
        if arr.ndim != 1 or arr.size < 2 or not np.all(np.diff(arr) > 0):
            v.fail(f"grid[{name!r}]", "at least 2 increasing values", values)
        axes[name] = arr
    w0, noise = v.number("w0", w0), v.number("noise", noise, v.nonnegative)
    expected_loss(0.0, w0=w0, steps=1, noise=noise, loss=loss)  # a wrong loss is named here, not blamed on family
    wanted = f"a callable taking {', '.join(map(str, axes))} as keyword arrays and returning a schedule"
    best: dict[str, float] = {}
    for _ in range(rounds):
        mesh = np.meshgrid(*axes.values(), indexing="ij")
        try:
            schedule = family(**{name: m.ravel() for name, m in zip(axes, mesh, strict=True)})
            ends = expected_loss(schedule, w0=w0, steps=steps, noise=noise, loss=loss)[-1]
        except Exception as exc:  # whatever the caller's family does wrong, the message names it
            v.fail("family", f"{wanted} (it gave {v.show(exc)})", family, TypeError)
        ends = np.broadcast_to(ends, mesh[0].size)
        if not np.any(np.isfinite(ends)):  # every setting runs away: no best one to report
            v.fail("family", "a family with a finite expected loss somewhere on the grid", family)
        at = [int(i) for i in np.unravel_index(int(np.nanargmin(ends)), mesh[0].shape)]
        best = {name: float(values[i]) for (name, values), i in zip(axes.items(), at, strict=True)}
        axes = {
            name: np.linspace(values[max(i - 1, 0)], values[min(i + 1, values.size - 1)], values.size)
            for (name, values), i in zip(axes.items(), at, strict=True)
        }
    return best
