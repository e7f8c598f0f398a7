"""Interactive explorers, drawn in the browser (anywidget) from runs lrlab precomputes.

Each explorer asks lrlab, in one vectorised call, for every run its knobs can reach (every learning rate;
every initial rate × decay rate for the current decay steps and staircase; the row and column of the
outcome map through the selected point) and sends them to the browser as float32 buffers, with the view
model of :mod:`lrlab.view` (axis spans, ticks, texts, colours, legend). The browser
(``static/explorer.js``) only picks a frame and paints it: no knob waits for the kernel. A knob that
needs new numbers (decay steps, staircase, a jump to a far point of the map) is answered by the kernel
with one vectorised call.

The position of every knob is kept in sync with Python (``index``, ``step``, …), so code can read it,
and setting it from Python moves the view. ``figure()`` gives the same picture as a static matplotlib
figure (for ``lrlab.plotting.picture``).

All visible texts come from the catalogue of :mod:`lrlab.i18n` in the language current when the explorer is
made (:func:`lrlab.set_language`; English: :data:`LABELS`), and can be replaced with ``labels={...}``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import anywidget
import numpy as np
import traitlets

from . import _validation as v
from . import i18n, view
from .descent import Trajectory, descend
from .losses import SEED_LOSS
from .schedules import exponential_decay
from .theory import frozen_limit, regime
from .view import COLORS, LABELS, OUTCOME_COLORS

__all__ = ["LABELS", "MAX_STATE_BYTES", "DecayExplorer", "LearningRateExplorer", "ScheduleMap", "rate_options"]

STATIC = Path(__file__).with_name("static")

#: Most bytes of precomputed data one explorer may send to the browser.
MAX_STATE_BYTES = 2_000_000


def rate_options(lo: float, hi: float, exact=(), per_decade: int = 40) -> list[float]:
    """Learning rates for a slider: ``per_decade`` log-spaced values from ``lo`` to ``hi``, plus the
    ``exact`` ones (so a preset such as 0.5 is reached exactly, not as 0.501).

    Grid values are rounded to 4 significant digits (never to a number of decimals: a tiny range keeps its
    values), so the rate a student reads on the slider is exactly the rate lrlab runs.
    """
    k = np.arange(math.ceil(math.log10(lo) * per_decade - 1e-9), math.floor(math.log10(hi) * per_decade + 1e-9) + 1)
    grid = {float(f"{x:.4g}") for x in 10.0 ** (k / per_decade)}
    grid = {x for x in grid if lo <= x <= hi} | {float(x) for x in exact if lo <= x <= hi} | {float(lo), float(hi)}
    return sorted(grid)


def _index(options, value) -> int:
    return int(np.argmin(np.abs(np.log(np.asarray(options)) - math.log(value))))


def _budget(nbytes: int, name: str, value, what: str):
    if nbytes > MAX_STATE_BYTES:
        v.fail(
            name,
            f"small enough for the explorer's {MAX_STATE_BYTES / 1e6:g} MB of browser data ({what} "
            f"would need {nbytes / 1e6:.1f} MB)",
            value,
        )


def _stored(nbytes: int) -> int:
    """Size of a binary buffer once base64-encoded in a saved notebook."""
    return 4 * math.ceil(nbytes / 3)


def _f32(values) -> bytes:
    return np.ascontiguousarray(values, dtype=np.float32).tobytes()


def _loss(loss):
    loss = SEED_LOSS if loss is None else loss
    if not hasattr(loss, "centre") or not callable(getattr(loss, "value", None)):
        v.fail("loss", "an lrlab.Quadratic", loss, TypeError)
    return loss


class _Explorer(anywidget.AnyWidget):
    """What every explorer shares: the renderer, its texts and colours, Play's step."""

    _esm = STATIC / "explorer.js"
    _css = STATIC / "explorer.css"

    kind = traitlets.Unicode().tag(sync=True)
    labels = traitlets.Dict().tag(sync=True)
    legend = traitlets.List(traitlets.Any()).tag(sync=True)
    colors = traitlets.Dict().tag(sync=True)
    #: the parabola panel's drawing order, bottom to top (lrlab.view.PARABOLA_LAYERS)
    layers = traitlets.List(traitlets.Unicode(), default_value=list(view.PARABOLA_LAYERS)).tag(sync=True)
    description = traitlets.Unicode().tag(sync=True)
    axes = traitlets.Dict().tag(sync=True)
    steps = traitlets.Int(40).tag(sync=True)
    step = traitlets.Int(0).tag(sync=True)
    interval = traitlets.Int(150).tag(sync=True)
    a = traitlets.Float(1.0).tag(sync=True)
    centre = traitlets.Float(-1.0).tag(sync=True)

    def state_bytes(self) -> int:
        """How many bytes of state the explorer has as a notebook stores it: each binary buffer base64-encoded
        (4/3 of its size), plus the JSON of the other traits (the renderer's own code aside)."""
        import json

        state = self.get_state()
        total = 0
        for key, value in state.items():
            if isinstance(value, (bytes, memoryview)):
                total += _stored(len(value))
            elif not key.startswith("_"):
                total += len(json.dumps(value, default=str).encode())
        return total

    @traitlets.validate("step")
    def _clamp_step(self, proposal):
        value = proposal["value"]
        if not 0 <= value <= self.steps:
            v.fail("step", f"an int between 0 and {self.steps}", value)
        return value

    def __init__(self, **kwargs):
        self._language = i18n.get_language()
        super().__init__(**kwargs)

    def _num(self, x) -> str:
        """A value of w or the loss as the readouts print it, in the explorer's language."""
        return view.number(x, self.labels.get("overflow"))

    def _repr_text(self) -> str:  # pragma: no cover - replaced by each explorer
        return type(self).__name__

    def __repr__(self) -> str:
        return self._repr_text()

    def close(self):
        super().close()


class LearningRateExplorer(_Explorer):
    """Drag the learning rate; watch ``w`` step down the parabola (or bounce, or run away).

    Knobs: the learning rate (log scale, with exact presets), the step (with Play). ``index`` and
    ``step`` hold their positions; ``learning_rate`` and ``trajectory`` the run on show.
    """

    PRESETS = (0.0001, 0.2, 0.5, 0.8, 1.0, 1.05)

    rates = traitlets.List(traitlets.Float()).tag(sync=True)
    rate_texts = traitlets.List(traitlets.Unicode()).tag(sync=True)
    presets = traitlets.List(traitlets.Int()).tag(sync=True)
    regimes = traitlets.List(traitlets.Unicode()).tag(sync=True)
    index = traitlets.Int(0).tag(sync=True)
    w = traitlets.Bytes().tag(sync=True)
    parabola_axis = traitlets.Bytes().tag(sync=True)
    distance_axis = traitlets.Bytes().tag(sync=True)
    diverged_at = traitlets.Bytes().tag(sync=True)
    exact_at = traitlets.Bytes().tag(sync=True)

    def __init__(
        self, learning_rate=0.2, *, w0=5.0, steps=40, loss=None, lr_range=(1e-4, 2.0), labels=None, interval=150
    ):
        L = view.check_labels(labels)
        lr = float(v.positive("learning_rate", learning_rate))
        if not isinstance(lr_range, (tuple, list)) or len(lr_range) != 2:
            v.fail("lr_range", "a pair (low, high)", lr_range, TypeError)
        lo, hi = (float(x) for x in v.positive("lr_range", lr_range))
        if not lo < hi:
            v.fail("lr_range", "(low, high) with low < high", lr_range)
        if not lo <= lr <= hi:
            v.fail("learning_rate", f"inside lr_range={tuple(lr_range)!r} (widen lr_range to reach it)", learning_rate)
        steps = v.count("steps", steps, minimum=1, maximum=10_000)
        interval = v.count("interval", interval, minimum=10, maximum=10_000)
        w0 = float(v.finite("w0", w0))
        loss = _loss(loss)
        rates = rate_options(lo, hi, (*self.PRESETS, lr))
        _budget(_stored(len(rates) * (steps + 1) * 4), "steps", steps, f"{len(rates)} rates × {steps + 1} values")
        batch = descend(np.array(rates), w0=w0, steps=steps, loss=loss)  # every rate in one call
        self._batch, self.w0, self.loss = batch, w0, loss
        p_axes, p_index = view.parabola_axes(batch.w, loss, L)
        d_axes, d_index = view.distance_axes(batch.w, loss, labels=L)
        names = [L["regime:" + regime(r, loss)] if hasattr(loss, "one_step_rate") else "" for r in rates]
        super().__init__(
            kind="rate",
            labels=L,
            colors=COLORS,
            steps=steps,
            interval=interval,
            a=view._a(loss),
            centre=float(loss.centre),
            description=view.fill(L["canvas_rate"], loss=view.loss_text(loss)),
            legend=[e.to_json() for e in view.legend(L, exact=True)],  # the browser lists "exact" when shown
            axes={
                "parabola": [[x.to_json(), y.to_json()] for x, y in p_axes],
                "distance": [a.to_json() for a in d_axes],
                "step": view.step_axis(steps, L).to_json(),
            },
            rates=rates,
            rate_texts=[view.rate_text(r) for r in rates],
            presets=[rates.index(p) for p in self.PRESETS if lo <= p <= hi],
            regimes=names,
            index=rates.index(lr),
            w=_f32(batch.w.T),
            parabola_axis=p_index.tobytes(),
            distance_axis=d_index.tobytes(),
            diverged_at=np.asarray(batch.diverged_at, dtype=np.int32).tobytes(),
            exact_at=np.asarray(view.first_exact(batch.w, loss), dtype=np.int32).tobytes(),
        )
        self._p_axes, self._p_index, self._d_axes, self._d_index = p_axes, p_index, d_axes, d_index

    @traitlets.validate("index")
    def _check_index(self, proposal):
        value = proposal["value"]
        if not 0 <= value < len(self.rates):
            v.fail("index", f"an int between 0 and {len(self.rates) - 1}", value)
        return value

    @property
    def learning_rate(self) -> float:
        return self.rates[self.index]

    @property
    def trajectory(self) -> Trajectory:
        """The run on show (computed again on its own; equal to the precomputed one)."""
        return descend(self.learning_rate, w0=self.w0, steps=self.steps, loss=self.loss)

    @property
    def w_now(self) -> float:
        return float(self._batch.w[self.step, self.index])

    def axes_for(self, index: int | None = None):
        """The view model's ((x, y) parabola axes, distance axis) of the run at ``index``."""
        i = self.index if index is None else index
        return self._p_axes[self._p_index[i]], self._d_axes[self._d_index[i]]

    def readout(self) -> str:
        """The readout text the browser shows for the current position."""
        L, k = self.labels, self.step
        w = float(self._batch.w[k, self.index])
        loss = float(self._batch.loss[k, self.index])
        return (
            view.fill(L["readout"], step=k, w=self._num(w), loss=self._num(loss))
            + " · "
            + view.fill(L["rate_now"], rate=self.rate_texts[self.index])
            + " · "
            + view.fill(L["regime"], name=self.regimes[self.index])
        )

    def figure(self):
        """The picture on show, as a static matplotlib figure (same axes, texts and colours)."""
        from .plotting import descent_figure

        return descent_figure(self.trajectory, step=self.step, labels=_overrides(self.labels))

    def _repr_text(self) -> str:
        end = self._num(float(self._batch.w[-1, self.index]))
        name = self.regimes[self.index]
        return i18n.text_in(
            self._language,
            "widget.text_rate_named" if name else "widget.text_rate",
            rate=self.rate_texts[self.index],
            loss=view.loss_text(self.loss),
            w0=f"{self.w0:g}",
            end=end,
            steps=self.steps,
            name=name,
            low=self.rate_texts[0],
            high=self.rate_texts[-1],
        )


def _overrides(labels: dict) -> dict:
    """The explorer's texts that differ from the current language's defaults (its own language's texts, if the
    language changed since it was made, and any ``labels=`` it was given)."""
    base = view.default_labels()
    return {k: t for k, t in labels.items() if base.get(k) != t}


class DecayExplorer(_Explorer):
    """Initial rate, decay rate, decay steps and staircase: ``w`` on the parabola, beside the learning
    rate per step and the distance to the minimum per step, with the constant-rate run as a grey ghost.

    Every initial rate × decay rate is precomputed for the current decay steps and staircase; changing
    those two asks the kernel for the new plane (one vectorised call).
    """

    PRESETS = (0.1, 0.2, 0.5, 0.9, 1.0, 1.5)

    rates = traitlets.List(traitlets.Float()).tag(sync=True)
    rate_texts = traitlets.List(traitlets.Unicode()).tag(sync=True)
    decay_rates = traitlets.List(traitlets.Float()).tag(sync=True)
    decay_texts = traitlets.List(traitlets.Unicode()).tag(sync=True)
    decay_steps_options = traitlets.List(traitlets.Any()).tag(sync=True)
    index = traitlets.Int(0).tag(sync=True)
    decay_index = traitlets.Int(0).tag(sync=True)
    decay_steps_index = traitlets.Int(0).tag(sync=True)
    staircase = traitlets.Bool(False).tag(sync=True)
    plane_key = traitlets.List(traitlets.Any()).tag(sync=True)
    w = traitlets.Bytes().tag(sync=True)
    ghost_w = traitlets.Bytes().tag(sync=True)
    factors = traitlets.Bytes().tag(sync=True)
    parabola_axis = traitlets.Bytes().tag(sync=True)
    distance_axis = traitlets.Bytes().tag(sync=True)
    rate_axis = traitlets.Bytes().tag(sync=True)
    diverged_at = traitlets.Bytes().tag(sync=True)
    exact_at = traitlets.Bytes().tag(sync=True)
    limit = traitlets.List(traitlets.Any()).tag(sync=True)
    # every decay steps × staircase run at the current (initial rate, decay rate): those two knobs answer at once
    sline_key = traitlets.List(traitlets.Any()).tag(sync=True)
    sline_w = traitlets.Bytes().tag(sync=True)
    sline_factors = traitlets.Bytes().tag(sync=True)
    sline_axes = traitlets.Dict().tag(sync=True)
    sline_parabola_axis = traitlets.Bytes().tag(sync=True)
    sline_distance_axis = traitlets.Bytes().tag(sync=True)
    sline_diverged_at = traitlets.Bytes().tag(sync=True)
    sline_exact_at = traitlets.Bytes().tag(sync=True)

    def __init__(
        self,
        learning_rate=0.9,
        decay_rate=0.9,
        decay_steps=1,
        staircase=False,
        *,
        w0=5.0,
        steps=40,
        loss=None,
        labels=None,
        interval=150,
    ):
        L = view.check_labels(labels)
        sched: Any = exponential_decay(learning_rate, decay_steps, decay_rate, staircase)  # validates all four
        if sched.batch_shape:
            v.fail("learning_rate, decay_steps and decay_rate", "single numbers", sched, TypeError)
        if not sched.learning_rate > 0:
            v.fail("learning_rate", "> 0 for an explorer", learning_rate)
        steps = v.count("steps", steps, minimum=1, maximum=1_000)
        interval = v.count("interval", interval, minimum=10, maximum=10_000)
        self.w0 = float(v.finite("w0", w0))
        self.loss = loss = _loss(loss)
        lr = sched.learning_rate
        # every legal value is offered: the slider's range widens to hold it
        # the finest grid of initial rate × decay rate whose runs fit the browser budget (40 steps: the finest)
        s_options = sorted({float(s) for s in range(1, 21)} | {float(sched.decay_steps)})
        s_options = [int(s) if s == int(s) else s for s in s_options]
        line_bytes = len(s_options) * 2 * (2 * steps + 1) * 4
        for per_decade, per_unit in ((20, 200), (10, 100), (5, 40), (3, 20)):
            rates = rate_options(min(1e-3, lr), max(2.0, lr), (*self.PRESETS, lr), per_decade=per_decade)
            decays = sorted(
                {round(x, 10) for x in np.arange(per_unit // 2, per_unit + 1) / per_unit} | {float(sched.decay_rate)}
            )
            if _stored(len(rates) * (len(decays) + 1) * (steps + 1) * 4 + line_bytes) <= 0.9 * MAX_STATE_BYTES:
                break
        _budget(
            _stored(len(rates) * (len(decays) + 1) * (steps + 1) * 4 + line_bytes),
            "steps",
            steps,
            f"{len(rates)} × {len(decays)} runs of {steps + 1} values",
        )
        self._L = L
        super().__init__(
            kind="decay",
            labels=L,
            colors=COLORS,
            steps=steps,
            interval=interval,
            a=view._a(loss),
            centre=float(loss.centre),
            description=view.fill(L["canvas_decay"], loss=view.loss_text(loss)),
            legend=[e.to_json() for e in view.legend(L, ghost=True, exact=True, rate=True)],
            rates=rates,
            rate_texts=[view.rate_text(r) for r in rates],
            decay_rates=decays,
            decay_texts=[f"{d:g}" for d in decays],
            decay_steps_options=s_options,
            index=rates.index(lr),
            decay_index=decays.index(float(sched.decay_rate)),
            decay_steps_index=s_options.index(sched.decay_steps),
            staircase=sched.staircase,
        )
        self._ghost = descend(np.array(rates), w0=self.w0, steps=steps, loss=loss)
        self.ghost_w = _f32(self._ghost.w.T)
        self._compute_plane()
        self._compute_sline()
        self._compute_limit()
        self.observe(self._on_plane_knob, names=["decay_steps_index", "staircase"])
        self.observe(self._on_point, names=["index", "decay_index"])

    # -- the numbers

    @property
    def learning_rate(self) -> float:
        return self.rates[self.index]

    @property
    def decay_rate(self) -> float:
        return self.decay_rates[self.decay_index]

    @property
    def decay_steps(self):
        return self.decay_steps_options[self.decay_steps_index]

    @property
    def schedule(self):
        return exponential_decay(self.learning_rate, self.decay_steps, self.decay_rate, self.staircase)

    @property
    def trajectory(self) -> Trajectory:
        return descend(self.schedule, w0=self.w0, steps=self.steps, loss=self.loss)

    @property
    def ghost(self) -> Trajectory:
        return descend(self.learning_rate, w0=self.w0, steps=self.steps, loss=self.loss)

    def _compute_plane(self):
        L, loss, steps = self._L, self.loss, self.steps
        rates, decays = np.array(self.rates), np.array(self.decay_rates)
        s, stair = self.decay_steps, self.staircase
        sched = exponential_decay(rates[:, None], s, decays[None, :], staircase=stair)
        plane = descend(sched, w0=self.w0, steps=steps, loss=loss)  # every rate × decay rate in one call
        k = np.arange(steps)
        factors = exponential_decay(1.0, s, decays[:, None], staircase=stair)(k[None, :], dtype=np.float32)
        w = plane.w.reshape(steps + 1, -1)
        p_axes, p_index = view.parabola_axes(w, loss, L)
        ghost = np.repeat(self._ghost.w, len(decays), axis=1)
        d_axes, d_index = view.distance_axes(w, loss, ghost, L)
        r_axes, r_index = view.rate_axes(rates, L)
        self._plane = plane
        self._axes = (p_axes, p_index, d_axes, d_index, r_axes, r_index)
        with self.hold_sync():
            self.axes = {
                "parabola": [[x.to_json(), y.to_json()] for x, y in p_axes],
                "distance": [a.to_json() for a in d_axes],
                "rate": [a.to_json() for a in r_axes],
                "step": view.step_axis(steps, L).to_json(),
            }
            self.w = _f32(np.moveaxis(plane.w, 0, -1))
            self.factors = _f32(factors)
            self.parabola_axis, self.distance_axis = p_index.tobytes(), d_index.tobytes()
            self.rate_axis = r_index.tobytes()
            self.diverged_at = np.asarray(plane.diverged_at, dtype=np.int32).reshape(-1).tobytes()
            self.exact_at = np.asarray(view.first_exact(plane.w, loss), dtype=np.int32).reshape(-1).tobytes()
            self.plane_key = [self.decay_steps_index, self.staircase]

    def _compute_sline(self):
        """Every decay steps option × staircase (False, True) at the current initial rate and decay rate."""
        L, loss, steps = self._L, self.loss, self.steps
        s_opts = np.array(self.decay_steps_options, dtype=np.float64)
        eta, gamma = self.learning_rate, self.decay_rate
        runs, factors = [], []
        k = np.arange(steps)
        for stair in (False, True):
            sched = exponential_decay(eta, s_opts, gamma, staircase=stair)
            runs.append(descend(sched, w0=self.w0, steps=steps, loss=loss).w)  # (steps+1, n_s)
            factors.append(
                exponential_decay(1.0, s_opts[:, None], gamma, staircase=stair)(k[None, :], dtype=np.float32)
            )
        w = np.stack(runs, axis=2)  # (steps+1, n_s, 2)
        flat = w.reshape(steps + 1, -1)
        p_axes, p_index = view.parabola_axes(flat, loss, L)
        ghost = np.repeat(self._ghost.w[:, [self.index]], flat.shape[1], axis=1)
        d_axes, d_index = view.distance_axes(flat, loss, ghost, L)
        with np.errstate(all="ignore"):
            bad = ~(np.isfinite(flat) & np.isfinite(np.asarray(loss.value(flat))))
        diverged = np.where(bad.any(axis=0), bad.argmax(axis=0), -1)
        with self.hold_sync():
            self.sline_axes = {
                "parabola": [[x.to_json(), y.to_json()] for x, y in p_axes],
                "distance": [a.to_json() for a in d_axes],
            }
            self.sline_w = _f32(np.moveaxis(w, 0, -1))  # (n_s, 2, steps+1)
            self.sline_factors = _f32(np.stack(factors, axis=1))  # (n_s, 2, steps)
            self.sline_parabola_axis, self.sline_distance_axis = p_index.tobytes(), d_index.tobytes()
            self.sline_diverged_at = diverged.astype(np.int32).tobytes()
            self.sline_exact_at = np.asarray(view.first_exact(flat, loss), dtype=np.int32).tobytes()
            self.sline_key = [self.index, self.decay_index]

    def _limit_value(self):
        """Where w would stop if the run went on forever (None if it does not stop at a finite point)."""
        sched: Any = self.schedule
        if not sched.decay_rate < 1 or not hasattr(self.loss, "one_step_rate"):
            return None
        with np.errstate(all="ignore"):
            try:
                limit = frozen_limit(sched, w0=self.w0, loss=self.loss)
            except ValueError:
                return None
        return limit if math.isfinite(limit) and abs(limit) < 1e12 else None

    def _compute_limit(self):
        limit = self._limit_value()
        self.limit = [
            self.index,
            self.decay_index,
            self.decay_steps_index,
            self.staircase,
            "" if limit is None else f"{limit:.3f}",
        ]

    def _on_plane_knob(self, change):
        self._compute_plane()
        self._compute_limit()

    def _on_point(self, change):
        self._compute_sline()
        self._compute_limit()

    @traitlets.validate("index", "decay_index", "decay_steps_index")
    def _check_indices(self, proposal):
        value, name = proposal["value"], proposal["trait"].name
        options: list = self.decay_steps_options
        if name == "index":
            options = self.rates
        elif name == "decay_index":
            options = self.decay_rates
        if not 0 <= value < len(options):
            v.fail(name, f"an int between 0 and {len(options) - 1}", value)
        return value

    def axes_for(self):
        p_axes, p_index, d_axes, d_index, r_axes, r_index = self._axes
        r = self.index * len(self.decay_rates) + self.decay_index
        return p_axes[p_index[r]], r_axes[r_index[self.index]], d_axes[d_index[r]]

    def run_now(self) -> np.ndarray:
        """The precomputed w of the run on show (what the browser draws)."""
        return np.asarray(self._plane.w[:, self.index, self.decay_index])

    def readout(self) -> str:
        L, k = self.labels, self.step
        w = float(self._plane.w[k, self.index, self.decay_index])
        loss = float(self._plane.loss[k, self.index, self.decay_index])
        rate = float(self._plane.lr[min(k, self.steps - 1), self.index, self.decay_index])
        parts = [
            view.fill(L["readout"], step=k, w=self._num(w), loss=self._num(loss)),
            view.fill(L["rate_used"], rate=self._num(rate)),
        ]
        if self.limit and self.limit[4]:
            parts.append(view.fill(L["limit"], limit=self.limit[4]))
        return " · ".join(parts)

    def figure(self):
        from .plotting import decay_figure

        return decay_figure(
            self.trajectory, step=self.step, ghost=self.ghost, staircase=self.staircase, labels=_overrides(self.labels)
        )

    def _repr_text(self) -> str:
        t = self._plane.w[:, self.index, self.decay_index]
        return i18n.text_in(
            self._language,
            "widget.text_decay_staircase" if self.staircase else "widget.text_decay",
            rate=self.rate_texts[self.index],
            decay=self.decay_texts[self.decay_index],
            s=self.decay_steps,
            loss=view.loss_text(self.loss),
            w0=f"{self.w0:g}",
            end=self._num(float(t[-1])),
            steps=self.steps,
        )


class ScheduleMap(_Explorer):
    """A map of outcomes over initial rate × decay rate; pick a point (sliders or a click) to see its run.

    The map (every outcome and final w) is in the browser; so are the runs of the selected row and column,
    so moving one slider never waits; after each move the kernel sends the new row and column.
    """

    learning_rates = traitlets.List(traitlets.Float()).tag(sync=True)
    decay_rates = traitlets.List(traitlets.Float()).tag(sync=True)
    rate_texts = traitlets.List(traitlets.Unicode()).tag(sync=True)
    decay_texts = traitlets.List(traitlets.Unicode()).tag(sync=True)
    outcome_names = traitlets.List(traitlets.Unicode()).tag(sync=True)
    outcome_colors = traitlets.Dict().tag(sync=True)
    title = traitlets.Unicode().tag(sync=True)
    codes = traitlets.Bytes().tag(sync=True)
    final_w = traitlets.Bytes().tag(sync=True)
    i = traitlets.Int(0).tag(sync=True)
    j = traitlets.Int(0).tag(sync=True)
    cross = traitlets.List(traitlets.Any()).tag(sync=True)
    col_w = traitlets.Bytes().tag(sync=True)
    row_w = traitlets.Bytes().tag(sync=True)
    col_axis = traitlets.Bytes().tag(sync=True)
    row_axis = traitlets.Bytes().tag(sync=True)
    w_axes = traitlets.List(traitlets.Any()).tag(sync=True)

    def __init__(
        self,
        learning_rates=None,
        decay_rates=None,
        *,
        decay_steps=1,
        staircase=False,
        w0=5.0,
        steps=100,
        tol=1e-3,
        labels=None,
    ):
        from .outcomes import LAB_DECAY_RATES, LAB_RATES, OUTCOMES, outcome_map

        L = view.check_labels(labels)
        lrs = LAB_RATES if learning_rates is None else learning_rates
        drs = LAB_DECAY_RATES if decay_rates is None else decay_rates
        steps = v.count("steps", steps, minimum=1, maximum=10_000)
        lr_arr, dr_arr = (
            np.atleast_1d(v.positive("learning_rates", lrs)),
            np.atleast_1d(v.in_unit_interval("decay_rates", drs)),
        )
        for name, arr in (("learning_rates", lr_arr), ("decay_rates", dr_arr)):
            if arr.ndim != 1 or arr.size < 2 or not np.all(np.diff(arr) > 0):
                v.fail(name, "at least 2 increasing values", arr)
        _budget(
            _stored(lr_arr.size * dr_arr.size * 5 + (lr_arr.size + dr_arr.size) * (steps + 1) * 4),
            "steps",
            steps,
            f"a {lr_arr.size} × {dr_arr.size} map with runs of {steps + 1} values",
        )
        m = outcome_map(lr_arr, dr_arr, decay_steps=decay_steps, staircase=staircase, w0=w0, steps=steps, tol=tol)
        self.map, self._L = m, L
        x_axis, y_axis = view.map_axes(m.learning_rates, m.decay_rates, L)
        lr, dr = m.learning_rates, m.decay_rates
        x_edges = np.concatenate([[x_axis.lo], (dr[1:] + dr[:-1]) / 2, [x_axis.hi]])
        y_edges = np.concatenate([[y_axis.lo], np.sqrt(lr[1:] * lr[:-1]), [y_axis.hi]])
        i0, j0 = m.nearest(0.3, 0.9) if lr[0] <= 0.3 <= lr[-1] and dr[0] <= 0.9 <= dr[-1] else (0, dr.size - 1)
        super().__init__(
            kind="map",
            labels=L,
            colors=COLORS,
            steps=steps,
            a=view._a(m.loss),
            centre=float(m.loss.centre),
            description=L["canvas_map"],
            title=view.fill(L["map_title"], T=steps, tol=f"{m.tol:g}"),
            legend=[{"label": L["outcome:" + o], "color": OUTCOME_COLORS[o], "marker": "square"} for o in OUTCOMES]
            + [{"label": L["selected"], "color": "#000000", "marker": "x"}],
            outcome_names=list(OUTCOMES),
            outcome_colors={o: OUTCOME_COLORS[o] for o in OUTCOMES},
            learning_rates=[float(x) for x in lr],
            decay_rates=[float(x) for x in dr],
            rate_texts=[f"{x:.4g}" for x in lr],
            decay_texts=[f"{x:.4g}" for x in dr],
            axes={
                "map_x": x_axis.to_json(),
                "map_y": y_axis.to_json(),
                "x_edges": x_edges.tolist(),
                "y_edges": y_edges.tolist(),
                "step": view.step_axis(steps, L).to_json(),
            },
            codes=np.ascontiguousarray(m.codes, dtype=np.uint8).tobytes(),
            final_w=_f32(m.final_w),
            i=i0,
            j=j0,
        )
        self._compute_cross()
        self.observe(self._on_pick, names=["i", "j"])

    def _runs(self, lrs, drs):
        sched = exponential_decay(lrs, self.map.decay_steps, drs, staircase=self.map.staircase)
        return descend(sched, w0=self.map.w0, steps=self.steps, loss=self.map.loss)

    def _compute_cross(self):
        m, i, j = self.map, self.i, self.j
        col = self._runs(m.learning_rates, float(m.decay_rates[j]))  # every initial rate at this decay rate
        row = self._runs(float(m.learning_rates[i]), m.decay_rates)  # every decay rate at this initial rate
        both = np.concatenate([col.w, row.w], axis=1)
        w_axes, index = view.w_axes(both, m.loss, self._L)
        n = m.learning_rates.size
        self._cross_runs = (col, row)
        self._w_axes, self._w_index = w_axes, index
        with self.hold_sync():
            self.w_axes = [a.to_json() for a in w_axes]
            self.col_w, self.row_w = _f32(col.w.T), _f32(row.w.T)
            self.col_axis, self.row_axis = index[:n].tobytes(), index[n:].tobytes()
            self.cross = [i, j]

    def _on_pick(self, change):
        self._compute_cross()

    @traitlets.validate("i", "j")
    def _check_ij(self, proposal):
        value, name = proposal["value"], proposal["trait"].name
        n = len(self.learning_rates if name == "i" else self.decay_rates)
        if not 0 <= value < n:
            v.fail(name, f"an int between 0 and {n - 1}", value)
        return value

    def select(self, learning_rate: float, decay_rate: float):
        """Move the selection to the grid point nearest these settings."""
        i, j = self.map.nearest(learning_rate, decay_rate)
        with self.hold_trait_notifications():
            self.i, self.j = i, j

    @property
    def trajectory(self) -> Trajectory:
        return self.map.trajectory(self.i, self.j)

    @property
    def outcome(self) -> str:
        return self.map.outcome(self.i, self.j)

    def w_axis(self):
        """The view model's y-axis of the w-per-step panel for the selected run."""
        return self._w_axes[self._w_index[self.i]]

    def readout(self) -> str:
        L, m = self.labels, self.map
        w = float(m.final_w[self.i, self.j])
        return (
            view.fill(L["selection"], rate=self.rate_texts[self.i], decay=self.decay_texts[self.j])
            + " · "
            + view.fill(L["final"], T=self.steps, w=self._num(w))
            + " · "
            + view.fill(L["outcome"], name=L["outcome:" + self.outcome])
        )

    def figure(self):
        """The map with the selected point, beside its w per step (a static matplotlib figure)."""
        from matplotlib.figure import Figure

        from .fonts import use_cjk
        from .plotting import draw_outcome_map, w_steps_panel

        fig = Figure(figsize=(11, 4.2), dpi=100, layout="constrained")
        ax_map, ax_run = fig.subplots(1, 2)
        _, marker = draw_outcome_map(ax_map, self.map, labels=_overrides(self.labels))
        marker.set_data([self.map.decay_rates[self.j]], [self.map.learning_rates[self.i]])
        w_steps_panel(ax_run, self.trajectory, labels=_overrides(self.labels))
        use_cjk(fig)
        return fig

    def _repr_text(self) -> str:
        lang = self._language
        counts = ("、" if lang == "zh" else ", ").join(
            i18n.text_in(lang, "widget.count", n=n, name=self.labels["outcome:" + o])
            for o, n in self.map.counts().items()
            if n
        )
        return i18n.text_in(
            lang,
            "widget.text_map",
            rates=len(self.learning_rates),
            decays=len(self.decay_rates),
            T=self.steps,
            tol=f"{self.map.tol:g}",
            counts=counts,
            selected=self.readout(),
        )
