"""Where a decaying schedule takes ``w``: a map over (initial rate x decay rate).

One vectorised :func:`lrlab.descend` call runs every setting of the grid; each
run gets one of five names. They are snapshots after a stated horizon ``T``
(``steps``) with a stated tolerance ``tol``; show both with the map:

* ``arrived`` — ``|w_T - c| < tol``;
* ``diverged`` — ``w`` or the loss overflowed within ``T`` (or, not yet
  overflowed, the run's limit is infinite);
* ``frozen`` — the run's limit for an infinite horizon
  (:func:`lrlab.frozen_limit`) is at least ``tol`` from ``c``: it will never
  arrive, whether it stops short of the minimum or past it;
* ``still zig-zagging`` — none of those, and the last update crossed ``c``;
* ``not there yet`` — none of those, and the last update did not cross ``c``.

The checks are made in that order. "frozen" needs the limit, known for
constant rates and lrlab's exponential decay; runs of other schedules are
never called "frozen".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from . import _validation as v
from .descent import Trajectory, descend
from .losses import SEED_LOSS, Quadratic
from .schedules import exponential_decay
from .theory import _limit_factor

__all__ = ["LAB_DECAY_RATES", "LAB_RATES", "OUTCOMES", "OutcomeMap", "classify", "outcome_map"]

#: The outcome names, in code order (code ``i`` is ``OUTCOMES[i]``).
OUTCOMES = ("arrived", "not there yet", "still zig-zagging", "frozen", "diverged")
ARRIVED, NOT_THERE_YET, ZIG_ZAGGING, FROZEN, DIVERGED = range(5)

#: The lab's default grid: initial rates 0.01 … 1.995 on a log scale, with 1.0 exactly on it,
#: and decay rates 0.8 … 1.0 (no decay) in steps of 0.0025.
LAB_RATES = 10.0 ** (np.arange(-100, 16) / 50)
LAB_DECAY_RATES = np.linspace(0.8, 1.0, 81)


def classify(trajectory: Trajectory, tol: float = 1e-3) -> int | np.ndarray:
    """The outcome code(s) of a run or a batch of runs after its last update (see :data:`OUTCOMES`).

    The horizon ``T`` is ``trajectory.steps``. The run must be on an
    :class:`lrlab.Quadratic`.

    >>> import lrlab
    >>> OUTCOMES[classify(lrlab.descend(0.2, steps=40))]
    'arrived'
    """
    if not isinstance(trajectory, Trajectory):
        v.fail("trajectory", "an lrlab.Trajectory", trajectory, TypeError)
    if trajectory.steps < 1:
        v.fail("trajectory", "a run of at least one update", trajectory)
    if not isinstance(trajectory.loss_fn, Quadratic):
        v.fail("trajectory", "a run on an lrlab.Quadratic", trajectory, TypeError)
    tol = v.scalar(v.positive("tol", tol), "tol", tol)
    c = trajectory.loss_fn.centre
    factor = _limit_factor(trajectory.learning_rate, trajectory.loss_fn.curvature)
    if np.any(trajectory.noise):
        factor = np.asarray(np.nan)  # a noisy run has no fixed limit
    with np.errstate(all="ignore"):
        start = trajectory.w[0].astype(np.float64) - c
        last = trajectory.w[-1].astype(np.float64) - c
        before = trajectory.w[-2].astype(np.float64) - c
        limit = np.abs(start * factor)  # distance of the limit from c (0 * inf: start on c is arrived anyway)
        limit = np.where(start == 0, 0.0, limit)
        overflowed = (
            np.asarray(trajectory.diverged_at, dtype=float) >= 0
            if trajectory.batch_shape
            else np.asarray(trajectory.diverged_at is not None)
        )
        codes = np.where(last * before < 0, ZIG_ZAGGING, NOT_THERE_YET)
        codes = np.where(limit >= tol, FROZEN, codes)
        codes = np.where(overflowed | np.isinf(limit), DIVERGED, codes)
        codes = np.where(np.abs(last) < tol, ARRIVED, codes).astype(np.int8)
    return int(codes) if codes.ndim == 0 else codes


@dataclass(frozen=True)
class OutcomeMap:
    """The outcome of every (initial rate, decay rate) pair of a grid, after ``steps`` updates with tolerance ``tol``.

    ``codes[i, j]`` is the outcome of ``learning_rates[i]`` with ``decay_rates[j]``
    (an index into :data:`OUTCOMES`). Every array is read-only.
    """

    learning_rates: np.ndarray
    decay_rates: np.ndarray
    decay_steps: float
    staircase: bool
    w0: float
    steps: int
    tol: float
    loss: Quadratic
    codes: np.ndarray
    final_w: np.ndarray

    @property
    def horizon(self) -> int:
        """``T``: the outcomes are judged after this many updates (``steps``)."""
        return self.steps

    def caption(self) -> str:
        """The horizon and tolerance in words, for the figure: ``"after T = 100 updates, tol = 0.001"``."""
        return f"after T = {self.steps} updates, tol = {self.tol:g}"

    def counts(self) -> dict[str, int]:
        """How many grid points have each outcome."""
        return {name: int(np.sum(self.codes == i)) for i, name in enumerate(OUTCOMES)}

    def nearest(self, learning_rate: float, decay_rate: float) -> tuple[int, int]:
        """Grid indices of the point closest to the given settings (log-distance for the rate)."""
        lr = v.scalar(v.positive("learning_rate", learning_rate), "learning_rate", learning_rate)
        dr = v.scalar(v.in_unit_interval("decay_rate", decay_rate), "decay_rate", decay_rate)
        i = int(np.argmin(np.abs(np.log(self.learning_rates) - np.log(lr))))
        j = int(np.argmin(np.abs(self.decay_rates - dr)))
        return i, j

    def _index(self, name: str, value: Any, size: int) -> int:
        index = v.count(name, value, minimum=-size, maximum=size - 1)
        return index % size

    def column(self, j: int) -> list[tuple[str, float, float]]:
        """The outcomes along decay rate ``decay_rates[j]``, as ``(name, lowest rate, highest rate)`` runs."""
        j = self._index("j", j, len(self.decay_rates))
        runs: list[tuple[str, float, float]] = []
        for lr, code in zip(self.learning_rates, self.codes[:, j], strict=True):
            name = OUTCOMES[int(code)]
            if runs and runs[-1][0] == name:
                runs[-1] = (name, runs[-1][1], float(lr))
            else:
                runs.append((name, float(lr), float(lr)))
        return runs

    def outcome(self, i: int, j: int) -> str:
        i = self._index("i", i, len(self.learning_rates))
        j = self._index("j", j, len(self.decay_rates))
        return OUTCOMES[int(self.codes[i, j])]

    def trajectory(self, i: int, j: int) -> Trajectory:
        """The run behind grid point ``(i, j)``, computed again on its own."""
        i = self._index("i", i, len(self.learning_rates))
        j = self._index("j", j, len(self.decay_rates))
        sched = exponential_decay(
            float(self.learning_rates[i]), self.decay_steps, float(self.decay_rates[j]), staircase=self.staircase
        )
        return descend(sched, w0=self.w0, steps=self.steps, loss=self.loss)


def outcome_map(
    learning_rates: Any,
    decay_rates: Any,
    *,
    decay_steps: float = 1,
    staircase: bool = False,
    w0: float = 5.0,
    steps: int = 100,
    tol: float = 1e-3,
    loss: Quadratic | None = None,
) -> OutcomeMap:
    """Run every pair of ``learning_rates`` x ``decay_rates`` in one vectorised call and name the outcomes.

    >>> m = outcome_map([0.0001, 0.2, 0.6, 1.0, 2.0], [0.5, 1.0], steps=60)
    >>> [m.outcome(i, 1) for i in range(5)]
    ['not there yet', 'arrived', 'arrived', 'still zig-zagging', 'diverged']
    >>> m.outcome(1, 0), m.caption()
    ('frozen', 'after T = 60 updates, tol = 0.001')
    """
    lr = v.positive("learning_rates", learning_rates)
    dr = v.in_unit_interval("decay_rates", decay_rates)
    if lr.ndim != 1 or dr.ndim != 1:
        v.fail("learning_rates and decay_rates", "1-D arrays", (lr.shape, dr.shape))
    loss = SEED_LOSS if loss is None else loss
    if not isinstance(loss, Quadratic):
        v.fail("loss", "an lrlab.Quadratic", loss, TypeError)
    steps = v.count("steps", steps, minimum=1)
    w0 = v.scalar(v.finite("w0", w0), "w0", w0)
    tol = v.scalar(v.positive("tol", tol), "tol", tol)
    decay_steps = v.scalar(v.positive("decay_steps", decay_steps), "decay_steps", decay_steps)
    if not np.float32(min(decay_steps, 1.0)) > 0:  # the map runs in float32, where a smaller one is 0
        v.fail("decay_steps", "at least 1.4e-45 (float32's smallest number)", decay_steps)
    staircase = v.boolean("staircase", staircase)
    sched = exponential_decay(lr[:, None], decay_steps, dr[None, :], staircase=staircase)
    traj = descend(sched, w0=w0, steps=steps, loss=loss)
    codes = classify(traj, tol)
    return OutcomeMap(
        v.read_only(lr),
        v.read_only(dr),
        decay_steps,
        staircase,
        w0,
        steps,
        tol,
        loss,
        v.read_only(np.asarray(codes)),
        v.read_only(np.array(traj.w[-1])),
    )
