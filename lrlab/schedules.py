"""Learning-rate schedules: pure functions from a step to a rate.

A schedule is any callable ``schedule(step) -> rate``. The two made here are
small immutable objects: their arguments are checked once, when the schedule
is made, and calling one twice with the same step gives the same rate. A step
may be an int or an integer array; array-valued parameters broadcast against
it, so one schedule can describe a whole batch of settings.

Both accept ``dtype=``: with ``np.float32`` every operation rounds to float32,
as TensorFlow does when the rate is a float32 tensor.
"""

from __future__ import annotations

import numpy as np

from . import _validation as v

__all__ = ["Schedule", "Constant", "ExponentialDecay", "constant", "exponential_decay"]


class Schedule:
    """Base class of lrlab's schedules (any callable ``step -> rate`` works too)."""

    #: names of the parameters, for ``repr`` and ``batch_shape``
    _params: tuple[str, ...] = ()

    def __call__(self, step, *, dtype=np.float64):
        step = v.steps_array("step", step)
        dtype = v.float_dtype("dtype", dtype)
        with np.errstate(all="ignore"):
            rate = self._rate(step, dtype)
        return rate[()] if rate.ndim == 0 else rate

    def _rate(self, step: np.ndarray, dtype: np.dtype) -> np.ndarray:
        raise NotImplementedError

    @property
    def batch_shape(self) -> tuple[int, ...]:
        """The broadcast shape of the schedule's array parameters (``()`` if none)."""
        shapes = {p: np.shape(getattr(self, p)) for p in self._params}
        try:
            return np.broadcast_shapes(*shapes.values())
        except ValueError:
            v.fail(", ".join(shapes), "arrays of broadcastable shapes", shapes)

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _set(self, **values):
        for name, value in values.items():
            if isinstance(value, np.ndarray):
                value.flags.writeable = False
            object.__setattr__(self, name, value)

    def __repr__(self):
        args = ", ".join(f"{p}={_short(getattr(self, p))}" for p in self._params)
        return f"{type(self).__name__}({args})"


def _short(value):
    if isinstance(value, np.ndarray):
        return f"array(shape={value.shape})" if value.size > 4 else repr(value.tolist())
    return repr(value)


def _param(arr: np.ndarray):
    """Keep scalars as Python floats, arrays as arrays."""
    return float(arr) if arr.ndim == 0 else arr


class Constant(Schedule):
    r"""The same rate at every step: :math:`\eta_k = \eta`."""

    _params = ("learning_rate",)

    def __init__(self, learning_rate):
        self._set(learning_rate=_param(v.nonnegative("learning_rate", learning_rate)))

    def _rate(self, step, dtype):
        rate = np.asarray(self.learning_rate, dtype=dtype)
        return np.broadcast_to(rate, np.broadcast_shapes(step.shape, rate.shape)).copy()


class ExponentialDecay(Schedule):
    r"""Exponential decay, as ``tf.train.exponential_decay`` and Keras 3's ``ExponentialDecay``.

    .. math::
        \eta_k = \eta_0 \cdot r^{\,k / s}

    with :math:`\eta_0` = ``learning_rate``, :math:`r` = ``decay_rate`` and
    :math:`s` = ``decay_steps``; when ``staircase`` is true the exponent is
    floored, so the rate drops once every ``decay_steps`` steps.
    """

    _params = ("learning_rate", "decay_steps", "decay_rate")

    def __init__(self, learning_rate, decay_steps, decay_rate, staircase=False):
        self._set(
            learning_rate=_param(v.nonnegative("learning_rate", learning_rate)),
            decay_steps=_param(v.positive("decay_steps", decay_steps)),
            decay_rate=_param(v.in_unit_interval("decay_rate", decay_rate)),
            staircase=v.boolean("staircase", staircase),
        )
        self.batch_shape  # noqa: B018 - raises now if the parameter shapes clash

    def _rate(self, step, dtype):
        # The same operations, in the same order and precision, as TensorFlow:
        # p = float(step) / decay_steps; floor(p) if staircase; lr * decay_rate ** p
        p = step.astype(dtype) / np.asarray(self.decay_steps, dtype=dtype)
        if self.staircase:
            p = np.floor(p)
        decay = np.power(np.asarray(self.decay_rate, dtype=dtype), p)
        return np.asarray(np.asarray(self.learning_rate, dtype=dtype) * decay, dtype=dtype)

    def __repr__(self):
        return super().__repr__()[:-1] + f", staircase={self.staircase})"


def constant(learning_rate) -> Constant:
    """A schedule that returns ``learning_rate`` at every step.

    >>> constant(0.2)(np.arange(3))
    array([0.2, 0.2, 0.2])
    """
    return Constant(learning_rate)


def exponential_decay(learning_rate, decay_steps, decay_rate, staircase=False) -> ExponentialDecay:
    r"""A schedule ``learning_rate * decay_rate ** (step / decay_steps)``.

    Same argument order and meaning as TF1's ``tf.train.exponential_decay``
    (without ``global_step``) and Keras 3's ``ExponentialDecay``.

    Args:
        learning_rate: the rate at step 0; ``>= 0`` (an array makes a batch).
        decay_steps: how many steps it takes the rate to shrink by ``decay_rate``; ``> 0``.
        decay_rate: the factor, ``0 < decay_rate <= 1``.
        staircase: floor the exponent, so the rate changes in jumps.

    >>> sched = exponential_decay(0.1, decay_steps=1, decay_rate=0.99, staircase=True)
    >>> print(f"{sched(1):.6f} {sched(1):.6f}")
    0.099000 0.099000
    """
    return ExponentialDecay(learning_rate, decay_steps, decay_rate, staircase)
