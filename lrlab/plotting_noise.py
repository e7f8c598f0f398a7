"""Static pictures of notebook 04 (noisy gradients and schedules), drawn from :mod:`lrlab.noisy`'s numbers.

Every function returns a matplotlib :class:`~matplotlib.figure.Figure` (no pyplot); ``lrlab.plotting.picture``
shows one in a notebook. Loss and distance axes are true log axes (values that are exactly 0 are left out,
never drawn as a floor); colours are Okabe–Ito; every line and marker has a legend entry; the horizon, the
noise σ and the number of seeded runs are written on every figure that shows noisy runs.
"""

from __future__ import annotations

import dataclasses
import functools
import math

import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from . import _validation as v
from . import fonts, i18n
from .descent import Trajectory
from .noisy import LineFit, NoiseFrames, NoiseSummary, NoisyMap
from .plotting import apply_axes
from .view import COLORS, OKABE_ITO, linear_axis, log_axis, map_axes, step_axis
from .view_noise import NOISE_COLORS, NOISE_LABELS, check_labels, noise_legend

__all__ = [
    "SCHEDULE_COLORS",
    "epochs_figure",
    "line_fit_figure",
    "noise_floor_figure",
    "noisy_map_figure",
    "schedules_noise_figure",
    "warmup_figure",
]

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
    return i18n.text("fig.noise." + key, **values)


def _positive(values) -> np.ndarray:
    """float64 values for a log axis: zeros and non-finite values become NaN (a gap, never a fake floor)."""
    out = np.array(values, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        out[~(np.isfinite(out) & (out > 0))] = np.nan
    return out


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

    Each panel: ``frames.shown`` seeded runs drawn faintly, the mean loss of all ``frames.runs`` runs, and
    the theoretical noise floor as a dashed line; the loss on a true log axis. The legend is the noise explorer's
    (:func:`lrlab.view_noise.noise_legend`; ``labels`` replaces its texts as the explorer's ``labels=`` does).
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
    noise_texts = {k: i18n.text("noise:" + k) for k in NOISE_LABELS}  # the noise labels in the language
    entries = noise_legend(
        check_labels(noise_texts | (labels or {})), shown=frames.shown, runs=frames.runs
    )  # the explorer's legend
    fig.legend(
        handles=[
            _line(e.color, e.label, lw=width.get(e.color, 1.5), ls="--" if e.marker == "dash" else "-") for e in entries
        ],
        loc="outside lower center",
        ncols=3,
        fontsize=9,
        frameon=False,
    )
    fig.suptitle(
        _t("floor_title", loss=frames.loss_text, w0=frames.w0, T=frames.steps, runs=frames.runs),
        fontsize=11,
    )
    return fig


# ---------------------------------------------------------------- schedules under noise


@_speaks
def schedules_noise_figure(summaries: dict, *, marks=()) -> Figure:
    """Left: the rate of each schedule per update (log axis). Right: the mean loss over the seeded runs per
    update (log axis), with the noise floor of any constant rate as a dashed line.

    ``summaries`` maps a name to a :class:`~lrlab.noisy.NoiseSummary` (all with the same σ, runs and horizon);
    ``marks`` are updates to mark with a dotted vertical line (e.g. the horizons a table reads).
    """
    if not isinstance(summaries, dict) or not summaries:
        v.fail("summaries", "a non-empty dict of name -> NoiseSummary", summaries, TypeError)
    items = [(name, _check(f"summaries[{name!r}]", s, NoiseSummary)) for name, s in summaries.items()]
    if len(items) > len(SCHEDULE_COLORS):
        v.fail("summaries", f"at most {len(SCHEDULE_COLORS)} schedules", list(summaries))
    first = items[0][1]
    fig = Figure(figsize=(11, 3.9), dpi=100, layout="constrained")
    ax_r, ax_l = fig.subplots(1, 2)
    x_axis = step_axis(first.steps)
    rate_lo, rate_hi = _decades(np.concatenate([s.rate for _, s in items]))
    loss_lo, loss_hi = _decades(np.concatenate([s.mean_loss for _, s in items]))
    apply_axes(ax_r, x_axis, log_axis(rate_lo, rate_hi, _t("rate_axis")))
    apply_axes(ax_l, x_axis, log_axis(loss_lo, loss_hi, _t("mean_loss_axis", runs=first.runs)))
    handles = []
    for (name, s), color in zip(items, SCHEDULE_COLORS, strict=False):
        ax_r.plot(np.arange(s.steps), _positive(s.rate), color=color, lw=1.8)
        ax_l.plot(np.arange(s.steps + 1), _positive(s.mean_loss), color=color, lw=1.6)
        handles.append(_line(color, i18n.phrase(name), lw=1.8))
        if math.isfinite(s.floor):
            ax_l.axhline(s.floor, color=color, lw=1.2, ls="--")
            handles.append(_line(color, _t("floor_of", name=i18n.phrase(name)), lw=1.2, ls="--"))
    for k in marks:
        for ax in (ax_r, ax_l):
            ax.axvline(k, color="#777777", lw=1, ls=":")
    if marks:
        handles.append(_line("#777777", _t("horizons"), lw=1, ls=":"))
    ax_r.set_title(_t("the_schedules"), fontsize=10)
    ax_l.set_title(_t("the_loss"), fontsize=10)
    fig.legend(handles=handles, loc="outside right center", fontsize=9, frameon=False)
    fig.suptitle(
        _t("schedules_title", noise=first.noise, runs=first.runs, T=first.steps),
        fontsize=11,
    )
    return fig


# ---------------------------------------------------------------- the map under noise


@_speaks
def noisy_map_figure(noisy: NoisyMap) -> Figure:
    """The mean final distance over seeds for every (γ, η₀) on a log colour scale; overflowed settings in
    vermillion; the best setting marked. The title states T, σ and the number of runs."""
    m = _check("noisy", noisy, NoisyMap)
    fig = Figure(figsize=(7.4, 4.6), dpi=100, layout="constrained")
    ax = fig.subplots()
    x_axis, y_axis = map_axes(m.learning_rates, m.decay_rates)
    finite = np.where(np.isfinite(m.mean_distance), m.mean_distance, np.nan)
    lo, hi = _decades(finite)
    image = ax.pcolormesh(
        m.decay_rates,
        m.learning_rates,
        finite,
        cmap="viridis",
        norm=LogNorm(10.0**lo, 10.0**hi),
        shading="nearest",
        rasterized=True,
    )
    bad = np.where(m.diverged, 1.0, np.nan)
    from matplotlib.colors import ListedColormap

    ax.pcolormesh(
        m.decay_rates,
        m.learning_rates,
        bad,
        cmap=ListedColormap([OKABE_ITO["vermillion"]]),
        shading="nearest",
        rasterized=True,
    )
    apply_axes(ax, x_axis, y_axis)
    ax.grid(False)
    i, j = m.best()
    ax.plot([m.decay_rates[j]], [m.learning_rates[i]], "X", color="white", mec="black", ms=11)
    bar = fig.colorbar(image, ax=ax)
    bar.set_label(_t("map_bar", runs=m.runs))
    ax.legend(
        handles=[
            Patch(color=OKABE_ITO["vermillion"], label=_t("overflowed")),
            Line2D(
                [],
                [],
                marker="X",
                ls="",
                color="white",
                mec="black",
                ms=10,
                label=_t("smallest", d=m.mean_distance[i, j]),
            ),
        ],
        loc="lower left",
        fontsize=8,
        framealpha=0.9,
    )
    ax.set_title(_t("map_title", T=m.steps, noise=m.noise, runs=m.runs), fontsize=10)
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
    runs: :meth:`~lrlab.noisy.LineFit.epoch_excess`), on a log axis."""
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
