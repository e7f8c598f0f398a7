"""Pictures of a descent, drawn on matplotlib ``Axes`` that the caller owns.

Two kinds of helper:

* *views* (:class:`ParabolaView`, :class:`StepCurveView`) draw their artists
  once on an ``Axes`` and then only move them (``set_data``) in ``update``;
  the widgets in :mod:`lrlab.widgets` redraw a frame this way;
* *figures* (``descent_figure`` and friends) build a whole static
  :class:`~matplotlib.figure.Figure` for a notebook to show as a PNG.

Nothing here touches pyplot's global state or knows about widgets.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import numpy as np
from matplotlib.figure import Figure

from .descent import Trajectory, descend
from .losses import Quadratic
from .schedules import Schedule

__all__ = [
    "COLORS",
    "ParabolaView",
    "StepCurveView",
    "descent_figure",
    "regimes_figure",
    "schedules_figure",
    "outcome_map_figure",
    "draw_outcome_map",
    "to_png",
    "picture",
]

COLORS = {
    "curve": "#3b3b3b",
    "path": "#1f77b4",
    "point": "#d62728",
    "ghost": "#b0b0b0",
    "minimum": "#2ca02c",
    "rate": "#9467bd",
}

#: How far from the centre (in units of the start's distance) the parabola view follows w.
CHART_CAP = 1e6


def _finite(values) -> np.ndarray:
    """float64 copy with non-finite values replaced by NaN (matplotlib leaves a gap)."""
    out = np.array(values, dtype=np.float64)
    out[~np.isfinite(out)] = np.nan
    return out


def _single(traj) -> Trajectory:
    if not isinstance(traj, Trajectory) or traj.batch_shape:
        raise TypeError(f"`trajectory` must be a single-run lrlab.Trajectory. Received: trajectory={traj!r}")
    return traj


def visible_span(traj: Trajectory, step: int) -> tuple[float, float]:
    """The x-range that shows ``w0``, the minimum and the iterates up to ``step`` that fit on a chart."""
    loss: Quadratic = traj.loss_fn
    c = loss.centre
    w = _finite(traj.w[: step + 1])
    reach = CHART_CAP * max(1.0, abs(float(traj.w[0]) - c))
    shown = w[np.abs(w - c) <= reach]
    lo = min(np.nanmin(shown, initial=c), c)
    hi = max(np.nanmax(shown, initial=c), c)
    half = max((hi - lo) / 2, 1.0) * 1.15
    mid = (hi + lo) / 2
    return mid - half, mid + half


@dataclass
class ParabolaView:
    """The loss curve with the path of ``w`` on it, the current ``w`` and an optional ghost run.

    Draws on ``ax`` when made; ``update(traj, step)`` moves the artists.
    """

    ax: object
    loss: Quadratic
    labels: dict = field(default_factory=dict)
    artists: dict = field(init=False)

    def __post_init__(self):
        ax, c = self.ax, self.loss.centre
        self.artists = {
            "curve": ax.plot([], [], color=self.labels.get("curve_color", COLORS["curve"]), lw=1.5, zorder=1)[0],
            "ghost": ax.plot([], [], "o-", color=COLORS["ghost"], lw=1, ms=3, alpha=0.7, zorder=2,
                             label=self.labels.get("ghost", "constant rate"))[0],
            "path": ax.plot([], [], "o-", color=COLORS["path"], lw=1.2, ms=4, zorder=3,
                            label=self.labels.get("path", "w, step by step"))[0],
            "point": ax.plot([], [], "o", color=COLORS["point"], ms=11, zorder=4)[0],
            "minimum": ax.plot([c], [0.0], "*", color=COLORS["minimum"], ms=13, zorder=5)[0],
            "status": ax.text(0.5, 0.97, "", transform=ax.transAxes, ha="center", va="top",
                              fontsize=10, color=COLORS["point"]),
        }
        ax.set_xlabel("w")
        ax.set_ylabel(self.labels.get("loss", "loss"))

    def update(self, traj: Trajectory, step: int, ghost: Trajectory | None = None, status: str = ""):
        a, c = self.loss.curvature, self.loss.centre
        lo, hi = visible_span(traj, step)
        xs = np.linspace(lo, hi, 201)
        ys = a * (xs - c) ** 2
        art = self.artists
        art["curve"].set_data(xs, ys)
        w = _finite(traj.w[: step + 1])
        art["path"].set_data(w, _finite(traj.loss[: step + 1]))
        art["point"].set_data(w[-1:], _finite(traj.loss[step : step + 1]))
        if ghost is None:
            art["ghost"].set_data([], [])
        else:
            g = min(step, ghost.steps)
            art["ghost"].set_data(_finite(ghost.w[: g + 1]), _finite(ghost.loss[: g + 1]))
        art["status"].set_text(status)
        self.ax.set_xlim(lo, hi)
        top = float(ys.max())
        self.ax.set_ylim(-0.06 * top, 1.12 * top)
        return list(art.values())


@dataclass
class StepCurveView:
    """A quantity per step (the loss, the learning rate) with a marker at the current step."""

    ax: object
    ylabel: str
    color: str = COLORS["path"]
    scale: str = "symlog"
    ghost_label: str = "constant rate"
    artists: dict = field(init=False)

    def __post_init__(self):
        ax = self.ax
        self.artists = {
            "ghost": ax.plot([], [], color=COLORS["ghost"], lw=1.5, label=self.ghost_label)[0],
            "line": ax.plot([], [], color=self.color, lw=1.5)[0],
            "point": ax.plot([], [], "o", color=COLORS["point"], ms=8, zorder=4)[0],
        }
        if self.scale == "symlog":
            ax.set_yscale("symlog", linthresh=1e-6)
        ax.set_xlabel("step")
        ax.set_ylabel(self.ylabel)
        ax.grid(alpha=0.3)

    def update(self, values, step: int, ghost=None):
        y = _finite(values)
        x = np.arange(len(y))
        art = self.artists
        art["line"].set_data(x, y)
        current = y[step : step + 1] if step < len(y) else y[-1:]
        art["point"].set_data(x[step : step + 1] if step < len(y) else x[-1:], current)
        gy = None if ghost is None else _finite(ghost)
        art["ghost"].set_data(([], []) if gy is None else (np.arange(len(gy)), gy))
        both = y if gy is None else np.concatenate([y, gy])
        finite = both[np.isfinite(both)]
        top = float(finite.max()) if finite.size else 1.0
        top = min(top, 1e30) if top > 0 else 1.0
        self.ax.set_xlim(-0.5, max(len(y) - 0.5, 1))
        self.ax.set_ylim(0 if self.scale == "symlog" else -0.05 * top, top * (3 if self.scale == "symlog" else 1.1))
        return list(art.values())


def status_text(traj: Trajectory, step: int, labels: dict | None = None) -> str:
    """``""``, or a warning that the run diverged / has left the chart."""
    labels = labels or {}
    d = traj.diverged_at
    if d is not None and step >= d:
        return labels.get("diverged", "diverged at step {step}").format(step=d)
    w = float(traj.w[step])
    c = traj.loss_fn.centre
    if np.isfinite(w) and abs(w - c) > CHART_CAP * max(1.0, abs(float(traj.w[0]) - c)):
        return labels.get("off_chart", "w = {w:.3g}: off the chart").format(w=w)
    return ""


# ---------------------------------------------------------------- static figures


def _figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def descent_figure(traj: Trajectory, *, step: int | None = None, ghost: Trajectory | None = None,
                   title: str | None = None, labels: dict | None = None) -> Figure:
    """The parabola with the path of ``w`` beside the loss per step: a static picture."""
    traj = _single(traj)
    step = traj.steps if step is None else step
    labels = labels or {}
    fig = _figure(9, 3.4)
    ax_w, ax_loss = fig.subplots(1, 2, width_ratios=[1.25, 1])
    view = ParabolaView(ax_w, traj.loss_fn, labels)
    view.update(traj, step, ghost, status_text(traj, step, labels))
    curve = StepCurveView(ax_loss, labels.get("loss", "loss"))
    curve.update(traj.loss, step, None if ghost is None else ghost.loss)
    if title:
        fig.suptitle(title)
    if ghost is not None:
        ax_w.legend(loc="upper right", fontsize=8)
    return fig


def regimes_figure(learning_rates, *, w0: float = 5.0, steps: int = 12, loss: Quadratic | None = None,
                   names: dict | None = None) -> Figure:
    """Small multiples: one panel per constant rate, w's path on the parabola."""
    from .theory import regime

    rates = list(learning_rates)
    fig = _figure(2.6 * len(rates), 2.6)
    axes = np.atleast_1d(fig.subplots(1, len(rates), sharey=False))
    for ax, lr in zip(axes, rates, strict=True):
        traj = descend(lr, w0=w0, steps=steps, loss=loss, dtype=np.float64)
        ParabolaView(ax, traj.loss_fn).update(traj, steps, status=status_text(traj, steps))
        name = regime(lr, traj.loss_fn)
        ax.set_title(f"η = {lr:g}: {(names or {}).get(name, name)}", fontsize=10)
        ax.set_ylabel("")
    return fig


def schedules_figure(schedules: dict, *, steps: int = 40) -> Figure:
    """Learning rate per step for each named schedule, side by side."""
    fig = _figure(4.2 * len(schedules), 3)
    axes = np.atleast_1d(fig.subplots(1, len(schedules), sharey=True))
    k = np.arange(steps)
    for ax, (name, sched) in zip(axes, schedules.items(), strict=True):
        rate = sched(k) if isinstance(sched, Schedule) else np.array([sched(int(i)) for i in k])
        ax.step(k, rate, where="post", color=COLORS["rate"], lw=1.8)
        ax.plot(k, rate, ".", color=COLORS["rate"], ms=4)
        ax.set_title(name, fontsize=10)
        ax.set_xlabel("step")
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("learning rate")
    return fig


OUTCOME_COLORS = {
    "converges": "#4caf50",
    "freezes": "#64b5f6",
    "bounces": "#ffb74d",
    "diverges": "#e57373",
}


def draw_outcome_map(ax, outcome_map, *, names: dict | None = None):
    """Draw an :class:`lrlab.lab.OutcomeMap` on ``ax``; returns ``(image, marker)``."""
    from matplotlib.colors import ListedColormap

    names = names or {}
    order = list(OUTCOME_COLORS)
    cmap = ListedColormap([OUTCOME_COLORS[o] for o in order])
    lr, dr = outcome_map.learning_rates, outcome_map.decay_rates
    image = ax.pcolormesh(dr, lr, outcome_map.codes, cmap=cmap, vmin=-0.5, vmax=len(order) - 0.5,
                          shading="nearest", rasterized=True)
    ax.set_yscale("log")
    ax.set_xlabel(names.get("decay_rate", "decay rate"))
    ax.set_ylabel(names.get("learning_rate", "initial learning rate"))
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=OUTCOME_COLORS[o], label=names.get(o, o)) for o in order],
              loc="lower left", fontsize=8, framealpha=0.9)
    marker = ax.plot([], [], "X", color="black", ms=11, mec="white")[0]
    return image, marker


def outcome_map_figure(outcome_map, *, names: dict | None = None) -> Figure:
    fig = _figure(5.5, 4.2)
    ax = fig.subplots()
    draw_outcome_map(ax, outcome_map, names=names)
    ax.set_title(f"after {outcome_map.steps} steps", fontsize=10)
    return fig


# ---------------------------------------------------------------- output


def to_png(fig: Figure, dpi: int = 100) -> bytes:
    """The figure as PNG bytes, with no timestamp or version in the file (reproducible)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


def picture(fig: Figure):
    """Show ``fig`` as a static PNG in a notebook (kept in the saved file, no kernel needed)."""
    from IPython.display import Image

    return Image(data=to_png(fig), format="png")
