r"""Numbers for notebook 04: gradient descent with noisy gradients, and the schedules that tame the noise.

Everything here is numbers (numpy arrays, small frozen records); the pictures are in
:mod:`lrlab.plotting_noise`. Every function is deterministic: the same ``seed`` gives the same numbers.

* :func:`seeded_runs`, :func:`summarise`, :func:`compare_schedules`: many seeded noisy runs, summarised
  per update (mean loss and its standard error over the seeds);
* :func:`stationary_loss`: the loss a constant rate hovers at, estimated from simulation with a standard
  error, to compare with the theory :func:`lrlab.noise_floor`;
* :func:`noisy_map`: notebook 03's :math:`(\eta_0 \times \gamma)` map under noise, as the mean final distance
  over seeds;
* :class:`QuarticBowl`: a loss whose curvature grows far from the minimum (for warmup);
* :data:`COURSE_MNIST`, :func:`mnist_schedule`, :func:`per_epoch`: the course's MNIST schedule, counted in
  updates and in epochs;
* :func:`line_data`, :func:`minibatch_sgd`: a small real minibatch fit (linear regression, numpy only);
* :func:`noise_frames`: the view model of the noise explorer (every frame its knobs reach, as float32).

With noise, ``w`` never settles, so the outcome names of :mod:`lrlab.outcomes` (which judge a run by its
limit) are not used for noisy runs here; the measures are stated with every result instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import _validation as v
from .descent import Trajectory, descend, rates
from .losses import SEED_LOSS, Quadratic
from .schedules import exponential_decay
from .theory import noise_floor

__all__ = [
    "COURSE_MNIST",
    "KNOB_NOISES",
    "KNOB_RATES",
    "FloorEstimate",
    "LineFit",
    "NoiseFrames",
    "NoiseSummary",
    "NoisyMap",
    "QuarticBowl",
    "compare_schedules",
    "line_data",
    "minibatch_sgd",
    "mnist_schedule",
    "noise_frames",
    "noisy_map",
    "per_epoch",
    "seeded_runs",
    "stationary_loss",
    "summarise",
]

#: The course's MNIST lesson (TensorFlow 1): TF 1's ``input_data`` reader keeps 55,000 of MNIST's 60,000
#: training images for training (5,000 go to validation); ``BATCH_SIZE = 200``; the rate starts at
#: ``LEARNING_RATE_BASE = 0.1`` and is multiplied by ``LEARNING_RATE_DECAY = 0.99`` once per epoch
#: (``decay_steps = examples / BATCH_SIZE``, ``staircase=True``) for ``STEPS = 50000`` updates.
COURSE_MNIST = {"examples": 55_000, "batch_size": 200, "learning_rate": 0.1, "decay_rate": 0.99, "steps": 50_000}

#: Most runs one call simulates (runs x grid cells), so a typo cannot hang a kernel.
MAX_RUNS = 1_000_000


def _ro(arr) -> np.ndarray:
    return v.read_only(np.array(arr))


def _runs(runs: Any) -> int:
    return v.count("runs", runs, minimum=1, maximum=MAX_RUNS)


def _quadratic(loss: Any) -> Quadratic:
    loss = SEED_LOSS if loss is None else loss
    if not isinstance(loss, Quadratic):
        v.fail("loss", "an lrlab.Quadratic", loss, TypeError)
    return loss


def _float(name: str, value: Any, check=v.finite) -> float:
    return v.scalar(check(name, value), name, value)


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
    runs = _runs(runs)
    sigma = _float("noise", noise, v.nonnegative)
    start = _float("w0", w0)
    return descend(
        learning_rate, w0=np.full(runs, start), steps=steps, loss=_quadratic(loss), dtype=dtype, noise=sigma, seed=seed
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
        level = _float("level", level, v.positive)
        below = np.flatnonzero(self.mean_loss < level)
        return int(below[0]) if below.size else -1


def summarise(trajectory: Trajectory, name: str = "") -> NoiseSummary:
    """A :class:`NoiseSummary` of a batch of runs shaped ``(steps + 1, runs)`` (as :func:`seeded_runs` makes)."""
    if not isinstance(trajectory, Trajectory) or len(trajectory.batch_shape) != 1:
        v.fail("trajectory", "a batch of runs shaped (steps + 1, runs), e.g. from seeded_runs", trajectory, TypeError)
    if not isinstance(name, str):
        v.fail("name", "a str", name, TypeError)
    runs = trajectory.batch_shape[0]
    with np.errstate(all="ignore"):
        loss = np.asarray(trajectory.loss, dtype=np.float64)
        w = np.asarray(trajectory.w, dtype=np.float64)
        mean = loss.mean(axis=1)
        sem = loss.std(axis=1, ddof=1) / math.sqrt(runs) if runs > 1 else np.full_like(mean, np.nan)
        moved = np.abs(w[-1] - w).max(axis=1)
    lr = np.asarray(trajectory.lr, dtype=np.float64)
    rate = lr[:, 0] if lr.ndim == 2 else lr
    floor = math.nan
    if rate.size and np.all(rate == rate[0]) and isinstance(trajectory.loss_fn, Quadratic):
        floor = float(noise_floor(rate[0], trajectory.noise, trajectory.loss_fn))
    return NoiseSummary(
        name,
        float(np.max(trajectory.noise)),
        runs,
        trajectory.steps,
        None,
        _ro(rate),
        _ro(mean),
        _ro(sem),
        _ro(loss[-1]),
        _ro(moved),
        floor,
    )


def compare_schedules(
    schedules: dict,
    *,
    noise: float = 2.0,
    runs: int = 1000,
    steps: int = 3000,
    w0: float = 5.0,
    loss: Quadratic | None = None,
    seed: int = 0,
) -> dict[str, NoiseSummary]:
    """Run every schedule of ``schedules`` (name → rate or schedule) ``runs`` times on the same noisy problem.

    Every schedule sees the *same* noise draws (the same seed and batch shape), so differences between them
    come from the schedules, not from luck. Returns name → :class:`NoiseSummary`.
    """
    if not isinstance(schedules, dict) or not schedules:
        v.fail("schedules", "a non-empty dict of name -> rate or schedule", schedules, TypeError)
    out = {}
    for name, schedule in schedules.items():
        if not isinstance(name, str):
            v.fail("schedules", "a dict whose keys are names (str)", schedules, TypeError)
        t = seeded_runs(schedule, noise=noise, runs=runs, steps=steps, w0=w0, loss=loss, seed=seed)
        s = summarise(t, name)
        out[name] = NoiseSummary(**{**s.__dict__, "seed": seed})
    return out


@dataclass(frozen=True)
class FloorEstimate:
    """The mean loss of a constant rate once it hovers, from simulation, beside the theory.

    ``mean`` averages the loss over the runs and over updates ``burn_in`` to ``steps``; ``sem`` is its standard
    error, worked out from the runs' own time averages (independent from run to run, so ``sem`` is honest
    even though successive updates of one run are correlated). ``theory`` is :func:`lrlab.noise_floor`.
    """

    learning_rate: float
    noise: float
    mean: float
    sem: float
    theory: float
    runs: int
    steps: int
    burn_in: int

    @property
    def z(self) -> float:
        """How many standard errors the simulation is from the theory."""
        return (self.mean - self.theory) / self.sem


def stationary_loss(
    learning_rate: float,
    noise: float,
    *,
    runs: int = 400,
    steps: int = 2000,
    burn_in: int | None = None,
    loss: Quadratic | None = None,
    seed: int = 0,
    dtype: Any = np.float64,
) -> FloorEstimate:
    r"""Simulate a constant rate with noisy gradients and measure the loss it hovers at.

    The runs start *at* the minimum (so only the noise moves ``w``); the first ``burn_in`` updates (default:
    a quarter of ``steps``) are left out while the spread of ``w`` builds up. The offset's variance
    approaches its limit like :math:`q^{2k}` (:math:`q = 1 - \eta f''`), so after ``burn_in`` updates the
    estimate is low by at most a fraction :math:`q^{2\,\text{burn\_in}}` of the floor.

    >>> est = stationary_loss(0.2, 2.0, runs=200, steps=400, seed=3)
    >>> print(f"theory {est.theory:.3f}, simulated {est.mean:.3f} ± {2 * est.sem:.3f}")
    theory 0.250, simulated 0.248 ± 0.004
    """
    loss = _quadratic(loss)
    eta = _float("learning_rate", learning_rate, v.positive)
    sigma = _float("noise", noise, v.positive)
    if not eta < loss.bounce_rate:
        v.fail(
            "learning_rate", f"below the bounce rate 2/f″ = {loss.bounce_rate:g} (no floor otherwise)", learning_rate
        )
    runs = v.count("runs", runs, minimum=2, maximum=MAX_RUNS)
    steps = v.count("steps", steps, minimum=2)
    burn_in = steps // 4 if burn_in is None else v.count("burn_in", burn_in, maximum=steps - 1)
    t = seeded_runs(eta, noise=sigma, runs=runs, steps=steps, w0=loss.centre, loss=loss, seed=seed, dtype=dtype)
    per_run = np.asarray(t.loss[burn_in + 1 :], dtype=np.float64).mean(axis=0)
    return FloorEstimate(
        eta,
        sigma,
        float(per_run.mean()),
        float(per_run.std(ddof=1) / math.sqrt(runs)),
        float(noise_floor(eta, sigma, loss)),
        runs,
        steps,
        burn_in,
    )


@dataclass(frozen=True)
class NoisyMap:
    r"""Notebook 03's :math:`(\eta_0 \times \gamma)` map under noise: the mean final distance over seeds.

    ``mean_distance[i, j]`` is the mean over ``runs`` seeded runs of :math:`|w_T - c|` for initial rate
    ``learning_rates[i]`` and decay rate ``decay_rates[j]`` (exponential decay, ``decay_steps`` and
    ``staircase`` as given); ``diverged[i, j]`` is true where at least one run overflowed within ``T``
    (its mean is then ``inf``).
    """

    learning_rates: np.ndarray
    decay_rates: np.ndarray
    mean_distance: np.ndarray
    diverged: np.ndarray
    noise: float
    runs: int
    steps: int
    w0: float
    seed: Any = field(default=0)

    @property
    def horizon(self) -> int:
        return self.steps

    def caption(self) -> str:
        return (
            f"after T = {self.steps} updates, noise σ = {self.noise:g}, mean over {self.runs} seeded runs per setting"
        )

    def nearest(self, learning_rate: float, decay_rate: float) -> tuple[int, int]:
        """Indices of the setting nearest to ``learning_rate`` (on a log scale) and ``decay_rate``."""
        lr = _float("learning_rate", learning_rate, v.positive)
        dr = _float("decay_rate", decay_rate, v.positive)
        i = int(np.argmin(np.abs(np.log(self.learning_rates) - math.log(lr))))
        j = int(np.argmin(np.abs(self.decay_rates - dr)))
        return i, j

    def best(self) -> tuple[int, int]:
        """Indices of the setting with the smallest mean final distance."""
        i, j = np.unravel_index(int(np.argmin(self.mean_distance)), self.mean_distance.shape)
        return int(i), int(j)


def noisy_map(
    learning_rates: Any,
    decay_rates: Any,
    *,
    noise: float = 2.0,
    runs: int = 16,
    steps: int = 300,
    w0: float = 5.0,
    loss: Quadratic | None = None,
    seed: int = 0,
    decay_steps: float = 1,
    staircase: bool = False,
) -> NoisyMap:
    r"""Run every :math:`(\eta_0, \gamma)` of the grid ``runs`` times with noisy gradients; see :class:`NoisyMap`.

    >>> m = noisy_map([0.05, 0.5], [0.9, 1.0], noise=1.0, runs=4, steps=50)
    >>> m.mean_distance.shape
    (2, 2)
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
    runs = _runs(runs)
    if lr.size * dr.size * runs > MAX_RUNS:
        v.fail("runs", f"at most {MAX_RUNS:,} runs in all (grid cells x runs)", runs)
    loss = _quadratic(loss)
    schedule = exponential_decay(lr[:, None, None], decay_steps, dr[None, :, None], staircase=staircase)
    t = seeded_runs(schedule, noise=noise, runs=runs, steps=steps, w0=w0, loss=loss, seed=seed)
    with np.errstate(all="ignore"):
        w_end = np.asarray(t.w[-1], dtype=np.float64)
        bad = ~np.isfinite(w_end) | ~np.isfinite(np.asarray(loss.value(t.w[-1]), dtype=np.float64))
        d = np.where(bad, np.inf, np.abs(w_end - loss.centre))
    return NoisyMap(
        _ro(lr), _ro(dr), _ro(d.mean(axis=2)), _ro(bad.any(axis=2)), float(noise), runs, t.steps, float(w0), seed
    )


class QuarticBowl:
    r"""The loss :math:`(w-c)^2 + b\,(w-c)^4`: the course's parabola near the minimum, steep walls far out.

    Its curvature :math:`f''(w) = 2 + 12\,b\,(w-c)^2` is 2 at the minimum (as for :math:`(w+1)^2`) and grows
    with the distance, so a rate that is safe near the minimum overshoots wildly far out. ``value`` and
    ``grad`` keep the dtype of a float ``w`` (float32 in, float32 arithmetic).

    >>> bowl = QuarticBowl()
    >>> print(bowl, bowl.curvature_at(5.0), bowl.curvature_at(-1.0))
    (w + 1)² + 0.25·(w + 1)⁴ 110.0 2.0
    """

    __slots__ = ("_b", "_c")
    _b: float
    _c: float

    def __init__(self, quartic: float = 0.25, centre: float = -1.0) -> None:
        object.__setattr__(self, "_b", _float("quartic", quartic, v.positive))
        object.__setattr__(self, "_c", _float("centre", centre))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("QuarticBowl is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("QuarticBowl is immutable")

    @property
    def quartic(self) -> float:
        return self._b

    @property
    def centre(self) -> float:
        return self._c

    @staticmethod
    def _as_float(w: Any) -> np.ndarray:
        arr = np.asarray(w)
        if arr.dtype.kind == "f":
            return arr
        if arr.dtype.kind in "iu":
            return arr.astype(np.float64)
        return v.fail("w", "a real number or an array of real numbers", w, TypeError)

    def value(self, w: Any) -> np.ndarray:
        w = self._as_float(w)
        t = w.dtype.type
        with np.errstate(over="ignore", invalid="ignore"):
            d = w - t(self._c)
            sq = d * d
            return sq + t(self._b) * (sq * sq)

    def grad(self, w: Any) -> np.ndarray:
        w = self._as_float(w)
        t = w.dtype.type
        with np.errstate(over="ignore", invalid="ignore"):
            d = w - t(self._c)
            return t(2.0) * d + t(4.0 * self._b) * (d * d * d)

    def curvature_at(self, w: Any) -> float | np.ndarray:
        """The second derivative :math:`f''(w) = 2 + 12 b (w - c)^2` (float64)."""
        d = v.finite("w", w) - self._c
        out = 2.0 + 12.0 * self._b * d * d
        return float(out) if out.ndim == 0 else out

    def bounce_rate_at(self, w: Any) -> float | np.ndarray:
        """:math:`2/f''(w)`: the largest rate that does not overshoot further than it started, near ``w``."""
        return 2.0 / self.curvature_at(w)

    def __repr__(self) -> str:
        return f"QuarticBowl(quartic={self._b!r}, centre={self._c!r})"

    def __str__(self) -> str:
        c = self._c
        inner = "w" if c == 0 else (f"w + {-c:g}" if c < 0 else f"w - {c:g}")
        return f"({inner})² + {self._b:g}·({inner})⁴"


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
    if not callable(schedule):
        v.fail("schedule", "an lrlab schedule", schedule, TypeError)
    return _ro(np.asarray(schedule(k, dtype=dtype), dtype=np.float64))


# ---------------------------------------------------------------- a small real minibatch fit


def line_data(
    n: int = 200, *, slope: float = 2.0, intercept: float = 1.0, noise: float = 1.0, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points ``y = slope·x + intercept + noise·ε`` with ``x`` uniform in [−1, 1] and ``ε`` standard normal."""
    n = v.count("n", n, minimum=2, maximum=10**6)
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.0, 1.0, n)
    y = (
        _float("slope", slope) * x
        + _float("intercept", intercept)
        + _float("noise", noise, v.nonnegative) * rng.standard_normal(n)
    )
    return _ro(x), _ro(y)


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
        return _ro(self.excess.mean(axis=1))

    def epoch_excess(self) -> np.ndarray:
        """Per epoch, the excess loss after each of its updates, averaged over those updates and the runs.

        (Values right at the end of an epoch dip: after a whole pass the batches' gradients add up to the full
        gradient. Averaging over the epoch's updates shows the level, not the dip.)
        """
        per = self.excess[1:].reshape(self.epochs, self.steps_per_epoch, -1)
        return _ro(per.mean(axis=(1, 2)))


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
    if x.ndim != 1 or x.shape != y.shape or x.size < 2:
        v.fail("x and y", "1-d arrays of the same length (at least 2)", {"x": x.shape, "y": y.shape}, ValueError)
    n = x.size
    batch_size = v.count("batch_size", batch_size, minimum=1, maximum=n)
    epochs = v.count("epochs", epochs, minimum=1)
    runs = _runs(runs)
    per_epoch_ = n // batch_size
    steps = per_epoch_ * epochs
    if (steps + 1) * runs * 2 > v.MAX_VALUES:
        v.fail("epochs x runs", f"at most {v.MAX_VALUES:,} values", {"epochs": epochs, "runs": runs})
    lr = np.asarray(rates(learning_rate, steps, np.float64))
    if lr.ndim != 1:
        v.fail("learning_rate", "one rate per update (not a batch)", learning_rate, TypeError)
    design = np.stack([x, np.ones(n)], axis=1)
    best = np.linalg.lstsq(design, y, rcond=None)[0]

    def mse(p):
        r = y[None, :] - (p[:, :1] * x[None, :] + p[:, 1:])
        return (r * r).mean(axis=1)

    min_loss = float(mse(best[None, :])[0])
    rng = np.random.default_rng(seed)
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
    return LineFit(_ro(params), _ro(excess), _ro(lr), _ro(best), min_loss, batch_size, per_epoch_, epochs)


# ---------------------------------------------------------------- the noise explorer's view model


@dataclass(frozen=True)
class NoiseFrames:
    r"""Everything the noise explorer draws, for every position of its two knobs (rate η, noise σ).

    Knobs: ``learning_rates`` (η, constant) and ``noises`` (σ). For knob position ``(i, j)``:
    ``faint[i, j]`` holds the loss of ``shown`` seeded runs after each update (drawn faintly),
    ``mean[i, j]`` the mean loss over all ``runs`` runs, ``floor[i, j]`` the theoretical floor
    :func:`lrlab.noise_floor` (a horizontal line). Every buffer is float32, computed once, so the browser
    only draws. The loss axis is a true log axis; losses that are exactly 0 are left out when drawn.
    """

    learning_rates: np.ndarray
    noises: np.ndarray
    steps: int
    runs: int
    shown: int
    seed: Any
    w0: float
    faint: np.ndarray  # (n_rate, n_noise, shown, steps + 1) float32
    mean: np.ndarray  # (n_rate, n_noise, steps + 1) float32
    floor: np.ndarray  # (n_rate, n_noise) float32
    loss_text: str

    def index(self, learning_rate: float, noise: float) -> tuple[int, int]:
        """The knob position ``(i, j)`` of a rate and a noise level that are among the knob values."""
        eta = _float("learning_rate", learning_rate, v.positive)
        sigma = _float("noise", noise, v.positive)
        i = np.flatnonzero(np.isclose(self.learning_rates, eta, rtol=1e-12, atol=0))
        j = np.flatnonzero(np.isclose(self.noises, sigma, rtol=1e-12, atol=0))
        if not i.size:
            v.fail("learning_rate", f"one of the knob's rates {self.learning_rates.tolist()}", learning_rate)
        if not j.size:
            v.fail("noise", f"one of the knob's noise levels {self.noises.tolist()}", noise)
        return int(i[0]), int(j[0])

    def caption(self, i: int, j: int) -> str:
        """What the picture for knob position ``(i, j)`` shows, with σ, η, horizon and seed count."""
        return (
            f"η = {self.learning_rates[i]:g}, σ = {self.noises[j]:g} on {self.loss_text}: "
            f"{self.shown} of {self.runs} seeded runs (faint), their mean, and the floor "
            f"ησ²/(2(2 − ηf″)) = {self.floor[i, j]:.4g}; T = {self.steps} updates"
        )

    def axes(self):
        """The (step axis, loss axis) shared by every frame: a fixed true log axis holding every floor."""
        from . import i18n
        from .view import log_axis, step_axis

        with np.errstate(divide="ignore"):
            top = max(float(np.nanmax(self.mean)), float(np.max(self.floor)))
        lo = math.floor(math.log10(float(np.min(self.floor)))) - 2
        hi = math.ceil(math.log10(top))
        return step_axis(self.steps), log_axis(lo, hi, i18n.text("fig.noise.loss_axis"))

    def buffers(self) -> dict[str, bytes]:
        """The float32 buffers as bytes (C order), as the browser receives them."""
        return {
            name: np.ascontiguousarray(getattr(self, name), dtype=np.float32).tobytes()
            for name in ("faint", "mean", "floor")
        }


#: The noise explorer's knob values: constant rates (all below the bounce rate 1 of (w + 1)²) and noise levels σ.
KNOB_RATES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9)
KNOB_NOISES = (0.25, 0.5, 1.0, 2.0, 4.0)


def noise_frames(
    learning_rates: Any = KNOB_RATES,
    noises: Any = KNOB_NOISES,
    *,
    steps: int = 200,
    runs: int = 200,
    shown: int = 20,
    w0: float = 5.0,
    loss: Quadratic | None = None,
    seed: int = 0,
) -> NoiseFrames:
    """Precompute :class:`NoiseFrames` for every (rate, noise) pair in one batch of seeded runs.

    >>> fr = noise_frames((0.1, 0.2), (1.0,), steps=20, runs=10, shown=3)
    >>> fr.faint.shape, fr.mean.dtype.name
    ((2, 1, 3, 21), 'float32')
    """
    loss = _quadratic(loss)
    eta = v.positive("learning_rates", learning_rates)
    sigma = v.positive("noises", noises)
    if eta.ndim != 1 or sigma.ndim != 1:
        v.fail(
            "learning_rates and noises",
            "1-d lists of knob values",
            {"learning_rates": learning_rates, "noises": noises},
            TypeError,
        )
    if not np.all(eta < loss.bounce_rate):
        v.fail("learning_rates", f"rates below the bounce rate 2/f″ = {loss.bounce_rate:g}", learning_rates)
    runs = _runs(runs)
    shown = v.count("shown", shown, minimum=1, maximum=runs)
    start = _float("w0", w0)
    t = descend(
        eta[:, None, None], w0=np.full(runs, start), steps=steps, loss=loss, noise=sigma[None, :, None], seed=seed
    )
    with np.errstate(all="ignore"):
        loss_values = np.asarray(t.loss, dtype=np.float64)  # (steps + 1, n_rate, n_noise, runs)
    faint = np.moveaxis(loss_values[..., :shown], 0, -1).astype(np.float32)
    mean = np.moveaxis(loss_values.mean(axis=-1), 0, -1).astype(np.float32)
    floor = np.asarray(noise_floor(eta[:, None], sigma[None, :], loss), dtype=np.float32)
    return NoiseFrames(
        _ro(eta), _ro(sigma), t.steps, runs, shown, seed, start, _ro(faint), _ro(mean), _ro(floor), str(loss)
    )
