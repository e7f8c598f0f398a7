"""The noise explorer's view model beyond the numbers: colours, texts and legend (plain data, no matplotlib).

The numbers (every frame the knobs reach, the axes) are :class:`lrlab.noisy.NoiseFrames`; this module adds what
the picture says and in which colours. Both the live explorer (:mod:`lrlab.widgets_noise`, drawn by
``static/explorer.js``) and the static picture (:func:`lrlab.plotting_noise.noise_floor_figure`) read it, so the
two show the same texts and colours.
"""

from __future__ import annotations

import string

from . import _validation as v
from . import i18n, view
from .view import OKABE_ITO, LegendEntry, fill

__all__ = ["NOISE_COLORS", "NOISE_FIELDS", "NOISE_LABELS", "check_labels", "noise_legend"]

#: Single runs faint, their mean strong, the theoretical floor dashed (Okabe–Ito).
NOISE_COLORS = {"faint": OKABE_ITO["sky blue"], "mean": OKABE_ITO["blue"], "floor": OKABE_ITO["vermillion"]}

#: Every text the noise explorer adds to the family's (:data:`lrlab.view.LABELS`); replace any with ``labels=``.
NOISE_LABELS = {
    "noise": "noise σ",
    "faint": "{shown} single runs (each its own seed)",
    "mean_runs": "mean of {runs} runs",
    "floor": "noise floor ησ² / (2(2 − ηf″))",
    "noise_readout": "η = {rate}, σ = {noise} · floor = {floor} · mean loss after {T} updates = {mean}",
    "noise_title": "constant rate, noisy gradients: T = {T} updates, {runs} seeded runs",
    "canvas_noise": "Gradient descent with noisy gradients on {loss}: the loss per update of single seeded runs "
    "(faint), their mean, and the theoretical noise floor (dashed), on a log scale.",
    "text_noise": "Noise explorer: η = {rate}, σ = {noise} on the loss {loss} from w0 = {w0}: {shown} of {runs} "
    "seeded runs, their mean and the noise floor {floor}, over T = {T} updates. Run the notebook to move the knobs.",
}

#: The placeholders each of those texts may use.
NOISE_FIELDS = {
    "faint": {"shown"},
    "mean_runs": {"runs"},
    "noise_readout": {"rate", "noise", "floor", "T", "mean"},
    "noise_title": {"T", "runs"},
    "canvas_noise": {"loss"},
    "text_noise": {"rate", "noise", "loss", "w0", "shown", "runs", "floor", "T"},
}


def check_labels(overrides) -> dict:
    """The family's labels (:func:`lrlab.view.check_labels`) plus :data:`NOISE_LABELS`, with ``overrides``
    applied; every override is checked now (its key known, a str, only its own plain placeholders)."""
    if overrides is not None and not isinstance(overrides, dict):
        v.fail("labels", "a dict of texts", overrides, TypeError)
    overrides = overrides or {}
    family = view.check_labels({k: t for k, t in overrides.items() if k not in NOISE_LABELS})
    for key, text in overrides.items():
        if key not in NOISE_LABELS:
            continue
        name = f"labels[{key!r}]"
        if not isinstance(text, str):
            v.fail(name, "a str", text, TypeError)
        allowed = NOISE_FIELDS.get(key, set())
        try:
            parts = list(string.Formatter().parse(text))
        except ValueError as exc:
            v.fail(name, f"a text with well-formed {{…}} placeholders ({exc})", text)
        for _, field_name, spec, conversion in parts:
            if field_name is not None and (field_name not in allowed or spec or conversion):
                shown = ", ".join("{" + f + "}" for f in sorted(allowed)) or "none"
                v.fail(name, f"a text whose placeholders are among: {shown} (plain, no format spec)", text)
    texts = {k: i18n.text("noise:" + k) for k in NOISE_LABELS}  # the current language
    return family | texts | {k: t for k, t in overrides.items() if k in NOISE_LABELS}


def noise_legend(labels: dict, *, shown: int, runs: int) -> list[LegendEntry]:
    """The legend: the faint single runs, their mean (lines), the floor (``marker="dash"``: a dashed line)."""
    return [
        LegendEntry(fill(labels["faint"], shown=shown), NOISE_COLORS["faint"], "line"),
        LegendEntry(fill(labels["mean_runs"], runs=runs), NOISE_COLORS["mean"], "line"),
        LegendEntry(labels["floor"], NOISE_COLORS["floor"], "dash"),
    ]
