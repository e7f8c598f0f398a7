"""The noise explorer: a member of the browser-drawn explorer family (:mod:`lrlab.widgets`) for notebook 04.

Knobs: a constant rate η and the gradient noise σ. The picture: the loss per update of faint seeded runs, their
mean, and the theoretical noise floor :func:`lrlab.noise_floor` as a dashed line, on a true log axis. Every knob
position is precomputed in one batch (:func:`lrlab.noisy.noise_frames`) and sent as float32 buffers; the
renderer (``static/explorer.js``, ``kind = "noise"``) only picks a frame and paints it, reusing the family's axes,
panels, sliders, legend and readout. ``figure()`` is the same picture as a static matplotlib figure.
"""

from __future__ import annotations

import math

import numpy as np
import traitlets

from . import _validation as v
from . import view, view_noise
from .noisy import KNOB_NOISES, KNOB_RATES, noise_frames
from .theory import noise_floor
from .view import COLORS
from .widgets import MAX_STATE_BYTES, _Explorer, _f32, _loss

__all__ = ["NoiseExplorer"]


def _stored(nbytes: int) -> int:
    """Bytes of a binary buffer as a notebook stores it (base64)."""
    return 4 * math.ceil(nbytes / 3)


class NoiseExplorer(_Explorer):
    """Noise σ and a constant rate η: the loss of faint seeded runs per update, their mean, and the noise floor.

    ``index`` and ``noise_index`` hold the knobs' positions (setting them from Python moves the view);
    ``frames`` is the view model of every position (what both the browser and :meth:`figure` draw).
    """

    RATES = KNOB_RATES
    NOISES = KNOB_NOISES

    rates = traitlets.List(traitlets.Float()).tag(sync=True)
    rate_texts = traitlets.List(traitlets.Unicode()).tag(sync=True)
    noises = traitlets.List(traitlets.Float()).tag(sync=True)
    noise_texts = traitlets.List(traitlets.Unicode()).tag(sync=True)
    index = traitlets.Int(0).tag(sync=True)
    noise_index = traitlets.Int(0).tag(sync=True)
    runs = traitlets.Int(200).tag(sync=True)
    shown = traitlets.Int(20).tag(sync=True)
    faint = traitlets.Bytes().tag(sync=True)
    mean = traitlets.Bytes().tag(sync=True)
    floors = traitlets.List(traitlets.Float()).tag(sync=True)

    def __init__(
        self, learning_rate=0.2, noise=2.0, *, w0=5.0, steps=200, runs=200, shown=20, loss=None, seed=0, labels=None
    ):
        L = view_noise.check_labels(labels)
        lr = v.scalar(v.positive("learning_rate", learning_rate), "learning_rate", learning_rate)
        sigma = v.scalar(v.positive("noise", noise), "noise", noise)
        loss = _loss(loss)
        if not lr < loss.bounce_rate:
            v.fail(
                "learning_rate",
                f"below the bounce rate 2/f″ = {loss.bounce_rate:g} (no floor otherwise)",
                learning_rate,
            )
        steps = v.count("steps", steps, minimum=1, maximum=2_000)
        runs = v.count("runs", runs, minimum=2, maximum=10_000)
        shown = v.count("shown", shown, minimum=1, maximum=min(runs, 50))
        rates = sorted({r for r in self.RATES if r < loss.bounce_rate} | {lr})
        noises = sorted(set(self.NOISES) | {sigma})
        need = _stored(len(rates) * len(noises) * (shown + 1) * (steps + 1) * 4)
        if need > MAX_STATE_BYTES:
            v.fail(
                "steps",
                f"small enough for the explorer's {MAX_STATE_BYTES / 1e6:g} MB of browser data "
                f"({len(rates)} rates × {len(noises)} noise levels × {shown + 1} curves of {steps + 1} "
                f"values would need {need / 1e6:.1f} MB)",
                steps,
            )
        frames = noise_frames(rates, noises, steps=steps, runs=runs, shown=shown, w0=w0, loss=loss, seed=seed)
        self.frames, self.loss, self.w0 = frames, loss, float(w0)
        step_axis, loss_axis = frames.axes()
        floors = noise_floor(np.array(rates)[:, None], np.array(noises)[None, :], loss)
        super().__init__(
            kind="noise",
            labels=L,
            colors=COLORS | view_noise.NOISE_COLORS,
            steps=steps,
            a=view._a(loss),
            centre=float(loss.centre),
            description=view.fill(L["canvas_noise"], loss=view.loss_text(loss)),
            legend=[e.to_json() for e in view_noise.noise_legend(L, shown=shown, runs=runs)],
            axes={"step": step_axis.to_json(), "loss": loss_axis.to_json()},
            rates=rates,
            rate_texts=[view.rate_text(r) for r in rates],
            noises=noises,
            noise_texts=[f"{s:g}" for s in noises],
            index=rates.index(lr),
            noise_index=noises.index(sigma),
            runs=runs,
            shown=shown,
            faint=_f32(frames.faint),
            mean=_f32(frames.mean),
            floors=[float(x) for x in np.ravel(floors)],
        )

    @traitlets.validate("index", "noise_index")
    def _check_knobs(self, proposal):
        value, name = proposal["value"], proposal["trait"].name
        n = len(self.rates if name == "index" else self.noises)
        if not 0 <= value < n:
            v.fail(name, f"an int between 0 and {n - 1}", value)
        return value

    @property
    def learning_rate(self) -> float:
        return self.rates[self.index]

    @property
    def noise(self) -> float:
        return self.noises[self.noise_index]

    @property
    def floor(self) -> float:
        """The theoretical floor of the setting on show (:func:`lrlab.noise_floor`, float64)."""
        return self.floors[self.index * len(self.noises) + self.noise_index]

    def mean_now(self) -> np.ndarray:
        """The mean loss per update of the setting on show (float32: what the browser draws)."""
        return np.asarray(self.frames.mean[self.index, self.noise_index])

    def readout(self) -> str:
        """The readout text the browser shows for the knobs' positions."""
        return view.fill(
            self.labels["noise_readout"],
            rate=self.rate_texts[self.index],
            noise=self.noise_texts[self.noise_index],
            floor=view.number(self.floor, self.labels.get("overflow")),
            T=self.steps,
            mean=view.number(float(self.mean_now()[-1]), self.labels.get("overflow")),
        )

    def title(self) -> str:
        return view.fill(self.labels["noise_title"], T=self.steps, runs=self.runs)

    def figure(self):
        """The picture on show as a static matplotlib figure (:mod:`lrlab.plotting_noise`, the same view model)."""
        from .plotting_noise import noise_floor_figure

        base = view_noise.check_labels(None)
        own = {k: t for k, t in self.labels.items() if base.get(k) != t}
        return noise_floor_figure(self.frames, [(self.index, self.noise_index)], labels=own)

    def _repr_text(self) -> str:
        return view.fill(
            self.labels["text_noise"],
            rate=self.rate_texts[self.index],
            noise=self.noise_texts[self.noise_index],
            loss=view.loss_text(self.loss),
            w0=f"{self.w0:g}",
            shown=self.shown,
            runs=self.runs,
            floor=view.number(self.floor, self.labels["overflow"]),
            T=self.steps,
        )
