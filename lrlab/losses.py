r"""Loss functions of one parameter ``w``.

The course's loss is :math:`(w+1)^2`. :class:`Quadratic` generalises it to
:math:`a\,(w-c)^2`, a parabola with its minimum at the centre ``c``. Its
*curvature* is the second derivative :math:`f'' = 2a` (the course's loss has
:math:`a = 1`, :math:`f'' = 2`). Every rate that matters is a multiple of
:math:`1/f''`: one update lands on the minimum at :math:`\eta = 1/f''`, and a
constant rate is stable for :math:`0 < \eta < 2/f''`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import _validation as v

__all__ = ["SEED_LOSS", "Quadratic"]


class Quadratic:
    r"""The loss :math:`a\,(w-c)^2`, with gradient :math:`2a\,(w-c)` and curvature :math:`f'' = 2a`.

    Give either ``a`` (the factor in front) or ``curvature`` (:math:`f'' = 2a`),
    not both: ``Quadratic(a=3)`` and ``Quadratic(curvature=6)`` are the same loss.

    ``value`` and ``grad`` keep the dtype of a float ``w``: on float32 input every
    operation rounds to float32, in TensorFlow's order (``w - c`` first). Integer
    ``w`` is computed in float64.

    >>> loss = Quadratic(a=3, centre=2)
    >>> print(loss, loss.curvature, loss.one_step_rate, loss.bounce_rate)
    3·(w - 2)² 6.0 0.16666666666666666 0.3333333333333333
    """

    __slots__ = ("_a", "_centre")
    _a: float
    _centre: float

    def __init__(self, a: float | None = None, centre: float = -1.0, *, curvature: float | None = None) -> None:
        if a is not None and curvature is not None:
            v.fail(
                "a and curvature", "given one at a time (curvature = 2a)", {"a": a, "curvature": curvature}, TypeError
            )
        if curvature is not None:
            f2 = v.scalar(v.positive("curvature", curvature), "curvature", curvature)
            value = f2 / 2.0
        else:
            value = v.scalar(v.positive("a", 1.0 if a is None else a), "a", a)
            if not np.isfinite(2.0 * value):
                v.fail("a", "small enough that the curvature 2a is finite", a)
        c = v.scalar(v.finite("centre", centre), "centre", centre)
        object.__setattr__(self, "_a", value)
        object.__setattr__(self, "_centre", c)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Quadratic is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Quadratic is immutable")

    @property
    def a(self) -> float:
        """The factor ``a`` in :math:`a\\,(w-c)^2`."""
        return self._a

    @property
    def centre(self) -> float:
        """Where the minimum is: ``c``."""
        return self._centre

    @property
    def curvature(self) -> float:
        """The second derivative :math:`f'' = 2a`."""
        return 2.0 * self._a

    @property
    def one_step_rate(self) -> float:
        """The rate :math:`1/f''` that lands on the minimum in one update."""
        return 1.0 / self.curvature

    @property
    def bounce_rate(self) -> float:
        """The rate :math:`2/f''` at which w bounces between two points forever (stable below it)."""
        return 2.0 / self.curvature

    @staticmethod
    def _as_float(w: Any) -> np.ndarray:
        if type(w) is np.ndarray and w.dtype.kind == "f":  # the hot path of descend
            return w
        if isinstance(w, (bool, np.bool_)):
            v.fail("w", "a real number or an array of real numbers, not a bool", w, TypeError)
        try:
            arr = np.asarray(w)
        except Exception:
            v.fail("w", "a real number or an array of real numbers (of one shape)", w, TypeError)
        if arr.dtype.kind == "f":
            return arr
        if arr.dtype.kind in "iu":
            return arr.astype(np.float64)
        return v.fail("w", "a real number or an array of real numbers", w, TypeError)

    def value(self, w: Any) -> np.ndarray:
        """The loss at ``w`` (same dtype as a float ``w``)."""
        w = self._as_float(w)
        with np.errstate(over="ignore", invalid="ignore"):  # a huge w has an infinite loss, not a warning
            x = w - w.dtype.type(self._centre)
            sq = x * x
            return sq if self._a == 1.0 else w.dtype.type(self._a) * sq

    def grad(self, w: Any, out: np.ndarray | None = None) -> np.ndarray:
        """The derivative d loss / d w at ``w`` (same dtype as a float ``w``), written to ``out`` if given."""
        w = self._as_float(w)
        with np.errstate(over="ignore", invalid="ignore"):
            x = np.subtract(w, w.dtype.type(self._centre), out=out)
            return np.multiply(w.dtype.type(2.0 * self._a), x, out=out)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Quadratic):
            return NotImplemented
        return (self._a, self._centre) == (other._a, other._centre)

    def __hash__(self) -> int:
        return hash((Quadratic, self._a, self._centre))

    def __repr__(self) -> str:
        return f"Quadratic(a={self._a!r}, centre={self._centre!r})"

    def __str__(self) -> str:
        a = "" if self._a == 1.0 else f"{self._a:g}·"
        c = self._centre
        inner = "w" if c == 0 else (f"w + {-c:g}" if c < 0 else f"w - {c:g}")
        return f"{a}({inner})²"


#: The course's loss, (w + 1)²: a = 1, curvature f″ = 2.
SEED_LOSS = Quadratic(a=1.0, centre=-1.0)
