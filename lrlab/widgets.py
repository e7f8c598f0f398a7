"""Interactive explorers, drawn and computed in the browser (anywidget).

Each explorer sends the browser its view model once (:mod:`lrlab.view`: the knob values and their texts, axis
tables, colours, texts, legend) and the position of every knob. The browser (``static/explorer.js``) computes
every run it draws with ``static/descent.js``, which does lrlab's float32 arithmetic bit for bit, so every knob
answers at once, with the kernel busy, dead, or absent (a static website, a viewer of the stored notebook).

The position of every knob is a trait (``index``, ``step``, …) kept in sync with the browser, so code can read
it, and setting it from Python moves the view. ``readout()`` is the text under the knobs, ``figure()`` the same
picture as a static matplotlib figure (for ``lrlab.plotting.picture``).

All visible texts come from the catalogue of :mod:`lrlab.i18n` in the language current when the explorer is
made (:func:`lrlab.set_language`; English: :data:`lrlab.view.LABELS`), and can be replaced with ``labels={...}``.

The explorers: :class:`LearningRateExplorer` (notebook 01), :class:`DecayExplorer` (02), :class:`ScheduleMap` (03),
:class:`NoiseExplorer` (04) and :class:`OptimizerExplorer` (05), all built on :class:`Explorer`.
"""

from __future__ import annotations

import functools
import json
import math
import re
from pathlib import Path
from typing import Any

import anywidget
import numpy as np
import traitlets

from . import checks as v
from . import i18n, view
from .descent import Trajectory, descend
from .losses import Quadratic, quadratic_loss
from .schedules import exponential_decay
from .theory import regime

__all__ = [
    "Chosen",
    "DecayExplorer",
    "Explorer",
    "LearningRateExplorer",
    "Listed",
    "MAX_STATE_BYTES",
    "NoiseExplorer",
    "OPTIMIZERS",
    "OptimizerExplorer",
    "ScheduleMap",
    "checked_loss",
    "optimizer_renderer",
    "rate_options",
    "renderer",
    "view_model",
]

STATIC = Path(__file__).with_name("static")

#: Most bytes of state one explorer may store in a notebook (its view model, base64 buffers included).
MAX_STATE_BYTES = 50_000
#: The rates and noise levels an explorer takes: float32's normal numbers (its runs, in Python and in the browser,
#: are float32's), from 1.2e-38 to 3.4e38.
FLOAT32_LIMITS = (float(np.finfo(np.float32).tiny), float(np.finfo(np.float32).max))
#: The largest |w0|, and |centre| of a loss, an explorer draws: float32, in which its runs are computed, resolves
#: 1/16 at 1e6, the finest step the parabola panel still shows apart.
MAX_POSITION = 1e6
#: The initial rates the decay and optimizer explorers take: their rate knob runs from 0.001 to 2, or on to the rate
#: given, and a wider knob would not fit the explorer's state budget.
KNOB_RATE_LIMITS = (1e-6, 1e3)

_IMPORT = re.compile(r'^import \{([^}]*)\} from "\./([\w-]+\.js)";\n', re.M)
_EXPORT = re.compile(r"^export (?=(?:async )?function |const |let |class )", re.M)


@functools.cache
def renderer() -> str:
    """``static/explorer.js`` as one ES module: each module it imports from ``static/`` (``import {a, b} from
    "./x.js";``) is put in its place, inside a function of its own so its private names stay private. (anywidget
    loads one module from a string; the browser and node import the files themselves.)"""
    return _inline((STATIC / "explorer.js").read_text(encoding="utf-8"))


def _inline(source: str) -> str:
    def module(match: re.Match) -> str:
        names = [n.strip() for n in match[1].split(",") if n.strip()]
        inner = (STATIC / match[2]).read_text(encoding="utf-8")
        if _IMPORT.search(inner) or re.search(r"^export (?!(?:async )?function |const |let |class )", inner, re.M):
            raise ValueError(f"static/{match[2]} must import nothing and export only functions and constants")
        body = _EXPORT.sub("", inner)
        return f"const {{ {', '.join(names)} }} = (() => {{\n{body}\nreturn {{ {', '.join(names)} }};\n}})();\n"

    return _IMPORT.sub(module, source)


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


def stored_bytes(nbytes: int) -> int:
    """Size of a binary buffer once base64-encoded in a saved notebook."""
    return 4 * math.ceil(nbytes / 3)


def option_index(name: str, options, value) -> int:
    """Position of ``value`` among the knob's ``options`` (a ValueError naming ``name`` if it is not one)."""
    for n, x in enumerate(options):
        if x == value:
            return n
    v.fail(name, f"one of {list(options)}", value)


def _axes_json(table) -> list:
    return [[a.to_json() for a in row] if isinstance(row, tuple) else row.to_json() for row in table]


class Listed:
    """An explorer attribute that is a list of its view model (the options of a knob, read as ``ex.rates``)."""

    def __init__(self, key: str):
        self.key = key

    def __get__(self, explorer, owner=None) -> Any:
        return self if explorer is None else explorer.view[self.key]


class Chosen:
    """An explorer attribute that is the option a knob trait points at (``ex.learning_rate``)."""

    def __init__(self, trait: str):
        self.trait = trait

    def __get__(self, explorer, owner=None) -> Any:
        if explorer is None:
            return self
        return explorer.view[explorer.KNOBS[self.trait]][getattr(explorer, self.trait)]


class Explorer(anywidget.AnyWidget):
    """What every explorer shares: the renderer, the view model, the check of knob positions, the size of its
    stored state, its text for readers with no browser renderer (``repr``)."""

    _css = STATIC / "explorer.css"

    kind = traitlets.Unicode().tag(sync=True)
    #: Everything the browser needs to draw every knob position (sent once): see :mod:`lrlab.view`.
    view = traitlets.Dict().tag(sync=True)

    #: knob trait → the name of the list of its options in ``view`` (positions are checked against it)
    KNOBS: dict[str, str] = {}

    def __init__(self, **kwargs):
        self._language = i18n.get_language()
        super().__init__(**kwargs)

    @property
    def _esm(self) -> str:
        """The renderer (anywidget makes it a synced trait when the explorer is made)."""
        return renderer()

    @traitlets.validate("index", "decay_index", "decay_steps_index", "i", "j", "noise_index", "seed_index", "step")
    def _check_position(self, proposal):
        value, name = proposal["value"], proposal["trait"].name
        top = self.steps if name == "step" else len(self.view[self.KNOBS[name]]) - 1
        if not 0 <= value <= top:
            v.fail(name, f"an int between 0 and {top}", value)
        return value

    @property
    def labels(self) -> dict:
        return self.view["labels"]

    @property
    def legend(self) -> list:
        return self.view["legend"]

    @property
    def steps(self) -> int:
        return self.view["steps"]

    def state_bytes(self) -> int:
        """How many bytes of state the explorer has as a notebook stores it: each binary buffer base64-encoded,
        plus the JSON of the other traits (the renderer's code and style aside)."""
        total = 0
        for key, value in self.get_state().items():
            if isinstance(value, (bytes, memoryview)):
                total += stored_bytes(len(value))
            elif not key.startswith("_"):
                total += len(json.dumps(value, ensure_ascii=False).encode())
        return total

    def _num(self, x, decimals: int = 6) -> str:
        """A number as the readouts print it, in the explorer's language."""
        return view.number(x, self.labels["overflow"], decimals)

    def _overrides(self) -> dict:
        """The explorer's texts that differ from the current language's defaults (its own language's texts, if
        the language changed since it was made, and any ``labels=`` it was given): what ``figure()`` passes on."""
        base = view.default_labels()
        return {k: t for k, t in self.labels.items() if base.get(k) != t}

    def _repr_text(self) -> str:  # pragma: no cover - every explorer has its own
        return type(self).__name__

    def __repr__(self) -> str:
        return self._repr_text()


def view_model(kind: str, labels: dict, loss: Quadratic, *, w0: float, steps: int, legend, description: str, **more):
    """The part of a view model every explorer has (each explorer adds its own parts as keyword arguments)."""
    return {
        "kind": kind,
        "labels": labels,
        "colors": view.COLORS,
        "legend": [e.to_json() for e in legend],
        "description": description,
        "loss": {"curvature": loss.curvature, "centre": loss.centre, "a": loss.a},
        "w0": w0,
        "steps": steps,
        **more,
    }


def checked_loss(loss) -> Quadratic:
    """``loss`` (an lrlab.Quadratic; None: the course's (w + 1)²) that an explorer can run and draw, or an error
    naming ``loss``."""
    if loss is not None and not isinstance(loss, Quadratic):
        v.fail("loss", "an lrlab.Quadratic", loss, TypeError)
    loss = quadratic_loss(loss)
    if abs(loss.centre) > MAX_POSITION:
        v.fail("loss", f"a loss whose centre is between {-MAX_POSITION:g} and {MAX_POSITION:g} for an explorer", loss)
    loss.check_fits(np.float32)
    return loss


def checked_start(w0) -> float:
    """``w0``: one number between -1e6 and 1e6 (:data:`MAX_POSITION`), or an error naming ``w0``."""
    return v.between("w0", w0, -MAX_POSITION, MAX_POSITION, " for an explorer")


def checked_rate(name: str, value) -> float:
    """A rate or a noise level for an explorer: one number among float32's normal numbers (:data:`FLOAT32_LIMITS`)."""
    return v.between(name, value, *FLOAT32_LIMITS, " (float32's normal numbers, in which the explorers run)")


def checked_span(name: str, low: float, high: float, value, what: str = "") -> None:
    """Refuse, naming ``name``, rates from ``low`` to ``high`` that leave float32's normal numbers."""
    tiny, top = FLOAT32_LIMITS
    if not (tiny <= low and high <= top):
        v.fail(name, f"{what}between {tiny:g} and {top:g} (float32's normal numbers)", value)


def checked_knob_rate(learning_rate) -> float:
    """The initial rate of a knob that runs from 0.001 to 2 or on to it: one number in :data:`KNOB_RATE_LIMITS`."""
    return v.between("learning_rate", learning_rate, *KNOB_RATE_LIMITS, " (the rate knob's range)")


# ---------------------------------------------------------------- the learning rate


class LearningRateExplorer(Explorer):
    """Drag the learning rate; watch ``w`` step down the parabola (or bounce, or run away).

    Knobs: the learning rate (log scale, with exact presets), the step (with Play; the whole run is on show at
    first). ``index`` and ``step`` hold their positions; ``learning_rate`` and ``trajectory`` the run on show.
    """

    PRESETS = (0.0001, 0.2, 0.5, 0.8, 1.0, 1.05)
    KNOBS = {"index": "rates"}

    index = traitlets.Int(0).tag(sync=True)
    step = traitlets.Int(0).tag(sync=True)

    def __init__(
        self, learning_rate=0.2, *, w0=5.0, steps=40, loss=None, lr_range=(1e-4, 2.0), labels=None, interval=150
    ):
        L = view.check_labels(labels)
        lr = checked_rate("learning_rate", learning_rate)
        if not isinstance(lr_range, (tuple, list)) or len(lr_range) != 2:
            v.fail("lr_range", "a pair (low, high)", lr_range, TypeError)
        lo, hi = (float(x) for x in v.finite("lr_range", lr_range))
        if not lo < hi:
            v.fail("lr_range", "(low, high) with low < high", lr_range)
        checked_span("lr_range", lo, hi, lr_range, "(low, high) ")
        if not lo <= lr <= hi:
            v.fail("learning_rate", f"inside lr_range={tuple(lr_range)!r} (widen lr_range to reach it)", learning_rate)
        steps = v.count("steps", steps, minimum=1, maximum=10_000)
        interval = v.count("interval", interval, minimum=10, maximum=10_000)
        w0 = checked_start(w0)
        loss = checked_loss(loss)
        rates = rate_options(lo, hi, (*self.PRESETS, lr))
        batch = descend(np.array(rates), w0=w0, steps=steps, loss=loss)  # every rate, to choose the axes
        p_axes, p_index = view.parabola_axes(batch.w, loss, L)
        d_axes, d_index = view.distance_axes(batch.w, loss, labels=L)
        names = [regime(r, loss) for r in rates]
        kinds = sorted(set(names), key=names.index)
        self.w0, self.loss = w0, loss
        self._axes = (p_axes, p_index, d_axes, d_index)
        super().__init__(
            kind="rate",
            view=view_model(
                "rate",
                L,
                loss,
                w0=w0,
                steps=steps,
                legend=view.legend(L, exact=True),  # the browser lists "exact" when the run shows it
                description=view.fill(L["canvas_rate"], loss=str(loss)),
                layers=list(view.PARABOLA_LAYERS),
                interval=interval,
                rates=rates,
                rate_texts=[view.rate_text(r) for r in rates],
                presets=[rates.index(p) for p in self.PRESETS if lo <= p <= hi],
                regime_names=[L["regime:" + k] for k in kinds],
                regimes=[kinds.index(n) for n in names],
                axes={
                    "parabola": _axes_json(p_axes),
                    "distance": _axes_json(d_axes),
                    "step": view.step_axis(steps, L).to_json(),
                },
                parabola_axis=p_index.tolist(),
                distance_axis=d_index.tolist(),
            ),
            index=rates.index(lr),
            step=steps,
        )
        if self.state_bytes() > MAX_STATE_BYTES:
            v.fail("lr_range", f"narrow enough for the explorer's {MAX_STATE_BYTES:,} bytes of state", lr_range)

    rates = Listed("rates")
    learning_rate = Chosen("index")

    @property
    def trajectory(self) -> Trajectory:
        """The run on show (what the browser computes and draws)."""
        return _run(self.learning_rate, self.w0, self.steps, self.loss)

    @property
    def regime(self) -> str:
        """The display name of the run's regime."""
        return self.view["regime_names"][self.view["regimes"][self.index]]

    @property
    def w_now(self) -> float:
        return float(self.trajectory.w[self.step])

    def axes_for(self, index: int | None = None):
        """The view model's ((x, y) parabola axes, distance axis) of the run at ``index``."""
        i = self.index if index is None else index
        p_axes, p_index, d_axes, d_index = self._axes
        return p_axes[p_index[i]], d_axes[d_index[i]]

    def readout(self) -> str:
        """The readout the browser shows for the current position."""
        L, k, run = self.labels, self.step, self.trajectory
        return view.status_line(
            [
                view.fill(L["readout"], step=k, w=self._num(run.w[k]), loss=self._num(run.loss[k])),
                view.fill(L["rate_now"], rate=self.view["rate_texts"][self.index]),
                view.fill(L["regime"], name=self.regime),
            ]
        )

    def figure(self):
        """The picture on show, as a static matplotlib figure (same axes, texts and colours)."""
        from .plotting import descent_figure

        return descent_figure(self.trajectory, step=self.step, labels=self._overrides())

    def _repr_text(self) -> str:
        name = self.regime
        texts = self.view["rate_texts"]
        return i18n.text_in(
            self._language,
            "widget.text_rate_named" if name else "widget.text_rate",
            rate=texts[self.index],
            loss=str(self.loss),
            w0=f"{self.w0:g}",
            end=self._num(self.trajectory.w[-1]),
            steps=self.steps,
            name=name,
            low=texts[0],
            high=texts[-1],
        )


@functools.lru_cache(maxsize=32)
def _run(learning_rate: float, w0: float, steps: int, loss: Quadratic) -> Trajectory:
    """A constant-rate run (runs are immutable: the same settings share one)."""
    return descend(learning_rate, w0=w0, steps=steps, loss=loss)


@functools.lru_cache(maxsize=32)
def _decayed(learning_rate, decay_steps, decay_rate, staircase, w0: float, steps: int, loss: Quadratic) -> Trajectory:
    """An exponential-decay run (as :func:`_run`)."""
    sched = exponential_decay(learning_rate, decay_steps, decay_rate, staircase)
    return descend(sched, w0=w0, steps=steps, loss=loss)


# ---------------------------------------------------------------- exponential decay


class DecayExplorer(Explorer):
    """Initial rate, decay rate, decay steps and staircase: ``w`` on the parabola, beside the learning
    rate per step and the distance to the minimum per step, with the constant-rate run as a grey ghost.

    The axes of each initial rate hold every decay rate, decay steps and staircase choice (so they stay put while
    those knobs move); the readout says where ``w`` stops when the rate has decayed away.
    """

    PRESETS = (0.1, 0.2, 0.5, 0.9, 1.0, 1.5)
    KNOBS = {"index": "rates", "decay_index": "decay_rates", "decay_steps_index": "decay_steps_options"}

    index = traitlets.Int(0).tag(sync=True)
    decay_index = traitlets.Int(0).tag(sync=True)
    decay_steps_index = traitlets.Int(0).tag(sync=True)
    staircase = traitlets.Bool(False).tag(sync=True)
    step = traitlets.Int(0).tag(sync=True)

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
        checked_knob_rate(learning_rate)
        v.number("decay_steps", decay_steps)
        v.number("decay_rate", decay_rate)
        sched: Any = exponential_decay(learning_rate, decay_steps, decay_rate, staircase)  # validates all four
        steps = v.count("steps", steps, minimum=1, maximum=1_000)
        interval = v.count("interval", interval, minimum=10, maximum=10_000)
        self.w0 = w0 = checked_start(w0)
        self.loss = loss = checked_loss(loss)
        lr, gamma, s = sched.learning_rate, float(sched.decay_rate), float(sched.decay_steps)
        # every legal value is offered: the sliders' ranges widen to hold it
        rates = rate_options(min(1e-3, lr), max(2.0, lr), (*self.PRESETS, lr), per_decade=20)
        decays = sorted({round(x, 10) for x in np.arange(100, 201) / 200} | {gamma})
        s_options = sorted({float(k) for k in range(1, 21)} | {s})
        p_axes, p_index, d_axes, d_index = self._axes_over_choices(rates, decays, s_options, steps, L)
        r_axes, r_index = view.rate_axes(rates, L)
        self._axes = (p_axes, p_index, d_axes, d_index, r_axes, r_index)
        super().__init__(
            kind="decay",
            view=view_model(
                "decay",
                L,
                loss,
                w0=w0,
                steps=steps,
                legend=view.legend(L, ghost=True, exact=True, rate=True),
                description=view.fill(L["canvas_decay"], loss=str(loss)),
                layers=list(view.PARABOLA_LAYERS),
                interval=interval,
                rates=rates,
                rate_texts=[view.rate_text(r) for r in rates],
                decay_rates=decays,
                decay_texts=[f"{d:g}" for d in decays],
                decay_steps_options=[int(x) if x == int(x) else x for x in s_options],
                decay_steps_texts=[f"{x:g}" for x in s_options],
                limit_updates=[view.limit_updates(g) for g in decays],
                limit_most=view.LIMIT_MOST,
                axes={
                    "parabola": _axes_json(p_axes),
                    "distance": _axes_json(d_axes),
                    "rate": _axes_json(r_axes),
                    "step": view.step_axis(steps, L).to_json(),
                },
                parabola_axis=p_index.tolist(),
                distance_axis=d_index.tolist(),
                rate_axis=r_index.tolist(),
            ),
            index=rates.index(lr),
            decay_index=decays.index(gamma),
            decay_steps_index=s_options.index(s),
            staircase=sched.staircase,
            step=steps,
        )

    def _axes_over_choices(self, rates, decays, s_options, steps, L):
        """Per initial rate, the parabola and distance axes that hold its runs for every decay rate, decay steps
        and staircase choice, and its constant-rate ghost (the browser picks axes by initial rate alone)."""
        eta, gammas = np.array(rates)[:, None], np.array(decays)[None, :]
        ghost = descend(np.array(rates), w0=self.w0, steps=steps, loss=self.loss).w
        p_keys, d_keys = view.parabola_keys(ghost, self.loss), view.distance_keys(ghost, self.loss)
        for s in s_options:
            for stair in (False, True):
                sched = exponential_decay(eta, s, gammas, staircase=stair)
                w = descend(sched, w0=self.w0, steps=steps, loss=self.loss).w
                shape = (len(rates), len(decays), 2)
                p_keys = np.maximum(p_keys, view.parabola_keys(w, self.loss).reshape(shape).max(axis=1))
                d_keys = np.maximum(d_keys, view.distance_keys(w, self.loss).reshape(shape).max(axis=1))
        return (*view.parabola_table(p_keys, self.loss, L), *view.distance_table(d_keys, L))

    # -- the numbers

    rates, decay_rates, decay_steps_options = Listed("rates"), Listed("decay_rates"), Listed("decay_steps_options")
    learning_rate, decay_rate, decay_steps = Chosen("index"), Chosen("decay_index"), Chosen("decay_steps_index")

    @property
    def schedule(self):
        return exponential_decay(self.learning_rate, self.decay_steps, self.decay_rate, self.staircase)

    @property
    def trajectory(self) -> Trajectory:
        return self._run(self.steps)

    @property
    def ghost(self) -> Trajectory:
        return _run(self.learning_rate, self.w0, self.steps, self.loss)

    def _run(self, steps: int) -> Trajectory:
        return _decayed(
            self.learning_rate, self.decay_steps, self.decay_rate, self.staircase, self.w0, steps, self.loss
        )

    def run_now(self) -> np.ndarray:
        """The w of the run on show (what the browser computes and draws)."""
        return np.asarray(self.trajectory.w)

    def limit(self) -> float | None:
        """Where w stops once the rate has decayed away (:func:`lrlab.view.limit_horizon` updates of the same
        float32 run); None without decay or when the run overflows."""
        updates = view.limit_horizon(self.decay_rate, self.decay_steps)
        if not updates:
            return None
        end = float(self._run(updates).w[-1])
        return end if math.isfinite(end) else None

    def axes_for(self):
        """The view model's ((x, y) parabola axes, rate axis, distance axis) of the initial rate on show."""
        p_axes, p_index, d_axes, d_index, r_axes, r_index = self._axes
        i = self.index
        return p_axes[p_index[i]], r_axes[r_index[i]], d_axes[d_index[i]]

    def readout(self) -> str:
        L, k, run = self.labels, self.step, self.trajectory
        limit = self.limit()
        return view.status_line(
            [
                view.fill(L["readout"], step=k, w=self._num(run.w[k]), loss=self._num(run.loss[k])),
                view.fill(L["rate_used"], rate=self._num(run.lr[min(k, self.steps - 1)])),
                "" if limit is None else view.fill(L["limit"], limit=self._num(limit, 3)),
            ]
        )

    def figure(self):
        from .plotting import decay_figure

        return decay_figure(
            self.trajectory, step=self.step, ghost=self.ghost, staircase=self.staircase, labels=self._overrides()
        )

    def _repr_text(self) -> str:
        return i18n.text_in(
            self._language,
            "widget.text_decay_staircase" if self.staircase else "widget.text_decay",
            rate=self.view["rate_texts"][self.index],
            decay=self.view["decay_texts"][self.decay_index],
            s=self.view["decay_steps_texts"][self.decay_steps_index],
            loss=str(self.loss),
            w0=f"{self.w0:g}",
            end=self._num(self.trajectory.w[-1]),
            steps=self.steps,
        )


# ---------------------------------------------------------------- the outcome map


class ScheduleMap(Explorer):
    """A map of outcomes over initial rate × decay rate; pick a point (sliders or a click) to see its run.

    Beside the map: the distance of the selected run's w to the minimum per update, on a log axis with the
    tolerance, so "frozen" (it stops above the tolerance) and "arrived" look as different as they are.
    """

    KNOBS = {"i": "rates", "j": "decay_rates"}

    i = traitlets.Int(0).tag(sync=True)
    j = traitlets.Int(0).tag(sync=True)
    #: the outcome code of every grid point (uint8, row i = initial rate, column j = decay rate)
    codes = traitlets.Bytes().tag(sync=True)
    #: per grid point, the index of its distance axis in view["axes"]["distance"]
    distance_axis = traitlets.Bytes().tag(sync=True)

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
        lr_arr = np.atleast_1d(v.positive("learning_rates", lrs))
        dr_arr = np.atleast_1d(v.in_unit_interval("decay_rates", drs))
        for name, arr in (("learning_rates", lr_arr), ("decay_rates", dr_arr)):
            if arr.ndim != 1 or arr.size < 2 or not np.all(np.diff(arr) > 0):
                v.fail(name, "at least 2 increasing values", arr)
        checked_span("learning_rates", lr_arr[0], lr_arr[-1], lrs)
        w0 = checked_start(w0)
        m = outcome_map(lr_arr, dr_arr, decay_steps=decay_steps, staircase=staircase, w0=w0, steps=steps, tol=tol)
        self.map = m
        lr, dr = m.learning_rates, m.decay_rates
        sched = exponential_decay(lr[:, None], m.decay_steps, dr[None, :], staircase=m.staircase)
        runs = descend(sched, w0=m.w0, steps=steps, loss=m.loss)  # every grid point, to choose the axes
        keys = view.distance_keys(runs.w, m.loss, floor=m.tol / 10)  # the tolerance line inside the panel
        for q in (2, 4, 8, 16):  # lower ends at multiples of q decades, upper ends past 10 at multiples of 3q:
            coarse = -(-keys // [q, 1]) * [q, 1]  # a short table of axes, one byte a grid point
            grow = coarse[:, 1] > 1
            coarse[grow, 1] = -(-coarse[grow, 1] // (3 * q)) * 3 * q
            d_axes, d_index = view.distance_table(coarse, L)
            if len(d_axes) < 256:
                break
        x_axis, y_axis = view.map_axes(lr, dr, L)
        x_edges, y_edges = view.cell_edges(lr, dr, x_axis, y_axis)
        i0, j0 = m.nearest(0.3, 0.9) if lr[0] <= 0.3 <= lr[-1] and dr[0] <= 0.9 <= dr[-1] else (0, dr.size - 1)
        self._axes = (d_axes, d_index.reshape(lr.size, dr.size))
        super().__init__(
            kind="map",
            view=view_model(
                "map",
                L,
                m.loss,
                w0=m.w0,
                steps=steps,
                legend=view.map_legend(L, OUTCOMES),
                description=L["canvas_map"],
                title=view.fill(L["map_title"], T=steps, tol=f"{m.tol:g}"),
                decay_steps=m.decay_steps,
                staircase=m.staircase,
                tol=m.tol,
                rates=[float(x) for x in lr],
                decay_rates=[float(x) for x in dr],
                rate_texts=[f"{x:.4g}" for x in lr],
                decay_texts=[f"{x:.4g}" for x in dr],
                outcome_names=[L["outcome:" + o] for o in OUTCOMES],
                outcome_colors=[view.OUTCOME_COLORS[o] for o in OUTCOMES],
                axes={
                    "map_x": x_axis.to_json(),
                    "map_y": y_axis.to_json(),
                    "x_edges": x_edges.tolist(),
                    "y_edges": y_edges.tolist(),
                    "step": view.step_axis(steps, L).to_json(),
                    "distance": _axes_json(d_axes),
                },
            ),
            codes=np.ascontiguousarray(m.codes, dtype=np.uint8).tobytes(),
            distance_axis=d_index.astype(np.uint8).tobytes(),
            i=i0,
            j=j0,
        )
        if self.state_bytes() > MAX_STATE_BYTES:
            v.fail(
                "learning_rates and decay_rates",
                f"a grid small enough for the explorer's {MAX_STATE_BYTES:,} bytes of state",
                {"learning_rates": lr.size, "decay_rates": dr.size},
            )

    def select(self, learning_rate: float, decay_rate: float):
        """Move the selection to the grid point nearest these settings."""
        i, j = self.map.nearest(learning_rate, decay_rate)
        with self.hold_sync():
            self.i, self.j = i, j

    learning_rates = Listed("rates")
    decay_rates = Listed("decay_rates")

    @property
    def trajectory(self) -> Trajectory:
        return self.map.trajectory(self.i, self.j)

    @property
    def outcome(self) -> str:
        return self.map.outcome(self.i, self.j)

    def distance_axis_now(self) -> view.Axis:
        """The view model's axis of the distance panel for the selected run."""
        d_axes, d_index = self._axes
        return d_axes[d_index[self.i, self.j]]

    def readout(self) -> str:
        L = self.labels
        return view.status_line(
            [
                view.fill(L["selection"], rate=self.view["rate_texts"][self.i], decay=self.view["decay_texts"][self.j]),
                view.fill(L["final"], T=self.steps, w=self._num(self.map.final_w[self.i, self.j])),
                view.fill(L["outcome"], name=self.view["outcome_names"][self.map.codes[self.i, self.j]]),
            ]
        )

    def figure(self):
        """The map with the selected point, beside its w per step (a static matplotlib figure)."""
        from matplotlib.figure import Figure

        from .fonts import use_cjk
        from .plotting import draw_outcome_map, w_steps_panel

        fig = Figure(figsize=(11, 4.2), dpi=100, layout="constrained")
        ax_map, ax_run = fig.subplots(1, 2)
        _, marker = draw_outcome_map(ax_map, self.map, labels=self._overrides())
        marker.set_data([self.map.decay_rates[self.j]], [self.map.learning_rates[self.i]])
        w_steps_panel(ax_run, self.trajectory, labels=self._overrides())
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


# ---------------------------------------------------------------- noisy gradients


class NoiseExplorer(Explorer):
    """Noise σ, a constant rate η and a seed: the loss of seeded runs per update, the exact expected loss, and
    the noise floor.

    ``index``, ``noise_index`` and ``seed_index`` hold the knobs' positions (setting them from Python moves the
    view); ``frames`` is the view model of every (η, σ) for the seed on show (what both the browser and
    :meth:`figure` draw). The browser receives each seed's standard-normal draws and computes the runs itself.
    """

    RATES = view.KNOB_RATES
    NOISES = view.KNOB_NOISES
    KNOBS = {"index": "rates", "noise_index": "noises", "seed_index": "seeds"}

    index = traitlets.Int(0).tag(sync=True)
    noise_index = traitlets.Int(0).tag(sync=True)
    seed_index = traitlets.Int(0).tag(sync=True)
    #: float32 standard-normal draws, (seed, run, update): those lrlab.descend makes for each seed
    draws = traitlets.Bytes().tag(sync=True)

    def __init__(
        self, learning_rate=0.2, noise=2.0, *, w0=5.0, steps=200, shown=10, loss=None, seed=0, seeds=3, labels=None
    ):
        L = view.check_labels(labels)
        lr = checked_rate("learning_rate", learning_rate)
        sigma = checked_rate("noise", noise)
        loss = checked_loss(loss)
        w0 = checked_start(w0)
        if not lr < loss.bounce_rate:
            v.fail(
                "learning_rate",
                f"below the bounce rate 2/f″ = {loss.bounce_rate:g} of `loss` (no floor otherwise)",
                learning_rate,
            )
        steps = v.count("steps", steps, minimum=1, maximum=2_000)
        shown = v.count("shown", shown, minimum=1, maximum=50)
        seeds = v.count("seeds", seeds, minimum=1, maximum=10)
        first = v.count("seed", seed, maximum=2**32 - seeds)
        need = stored_bytes(seeds * shown * steps * 4)
        if need > 0.8 * MAX_STATE_BYTES:
            v.fail(
                "steps",
                f"small enough for the explorer's {MAX_STATE_BYTES:,} bytes of state ({seeds} seeds × {shown} runs "
                f"× {steps} draws would need {need:,})",
                steps,
            )
        rates = sorted({r for r in self.RATES if r < loss.bounce_rate} | {lr})
        noises = sorted(set(self.NOISES) | {sigma})
        self.loss, self.w0, self.shown = loss, w0, shown
        self._frames = functools.cache(
            lambda s: view.noise_frames(rates, noises, steps=steps, shown=shown, seed=s, w0=w0, loss=loss)
        )
        frames = self._frames(first)
        step_axis, loss_axis = frames.axes(L)
        draws = np.stack(
            [np.random.default_rng(first + n).standard_normal((steps, shown), dtype=np.float32).T for n in range(seeds)]
        )
        super().__init__(
            kind="noise",
            view=view_model(
                "noise",
                L,
                loss,
                w0=frames.w0,
                steps=steps,
                legend=view.noise_legend(L, shown=shown),
                description=view.fill(L["canvas_noise"], loss=str(loss)),
                colors=view.COLORS | view.NOISE_COLORS,
                shown=shown,
                rates=rates,
                rate_texts=[view.rate_text(r) for r in rates],
                noises=noises,
                noise_texts=[f"{s:g}" for s in noises],
                seeds=[first + n for n in range(seeds)],
                floors=[float(x) for x in np.ravel(frames.floor)],
                axes={"step": step_axis.to_json(), "loss": loss_axis.to_json()},
            ),
            draws=np.ascontiguousarray(draws).tobytes(),
            index=rates.index(lr),
            noise_index=noises.index(sigma),
        )

    rates, noises = Listed("rates"), Listed("noises")
    learning_rate, noise, seed = Chosen("index"), Chosen("noise_index"), Chosen("seed_index")

    @property
    def frames(self) -> view.NoiseFrames:
        """Every (η, σ) of the knobs for the seed on show."""
        return self._frames(self.seed)

    @property
    def floor(self) -> float:
        """The theoretical floor of the setting on show (:func:`lrlab.noise_floor`, float64)."""
        return self.view["floors"][self.index * len(self.noises) + self.noise_index]

    def mean_now(self) -> np.ndarray:
        """The exact expected loss per update of the setting on show (float64: what the browser draws)."""
        return np.asarray(self.frames.mean[self.index, self.noise_index])

    def readout(self) -> str:
        """The readout the browser shows for the knobs' positions."""
        return view.status_line(
            [
                view.fill(
                    self.labels["noise_readout"],
                    rate=self.view["rate_texts"][self.index],
                    noise=self.view["noise_texts"][self.noise_index],
                    floor=self._num(self.floor),
                    T=self.steps,
                    mean=self._num(self.mean_now()[-1]),
                )
            ]
        )

    def title(self) -> str:
        return view.fill(self.labels["noise_title"], T=self.steps, shown=self.shown, seed=self.seed)

    def figure(self):
        """The picture on show as a static matplotlib figure (:func:`lrlab.plotting.noise_floor_figure`)."""
        from .plotting import noise_floor_figure

        return noise_floor_figure(self.frames, [(self.index, self.noise_index)], labels=self._overrides())

    def _repr_text(self) -> str:
        return view.fill(
            self.labels["text_noise"],
            rate=self.view["rate_texts"][self.index],
            noise=self.view["noise_texts"][self.noise_index],
            loss=str(self.loss),
            w0=f"{self.w0:g}",
            shown=self.shown,
            floor=self._num(self.floor),
            T=self.steps,
        )


# ---------------------------------------------------------------- the optimizer explorer (notebook 05)

#: The optimizers on offer: descent.js's name, the parameter the β knob sets, the one the β₂ knob sets, the map
#: layer that holds its theory (0: the heavy ball, 1: the course's SGDM; −1: none) and its readout template.
OPTIMIZERS: tuple[dict[str, Any], ...] = (
    {"name": "keras.SGD", "beta": "momentum", "beta2": None, "map": 0, "setting": "opt.setting"},
    {"name": "course.SGDM", "beta": "beta", "beta2": None, "map": 1, "setting": "opt.setting"},
    {"name": "keras.RMSprop", "beta": "rho", "beta2": None, "map": -1, "setting": "opt.setting_rho"},
    {"name": "keras.Adam", "beta": "beta_1", "beta2": "beta_2", "map": -1, "setting": "opt.setting_adam"},
    {"name": "course.Adam", "beta": "beta1", "beta2": "beta2", "map": -1, "setting": "opt.setting_adam"},
)

#: The explorer's own texts (catalogue keys ``opt.…``), beside the shared explorer labels.
LABEL_KEYS = (
    "opt.optimizer",
    "opt.beta",
    "opt.beta2",
    "opt.setting",
    "opt.setting_rho",
    "opt.setting_adam",
    "opt.setting_of",
    "opt.factor",
    "opt.factor_diverges",
    "opt.map_none",
    "opt.map_heavy",
    "opt.map_course",
    "opt.canvas",
    "opt.text",
)


@functools.cache
def optimizer_renderer() -> str:
    """explorer.js's module (:func:`lrlab.widgets.renderer`) with ``static/optimizer_explorer.js`` appended: the
    scaffold and its helpers, and the optimizer kind registered in it."""
    return renderer() + "\n" + (STATIC / "optimizer_explorer.js").read_text(encoding="utf-8")


def _labels(overrides) -> dict:
    """The shared explorer labels and this explorer's own, in the current language, with ``overrides`` applied
    (each checked now: a known key, a str)."""
    own = {k: i18n.text(k) for k in LABEL_KEYS}
    if overrides is None:
        return view.check_labels(None) | own
    if not isinstance(overrides, dict):
        v.fail("labels", "a dict of texts", overrides, TypeError)
    base = view.check_labels({k: t for k, t in overrides.items() if k not in own})
    for key, text in overrides.items():
        if key in own and not isinstance(text, str):
            v.fail(f"labels[{key!r}]", "a str", text, TypeError)
    return base | own | {k: t for k, t in overrides.items() if k in own}


def _classes(factor: np.ndarray) -> np.ndarray:
    from .plotting import RHO_EDGES

    return np.searchsorted(np.asarray(RHO_EDGES), factor, side="right").astype(np.uint8)


def _map_lines(m, layer: int) -> dict:
    """The edge (largest converging rate per momentum) and the best momentum per rate of a map layer, as lists of
    [η, β] points inside the map."""
    x_axis, y_axis = m.axes()
    h = m.loss.curvature
    beta = np.linspace(max(y_axis.lo, 0.0), min(y_axis.hi, 0.999), 120)
    if layer == 0:  # the heavy ball: ηh = 2(1 + β); best β = (1 − √(ηh))²
        edge = 2 * (1 + beta) / h
        eta = np.geomspace(x_axis.lo, min(x_axis.hi, 4 / h), 200)
        best = np.stack([eta, (1 - np.sqrt(eta * h)) ** 2], axis=1)
    else:  # the course's SGDM: the heavy ball with the rate (1 − β)η
        edge = 2 * (1 + beta) / ((1 - beta) * h)
        best = np.stack([(1 - np.sqrt(beta)) ** 2 / ((1 - beta) * h), beta], axis=1)
    edge_points = np.stack([edge, beta], axis=1)
    keep = (edge_points[:, 0] >= x_axis.lo) & (edge_points[:, 0] <= x_axis.hi)
    inside = (best[:, 0] >= x_axis.lo) & (best[:, 0] <= x_axis.hi) & (best[:, 1] <= y_axis.hi)
    return {"edge": np.round(edge_points[keep], 6).tolist(), "best": np.round(best[inside], 6).tolist()}


class OptimizerExplorer(Explorer):
    """An optimizer × the learning rate × β (momentum; Adam's β₁; RMSprop's ρ) × Adam's β₂: ``w`` on the parabola,
    its distance to the minimum per update, and the heavy ball's (η, β) map, where a click picks η and β.

    ``index`` (the optimizer), ``i`` (the rate), ``j`` (β), ``beta2_index`` and ``step`` hold the knobs' positions
    (setting them from Python moves the view); ``optimizer`` is the lrlab optimizer on show and ``trajectory``
    its run (what the browser computes and draws).
    """

    KNOBS = {"index": "optimizers", "i": "rates", "j": "momenta", "beta2_index": "beta2s"}
    RATE_PRESETS = (0.001, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 1.2, 1.5)
    BETA2S = (0.9, 0.99, 0.999, 0.9999)

    index = traitlets.Int(0).tag(sync=True)
    i = traitlets.Int(0).tag(sync=True)
    j = traitlets.Int(0).tag(sync=True)
    beta2_index = traitlets.Int(0).tag(sync=True)
    step = traitlets.Int(0).tag(sync=True)
    #: the map's class of every (rate, momentum), one layer per theory (uint8, layer × rate × momentum)
    codes = traitlets.Bytes().tag(sync=True)

    def __init__(
        self,
        optimizer="keras.SGD",
        learning_rate=0.02,
        beta=0.9,
        beta2=0.999,
        *,
        w0=5.0,
        steps=100,
        loss=None,
        labels=None,
        interval=150,
    ):
        from .optimizers import momentum_rate
        from .plotting import RHO_COLORS, momentum_map

        L = _labels(labels)
        names = [o["name"] for o in OPTIMIZERS]
        if not isinstance(optimizer, str):
            v.fail("optimizer", f"a name, one of {names}", optimizer, TypeError)
        if optimizer not in names:
            v.fail("optimizer", f"one of {names}", optimizer)
        lr = checked_knob_rate(learning_rate)
        b = v.scalar(v.real("beta", beta), "beta", beta)
        if not 0 <= b < 1:
            v.fail("beta", "in [0, 1)", beta)
        b2 = v.scalar(v.real("beta2", beta2), "beta2", beta2)
        if b2 not in self.BETA2S:
            v.fail("beta2", f"one of {list(self.BETA2S)}", beta2)
        steps = v.count("steps", steps, minimum=1, maximum=2_000)
        interval = v.count("interval", interval, minimum=10, maximum=10_000)
        self.w0 = w0 = checked_start(w0)
        self.loss = loss = checked_loss(loss)
        rates = rate_options(min(1e-3, lr), max(2.0, lr), (*self.RATE_PRESETS, lr), per_decade=20)
        momenta = sorted({round(0.02 * k, 2) for k in range(50)} | {0.99, round(b, 10)})
        m = momentum_map(rates, momenta, loss)
        course = np.asarray(momentum_rate((1 - m.momenta[None, :]) * m.learning_rates[:, None], m.momenta, loss))
        codes = np.stack([m.codes, _classes(course)])
        x_axis, y_axis = m.axes()
        x_edges, y_edges = m.edges()
        reach = 2 * abs(w0 - loss.centre) or 1.0  # the parabola panel: twice the start's distance on either side
        p_axes, _ = view.parabola_axes(np.array([[loss.centre - reach], [loss.centre + reach]]), loss, L)
        self.map = m
        super().__init__(
            kind="optimizer",
            view=view_model(
                "optimizer",
                L,
                loss,
                w0=w0,
                steps=steps,
                legend=[
                    *view.legend(L, exact=True),
                    *(
                        view.LegendEntry(name, color, "square")
                        for name, color in zip(m.class_names(), RHO_COLORS, strict=True)
                    ),
                    view.LegendEntry(L["selected"], "#000000", "x", "selected"),
                ],
                description=view.fill(L["opt.canvas"], loss=str(loss)),
                layers=list(view.PARABOLA_LAYERS),
                interval=interval,
                optimizers=[dict(o) for o in OPTIMIZERS],
                optimizer_texts=names,
                optimizer_presets=list(range(len(names))),
                rates=rates,
                rate_texts=[view.rate_text(r) for r in rates],
                momenta=momenta,
                momentum_texts=[f"{x:g}" for x in momenta],
                beta2s=list(self.BETA2S),
                beta2_texts=[f"{x:g}" for x in self.BETA2S],
                map_colors=list(RHO_COLORS),
                map_titles=[L["opt.map_none"], L["opt.map_heavy"], L["opt.map_course"]],
                map_lines=[_map_lines(m, 0), _map_lines(m, 1)],
                axes={
                    "parabola": [a.to_json() for a in p_axes[0]],
                    "distance": view.log_axis(-8, max(1, math.ceil(math.log10(reach))), L["distance"]).to_json(),
                    "step": view.step_axis(steps, L).to_json(),
                    "map_x": x_axis.to_json(),
                    "map_y": y_axis.to_json(),
                    "x_edges": x_edges.tolist(),
                    "y_edges": y_edges.tolist(),
                },
            ),
            codes=np.ascontiguousarray(codes, dtype=np.uint8).tobytes(),
            index=names.index(optimizer),
            i=rates.index(lr),
            j=momenta.index(round(b, 10)),
            beta2_index=self.BETA2S.index(b2),
            step=steps,
        )
        if self.state_bytes() > MAX_STATE_BYTES:  # pragma: no cover - KNOB_RATE_LIMITS keeps the knob within it
            v.fail("learning_rate", f"a rate for a knob within the explorer's {MAX_STATE_BYTES:,} bytes", learning_rate)

    @property
    def _esm(self) -> str:
        return optimizer_renderer()

    @traitlets.validate("beta2_index")
    def _check_beta2(self, proposal):
        value, top = proposal["value"], len(self.BETA2S) - 1
        if not 0 <= value <= top:
            v.fail("beta2_index", f"an int between 0 and {top}", value)
        return value

    # -- the numbers

    rates, momenta, beta2s = Listed("rates"), Listed("momenta"), Listed("beta2s")
    learning_rate, beta, beta2 = Chosen("i"), Chosen("j"), Chosen("beta2_index")

    @property
    def optimizer_spec(self) -> dict:
        """The optimizer on show as descent.js takes it: ``{"name": …, <its β>: β, <its β₂>: β₂}``."""
        o = OPTIMIZERS[self.index]
        spec: dict[str, Any] = {"name": o["name"], o["beta"]: self.beta}
        if o["beta2"]:
            spec[o["beta2"]] = self.beta2
        return spec

    @property
    def optimizer(self):
        """The lrlab optimizer on show."""
        from . import optimizers

        spec = self.optimizer_spec
        convention, name = spec["name"].split(".")
        return getattr(getattr(optimizers, convention), name)(**{k: x for k, x in spec.items() if k != "name"})

    @property
    def trajectory(self) -> Trajectory:
        """The run on show (what the browser computes and draws)."""
        return descend(self.learning_rate, w0=self.w0, steps=self.steps, loss=self.loss, optimizer=self.optimizer)

    def factor(self) -> float | None:
        """The heavy ball's factor ρ per update for the setting on show (:func:`lrlab.optimizers.momentum_rate`;
        the course's SGDM with the rate (1 − β)η); None for RMSprop and Adam."""
        from .optimizers import momentum_rate

        layer = OPTIMIZERS[self.index]["map"]
        if layer < 0:
            return None
        eta = (1 - self.beta) * self.learning_rate if layer == 1 else self.learning_rate
        return float(momentum_rate(eta, self.beta, self.loss))

    def readout(self) -> str:
        """The readout the browser shows for the knobs' positions."""
        L, k, run, rho = self.labels, self.step, self.trajectory, self.factor()
        setting = view.fill(
            L[OPTIMIZERS[self.index]["setting"]],
            rate=self.view["rate_texts"][self.i],
            beta=self.view["momentum_texts"][self.j],
            beta2=self.view["beta2_texts"][self.beta2_index],
        )
        theory = (
            ""
            if rho is None
            else view.fill(L["opt.factor" if rho < 1 else "opt.factor_diverges"], rho=self._num(rho, 3))
        )
        return view.status_line(
            [
                view.fill(L["readout"], step=k, w=self._num(run.w[k]), loss=self._num(run.loss[k])),
                view.fill(L["opt.setting_of"], optimizer=self.view["optimizer_texts"][self.index], setting=setting),
                theory,
            ]
        )

    def figure(self):
        """The picture on show as a static matplotlib figure: ``w`` per update, and the map with the setting
        marked."""
        from matplotlib.colors import BoundaryNorm, ListedColormap
        from matplotlib.figure import Figure

        from .fonts import use_cjk
        from .plotting import RHO_COLORS, apply_axes, w_steps_panel

        fig = Figure(figsize=(11, 4.2), dpi=100, layout="constrained")
        ax_run, ax_map = fig.subplots(1, 2)
        w_steps_panel(ax_run, self.trajectory, labels={k: t for k, t in self._overrides().items() if k in view.LABELS})
        layer = OPTIMIZERS[self.index]["map"]
        codes = np.frombuffer(self.codes, dtype=np.uint8).reshape(2, len(self.rates), len(self.momenta))
        x_edges, y_edges = self.view["axes"]["x_edges"], self.view["axes"]["y_edges"]
        cmap, n = ListedColormap(list(RHO_COLORS)), len(RHO_COLORS)
        ax_map.pcolormesh(
            x_edges,
            y_edges,
            codes[max(layer, 0)].T,
            cmap=cmap,
            norm=BoundaryNorm(np.arange(n + 1) - 0.5, n),
            alpha=1.0 if layer >= 0 else 0.3,
            rasterized=True,
        )
        x_axis, y_axis = self.map.axes()
        apply_axes(ax_map, x_axis, y_axis)
        ax_map.grid(False)
        if layer >= 0:
            lines = self.view["map_lines"][layer]
            for key, style in (("edge", "--"), ("best", "-")):
                pts = np.array(lines[key]).reshape(-1, 2)
                ax_map.plot(pts[:, 0], pts[:, 1], style, color="black", lw=1.6)
        ax_map.plot([self.learning_rate], [self.beta], "x", color="black", ms=10, mew=2.5)
        ax_map.set_title(self.view["map_titles"][layer + 1], fontsize=10)
        use_cjk(fig)
        return fig

    def _repr_text(self) -> str:
        return i18n.text_in(
            self._language,
            "opt.text",
            optimizer=self.view["optimizer_texts"][self.index],
            setting=view.fill(
                self.labels[OPTIMIZERS[self.index]["setting"]],
                rate=self.view["rate_texts"][self.i],
                beta=self.view["momentum_texts"][self.j],
                beta2=self.view["beta2_texts"][self.beta2_index],
            ),
            loss=str(self.loss),
            w0=f"{self.w0:g}",
            steps=self.steps,
            end=self._num(self.trajectory.w[-1]),
        )
