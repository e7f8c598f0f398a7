"""The course's own runs and settings, printed the way its TensorFlow programs printed them.

The first edition (TensorFlow 1) printed ``w`` and the loss after each update
(:func:`seed_table`, :func:`decay_table`); the current edition (TensorFlow 2)
prints ``w`` after the update, the loss before it and the rate it used
(:func:`tf2_table`). The course's MNIST lesson decays its rate once per epoch
(:data:`COURSE_MNIST`, :func:`mnist_schedule`, :func:`per_epoch`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import checks as v
from .descent import Trajectory, descend
from .schedules import Schedule, exponential_decay, in_float64

__all__ = [
    "COURSE_MNIST",
    "course_decay_run",
    "course_tf2_run",
    "decay_table",
    "mnist_schedule",
    "per_epoch",
    "seed_table",
    "tf2_table",
]


def _single(trajectory) -> Trajectory:
    if not isinstance(trajectory, Trajectory):
        v.fail("trajectory", "an lrlab.Trajectory (from lrlab.descend)", trajectory, TypeError)
    if trajectory.batch_shape:
        v.fail("trajectory", "a single run, not a batch", trajectory)
    return trajectory


def seed_table(trajectory: Trajectory) -> str:
    """One line per update, in the format of the course's first program.

    Line ``i`` shows ``w`` and the loss *after* update ``i`` (counting from 0):

    >>> print(seed_table(descend(0.2, steps=2)))
    After 0 steps,W is 2.600000 ,loss is 12.959999
    After 1 steps,W is 1.160000 ,loss is 4.665599
    """
    t = _single(trajectory)
    return "\n".join(
        "After %d steps,W is %f ,loss is %f" % (i, t.w[i + 1], t.loss[i + 1])  # noqa: UP031
        for i in range(t.steps)
    )


def decay_table(trajectory: Trajectory, schedule, *, forgot_global_step: bool = False) -> str:
    """One line per update, in the format of the course's decay program.

    The course read the learning rate *after* ``minimize`` had incremented
    ``global_step``, so the rate it printed on line ``i`` is ``schedule(i + 1)``:
    one step ahead of the rate update ``i`` actually used (``trajectory.lr[i]``).
    This table reproduces that, so its numbers match the course's. The rate is
    evaluated in the trajectory's dtype, as TensorFlow did.

    With ``forgot_global_step=True`` it prints what the course's program shows
    when ``global_step`` is not passed to ``minimize``: the step counter stays
    at 0, so the printed (and used) rate never decays.

    >>> sched = exponential_decay(0.1, 1, 0.99, staircase=True)
    >>> print(decay_table(descend(sched, steps=1), sched))
    After 0 steps: global_step is 1.000000, w is 3.800000, learning rate is 0.099000, loss is 23.040001
    """
    t = _single(trajectory)
    if not callable(schedule):
        v.fail("schedule", "a schedule (a callable step -> rate)", schedule, TypeError)
    forgot_global_step = v.boolean("forgot_global_step", forgot_global_step)
    ahead = np.zeros(t.steps, dtype=int) if forgot_global_step else np.arange(1, t.steps + 1)
    if isinstance(schedule, Schedule):
        printed = schedule(ahead, dtype=t.dtype)
    else:
        printed = [_printed_rate(schedule, int(k)) for k in ahead]
    return "\n".join(
        "After %d steps: global_step is %f, w is %f, learning rate is %f, loss is %f"  # noqa: UP031
        % (i, ahead[i], t.w[i + 1], printed[i], t.loss[i + 1])
        for i in range(t.steps)
    )


def _printed_rate(schedule, k: int) -> float:
    """``schedule(k)`` for a caller's schedule, checked to be one finite real rate; any failure names ``schedule``."""
    try:
        rate = np.asarray(schedule(k))
        ok = rate.ndim == 0 and rate.dtype.kind in "iuf" and bool(np.isfinite(rate))
    except Exception as exc:
        v.fail("schedule", f"a schedule that works at every step (step {k} raised {v.show(exc)})", schedule)
    if not ok:
        requirement = f"a schedule returning one finite real rate per step (step {k} gave {v.show(rate)})"
        v.fail("schedule", requirement, schedule)
    return float(rate)


def course_decay_run(steps: int = 40):
    """The course's decay example: base 0.1, decay 0.99 every step, staircase, float32.

    Returns ``(schedule, trajectory)``.
    """
    schedule = exponential_decay(0.1, decay_steps=1, decay_rate=0.99, staircase=True)
    return schedule, descend(schedule, steps=steps)


def tf2_table(trajectory: Trajectory) -> str:
    """One line per epoch, in the format of the course's TensorFlow 2 edition.

    That program runs one update per epoch inside a ``GradientTape``. Line
    ``i`` shows ``w`` *after* update ``i``, the loss *before* it (the loss the
    tape computed, ``trajectory.loss[i]``) and the rate update ``i`` used
    (``trajectory.lr[i]``): unlike :func:`decay_table`, no step ahead.

    >>> _, run = course_tf2_run(epochs=3)
    >>> print(tf2_table(run))
    After 0 epoch,w is 2.600000,loss is 36.000000,lr is 0.200000
    After 1 epoch,w is 1.174400,loss is 12.959999,lr is 0.198000
    After 2 epoch,w is 0.321948,loss is 4.728015,lr is 0.196020
    """
    t = _single(trajectory)
    return "\n".join(
        "After %s epoch,w is %f,loss is %f,lr is %f" % (i, t.w[i + 1], t.loss[i], t.lr[i])  # noqa: UP031
        for i in range(t.steps)
    )


def course_tf2_run(epochs: int = 40):
    """The course's TensorFlow 2 edition: ``LR_BASE = 0.2``, ``LR_DECAY = 0.99``, ``LR_STEP = 1``, float32.

    Its rate ``lr = LR_BASE * LR_DECAY ** (epoch / LR_STEP)`` is
    :func:`exponential_decay` with ``learning_rate = LR_BASE``, ``decay_rate =
    LR_DECAY``, ``decay_steps = LR_STEP`` and no staircase (``/`` is true
    division), one step per epoch. TensorFlow 2 works it out in Python floats
    (float64) and rounds it to float32 only when it meets the gradient, so the
    schedule is wrapped in :func:`in_float64`; then ``w`` equals TensorFlow 2's
    bit for bit.

    Returns ``(schedule, trajectory)``.
    """
    epochs = v.count("epochs", epochs)
    schedule = in_float64(exponential_decay(0.2, decay_steps=1, decay_rate=0.99))
    return schedule, descend(schedule, steps=epochs)


#: The course's MNIST lesson (TensorFlow 1): TF 1's ``input_data`` reader keeps 55,000 of MNIST's 60,000
#: training images for training (5,000 go to validation); ``BATCH_SIZE = 200``; the rate starts at
#: ``LEARNING_RATE_BASE = 0.1`` and is multiplied by ``LEARNING_RATE_DECAY = 0.99`` once per epoch
#: (``decay_steps = examples / BATCH_SIZE``, ``staircase=True``) for ``STEPS = 50000`` updates.
COURSE_MNIST = {"examples": 55_000, "batch_size": 200, "learning_rate": 0.1, "decay_rate": 0.99, "steps": 50_000}


def mnist_schedule():
    """The course's MNIST schedule: ``exponential_decay(0.1, 55000 / 200, 0.99, staircase=True)``, per update.

    ``decay_steps = examples / BATCH_SIZE = 275`` updates is one epoch, so the rate drops once per epoch.

    >>> s = mnist_schedule()
    >>> print(f"{s(274):.4f} {s(275):.4f}")
    0.1000 0.0990
    """
    m = COURSE_MNIST
    return exponential_decay(m["learning_rate"], m["examples"] / m["batch_size"], m["decay_rate"], staircase=True)


def per_epoch(schedule: Any, steps_per_epoch: int, epochs: int, dtype: Any = np.float64) -> np.ndarray:
    """The rate of the first update of each of ``epochs`` epochs of ``steps_per_epoch`` updates."""
    steps_per_epoch = v.count("steps_per_epoch", steps_per_epoch, minimum=1, maximum=10**9)
    epochs = v.count("epochs", epochs, minimum=1)
    k = np.arange(epochs, dtype=np.int64) * steps_per_epoch
    if not isinstance(schedule, Schedule):
        v.fail("schedule", "an lrlab schedule", schedule, TypeError)
    return v.frozen(np.asarray(schedule(k, dtype=dtype), dtype=np.float64))
