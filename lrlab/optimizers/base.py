"""The shared base of lrlab's optimizers: immutable settings, checked once; the arithmetic helpers they share."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar, overload

import numpy as np

from .. import checks as v

__all__ = ["REQUIRED", "Hyperparameter", "Optimizer", "State", "hyper"]

T = TypeVar("T")

#: What an optimizer carries from one update to the next: ``(t, *slots)``, where ``t`` counts the updates made
#: so far and the slots (momentum buffers, running averages, ...) are arrays shaped and typed like ``w``.
State = tuple[Any, ...]

#: The default of a hyperparameter that has none: the keyword must be given (TF 1's ``momentum``).
REQUIRED: Any = inspect.Parameter.empty


class Hyperparameter(Generic[T]):
    """One hyperparameter of an optimizer class, declared once in the class body with :func:`hyper`: its name (the
    attribute it is assigned to), its default and its check.

    Read on the class it gives the declaration itself (``keras.RMSprop.rho``); an optimizer keeps its checked
    value in its own ``__dict__``, which Python reads before this descriptor (``keras.RMSprop().rho`` is 0.9, read
    as fast as any attribute).
    """

    def __init__(self, default: Any, check: Callable[[str, Any], T]) -> None:
        self.name = ""
        self.default = default
        self.check = check

    def __set_name__(self, owner: type, name: str) -> None:
        if not self.name:  # a class that declares it again (``eps = Adam.eps``) keeps its name
            self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Hyperparameter[T]: ...

    @overload
    def __get__(self, obj: Optimizer, owner: type | None = None) -> T: ...

    def __get__(self, obj: Optimizer | None, owner: type | None = None) -> Hyperparameter[T] | T:
        if obj is None:
            return self
        raise AttributeError(f"`{self.name}` was never set: an optimizer is made by calling its class")

    def __repr__(self) -> str:
        default = "required" if self.default is REQUIRED else f"default {self.default!r}"
        return f"<hyperparameter {self.name} ({default}, checked by {self.check.__name__})>"


def hyper(default: Any, check: Callable[[str, Any], T]) -> Hyperparameter[T]:
    """Declare a hyperparameter in an optimizer's class body: ``rho = hyper(0.9, fraction)``. ``default`` is what
    the signature shows and what is checked when the keyword is left out (:data:`REQUIRED`: none, the keyword must
    be given); ``check(name, value)`` returns the value the optimizer keeps, or raises."""
    return Hyperparameter(default, check)


class Optimizer:
    """Base of lrlab's optimizers: an update rule with its hyperparameters, immutable and checked once, when made.

    The learning rate is not part of the optimizer: it stays :func:`lrlab.descend`'s first argument (a number,
    an array or a schedule). A run keeps the optimizer's state (momentum buffers, running averages) inside its
    own loop, so one optimizer object can drive any number of runs, one after another or as a batch::

        state = opt.init(w)
        for k in range(steps):
            w, state = opt.step(state, w, loss.grad(w), lr[k])

    Every operation rounds to ``w``'s dtype. In float32 the operations, their order, the rounding of each
    constant, and the operations a framework fuses (a multiply-add rounded once) are the framework's own; each
    class says how closely its float32 results match the framework's recorded ones.

    A class declares each hyperparameter once, with :func:`hyper`; from the declarations, in order, the class
    gets its keyword-only signature (what ``help`` and tab completion show), its repr, equality, hash and
    pickling. The order is the framework's: the hyperparameters a class inherits and does not declare again
    come first, then its own, in the order of its class body (a class that needs another order declares the
    inherited ones again, e.g. ``eps = Adam.eps``).
    """

    #: the convention the class follows: "keras", "torch", "tf1" or "course"
    convention: ClassVar[str] = ""
    #: the hyperparameters' declarations and names, in the framework's order
    _hyperparameters: ClassVar[tuple[Hyperparameter[Any], ...]] = ()
    _params: ClassVar[tuple[str, ...]] = ()
    #: what each slot starts at, in the order :meth:`_update` receives them: a number, or the name of the
    #: hyperparameter it starts at (Adagrad's accumulator starts at ``initial_accumulator_value``)
    _slot_starts: ClassVar[tuple[float | str, ...]] = ()
    #: True where the framework keeps the rate as a Python float (float64) and rounds it at each use
    _float64_rate: ClassVar[bool] = False
    __signature__: ClassVar[inspect.Signature]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = {name: h for name, h in vars(cls).items() if isinstance(h, Hyperparameter)}
        for name, h in own.items():
            if h.name != name:
                raise TypeError(f"{cls.__name__}: `{h.name}` is declared again as `{name}`; a keyword has one name")
        inherited = (h for h in cls._hyperparameters if h.name not in own)
        cls._hyperparameters = (*inherited, *own.values())
        cls._params = tuple(h.name for h in cls._hyperparameters)
        keyword = inspect.Parameter.KEYWORD_ONLY
        cls.__signature__ = inspect.Signature(
            [inspect.Parameter(h.name, keyword, default=h.default) for h in cls._hyperparameters]
        )

    def __init__(self, *args: Any, **settings: Any) -> None:
        label = f"{self.convention}.{type(self).__name__}"
        if args:
            example = f"{label}({self._params[0]}=...)" if self._params else f"{label}()"
            raise TypeError(
                f"{label}() takes keyword arguments only, e.g. {example}; the learning rate is lrlab.descend's "
                f"first argument. Received positional arguments: {v.show(args)}"
            )
        for name in settings:
            if name not in self._params:
                raise TypeError(f"{label}() got an unexpected keyword argument {name!r}")
        missing = [h.name for h in self._hyperparameters if h.default is REQUIRED and h.name not in settings]
        if missing:
            plural = "s" if len(missing) > 1 else ""
            names = " and ".join(repr(name) for name in missing)
            raise TypeError(f"{label}() missing {len(missing)} required keyword-only argument{plural}: {names}")
        for h in self._hyperparameters:
            object.__setattr__(self, h.name, h.check(h.name, settings.get(h.name, h.default)))
        self._check_together()

    def _check_together(self) -> None:
        """Rules that tie hyperparameters together, checked once each is checked on its own (none here)."""

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _values(self) -> tuple[Any, ...]:
        return tuple(vars(self).values())

    def __repr__(self) -> str:
        args = ", ".join(f"{name}={value!r}" for name, value in vars(self).items())
        return f"{self.convention}.{type(self).__name__}({args})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._values() == self._values()

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __reduce__(self) -> tuple[Any, ...]:  # pickle and copy remake it from its settings
        return _remake, (type(self), dict(vars(self)))

    def rate_dtype(self, dtype: Any) -> np.dtype:
        """The dtype the rates reach :meth:`step` in, for a run in ``dtype``: ``dtype`` itself, or float64 for an
        optimizer whose framework keeps the rate a Python float (PyTorch)."""
        dtype = np.dtype(dtype)
        return np.dtype(np.float64) if self._float64_rate else dtype

    def init(self, w: Any) -> State:
        """The state before the first update, for a run starting at ``w`` (a float number or array)."""
        w = _float_array(w)
        return (0, *self._slots(w))

    def step(self, state: State, w: Any, grad: Any, learning_rate: Any) -> tuple[np.ndarray, State]:
        """One update: ``(new_w, new_state)`` from the state, ``w``, the gradient at ``w`` and the rate.

        ``grad`` is rounded to ``w``'s dtype; the rate to ``w``'s dtype too, or kept in float64 where the
        framework keeps it a Python float. Nothing passed in is changed.
        """
        w = _float_array(w)
        dt = w.dtype
        grad = np.asarray(grad, dtype=dt)
        lr = np.asarray(learning_rate, dtype=self.rate_dtype(dt))
        t, *slots = state
        new_w, new_slots = self._update(t + 1, tuple(slots), w, grad, lr)
        return new_w, (t + 1, *new_slots)

    def _slots(self, w: np.ndarray) -> tuple[np.ndarray, ...]:
        return tuple(np.full_like(w, getattr(self, s) if isinstance(s, str) else s) for s in self._slot_starts)

    def _update(
        self, t: int, slots: tuple[np.ndarray, ...], w: np.ndarray, g: np.ndarray, lr: np.ndarray
    ) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
        raise NotImplementedError


def _remake(cls: type, settings: dict[str, Any]) -> Optimizer:
    return cls(**settings)


def _float_array(w: Any) -> np.ndarray:
    arr = np.asarray(w)
    if arr.dtype not in (np.dtype(np.float32), np.dtype(np.float64)):
        v.fail("w", "a float32 or float64 number or array", w, TypeError)
    return arr


# ---------------------------------------------------------------- checking hyperparameters


def fraction(name: str, value: Any) -> float:
    """A decay or momentum factor: one real number in [0, 1)."""
    x = v.scalar(v.real(name, value), name, value)
    if not 0 <= x < 1:
        v.fail(name, "in [0, 1)", value)
    return x


def at_most_one(name: str, value: Any) -> float:
    """One real number in [0, 1] (PyTorch's dampening)."""
    x = v.scalar(v.real(name, value), name, value)
    if not 0 <= x <= 1:
        v.fail(name, "in [0, 1]", value)
    return x


def nonnegative(name: str, value: Any) -> float:
    """One finite real number >= 0 (an epsilon, an initial accumulator, a weight decay)."""
    return v.number(name, value, v.nonnegative)


def positive(name: str, value: Any) -> float:
    """One finite real number > 0."""
    return v.number(name, value, v.positive)


def flag(name: str, value: Any) -> bool:
    return v.boolean(name, value)


def pair_of_fractions(name: str, value: Any) -> tuple[float, float]:
    """Two numbers in [0, 1), given as a tuple or list (PyTorch's ``betas``)."""
    requirement = "a pair of numbers in [0, 1), e.g. (0.9, 0.999)"
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        v.fail(name, requirement, value, TypeError)
    items = []
    for item in value:
        if isinstance(item, (bool, np.bool_)) or not isinstance(item, (int, float, np.integer, np.floating)):
            v.fail(name, requirement, value, TypeError)
        x = float(item)
        if not 0 <= x < 1:
            v.fail(name, requirement, value)
        items.append(x)
    return items[0], items[1]


# ---------------------------------------------------------------- arithmetic, rounded like the frameworks


def const(x: Any, dt: np.dtype) -> Any:
    """``x`` (a Python float, worked out in float64) rounded once to ``dt``, as a framework converts a constant."""
    return np.asarray(x, dtype=np.float64).astype(dt)[()]


def fma(a: Any, b: Any, c: Any) -> Any:
    """``a * b + c`` rounded once (a fused multiply-add), in the dtype of ``a``, ``b`` and ``c``.

    In float32 the result is exact: the product of two float32 numbers is exact in float64, the sum is
    rounded to odd in float64 (TwoSum gives its exact error; an inexact sum whose last bit is even moves one
    step towards the exact value), and rounding that to float32 then equals rounding the exact ``a * b + c``
    (float64 carries more than two bits beyond float32's 24). In float64 it is ``a * b + c`` with two
    roundings (no float64 fused multiply-add is emulated).
    """
    a, b, c = np.asarray(a), np.asarray(b), np.asarray(c)
    dt = np.result_type(a, b, c)
    if dt != np.dtype(np.float32):
        return (a * b + c)[()]
    p = a.astype(np.float64) * b.astype(np.float64)
    c64 = c.astype(np.float64)
    s = np.asarray(p + c64)
    z = s - p
    err = (p - (s - z)) + (c64 - z)
    even = (s.view(np.uint64) & np.uint64(1)) == 0
    inexact = np.isfinite(err) & (err != 0) & even
    if np.any(inexact):
        s = np.where(inexact, np.nextafter(s, np.where(err > 0, np.inf, -np.inf)), s)
    return s.astype(np.float32)[()]


def power(base: Any, t: int, dt: np.dtype) -> Any:
    """``base ** t`` for a number ``base`` already in ``dt``, rounded once to ``dt`` (worked out in float64 by the
    C library's ``pow``).

    TensorFlow's float32 ``pow`` (glibc's ``powf``) is correctly rounded in nearly all cases; so is this.
    """
    return dt.type(float(base) ** float(t))
