"""What runs end up doing: where a schedule takes ``w``, and what noisy gradients leave of it.

**Clean runs.** Where a decaying schedule takes ``w``: a map over (initial rate x decay rate).

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

**Noisy runs.** With noise, ``w`` never settles, so those names are not used;
many seeded runs are summarised instead, with every measure stated beside its
result (every function is deterministic: the same ``seed`` gives the same numbers):

* :func:`seeded_runs`, :func:`summarise`: the mean loss per update over seeded
  runs, with its standard error (the exact expectation is
  :func:`lrlab.expected_loss`);
* :func:`noisy_map`: the (initial rate x decay rate) map under noise, as the exact
  expected loss (:func:`lrlab.expected_loss`: no sampling, so its best setting is not a lucky one).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import checks as v
from .descent import Trajectory, descend
from .losses import SEED_LOSS, Quadratic, quadratic_loss
from .schedules import exponential_decay
from .theory import expected_loss, limit_factor, noise_floor

__all__ = [
    "LAB_DECAY_RATES",
    "LAB_RATES",
    "MAX_RUNS",
    "OUTCOMES",
    "NoiseSummary",
    "NoisyMap",
    "OutcomeMap",
    "classify",
    "noisy_map",
    "outcome_map",
    "run_count",
    "seeded_runs",
    "summarise",
]

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
    factor = limit_factor(trajectory.learning_rate, trajectory.loss_fn.curvature)
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


# ---------------------------------------------------------------- noisy runs

#: Most runs one call simulates (runs x grid cells), so a typo cannot hang a kernel.
MAX_RUNS = 1_000_000


def run_count(runs: Any) -> int:
    """``runs`` checked: a whole number of seeded runs, 1 to :data:`MAX_RUNS`."""
    return v.count("runs", runs, minimum=1, maximum=MAX_RUNS)


def seeded_runs(
    learning_rate: Any,
    *,
    noise: float,
    runs: int = 100,
    steps: int = 300,
    w0: float = 5.0,
    loss: Quadratic | None = None,
    seed: int = 0,
    dtype: Any = np.float32,
) -> Trajectory:
    r"""``runs`` noisy runs of one setting, each with its own noise: a batch :class:`~lrlab.Trajectory`.

    Run ``i`` is ``w`` after each update of :math:`w_{k+1} = w_k - \eta_k (f'(w_k) + \sigma \xi_k)`, with the
    draws :math:`\xi_k` of run ``i`` independent of every other run's. The same ``seed`` gives the same
    runs, bit for bit (and two schedules run with the same seed see the same draws).

    >>> t = seeded_runs(0.2, noise=2.0, runs=3, steps=50, seed=1)
    >>> t.w.shape
    (51, 3)
    """
    runs = run_count(runs)
    sigma = v.number("noise", noise, v.nonnegative)
    start = v.number("w0", w0)
    return descend(
        learning_rate,
        w0=np.full(runs, start),
        steps=steps,
        loss=quadratic_loss(loss),
        dtype=dtype,
        noise=sigma,
        seed=seed,
    )


@dataclass(frozen=True)
class NoiseSummary:
    """Many seeded runs of one schedule, summarised per update (every array read-only, float64).

    Attributes:
        name: what the runs are called in tables and legends.
        noise: σ, the standard deviation of the gradient noise.
        runs, steps, seed: how many runs, the horizon T (updates), the seed.
        rate: the rate of each update (``steps`` values; the same for every run).
        mean_loss: the mean loss over the runs after each update (``steps + 1`` values).
        sem_loss: its standard error (standard deviation over the runs / √runs).
        final_loss: each run's loss after the last update (``runs`` values).
        moved_after: per update k, the largest distance any run still moved between ``w_k`` and the end.
        floor: :func:`lrlab.noise_floor` of the rate if it is constant, else NaN.
    """

    name: str
    noise: float
    runs: int
    steps: int
    seed: Any
    rate: np.ndarray
    mean_loss: np.ndarray
    sem_loss: np.ndarray
    final_loss: np.ndarray
    moved_after: np.ndarray
    floor: float

    @property
    def final_mean(self) -> float:
        """The mean loss over the runs after the last update."""
        return float(self.mean_loss[-1])

    @property
    def final_sem(self) -> float:
        """The standard error of :attr:`final_mean`."""
        return float(self.sem_loss[-1])

    @property
    def budget(self) -> float:
        """The sum of the rates of all ``steps`` updates."""
        return float(np.sum(self.rate))

    def at(self, k: int) -> tuple[float, float]:
        """The mean loss after update ``k`` (``0 <= k <= steps``) and its standard error."""
        k = v.count("k", k, maximum=self.steps)
        return float(self.mean_loss[k]), float(self.sem_loss[k])

    def first_below(self, level: float) -> int:
        """The first update after which the mean loss is below ``level`` (``-1`` if never)."""
        level = v.number("level", level, v.positive)
        below = np.flatnonzero(self.mean_loss < level)
        return int(below[0]) if below.size else -1


def summarise(trajectory: Trajectory, name: str = "") -> NoiseSummary:
    """A :class:`NoiseSummary` of a batch of runs shaped ``(steps + 1, runs)`` (as :func:`seeded_runs` makes)."""
    if not isinstance(trajectory, Trajectory) or len(trajectory.batch_shape) != 1:
        v.fail("trajectory", "a batch of runs shaped (steps + 1, runs), e.g. from seeded_runs", trajectory, TypeError)
    if not isinstance(name, str):
        v.fail("name", "a str", name, TypeError)
    runs = trajectory.batch_shape[0]
    lr = np.asarray(trajectory.lr, dtype=np.float64)
    noise = np.broadcast_to(np.asarray(trajectory.noise, dtype=np.float64), (runs,))
    if lr.ndim == 2 and not np.all(lr == lr[:, :1]) or not np.all(noise == noise[0]):
        v.fail("trajectory", "runs of one setting (one rate per update and one noise level for every run)", trajectory)
    with np.errstate(all="ignore"):
        loss = np.asarray(trajectory.loss, dtype=np.float64)
        w = np.asarray(trajectory.w, dtype=np.float64)
        mean = loss.mean(axis=1)
        sem = loss.std(axis=1, ddof=1) / math.sqrt(runs) if runs > 1 else np.full_like(mean, np.nan)
        moved = np.abs(w[-1] - w).max(axis=1)
    rate = lr[:, 0] if lr.ndim == 2 else lr
    floor = math.nan
    if rate.size and np.all(rate == rate[0]) and isinstance(trajectory.loss_fn, Quadratic):
        floor = float(noise_floor(rate[0], noise[0], trajectory.loss_fn))
    return NoiseSummary(
        name,
        float(noise[0]) if runs else 0.0,
        runs,
        trajectory.steps,
        None,
        v.frozen(rate),
        v.frozen(mean),
        v.frozen(sem),
        v.frozen(loss[-1]),
        v.frozen(moved),
        floor,
    )


@dataclass(frozen=True)
class NoisyMap:
    r"""Notebook 03's :math:`(\eta_0 \times \gamma)` map under noise: the exact expected loss after ``T`` updates.

    ``expected_loss[i, j]`` is :math:`E[f(w_T)] - \min f` (:func:`lrlab.expected_loss`, no sampling) for
    initial rate ``learning_rates[i]`` and decay rate ``decay_rates[j]`` (exponential decay, ``decay_steps``
    and ``staircase`` as given; ``γ = 1`` is a constant rate). ``start_loss`` is the loss at ``w0``;
    ``worse_than_start[i, j]`` is true where the expected loss after ``T`` updates is above it (``inf`` where
    it overflows float64). Because every value is exact, :meth:`best` is the best setting of the grid, not
    the luckiest of many noisy estimates.
    """

    learning_rates: np.ndarray
    decay_rates: np.ndarray
    expected_loss: np.ndarray
    start_loss: float
    noise: float
    steps: int
    w0: float

    @property
    def horizon(self) -> int:
        return self.steps

    @property
    def worse_than_start(self) -> np.ndarray:
        """Where the expected loss after ``T`` updates is above the loss at ``w0`` (or overflows)."""
        return v.read_only(~(self.expected_loss <= self.start_loss))

    def caption(self) -> str:
        return f"exact expected loss after T = {self.steps} updates from w0 = {self.w0:g}, noise σ = {self.noise:g}"

    def nearest(self, learning_rate: float, decay_rate: float) -> tuple[int, int]:
        """Indices of the setting nearest to ``learning_rate`` (on a log scale) and ``decay_rate``."""
        lr = v.number("learning_rate", learning_rate, v.positive)
        dr = v.number("decay_rate", decay_rate, v.positive)
        i = int(np.argmin(np.abs(np.log(self.learning_rates) - math.log(lr))))
        j = int(np.argmin(np.abs(self.decay_rates - dr)))
        return i, j

    def best(self) -> tuple[int, int]:
        """Indices of the setting with the lowest expected loss."""
        i, j = np.unravel_index(int(np.argmin(self.expected_loss)), self.expected_loss.shape)
        return int(i), int(j)


def noisy_map(
    learning_rates: Any,
    decay_rates: Any,
    *,
    noise: float = 2.0,
    steps: int = 300,
    w0: float = 5.0,
    loss: Quadratic | None = None,
    decay_steps: float = 1,
    staircase: bool = False,
) -> NoisyMap:
    r"""The exact expected loss after ``steps`` noisy updates for every :math:`(\eta_0, \gamma)` of the grid.

    See :class:`NoisyMap`. One :func:`lrlab.expected_loss` call over the whole grid: no seeds, no sampling.

    >>> m = noisy_map([0.05, 0.5], [0.9, 1.0], noise=1.0, steps=50)
    >>> m.expected_loss.shape, m.best()
    ((2, 2), (1, 0))
    """
    lr = v.positive("learning_rates", learning_rates)
    dr = v.in_unit_interval("decay_rates", decay_rates)
    if lr.ndim != 1 or dr.ndim != 1 or not lr.size or not dr.size:
        v.fail(
            "learning_rates and decay_rates",
            "two non-empty 1-d arrays",
            {"learning_rates": learning_rates, "decay_rates": decay_rates},
            TypeError,
        )
    loss = quadratic_loss(loss)
    sigma = v.number("noise", noise, v.nonnegative)
    start = v.number("w0", w0)
    schedule = exponential_decay(lr[:, None], decay_steps, dr[None, :], staircase=staircase)
    final = expected_loss(schedule, w0=start, steps=steps, noise=sigma, loss=loss)[-1]
    offset = start - loss.centre
    start_loss = loss.a * offset * offset  # Python floats: inf (not OverflowError, as ** gives) for a start far out
    return NoisyMap(
        v.frozen(lr),
        v.frozen(dr),
        v.frozen(final),
        start_loss,
        sigma,
        v.count("steps", steps),
        start,
    )
