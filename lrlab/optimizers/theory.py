r"""Heavy-ball momentum on a quadratic: when it converges, how fast, and the momentum that is fastest.

With a constant rate :math:`\eta` the momentum of Keras, PyTorch and TensorFlow 1 is the same heavy ball (Keras
keeps :math:`m = -\eta b`): on :math:`a\,(w - c)^2`, with :math:`h = f'' = 2a` and the offset
:math:`d_k = w_k - c`, the gradient is :math:`h\,d_k` and

.. math::
    b_k = \beta\, b_{k-1} + h\, d_k, \qquad d_{k+1} = d_k - \eta\, b_k
    \quad\Longrightarrow\quad
    d_{k+1} = (1 + \beta - \eta h)\, d_k - \beta\, d_{k-1}

(subtract :math:`\beta` times the previous update from this one). Its solutions are combinations of
:math:`r^k` for the two roots of the characteristic polynomial

.. math::
    r^2 - (1 + \beta - \eta h)\, r + \beta = 0,

so :math:`|d_k|` shrinks asymptotically by :math:`\rho = \max |r|` per update. Both roots lie inside the unit
circle exactly when (Jury's conditions for :math:`r^2 + a_1 r + a_0`: :math:`|a_0| < 1`, :math:`1 + a_1 + a_0 > 0`,
:math:`1 - a_1 + a_0 > 0`)

.. math::
    |\beta| < 1, \qquad \eta h > 0, \qquad \eta h < 2\,(1 + \beta):

momentum in [0, 1) stretches the stable rates from :math:`\eta < 2/f''` up to :math:`\eta < 2(1 + \beta)/f''`.
When the discriminant :math:`(1 + \beta - \eta h)^2 - 4\beta` is negative the roots are complex, with
:math:`|r| = \sqrt\beta`: ``w`` spirals in at a speed set by the momentum alone. It is zero, a double root
:math:`r = (1 + \beta - \eta h)/2`, at :math:`\beta = (1 - \sqrt{\eta h})^2`; there
:math:`\rho = |1 - \sqrt{\eta h}|`, the smallest any momentum reaches for this rate (more momentum makes
the roots complex, with :math:`\sqrt\beta` larger; less leaves a real root further out). For
:math:`\eta h = 0.04` plain descent shrinks :math:`|d|` by 0.96 per update, the best momentum by 0.8.

The course's SGDM (:class:`lrlab.optimizers.course.SGDM`) averages instead of summing: it is this heavy ball
with the rate :math:`(1 - \beta)\,\eta`. Everything here is worked out in float64.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import checks as v
from ..losses import SEED_LOSS, Quadratic

__all__ = ["best_momentum", "momentum_converges", "momentum_rate"]


def _curvature(loss: Any) -> float:
    loss = SEED_LOSS if loss is None else loss
    if not isinstance(loss, Quadratic):
        v.fail("loss", "an lrlab.Quadratic (the theory is for quadratics)", loss, TypeError)
    return loss.curvature


def _momenta(momentum: Any) -> np.ndarray:
    beta = v.real("momentum", momentum)
    if not np.all((beta >= 0) & (beta < 1)):
        v.fail("momentum", "in [0, 1)", momentum)
    return beta


def _rate_and_momentum(learning_rate: Any, momentum: Any) -> tuple[np.ndarray, np.ndarray]:
    eta = v.nonnegative("learning_rate", learning_rate)
    beta = _momenta(momentum)
    try:
        eta, beta = np.broadcast_arrays(eta, beta)
    except ValueError:
        v.fail(
            "learning_rate and momentum",
            "arrays of broadcastable shapes",
            {"learning_rate": eta.shape, "momentum": beta.shape},
        )
    return eta, beta


def _out(x: np.ndarray) -> Any:
    return x[()] if x.ndim == 0 else x


def momentum_converges(learning_rate: Any, momentum: Any, loss: Quadratic | None = None) -> Any:
    r"""Whether heavy-ball momentum with a constant rate reaches the minimum of ``loss``: :math:`0 < \eta f'' <
    2(1 + \beta)`.

    Args:
        learning_rate: :math:`\eta \ge 0` (a number or an array).
        momentum: :math:`\beta` in [0, 1) (a number or an array, broadcast against the rate).
        loss: an :class:`lrlab.Quadratic`; the default is the course's :math:`(w + 1)^2` (:math:`f'' = 2`).

    Returns:
        a bool, or a bool array shaped like the broadcast arguments.

    >>> momentum_converges(1.2, 0.0), momentum_converges(1.2, 0.5)
    (False, True)
    """
    h = _curvature(loss)
    eta, beta = _rate_and_momentum(learning_rate, momentum)
    x = eta * h
    out = (x > 0) & (x < 2 * (1 + beta))
    return bool(out) if out.ndim == 0 else out


def momentum_rate(learning_rate: Any, momentum: Any, loss: Quadratic | None = None) -> Any:
    r"""The factor :math:`\rho = \max|r|` by which :math:`|w - c|` shrinks per update in the long run.

    The roots :math:`r` of :math:`r^2 - (1 + \beta - \eta f'')\, r + \beta = 0`: :math:`\rho < 1` exactly when
    :func:`momentum_converges`; with :math:`\beta = 0` it is plain descent's :math:`|1 - \eta f''|`.

    >>> print(f"{momentum_rate(0.02, 0.0):.2f} {momentum_rate(0.02, 0.64):.2f} {momentum_rate(0.02, 0.9):.3f}")
    0.96 0.80 0.949
    """
    h = _curvature(loss)
    eta, beta = _rate_and_momentum(learning_rate, momentum)
    with np.errstate(over="ignore", invalid="ignore"):
        p = 1 + beta - eta * h
        disc = p * p - 4 * beta
        real = (np.abs(p) + np.sqrt(np.where(disc >= 0, disc, 0.0))) / 2
        rho = np.where(disc >= 0, real, np.sqrt(beta))
    return _out(rho.astype(np.float64))


def best_momentum(learning_rate: Any, loss: Quadratic | None = None) -> Any:
    r"""The momentum :math:`\beta^* = (1 - \sqrt{\eta f''})^2` that makes heavy ball fastest for this rate.

    There the two roots meet at :math:`1 - \sqrt{\eta f''}`, so :math:`|w - c|` shrinks asymptotically by
    :math:`|1 - \sqrt{\eta f''}|` per update. Defined for :math:`0 < \eta f'' < 4` (beyond, no momentum in
    [0, 1) converges).

    >>> print(f"{best_momentum(0.02):.2f} {best_momentum(0.5):.2f}")
    0.64 0.00
    """
    h = _curvature(loss)
    eta = v.nonnegative("learning_rate", learning_rate)
    x = eta * h
    if not np.all((x > 0) & (x < 4)):
        v.fail(
            "learning_rate", f"> 0 and < 4/f'' = {4 / h:g} (the best momentum is in [0, 1) only there)", learning_rate
        )
    return _out((1 - np.sqrt(x)) ** 2)
