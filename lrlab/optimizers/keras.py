r"""Keras 3's optimizers (``keras.optimizers``), as their ``update_step`` computes them.

Names, order and defaults of the hyperparameters are Keras's; the learning rate is :func:`lrlab.descend`'s
first argument. In float32 every operation rounds as in Keras 3 on the TensorFlow backend, including how
each constant is converted: ``1 - rho`` is worked out in Python (float64) and then rounded, ``beta_1`` is
rounded first and raised to the power in float32. The recorded runs of Keras 3.15
(tests/data/optimizers.json) are matched bit for bit.

Keras puts the rate *inside* the momentum: :math:`m \leftarrow \mu m - \eta_k g`, then :math:`w \leftarrow w + m`.
With a constant rate that is PyTorch's and TensorFlow 1's heavy ball too; under a decaying rate it is not (the
old velocity keeps the old rates):

>>> import lrlab
>>> from lrlab.optimizers import keras, torch
>>> decayed = lrlab.exponential_decay(0.2, 1, 0.99)
>>> print(f"{lrlab.descend(decayed, optimizer=keras.SGD(momentum=0.9)).w[2]:.4f}")
-0.9856
>>> print(f"{lrlab.descend(decayed, optimizer=torch.SGD(momentum=0.9)).w[2]:.4f}")
-0.9640
"""

from __future__ import annotations

import numpy as np

from . import base as b

__all__ = ["SGD", "Adagrad", "Adam", "RMSprop"]


class _Keras(b.Optimizer):
    convention = "keras"


class SGD(_Keras):
    r"""Keras's SGD, with optional (Nesterov) momentum.

    .. math::
        m \leftarrow \mu\, m - \eta_k g, \qquad
        w \leftarrow w + m \quad\text{(Nesterov: } w \leftarrow w + \mu\, m - \eta_k g\text{)}

    with :math:`m = 0` at the start; without momentum, :math:`w \leftarrow w - g\,\eta_k` (plain descent).

    Args:
        momentum: :math:`\mu` in [0, 1).
        nesterov: use Nesterov momentum.

    Float32 runs match Keras 3's bit for bit.
    """

    momentum = b.hyper(0.0, b.fraction)
    nesterov = b.hyper(False, b.flag)

    _slot_starts = (0,)

    def _update(self, t, slots, w, g, lr):
        (m,) = slots
        if self.momentum == 0:
            return w - g * lr, slots
        mu = b.const(self.momentum, w.dtype)
        m = m * mu - g * lr
        if self.nesterov:
            return w + (m * mu - g * lr), (m,)
        return w + m, (m,)


class Adagrad(_Keras):
    r"""Keras's Adagrad.

    .. math::
        a \leftarrow a + g^2, \qquad w \leftarrow w - \frac{\eta_k g}{\sqrt{a + \epsilon}}

    with :math:`a` starting at ``initial_accumulator_value`` (0.1 in Keras and TensorFlow 1, 0 in PyTorch).
    The epsilon sits *inside* the square root.

    Args:
        initial_accumulator_value: where :math:`a` starts, >= 0.
        epsilon: :math:`\epsilon \ge 0`.

    Float32 runs match Keras 3's bit for bit.
    """

    initial_accumulator_value = b.hyper(0.1, b.nonnegative)
    epsilon = b.hyper(1e-7, b.nonnegative)

    _slot_starts = ("initial_accumulator_value",)

    def _update(self, t, slots, w, g, lr):
        (a,) = slots
        a = a + g * g
        return w - (lr * g) / np.sqrt(a + b.const(self.epsilon, w.dtype)), (a,)


class RMSprop(_Keras):
    r"""Keras's RMSprop, plain, with momentum, or centered.

    .. math::
        s \leftarrow \rho\, s + (1 - \rho)\, g^2, \qquad
        \Delta = \frac{\eta_k g}{\sqrt{s + \epsilon}}, \qquad
        w \leftarrow w - \Delta

    with :math:`s = 0` at the start (TensorFlow 1 starts it at 1). Centered, :math:`\bar g \leftarrow \rho \bar g
    + (1 - \rho) g` and the root is :math:`\sqrt{s - \bar g^2 + \epsilon}`; with momentum,
    :math:`v \leftarrow \mu v + \Delta` and :math:`w \leftarrow w - v`.

    Args:
        rho: :math:`\rho` in [0, 1).
        momentum: :math:`\mu` in [0, 1).
        epsilon: :math:`\epsilon \ge 0` (inside the square root).
        centered: divide by an estimate of the variance instead of the mean square.

    Float32 runs match Keras 3's bit for bit.
    """

    rho = b.hyper(0.9, b.fraction)
    momentum = b.hyper(0.0, b.fraction)
    epsilon = b.hyper(1e-7, b.nonnegative)
    centered = b.hyper(False, b.flag)

    _slot_starts = (0, 0, 0)

    def _update(self, t, slots, w, g, lr):
        s, mean_g, v = slots
        dt = w.dtype
        rho, rest, eps = b.const(self.rho, dt), b.const(1 - self.rho, dt), b.const(self.epsilon, dt)
        s = rho * s + rest * (g * g)
        if self.centered:
            mean_g = rho * mean_g + rest * g
            denominator = s - mean_g * mean_g + eps
        else:
            denominator = s + eps
        increment = (lr * g) / np.sqrt(denominator)
        if self.momentum > 0:
            v = b.const(self.momentum, dt) * v + increment
            return w - v, (s, mean_g, v)
        return w - increment, (s, mean_g, v)


class Adam(_Keras):
    r"""Keras's Adam, optionally AMSGrad.

    .. math::
        m \leftarrow m + (g - m)(1 - \beta_1), \qquad
        v \leftarrow v + (g^2 - v)(1 - \beta_2), \qquad
        w \leftarrow w - \frac{m\,\alpha_t}{\sqrt{v} + \epsilon}, \quad
        \alpha_t = \frac{\eta_k \sqrt{1 - \beta_2^t}}{1 - \beta_1^t}

    at update :math:`t = 1, 2, \ldots`, with :math:`m = v = 0` at the start. The bias correction goes into
    the rate, so epsilon is added to the uncorrected :math:`\sqrt v`. AMSGrad divides by the largest
    :math:`v` so far instead.

    Args:
        beta_1: :math:`\beta_1` in [0, 1).
        beta_2: :math:`\beta_2` in [0, 1).
        epsilon: :math:`\epsilon \ge 0`.
        amsgrad: use AMSGrad.

    Float32 runs match Keras 3's bit for bit (the float32 powers :math:`\beta^t` are rounded once from
    float64, as TensorFlow's ``pow`` is correctly rounded in nearly all cases).
    """

    beta_1 = b.hyper(0.9, b.fraction)
    beta_2 = b.hyper(0.999, b.fraction)
    epsilon = b.hyper(1e-7, b.nonnegative)
    amsgrad = b.hyper(False, b.flag)

    _slot_starts = (0, 0, 0)

    def _update(self, t, slots, w, g, lr):
        m, v, v_max = slots
        dt = w.dtype
        one = dt.type(1)
        power_1 = b.power(b.const(self.beta_1, dt), t, dt)
        power_2 = b.power(b.const(self.beta_2, dt), t, dt)
        alpha = lr * np.sqrt(one - power_2) / (one - power_1)
        m = m + (g - m) * b.const(1 - self.beta_1, dt)
        v = v + (g * g - v) * b.const(1 - self.beta_2, dt)
        if self.amsgrad:
            v_max = np.maximum(v_max, v)
            return w - (m * alpha) / (np.sqrt(v_max) + b.const(self.epsilon, dt)), (m, v, v_max)
        return w - (m * alpha) / (np.sqrt(v) + b.const(self.epsilon, dt)), (m, v, v_max)
