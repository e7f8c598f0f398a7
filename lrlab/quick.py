"""A learning-rate explorer drawn entirely in the browser, for projectors and slow connections.

:class:`QuickExplorer` asks lrlab for the run of *every* rate its slider offers, in one vectorised
call, and hands them to a small JavaScript view (an anywidget) that draws each frame itself. Moving
the slider or pressing Play never waits for the kernel: a frame costs a few milliseconds in the
browser instead of a kernel round trip and a full matplotlib redraw. The kernel is told the slider's
position afterwards (``index``, ``step``), so Python code can still read it.

It shows the same picture as :class:`lrlab.widgets.LearningRateExplorer`, drawn more simply.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import numpy as np
import traitlets

from . import _validation as v
from .descent import descend
from .losses import SEED_LOSS
from .theory import regime
from .widgets import _labels, rate_options

__all__ = ["QuickExplorer"]


def _jsonable(values) -> list:
    """float values, with overflow and NaN as ``None`` (JSON has no infinity)."""
    arr = np.asarray(values, dtype=np.float64)
    return [[None if not np.isfinite(x) else float(x) for x in row] for row in arr]


class QuickExplorer(anywidget.AnyWidget):
    """Learning-rate slider, step slider and Play, drawn in the browser from precomputed runs."""

    _esm = Path(__file__).with_name("static") / "quick_explorer.js"
    _css = """
    .lrlab-quick .lrlab-row { display: flex; align-items: center; gap: 8px; margin: 2px 0; }
    .lrlab-quick input[type=range] { width: 320px; }
    .lrlab-quick .lrlab-readout { margin: 4px 0; }
    """

    rates = traitlets.List(traitlets.Float()).tag(sync=True)
    w = traitlets.List().tag(sync=True)
    loss = traitlets.List().tag(sync=True)
    names = traitlets.List(traitlets.Unicode()).tag(sync=True)
    diverged_at = traitlets.List(traitlets.Int()).tag(sync=True)
    labels = traitlets.Dict().tag(sync=True)
    index = traitlets.Int(0).tag(sync=True)
    step = traitlets.Int(0).tag(sync=True)
    steps = traitlets.Int(40).tag(sync=True)
    interval = traitlets.Int(33).tag(sync=True)
    centre = traitlets.Float(-1.0).tag(sync=True)
    curvature = traitlets.Float(1.0).tag(sync=True)
    width = traitlets.Int(820).tag(sync=True)
    height = traitlets.Int(300).tag(sync=True)

    PRESETS = (0.0001, 0.2, 0.5, 0.8, 1.0, 1.05)

    def __init__(self, learning_rate=0.2, *, w0=5.0, steps=40, loss=None, lr_range=(1e-4, 2.0),
                 labels=None, interval=33):
        lr = float(v.positive("learning_rate", learning_rate))
        lo, hi = (float(x) for x in v.positive("lr_range", lr_range))
        if not lo < hi:
            v.fail("lr_range", "(low, high) with low < high", lr_range)
        steps = v.count("steps", steps, minimum=1, maximum=10_000)
        interval = v.count("interval", interval, minimum=10, maximum=10_000)
        loss = SEED_LOSS if loss is None else loss
        label_set = _labels(labels)
        rates = rate_options(lo, hi, (*self.PRESETS, min(max(lr, lo), hi)))
        batch = descend(np.array(rates), w0=w0, steps=steps, loss=loss)  # every rate in one call
        self.trajectories = batch
        super().__init__(
            rates=rates,
            w=_jsonable(batch.w.T),
            loss=_jsonable(batch.loss.T),
            names=[label_set["regime:" + regime(r, loss)] for r in rates],
            diverged_at=[int(d) for d in batch.diverged_at],
            labels={k: label_set[k] for k in ("learning_rate", "step", "play", "loss", "readout", "regime",
                                             "diverged")},
            index=int(np.argmin(np.abs(np.array(rates) - min(max(lr, lo), hi)))),
            steps=steps, interval=interval, centre=loss.centre, curvature=loss.curvature,
        )

    @property
    def learning_rate(self) -> float:
        return self.rates[self.index]

    @property
    def w_now(self) -> float:
        return float(self.trajectories.w[self.step, self.index])


