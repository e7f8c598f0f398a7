"""Where a decaying schedule takes ``w``: a map over (initial rate x decay rate).

One vectorised :func:`lrlab.descend` call runs every setting of the grid; each
run is then given one of four names, judged after the last step ``T``:

* ``converges`` — ``|w_T - c| < tol``;
* ``diverges`` — ``w`` or the loss overflowed, or ``w`` ended further from the
  minimum than it started;
* ``bounces`` — neither, and the last update still jumped across the minimum;
* ``freezes`` — neither, and ``w`` has stalled on one side, short of the
  minimum: the rate shrank (or was tiny) before ``w`` arrived.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _validation as v
from .descent import Trajectory, descend
from .losses import SEED_LOSS, Quadratic
from .schedules import exponential_decay

__all__ = ["LAB_DECAY_RATES", "LAB_RATES", "OUTCOMES", "OutcomeMap", "classify", "outcome_map"]

#: The outcome names, in code order (code ``i`` is ``OUTCOMES[i]``).
OUTCOMES = ("converges", "freezes", "bounces", "diverges")

#: The lab's default grid: initial rates 0.01 … 1.995 on a log scale, with 1.0 exactly on it,
#: and decay rates 0.8 … 1.0 (no decay) in steps of 0.0025.
LAB_RATES = 10.0 ** (np.arange(-100, 16) / 50)
LAB_DECAY_RATES = np.linspace(0.8, 1.0, 81)


def classify(trajectory: Trajectory, tol: float = 1e-3):
    """The outcome code(s) of a run or a batch of runs (see :data:`OUTCOMES`)."""
    if not isinstance(trajectory, Trajectory):
        v.fail("trajectory", "an lrlab.Trajectory", trajectory, TypeError)
    if trajectory.steps < 1:
        v.fail("trajectory", "a run of at least one step", trajectory)
    tol = float(v.positive("tol", tol))
    c = trajectory.loss_fn.centre
    with np.errstate(all="ignore"):
        start = np.abs(trajectory.w[0].astype(np.float64) - c)
        last = trajectory.w[-1].astype(np.float64) - c
        before = trajectory.w[-2].astype(np.float64) - c
        overflowed = np.asarray(trajectory.diverged_at) >= 0 if trajectory.batch_shape else np.asarray(
            trajectory.diverged_at is not None)
        diverged = overflowed | ~np.isfinite(last) | (np.abs(last) > start)
        converged = ~diverged & (np.abs(last) < tol)
        bouncing = ~diverged & ~converged & (last * before < 0)
    codes = np.full(np.shape(last), 1, dtype=np.int8)  # freezes
    codes[converged] = 0
    codes[bouncing] = 2
    codes[diverged] = 3
    return int(codes) if codes.ndim == 0 else codes


@dataclass(frozen=True)
class OutcomeMap:
    """The outcome of every (initial rate, decay rate) pair of a grid.

    ``codes[i, j]`` is the outcome of ``learning_rates[i]`` with ``decay_rates[j]``.
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

    def counts(self) -> dict[str, int]:
        """How many grid points have each outcome."""
        return {name: int(np.sum(self.codes == i)) for i, name in enumerate(OUTCOMES)}

    def nearest(self, learning_rate: float, decay_rate: float) -> tuple[int, int]:
        """Grid indices of the point closest to the given settings (log-distance for the rate)."""
        lr = float(v.positive("learning_rate", learning_rate))
        dr = float(v.in_unit_interval("decay_rate", decay_rate))
        i = int(np.argmin(np.abs(np.log(self.learning_rates) - np.log(lr))))
        j = int(np.argmin(np.abs(self.decay_rates - dr)))
        return i, j

    def column(self, j: int) -> list[tuple[str, float, float]]:
        """The outcomes along decay rate ``decay_rates[j]``, as ``(name, lowest rate, highest rate)`` runs."""
        runs = []
        for lr, code in zip(self.learning_rates, self.codes[:, j], strict=True):
            name = OUTCOMES[int(code)]
            if runs and runs[-1][0] == name:
                runs[-1] = (name, runs[-1][1], float(lr))
            else:
                runs.append((name, float(lr), float(lr)))
        return runs

    def outcome(self, i: int, j: int) -> str:
        return OUTCOMES[int(self.codes[i, j])]

    def trajectory(self, i: int, j: int) -> Trajectory:
        """The run behind grid point ``(i, j)``, computed again on its own."""
        sched = exponential_decay(float(self.learning_rates[i]), self.decay_steps,
                                  float(self.decay_rates[j]), staircase=self.staircase)
        return descend(sched, w0=self.w0, steps=self.steps, loss=self.loss)


def outcome_map(learning_rates, decay_rates, *, decay_steps=1, staircase=False, w0=5.0,
                steps: int = 100, tol: float = 1e-3, loss=None) -> OutcomeMap:
    """Run every pair of ``learning_rates`` x ``decay_rates`` in one vectorised call and name the outcomes.

    >>> m = outcome_map([0.01, 0.2, 1.0, 2.0], [0.5, 1.0], steps=60)
    >>> m.outcome(1, 1), m.outcome(1, 0), m.outcome(2, 1), m.outcome(3, 1)
    ('converges', 'freezes', 'bounces', 'diverges')
    """
    lr = v.positive("learning_rates", learning_rates)
    dr = v.in_unit_interval("decay_rates", decay_rates)
    if lr.ndim != 1 or dr.ndim != 1:
        v.fail("learning_rates and decay_rates", "1-D arrays", (lr.shape, dr.shape))
    loss = SEED_LOSS if loss is None else loss
    steps = v.count("steps", steps, minimum=1)
    sched = exponential_decay(lr[:, None], decay_steps, dr[None, :], staircase=staircase)
    traj = descend(sched, w0=w0, steps=steps, loss=loss)
    codes = classify(traj, tol)
    final = np.array(traj.w[-1])
    for arr in (lr, dr, codes, final):
        arr.flags.writeable = False
    return OutcomeMap(lr, dr, float(decay_steps), bool(staircase), float(w0), steps, float(tol), loss,
                      codes, final)
