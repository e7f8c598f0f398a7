"""Static pictures of a descent, drawn with matplotlib from lrlab's view models (:mod:`lrlab.view`).

The live explorers (:mod:`lrlab.widgets`) draw the same pictures in the browser from the same view
models: same axis spans, ticks, tick labels, log axes, colours, texts and legend entries.

* :class:`DescentPicture` builds the panels of one run once and ``show(step)`` moves the artists
  (used for GIFs and for each explorer's ``figure()``);
* ``descent_figure``, ``decay_figure``, ``regimes_figure``, ``schedules_figure``, ``outcome_map_figure``
  return a whole :class:`~matplotlib.figure.Figure`; ``picture(fig)`` shows it as a PNG in a notebook.

Loss pictures plot the distance ``|w − c|`` on a true log axis; a value that is exactly 0 is left out
(a marker says "reached c exactly"), never drawn as a fake plateau. Nothing here touches pyplot.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from . import fonts, i18n, view
from .descent import Trajectory, descend
from .losses import Quadratic
from .schedules import Schedule
from .view import COLORS, OUTCOME_COLORS, Axis

__all__ = [
    "COLORS",
    "OUTCOME_COLORS",
    "DescentPicture",
    "apply_axes",
    "decay_figure",
    "descent_figure",
    "draw_outcome_map",
    "outcome_map_figure",
    "picture",
    "regimes_figure",
    "schedules_figure",
    "to_png",
    "w_steps_panel",
]


def _labels(labels: dict | None) -> dict:
    """The explorers' labels with ``labels`` applied, in the figures' language (:func:`lrlab.fonts.figure_language`:
    the current language, or English when Chinese has no CJK font)."""
    with i18n.language(fonts.figure_language()):
        return view.check_labels(labels)


def _text(key: str, **values) -> str:
    """A figure text of the catalogue in the figures' language."""
    return i18n.text_in(fonts.figure_language(), key, **values)


def _phrase(english):
    """A title or name a notebook passes in, translated into the figures' language when the catalogue has it."""
    with i18n.language(fonts.figure_language()):
        return i18n.phrase(english)


_MARKERS = {"line": None, "dash": None, "o": "o", "D": "D", "*": "*", "v": "v", "square": "s"}


def _finite(values) -> np.ndarray:
    """float64 copy with non-finite values replaced by NaN (matplotlib leaves a gap)."""
    out = np.array(values, dtype=np.float64)
    out[~np.isfinite(out)] = np.nan
    return out


def _single(traj) -> Trajectory:
    if not isinstance(traj, Trajectory) or traj.batch_shape:
        raise TypeError(f"`trajectory` must be a single-run lrlab.Trajectory. Received: trajectory={traj!r}")
    return traj


def _set(ax, axis: Axis, which: str):
    scale = getattr(ax, f"set_{which}scale")
    scale(axis.scale)
    getattr(ax, f"set_{which}lim")(axis.lo, axis.hi)
    getattr(ax, f"set_{which}ticks")(list(axis.ticks), list(axis.labels))
    if axis.scale == "log":
        getattr(ax, f"{which}axis").set_minor_locator(_null_locator())
    getattr(ax, f"set_{which}label")(axis.title)


def _null_locator():
    from matplotlib.ticker import NullLocator

    return NullLocator()


def apply_axes(ax, x: Axis, y: Axis):
    """Give ``ax`` exactly the spans, scales, ticks, tick labels and titles of a view model's axes."""
    _set(ax, x, "x")
    _set(ax, y, "y")
    ax.grid(color=COLORS["grid"], lw=0.8)
    ax.set_axisbelow(True)


def legend_handles(entries) -> list:
    return [
        Line2D(
            [],
            [],
            color=e.color,
            marker=_MARKERS[e.marker],
            ls={"line": "-", "dash": "--"}.get(e.marker, ""),
            ms=8,
            label=e.label,
        )
        for e in entries
    ]


class DescentPicture:
    """The panels of one run: the parabola with w's path, optionally the rate per step, and the distance
    ``|w − c|`` per step on a log axis; ``show(step)`` moves the current-step artists.

    The axes come from :mod:`lrlab.view` (the same functions the browser explorers use).
    """

    def __init__(
        self,
        traj: Trajectory,
        *,
        ghost: Trajectory | None = None,
        rate_panel: bool = False,
        staircase: bool = False,
        labels: dict | None = None,
        title: str | None = None,
        size=(9.6, 3.6),
    ):
        self.traj = t = _single(traj)
        self.ghost = None if ghost is None else _single(ghost)
        self.labels = L = _labels(labels)
        self.loss = loss = t.loss_fn
        self.figure = fig = Figure(figsize=size, dpi=100, layout="constrained")
        ratios = [1.3, 1, 1] if rate_panel else [1.25, 1]
        axes = fig.subplots(1, len(ratios), width_ratios=ratios)
        self.ax_w, self.ax_d = axes[0], axes[-1]
        self.ax_rate = axes[1] if rate_panel else None
        ((self.x_axis, self.y_axis),) = view.parabola_axes(t.w, loss, L)[0]
        (self.d_axis,) = view.distance_axes(t.w, loss, None if ghost is None else ghost.w, L)[0]
        self.s_axis = view.step_axis(t.steps, L)
        apply_axes(self.ax_w, self.x_axis, self.y_axis)
        apply_axes(self.ax_d, self.s_axis, self.d_axis)
        self.exact_at = int(view.first_exact(t.w, loss))
        a, c = view._a(loss), float(loss.centre)
        xs = np.linspace(self.x_axis.lo, self.x_axis.hi, 241)
        ax = self.ax_w
        z = view.zorder  # the view model's layers: the minimum's star above the current-w dot
        ax.plot(xs, a * (xs - c) ** 2, color=COLORS["curve"], lw=1.5, zorder=z("curve"))
        p_marker, p_color = view.MARKS["point"]
        self.art = {
            "ghost": ax.plot([], [], "o-", color=COLORS["ghost"], lw=1, ms=3, zorder=z("ghost"))[0],
            "path": ax.plot([], [], "o-", color=COLORS["path"], lw=1.2, ms=3.5, zorder=z("path"))[0],
            "point": ax.plot([], [], p_marker, color=p_color, ms=10, zorder=z("point"))[0],
            "status": ax.text(
                0.5, 0.97, "", transform=ax.transAxes, ha="center", va="top", fontsize=10, color=COLORS["point"]
            ),
            "d_point": self.ax_d.plot([], [], p_marker, color=p_color, ms=7, zorder=5)[0],
        }
        m_marker, m_color = view.MARKS["minimum"]
        ax.plot([c], [0.0], m_marker, color=m_color, ms=14, zorder=z("minimum"), mec="white", mew=0.5)
        steps = np.arange(t.steps + 1)
        self.dist = _positive(view.distance(t.w, loss))
        if ghost is not None:
            self.ax_d.plot(
                np.arange(ghost.steps + 1), _positive(view.distance(ghost.w, loss)), color=COLORS["ghost"], lw=1.5
            )
        self.ax_d.plot(steps, self.dist, color=COLORS["path"], lw=1.5)
        if self.exact_at >= 0:
            e_marker, e_color = view.MARKS["exact"]
            self.ax_d.plot([self.exact_at], [self.d_axis.lo], e_marker, color=e_color, ms=8, clip_on=False, zorder=6)
        if self.ax_rate is not None:
            self.r_axis = view.rate_axes([float(t.lr[0]) if t.steps else 0.0], L)[0][0]
            apply_axes(self.ax_rate, self.s_axis, self.r_axis)
            k = np.arange(t.steps)
            if ghost is not None:
                self.ax_rate.plot(k, _finite(ghost.lr), color=COLORS["ghost"], lw=1.5)
            if staircase:  # a staircase schedule is drawn as steps, a smooth one as a plain line
                self.ax_rate.step(k, _finite(t.lr), where="post", color=COLORS["rate"], lw=1.8)
            else:
                self.ax_rate.plot(k, _finite(t.lr), color=COLORS["rate"], lw=1.8)
            r_marker, r_color = view.MARKS["rate_point"]  # the current rate: its own marker and legend entry
            self.art["r_point"] = self.ax_rate.plot([], [], r_marker, color=r_color, ms=7, zorder=5)[0]
        self.legend = view.legend(L, ghost=ghost is not None, exact=self.exact_at >= 0, rate=self.ax_rate is not None)
        fig.legend(
            handles=legend_handles(self.legend),
            loc="outside lower center",
            ncols=len(self.legend),
            fontsize=9,
            frameon=False,
        )
        if title:
            fig.suptitle(_phrase(title))
        fonts.use_cjk(fig)

    def show(self, step: int) -> list:
        """Move the current-step artists to ``step``; returns them (for FuncAnimation)."""
        t, L, art = self.traj, self.labels, self.art
        step = int(min(max(step, 0), t.steps))
        w = _finite(t.w[: step + 1])
        y = _finite(t.loss[: step + 1])
        art["path"].set_data(w, y)
        art["point"].set_data(w[-1:], y[-1:])
        if self.ghost is not None:
            g = min(step, self.ghost.steps)
            art["ghost"].set_data(_finite(self.ghost.w[: g + 1]), _finite(self.ghost.loss[: g + 1]))
        art["status"].set_text(
            view.status(float(t.w[step]), -1 if t.diverged_at is None else t.diverged_at, step, self.x_axis, L)
        )
        art["d_point"].set_data([step], self.dist[step : step + 1])
        if self.ax_rate is not None:
            k = min(step, t.steps - 1)
            art["r_point"].set_data([k], _finite(t.lr[k : k + 1]))
        return list(art.values())


def _positive(values) -> np.ndarray:
    """Values for a log axis: zeros and non-finite values become NaN (a gap), never a fake floor."""
    out = _finite(values)
    out[~(out > 0)] = np.nan
    return out


def descent_figure(
    traj: Trajectory,
    *,
    step: int | None = None,
    ghost: Trajectory | None = None,
    title: str | None = None,
    labels: dict | None = None,
) -> Figure:
    """The parabola with the path of ``w`` beside the distance to the minimum per step (log axis)."""
    pic = DescentPicture(traj, ghost=ghost, labels=labels, title=title)
    pic.show(pic.traj.steps if step is None else step)
    return pic.figure


def decay_figure(
    traj: Trajectory,
    *,
    step: int | None = None,
    ghost: Trajectory | None = None,
    staircase: bool = False,
    title: str | None = None,
    labels: dict | None = None,
) -> Figure:
    """Like :func:`descent_figure`, with the learning rate per step in the middle (DecayExplorer's picture)."""
    pic = DescentPicture(
        traj, ghost=ghost, rate_panel=True, staircase=staircase, labels=labels, title=title, size=(11, 3.6)
    )
    pic.show(pic.traj.steps if step is None else step)
    return pic.figure


def regimes_figure(
    learning_rates, *, w0: float = 5.0, steps: int = 12, loss: Quadratic | None = None, names: dict | None = None
) -> Figure:
    """Small multiples: one panel per constant rate, w's path on the parabola."""
    from .theory import regime

    rates = list(learning_rates)
    fig = Figure(figsize=(2.6 * len(rates), 2.9), dpi=100, layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(rates), sharey=False))
    L = _labels(None)
    for ax, lr in zip(axes, rates, strict=True):
        traj = descend(lr, w0=w0, steps=steps, loss=loss, dtype=np.float64)
        ((x_axis, y_axis),) = view.parabola_axes(traj.w, traj.loss_fn, L)[0]
        apply_axes(ax, x_axis, y_axis)
        a, c = view._a(traj.loss_fn), float(traj.loss_fn.centre)
        xs = np.linspace(x_axis.lo, x_axis.hi, 241)
        ax.plot(xs, a * (xs - c) ** 2, color=COLORS["curve"], lw=1.5)
        path_z = view.zorder("path")
        ax.plot(_finite(traj.w), _finite(traj.loss), "o-", color=COLORS["path"], lw=1.2, ms=3.5, zorder=path_z)
        ax.plot([c], [0.0], "*", color=COLORS["minimum"], ms=13, zorder=view.zorder("minimum"))
        text = view.status(float(traj.w[-1]), -1 if traj.diverged_at is None else traj.diverged_at, steps, x_axis, L)
        ax.text(0.5, 0.97, text, transform=ax.transAxes, ha="center", va="top", fontsize=9, color=COLORS["point"])
        name = regime(lr, traj.loss_fn)
        ax.set_title(_text("fig.regime_title", rate=lr, name=(names or {}).get(name, L["regime:" + name])), fontsize=10)
        ax.set_ylabel("")
    fig.legend(
        handles=legend_handles(view.legend(L)[::2]), loc="outside lower center", ncols=2, fontsize=9, frameon=False
    )
    fonts.use_cjk(fig)
    return fig


def schedules_figure(schedules: dict, *, steps: int = 40) -> Figure:
    """Learning rate per step for each named schedule: smooth ones as a plain line, staircase ones as steps."""
    fig = Figure(figsize=(4.2 * len(schedules), 3), dpi=100, layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(schedules), sharey=True))
    L = _labels(None)
    k = np.arange(steps)
    for ax, (name, sched) in zip(axes, schedules.items(), strict=True):
        rate = sched(k) if isinstance(sched, Schedule) else np.array([sched(int(i)) for i in k])
        if getattr(sched, "staircase", False):
            ax.step(k, rate, where="post", color=COLORS["rate"], lw=1.8)
        else:
            ax.plot(k, rate, color=COLORS["rate"], lw=1.8)
        ax.set_title(_phrase(name), fontsize=10)
        ax.set_xlabel(L["update_axis"])
        ax.grid(color=COLORS["grid"])
    axes[0].set_ylabel(_text("fig.learning_rate"))
    fonts.use_cjk(fig)
    return fig


def draw_outcome_map(ax, outcome_map, *, names: dict | None = None, labels: dict | None = None):
    """Draw an :class:`lrlab.outcomes.OutcomeMap` on ``ax``; returns ``(image, marker)``.

    Colours are Okabe–Ito; the legend names every outcome; the title states the horizon T and tol.
    """
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    from .outcomes import OUTCOMES

    L = _labels(labels)
    names = names or {}
    cmap = ListedColormap([OUTCOME_COLORS[o] for o in OUTCOMES])
    m = outcome_map
    x_axis, y_axis = view.map_axes(m.learning_rates, m.decay_rates, L)
    image = ax.pcolormesh(
        m.decay_rates,
        m.learning_rates,
        m.codes,
        cmap=cmap,
        vmin=-0.5,
        vmax=len(OUTCOMES) - 0.5,
        shading="nearest",
        rasterized=True,
    )
    apply_axes(ax, x_axis, y_axis)
    ax.grid(False)
    if "decay_rate" in names:
        ax.set_xlabel(names["decay_rate"])
    if "learning_rate" in names:
        ax.set_ylabel(names["learning_rate"])
    ax.legend(
        handles=[Patch(color=OUTCOME_COLORS[o], label=names.get(o, L.get("outcome:" + o, o))) for o in OUTCOMES],
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        fontsize=8,
        frameon=False,
        title=None,
    )
    ax.set_title(view.fill(L["map_title"], T=m.steps, tol=f"{m.tol:g}"), fontsize=10)
    marker = ax.plot([], [], "X", color="black", ms=11, mec="white", label=L["selected"])[0]
    return image, marker


def outcome_map_figure(outcome_map, *, names: dict | None = None) -> Figure:
    """The map of outcomes, with T and tol in the title."""
    fig = Figure(figsize=(6.4, 4.2), dpi=100, layout="constrained")
    ax = fig.subplots()
    draw_outcome_map(ax, outcome_map, names=names)
    fonts.use_cjk(fig)
    return fig


def w_steps_panel(ax, traj: Trajectory, labels: dict | None = None) -> Axis:
    """w per step, on a y-axis that holds the whole run and the minimum c (never cut)."""
    L = _labels(labels)
    (y_axis,) = view.w_axes(traj.w, traj.loss_fn, L)[0]
    apply_axes(ax, view.step_axis(traj.steps, L), y_axis)
    ax.axhline(traj.loss_fn.centre, color=COLORS["minimum"], lw=1, ls="--")
    ax.plot(np.arange(traj.steps + 1), _finite(traj.w), color=COLORS["path"], lw=1.5)
    return y_axis


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
