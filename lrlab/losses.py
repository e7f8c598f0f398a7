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

from . import checks as v

__all__ = ["SEED_LOSS", "Loss", "Quadratic", "QuarticBowl", "quadratic_loss"]


class Loss:
    """Base of lrlab's losses: immutable, with ``value(w)`` and ``grad(w)`` that keep a float ``w``'s dtype.

    Any object with ``value(w)`` and ``grad(w)`` methods works as a loss in :func:`lrlab.descend`; this base
    only gives lrlab's own losses their shared behaviour (immutability, input checks, printing the centre).
    """

    __slots__ = ("_centre",)
    _centre: float

    @property
    def centre(self) -> float:
        """Where the minimum is: ``c``."""
        return self._centre

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    @staticmethod
    def as_float(w: Any) -> np.ndarray:
        """``w`` as a float array (float64 for integers); anything else is refused, naming ``w``."""
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

    def _factors(self) -> dict[str, float]:
        """The factors ``value`` and ``grad`` multiply by, by name (none here)."""
        return {}

    def check_fits(self, dtype: Any) -> None:
        """Refuse, naming ``loss``, a loss whose centre or a factor overflows, or a factor rounds to 0, in
        ``dtype``: its runs in ``dtype`` would be inf or NaN, or never move, from the first update."""
        dtype = np.dtype(dtype)
        centre = getattr(self, "_centre", None)  # a subclass may keep no centre
        numbers = ({} if centre is None else {"centre": centre}) | self._factors()
        for what, value in numbers.items():
            with np.errstate(over="ignore", under="ignore"):
                cast = dtype.type(value)
            if not np.isfinite(cast):
                v.fail("loss", f"a loss whose {what} fits in {dtype.name}", self)
            if cast == 0 and value != 0 and what != "centre":
                v.fail("loss", f"a loss whose {what} does not round to 0 in {dtype.name}", self)

    @staticmethod
    def offset_text(centre: float) -> str:
        """How ``w - c`` is printed: ``w + 1`` for ``c = -1``, ``w`` for ``c = 0``."""
        return "w" if centre == 0 else (f"w + {-centre:g}" if centre < 0 else f"w - {centre:g}")


class Quadratic(Loss):
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

    __slots__ = ("_a",)
    _a: float

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

    def _factors(self) -> dict[str, float]:
        return {"factor a": self._a, "curvature 2a": 2.0 * self._a}

    @property
    def a(self) -> float:
        """The factor ``a`` in :math:`a\\,(w-c)^2`."""
        return self._a

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

    def value(self, w: Any) -> np.ndarray:
        """The loss at ``w`` (same dtype as a float ``w``)."""
        w = self.as_float(w)
        with np.errstate(over="ignore", invalid="ignore"):  # a huge w has an infinite loss, not a warning
            x = w - w.dtype.type(self._centre)
            sq = x * x
            return sq if self._a == 1.0 else w.dtype.type(self._a) * sq

    def grad(self, w: Any, out: np.ndarray | None = None) -> np.ndarray:
        """The derivative d loss / d w at ``w`` (same dtype as a float ``w``), written to ``out`` if given."""
        w = self.as_float(w)
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
        return f"{a}({self.offset_text(self._centre)})²"


#: The course's loss, (w + 1)²: a = 1, curvature f″ = 2.
SEED_LOSS = Quadratic(a=1.0, centre=-1.0)


class QuarticBowl(Loss):
    r"""The loss :math:`(w-c)^2 + b\,(w-c)^4`: the course's parabola near the minimum, steep walls far out.

    Its curvature :math:`f''(w) = 2 + 12\,b\,(w-c)^2` is 2 at the minimum (as for :math:`(w+1)^2`) and grows
    with the distance, so a rate that is safe near the minimum overshoots far out. ``value`` and ``grad``
    keep the dtype of a float ``w`` (float32 in, float32 arithmetic).

    >>> bowl = QuarticBowl()
    >>> print(bowl, bowl.curvature_at(5.0), bowl.curvature_at(-1.0))
    (w + 1)² + 0.25·(w + 1)⁴ 110.0 2.0
    """

    __slots__ = ("_b",)
    _b: float

    def __init__(self, quartic: float = 0.25, centre: float = -1.0) -> None:
        object.__setattr__(self, "_b", v.scalar(v.positive("quartic", quartic), "quartic", quartic))
        object.__setattr__(self, "_centre", v.scalar(v.finite("centre", centre), "centre", centre))

    def _factors(self) -> dict[str, float]:
        return {"quartic": self._b, "4·quartic": 4.0 * self._b}

    @property
    def quartic(self) -> float:
        return self._b

    def value(self, w: Any) -> np.ndarray:
        w = self.as_float(w)
        t = w.dtype.type
        with np.errstate(over="ignore", invalid="ignore"):
            d = w - t(self._centre)
            sq = d * d
            return sq + t(self._b) * (sq * sq)

    def grad(self, w: Any) -> np.ndarray:
        w = self.as_float(w)
        t = w.dtype.type
        with np.errstate(over="ignore", invalid="ignore"):
            d = w - t(self._centre)
            return t(2.0) * d + t(4.0 * self._b) * (d * d * d)

    def curvature_at(self, w: Any) -> float | np.ndarray:
        """The second derivative :math:`f''(w) = 2 + 12 b (w - c)^2` (float64)."""
        with np.errstate(over="ignore"):
            d = v.finite("w", w) - self._centre
            out = 2.0 + 12.0 * self._b * d * d
        return float(out) if out.ndim == 0 else out

    def bounce_rate_at(self, w: Any) -> float | np.ndarray:
        """:math:`2/f''(w)`: the largest rate that does not overshoot further than it started, near ``w``."""
        return 2.0 / self.curvature_at(w)

    def __repr__(self) -> str:
        return f"QuarticBowl(quartic={self._b!r}, centre={self._centre!r})"

    def __str__(self) -> str:
        inner = self.offset_text(self._centre)
        return f"({inner})² + {self._b:g}·({inner})⁴"


def quadratic_loss(loss: Any) -> Quadratic:
    """``loss`` checked to be an :class:`Quadratic` (``None`` means the course's :data:`SEED_LOSS`)."""
    if loss is None:
        return SEED_LOSS
    if not isinstance(loss, Quadratic):
        v.fail("loss", "an lrlab.Quadratic", loss, TypeError)
    return loss
