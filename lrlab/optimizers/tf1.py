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

from typing import Any

import numpy as np

from . import base as b

__all__ = ["Adagrad", "Adam", "Momentum", "RMSProp"]


class _TF1(b.Optimizer):
    __slots__ = ()
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

    __slots__ = ("momentum", "use_nesterov")
    _params = ("momentum", "use_nesterov")
    momentum: float
    use_nesterov: bool

    def __init__(self, *, momentum: Any, use_nesterov: Any = False) -> None:
        self._set(momentum=b.fraction("momentum", momentum), use_nesterov=b.flag("use_nesterov", use_nesterov))

    def _slots(self, w):
        return (np.zeros_like(w),)

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

    __slots__ = ("initial_accumulator_value",)
    _params = ("initial_accumulator_value",)
    initial_accumulator_value: float

    def __init__(self, *, initial_accumulator_value: Any = 0.1) -> None:
        self._set(initial_accumulator_value=b.positive("initial_accumulator_value", initial_accumulator_value))

    def _slots(self, w):
        return (np.full_like(w, self.initial_accumulator_value),)

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

    __slots__ = ("decay", "momentum", "epsilon", "centered")
    _params = ("decay", "momentum", "epsilon", "centered")
    decay: float
    momentum: float
    epsilon: float
    centered: bool

    def __init__(self, *, decay: Any = 0.9, momentum: Any = 0.0, epsilon: Any = 1e-10, centered: Any = False) -> None:
        self._set(
            decay=b.fraction("decay", decay),
            momentum=b.fraction("momentum", momentum),
            epsilon=b.nonnegative("epsilon", epsilon),
            centered=b.flag("centered", centered),
        )

    def _slots(self, w):
        return (np.ones_like(w), np.zeros_like(w), np.zeros_like(w))

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

    __slots__ = ("beta1", "beta2", "epsilon")
    _params = ("beta1", "beta2", "epsilon")
    beta1: float
    beta2: float
    epsilon: float

    def __init__(self, *, beta1: Any = 0.9, beta2: Any = 0.999, epsilon: Any = 1e-8) -> None:
        self._set(
            beta1=b.fraction("beta1", beta1),
            beta2=b.fraction("beta2", beta2),
            epsilon=b.nonnegative("epsilon", epsilon),
        )

    def _slots(self, w):
        return (np.zeros_like(w), np.zeros_like(w), np.full_like(w, self.beta1), np.full_like(w, self.beta2))

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
