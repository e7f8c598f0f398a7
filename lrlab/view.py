"""View models: what each picture shows, decided once, in Python.

A *view model* holds everything a picture needs except pixels: axis spans, nice ticks and their labels,
the axis scale (linear or a true log), colours, texts and legend entries. The static matplotlib pictures
(:mod:`lrlab.plotting`) and the live browser explorers (:mod:`lrlab.widgets`, drawn by
``static/explorer.js``) both read them, so the two cannot drift apart.

Nothing here imports matplotlib or widgets; everything is plain numbers, strings and numpy arrays.

Axes are chosen from a small ladder of nice spans, so that thousands of precomputed runs share a few
dozen distinct axes: the browser gets a short table of axes and, per run, an index into it.
"""

from __future__ import annotations

import math
import string
from dataclasses import dataclass

import numpy as np

from . import _validation as v
from . import i18n

__all__ = [
    "COLORS",
    "LABELS",
    "OKABE_ITO",
    "OUTCOME_COLORS",
    "Axis",
    "MARKS",
    "PARABOLA_LAYERS",
    "LegendEntry",
    "check_labels",
    "distance",
    "distance_axes",
    "nice_ticks",
    "parabola_axes",
    "rate_axes",
    "step_axis",
    "w_axes",
]

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

#: What each element of a picture is drawn in (greys are safe for every reader too).
COLORS = {
    "curve": "#555555",
    "path": OKABE_ITO["blue"],
    "point": OKABE_ITO["vermillion"],
    "rate_point": OKABE_ITO["vermillion"],
    "minimum": OKABE_ITO["bluish green"],
    "ghost": "#AAAAAA",
    "rate": OKABE_ITO["reddish purple"],
    "exact": OKABE_ITO["black"],
    "grid": "#E4E4E4",
    "text": "#222222",
}

#: The colour of every outcome on the map (TEAM names; older names map to the same colours).
OUTCOME_COLORS = {
    "arrived": OKABE_ITO["bluish green"],
    "not there yet": OKABE_ITO["sky blue"],
    "still zig-zagging": OKABE_ITO["yellow"],
    "frozen": OKABE_ITO["reddish purple"],
    "diverged": OKABE_ITO["vermillion"],
    # names used before the outcome vocabulary was settled
    "converges": OKABE_ITO["bluish green"],
    "freezes": OKABE_ITO["reddish purple"],
    "bounces": OKABE_ITO["yellow"],
    "diverges": OKABE_ITO["vermillion"],
}


#: Every text an explorer shows, in English; replace any of them with ``labels={...}``. The texts actually
#: used follow the current language (:func:`lrlab.set_language`; see :func:`default_labels`), from the
#: catalogue in :mod:`lrlab.i18n`. Templates use plain ``{field}`` placeholders (the browser fills them in);
#: numbers come pre-formatted.
LABELS = {k: t for k, t in i18n.texts(i18n.LABEL_KEYS, "en").items() if not k.startswith("outcome:")}

#: The placeholders each template may use.
FIELDS = {
    "diverged": {"step"},
    "off_chart": {"w"},
    "readout": {"step", "w", "loss"},
    "rate_now": {"rate"},
    "rate_used": {"rate"},
    "regime": {"name"},
    "limit": {"limit"},
    "outcome": {"name"},
    "selection": {"rate", "decay"},
    "map_title": {"T", "tol"},
    "final": {"T", "w"},
    "canvas_rate": {"loss"},
    "canvas_decay": {"loss"},
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
        v.fail("labels", f"a dict whose keys are among lrlab.widgets.LABELS (unknown: {unknown})", overrides)
    for key, text in overrides.items():
        name = f"labels[{key!r}]"
        if not isinstance(text, str):
            v.fail(name, "a str", text, TypeError)
        allowed = FIELDS.get(key, set())
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


def number(x, overflow: str | None = None) -> str:
    """How the readouts print a value of w or the loss: 6 decimals, or ``overflow`` (the label ``overflow``
    of the current language unless given)."""
    x = float(x)
    if not math.isfinite(x):
        return i18n.text("overflow") if overflow is None else overflow
    return f"{x:.6f}" if abs(x) < 1e6 else _exp(x)


def _exp(x: float) -> str:
    # the same text as JavaScript's toExponential(3): 1.234e+7
    m, e = f"{x:.3e}".split("e")
    return f"{m}e{'+' if int(e) >= 0 else '-'}{abs(int(e))}"


def rate_text(x: float) -> str:
    """A learning rate as the controls show it: 4 significant digits when that is the exact value, else every
    digit (the text is always the rate that runs)."""
    x = float(x)
    short = f"{x:.4g}"
    return short if float(short) == x else repr(x)


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


def _a(loss) -> float:
    """The ``a`` of ``a·(w − c)²`` (``loss.a`` once lrlab names curvature f″ = 2a; ``curvature`` before)."""
    a = getattr(loss, "a", None)
    return float(loss.curvature if a is None else a)


def loss_text(loss) -> str:
    return str(loss)


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


def parabola_axes(w, loss, labels: dict | None = None) -> tuple[list[tuple[Axis, Axis]], np.ndarray]:
    """The parabola panel's (x, y) axes for each run of ``w`` (shape ``(steps+1, n)`` or ``(steps+1,)``).

    Returns a list of distinct axis pairs and, per run, its index into the list.
    """
    L = labels or default_labels()
    w = np.asarray(w)
    w2 = w.reshape(w.shape[0], -1)
    a, c = _a(loss), float(loss.centre)
    li, ri = _side_extents(_shown(w2, c))

    def make(i_left, i_right):
        left, right = float(LADDER[i_left]), float(LADDER[i_right])
        top = a * max(left, right) ** 2
        x = linear_axis(c - left, c + right, L["w"])
        y = linear_axis(-0.06 * top, 1.1 * top, L["loss"], ticks_from=(0.0, 1.1 * top))
        return x, y

    return _table(np.stack([li, ri], axis=1), make)


def w_axes(w, loss, labels: dict | None = None) -> tuple[list[Axis], np.ndarray]:
    """The y-axis of a "w per step" panel for each run: every finite w of the run and the minimum c, never
    cut (a diverging run is shown whole, on a wide axis)."""
    L = labels or default_labels()
    w = np.asarray(w)
    w2 = w.reshape(w.shape[0], -1)
    c = float(loss.centre)
    li, ri = _side_extents(_shown(w2, c, reach=np.inf))
    return _table(
        np.stack([li, ri], axis=1), lambda i, j: linear_axis(c - float(LADDER[i]), c + float(LADDER[j]), L["w"])
    )


def distance(w, loss) -> np.ndarray:
    """|w − c| in the dtype of ``w`` (float32 runs: float32 arithmetic, as the loss uses)."""
    w = np.asarray(w)
    with np.errstate(all="ignore"):
        return np.abs(w - w.dtype.type(loss.centre))


def distance_axes(w, loss, ghost=None, labels: dict | None = None) -> tuple[list[Axis], np.ndarray]:
    """The true log axis of the distance panel for each run (decades around every positive finite value).

    ``ghost`` (same shape as ``w``, or broadcastable) is included so both curves fit.
    """
    L = labels or default_labels()
    d = distance(w, loss).astype(np.float64)
    d = d.reshape(d.shape[0], -1)
    if ghost is not None:
        g = np.broadcast_to(distance(ghost, loss).astype(np.float64).reshape(d.shape[0], -1), d.shape)
        d = np.concatenate([d, g], axis=0)
    with np.errstate(all="ignore"):
        ok = np.isfinite(d) & (d > 0)
        lo = np.floor(np.log10(np.nanmin(np.where(ok, d, np.inf), axis=0)))
        hi = np.ceil(np.log10(np.nanmax(np.where(ok, d, 0), axis=0)))
    none = ~ok.any(axis=0)
    lo = np.where(none, -1, np.clip(lo, -46, 39)).astype(int)
    hi = np.where(none, 1, np.clip(hi, -46, 39)).astype(int)
    hi = np.maximum(hi, lo + 1)
    return _table(np.stack([lo, hi], axis=1), lambda a, b: log_axis(a, b, L["distance"]))


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


@dataclass(frozen=True)
class LegendEntry:
    """One legend line: a swatch (``marker`` one of "line", "dash", "o", "D", "*", "v", "square") and its text.

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
        out.append(LegendEntry(labels["ghost"], COLORS["ghost"], "line", "ghost"))
    if exact:
        out.append(_mark(labels, "exact"))
    return out


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
