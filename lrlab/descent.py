"""Gradient descent on a one-parameter loss, recorded step by step."""

from __future__ import annotations

import math

import numpy as np

from . import _validation as v
from .losses import SEED_LOSS, Quadratic
from .schedules import Schedule

__all__ = ["Trajectory", "descend", "rates"]


class Trajectory:
    """The record of one run of gradient descent (or of a batch of runs).

    Attributes (read-only numpy arrays; for a batch, the extra axes follow the first):
        w: ``steps + 1`` values: ``w0``, then ``w`` after each update.
        loss: the loss at each of those ``w``.
        lr: ``steps`` values: the rate that update ``k`` used (``schedule(k)``).
        grad: ``steps`` values: the gradient that update ``k`` used.
        diverged_at: for one run, ``None`` or the first index where ``w`` or the
            loss is no longer finite; for a batch, an int array with ``-1`` where
            the run stayed finite.
        loss_fn: the loss function that was minimised.

    ``lr``, ``loss``, ``grad`` and ``diverged_at`` are worked out when first
    read (they are exactly what the updates used), so a large batch costs only
    what is read.
    """

    def __init__(self, w: np.ndarray, lr, loss_fn):
        w.flags.writeable = False
        object.__setattr__(self, "w", w)
        object.__setattr__(self, "loss_fn", loss_fn)
        object.__setattr__(self, "_cache", {})
        # ``lr`` is an array, or a function that makes it when first read
        if isinstance(lr, np.ndarray):
            self._cached("lr", lambda: lr)
        else:
            object.__setattr__(self, "_make_lr", lr)

    def __setattr__(self, name, value):
        raise AttributeError("Trajectory is immutable")

    def _cached(self, name, make):
        if name not in self._cache:
            with np.errstate(all="ignore"):
                value = make()
            if isinstance(value, np.ndarray) and value.flags.writeable:
                value.flags.writeable = False
            self._cache[name] = value
        return self._cache[name]

    @property
    def lr(self) -> np.ndarray:
        return self._cached("lr", lambda: self._make_lr())

    @property
    def loss(self) -> np.ndarray:
        return self._cached("loss", lambda: np.asarray(self.loss_fn.value(self.w)))

    @property
    def grad(self) -> np.ndarray:
        return self._cached("grad", lambda: np.asarray(self.loss_fn.grad(self.w[:-1])))

    @property
    def diverged_at(self):
        def first_bad():
            bad = ~(np.isfinite(self.w) & np.isfinite(self.loss))
            index = np.where(bad.any(axis=0), bad.argmax(axis=0), -1)
            if index.ndim == 0:
                return None if index < 0 else int(index)
            return index

        return self._cached("diverged_at", first_bad)

    @property
    def steps(self) -> int:
        return self.w.shape[0] - 1

    @property
    def batch_shape(self) -> tuple[int, ...]:
        return self.w.shape[1:]

    @property
    def dtype(self) -> np.dtype:
        return self.w.dtype

    def __len__(self):
        return self.w.shape[0]

    def __repr__(self):
        batch = f", batch_shape={self.batch_shape}" if self.batch_shape else ""
        return f"Trajectory(steps={self.steps}{batch}, dtype={self.dtype.name}, loss={self.loss_fn})"


def rates(learning_rate, steps: int, dtype=np.float64) -> np.ndarray:
    """The rate each of ``steps`` updates uses: an array shaped ``(steps, *batch)``.

    ``learning_rate`` is a number, an array of numbers (a batch), an lrlab
    schedule, or any callable ``step -> rate``. A callable's rates are checked:
    a negative or non-finite rate raises ``ValueError`` naming the step.
    """
    dtype = v.float_dtype("dtype", dtype)
    steps = v.count("steps", steps)
    if isinstance(learning_rate, Schedule):
        ndim = len(learning_rate.batch_shape)
        k = np.arange(steps).reshape((steps,) + (1,) * ndim)
        rate = learning_rate(k, dtype=dtype)
        shape = (steps,) + np.broadcast_shapes(rate.shape[1:], learning_rate.batch_shape)
        return np.broadcast_to(rate, shape)
    if callable(learning_rate) and not isinstance(learning_rate, np.ndarray):
        return _rates_from_callable(learning_rate, steps, dtype)
    rate = v.nonnegative("learning_rate", learning_rate).astype(dtype)
    return np.broadcast_to(rate, (steps,) + rate.shape)


def _rates_from_callable(schedule, steps, dtype):
    out = []
    for k in range(steps):
        try:
            rate = np.asarray(schedule(k))
        except Exception as exc:
            raise ValueError(f"`learning_rate` schedule failed at step {k}: {exc!r}") from exc
        if rate.dtype == bool or not np.issubdtype(rate.dtype, np.number):
            v.fail("learning_rate", f"a schedule returning numbers (at step {k})", rate, TypeError)
        if not np.all((rate >= 0) & np.isfinite(rate)):
            v.fail("learning_rate", f"a schedule returning finite rates >= 0 (at step {k})", rate)
        out.append(rate.astype(dtype))
    if not out:
        return np.zeros((0,), dtype)
    try:
        return np.stack(np.broadcast_arrays(*out))
    except ValueError:
        v.fail("learning_rate", "a schedule whose rates keep one shape", [r.shape for r in out])


def descend(learning_rate, *, w0=5.0, steps: int = 40, loss=None, dtype=np.float32) -> Trajectory:
    r"""Run ``steps`` updates :math:`w \leftarrow w - \eta_k \cdot \frac{d\,loss}{dw}(w)`.

    Args:
        learning_rate: a number, an array of numbers, a schedule
            (:func:`lrlab.constant`, :func:`lrlab.exponential_decay`) or any
            callable ``step -> rate``. Update ``k`` (from 0) uses ``schedule(k)``.
        w0: where ``w`` starts; an array makes a batch.
        steps: how many updates, ``0 <= steps <= 100,000``.
        loss: a loss with ``value(w)`` and ``grad(w)`` methods; the default is
            the course's :math:`(w+1)^2`.
        dtype: ``np.float32`` (the default, as TensorFlow) rounds every operation
            to float32; ``np.float64`` on request.

    Arrays for the rate, ``w0`` or a schedule's parameters broadcast to one
    batch; every array of the result is shaped ``(steps + 1, *batch)`` (or
    ``(steps, *batch)``) and equals running the settings one by one.

    A run that blows up is not an error: it shows in ``diverged_at``.

    >>> t = descend(0.2)
    >>> print(f"{t.w[1]:.6f} {t.loss[1]:.6f}")
    2.600000 12.959999
    """
    dtype = v.float_dtype("dtype", dtype)
    steps = v.count("steps", steps)
    loss = SEED_LOSS if loss is None else loss
    if not isinstance(loss, Quadratic) and not (
        callable(getattr(loss, "value", None)) and callable(getattr(loss, "grad", None))
    ):
        v.fail("loss", "a loss with value(w) and grad(w) methods, e.g. lrlab.Quadratic()", loss, TypeError)
    start = v.finite("w0", w0).astype(dtype)
    if isinstance(learning_rate, Schedule):
        # evaluated one step at a time: a big grid never holds every rate at once
        schedule = learning_rate
        rate_shape = schedule.batch_shape
        rate_at = lambda k: schedule(k, dtype=dtype)  # noqa: E731
        all_rates = lambda: np.broadcast_to(rates(schedule, steps, dtype), (steps,) + batch)  # noqa: E731
    else:
        lr = rates(learning_rate, steps, dtype)
        rate_shape = lr.shape[1:]
        rate_at = lr.__getitem__
        all_rates = None  # set below, once the batch shape is known

    batch = np.broadcast_shapes(rate_shape, start.shape)
    size = (steps + 1) * math.prod(batch)
    if size > v.MAX_VALUES:
        v.fail(
            "(steps + 1) x batch size",
            f"at most {v.MAX_VALUES:,} values",
            {"steps": steps, "batch_shape": batch},
        )

    w = np.empty((steps + 1,) + batch, dtype=dtype)
    w[0] = start
    buf = np.empty(batch, dtype=dtype)  # one scratch array, reused every step
    in_place = isinstance(loss, Quadratic)
    with np.errstate(all="ignore"):
        for k in range(steps):
            # TensorFlow's order: grad = 2a * (w - c); w_next = w - lr * grad
            grad = loss.grad(w[k, ...], out=buf) if in_place else loss.grad(w[k, ...])
            step = np.multiply(rate_at(k), grad, out=buf)
            np.subtract(w[k, ...], step, out=w[k + 1, ...])

    return Trajectory(w, all_rates or np.broadcast_to(lr, (steps,) + batch), loss)
