r"""The course's own optimizers: the updates 人工智能实践：Tensorflow笔记 writes by hand in TensorFlow 2.

Class 2 of the course's TF2 edition ("神经网络优化") trains a one-layer network on the iris data and swaps the
plain update ``w1.assign_sub(lr * grads[0])`` for four hand-written ones, in the programs
``class2/p34_sgdm.py``, ``p36_adagrad.py``, ``p38_rmsprop.py`` and ``p40_adam.py`` (``p32_sgd.py`` is plain
descent, lrlab's ``optimizer=None``). The course writes each optimizer as "first moment :math:`m_t`, second
moment :math:`V_t`, step :math:`\eta_t = lr \cdot m_t / \sqrt{V_t}`"; its constants are ``beta = 0.9`` and
``beta1, beta2 = 0.9, 0.999``, and there is no epsilon anywhere.

lrlab runs these updates on one weight with the course's arithmetic: the state starts at the Python number
0, constants are Python floats (``1 - beta`` is rounded to float32 when it meets the gradient), ``lr`` is a
Python float too, and Adam's powers are ``tf.pow(beta1, int(global_step))`` in float32 with ``global_step``
counting updates from 1. Float32 runs match the course's code run in TensorFlow 2.21 (eager, ``GradientTape``)
bit for bit.

Without an epsilon a zero gradient on the first update is 0/0: Adagrad, RMSProp and Adam started exactly at
the minimum give NaN, as the course's programs would.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import base as b

__all__ = ["SGDM", "Adagrad", "Adam", "RMSProp"]


class _Course(b.Optimizer):
    convention = "course"


def _average(beta: float, old: Any, new: Any, dt: np.dtype) -> Any:
    """The course's running average ``beta * old + (1 - beta) * new``, each factor a Python float rounded to ``dt``."""
    return b.const(beta, dt) * old + b.const(1 - beta, dt) * new


class _AverageWithBeta(_Course):
    """The course's optimizers that keep one running average, weighted by ``beta`` (SGDM, RMSProp)."""

    beta = b.hyper(0.9, b.fraction)

    _slot_starts = (0,)


class SGDM(_AverageWithBeta):
    r"""SGD with momentum as the course writes it (``p34_sgdm.py``): an average of the gradients, not a sum.

    .. math::
        m_t = \beta\, m_{t-1} + (1 - \beta)\, g_t, \qquad w_{t+1} = w_t - lr \cdot m_t

    with :math:`m_0 = 0`. With a constant rate this is the heavy ball of Keras or PyTorch with the rate
    :math:`(1 - \beta)\,lr` (ten times smaller for :math:`\beta = 0.9`).

    Args:
        beta: :math:`\beta` in [0, 1).
    """

    def _update(self, t, slots, w, g, lr):
        (m,) = slots
        m = _average(self.beta, m, g, w.dtype)
        return w - lr * m, (m,)


class Adagrad(_Course):
    r"""Adagrad as the course writes it (``p36_adagrad.py``).

    .. math::
        V_t = V_{t-1} + g_t^2, \qquad w_{t+1} = w_t - \frac{lr \cdot g_t}{\sqrt{V_t}}

    with :math:`V_0 = 0` and no epsilon (Keras and TensorFlow 1 start at 0.1; PyTorch adds an epsilon).
    """

    _slot_starts = (0,)

    def _update(self, t, slots, w, g, lr):
        (v,) = slots
        v = v + g * g
        return w - (lr * g) / np.sqrt(v), (v,)


class RMSProp(_AverageWithBeta):
    r"""RMSProp as the course writes it (``p38_rmsprop.py``).

    .. math::
        V_t = \beta\, V_{t-1} + (1 - \beta)\, g_t^2, \qquad w_{t+1} = w_t - \frac{lr \cdot g_t}{\sqrt{V_t}}

    with :math:`V_0 = 0` and no epsilon.

    Args:
        beta: :math:`\beta` in [0, 1).
    """

    def _update(self, t, slots, w, g, lr):
        (v,) = slots
        v = _average(self.beta, v, g * g, w.dtype)
        return w - (lr * g) / np.sqrt(v), (v,)


class Adam(_Course):
    r"""Adam as the course writes it (``p40_adam.py``).

    .. math::
        m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t, \qquad V_t = \beta_2 V_{t-1} + (1 - \beta_2) g_t^2,

        w_{t+1} = w_t - \frac{lr \cdot m_t / (1 - \beta_1^t)}{\sqrt{V_t / (1 - \beta_2^t)}}

    with :math:`m_0 = V_0 = 0`, :math:`t` counting updates from 1 (the course's ``global_step``) and no
    epsilon: the textbook Adam with :math:`\epsilon = 0`.

    Args:
        beta1: :math:`\beta_1` in [0, 1).
        beta2: :math:`\beta_2` in [0, 1).
    """

    beta1 = b.hyper(0.9, b.fraction)
    beta2 = b.hyper(0.999, b.fraction)

    _slot_starts = (0, 0)

    def _update(self, t, slots, w, g, lr):
        m, v = slots
        dt = w.dtype
        one = dt.type(1)
        m = _average(self.beta1, m, g, dt)
        v = _average(self.beta2, v, g * g, dt)
        m_hat = m / (one - b.power(b.const(self.beta1, dt), t, dt))
        v_hat = v / (one - b.power(b.const(self.beta2, dt), t, dt))
        return w - (lr * m_hat) / np.sqrt(v_hat), (m, v)
