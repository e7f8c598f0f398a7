"""Static pictures of a descent, drawn with matplotlib from lrlab's view models (:mod:`lrlab.view`).

The live explorers (:mod:`lrlab.widgets`) draw the same pictures in the browser from the same view
models: same axis spans, ticks, tick labels, log axes, colours, texts and legend entries.

* :class:`DescentPicture` builds the panels of one run once and ``show(step)`` moves the artists
  (used for GIFs and for each explorer's ``figure()``);
* ``descent_figure``, ``decay_figure``, ``regimes_figure``, ``schedules_figure``, ``outcome_map_figure``
  return a whole :class:`~matplotlib.figure.Figure`; ``picture(fig)`` shows it as a PNG in a notebook;
* with noisy gradients: ``noise_floor_figure``, ``schedules_noise_figure``, ``noisy_map_figure``,
  ``warmup_figure``, ``epochs_figure``, ``line_fit_figure``; the horizon, the noise σ and the number of
  seeded runs are written on every figure that shows noisy runs.

Loss pictures plot the distance ``|w − c|`` on a true log axis; a value that is exactly 0 is left out
(a marker says "reached c exactly"), never drawn as a fake plateau. Nothing here touches pyplot.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import math

import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from . import checks as v
from . import fonts, i18n, view
from .descent import LineFit, Trajectory, descend, rates
from .losses import Quadratic
from .outcomes import NoisyMap
from .schedules import Schedule
from .theory import best_possible_loss, expected_loss
from .view import (
    COLORS,
    NOISE_COLORS,
    OKABE_ITO,
    OUTCOME_COLORS,
    Axis,
    NoiseFrames,
    linear_axis,
    log_axis,
    map_axes,
    noise_legend,
    step_axis,
)

__all__ = [
    "COLORS",
    "OUTCOME_COLORS",
    "RHO_COLORS",
    "RHO_EDGES",
    "SCHEDULE_COLORS",
    "DescentPicture",
    "MomentumMap",
    "apply_axes",
    "decay_figure",
    "descent_figure",
    "draw_momentum_map",
    "draw_noise_frame",
    "draw_outcome_map",
    "epochs_figure",
    "line_fit_figure",
    "momentum_map",
    "momentum_map_figure",
    "noise_floor_figure",
    "noisy_map_figure",
    "optimizer_name",
    "optimizers_figure",
    "outcome_map_figure",
    "picture",
    "regimes_figure",
    "schedules_figure",
    "schedules_noise_figure",
    "to_png",
    "w_steps_panel",
    "warmup_figure",
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
        a, c = loss.a, float(loss.centre)
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
        a, c = traj.loss_fn.a, float(traj.loss_fn.centre)
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
    """The figure as PNG bytes: reproducible (no timestamp or version in the file) and small (a palette of at
    most 256 colours, which line drawings need; about a third of the full-colour size, so stored notebooks stay
    light)."""
    from PIL import Image

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    full = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    small = io.BytesIO()
    full.quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(small, format="png", optimize=True)
    return small.getvalue()


def picture(fig: Figure):
    """Show ``fig`` as a static PNG in a notebook (kept in the saved file, no kernel needed)."""
    from IPython.display import Image

    return Image(data=to_png(fig), format="png")


# ---------------------------------------------------------------- noisy gradients

#: One colour per curve of a comparison, in order (Okabe–Ito, most distinct first).
SCHEDULE_COLORS = (
    OKABE_ITO["black"],
    OKABE_ITO["orange"],
    OKABE_ITO["blue"],
    OKABE_ITO["bluish green"],
    OKABE_ITO["reddish purple"],
    OKABE_ITO["sky blue"],
    OKABE_ITO["vermillion"],
)

FLOOR_COLOR = NOISE_COLORS["floor"]
FAINT_COLOR = NOISE_COLORS["faint"]
MEAN_COLOR = NOISE_COLORS["mean"]


def _speaks(build):
    """Build the figure in the figures' language (:func:`lrlab.fonts.figure_language`) and give its texts the CJK
    font when they are Chinese."""

    @functools.wraps(build)
    def wrapper(*args, **kwargs):
        with i18n.language(fonts.figure_language()):
            fig = build(*args, **kwargs)
        fonts.use_cjk(fig)
        return fig

    return wrapper


def _t(key: str, **values) -> str:
    """A noise figure's text of the catalogue, in the current language (see :func:`_speaks`)."""
    return i18n.text("fig.noise." + key, **values)


def _decades(values, pad_lo: int = 0, pad_hi: int = 0) -> tuple[int, int]:
    """The decades holding every positive finite value (at least one decade)."""
    vals = np.asarray(values, dtype=np.float64)
    ok = vals[np.isfinite(vals) & (vals > 0)]
    if not ok.size:
        return -1, 1
    lo = math.floor(math.log10(ok.min())) - pad_lo
    hi = math.ceil(math.log10(ok.max())) + pad_hi
    return lo, max(hi, lo + 1)


def _line(color, label, **kw) -> Line2D:
    return Line2D([], [], color=color, label=label, **kw)


def _check(name, value, kind):
    if not isinstance(value, kind):
        v.fail(name, f"an lrlab {kind.__name__}", value, TypeError)
    return value


# ---------------------------------------------------------------- the noise floor


def draw_noise_frame(ax, frames: NoiseFrames, i: int, j: int):
    """Draw knob position ``(i, j)`` of the noise explorer on ``ax``: faint runs, their mean, the floor.

    Returns ``(faint_lines, mean_line, floor_line)``.
    """
    frames = _check("frames", frames, NoiseFrames)
    i = v.count("i", i, maximum=len(frames.learning_rates) - 1)
    j = v.count("j", j, maximum=len(frames.noises) - 1)
    x_axis, y_axis = frames.axes()
    y_axis = dataclasses.replace(y_axis, title=_t("loss_axis"))
    apply_axes(ax, x_axis, y_axis)
    k = np.arange(frames.steps + 1)
    faint = [
        ax.plot(k, _positive(run), color=FAINT_COLOR, lw=0.6, alpha=0.45, zorder=1)[0] for run in frames.faint[i, j]
    ]
    mean = ax.plot(k, _positive(frames.mean[i, j]), color=MEAN_COLOR, lw=2.2, zorder=3)[0]
    floor = ax.axhline(float(frames.floor[i, j]), color=FLOOR_COLOR, lw=1.6, ls="--", zorder=4)
    ax.set_title(
        _t("panel_title", rate=frames.learning_rates[i], noise=frames.noises[j], floor=frames.floor[i, j]), fontsize=10
    )
    return faint, mean, floor


@_speaks
def noise_floor_figure(frames: NoiseFrames, panels, *, labels: dict | None = None) -> Figure:
    """Knob positions ``panels`` (a list of ``(i, j)``) of the noise explorer side by side, one axes each.

    Each panel: ``frames.shown`` seeded runs drawn faintly, the exact expected loss, and the theoretical noise
    floor as a dashed line; the loss on a true log axis. The legend is the noise explorer's
    (:func:`lrlab.view.noise_legend`; ``labels`` replaces its texts as the explorer's ``labels=`` does).
    """
    frames = _check("frames", frames, NoiseFrames)
    panels = list(panels)
    if not panels:
        v.fail("panels", "a non-empty list of (i, j) knob positions", panels)
    fig = Figure(figsize=(4.6 * len(panels), 3.7), dpi=100, layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(panels), sharey=True))
    for ax, (i, j) in zip(axes, panels, strict=True):
        draw_noise_frame(ax, frames, i, j)
    for ax in axes[1:]:
        ax.set_ylabel("")
    width = {FAINT_COLOR: 1.0, MEAN_COLOR: 2.2, FLOOR_COLOR: 1.6}
    entries = noise_legend(_labels(labels), shown=frames.shown)  # the explorer's legend
    fig.legend(
        handles=[
            _line(e.color, e.label, lw=width.get(e.color, 1.5), ls="--" if e.marker == "dash" else "-") for e in entries
        ],
        loc="outside lower center",
        ncols=1 if len(panels) == 1 else 2,  # the legend's texts are long: one row of three would be cut off
        fontsize=9,
        frameon=False,
    )
    title = _t("floor_title", loss=frames.loss_text, w0=frames.w0, T=frames.steps, runs=frames.shown)
    if len(panels) == 1:  # one panel is too narrow for the title on one line: break it after its first colon
        title = title.replace(": ", ":\n", 1) if ": " in title else title.replace("：", "：\n", 1)
    fig.suptitle(title, fontsize=11)
    return fig


# ---------------------------------------------------------------- schedules under noise


@_speaks
def schedules_noise_figure(
    schedules: dict, *, noise: float, steps: int, w0: float = 5.0, loss: Quadratic | None = None, marks=()
) -> Figure:
    """Left: the rate of each schedule per update (log axis). Right: its exact expected loss per update
    (:func:`lrlab.expected_loss`, log axis), above the lowest any schedule can reach at each update
    (:func:`lrlab.best_possible_loss`, a wide grey band). The title states σ, w₀ and the horizon T.

    ``schedules`` maps a name to a rate or schedule (as :func:`lrlab.descend` takes it); ``marks`` are updates to
    mark with a dotted vertical line (e.g. the horizons a table reads).
    """
    if not isinstance(schedules, dict) or not schedules:
        v.fail("schedules", "a non-empty dict of name -> rate or schedule", schedules, TypeError)
    if len(schedules) > len(SCHEDULE_COLORS):
        v.fail("schedules", f"at most {len(SCHEDULE_COLORS)} schedules", list(schedules))
    for name in schedules:
        if not isinstance(name, str):
            v.fail("schedules", "a dict whose keys are names (str)", list(schedules), TypeError)
    sigma = v.number("noise", noise, v.positive)
    steps = v.count("steps", steps, minimum=1)
    start = v.number("w0", w0)
    marks = [v.count("marks", k, maximum=steps) for k in marks]
    curves = {
        name: (
            np.asarray(rates(s, steps), dtype=np.float64),
            expected_loss(s, w0=start, steps=steps, noise=sigma, loss=loss),
        )
        for name, s in schedules.items()
    }
    k = np.arange(steps + 1)
    bound = np.asarray([best_possible_loss(int(t), w0=start, noise=sigma, loss=loss) for t in k])
    fig = Figure(figsize=(11, 3.9), dpi=100, layout="constrained")
    ax_r, ax_l = fig.subplots(1, 2)
    x_axis = step_axis(steps)
    rate_lo, rate_hi = _decades(np.concatenate([r.ravel() for r, _ in curves.values()]))
    rate_lo = max(rate_lo, rate_hi - 8)  # a rate that decays to nothing leaves the axis rather than squash the rest
    loss_lo, loss_hi = _decades(np.concatenate([e.ravel() for _, e in curves.values()] + [bound]))
    apply_axes(ax_r, x_axis, log_axis(rate_lo, rate_hi, _t("rate_axis")))
    apply_axes(ax_l, x_axis, log_axis(loss_lo, loss_hi, _t("expected_axis")))
    ax_l.plot(k, _positive(bound), color="#bbbbbb", lw=6, solid_capstyle="butt", zorder=1)
    handles = []
    for (name, (rate, curve)), color in zip(curves.items(), SCHEDULE_COLORS, strict=False):
        ax_r.plot(np.arange(steps), _positive(rate), color=color, lw=1.8)
        ax_l.plot(k, _positive(curve), color=color, lw=1.6, zorder=3)
        handles.append(_line(color, i18n.phrase(name), lw=1.8))
    handles.append(_line("#bbbbbb", _t("bound"), lw=6))
    for m in marks:
        for ax in (ax_r, ax_l):
            ax.axvline(m, color="#777777", lw=1, ls=":")
    if marks:
        handles.append(_line("#777777", _t("horizons"), lw=1, ls=":"))
    ax_r.set_title(_t("the_schedules"), fontsize=10)
    ax_l.set_title(_t("the_loss"), fontsize=10)
    fig.legend(handles=handles, loc="outside right center", fontsize=9, frameon=False)
    fig.suptitle(_t("schedules_title", noise=sigma, w0=start, T=steps), fontsize=11)
    return fig


# ---------------------------------------------------------------- the map under noise


@_speaks
def noisy_map_figure(noisy: NoisyMap) -> Figure:
    """The exact expected loss after T updates for every (γ, η₀) on a log colour scale up to the loss at w₀;
    settings that end above it in vermillion; the best setting marked. The title states T, σ and w₀."""
    m = _check("noisy", noisy, NoisyMap)
    fig = Figure(figsize=(7.4, 4.6), dpi=100, layout="constrained")
    ax = fig.subplots()
    x_axis, y_axis = map_axes(m.learning_rates, m.decay_rates)
    worse = m.worse_than_start
    shown = np.where(worse, np.nan, m.expected_loss)
    lo, _ = _decades(shown)
    top = m.start_loss if m.start_loss > 10.0**lo else 10.0 ** (lo + 1)
    image = ax.pcolormesh(
        m.decay_rates,
        m.learning_rates,
        shown,
        cmap="viridis",
        norm=LogNorm(10.0**lo, top),
        shading="nearest",
        rasterized=True,
    )
    from matplotlib.colors import ListedColormap

    ax.pcolormesh(
        m.decay_rates,
        m.learning_rates,
        np.where(worse, 1.0, np.nan),
        cmap=ListedColormap([OKABE_ITO["vermillion"]]),
        shading="nearest",
        rasterized=True,
    )
    apply_axes(ax, x_axis, y_axis)
    ax.grid(False)
    i, j = m.best()
    ax.plot([m.decay_rates[j]], [m.learning_rates[i]], "X", color="white", mec="black", ms=11)
    bar = fig.colorbar(image, ax=ax)
    bar.set_label(_t("map_bar", T=m.steps))
    ax.legend(
        handles=[
            Patch(color=OKABE_ITO["vermillion"], label=_t("worse", start=m.start_loss)),
            Line2D(
                [],
                [],
                marker="X",
                ls="",
                color="white",
                mec="black",
                ms=10,
                label=_t("lowest", e=m.expected_loss[i, j]),
            ),
        ],
        loc="lower left",
        fontsize=8,
        framealpha=0.9,
    )
    ax.set_title(_t("map_title", T=m.steps, noise=m.noise, w0=m.w0), fontsize=10)
    return fig


# ---------------------------------------------------------------- warmup


@_speaks
def warmup_figure(constant_run: Trajectory, warmup_run: Trajectory, *, names=("constant rate", "warmup")) -> Figure:
    """Left: the two runs' rates per update. Right: their distance |w − c| per update (true log axis); a run
    that overflows stops where it overflowed (marked), a run that reaches c exactly is marked too."""
    runs = [_check("constant_run", constant_run, Trajectory), _check("warmup_run", warmup_run, Trajectory)]
    for r in runs:
        if r.batch_shape:
            v.fail("constant_run and warmup_run", "single runs", r, TypeError)
    steps = max(r.steps for r in runs)
    c = float(runs[0].loss_fn.centre)
    fig = Figure(figsize=(11, 3.7), dpi=100, layout="constrained")
    ax_r, ax_d = fig.subplots(1, 2)
    top = max(float(np.max(r.lr)) for r in runs)
    apply_axes(ax_r, step_axis(steps), linear_axis(0.0, top * 1.12, i18n.text("rate"), ticks_from=(0, top)))
    dists = [_positive(np.abs(np.asarray(r.w, dtype=np.float64) - c)) for r in runs]
    lo, hi = _decades(np.concatenate(dists))
    apply_axes(ax_d, step_axis(steps), log_axis(lo, hi, i18n.text("distance")))
    handles = []
    colors = (OKABE_ITO["vermillion"], OKABE_ITO["blue"])
    overflowed = exact = False
    for r, d, name, color in zip(runs, dists, names, colors, strict=True):
        ax_r.plot(np.arange(r.steps), np.asarray(r.lr, dtype=np.float64), color=color, lw=1.8)
        ax_d.plot(np.arange(r.steps + 1), d, "o-", color=color, lw=1.4, ms=3)
        handles.append(_line(color, i18n.phrase(name), lw=1.8, marker="o", ms=3))
        if r.diverged_at is not None:
            last = int(np.flatnonzero(np.isfinite(d))[-1])
            ax_d.plot([last], [d[last]], "^", color=OKABE_ITO["black"], ms=9, zorder=5)
            overflowed = True
        zero = np.flatnonzero(np.asarray(r.w, dtype=np.float64) == c)
        if zero.size:
            ax_d.plot([zero[0]], [10.0**lo], "v", color=OKABE_ITO["black"], ms=8, clip_on=False, zorder=5)
            exact = True
    if overflowed:
        handles.append(
            Line2D(
                [],
                [],
                marker="^",
                ls="",
                color=OKABE_ITO["black"],
                ms=8,
                label=_t("last_finite"),
            )
        )
    if exact:
        handles.append(Line2D([], [], marker="v", ls="", color=OKABE_ITO["black"], ms=8, label=i18n.text("exact")))
    ax_r.set_title(_t("the_rates"), fontsize=10)
    ax_d.set_title(_t("on_loss", loss=runs[0].loss_fn, w0=float(runs[0].w[0])), fontsize=10)
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), fontsize=9, frameon=False)
    return fig


# ---------------------------------------------------------------- steps vs epochs


@_speaks
def epochs_figure(schedule, steps_per_epoch: int, *, first_epochs: int = 5, epochs: int = 182) -> Figure:
    """Left: the rate of every update during the first ``first_epochs`` epochs (a staircase schedule is drawn as
    steps), epoch boundaries dotted. Right: the rate of each epoch over ``epochs`` epochs."""
    steps_per_epoch = v.count("steps_per_epoch", steps_per_epoch, minimum=1, maximum=10**7)
    first_epochs = v.count("first_epochs", first_epochs, minimum=1, maximum=1000)
    epochs = v.count("epochs", epochs, minimum=1, maximum=10**6)
    if not callable(schedule):
        v.fail("schedule", "an lrlab schedule", schedule, TypeError)
    stairs = bool(getattr(schedule, "staircase", False))
    k = np.arange(first_epochs * steps_per_epoch)
    rate_k = np.asarray(schedule(k), dtype=np.float64)
    e = np.arange(epochs)
    rate_e = np.asarray(schedule(e * steps_per_epoch), dtype=np.float64)
    top = float(max(rate_k.max(), rate_e.max()))
    fig = Figure(figsize=(11, 3.5), dpi=100, layout="constrained")
    ax_k, ax_e = fig.subplots(1, 2)
    y = linear_axis(0.0, top * 1.1, i18n.text("fig.learning_rate"), ticks_from=(0, top))
    apply_axes(ax_k, linear_axis(0, k.size, _t("update_number"), ticks_from=(0, k.size)), y)
    apply_axes(ax_e, linear_axis(0, epochs, _t("epoch"), ticks_from=(0, epochs)), y)
    if stairs:
        ax_k.step(k, rate_k, where="post", color=OKABE_ITO["reddish purple"], lw=1.8)
        ax_e.step(e, rate_e, where="post", color=OKABE_ITO["reddish purple"], lw=1.8)
    else:
        ax_k.plot(k, rate_k, color=OKABE_ITO["reddish purple"], lw=1.8)
        ax_e.plot(e, rate_e, color=OKABE_ITO["reddish purple"], lw=1.8)
    for b in range(1, first_epochs):
        ax_k.axvline(b * steps_per_epoch, color="#777777", lw=1, ls=":")
    ax_k.set_title(_t("first_epochs", n=first_epochs), fontsize=10)
    ax_e.set_title(_t("all_epochs", n=epochs), fontsize=10)
    fig.legend(
        handles=[
            _line(OKABE_ITO["reddish purple"], _t("rate_used"), lw=1.8),
            _line("#777777", _t("boundary", n=steps_per_epoch), lw=1, ls=":"),
        ],
        loc="outside lower center",
        ncols=2,
        fontsize=9,
        frameon=False,
    )
    return fig


# ---------------------------------------------------------------- the minibatch fit


@_speaks
def line_fit_figure(x, y, fits: dict) -> Figure:
    """Left: the data, the least-squares line and each fit's final line (its first run). Right: each fit's
    excess loss (MSE minus the least-squares minimum) per epoch (averaged over the epoch's updates and the
    runs: :meth:`~lrlab.descent.LineFit.epoch_excess`), on a log axis."""
    x = np.asarray(v.finite("x", x))
    y = np.asarray(v.finite("y", y))
    if not isinstance(fits, dict) or not fits:
        v.fail("fits", "a non-empty dict of name -> LineFit", fits, TypeError)
    items = [(name, _check(f"fits[{name!r}]", f, LineFit)) for name, f in fits.items()]
    first = items[0][1]
    fig = Figure(figsize=(11, 3.8), dpi=100, layout="constrained")
    ax_d, ax_l = fig.subplots(1, 2, width_ratios=[1, 1.3])
    ax_d.scatter(x, y, s=9, color="#999999", zorder=1)
    xs = np.array([x.min(), x.max()])
    m, b = first.best
    ax_d.plot(xs, m * xs + b, color=OKABE_ITO["black"], lw=2.2, ls="--", zorder=3)
    handles_d = [
        Line2D([], [], marker="o", ls="", color="#999999", ms=4, label=_t("points", n=x.size)),
        _line(OKABE_ITO["black"], _t("least_squares", m=m, b=b), lw=2, ls="--"),
    ]
    curves = [f.epoch_excess() for _, f in items]
    lo, hi = _decades(np.concatenate(curves))
    epochs = first.epochs
    apply_axes(
        ax_l,
        linear_axis(0, epochs + 1, _t("epoch"), ticks_from=(0, epochs)),
        log_axis(lo, hi, _t("excess_axis")),
    )
    handles_l = []
    for (name, f), curve, color in zip(items, curves, SCHEDULE_COLORS[1:], strict=False):
        mf, bf = f.params[-1, 0]
        ax_d.plot(xs, mf * xs + bf, color=color, lw=1.5, zorder=2)
        handles_d.append(_line(color, _t("final_line", name=i18n.phrase(name)), lw=1.5))
        ax_l.plot(np.arange(1, f.epochs + 1), _positive(curve), "o-", color=color, lw=1.5, ms=3)
        handles_l.append(_line(color, i18n.phrase(name), lw=1.5, marker="o", ms=3))
    ax_d.set_xlabel("x")
    ax_d.set_ylabel("y")
    ax_d.grid(color=COLORS["grid"])
    ax_d.legend(handles=handles_d, fontsize=8, loc="upper left", frameon=False)
    ax_l.legend(handles=handles_l, fontsize=8, loc="upper right", frameon=False)
    ax_d.set_title(_t("data_title"), fontsize=10)
    ax_l.set_title(
        _t("mean_over", runs=first.params.shape[1], batch=first.batch_size, per_epoch=first.steps_per_epoch),
        fontsize=10,
    )
    return fig


# ---------------------------------------------------------------- optimizers (notebook 05)
#
# Momentum and adaptive optimizers on the course's loss: several optimizers side by side, and the heavy ball's
# (η, β) map (lrlab.optimizers.theory). The optimizer explorer (lrlab.widgets.OptimizerExplorer) draws the same map
# from the same MomentumMap.

#: The map's classes of the factor ρ by which |w − c| shrinks per update: ρ below each edge, then "diverges".
RHO_EDGES = (0.5, 0.8, 0.9, 0.95, 0.99, 1.0)
#: One colour per class of ρ, fastest first (viridis from bright to dark), and vermillion for "diverges".
RHO_COLORS = ("#FDE725", "#7AD151", "#22A884", "#2A788E", "#414487", "#440154", OKABE_ITO["vermillion"])


def _o(key: str, **values) -> str:
    """An optimizer figure's text of the catalogue, in the current language (see :func:`_speaks`)."""
    return i18n.text("fig.opt." + key, **values)


def optimizer_name(optimizer) -> str:
    """How the pictures name an optimizer: its convention and class with the settings that differ from the
    defaults, e.g. ``keras.SGD(momentum=0.9)`` or ``course.Adam()``; ``None`` (plain gradient descent) by its name
    in the current language."""
    import inspect

    from .optimizers import Optimizer

    if optimizer is None:
        return i18n.text("fig.opt.plain")
    if not isinstance(optimizer, Optimizer):
        v.fail("optimizer", "None or an lrlab optimizer", optimizer, TypeError)
    params = inspect.signature(type(optimizer)).parameters
    changed = [
        f"{p}={getattr(optimizer, p)!r}"
        for p in params
        if params[p].default is inspect.Parameter.empty or getattr(optimizer, p) != params[p].default
    ]
    return f"{optimizer.convention}.{type(optimizer).__name__}({', '.join(changed)})"


@_speaks
def optimizers_figure(optimizers, learning_rate=0.2, *, w0: float = 5.0, steps: int = 100, loss=None) -> Figure:
    """The same run with each optimizer (``None``: plain gradient descent), the same rate (a number or a
    schedule), from the same start: left, w per update; right, the distance |w − c| per update on a true log
    axis (a distance that is exactly 0 is left out, and marked where it first happens)."""
    opts = list(optimizers) if isinstance(optimizers, (list, tuple)) else None
    if not opts or len(opts) > len(SCHEDULE_COLORS):
        v.fail("optimizers", f"a list of 1 to {len(SCHEDULE_COLORS)} optimizers (None: plain descent)", optimizers)
    names = [optimizer_name(o) for o in opts]
    runs = [descend(learning_rate, w0=w0, steps=steps, loss=loss, optimizer=o) for o in opts]
    loss_fn = runs[0].loss_fn
    c = float(loss_fn.centre)
    w_all = np.concatenate([np.asarray(r.w, dtype=np.float64) for r in runs])[:, None]
    (w_axis,) = view.w_axes(w_all, loss_fn)[0]
    dists = [_positive(np.abs(np.asarray(r.w, dtype=np.float64) - c)) for r in runs]
    lo, hi = _decades(np.concatenate(dists))
    fig = Figure(figsize=(11, 4.0), dpi=100, layout="constrained")
    ax_w, ax_d = fig.subplots(1, 2)
    apply_axes(ax_w, step_axis(steps), w_axis)
    apply_axes(ax_d, step_axis(steps), log_axis(lo, hi, i18n.text("distance")))
    ax_w.axhline(c, color=COLORS["minimum"], lw=1, ls="--")
    k = np.arange(steps + 1)
    handles, exact = [], False
    for r, d, name, color in zip(runs, dists, names, SCHEDULE_COLORS, strict=False):
        ax_w.plot(k, _finite(r.w), color=color, lw=1.6)
        ax_d.plot(k, d, color=color, lw=1.6)
        handles.append(_line(color, name, lw=1.8))
        zero = np.flatnonzero(np.asarray(r.w, dtype=np.float64) == c)
        if zero.size:
            ax_d.plot([zero[0]], [10.0**lo], "v", color=color, mec=OKABE_ITO["black"], ms=8, clip_on=False, zorder=5)
            exact = True
    if exact:
        handles.append(Line2D([], [], marker="v", ls="", color=OKABE_ITO["black"], ms=8, label=i18n.text("exact")))
    rate = f"η = {float(learning_rate):g}" if isinstance(learning_rate, (int, float)) else repr(learning_rate)
    fig.suptitle(_o("title", rate=rate, loss=loss_fn, w0=w0, steps=steps), fontsize=11)
    fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 3), fontsize=9, frameon=False)
    return fig


@dataclasses.dataclass(frozen=True)
class MomentumMap:
    """Heavy-ball momentum with a constant rate on a quadratic, over a grid of rates η and momenta β: the factor
    ρ by which |w − c| shrinks per update in the long run (:func:`lrlab.optimizers.momentum_rate`), and its class
    (an index into :data:`RHO_COLORS`: ρ below each of :data:`RHO_EDGES`, the last class for ρ ≥ 1, "diverges").

    Row i is the rate ``learning_rates[i]``, column j the momentum ``momenta[j]`` (as the explorer's ``i``, ``j``).
    """

    learning_rates: np.ndarray
    momenta: np.ndarray
    factor: np.ndarray
    codes: np.ndarray
    loss: Quadratic

    def edge(self, momenta) -> np.ndarray:
        """The largest rate that converges for each momentum: η = 2(1 + β)/f″."""
        return 2 * (1 + np.asarray(momenta, dtype=np.float64)) / self.loss.curvature

    def best(self, learning_rates) -> np.ndarray:
        """The fastest momentum for each rate, (1 − √(ηf″))² (NaN where ηf″ ≥ 4: no momentum in [0, 1) converges)."""
        x = np.asarray(learning_rates, dtype=np.float64) * self.loss.curvature
        return np.where(x < 4, (1 - np.sqrt(np.minimum(x, 4))) ** 2, np.nan)

    def axes(self, labels: dict | None = None) -> tuple[Axis, Axis]:
        """The map's x axis (the rate, a true log axis holding every cell) and y axis (the momentum, linear)."""
        lr, mo = self.learning_rates, self.momenta
        ratio = math.sqrt(lr[1] / lr[0])
        lo, hi = float(lr[0] / ratio), float(lr[-1] * ratio)
        ticks = sorted(
            m * 10.0**e
            for e in range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1)
            for m in (1, 2, 5)
            if lo <= m * 10.0**e <= hi
        )
        x = Axis(lo, hi, "log", tuple(ticks), tuple(f"{t:g}" for t in ticks), _o("rate_axis"))
        half = (mo[1] - mo[0]) / 2
        y = linear_axis(float(mo[0] - half), float(mo[-1] + half), _o("momentum_axis"), ticks_from=(0.0, 1.0))
        return x, y

    def edges(self) -> tuple[np.ndarray, np.ndarray]:
        """The cells' edges: geometric means between rates, midpoints between momenta (and the axes' ends)."""
        x, y = self.axes()
        lr, mo = self.learning_rates, self.momenta
        x_edges = np.concatenate([[x.lo], np.sqrt(lr[1:] * lr[:-1]), [x.hi]])
        y_edges = np.concatenate([[y.lo], (mo[1:] + mo[:-1]) / 2, [y.hi]])
        return x_edges, y_edges

    def class_names(self) -> list[str]:
        """The legend text of each class of ρ."""
        between = [_o("rho_between", lo=lo, hi=hi) for lo, hi in zip(RHO_EDGES[:-1], RHO_EDGES[1:], strict=True)]
        return [_o("rho_first", hi=RHO_EDGES[0]), *between, _o("diverges")]


def momentum_map(learning_rates=None, momenta=None, loss=None) -> MomentumMap:
    """:class:`MomentumMap` over ``learning_rates`` (increasing, > 0; default: 60 rates from 0.001 to 2, log
    spaced) and ``momenta`` (increasing, in [0, 1); default 0, 0.02, …, 0.98) on ``loss`` (default (w + 1)²)."""
    from .losses import quadratic_loss
    from .optimizers import momentum_rate

    lr = np.geomspace(0.001, 2.0, 60) if learning_rates is None else learning_rates
    mo = np.round(np.arange(0.0, 0.99, 0.02), 2) if momenta is None else momenta
    lr = np.atleast_1d(v.positive("learning_rates", lr)).astype(np.float64)
    mo = np.atleast_1d(v.real("momenta", mo)).astype(np.float64)
    for name, arr in (("learning_rates", lr), ("momenta", mo)):
        if arr.ndim != 1 or arr.size < 2 or not np.all(np.diff(arr) > 0):
            v.fail(name, "at least 2 increasing values", arr)
    loss = quadratic_loss(loss)
    factor = np.asarray(momentum_rate(lr[:, None], mo[None, :], loss), dtype=np.float64)
    codes = np.searchsorted(np.asarray(RHO_EDGES), factor, side="right").astype(np.uint8)
    return MomentumMap(v.frozen(lr), v.frozen(mo), v.frozen(factor), v.frozen(codes), loss)


def draw_momentum_map(ax, m: MomentumMap, *, marks=()) -> None:
    """The map's cells, the edge ηf″ = 2(1 + β) (dashed), the best momentum (1 − √(ηf″))² (solid) and ``marks``,
    a list of (η, β) settings (crosses), on ``ax``."""
    from matplotlib.colors import BoundaryNorm, ListedColormap

    x_axis, y_axis = m.axes()
    x_edges, y_edges = m.edges()
    cmap = ListedColormap(list(RHO_COLORS))
    norm = BoundaryNorm(np.arange(len(RHO_COLORS) + 1) - 0.5, len(RHO_COLORS))
    ax.pcolormesh(x_edges, y_edges, m.codes.T, cmap=cmap, norm=norm, rasterized=True)
    apply_axes(ax, x_axis, y_axis)
    ax.grid(False)
    beta = np.linspace(y_axis.lo, y_axis.hi, 200)
    ax.plot(m.edge(beta), beta, "--", color=OKABE_ITO["black"], lw=1.6)
    eta = np.geomspace(x_axis.lo, x_axis.hi, 400)
    ax.plot(eta, m.best(eta), "-", color=OKABE_ITO["black"], lw=1.6)
    for eta_mark, beta_mark in marks:
        ax.plot([eta_mark], [beta_mark], "X", color="white", mec="black", ms=11, zorder=5)


@_speaks
def momentum_map_figure(m: MomentumMap | None = None, *, marks=()) -> Figure:
    """The heavy ball's map: for every (η, β) the class of the factor ρ by which |w − c| shrinks per update
    (vermillion where it diverges), with the edge ηf″ = 2(1 + β), the best momentum β = (1 − √(ηf″))² and the
    settings ``marks`` ((η, β) pairs)."""
    m = momentum_map() if m is None else _check("m", m, MomentumMap)
    fig = Figure(figsize=(8.6, 4.8), dpi=100, layout="constrained")
    ax = fig.subplots()
    draw_momentum_map(ax, m, marks=marks)
    handles: list = [Patch(color=col, label=name) for col, name in zip(RHO_COLORS, m.class_names(), strict=True)]
    handles += [
        _line(OKABE_ITO["black"], _o("edge"), ls="--", lw=1.6),
        _line(OKABE_ITO["black"], _o("best"), lw=1.6),
    ]
    if marks:
        handles.append(Line2D([], [], marker="X", ls="", color="white", mec="black", ms=10, label=_o("marked")))
    fig.legend(handles=handles, loc="outside right center", fontsize=9, frameon=False)
    ax.set_title(_o("map_title", loss=m.loss), fontsize=10)
    return fig
