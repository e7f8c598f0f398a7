r"""TensorFlow 1's optimizers (``tf.train.MomentumOptimizer`` and friends), as their C++ kernels compute them.

Names, order and defaults of the hyperparameters are TensorFlow 1's; the learning rate is
:func:`lrlab.descend`'s first argument (TF 1's ``learning_rate``, a float32 tensor). The kernels
(``ApplyMomentum``, ``ApplyAdagrad``, ``ApplyRMSProp``, ``ApplyCenteredRMSProp``, ``ApplyAdam``) work in
float32 throughout: ``1 - rho`` is rounded from float32 operands, and Adam's :math:`\beta^t` are float32
variables multiplied by :math:`\beta` after every update, so their rounding errors add up.

The numbers lrlab is tested against were recorded with TensorFlow 2's compat.v1 API (TF 2.21,
``tf.compat.v1.train.*Optimizer`` in a graph run by ``tf.compat.v1.Session``), which runs these TF 1
kernels; float32 runs match them bit for bit.
"""

from __future__ import annotations

import numpy as np

from . import base as b

__all__ = ["Adagrad", "Adam", "Momentum", "RMSProp"]


class _TF1(b.Optimizer):
    convention = "tf1"


class Momentum(_TF1):
    r"""TensorFlow 1's MomentumOptimizer.

    .. math::
        a \leftarrow \mu\, a + g, \qquad
        w \leftarrow w - \eta_k a \quad\text{(Nesterov: } w \leftarrow w - (g\,\eta_k + \mu a\,\eta_k)\text{)}

    with :math:`a = 0` at the start. The rate multiplies the accumulated gradient, as in PyTorch (Keras puts
    it inside the momentum instead).

    Args:
        momentum: :math:`\mu` in [0, 1) (required, as in TF 1).
        use_nesterov: use Nesterov momentum.
    """

    momentum = b.hyper(b.REQUIRED, b.fraction)
    use_nesterov = b.hyper(False, b.flag)

    _slot_starts = (0,)

    def _update(self, t, slots, w, g, lr):
        (a,) = slots
        mu = b.const(self.momentum, w.dtype)
        a = a * mu + g
        if self.use_nesterov:
            return w - (g * lr + a * mu * lr), (a,)
        return w - a * lr, (a,)


class Adagrad(_TF1):
    r"""TensorFlow 1's AdagradOptimizer.

    .. math::
        a \leftarrow a + g^2, \qquad w \leftarrow w - g\,\eta_k\, \frac{1}{\sqrt{a}}

    with :math:`a` starting at ``initial_accumulator_value`` (> 0, as TF 1 requires; there is no epsilon).
    ``1/sqrt(a)`` is rounded twice, as the kernel's ``rsqrt`` is on the CPU for a variable holding one number.

    Args:
        initial_accumulator_value: where :math:`a` starts, > 0.
    """

    initial_accumulator_value = b.hyper(0.1, b.positive)

    _slot_starts = ("initial_accumulator_value",)

    def _update(self, t, slots, w, g, lr):
        (a,) = slots
        a = a + g * g
        return w - g * lr * (w.dtype.type(1) / np.sqrt(a)), (a,)


class RMSProp(_TF1):
    r"""TensorFlow 1's RMSPropOptimizer, plain, with momentum, or centered.

    .. math::
        s \leftarrow s + (g^2 - s)(1 - \rho), \qquad
        v \leftarrow \mu v + \frac{g\,\eta_k}{\sqrt{s + \epsilon}}, \qquad
        w \leftarrow w - v

    with :math:`s = 1` at the start (Keras and PyTorch start it at 0) and :math:`v = 0`. Centered,
    :math:`\bar g \leftarrow \bar g + (g - \bar g)(1 - \rho)` and the root is
    :math:`\sqrt{s - \bar g^2 + \epsilon}`.

    Args:
        decay: :math:`\rho` in [0, 1).
        momentum: :math:`\mu` in [0, 1).
        epsilon: :math:`\epsilon \ge 0` (inside the square root).
        centered: divide by an estimate of the variance instead of the mean square.
    """

    decay = b.hyper(0.9, b.fraction)
    momentum = b.hyper(0.0, b.fraction)
    epsilon = b.hyper(1e-10, b.nonnegative)
    centered = b.hyper(False, b.flag)

    _slot_starts = (1, 0, 0)

    def _update(self, t, slots, w, g, lr):
        s, mean_g, v = slots
        dt = w.dtype
        rest = dt.type(1) - b.const(self.decay, dt)
        eps = b.const(self.epsilon, dt)
        s = s + (g * g - s) * rest
        if self.centered:
            mean_g = mean_g + (g - mean_g) * rest
            denominator = (s - mean_g * mean_g) + eps
        else:
            denominator = s + eps
        v = v * b.const(self.momentum, dt) + (g * lr) / np.sqrt(denominator)
        return w - v, (s, mean_g, v)


class Adam(_TF1):
    r"""TensorFlow 1's AdamOptimizer.

    .. math::
        m \leftarrow m + (g - m)(1 - \beta_1), \qquad
        v \leftarrow v + (g^2 - v)(1 - \beta_2), \qquad
        w \leftarrow w - \frac{m\,\alpha_t}{\sqrt{v} + \epsilon}, \quad
        \alpha_t = \frac{\eta_k \sqrt{1 - p_2}}{1 - p_1}

    where :math:`p_1, p_2` start at :math:`\beta_1, \beta_2` and are multiplied by them after each update
    (float32 products, not powers). Epsilon is TF 1's "epsilon hat", added to the uncorrected :math:`\sqrt v`.

    Args:
        beta1: :math:`\beta_1` in [0, 1).
        beta2: :math:`\beta_2` in [0, 1).
        epsilon: :math:`\epsilon \ge 0`.
    """

    beta1 = b.hyper(0.9, b.fraction)
    beta2 = b.hyper(0.999, b.fraction)
    epsilon = b.hyper(1e-8, b.nonnegative)

    _slot_starts = (0, 0, "beta1", "beta2")

    def _update(self, t, slots, w, g, lr):
        m, v, power_1, power_2 = slots
        dt = w.dtype
        one = dt.type(1)
        beta_1, beta_2 = b.const(self.beta1, dt), b.const(self.beta2, dt)
        alpha = lr * np.sqrt(one - power_2) / (one - power_1)
        m = m + (g - m) * (one - beta_1)
        v = v + (g * g - v) * (one - beta_2)
        w = w - (m * alpha) / (np.sqrt(v) + b.const(self.epsilon, dt))
        return w, (m, v, power_1 * beta_1, power_2 * beta_2)
