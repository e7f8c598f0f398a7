"""The noise explorer's frames (a view model, moving to the view layer)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import _validation as v
from .descent import descend
from .losses import Quadratic, quadratic_loss
from .outcomes import run_count
from .theory import noise_floor

__all__ = ["KNOB_NOISES", "KNOB_RATES", "NoiseFrames", "noise_frames"]


@dataclass(frozen=True)
class NoiseFrames:
    r"""Everything the noise explorer draws, for every position of its two knobs (rate η, noise σ).

    Knobs: ``learning_rates`` (η, constant) and ``noises`` (σ). For knob position ``(i, j)``:
    ``faint[i, j]`` holds the loss of ``shown`` seeded runs after each update (drawn faintly),
    ``mean[i, j]`` the mean loss over all ``runs`` runs, ``floor[i, j]`` the theoretical floor
    :func:`lrlab.noise_floor` (a horizontal line). Every buffer is float32, computed once, so the browser
    only draws. The loss axis is a true log axis; losses that are exactly 0 are left out when drawn.
    """

    learning_rates: np.ndarray
    noises: np.ndarray
    steps: int
    runs: int
    shown: int
    seed: Any
    w0: float
    faint: np.ndarray  # (n_rate, n_noise, shown, steps + 1) float32
    mean: np.ndarray  # (n_rate, n_noise, steps + 1) float32
    floor: np.ndarray  # (n_rate, n_noise) float32
    loss_text: str

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

    def caption(self, i: int, j: int) -> str:
        """What the picture for knob position ``(i, j)`` shows, with σ, η, horizon and seed count."""
        return (
            f"η = {self.learning_rates[i]:g}, σ = {self.noises[j]:g} on {self.loss_text}: "
            f"{self.shown} of {self.runs} seeded runs (faint), their mean, and the floor "
            f"ησ²/(2(2 − ηf″)) = {self.floor[i, j]:.4g}; T = {self.steps} updates"
        )

    def axes(self):
        """The (step axis, loss axis) shared by every frame: a fixed true log axis holding every floor."""
        from . import i18n
        from .view import log_axis, step_axis

        with np.errstate(divide="ignore"):
            top = max(float(np.nanmax(self.mean)), float(np.max(self.floor)))
        lo = math.floor(math.log10(float(np.min(self.floor)))) - 2
        hi = math.ceil(math.log10(top))
        return step_axis(self.steps), log_axis(lo, hi, i18n.text("fig.noise.loss_axis"))

    def buffers(self) -> dict[str, bytes]:
        """The float32 buffers as bytes (C order), as the browser receives them."""
        return {
            name: np.ascontiguousarray(getattr(self, name), dtype=np.float32).tobytes()
            for name in ("faint", "mean", "floor")
        }


#: The noise explorer's knob values: constant rates (all below the bounce rate 1 of (w + 1)²) and noise levels σ.
KNOB_RATES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9)
KNOB_NOISES = (0.25, 0.5, 1.0, 2.0, 4.0)


def noise_frames(
    learning_rates: Any = KNOB_RATES,
    noises: Any = KNOB_NOISES,
    *,
    steps: int = 200,
    runs: int = 200,
    shown: int = 20,
    w0: float = 5.0,
    loss: Quadratic | None = None,
    seed: int = 0,
) -> NoiseFrames:
    """Precompute :class:`NoiseFrames` for every (rate, noise) pair in one batch of seeded runs.

    >>> fr = noise_frames((0.1, 0.2), (1.0,), steps=20, runs=10, shown=3)
    >>> fr.faint.shape, fr.mean.dtype.name
    ((2, 1, 3, 21), 'float32')
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
    runs = run_count(runs)
    shown = v.count("shown", shown, minimum=1, maximum=runs)
    start = v.number("w0", w0)
    t = descend(
        eta[:, None, None], w0=np.full(runs, start), steps=steps, loss=loss, noise=sigma[None, :, None], seed=seed
    )
    with np.errstate(all="ignore"):
        loss_values = np.asarray(t.loss, dtype=np.float64)  # (steps + 1, n_rate, n_noise, runs)
    faint = np.moveaxis(loss_values[..., :shown], 0, -1).astype(np.float32)
    mean = np.moveaxis(loss_values.mean(axis=-1), 0, -1).astype(np.float32)
    floor = np.asarray(noise_floor(eta[:, None], sigma[None, :], loss), dtype=np.float32)
    return NoiseFrames(
        v.frozen(eta),
        v.frozen(sigma),
        t.steps,
        runs,
        shown,
        seed,
        start,
        v.frozen(faint),
        v.frozen(mean),
        v.frozen(floor),
        str(loss),
    )
