r"""Gradient descent on a one-parameter loss, recorded update by update.

The whole algorithm is the loop a student writes by hand::

    for k in range(steps):
        grad = loss.grad(w[k])
        w[k + 1] = w[k] - lr[k] * grad

:func:`descend` runs exactly that loop, on arrays when given a batch of
settings, with optional gradient noise. :func:`minibatch_sgd` runs the same
update on a real (small) problem, a line fitted to noisy points, where the
gradient's noise comes from sampling minibatches.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import checks as v
from .losses import SEED_LOSS, Loss
from .schedules import Schedule

__all__ = ["LineFit", "Trajectory", "descend", "line_data", "minibatch_sgd", "rates"]


class Trajectory:
    """The record of one run of gradient descent (or of a batch of runs).

    Attributes (read-only numpy arrays; for a batch, the extra axes follow the first):
        w: ``steps + 1`` values: ``w0``, then ``w`` after each update.
        loss: the loss at each of those ``w``.
        lr: ``steps`` values: the rate that update ``k`` used (``schedule(k)``).
        grad: ``steps`` values: the gradient that update ``k`` used (with its noise, if any).
        diverged_at: for one run, ``None`` or the first index where ``w`` or the
            loss is no longer finite; for a batch, an int array with ``-1`` where
            the run stayed finite.
        loss_fn: the loss function that was minimised.
        learning_rate: the rate or schedule the run was given (numbers as a read-only array).
        noise: the standard deviation of the gradient noise (``0.0`` for none).

    For lrlab's own (immutable) losses, ``loss``, ``grad`` and ``diverged_at`` are
    worked out when first read (they are exactly what the updates used), so a large
    batch costs only what is read. Any other loss object is read while the run is
    made: a finished result never changes when the caller changes that object.
    """

    w: np.ndarray
    lr: np.ndarray
    loss_fn: Any
    learning_rate: Any
    noise: float | np.ndarray
    _w: np.ndarray
    _draws: Callable[[], np.ndarray] | None
    _cache: dict[str, Any]

    def __init__(
        self,
        w: np.ndarray,
        lr: np.ndarray,
        loss_fn: Any,
        *,
        learning_rate: Any = None,
        noise: Any = 0.0,
        draws: Callable[[], np.ndarray] | None = None,
        grad: np.ndarray | None = None,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "_w", w)
        set_(self, "w", v.read_only(w))
        set_(self, "lr", v.read_only(lr))
        set_(self, "loss_fn", loss_fn)
        set_(self, "learning_rate", learning_rate)
        set_(self, "noise", noise)
        set_(self, "_draws", draws)
        set_(self, "_cache", {})
        if not isinstance(loss_fn, Loss):  # a caller's loss may change later: read it now, once
            self._cache["grad"] = v.read_only(grad if grad is not None else self._gradients())
            self.loss  # noqa: B018

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Trajectory is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Trajectory is immutable")

    def _cached(self, name: str, make: Callable[[], Any]) -> Any:
        if name not in self._cache:
            with np.errstate(all="ignore"):
                value = make()
            self._cache[name] = v.read_only(value) if isinstance(value, np.ndarray) else value
        return self._cache[name]

    def _loss_values(self) -> np.ndarray:
        return _checked(self.loss_fn, "value", self._w, self._w.shape, self.dtype)

    def _gradients(self) -> np.ndarray:
        w = self._w[:-1]
        grad = _checked(self.loss_fn, "grad", w, w.shape, self.dtype)
        if self._draws is not None:
            grad = grad + self._draws()
        return grad

    @property
    def loss(self) -> np.ndarray:
        return self._cached("loss", self._loss_values)

    @property
    def grad(self) -> np.ndarray:
        return self._cached("grad", self._gradients)

    @property
    def diverged_at(self) -> int | None | np.ndarray:
        def first_bad() -> int | None | np.ndarray:
            bad = ~np.isfinite(self._w)
            bad |= ~np.isfinite(self.loss)
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

    def __len__(self) -> int:
        return self.w.shape[0]

    def __repr__(self) -> str:
        batch = f", batch_shape={self.batch_shape}" if self.batch_shape else ""
        noise = "" if not np.any(self.noise) else f", noise={self.noise!r}"
        return f"Trajectory(steps={self.steps}{batch}, dtype={self.dtype.name}{noise}, loss={self.loss_fn})"


def _checked(loss: Any, method: str, w: np.ndarray, shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
    """``loss.value(w)`` or ``loss.grad(w)``, checked to be real numbers of ``w``'s shape, in ``dtype``."""
    if isinstance(loss, Loss):  # lrlab's own losses are known to be well behaved
        return getattr(loss, method)(w)
    try:
        out = np.asarray(getattr(loss, method)(w))
    except Exception as exc:
        raise ValueError(
            f"`loss` must be a loss whose {method}(w) works ({method}(w) raised {v.show(exc)}). "
            f"Received: loss={v.show(loss)}"
        ) from exc
    if out.dtype.kind not in "iuf":
        v.fail("loss", f"a loss whose {method}(w) returns real numbers (got dtype {out.dtype})", loss, TypeError)
    try:
        out = np.broadcast_to(out, shape)
    except ValueError:
        v.fail(
            "loss",
            f"a loss whose {method}(w) returns an array shaped like w {shape} (got {out.shape})",
            loss,
            ValueError,
        )
    with np.errstate(all="ignore"):
        return out.astype(dtype)


def _check_loss(loss: Any) -> Any:
    if loss is None:
        return SEED_LOSS
    if isinstance(loss, Loss):
        return loss
    try:
        usable = callable(getattr(loss, "value", None)) and callable(getattr(loss, "grad", None))
    except Exception:
        usable = False
    if not usable:
        v.fail("loss", "a loss with value(w) and grad(w) methods, e.g. lrlab.Quadratic()", loss, TypeError)
    return loss


def rates(learning_rate: Any, steps: int, dtype: Any = np.float64) -> np.ndarray:
    """The rate each of ``steps`` updates uses: a read-only array shaped ``(steps, *batch)``.

    ``learning_rate`` is a number, an array of numbers (a batch), an lrlab
    schedule, or any callable ``step -> rate``. Every rate is checked: a
    negative, non-finite (or, in float32, too large) rate raises ``ValueError``
    naming the step.

    >>> rates(lambda k: 0.1 * (k + 1), 3)
    array([0.1, 0.2, 0.3])
    """
    dtype = v.float_dtype("dtype", dtype)
    steps = v.count("steps", steps)
    if isinstance(learning_rate, Schedule):
        out = _rates_from_schedule(learning_rate, steps, dtype)
    elif callable(learning_rate) and not isinstance(learning_rate, np.ndarray):
        out = _rates_from_callable(learning_rate, steps, dtype)
    else:
        rate = v.nonnegative("learning_rate", learning_rate)
        v.at_most_values(steps, rate.shape, "steps x batch size")
        out = np.broadcast_to(v.representable("learning_rate", rate, dtype, learning_rate), (steps,) + rate.shape)
    return v.read_only(out)


def _check_rates(rate: np.ndarray, dtype: np.dtype) -> None:
    """Refuse a schedule whose rates (shaped ``(steps, ...)``) are negative, NaN or beyond ``dtype``."""
    ok = (rate >= 0) & (rate <= np.finfo(dtype).max)
    if not np.all(ok):
        k = int(np.argmin(ok.reshape(rate.shape[0], -1).all(axis=1)))
        v.fail(
            "learning_rate", f"a schedule giving finite rates >= 0 within {dtype.name}'s range (at step {k})", rate[k]
        )


def _rates_from_schedule(schedule: Schedule, steps: int, dtype: np.dtype) -> np.ndarray:
    batch = schedule.batch_shape
    v.at_most_values(steps, batch, "steps x batch size")
    k = np.arange(steps).reshape((steps,) + (1,) * len(batch))
    rate = np.asarray(schedule(k, dtype=dtype), dtype=dtype)
    rate = np.broadcast_to(rate, (steps,) + np.broadcast_shapes(rate.shape[1:], batch))
    _check_rates(rate, dtype)
    return rate


def _rates_from_callable(schedule: Callable[[int], Any], steps: int, dtype: np.dtype) -> np.ndarray:
    """Call ``schedule(k)`` for every step (and for step 0 when ``steps == 0``, to learn the batch shape)."""
    out = []
    for k in range(max(steps, 1)):
        try:
            value = schedule(k)
        except Exception as exc:
            raise ValueError(
                f"`learning_rate` must be a schedule that works at every step (step {k} raised "
                f"{v.show(exc)}). Received: learning_rate={v.show(schedule)}"
            ) from exc
        if isinstance(value, (bool, np.bool_)):
            v.fail("learning_rate", f"a schedule returning numbers, not bools (at step {k})", value, TypeError)
        try:
            rate = np.asarray(value)
        except Exception:
            v.fail("learning_rate", f"a schedule returning numbers (at step {k})", value, TypeError)
        if rate.dtype.kind not in "iuf":
            v.fail("learning_rate", f"a schedule returning real numbers (at step {k})", value, TypeError)
        with np.errstate(over="ignore"):
            rate = rate.astype(np.float64)
        v.at_most_values(steps, rate.shape, "steps x batch size")
        if not np.all((rate >= 0) & np.isfinite(rate)):
            v.fail("learning_rate", f"a schedule returning finite rates >= 0 (at step {k})", value)
        if not np.all(rate <= np.finfo(dtype).max):
            v.fail("learning_rate", f"a schedule returning rates within {dtype.name}'s range (at step {k})", value)
        out.append(rate.astype(dtype))
    try:
        return np.stack(np.broadcast_arrays(*out))[:steps]
    except ValueError:
        v.fail("learning_rate", "a schedule whose rates keep one shape", [r.shape for r in out])


def _align(per_step: np.ndarray, batch: tuple[int, ...]) -> np.ndarray:
    """``(steps, *shape)`` broadcast to ``(steps, *batch)``, lining ``shape`` up with the end of ``batch``."""
    steps, shape = per_step.shape[0], per_step.shape[1:]
    lined_up = per_step.reshape((steps,) + (1,) * (len(batch) - len(shape)) + shape)
    return np.broadcast_to(lined_up, (steps,) + batch)


def batch_rates(learning_rate: Any, steps: int, dtype: Any, **others: np.ndarray) -> tuple[np.ndarray, tuple[int, ...]]:
    """(Shared by lrlab's runs and theory.) The rate of every update shaped ``(steps, *batch)``, and ``batch``: the
    shape that the rates and the
    arrays ``others`` (e.g. ``w0=``, ``noise=``) broadcast to, aligned at their last axes as numpy does.

    The run's size is checked (at most ``MAX_VALUES`` numbers) before any rate is worked out when it can be,
    so a typo cannot hang a kernel; shapes that do not broadcast are named.
    """
    what = "(steps + 1) x batch size"
    if not isinstance(learning_rate, Schedule) and not callable(learning_rate):
        learning_rate = v.nonnegative("learning_rate", learning_rate)
    if isinstance(learning_rate, Schedule) or not callable(learning_rate):  # refuse a huge batch before any work
        shape = learning_rate.batch_shape if isinstance(learning_rate, Schedule) else np.shape(learning_rate)
        with contextlib.suppress(ValueError):  # shapes that clash are reported below
            shape = np.broadcast_shapes(shape, *(a.shape for a in others.values()))
        v.at_most_values(steps + 1, shape, what)
    lr = rates(learning_rate, steps, dtype)
    try:
        batch = np.broadcast_shapes(lr.shape[1:], *(a.shape for a in others.values()))
    except ValueError:
        names = ["learning_rate", *others]
        v.fail(
            ", ".join(names[:-1]) + " and " + names[-1],
            "arrays of broadcastable shapes",
            {"learning_rate": lr.shape[1:], **{name: a.shape for name, a in others.items()}},
        )
    v.at_most_values(steps + 1, batch, what)
    return _align(lr, batch), batch


def descend(
    learning_rate: Any,
    *,
    w0: Any = 5.0,
    steps: int = 40,
    loss: Any = None,
    dtype: Any = np.float32,
    noise: Any = 0.0,
    seed: Any = None,
    optimizer: Any = None,
) -> Trajectory:
    r"""Run ``steps`` updates :math:`w_{k+1} = w_k - \eta_k \cdot (f'(w_k) + \sigma\,\xi_k)`, or an optimizer's.

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
        noise: :math:`\sigma \ge 0`, the standard deviation of noise added to every
            gradient (a stand-in for minibatch noise); an array makes a batch.
            ``0`` (the default) is plain gradient descent.
        seed: seeds ``np.random.default_rng`` for the noise ``ξ_k`` (standard
            normal, drawn independently for every run of a batch and every
            update): the same seed gives the same run, bit for bit.
        optimizer: ``None`` (the default) for plain gradient descent, or one of
            :mod:`lrlab.optimizers` (e.g. ``lrlab.optimizers.keras.SGD(momentum=0.9)``):
            each update is then the optimizer's, fed the same rate and (noisy)
            gradient, with its state (momentum, running averages) kept for this
            run only. Optimizers that keep the rate a Python float, as PyTorch
            does, get the rates in float64; ``lr`` records them rounded to ``dtype``.

    Arrays for the rate, ``w0``, ``noise`` or a schedule's parameters broadcast
    to one batch (aligned at their last axes, as numpy does); every array of
    the result is shaped ``(steps + 1, *batch)`` (or ``(steps, *batch)``). Without
    noise it equals running the settings one by one. At most 20,000,000 values
    ``(steps + 1) x batch size``: every array of the largest run fits in 1 GB.

    A run that blows up is not an error: it shows in ``diverged_at``.

    >>> t = descend(0.2)
    >>> print(f"{t.w[1]:.6f} {t.loss[1]:.6f}")
    2.600000 12.959999
    """
    dtype = v.float_dtype("dtype", dtype)
    steps = v.count("steps", steps)
    from .optimizers import Optimizer

    if optimizer is not None and not isinstance(optimizer, Optimizer):
        requirement = "None or an lrlab optimizer, e.g. lrlab.optimizers.keras.SGD(momentum=0.9)"
        v.fail("optimizer", requirement, optimizer, TypeError)
    loss = _check_loss(loss)
    if isinstance(loss, Loss):
        loss.check_fits(dtype)
    start = v.representable("w0", v.finite("w0", w0), dtype, w0)
    sigma = v.nonnegative("noise", noise)
    if not isinstance(learning_rate, Schedule) and not callable(learning_rate):
        learning_rate = v.read_only(v.nonnegative("learning_rate", learning_rate))
    step_dtype = dtype if optimizer is None else optimizer.rate_dtype(dtype)
    step_lr, batch = batch_rates(learning_rate, steps, step_dtype, w0=start, noise=sigma)
    lr = step_lr
    if step_dtype != dtype:  # the optimizer's framework keeps the rate a Python float: the run records it rounded
        lr = v.read_only(v.representable("learning_rate", step_lr, dtype, learning_rate))

    draws = None
    recorded_noise = _plain(sigma)
    if np.any(sigma > 0):
        sigma = v.representable("noise", sigma, dtype, noise)
        rng = _generator(seed)
        state = rng.bit_generator.state

        def draws() -> np.ndarray:  # the same noise again, all updates at once (for Trajectory.grad)
            again = np.random.default_rng(type(rng.bit_generator)())
            again.bit_generator.state = state
            return sigma * again.standard_normal((steps,) + batch, dtype=dtype)

    w = np.empty((steps + 1,) + batch, dtype=dtype)
    w[0] = start
    used = None if isinstance(loss, Loss) else np.empty((steps,) + batch, dtype=dtype)
    with np.errstate(all="ignore"):  # a run that overflows is recorded, not warned about
        opt_state: Any = None if optimizer is None else optimizer.init(w[0])
        for k in range(steps):
            grad = _checked(loss, "grad", w[k], batch, dtype)
            if draws is not None:
                grad = grad + sigma * rng.standard_normal(batch, dtype=dtype)
            if used is not None:
                used[k] = grad
            if optimizer is None:
                w[k + 1] = w[k] - lr[k] * grad
            else:
                w[k + 1], opt_state = optimizer.step(opt_state, w[k], grad, step_lr[k])

    return Trajectory(w, lr, loss, learning_rate=learning_rate, noise=recorded_noise, draws=draws, grad=used)


def _generator(seed: Any) -> np.random.Generator:
    """``np.random.default_rng(seed)`` for the seeds it documents, checked first (some inputs crash numpy)."""
    if isinstance(seed, (np.random.Generator, np.random.BitGenerator, np.random.SeedSequence)) or seed is None:
        return np.random.default_rng(seed)
    requirement = "None, an int >= 0, a list of ints >= 0 or a numpy Generator"
    if v.is_int(seed):
        if not seed >= 0:
            v.fail("seed", requirement, seed)
        return np.random.default_rng(int(seed))
    if isinstance(seed, (list, tuple)) or type(seed) is np.ndarray:
        try:
            arr = np.array(seed)
        except (ValueError, TypeError, OverflowError):
            v.fail("seed", requirement, seed, TypeError)
        if arr.ndim != 1 or arr.dtype.kind not in "iu" or not np.all(arr >= 0):
            v.fail("seed", requirement, seed, TypeError)
        return np.random.default_rng(arr)
    v.fail("seed", requirement, seed, TypeError)


def _plain(arr: np.ndarray) -> Any:
    return float(arr) if arr.ndim == 0 else v.read_only(np.array(arr, dtype=np.float64))


# ---------------------------------------------------------------- minibatch SGD on a small real fit


def line_data(
    n: int = 200, *, slope: float = 2.0, intercept: float = 1.0, noise: float = 1.0, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points ``y = slope·x + intercept + noise·ε`` with ``x`` uniform in [−1, 1] and ``ε`` standard normal."""
    n = v.count("n", n, minimum=2, maximum=10**6)
    rng = _generator(seed)
    m, b, sigma = v.number("slope", slope), v.number("intercept", intercept), v.number("noise", noise, v.nonnegative)
    x = rng.uniform(-1.0, 1.0, n)
    with np.errstate(over="ignore", invalid="ignore"):
        y = m * x + b + sigma * rng.standard_normal(n)
    if not np.all(np.isfinite(y)):
        v.fail(
            "slope, intercept and noise",
            "small enough that every y is finite",
            {"slope": m, "intercept": b, "noise": sigma},
        )
    return v.frozen(x), v.frozen(y)


@dataclass(frozen=True)
class LineFit:
    """Minibatch SGD on the mean squared error of a line ``y ≈ m·x + b``, run by :func:`minibatch_sgd`.

    Attributes (read-only arrays; ``runs`` independent shuffles side by side):
        params: ``(steps + 1, runs, 2)``: ``(m, b)`` after each update (both start at 0).
        excess: ``(steps + 1, runs)``: the mean squared error on all the data minus its least-squares minimum
            (≥ 0; exactly what is left to gain).
        lr: the rate of each update; best: the least-squares ``(m, b)``; min_loss: its mean squared error.
        batch_size, steps_per_epoch, epochs.
    """

    params: np.ndarray
    excess: np.ndarray
    lr: np.ndarray
    best: np.ndarray
    min_loss: float
    batch_size: int
    steps_per_epoch: int
    epochs: int

    @property
    def steps(self) -> int:
        return self.lr.shape[0]

    def mean_excess(self) -> np.ndarray:
        """The excess loss after each update, averaged over the runs."""
        return v.frozen(self.excess.mean(axis=1))

    def epoch_excess(self) -> np.ndarray:
        """Per epoch, the excess loss after each of its updates, averaged over those updates and the runs.

        (Values right at the end of an epoch dip: after a whole pass the batches' gradients add up to the full
        gradient. Averaging over the epoch's updates shows the level, not the dip.)
        """
        per = self.excess[1:].reshape(self.epochs, self.steps_per_epoch, -1)
        return v.frozen(per.mean(axis=(1, 2)))


def minibatch_sgd(
    x: Any, y: Any, learning_rate: Any, *, batch_size: int = 10, epochs: int = 50, runs: int = 20, seed: int = 0
) -> LineFit:
    r"""Fit ``y ≈ m·x + b`` by minibatch SGD on the mean squared error, numpy only.

    Every epoch shuffles the data (each run its own shuffle) and cuts it into batches of ``batch_size``
    (a last, smaller batch is dropped); one update per batch:
    :math:`(m, b) \leftarrow (m, b) - \eta_k \nabla \text{MSE}_\text{batch}`. ``learning_rate`` is anything
    :func:`lrlab.descend` accepts (a number or a schedule of the update number ``k``).

    >>> x, y = line_data(40, seed=1)
    >>> fit = minibatch_sgd(x, y, 0.1, batch_size=10, epochs=5, runs=2)
    >>> fit.params.shape, fit.steps_per_epoch
    ((21, 2, 2), 4)
    """
    x = v.finite("x", x)
    y = v.finite("y", y)
    for name, arr, value in (("x", x, x), ("y", y, y)):
        if np.any(np.abs(arr) > 1e150):
            v.fail(name, "values of at most 1e150 in size (their squares must stay finite)", value)
    if x.ndim != 1 or x.shape != y.shape or x.size < 2:
        v.fail("x and y", "1-d arrays of the same length (at least 2)", {"x": x.shape, "y": y.shape}, ValueError)
    n = x.size
    batch_size = v.count("batch_size", batch_size, minimum=1, maximum=n)
    epochs = v.count("epochs", epochs, minimum=1)
    runs = v.count("runs", runs, minimum=1, maximum=1_000_000)
    per_epoch_ = n // batch_size
    steps = per_epoch_ * epochs
    if (steps + 1) * runs * 2 > v.MAX_VALUES:
        v.fail("epochs x runs", f"at most {v.MAX_VALUES:,} values", {"epochs": epochs, "runs": runs})
    lr = np.asarray(rates(learning_rate, steps, np.float64))
    if lr.ndim != 1:
        v.fail("learning_rate", "one rate per update (not a batch)", learning_rate, TypeError)
    design = np.stack([x, np.ones(n)], axis=1)
    best = np.linalg.lstsq(design, y, rcond=None)[0]

    def mse(p: np.ndarray) -> np.ndarray:
        r = y[None, :] - (p[:, :1] * x[None, :] + p[:, 1:])
        return (r * r).mean(axis=1)

    min_loss = float(mse(best[None, :])[0])
    rng = _generator(seed)
    params = np.zeros((steps + 1, runs, 2))
    p = np.zeros((runs, 2))
    rows = np.arange(runs)[:, None]
    k = 0
    with np.errstate(all="ignore"):
        for _ in range(epochs):
            order = rng.permuted(np.broadcast_to(np.arange(n), (runs, n)), axis=1)
            for b in range(per_epoch_):
                idx = order[rows, np.arange(b * batch_size, (b + 1) * batch_size)[None, :]]
                xb, yb = x[idx], y[idx]
                r = yb - (p[:, :1] * xb + p[:, 1:])
                grad = np.stack([-2.0 * (r * xb).mean(axis=1), -2.0 * r.mean(axis=1)], axis=1)
                p = p - lr[k] * grad
                k += 1
                params[k] = p
        excess = np.stack([mse(params[i]) for i in range(steps + 1)]) - min_loss
    excess = np.maximum(excess, 0.0)  # the least-squares minimum is the minimum: tiny negatives are rounding
    return LineFit(
        v.frozen(params), v.frozen(excess), v.frozen(lr), v.frozen(best), min_loss, batch_size, per_epoch_, epochs
    )
