"""Interactive explorers: sliders that drive a persistent ipympl figure.

Each explorer builds its figure once, on an ipympl canvas made directly (no
pyplot, so nothing piles up in pyplot's figure list when a cell is run again),
and then only moves artists and calls ``draw_idle``. A Play button is linked
to the step slider in the browser (``jslink``), so the animation runs without
a Python loop.

All visible texts come from :data:`LABELS` and can be replaced with
``labels={...}`` (for a translated edition).
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from . import _validation as v
from .descent import descend
from .losses import SEED_LOSS
from .outcomes import LAB_DECAY_RATES, LAB_RATES, OUTCOMES, outcome_map
from .plotting import ParabolaView, StepCurveView, draw_outcome_map, status_text
from .schedules import exponential_decay
from .theory import REGIMES, frozen_limit, regime

__all__ = ["LABELS", "LearningRateExplorer", "DecayExplorer", "ScheduleMap"]

LABELS = {
    "learning_rate": "learning rate η",
    "initial_rate": "initial rate η₀",
    "decay_rate": "decay rate",
    "decay_steps": "decay steps",
    "staircase": "staircase",
    "step": "step",
    "play": "Play",
    "presets": "try",
    "loss": "loss",
    "rate": "learning rate",
    "ghost": "constant η₀ (no decay)",
    "path": "w, step by step",
    "diverged": "diverged at step {step}",
    "off_chart": "w = {w:.3g}: off the chart",
    "readout": "step {step}: w = {w}, loss = {loss}",
    "rate_used": "rate used = {rate}",
    "regime": "regime: {name}",
    "limit": "w would stop near {limit:.3f}",
    "outcome": "outcome: {name}",
    **{f"regime:{name}": name for name in REGIMES},
    **{f"outcome:{name}": name for name in OUTCOMES},
}


def _labels(overrides) -> dict:
    if overrides is None:
        return dict(LABELS)
    if not isinstance(overrides, dict):
        v.fail("labels", "a dict of texts", overrides, TypeError)
    unknown = set(overrides) - set(LABELS)
    if unknown:
        v.fail("labels", f"a dict whose keys are among lrlab.widgets.LABELS (unknown: {sorted(unknown)})",
               overrides)
    return LABELS | overrides


def _number(x) -> str:
    x = float(x)
    if not math.isfinite(x):
        return "overflow" if math.isinf(x) else "undefined (NaN)"
    return f"{x:.6f}" if abs(x) < 1e6 else f"{x:.3e}"


def _state(**values) -> str:
    """A hidden element carrying the exact numbers on show, for browser tests to read."""
    attrs = " ".join(f'data-{k.replace("_", "-")}="{v if isinstance(v, str) else repr(v)}"'
                     for k, v in values.items())
    return f'<span class="lrlab-state" hidden {attrs}></span>'


def _canvas(fig: Figure, width: int, height: int):
    """An ipympl canvas widget for ``fig``, made without pyplot."""
    from ipympl.backend_nbagg import Canvas, FigureManager

    canvas = Canvas(fig)
    FigureManager(canvas, 0)  # the canvas needs a manager to answer the browser
    canvas.header_visible = False
    canvas.footer_visible = False
    canvas.toolbar_visible = False
    canvas.resizable = False
    canvas.layout.width = f"{width}px"
    canvas.layout.height = f"{height}px"
    return canvas


def rate_options(lo: float, hi: float, exact=(), per_decade: int = 40) -> list[float]:
    """Learning rates for a slider: ``per_decade`` log-spaced values from ``lo`` to ``hi``, plus the
    ``exact`` ones (so a preset such as 0.5 is reached exactly, not as 0.501)."""
    k = np.arange(math.ceil(math.log10(lo) * per_decade), math.floor(math.log10(hi) * per_decade) + 1)
    grid = {float(x) for x in 10.0 ** (k / per_decade)} | {float(x) for x in exact if lo <= x <= hi}
    grid |= {float(lo), float(hi)}
    return sorted(round(x, 12) for x in grid)


def _rate_slider(description, value, lo, hi, exact=()):
    """A log-scale slider over exact rates (a SelectionSlider: the value is one of the options)."""
    options = rate_options(lo, hi, (*exact, value))
    return widgets.SelectionSlider(
        options=[(f"{x:.4g}", x) for x in options], value=round(float(value), 12), description=description,
        continuous_update=True, style={"description_width": "initial"}, layout={"width": "420px"},
    )


class _Explorer:
    """What every explorer shares: a figure, a step slider with Play, a readout."""

    width, height = 900, 330

    def __init__(self, steps: int, labels, interval: int):
        self.labels = _labels(labels)
        self.steps = v.count("steps", steps, minimum=1, maximum=10_000)
        interval = v.count("interval", interval, minimum=10, maximum=10_000)
        self.figure = Figure(figsize=(self.width / 100, self.height / 100), dpi=100, layout="constrained")
        self.canvas = _canvas(self.figure, self.width, self.height)
        self.step_slider = widgets.IntSlider(0, min=0, max=self.steps, description=self.labels["step"],
                                             continuous_update=True, layout={"width": "420px"})
        self.play = widgets.Play(value=0, min=0, max=self.steps, interval=interval,
                                 description=self.labels["play"], show_repeat=False)
        self._link = widgets.jslink((self.play, "value"), (self.step_slider, "value"))
        self.readout = widgets.HTML()
        self.draws = 0  # how many frames were requested (for tests and benchmarks)

    def _redraw(self):
        if self.draws == 0:
            # Lay out once, then keep that layout: later frames only move artists. (Not canvas.draw():
            # before the browser is connected, ipympl would store a frame it cannot show.)
            self.figure.draw_without_rendering()
            self.figure.set_layout_engine("none")
        self.draws += 1
        self.canvas.draw_idle()

    def _on_step(self, change):
        self._show_step()
        self._redraw()

    def close(self):
        """Close every widget and the figure (frees the kernel's side)."""
        self._link.close()
        for w in self._all_widgets():
            w.close()

    def _all_widgets(self):
        return [self.widget, self.canvas, self.step_slider, self.play, self.readout, *self._controls()]

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


class LearningRateExplorer(_Explorer):
    """Drag the learning rate; watch ``w`` step down the parabola (or bounce, or run away).

    Widgets: ``lr_slider`` (log scale), ``presets`` (the course's rates),
    ``step_slider`` with ``play``, ``readout``; ``trajectory`` is the run on show.
    """

    PRESETS = (0.0001, 0.2, 0.5, 0.8, 1.0, 1.05)

    def __init__(self, learning_rate=0.2, *, w0=5.0, steps=40, loss=None, lr_range=(1e-4, 2.0),
                 labels=None, interval=150):
        super().__init__(steps, labels, interval)
        lo, hi = (float(x) for x in v.positive("lr_range", lr_range))
        if not lo < hi:
            v.fail("lr_range", "(low, high) with low < high", lr_range)
        lr = float(v.positive("learning_rate", learning_rate))
        self.w0 = float(v.finite("w0", w0))
        self.loss = SEED_LOSS if loss is None else loss
        L = self.labels
        self.lr_slider = _rate_slider(L["learning_rate"], min(max(lr, lo), hi), lo, hi, self.PRESETS)
        self.presets = widgets.ToggleButtons(
            options=[(f"{p:g}", p) for p in self.PRESETS if lo <= p <= hi], value=None,
            description=L["presets"], style={"button_width": "72px"})
        ax_w, ax_loss = self.figure.subplots(1, 2, width_ratios=[1.25, 1])
        self.parabola = ParabolaView(ax_w, self.loss, L)
        self.loss_curve = StepCurveView(ax_loss, L["loss"])
        self.trajectory = None
        self.lr_slider.observe(self._on_rate, names="value")
        self.presets.observe(self._on_preset, names="value")
        self.step_slider.observe(self._on_step, names="value")
        self.widget = widgets.VBox([
            self.lr_slider, self.presets, widgets.HBox([self.play, self.step_slider]), self.readout, self.canvas,
        ])
        self._compute()
        self._show_step()
        self._redraw()

    def _controls(self):
        return [self.lr_slider, self.presets]

    @property
    def learning_rate(self) -> float:
        return float(self.lr_slider.value)

    def _compute(self):
        self.trajectory = descend(self.learning_rate, w0=self.w0, steps=self.steps, loss=self.loss)
        self.regime_name = regime(self.learning_rate, self.loss) if hasattr(self.loss, "curvature") else ""

    def _on_rate(self, change):
        if self.presets.value is not None and not math.isclose(self.presets.value, change["new"]):
            self.presets.value = None
        self._compute()
        self._show_step()
        self._redraw()

    def _on_preset(self, change):
        if change["new"] is not None:
            self.lr_slider.value = change["new"]

    def _show_step(self):
        t, k, L = self.trajectory, self.step_slider.value, self.labels
        self.parabola.update(t, k, status=status_text(t, k, L))
        self.loss_curve.update(t.loss, k)
        name = self.regime_name
        self.readout.value = (
            L["readout"].format(step=k, w=_number(t.w[k]), loss=_number(t.loss[k]))
            + f" &nbsp;·&nbsp; η = {self.learning_rate:.4g}"
            + (f" &nbsp;·&nbsp; <b>{L['regime'].format(name=L['regime:' + name])}</b>" if name else "")
            + _state(learning_rate=self.learning_rate, step=k, w=float(t.w[k]))
        )


class DecayExplorer(_Explorer):
    """Initial rate, decay rate, decay steps and staircase: ``w`` on the parabola, beside the
    learning-rate curve and the loss curve, with the constant-rate run as a faint ghost."""

    width, height = 980, 330

    def __init__(self, learning_rate=0.9, decay_rate=0.9, decay_steps=1, staircase=False, *, w0=5.0, steps=40,
                 loss=None, labels=None, interval=150):
        super().__init__(steps, labels, interval)
        L = self.labels
        sched = exponential_decay(learning_rate, decay_steps, decay_rate, staircase)  # validates all four
        self.w0 = float(v.finite("w0", w0))
        self.loss = SEED_LOSS if loss is None else loss
        self.lr_slider = _rate_slider(L["initial_rate"], min(max(sched.learning_rate, 1e-3), 2.0), 1e-3, 2.0,
                                      (0.1, 0.2, 0.5, 0.9, 1.0, 1.5))
        self.decay_slider = widgets.FloatSlider(
            value=sched.decay_rate, min=0.5, max=1.0, step=0.005, readout_format=".3f",
            description=L["decay_rate"], layout={"width": "420px"}, style={"description_width": "initial"})
        self.decay_steps_slider = widgets.IntSlider(
            value=max(1, min(20, int(sched.decay_steps))), min=1, max=20, description=L["decay_steps"],
            layout={"width": "420px"}, style={"description_width": "initial"})
        self.staircase_box = widgets.Checkbox(value=sched.staircase, description=L["staircase"])
        ax_w, ax_rate, ax_loss = self.figure.subplots(1, 3, width_ratios=[1.3, 1, 1])
        self.parabola = ParabolaView(ax_w, self.loss, L)
        self.rate_curve = StepCurveView(ax_rate, L["rate"], color="#9467bd", scale="linear",
                                        ghost_label=L["ghost"])
        self.loss_curve = StepCurveView(ax_loss, L["loss"], ghost_label=L["ghost"])
        ax_rate.legend(loc="upper right", fontsize=8)
        for w in self._controls():
            w.observe(self._on_setting, names="value")
        self.step_slider.observe(self._on_step, names="value")
        self.widget = widgets.VBox([
            widgets.HBox([self.lr_slider, self.decay_slider]),
            widgets.HBox([self.decay_steps_slider, self.staircase_box]),
            widgets.HBox([self.play, self.step_slider]), self.readout, self.canvas,
        ])
        self._compute()
        self._show_step()
        self._redraw()

    def _controls(self):
        return [self.lr_slider, self.decay_slider, self.decay_steps_slider, self.staircase_box]

    @property
    def schedule(self):
        return exponential_decay(float(self.lr_slider.value), int(self.decay_steps_slider.value),
                                 float(self.decay_slider.value), bool(self.staircase_box.value))

    def _compute(self):
        sched = self.schedule
        self.trajectory = descend(sched, w0=self.w0, steps=self.steps, loss=self.loss)
        self.ghost = descend(sched.learning_rate, w0=self.w0, steps=self.steps, loss=self.loss)
        self.limit = frozen_limit(sched, w0=self.w0, loss=self.loss) if sched.decay_rate < 1 else None

    def _on_setting(self, change):
        self._compute()
        self._show_step()
        self._redraw()

    def _show_step(self):
        t, g, k, L = self.trajectory, self.ghost, self.step_slider.value, self.labels
        self.parabola.update(t, k, ghost=g, status=status_text(t, k, L))
        self.rate_curve.update(t.lr, min(k, self.steps - 1), ghost=g.lr)
        self.loss_curve.update(t.loss, k, ghost=g.loss)
        rate = t.lr[min(k, self.steps - 1)]
        parts = [L["readout"].format(step=k, w=_number(t.w[k]), loss=_number(t.loss[k])),
                 L["rate_used"].format(rate=_number(rate))]
        if self.limit is not None and math.isfinite(self.limit):
            parts.append(L["limit"].format(limit=self.limit))
        self.readout.value = " &nbsp;·&nbsp; ".join(parts) + _state(
            learning_rate=float(self.lr_slider.value), decay_rate=float(self.decay_slider.value),
            decay_steps=int(self.decay_steps_slider.value), staircase=bool(self.staircase_box.value),
            step=k, w=float(t.w[k]))


class ScheduleMap:
    """A map of outcomes over initial rate x decay rate; pick a point (sliders or a click) to see its run."""

    def __init__(self, learning_rates=None, decay_rates=None, *, decay_steps=1, staircase=False, w0=5.0,
                 steps=100, tol=1e-3, labels=None):
        self.labels = L = _labels(labels)
        lrs = LAB_RATES if learning_rates is None else learning_rates
        drs = LAB_DECAY_RATES if decay_rates is None else decay_rates
        self.map = outcome_map(lrs, drs, decay_steps=decay_steps, staircase=staircase, w0=w0, steps=steps,
                               tol=tol)
        m = self.map
        self.figure = Figure(figsize=(9.4, 3.9), dpi=100, layout="constrained")
        self.canvas = _canvas(self.figure, 940, 390)
        ax_map, ax_run = self.figure.subplots(1, 2, width_ratios=[1, 1.1])
        names = {"decay_rate": L["decay_rate"], "learning_rate": L["initial_rate"],
                 **{o: L["outcome:" + o] for o in OUTCOMES}}
        self.image, self.marker = draw_outcome_map(ax_map, m, names=names)
        self.run_view = StepCurveView(ax_run, "w", scale="linear")
        ax_run.axhline(m.loss.centre, color="#2ca02c", lw=1, ls="--")
        self.i_slider = widgets.SelectionSlider(
            options=[(f"{x:.4g}", i) for i, x in enumerate(m.learning_rates)], description=L["initial_rate"],
            layout={"width": "460px"}, style={"description_width": "initial"})
        self.j_slider = widgets.SelectionSlider(
            options=[(f"{x:.4g}", j) for j, x in enumerate(m.decay_rates)], description=L["decay_rate"],
            layout={"width": "460px"}, style={"description_width": "initial"})
        self.readout = widgets.HTML()
        self.draws = 0
        self.i_slider.value, self.j_slider.value = m.nearest(0.3, 0.9)
        self.i_slider.observe(self._on_pick, names="value")
        self.j_slider.observe(self._on_pick, names="value")
        self._click = self.canvas.mpl_connect("button_press_event", self._on_click)
        self.widget = widgets.VBox([self.i_slider, self.j_slider, self.readout, self.canvas])
        self._on_pick(None)

    def select(self, learning_rate: float, decay_rate: float):
        """Move the selection to the grid point nearest these settings."""
        i, j = self.map.nearest(learning_rate, decay_rate)
        with self.i_slider.hold_trait_notifications(), self.j_slider.hold_trait_notifications():
            self.i_slider.value, self.j_slider.value = i, j

    def _on_click(self, event):
        if event.inaxes is self.image.axes and event.xdata is not None and event.ydata is not None:
            self.select(max(event.ydata, 1e-12), min(max(event.xdata, 1e-12), 1.0))

    def _on_pick(self, change):
        m, L = self.map, self.labels
        i, j = self.i_slider.value, self.j_slider.value
        self.trajectory = m.trajectory(i, j)
        self.marker.set_data([m.decay_rates[j]], [m.learning_rates[i]])
        self.run_view.update(self.trajectory.w, self.trajectory.steps)
        name = m.outcome(i, j)
        self.readout.value = (
            f"η₀ = {m.learning_rates[i]:.4g}, {L['decay_rate']} = {m.decay_rates[j]:.3f} &nbsp;·&nbsp; "
            + L["readout"].format(step=m.steps, w=_number(self.trajectory.w[-1]),
                                  loss=_number(self.trajectory.loss[-1]))
            + f" &nbsp;·&nbsp; <b>{L['outcome'].format(name=L['outcome:' + name])}</b>"
            + _state(learning_rate=float(m.learning_rates[i]), decay_rate=float(m.decay_rates[j]),
                     w=float(self.trajectory.w[-1]), outcome=name)
        )
        self.draws += 1
        self.canvas.draw_idle()

    def close(self):
        self.canvas.mpl_disconnect(self._click)
        for w in (self.widget, self.canvas, self.i_slider, self.j_slider, self.readout):
            w.close()

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)
