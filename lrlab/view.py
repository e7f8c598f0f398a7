"""View models: what each picture shows, decided once, in Python.

A *view model* holds everything a picture needs except pixels: axis spans, nice ticks and their labels,
the axis scale (linear or a true log), colours, texts and legend entries, and which runs to draw. The static
matplotlib pictures (:mod:`lrlab.plotting`) and the live explorers (:mod:`lrlab.widgets`, drawn by
``static/explorer.js``) both read them, so the two cannot drift apart. The explorers send their view model to
the browser once; the browser computes the runs it draws itself (``static/descent.js``, bit for bit
:func:`lrlab.descend`), so every knob works with no kernel.

Nothing here imports matplotlib or widgets; everything is plain numbers, strings and numpy arrays.

Axes are chosen from a small ladder of nice spans, so that many runs share a few dozen distinct axes: the
browser gets a short table of axes and, per run (or per knob position), an index into it.
"""

from __future__ import annotations

import math
import string
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import checks as v
from . import i18n
from .descent import descend
from .losses import Quadratic, quadratic_loss
from .theory import noise_floor

__all__ = [
    "COLORS",
    "KNOB_NOISES",
    "KNOB_RATES",
    "LABELS",
    "MARKS",
    "NOISE_COLORS",
    "NOISE_LABELS",
    "OKABE_ITO",
    "OUTCOME_COLORS",
    "PARABOLA_LAYERS",
    "Axis",
    "LegendEntry",
    "NoiseFrames",
    "check_labels",
    "contrast",
    "default_labels",
    "distance",
    "distance_axes",
    "distance_keys",
    "distance_table",
    "fill",
    "legend",
    "limit_horizon",
    "linear_axis",
    "log_axis",
    "map_axes",
    "nice_ticks",
    "noise_frames",
    "noise_legend",
    "number",
    "parabola_axes",
    "parabola_keys",
    "parabola_table",
    "rate_axes",
    "rate_text",
    "status",
    "status_line",
    "step_axis",
    "w_axes",
]

# ---------------------------------------------------------------- colours

#: The Okabe–Ito palette (Okabe & Ito 2008), safe for the common colour-vision deficiencies.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}

#: Darker shades of the same hues, for lines, markers and texts: each has a contrast of at least 4.5:1 on white
#: (WCAG AA for text), so a legend entry or a status line drawn in it can be read on a projector.
INKS = {
    "blue": OKABE_ITO["blue"],
    "vermillion": "#B84A00",
    "bluish green": "#007A5A",
    "reddish purple": "#A8537F",
    "grey": "#6E6E6E",
}

#: What each element of a picture is drawn in.
COLORS = {
    "curve": "#555555",
    "path": INKS["blue"],
    "point": INKS["vermillion"],
    "rate_point": INKS["vermillion"],
    "minimum": INKS["bluish green"],
    "ghost": INKS["grey"],
    "rate": INKS["reddish purple"],
    "exact": OKABE_ITO["black"],
    "grid": "#E4E4E4",
    "text": "#222222",
    "tol": "#222222",
}

#: The colour of every outcome on the map: area fills (the map's legend draws each swatch with a dark rim).
OUTCOME_COLORS = {
    "arrived": OKABE_ITO["bluish green"],
    "not there yet": OKABE_ITO["sky blue"],
    "still zig-zagging": OKABE_ITO["yellow"],
    "frozen": OKABE_ITO["reddish purple"],
    "diverged": OKABE_ITO["vermillion"],
}

#: The noise explorer: single runs faint (the blue, drawn translucent), their expected loss strong, the floor dashed.
NOISE_COLORS = {"faint": INKS["blue"], "mean": "#222222", "floor": INKS["vermillion"]}


def contrast(foreground: str, background: str = "#FFFFFF") -> float:
    """The WCAG 2 contrast ratio of two ``#RRGGBB`` colours (1 to 21; 4.5 is AA for text)."""

    def luminance(colour: str) -> float:
        rgb = [int(colour.lstrip("#")[n : n + 2], 16) / 255 for n in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# ---------------------------------------------------------------- texts

#: Every text an explorer shows, in English; replace any of them with ``labels={...}``. The texts actually
#: used follow the current language (:func:`lrlab.set_language`; see :func:`default_labels`), from the
#: catalogue in :mod:`lrlab.i18n`. Templates use plain ``{field}`` placeholders (the browser fills them in);
#: numbers come pre-formatted.
LABELS = {k: t for k, t in i18n.texts(i18n.LABEL_KEYS, "en").items() if not k.startswith("outcome:")}

#: The texts only the noise explorer shows (English).
NOISE_LABELS = {
    k: LABELS[k]
    for k in ("noise", "seed", "faint", "expected", "floor", "noise_loss_axis", "noise_readout", "noise_title")
    + ("canvas_noise", "text_noise")
}


def default_labels() -> dict:
    """Every explorer text in the current language (:func:`lrlab.get_language`): the keys of :data:`LABELS`
    plus one ``outcome:<name>`` entry per outcome name of :mod:`lrlab.outcomes`."""
    return i18n.texts(i18n.LABEL_KEYS)


def check_labels(overrides) -> dict:
    """The full label set with ``overrides`` applied; every override is checked now, not when drawn.

    Raises ``TypeError``/``ValueError`` naming ``labels`` (or ``labels['key']``) and the value received.
    """
    base = default_labels()
    if overrides is None:
        return base
    if not isinstance(overrides, dict):
        v.fail("labels", "a dict of texts", overrides, TypeError)
    unknown = sorted(set(overrides) - set(base), key=str)
    if unknown:
        v.fail("labels", f"a dict whose keys are among lrlab.view.LABELS (unknown: {unknown})", overrides)
    for key, text in overrides.items():
        name = f"labels[{key!r}]"
        if not isinstance(text, str):
            v.fail(name, "a str", text, TypeError)
        allowed = i18n.placeholders(i18n.CATALOGUE["en"][key])
        try:
            parts = list(string.Formatter().parse(text))
        except ValueError as exc:
            v.fail(name, f"a text with well-formed {{…}} placeholders ({exc})", text)
        for _, field, spec, conversion in parts:
            if field is None:
                continue
            if field not in allowed or spec or conversion:
                shown = ", ".join("{" + f + "}" for f in sorted(allowed)) or "none"
                v.fail(name, f"a text whose placeholders are among: {shown} (plain, no format spec)", text)
    return base | overrides


def fill(template: str, **values) -> str:
    """Fill a checked template (what the browser does with ``replaceAll``)."""
    for key, value in values.items():
        template = template.replace("{" + key + "}", str(value))
    return template


def number(x, overflow: str | None = None, decimals: int = 6) -> str:
    """How the explorers print a number (w, a loss, where w stops): ``decimals`` decimals (6 unless given), or
    ``1.234e+7`` from a million on, or ``overflow`` (the label ``overflow`` of the current language unless
    given) when it is not finite. The browser's ``number`` prints exactly the same text."""
    x = float(x)
    if not math.isfinite(x):
        return i18n.text("overflow") if overflow is None else overflow
    if abs(x) < 1e6:
        return f"{x:.{decimals}f}"
    m, e = f"{x:.3e}".split("e")  # the same text as JavaScript's toExponential(3)
    return f"{m}e{'+' if int(e) >= 0 else '-'}{abs(int(e))}"


def rate_text(x: float) -> str:
    """A learning rate as the controls show it: 4 significant digits when that is the exact value, else every
    digit (the text is always the rate that runs)."""
    x = float(x)
    short = f"{x:.4g}"
    return short if float(short) == x else repr(x)


#: What separates the parts of a status line (the readout under the knobs).
SEPARATOR = " · "


def status_line(parts) -> str:
    """The readout under the knobs: its non-empty parts in order (the browser's ``statusLine`` is the same)."""
    return SEPARATOR.join(p for p in parts if p)


# ---------------------------------------------------------------- axes


@dataclass(frozen=True)
class Axis:
    """One axis of a picture: its span, scale, ticks with their labels, and title."""

    lo: float
    hi: float
    scale: str  # "linear" or "log"
    ticks: tuple[float, ...]
    labels: tuple[str, ...]
    title: str = ""

    def to_json(self) -> dict:
        return {
            "lo": self.lo,
            "hi": self.hi,
            "scale": self.scale,
            "ticks": list(self.ticks),
            "labels": list(self.labels),
            "title": self.title,
        }


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _tick_label(x: float, step: float) -> str:
    if x == 0:
        return "0"
    if abs(x) >= 1e5:
        e = int(math.floor(math.log10(abs(x))))
        m = x / 10**e
        mant = f"{m:.2g}"
        text = f"10{str(e).translate(_SUPERSCRIPT)}" if mant == "1" else f"{mant}×10{str(e).translate(_SUPERSCRIPT)}"
    else:
        decimals = max(0, -math.floor(math.log10(step) + 1e-9))
        if round(step / 10 ** math.floor(math.log10(step) + 1e-9), 6) == 2.5:
            decimals += 1
        text = f"{x:.{decimals}f}"
    return text.replace("-", "−")


def nice_ticks(lo: float, hi: float, target: int = 5) -> tuple[float, ...]:
    """Ticks at 1, 2, 2.5 or 5 times a power of ten, about ``target`` of them, inside ``[lo, hi]``."""
    if not hi > lo:
        raise ValueError(f"nice_ticks needs lo < hi, got {lo}, {hi}")
    raw = (hi - lo) / target
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw * 0.999)
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    return tuple(float(round(k * step, 12)) + 0.0 for k in range(first, last + 1))


def linear_axis(
    lo: float, hi: float, title: str = "", ticks_from: tuple[float, float] | None = None, target: int = 5
) -> Axis:
    t_lo, t_hi = ticks_from or (lo, hi)
    ticks = nice_ticks(t_lo, t_hi, target)
    step = ticks[1] - ticks[0] if len(ticks) > 1 else max(abs(t_hi - t_lo), 1e-12)
    return Axis(float(lo), float(hi), "linear", ticks, tuple(_tick_label(t, step) for t in ticks), title)


def _decade_label(e: int) -> str:
    return {0: "1", 1: "10"}.get(e, "10" + str(e).translate(_SUPERSCRIPT))


def log_axis(lo_exp: int, hi_exp: int, title: str = "") -> Axis:
    """A true log axis from ``10**lo_exp`` to ``10**hi_exp`` with ticks at (every few) decades."""
    lo_exp, hi_exp = int(lo_exp), int(hi_exp)
    stride = max(1, math.ceil((hi_exp - lo_exp) / 6))
    exps = [e for e in range(lo_exp, hi_exp + 1) if e % stride == 0]
    return Axis(
        10.0**lo_exp, 10.0**hi_exp, "log", tuple(10.0**e for e in exps), tuple(_decade_label(e) for e in exps), title
    )


#: Half-widths of a panel, either side of the minimum: nice numbers from 0.1 to 8e39 (past float32's range).
LADDER = np.array(sorted({m * 10.0**k for k in range(-1, 40) for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8)}))

#: How far (in units of the start's distance to c, at least 1) the parabola panel follows w; beyond, the
#: status says "off the chart".
CHART_REACH = 50.0


def _extent_index(x: np.ndarray) -> np.ndarray:
    """Index of the smallest ladder value >= x."""
    return np.minimum(np.searchsorted(LADDER, x, side="left"), len(LADDER) - 1)


def _shown(w: np.ndarray, c: float, reach: float = CHART_REACH) -> np.ndarray:
    """float64 offsets w − c of the values a panel shows (NaN elsewhere), shape (steps+1, n)."""
    d = np.asarray(w, dtype=np.float64) - c
    reach = reach * np.maximum(1.0, np.abs(d[0]))
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(d) & (np.abs(d) <= reach)
    return np.where(ok, d, np.nan)


def _side_extents(d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Ladder indices of the left and right half-widths that hold every shown offset (plus a margin)."""
    right = np.fmax(np.nanmax(np.where(np.isnan(d), -np.inf, d), axis=0), 0.0)
    left = np.fmax(np.nanmax(np.where(np.isnan(d), -np.inf, -d), axis=0), 0.0)
    big = np.maximum(left, right)
    big = np.where(big > 0, big, 1.0)
    left = np.maximum(left, 0.15 * big) * 1.08
    right = np.maximum(right, 0.15 * big) * 1.08
    return _extent_index(left), _extent_index(right)


def _table(keys: np.ndarray, make) -> tuple[list, np.ndarray]:
    """Distinct rows of ``keys`` → ``make(*row)`` each, and each run's index into that list."""
    uniq, index = np.unique(keys, axis=0, return_inverse=True)
    return [make(*row) for row in uniq], index.reshape(-1).astype(np.uint16)


def _runs(w) -> np.ndarray:
    """``w`` as (steps+1, runs): every axis after the first is a run."""
    w = np.asarray(w)
    return w.reshape(w.shape[0], -1)


def parabola_keys(w, loss) -> np.ndarray:
    """Per run of ``w`` (shape ``(steps+1, ...)``: one run per column), the ladder indices ``[left, right]`` of
    the half-widths its parabola panel needs. Larger is wider: the elementwise maximum of several runs' keys
    gives axes that hold them all."""
    return np.stack(_side_extents(_shown(_runs(w), float(loss.centre))), axis=1)


def parabola_table(keys, loss, labels: dict | None = None) -> tuple[list[tuple[Axis, Axis]], np.ndarray]:
    """The distinct (x, y) axis pairs of the parabola panel for rows of :func:`parabola_keys`, and each row's
    index into that list."""
    L = labels or default_labels()
    c = float(loss.centre)

    def make(i_left, i_right):
        left, right = float(LADDER[i_left]), float(LADDER[i_right])
        top = loss.a * max(left, right) ** 2
        x = linear_axis(c - left, c + right, L["w"])
        y = linear_axis(-0.06 * top, 1.1 * top, L["loss"], ticks_from=(0.0, 1.1 * top))
        return x, y

    return _table(np.asarray(keys), make)


def parabola_axes(w, loss, labels: dict | None = None) -> tuple[list[tuple[Axis, Axis]], np.ndarray]:
    """The parabola panel's (x, y) axes for each run of ``w`` (shape ``(steps+1, ...)``: one run per column).

    Returns a list of distinct axis pairs and, per run, its index into the list.
    """
    return parabola_table(parabola_keys(w, loss), loss, labels)


def w_axes(w, loss, labels: dict | None = None) -> tuple[list[Axis], np.ndarray]:
    """The y-axis of a "w per step" panel for each run: every finite w of the run and the minimum c, never
    cut (a diverging run is shown whole, on a wide axis)."""
    L = labels or default_labels()
    c = float(loss.centre)
    li, ri = _side_extents(_shown(_runs(w), c, reach=np.inf))
    return _table(
        np.stack([li, ri], axis=1), lambda i, j: linear_axis(c - float(LADDER[i]), c + float(LADDER[j]), L["w"])
    )


def distance(w, loss) -> np.ndarray:
    """|w − c| in the dtype of ``w`` (float32 runs: float32 arithmetic, as the loss uses)."""
    w = np.asarray(w)
    with np.errstate(all="ignore"):
        return np.abs(w - w.dtype.type(loss.centre))


def distance_keys(w, loss, ghost=None, floor=None) -> np.ndarray:
    """Per run of ``w``, ``[-lo, hi]``: the decades below its smallest and above its largest positive finite
    distance to c (with ``ghost``, same shape or broadcastable, and ``floor``, a distance such as a tolerance,
    on the axis too). Larger is wider, as for :func:`parabola_keys`."""
    d = distance(w, loss).astype(np.float64)
    d = d.reshape(d.shape[0], -1)
    if ghost is not None:
        g = np.broadcast_to(distance(ghost, loss).astype(np.float64).reshape(d.shape[0], -1), d.shape)
        d = np.concatenate([d, g], axis=0)
    if floor is not None:
        d = np.concatenate([d, np.full((1, d.shape[1]), float(floor))], axis=0)
    with np.errstate(all="ignore"):
        ok = np.isfinite(d) & (d > 0)
        lo = np.floor(np.log10(np.nanmin(np.where(ok, d, np.inf), axis=0)))
        hi = np.ceil(np.log10(np.nanmax(np.where(ok, d, 0), axis=0)))
    none = ~ok.any(axis=0)
    lo = np.where(none, -1, np.clip(lo, -46, 39)).astype(int)
    hi = np.where(none, 1, np.clip(hi, -46, 39)).astype(int)
    return np.stack([-lo, np.maximum(hi, lo + 1)], axis=1)


def distance_table(keys, labels: dict | None = None) -> tuple[list[Axis], np.ndarray]:
    """The distinct log axes of the distance panel for rows of :func:`distance_keys`, and each row's index."""
    L = labels or default_labels()
    return _table(np.asarray(keys), lambda neg_lo, hi: log_axis(-neg_lo, hi, L["distance"]))


def distance_axes(w, loss, ghost=None, labels: dict | None = None, floor=None) -> tuple[list[Axis], np.ndarray]:
    """The true log axis of the distance panel for each run (decades around every positive finite value).

    ``ghost`` (same shape as ``w``, or broadcastable) is included so both curves fit; ``floor`` (a distance
    such as a tolerance) is always on the axis.
    """
    return distance_table(distance_keys(w, loss, ghost, floor), labels)


def rate_axes(initial_rates, labels: dict | None = None) -> tuple[list[Axis], np.ndarray]:
    """The rate panel's linear y-axis for each initial rate (0 up to a little above η₀)."""
    L = labels or default_labels()
    eta = np.atleast_1d(np.asarray(initial_rates, dtype=np.float64))
    keys = _extent_index(eta * 1.08)[:, None]
    return _table(keys, lambda i: linear_axis(0.0, float(LADDER[i]), L["rate"]))


def step_axis(steps: int, labels: dict | None = None) -> Axis:
    """The x-axis of the per-update panels, 0 … ``steps``, titled "update k" (the label ``update_axis``): at k
    the panels show w_k (before update k) and η_k (the rate update k uses)."""
    L = labels or default_labels()
    return linear_axis(-0.02 * steps, steps * 1.02, L["update_axis"], ticks_from=(0, steps))


def map_axes(learning_rates, decay_rates, labels: dict | None = None) -> tuple[Axis, Axis]:
    """The outcome map's x (decay rate, linear) and y (initial rate, true log) axes, cell edges included."""
    L = labels or default_labels()
    dr = np.asarray(decay_rates, dtype=np.float64)
    lr = np.asarray(learning_rates, dtype=np.float64)
    half = (dr[1] - dr[0]) / 2 if dr.size > 1 else 0.01
    x = linear_axis(float(dr[0] - half), float(dr[-1] + half), L["decay_rate"], ticks_from=(dr[0], dr[-1]))
    ratio = math.sqrt(lr[1] / lr[0]) if lr.size > 1 else 1.2
    lo, hi = float(lr[0] / ratio), float(lr[-1] * ratio)
    exps = range(math.ceil(math.log10(lo)), math.floor(math.log10(hi)) + 1)
    ticks = [10.0**e for e in exps]
    if len(ticks) < 3:
        ticks = sorted(
            {
                m * 10.0**e
                for e in range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1)
                for m in (1, 2, 5)
                if lo <= m * 10.0**e <= hi
            }
        )
    labels_ = tuple(f"{t:g}" for t in ticks)
    y = Axis(lo, hi, "log", tuple(ticks), labels_, L["initial_rate"])
    return x, y


def cell_edges(learning_rates, decay_rates, x_axis: Axis, y_axis: Axis) -> tuple[np.ndarray, np.ndarray]:
    """The outcome map's cell edges: halfway between decay rates (linear), between rates (geometric)."""
    lr, dr = np.asarray(learning_rates, dtype=np.float64), np.asarray(decay_rates, dtype=np.float64)
    x_edges = np.concatenate([[x_axis.lo], (dr[1:] + dr[:-1]) / 2, [x_axis.hi]])
    y_edges = np.concatenate([[y_axis.lo], np.sqrt(lr[1:] * lr[:-1]), [y_axis.hi]])
    return x_edges, y_edges


# ---------------------------------------------------------------- legends and marks


@dataclass(frozen=True)
class LegendEntry:
    """One legend line: a swatch (``marker`` one of "line", "dash", "o", "D", "*", "v", "square", "x") and its text.

    ``key`` names the picture element the entry stands for ("point", "rate_point", "minimum", …; "" for none):
    both renderers draw that element with the entry's marker and colour, so picture and legend agree.
    """

    label: str
    color: str
    marker: str
    key: str = ""

    def to_json(self) -> dict:
        out = {"label": self.label, "color": self.color, "marker": self.marker}
        if self.key:
            out["key"] = self.key
        return out


#: The descent pictures' markers: element → (legend marker, colour). The current rate in the rate panel has
#: its own marker (a diamond), so it is not read as "w now".
MARKS = {
    "point": ("o", COLORS["point"]),
    "rate_point": ("D", COLORS["rate_point"]),
    "minimum": ("*", COLORS["minimum"]),
    "exact": ("v", COLORS["exact"]),
}

#: The parabola panel's layers, bottom to top (matplotlib's zorder is 1 + the position; the browser draws them
#: in this order): the minimum's star lies above the current-w dot, so its marker stays visible even when w
#: sits at c.
PARABOLA_LAYERS = ("curve", "ghost", "path", "point", "minimum")


def zorder(layer: str) -> int:
    """matplotlib's zorder of a parabola-panel layer (:data:`PARABOLA_LAYERS`)."""
    return 1 + PARABOLA_LAYERS.index(layer)


def _mark(labels: dict, key: str) -> LegendEntry:
    marker, color = MARKS[key]
    return LegendEntry(labels[key], color, marker, key)


def legend(labels: dict, *, ghost: bool = False, exact: bool = False, rate: bool = False) -> list[LegendEntry]:
    """The legend of the descent pictures: path, current w, minimum (+ current rate when there is a rate panel,
    + ghost, + "reached exactly")."""
    out = [LegendEntry(labels["path"], COLORS["path"], "line", "path")]
    out += [_mark(labels, "point"), _mark(labels, "minimum")]
    if rate:
        out.append(_mark(labels, "rate_point"))
    if ghost:
        out.append(LegendEntry(labels["ghost"], COLORS["ghost"], "dash", "ghost"))
    if exact:
        out.append(_mark(labels, "exact"))
    return out


def map_legend(labels: dict, outcomes) -> list[LegendEntry]:
    """The outcome map's legend: one filled square per outcome, the selected setting, the run's updates on either
    side of c (dots), the tolerance line."""
    out = [LegendEntry(labels["outcome:" + o], OUTCOME_COLORS[o], "square", o) for o in outcomes]
    out.append(LegendEntry(labels["selected"], "#000000", "x", "selected"))
    out.append(LegendEntry(labels["side_above"], COLORS["path"], "o", "above"))
    out.append(LegendEntry(labels["side_below"], COLORS["point"], "o", "below"))
    out.append(LegendEntry(labels["tol_line"], COLORS["tol"], "dash", "tol"))
    return out


def noise_legend(labels: dict, *, shown: int) -> list[LegendEntry]:
    """The noise pictures' legend: the faint single runs, their expected loss (lines), the floor (dashed)."""
    return [
        LegendEntry(fill(labels["faint"], shown=shown), NOISE_COLORS["faint"], "line", "faint"),
        LegendEntry(labels["expected"], NOISE_COLORS["mean"], "line", "mean"),
        LegendEntry(labels["floor"], NOISE_COLORS["floor"], "dash", "floor"),
    ]


def first_exact(w, loss):
    """Per run, the first step at which w − c is exactly 0 (−1 if never)."""
    d = distance(w, loss)
    d2 = d.reshape(d.shape[0], -1)
    zero = d2 == 0
    return np.where(zero.any(axis=0), zero.argmax(axis=0), -1).reshape(d.shape[1:])


def status(w_now: float, diverged_at, step: int, x_axis: Axis, labels: dict) -> str:
    """The text over the parabola panel: "diverged at step d", "w = …: off the chart", or ""."""
    if diverged_at is not None and diverged_at >= 0 and step >= diverged_at:
        return fill(labels["diverged"], step=int(diverged_at))
    if math.isfinite(w_now) and not x_axis.lo <= w_now <= x_axis.hi:
        return fill(labels["off_chart"], w=number(w_now, labels.get("overflow")))
    return ""


# ---------------------------------------------------------------- where a decaying rate leaves w

#: A decaying rate is taken to have stopped moving w once it has fallen by this factor.
LIMIT_FALL = 1e-10

#: The most updates an explorer runs to see where w stops (beyond, it does not say).
LIMIT_MOST = 100_000


def limit_horizon(decay_rate: float, decay_steps: float = 1.0) -> int:
    """How many updates the explorers run to see where w stops under exponential decay: until the rate has
    fallen by :data:`LIMIT_FALL` (a decay step more for a staircase); 0 without decay or beyond
    :data:`LIMIT_MOST`. The browser works it out from :func:`limit_updates` in exactly the same way."""
    per = limit_updates(decay_rate)
    updates = math.ceil(per * float(decay_steps)) + math.ceil(float(decay_steps))
    return 0 if per == 0 or updates > LIMIT_MOST else updates


def limit_updates(decay_rate: float) -> int:
    """Updates (with decay steps 1) until γ^k falls below :data:`LIMIT_FALL`; 0 for γ = 1 (no decay)."""
    gamma = float(decay_rate)
    return 0 if gamma >= 1 else math.ceil(math.log(LIMIT_FALL) / math.log(gamma))


# ---------------------------------------------------------------- the noise explorer's frames

#: The noise explorer's knob values: constant rates (all below the bounce rate 1 of (w + 1)²) and noise levels σ.
KNOB_RATES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9)
KNOB_NOISES = (0.25, 0.5, 1.0, 2.0, 4.0)


@dataclass(frozen=True)
class NoiseFrames:
    r"""Everything the noise explorer draws for one seed, for every position of its knobs (rate η, noise σ).

    For knob position ``(i, j)``: ``faint[i, j]`` holds the loss after each update of ``shown`` seeded runs
    (drawn faintly), ``mean[i, j]`` the exact expected loss over all runs (:func:`expected_loss`), ``floor[i, j]``
    the theoretical floor :func:`lrlab.noise_floor` (a horizontal line). Every (η, σ) uses the same
    standard-normal draws, ``draws`` (runs × updates, float32): those :func:`lrlab.descend` makes with
    ``seed=seed`` for ``shown`` runs. The browser receives them and computes the same runs. The loss axis is a
    true log axis; losses that are exactly 0 are left out when drawn.
    """

    learning_rates: np.ndarray
    noises: np.ndarray
    steps: int
    shown: int
    seed: int
    w0: float
    draws: np.ndarray  # (shown, steps) float32
    faint: np.ndarray  # (n_rate, n_noise, shown, steps + 1) float32
    mean: np.ndarray  # (n_rate, n_noise, steps + 1) float64
    floor: np.ndarray  # (n_rate, n_noise) float64
    loss: Quadratic

    @property
    def loss_text(self) -> str:
        return str(self.loss)

    def index(self, learning_rate: float, noise: float) -> tuple[int, int]:
        """The knob position ``(i, j)`` of a rate and a noise level that are among the knob values."""
        eta = v.number("learning_rate", learning_rate, v.positive)
        sigma = v.number("noise", noise, v.positive)
        i = np.flatnonzero(np.isclose(self.learning_rates, eta, rtol=1e-12, atol=0))
        j = np.flatnonzero(np.isclose(self.noises, sigma, rtol=1e-12, atol=0))
        if not i.size:
            v.fail("learning_rate", f"one of the knob's rates {self.learning_rates.tolist()}", learning_rate)
        if not j.size:
            v.fail("noise", f"one of the knob's noise levels {self.noises.tolist()}", noise)
        return int(i[0]), int(j[0])

    def axes(self, labels: dict | None = None) -> tuple[Axis, Axis]:
        """The (step axis, loss axis) shared by every frame: a fixed true log axis holding every floor."""
        L = labels or default_labels()
        top = max(float(np.max(self.mean)), float(np.max(self.floor)))
        lo = math.floor(math.log10(float(np.min(self.floor)))) - 2
        hi = math.ceil(math.log10(top))
        return step_axis(self.steps, L), log_axis(lo, hi, L["noise_loss_axis"])


def expected_loss(learning_rate: float, noise: float, *, w0: float, steps: int, loss: Quadratic) -> np.ndarray:
    r"""The exact expected loss after each update of a constant rate with noisy gradients (float64).

    With :math:`d = w - c` and :math:`q = 1 - \eta f''`, the second moment :math:`s_k = E[d_k^2]` follows
    :math:`s_{k+1} = q^2 s_k + \eta^2\sigma^2` from :math:`s_0 = d_0^2`, and :math:`E[\text{loss}_k] = a\,s_k`.
    The browser's ``expectedLoss`` (``static/theory.js``) does the same operations in the same order.
    """
    eta, sigma = float(learning_rate), float(noise)
    q = 1.0 - eta * loss.curvature
    push = eta * eta * (sigma * sigma)
    s = np.empty(steps + 1)
    d0 = float(w0) - loss.centre
    s[0] = d0 * d0
    with np.errstate(over="ignore"):
        for k in range(steps):
            s[k + 1] = q * q * s[k] + push
    return loss.a * s


def noise_frames(
    learning_rates: Any = KNOB_RATES,
    noises: Any = KNOB_NOISES,
    *,
    steps: int = 200,
    shown: int = 10,
    seed: int = 0,
    w0: float = 5.0,
    loss: Quadratic | None = None,
) -> NoiseFrames:
    """Work out :class:`NoiseFrames` for every (rate, noise) of the knobs, with ``shown`` runs seeded by ``seed``.

    >>> fr = noise_frames((0.1, 0.2), (1.0,), steps=20, shown=3)
    >>> fr.faint.shape, fr.draws.shape, fr.faint.dtype.name
    ((2, 1, 3, 21), (3, 20), 'float32')
    """
    loss = quadratic_loss(loss)
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
    steps = v.count("steps", steps, minimum=1, maximum=10_000)
    shown = v.count("shown", shown, minimum=1, maximum=1_000)
    seed = v.count("seed", seed, maximum=2**63 - 1)
    start = v.number("w0", w0)
    faint = np.empty((eta.size, sigma.size, shown, steps + 1), dtype=np.float32)
    for i, e in enumerate(eta):
        for j, s in enumerate(sigma):  # each (η, σ) on its own: the same draws for all
            t = descend(float(e), w0=np.full(shown, start), steps=steps, loss=loss, noise=float(s), seed=seed)
            faint[i, j] = np.asarray(t.loss, dtype=np.float32).T
    draws = np.random.default_rng(seed).standard_normal((steps, shown), dtype=np.float32).T
    mean = np.array([[expected_loss(e, s, w0=start, steps=steps, loss=loss) for s in sigma] for e in eta])
    floor = np.asarray(noise_floor(eta[:, None], sigma[None, :], loss), dtype=np.float64)
    return NoiseFrames(
        v.frozen(eta),
        v.frozen(sigma),
        steps,
        shown,
        seed,
        start,
        v.frozen(draws),
        v.frozen(faint),
        v.frozen(mean),
        v.frozen(floor),
        loss,
    )
