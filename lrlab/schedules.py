"""Learning-rate schedules: pure functions from a step to a rate.

A schedule is any callable ``schedule(step) -> rate``. The ones made here are
small immutable objects: their arguments are checked once, when the schedule
is made, and calling one twice with the same step gives the same rate. A step
may be an int or an integer array; array-valued parameters broadcast against
it, so one schedule can describe a whole batch of settings.

- :func:`constant`, and the course's :func:`exponential_decay`;
- Keras 3's other schedules, with Keras's names, argument order and defaults:
  :func:`piecewise_constant`, :func:`polynomial_decay`,
  :func:`inverse_time_decay`, :func:`cosine_decay` (with warmup);
- :func:`linear_schedule` (a ramp, e.g. for warmup) and :func:`join`, which
  runs schedules one after another (warmup, then a decay);
- :func:`in_float64`, for a rate worked out in Python floats (TF2's loop).

All accept ``dtype=``: with ``np.float32`` every operation rounds to float32,
as TensorFlow does when the rate is a float32 tensor.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import checks as v

__all__ = [
    "Schedule",
    "Constant",
    "ExponentialDecay",
    "PiecewiseConstant",
    "PolynomialDecay",
    "InverseTimeDecay",
    "CosineDecay",
    "LinearSchedule",
    "Join",
    "InFloat64",
    "constant",
    "exponential_decay",
    "piecewise_constant",
    "polynomial_decay",
    "inverse_time_decay",
    "cosine_decay",
    "linear_schedule",
    "join",
    "in_float64",
]


class Schedule:
    """Base class of lrlab's schedules (any callable ``step -> rate`` works too)."""

    #: names of the parameters, for ``repr`` and ``batch_shape``
    _params: tuple[str, ...] = ()
    #: parameters the rate divides by: they must not round to 0 in the dtype the rates are computed in
    _divisors: tuple[str, ...] = ()

    def __call__(self, step, *, dtype=np.float64):
        step = v.steps_array("step", step)
        dtype = v.float_dtype("dtype", dtype)
        self._check_fits(dtype)
        with np.errstate(all="ignore"):
            rate = self._rate(step, dtype)
        return rate[()] if rate.ndim == 0 else rate

    def _check_fits(self, dtype: np.dtype) -> None:
        """Refuse, by name, a parameter that is fine in float64 but overflows, or (a divisor) rounds to 0, in
        ``dtype``: the rates would be inf or NaN, and the error would otherwise blame the learning rate."""
        for name in self._params:
            value = getattr(self, name)
            if value is None:
                continue
            with np.errstate(over="ignore", under="ignore"):
                cast = np.asarray(value, dtype=dtype)
            if not np.all(np.isfinite(cast)):
                v.fail(name, f"within {dtype.name}'s range to compute rates in {dtype.name}", value)
            if name in self._divisors and np.any((cast == 0) & (np.asarray(value) != 0)):
                v.fail(name, f"large enough not to round to 0 in {dtype.name} (the rate divides by it)", value)

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

    def __delattr__(self, name):
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _set(self, **values):
        for name, value in values.items():
            if isinstance(value, np.ndarray):
                value = v.read_only(np.array(value))  # a private copy, seen through a read-only view
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

    # parameters, set once by Schedule._set (read-only afterwards); declared here for type checkers
    learning_rate: Any

    _params = ("learning_rate",)

    def __init__(self, learning_rate):
        self._set(learning_rate=_param(v.nonnegative("learning_rate", learning_rate)))

    def _rate(self, step, dtype):
        rate = np.asarray(self.learning_rate, dtype=dtype)
        return np.broadcast_to(rate, np.broadcast_shapes(step.shape, rate.shape)).copy()


class _StepDecay(Schedule):
    """The parameters shared by exponential and inverse-time decay (Keras's order and names)."""

    # parameters, set once by Schedule._set (read-only afterwards); declared here for type checkers
    decay_rate: Any
    decay_steps: Any
    learning_rate: Any
    staircase: Any

    _params = ("learning_rate", "decay_steps", "decay_rate")
    _divisors = ("decay_steps",)
    _check_decay_rate: Any

    def __init__(self, learning_rate, decay_steps, decay_rate, staircase=False):
        self._set(
            learning_rate=_param(v.nonnegative("learning_rate", learning_rate)),
            decay_steps=_param(v.positive("decay_steps", decay_steps)),
            decay_rate=_param(self._check_decay_rate("decay_rate", decay_rate)),
            staircase=v.boolean("staircase", staircase),
        )
        self.batch_shape  # noqa: B018 - raises now if the parameter shapes clash


class ExponentialDecay(_StepDecay):
    r"""Exponential decay, as ``tf.train.exponential_decay`` and Keras 3's ``ExponentialDecay``.

    .. math::
        \eta_k = \eta_0 \cdot \gamma^{\,k / s}

    with :math:`\eta_0` = ``learning_rate``, :math:`\gamma` = ``decay_rate`` and
    :math:`s` = ``decay_steps``; when ``staircase`` is true the exponent is
    floored, so the rate drops once every ``decay_steps`` steps.
    """

    #: a decay rate γ is in (0, 1] (1: no decay)
    _check_decay_rate = staticmethod(v.in_unit_interval)

    def _rate(self, step, dtype):
        # The same operations, in the same order and precision, as TensorFlow:
        # p = float(step) / decay_steps; floor(p) if staircase; lr * decay_rate ** p
        p = step.astype(dtype) / np.asarray(self.decay_steps, dtype=dtype)
        if self.staircase:
            p = np.floor(p)
        # The power is worked out in float64 and rounded once to the dtype. numpy's float32 power depends on the
        # CPU (a SIMD routine where there is AVX-512, libm's powf elsewhere); the SIMD one differs from this by
        # an ulp for about 1 rate in 5. Rounded once from float64, a rate is the same wherever it is computed,
        # the browser included (Math.fround(Math.pow(γ, p)) in lrlab/static/descent.js): float64 powers differ
        # by at most an ulp, which the rounding to float32 hid in all of 2,000,000 cases measured. It is also
        # Keras 3's float32 rate, bit for bit, in every recorded run (tests/data/frameworks.json).
        g = np.asarray(self.decay_rate, dtype=dtype)
        decay = np.power(g.astype(np.float64), p.astype(np.float64)).astype(dtype)
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


# ---------------------------------------------------------------------------
# Keras 3's other schedules, composition, and a linear ramp for warmup.
#
# Each _rate below performs Keras's operations in Keras's order (every
# operand cast to ``dtype`` first), so with ``dtype=np.float32`` the rates are
# those a float32 Keras schedule returns, to within an ulp of ``cos``/``pow``.


def _boundaries(name: str, value, *, minimum: int) -> tuple[int, ...]:
    """A non-empty, strictly increasing list of ints ``>= minimum``."""
    if isinstance(value, np.ndarray):
        items = list(value) if value.ndim == 1 and value.dtype.kind in "iu" else None
    else:
        items = list(value) if isinstance(value, (list, tuple)) else None

    def an_int(b) -> bool:
        return isinstance(b, (int, np.integer)) and not isinstance(b, (bool, np.bool_, np.timedelta64))

    if items is None or not all(an_int(b) for b in items):
        v.fail(name, "a list of ints", value, TypeError)
    if not items:
        v.fail(name, "a non-empty list of ints", value)
    ints = [int(b) for b in items]
    if ints[0] < minimum or ints[-1] > 2**53:
        v.fail(name, f"ints >= {minimum} and <= 2**53", value)
    if any(b >= c for b, c in zip(ints, ints[1:], strict=False)):
        v.fail(name, "strictly increasing", value)
    return tuple(ints)


def _no_more_than(name: str, value, limit_name: str, limit, requirement_why: str):
    """Refuse ``value > limit`` (element-wise, after broadcasting)."""
    if np.any(np.asarray(value) > np.asarray(limit)):
        v.fail(name, f"<= {limit_name}={_short(limit)} ({requirement_why})", value)


class PiecewiseConstant(Schedule):
    r"""Piecewise constant rates, as Keras 3's ``PiecewiseConstantDecay``.

    .. math::
        \eta_k = v_i \quad\text{for}\quad b_{i-1} < k \le b_i
        \qquad (b_{-1} = -\infty,\ b_n = +\infty)

    ``values`` may have extra axes after the first (one rate per setting):
    ``values[i]`` is then a batch of rates.
    """

    # parameters, set once by Schedule._set (read-only afterwards); declared here for type checkers
    boundaries: Any
    values: Any

    _params = ("values",)

    def __init__(self, boundaries, values):
        boundaries = _boundaries("boundaries", boundaries, minimum=0)
        if isinstance(values, (list, tuple)) and any(isinstance(x, (bool, np.bool_)) for x in values):
            v.fail("values", "a list of rates, not bools", values, TypeError)
        arr = v.nonnegative("values", values)
        if arr.ndim == 0:
            v.fail("values", "a list of rates (one more than `boundaries`)", values, TypeError)
        if arr.shape[0] != len(boundaries) + 1:
            v.fail(
                "values",
                f"one longer than `boundaries` ({len(boundaries) + 1} rates for {len(boundaries)} boundaries)",
                values,
            )
        self._set(boundaries=boundaries, values=arr)

    @property
    def batch_shape(self) -> tuple[int, ...]:
        return self.values.shape[1:]

    def _rate(self, step, dtype):
        # Keras: values[0] while step <= boundaries[0]; values[i] while
        # boundaries[i-1] < step <= boundaries[i]; values[-1] after the last.
        values = np.asarray(self.values, dtype=dtype)
        rate = np.broadcast_to(values[0], np.broadcast_shapes(step.shape, values.shape[1:]))
        for boundary, value in zip(self.boundaries, values[1:], strict=True):
            rate = np.where(step > boundary, value, rate)
        return np.array(rate, dtype=dtype)

    def __repr__(self):
        values = self.values.tolist() if self.values.ndim == 1 else _short(self.values)
        return f"PiecewiseConstant(boundaries={list(self.boundaries)}, values={values})"


class PolynomialDecay(Schedule):
    r"""Polynomial decay, as Keras 3's ``PolynomialDecay``.

    .. math::
        \eta_k = (\eta_0 - \eta_{end}) \left(1 - \frac{\min(k, s)}{s}\right)^{p} + \eta_{end}

    With ``cycle=True``, :math:`s` is replaced by :math:`s \lceil k/s \rceil`
    (and by :math:`s` at step 0), so the rate reaches the end rate at every
    multiple of s and jumps back up on the step after it.
    """

    # parameters, set once by Schedule._set (read-only afterwards); declared here for type checkers
    cycle: Any
    decay_steps: Any
    end_learning_rate: Any
    learning_rate: Any
    power: Any

    _params = ("learning_rate", "decay_steps", "end_learning_rate", "power")
    _divisors = ("decay_steps",)

    def __init__(self, learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False):
        lr = _param(v.nonnegative("learning_rate", learning_rate))
        end = _param(v.nonnegative("end_learning_rate", end_learning_rate))
        self._set(
            learning_rate=lr,
            decay_steps=_param(v.positive("decay_steps", decay_steps)),
            end_learning_rate=end,
            power=_param(v.positive("power", power)),
            cycle=v.boolean("cycle", cycle),
        )
        self.batch_shape  # noqa: B018 - raises now if the parameter shapes clash
        _no_more_than("end_learning_rate", end, "learning_rate", lr, "the rate decays towards it")

    def _rate(self, step, dtype):
        lr = np.asarray(self.learning_rate, dtype=dtype)
        end = np.asarray(self.end_learning_rate, dtype=dtype)
        power = np.asarray(self.power, dtype=dtype)
        k = step.astype(dtype)
        decay_steps = np.asarray(self.decay_steps, dtype=dtype)
        if self.cycle:
            multiplier = np.where(k == 0, dtype.type(1.0), np.ceil(k / decay_steps))
            decay_steps = decay_steps * multiplier
        else:
            k = np.minimum(k, decay_steps)
        p = k / decay_steps
        return np.asarray((lr - end) * np.power(dtype.type(1) - p, power) + end, dtype=dtype)

    def __repr__(self):
        return super().__repr__()[:-1] + f", cycle={self.cycle})"


class InverseTimeDecay(_StepDecay):
    r"""Inverse-time decay, as Keras 3's ``InverseTimeDecay``.

    .. math::
        \eta_k = \frac{\eta_0}{1 + \gamma\, k / s}

    (the exponent :math:`k/s` floored when ``staircase`` is true).
    """

    #: any decay rate >= 0 (0: no decay)
    _check_decay_rate = staticmethod(v.nonnegative)

    def _rate(self, step, dtype):
        lr = np.asarray(self.learning_rate, dtype=dtype)
        p = step.astype(dtype) / np.asarray(self.decay_steps, dtype=dtype)
        if self.staircase:
            p = np.floor(p)
        denom = dtype.type(1) + np.asarray(self.decay_rate, dtype=dtype) * p
        return np.asarray(lr / denom, dtype=dtype)

    def __repr__(self):
        return super().__repr__()[:-1] + f", staircase={self.staircase})"


class CosineDecay(Schedule):
    r"""Cosine decay with optional linear warmup, as Keras 3's ``CosineDecay``.

    .. math::
        \eta_k = \eta_{top}\left[(1-\alpha)\,\tfrac12\left(1 + \cos\frac{\pi \min(k', s)}{s}\right) + \alpha\right]

    Without warmup, :math:`\eta_{top} = \eta_0` and :math:`k' = k`. With
    warmup, the rate first rises linearly from :math:`\eta_0` to
    :math:`\eta_{top}` = ``warmup_target`` over ``warmup_steps`` steps, then
    decays with :math:`k' = k -` ``warmup_steps``.
    """

    # parameters, set once by Schedule._set (read-only afterwards); declared here for type checkers
    alpha: Any
    decay_steps: Any
    learning_rate: Any
    warmup_steps: Any
    warmup_target: Any

    _params = ("learning_rate", "decay_steps", "alpha", "warmup_target", "warmup_steps")
    _divisors = ("decay_steps", "warmup_steps")

    def __init__(self, learning_rate, decay_steps, alpha=0.0, warmup_target=None, warmup_steps=0):
        lr = _param(v.nonnegative("learning_rate", learning_rate))
        a = v.real("alpha", alpha)
        if not np.all((a >= 0) & (a <= 1)):
            v.fail("alpha", ">= 0 and <= 1 (a fraction of the rate the decay starts from)", alpha)
        steps = _param(v.nonnegative("warmup_steps", warmup_steps))
        if warmup_target is None:
            target = None
            if np.any(np.asarray(steps) > 0):
                v.fail("warmup_steps", "0 when `warmup_target` is None (there is no warmup)", warmup_steps)
        else:
            target = _param(v.nonnegative("warmup_target", warmup_target))
            if not np.all(np.asarray(steps) > 0):
                v.fail("warmup_steps", "> 0 when `warmup_target` is given", warmup_steps)
        self._set(
            learning_rate=lr,
            decay_steps=_param(v.positive("decay_steps", decay_steps)),
            alpha=_param(a),
            warmup_target=target,
            warmup_steps=steps,
        )
        self.batch_shape  # noqa: B018
        if target is not None and np.any(np.asarray(target) < np.asarray(lr)):
            v.fail("warmup_target", f">= learning_rate={_short(lr)} (warmup rises to it)", warmup_target)

    def _decay(self, k, decay_steps, top, dtype):
        fraction = k / decay_steps
        cosine = dtype.type(0.5) * (dtype.type(1.0) + np.cos(dtype.type(np.pi) * fraction))
        # Keras writes (1 - self.alpha) with Python floats: worked out in float64, then cast
        one_minus_alpha = np.asarray(1.0 - np.asarray(self.alpha), dtype=dtype)
        return top * (one_minus_alpha * cosine + np.asarray(self.alpha, dtype=dtype))

    def _rate(self, step, dtype):
        lr = np.asarray(self.learning_rate, dtype=dtype)
        decay_steps = np.asarray(self.decay_steps, dtype=dtype)
        k = step.astype(dtype)
        if self.warmup_target is None:
            return np.asarray(self._decay(np.minimum(k, decay_steps), decay_steps, lr, dtype), dtype=dtype)
        target = np.asarray(self.warmup_target, dtype=dtype)
        warmup_steps = np.asarray(self.warmup_steps, dtype=dtype)
        k = np.minimum(k, decay_steps + warmup_steps)
        warm = (target - lr) * (k / warmup_steps) + lr
        rate = np.where(k < warmup_steps, warm, self._decay(k - warmup_steps, decay_steps, target, dtype))
        return np.asarray(rate, dtype=dtype)


class LinearSchedule(Schedule):
    r"""A straight line from ``init_value`` to ``end_value``, then flat (optax's ``linear_schedule``).

    .. math::
        \eta_k = (\eta_{end} - \eta_{init})\,\frac{\min(k, T)}{T} + \eta_{init}
    """

    # parameters, set once by Schedule._set (read-only afterwards); declared here for type checkers
    end_value: Any
    init_value: Any
    transition_steps: Any

    _params = ("init_value", "end_value", "transition_steps")
    _divisors = ("transition_steps",)

    def __init__(self, init_value, end_value, transition_steps):
        self._set(
            init_value=_param(v.nonnegative("init_value", init_value)),
            end_value=_param(v.nonnegative("end_value", end_value)),
            transition_steps=_param(v.positive("transition_steps", transition_steps)),
        )
        self.batch_shape  # noqa: B018

    def _rate(self, step, dtype):
        init = np.asarray(self.init_value, dtype=dtype)
        end = np.asarray(self.end_value, dtype=dtype)
        steps = np.asarray(self.transition_steps, dtype=dtype)
        k = np.minimum(step.astype(dtype), steps)
        return np.asarray((end - init) * (k / steps) + init, dtype=dtype)


class Join(Schedule):
    r"""Schedules one after another (optax's ``join_schedules``).

    .. math::
        \eta_k = \text{schedule}_i(k - b_{i-1}) \quad\text{for}\quad b_{i-1} \le k < b_i
        \qquad (b_{-1} = 0)

    Each schedule after the first starts from its own step 0 at its boundary.
    """

    # parameters, set once by Schedule._set (read-only afterwards); declared here for type checkers
    boundaries: Any
    schedules: Any

    def __init__(self, schedules, boundaries):
        if not isinstance(schedules, (list, tuple)) or not schedules:
            v.fail("schedules", "a non-empty list of lrlab schedules (or numbers)", schedules, TypeError)
        parts = []
        for i, part in enumerate(schedules):
            if isinstance(part, Schedule):
                parts.append(part)
            elif isinstance(part, (int, float, np.integer, np.floating)) and not isinstance(part, bool):
                parts.append(Constant(v.nonnegative(f"schedules[{i}]", part)))
            else:
                v.fail("schedules", "a list of lrlab schedules (or numbers)", schedules, TypeError)
        if len(parts) == 1 and isinstance(boundaries, (list, tuple)) and not boundaries:
            bounds: tuple[int, ...] = ()
        else:
            bounds = _boundaries("boundaries", boundaries, minimum=1)
        if len(bounds) != len(parts) - 1:
            v.fail(
                "boundaries",
                f"one step per schedule after the first ({len(parts) - 1} for {len(parts)} schedules)",
                boundaries,
            )
        self._set(schedules=tuple(parts), boundaries=bounds)
        self.batch_shape  # noqa: B018

    @property
    def batch_shape(self) -> tuple[int, ...]:
        shapes = [part.batch_shape for part in self.schedules]
        try:
            return np.broadcast_shapes(*shapes)
        except ValueError:
            v.fail("schedules", "schedules whose batches have broadcastable shapes", shapes)

    def _check_fits(self, dtype):
        for part in self.schedules:
            part._check_fits(dtype)

    def _rate(self, step, dtype):
        rate = self.schedules[0]._rate(step, dtype)
        for boundary, part in zip(self.boundaries, self.schedules[1:], strict=True):
            later = part._rate(np.maximum(step - boundary, 0), dtype)
            rate = np.where(step < boundary, rate, later)
        return np.asarray(rate, dtype=dtype)

    def __repr__(self):
        return f"Join(schedules=[{', '.join(map(repr, self.schedules))}], boundaries={list(self.boundaries)})"


class InFloat64(Schedule):
    """Another schedule evaluated in float64, then rounded to the dtype asked for."""

    # parameters, set once by Schedule._set (read-only afterwards); declared here for type checkers
    schedule: Any

    def __init__(self, schedule):
        if not isinstance(schedule, Schedule):
            v.fail("schedule", "an lrlab schedule", schedule, TypeError)
        self._set(schedule=schedule)

    @property
    def batch_shape(self) -> tuple[int, ...]:
        return self.schedule.batch_shape

    def _rate(self, step, dtype):
        return np.asarray(self.schedule._rate(step, np.dtype(np.float64)), dtype=dtype)

    def __repr__(self):
        return f"InFloat64({self.schedule!r})"


def piecewise_constant(boundaries, values) -> PiecewiseConstant:
    r"""Constant rates between step boundaries, as Keras 3's ``PiecewiseConstantDecay``.

    .. math::
        \eta_k = v_0 \ (k \le b_0), \qquad
        \eta_k = v_i \ (b_{i-1} < k \le b_i), \qquad
        \eta_k = v_n \ (k > b_{n-1})

    Args:
        boundaries: the steps :math:`b_i` after which the rate changes: ints ``>= 0``,
            strictly increasing.
        values: the rates :math:`v_i`, one more than ``boundaries``, each ``>= 0``.
            Extra axes after the first make a batch (``values[i]`` is then an array).

    Returns:
        A :class:`PiecewiseConstant` schedule.

    Where frameworks differ (off by one): Keras keeps ``values[i]`` *at* the
    boundary step itself (``k <= boundaries[i]``), and so does this schedule.
    PyTorch's ``MultiStepLR`` switches *at* the milestone, and counts epochs
    (one ``scheduler.step()`` per epoch): ``MultiStepLR(milestones=[10, 25],
    gamma=0.1)`` on a base rate η is ``piecewise_constant([9, 24], [η, 0.1·η,
    0.01·η])`` with k the epoch.

    >>> sched = piecewise_constant([2, 4], [0.5, 0.1, 0.01])
    >>> print(" ".join(f"{sched(k):.2f}" for k in range(6)))
    0.50 0.50 0.50 0.10 0.10 0.01
    """
    return PiecewiseConstant(boundaries, values)


def polynomial_decay(learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False) -> PolynomialDecay:
    r"""A polynomial decay from ``learning_rate`` to ``end_learning_rate``, as Keras 3's ``PolynomialDecay``.

    .. math::
        \eta_k = (\eta_0 - \eta_{end}) \left(1 - \frac{\min(k, s)}{s}\right)^{p} + \eta_{end}

    Args:
        learning_rate: :math:`\eta_0`, the rate at step 0; ``>= 0`` (an array makes a batch).
        decay_steps: :math:`s`, the step where the rate reaches ``end_learning_rate``; ``> 0``.
        end_learning_rate: :math:`\eta_{end}`, where the rate stays after ``decay_steps``;
            ``>= 0`` and ``<= learning_rate``. Keras's default is 0.0001.
        power: :math:`p > 0`; 1 is a straight line, 2 a parabola, 0.5 a square root.
        cycle: when true, start again at every multiple of ``decay_steps``: Keras
            stretches the decay to :math:`s\lceil k/s\rceil` steps, so each cycle
            restarts from a lower rate.

    Returns:
        A :class:`PolynomialDecay` schedule.

    Where frameworks differ: PyTorch's ``PolynomialLR(total_iters=T, power=p)``
    always ends at 0 and counts epochs: on a base rate η it is
    ``polynomial_decay(η, T, end_learning_rate=0.0, power=p)`` with k the epoch.

    >>> sched = polynomial_decay(0.5, decay_steps=4, end_learning_rate=0.1)
    >>> print(" ".join(f"{sched(k):.2f}" for k in range(6)))
    0.50 0.40 0.30 0.20 0.10 0.10
    """
    return PolynomialDecay(learning_rate, decay_steps, end_learning_rate, power, cycle)


def inverse_time_decay(learning_rate, decay_steps, decay_rate, staircase=False) -> InverseTimeDecay:
    r"""A rate shrinking like 1/k, as Keras 3's ``InverseTimeDecay``.

    .. math::
        \eta_k = \frac{\eta_0}{1 + \gamma\, k / s}

    Unlike exponential decay, the rates of this schedule add up to infinity
    (:math:`\sum \eta_k = \infty`) while their squares do not, so on a noisy
    problem it keeps moving towards the minimum instead of freezing short of it.

    Args:
        learning_rate: :math:`\eta_0`, the rate at step 0; ``>= 0`` (an array makes a batch).
        decay_steps: :math:`s`, ``> 0``.
        decay_rate: :math:`\gamma \ge 0`, how fast the rate falls (a coefficient
            here, not a factor as in :func:`exponential_decay`: at :math:`k = s`
            the rate is :math:`\eta_0/(1 + \gamma)`).
        staircase: floor :math:`k/s`, so the rate changes every ``decay_steps`` steps.

    Returns:
        An :class:`InverseTimeDecay` schedule.

    PyTorch has no scheduler of its own for this one (``LambdaLR`` with
    ``lambda epoch: 1 / (1 + decay_rate * epoch / decay_steps)`` does the same per epoch).

    >>> sched = inverse_time_decay(0.5, decay_steps=1, decay_rate=1.0)
    >>> print(" ".join(f"{sched(k):.4f}" for k in range(5)))
    0.5000 0.2500 0.1667 0.1250 0.1000
    """
    return InverseTimeDecay(learning_rate, decay_steps, decay_rate, staircase)


def cosine_decay(learning_rate, decay_steps, alpha=0.0, warmup_target=None, warmup_steps=0) -> CosineDecay:
    r"""Half a cosine from the top rate down to ``alpha`` times it, as Keras 3's ``CosineDecay``.

    .. math::
        \eta_k = \eta_{top}\left[(1-\alpha)\,\frac{1 + \cos(\pi \min(k', s)/s)}{2} + \alpha\right]

    Without warmup, :math:`\eta_{top} = \eta_0` and :math:`k' = k`. With a
    ``warmup_target``, the rate first climbs in a straight line from
    :math:`\eta_0` to :math:`\eta_{top} =` ``warmup_target`` over ``warmup_steps``
    steps (:math:`\eta_k = (\eta_{top} - \eta_0)\,k/w + \eta_0`), then decays with
    :math:`k' = k - w`.

    Args:
        learning_rate: :math:`\eta_0`; ``>= 0`` (an array makes a batch).
        decay_steps: :math:`s`, how many steps the cosine takes; ``> 0``.
        alpha: where the decay ends, *as a fraction* of the top rate; ``0 <= alpha <= 1``.
        warmup_target: ``None`` (no warmup) or the rate warmup climbs to;
            ``>= learning_rate``.
        warmup_steps: :math:`w`, how many steps warmup takes; ``> 0`` with a
            ``warmup_target``, 0 without one.

    Returns:
        A :class:`CosineDecay` schedule.

    Where frameworks differ: Keras's ``alpha`` is a fraction, PyTorch's
    ``CosineAnnealingLR(T_max, eta_min)`` takes an absolute floor and counts
    epochs: on a base rate η it is ``cosine_decay(η, T_max, alpha=eta_min / η)``
    for epochs 0 to ``T_max``. After ``T_max`` PyTorch's rate climbs back up
    along the cosine (period ``2 * T_max``); Keras's, and this one, stay at
    :math:`\alpha\,\eta_{top}`.

    >>> sched = cosine_decay(0.4, decay_steps=4, alpha=0.25)
    >>> print(" ".join(f"{sched(k):.4f}" for k in range(6)))
    0.4000 0.3561 0.2500 0.1439 0.1000 0.1000
    >>> warm = cosine_decay(0.0, decay_steps=4, warmup_target=0.4, warmup_steps=2)
    >>> print(" ".join(f"{warm(k):.4f}" for k in range(7)))
    0.0000 0.2000 0.4000 0.3414 0.2000 0.0586 0.0000
    """
    return CosineDecay(learning_rate, decay_steps, alpha, warmup_target, warmup_steps)


def linear_schedule(init_value, end_value, transition_steps) -> LinearSchedule:
    r"""A straight line from ``init_value`` to ``end_value`` in ``transition_steps`` steps, then flat.

    .. math::
        \eta_k = (\eta_{end} - \eta_{init})\,\frac{\min(k, T)}{T} + \eta_{init}

    Named and ordered as optax's ``linear_schedule``. Its main use is warmup
    before another schedule (see :func:`join`). It is the warmup line of Keras's
    ``CosineDecay``, and PyTorch's ``LinearLR(start_factor, end_factor,
    total_iters)`` on a base rate η is ``linear_schedule(start_factor·η,
    end_factor·η, total_iters)`` with k the epoch.

    Args:
        init_value: the rate at step 0; ``>= 0`` (an array makes a batch).
        end_value: the rate from step ``transition_steps`` on; ``>= 0`` (higher
            or lower than ``init_value``).
        transition_steps: :math:`T > 0`.

    Returns:
        A :class:`LinearSchedule`.

    >>> sched = linear_schedule(0.0, 0.2, transition_steps=4)
    >>> print(" ".join(f"{sched(k):.2f}" for k in range(6)))
    0.00 0.05 0.10 0.15 0.20 0.20
    """
    return LinearSchedule(init_value, end_value, transition_steps)


def join(schedules, boundaries) -> Join:
    r"""Run schedules one after another, as optax's ``join_schedules``.

    .. math::
        \eta_k = \text{schedules}[i](k - b_{i-1}) \quad\text{for}\quad b_{i-1} \le k < b_i

    Schedule ``i`` takes over *at* step ``boundaries[i-1]`` and sees its own step
    count from 0 there (step − boundary), so a decay that follows a warmup
    starts from its own initial rate.

    Args:
        schedules: lrlab schedules (a number means a constant rate).
        boundaries: the steps where the next schedule takes over: ints ``>= 1``,
            strictly increasing, one fewer than ``schedules``.

    Returns:
        A :class:`Join` schedule (its batch is the broadcast of its parts').

    PyTorch's ``SequentialLR(schedulers, milestones)`` does the same per epoch:
    ``SequentialLR([LinearLR(start_factor=0.1, total_iters=5),
    ExponentialLR(gamma=0.99)], milestones=[5])`` on a base rate of 0.2 is the
    example below.

    Linear warmup for 5 steps, then the course's exponential decay:

    >>> warm = join([linear_schedule(0.02, 0.2, 5), exponential_decay(0.2, 1, 0.99)], [5])
    >>> print(" ".join(f"{warm(k):.4f}" for k in [0, 1, 4, 5, 6, 7]))
    0.0200 0.0560 0.1640 0.2000 0.1980 0.1960
    """
    return Join(schedules, boundaries)


def in_float64(schedule) -> InFloat64:
    r"""``schedule`` worked out in float64, then rounded to the dtype it is asked for.

    TensorFlow 1's graph and Keras's schedules compute the rate in float32
    from the start. The course's TensorFlow 2 edition computes it in Python,
    in float64 (``lr = LR_BASE * LR_DECAY ** (epoch / LR_STEP)``), and the rate is
    rounded to float32 only when it multiplies the float32 gradient. The two
    can differ in the last bits of the rate (by up to about 4e-7 relative over
    the course's 40 epochs), and so in the last bit of ``w``; this wrapper
    reproduces the second way.

    Args:
        schedule: an lrlab schedule.

    Returns:
        An :class:`InFloat64` schedule with the same batch as ``schedule``.

    >>> tf1_way = exponential_decay(0.2, 1, 0.99)
    >>> tf2_way = in_float64(tf1_way)
    >>> print(f"{tf1_way(4, dtype=np.float32):.10f} {tf2_way(4, dtype=np.float32):.10f}")
    0.1921192110 0.1921191961
    """
    return InFloat64(schedule)
