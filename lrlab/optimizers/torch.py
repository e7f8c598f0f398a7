r"""PyTorch's optimizers (``torch.optim``), as their single-tensor CPU code computes them.

Names, order and defaults of the hyperparameters are PyTorch's; the learning rate is :func:`lrlab.descend`'s
first argument. PyTorch keeps the rate a Python float, so these optimizers receive the rates in float64 and
round them where PyTorch does (``descend`` records them rounded to the run's dtype).

In float32 PyTorch's CPU kernels round ``a + alpha * b`` (``add_`` with ``alpha``), ``addcmul_`` and
``lerp_`` *once*, as fused multiply-adds; lrlab does the same (exactly, see ``fma`` in
``lrlab/optimizers/base.py``). A replay that rounds twice drifts from PyTorch by many ulps within a few dozen
updates.

PyTorch's float32 square root on the CPU is Intel MKL's, which is not always correctly rounded (on the machine
that recorded tests/data/optimizers.json, 0.7% of random inputs came out one ulp off, errors up to 0.56 ulp);
lrlab's is IEEE's. Optimizers that take a square root (Adagrad, RMSprop, Adam, AdamW) therefore match PyTorch
bit for bit until the first square root MKL rounds the other way, and from then on stay close: over the
recorded runs (up to 200 updates, torch 2.14) ``|w - w_torch| <= 1e-5``. SGD has no square root and matches bit
for bit.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import checks as v
from . import base as b

__all__ = ["SGD", "Adagrad", "Adam", "AdamW", "RMSprop"]


class _Torch(b.Optimizer):
    convention = "torch"
    _float64_rate = True


def _lerp(start: Any, end: Any, weight: float, dt: np.dtype) -> Any:
    """``torch.lerp(start, end, weight)``: ``start + weight (end - start)`` for ``weight < 0.5``, else
    ``end - (end - start)(1 - weight)``, each a fused multiply-add."""
    wt = b.const(weight, dt)
    if abs(wt) < 0.5:
        return b.fma(wt, end - start, start)
    return b.fma(-(end - start), dt.type(1) - wt, end)


class SGD(_Torch):
    r"""PyTorch's SGD, with optional momentum (dampened, or Nesterov).

    .. math::
        b \leftarrow \mu\, b + (1 - \tau)\, g, \qquad
        w \leftarrow w - \eta_k b \quad\text{(Nesterov: } w \leftarrow w - \eta_k (g + \mu b)\text{)}

    where the first update sets :math:`b = g` (no dampening :math:`\tau` on the first step); without momentum,
    :math:`w \leftarrow w - \eta_k g` rounded once.

    Args:
        momentum: :math:`\mu` in [0, 1).
        dampening: :math:`\tau` in [0, 1].
        nesterov: use Nesterov momentum (needs ``momentum > 0`` and ``dampening == 0``, as in PyTorch).

    Float32 runs match PyTorch's bit for bit.
    """

    momentum = b.hyper(0, b.fraction)
    dampening = b.hyper(0, b.at_most_one)
    nesterov = b.hyper(False, b.flag)

    def _check_together(self) -> None:
        if self.nesterov and not (self.momentum > 0 and self.dampening == 0):
            v.fail(
                "nesterov",
                "False when momentum is 0 or dampening is not 0 (Nesterov momentum needs a momentum and no "
                f"dampening; here momentum={self.momentum!r}, dampening={self.dampening!r})",
                self.nesterov,
            )

    _slot_starts = (0,)

    def _update(self, t, slots, w, g, lr):
        (buf,) = slots
        dt = w.dtype
        if self.momentum != 0:
            mu = b.const(self.momentum, dt)
            buf = g if t == 1 else b.fma(g, b.const(1 - self.dampening, dt), buf * mu)
            g = b.fma(buf, mu, g) if self.nesterov else buf
        return b.fma(g, (-lr).astype(dt), w), (buf,)


class Adagrad(_Torch):
    r"""PyTorch's Adagrad.

    .. math::
        a \leftarrow a + g^2, \qquad w \leftarrow w - \frac{\eta_k g}{\sqrt{a} + \epsilon}

    with :math:`a` starting at ``initial_accumulator_value`` (0 in PyTorch, 0.1 in Keras and TensorFlow 1).
    The epsilon is added *outside* the square root.

    Args:
        initial_accumulator_value: where :math:`a` starts, >= 0.
        eps: :math:`\epsilon \ge 0`.

    Float32 runs match PyTorch's except where its MKL square root rounds differently (see the module):
    within ``|w - w_torch| <= 1e-5`` over the recorded runs.
    """

    initial_accumulator_value = b.hyper(0, b.nonnegative)
    eps = b.hyper(1e-10, b.nonnegative)

    _slot_starts = ("initial_accumulator_value",)

    def _update(self, t, slots, w, g, lr):
        (a,) = slots
        dt = w.dtype
        a = b.fma(g, g, a)
        std = np.sqrt(a) + b.const(self.eps, dt)
        return w + ((-lr).astype(dt) * g) / std, (a,)


class RMSprop(_Torch):
    r"""PyTorch's RMSprop, plain, with momentum, or centered.

    .. math::
        s \leftarrow \alpha s + (1 - \alpha) g^2, \qquad
        d = \sqrt{s} + \epsilon, \qquad
        w \leftarrow w - \frac{\eta_k g}{d}

    with :math:`s = 0` at the start. Centered, :math:`\bar g` is the running mean of :math:`g` and
    :math:`d = \sqrt{s - \bar g^2} + \epsilon`; with momentum, :math:`b \leftarrow \mu b + g / d` and
    :math:`w \leftarrow w - \eta_k b`. The epsilon is added *outside* the square root.

    Args:
        alpha: :math:`\alpha` in [0, 1).
        eps: :math:`\epsilon \ge 0`.
        momentum: :math:`\mu` in [0, 1).
        centered: divide by an estimate of the variance instead of the mean square.

    Float32 runs match PyTorch's except where its MKL square root rounds differently (see the module):
    within ``|w - w_torch| <= 1e-5`` over the recorded runs.
    """

    alpha = b.hyper(0.99, b.fraction)
    eps = b.hyper(1e-8, b.nonnegative)
    momentum = b.hyper(0, b.fraction)
    centered = b.hyper(False, b.flag)

    _slot_starts = (0, 0, 0)

    def _update(self, t, slots, w, g, lr):
        s, mean_g, buf = slots
        dt = w.dtype
        s = b.fma(b.const(1 - self.alpha, dt) * g, g, s * b.const(self.alpha, dt))
        if self.centered:
            mean_g = _lerp(mean_g, g, 1 - self.alpha, dt)
            d = np.sqrt(b.fma(-mean_g, mean_g, s))
        else:
            d = np.sqrt(s)
        d = d + b.const(self.eps, dt)
        if self.momentum > 0:
            buf = buf * b.const(self.momentum, dt) + g / d
            return b.fma(buf, (-lr).astype(dt), w), (s, mean_g, buf)
        return w + ((-lr).astype(dt) * g) / d, (s, mean_g, buf)


class Adam(_Torch):
    r"""PyTorch's Adam, optionally AMSGrad.

    .. math::
        m \leftarrow m + (1 - \beta_1)(g - m), \qquad
        v \leftarrow \beta_2 v + (1 - \beta_2) g^2, \qquad
        w \leftarrow w - \frac{\eta_k}{1 - \beta_1^t}\,
            \frac{m}{\sqrt{v} / \sqrt{1 - \beta_2^t} + \epsilon}

    at update :math:`t = 1, 2, \ldots`, with :math:`m = v = 0` at the start. The bias corrections are worked
    out in Python floats (float64); epsilon is added after dividing :math:`\sqrt v` by its correction. AMSGrad
    uses the largest :math:`v` so far.

    Args:
        betas: :math:`(\beta_1, \beta_2)`, each in [0, 1).
        eps: :math:`\epsilon \ge 0`.
        amsgrad: use AMSGrad.

    Float32 runs match PyTorch's except where its MKL square root rounds differently (see the module):
    within ``|w - w_torch| <= 1e-5`` over the recorded runs.
    """

    betas = b.hyper((0.9, 0.999), b.pair_of_fractions)
    eps = b.hyper(1e-8, b.nonnegative)
    amsgrad = b.hyper(False, b.flag)
    #: no weight decay: Adam's ``_update`` is AdamW's with ``weight_decay`` 0
    weight_decay: float = 0.0

    _slot_starts = (0, 0, 0)

    def _update(self, t, slots, w, g, lr):
        m, v, v_max = slots
        dt = w.dtype
        beta_1, beta_2 = self.betas
        if self.weight_decay:  # AdamW: decoupled weight decay, the factor worked out in Python floats
            w = w * (1 - lr * self.weight_decay).astype(dt)
        m = _lerp(m, g, 1 - beta_1, dt)
        v = b.fma(b.const(1 - beta_2, dt) * g, g, v * b.const(beta_2, dt))
        step_size = lr / (1 - beta_1 ** float(t))
        root_correction = b.const((1 - beta_2 ** float(t)) ** 0.5, dt)
        if self.amsgrad:
            v_max = np.maximum(v_max, v)
            denominator = np.sqrt(v_max) / root_correction + b.const(self.eps, dt)
        else:
            denominator = np.sqrt(v) / root_correction + b.const(self.eps, dt)
        return w + ((-step_size).astype(dt) * m) / denominator, (m, v, v_max)


class AdamW(Adam):
    r"""PyTorch's AdamW: Adam with decoupled weight decay.

    Each update first shrinks :math:`w \leftarrow w\,(1 - \eta_k \lambda)` (the factor worked out in
    Python floats), then takes :class:`Adam`'s step. On the course's loss the decay pulls ``w`` towards 0, so
    AdamW settles between 0 and the minimum at -1.

    Args:
        betas: :math:`(\beta_1, \beta_2)`, each in [0, 1).
        eps: :math:`\epsilon \ge 0`.
        weight_decay: :math:`\lambda \ge 0`.
        amsgrad: use AMSGrad.

    Float32 runs match PyTorch's except where its MKL square root rounds differently (see the module):
    within ``|w - w_torch| <= 1e-5`` over the recorded runs.
    """

    # PyTorch's order puts weight_decay before amsgrad, so Adam's three are declared again around it
    betas = Adam.betas
    eps = Adam.eps
    weight_decay = b.hyper(0.01, b.nonnegative)
    amsgrad = Adam.amsgrad
