r"""Loss functions of one parameter ``w``.

The course's loss is :math:`(w+1)^2`. :class:`Quadratic` generalises it to
:math:`a\,(w-c)^2`, a parabola with curvature ``a`` and its minimum at the
centre ``c``, so other bowls can be taught with the same code.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _validation as v

__all__ = ["Quadratic", "SEED_LOSS"]


@dataclass(frozen=True)
class Quadratic:
    r"""The loss :math:`a\,(w-c)^2`, with gradient :math:`2a\,(w-c)`.

    ``value`` and ``grad`` keep the dtype of ``w``: on float32 input every
    operation rounds to float32, in TensorFlow's order (``w - c`` first).
    """

    curvature: float = 1.0
    centre: float = -1.0

    def __post_init__(self):
        a = v.positive("curvature", self.curvature)
        c = v.finite("centre", self.centre)
        if a.ndim or c.ndim:
            v.fail("curvature and centre", "single numbers", (self.curvature, self.centre), TypeError)
        object.__setattr__(self, "curvature", float(a))
        object.__setattr__(self, "centre", float(c))

    def _offset(self, w: np.ndarray) -> np.ndarray:
        return w - w.dtype.type(self.centre)

    def value(self, w):
        """The loss at ``w`` (same dtype as ``w``)."""
        w = np.asarray(w)
        x = self._offset(w)
        sq = x * x
        return sq if self.curvature == 1.0 else w.dtype.type(self.curvature) * sq

    def grad(self, w, out=None):
        """The derivative d loss / d w at ``w`` (same dtype as ``w``), written to ``out`` if given."""
        w = np.asarray(w)
        x = np.subtract(w, w.dtype.type(self.centre), out=out)
        return np.multiply(w.dtype.type(2.0 * self.curvature), x, out=out)

    @property
    def one_step_rate(self) -> float:
        """The rate ``1/(2a)`` that lands on the minimum in one step."""
        return 1.0 / (2.0 * self.curvature)

    @property
    def bounce_rate(self) -> float:
        """The rate ``1/a`` at which w bounces between two points forever."""
        return 1.0 / self.curvature

    def __str__(self):
        a = "" if self.curvature == 1.0 else f"{self.curvature:g}·"
        c = self.centre
        inner = "w" if c == 0 else (f"w + {-c:g}" if c < 0 else f"w - {c:g}")
        return f"{a}({inner})²"


#: The course's loss, (w + 1)².
SEED_LOSS = Quadratic(curvature=1.0, centre=-1.0)
