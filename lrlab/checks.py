"""Argument checks shared by every public function.

Each checker takes the argument's *name* and its *value*, and raises
``TypeError`` (wrong kind of thing) or ``ValueError`` (right kind, bad value)
with a message in one form::

    `decay_steps` must be > 0. Received: decay_steps=0

Conditions are written so that NaN fails them (``if not x > 0``).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterator
from typing import Any, NoReturn, cast

import numpy as np

#: Longest run ``descend`` accepts: a typo or a slider cannot hang a kernel.
MAX_STEPS = 100_000
#: Longest run an animated GIF shows (one frame per update, plus the start): a typo cannot fill a disk.
MAX_GIF_STEPS = 500
#: Most values (steps + 1) x batch size ``descend`` (and ``rates``, ``closed_form``) will store.
#: Reading every array of the largest allowed float64 run (w, loss, lr, grad, with the
#: temporaries that computing them needs) peaks below 1 GB (checked in tests/test_descent.py).
MAX_VALUES = 20_000_000


def show(value: Any) -> str:
    """``value`` as an error message shows it: short, and never failing (a hostile ``__repr__`` is replaced)."""
    if isinstance(value, (np.ndarray, np.generic)) and value.ndim == 0 and value.dtype.kind in "biuf":
        return repr(value.item())
    if isinstance(value, np.ndarray):
        with np.printoptions(threshold=6, edgeitems=2):
            return np.array2string(value, separator=", ")
    try:
        text = repr(value)
    except Exception:  # a hostile __repr__ must not hide the real message
        text = f"<{type(value).__name__} object>"
    return text if len(text) <= 200 else text[:150] + " … " + text[-40:]


def fail(name: str, requirement: str, value: Any, exc: type[Exception] = ValueError) -> NoReturn:
    """Raise ``exc`` saying that ``name`` must meet ``requirement``."""
    raise exc(f"`{name}` must be {requirement}. Received: {name}={show(value)}")


def _real_array(name: str, value: Any) -> np.ndarray:
    try:
        arr = np.asarray(value)
    except Exception:  # ragged lists, objects whose __array__ fails, and the like
        fail(name, "a real number or an array of real numbers (of one shape)", value, TypeError)
    if arr.dtype.kind not in "iuf":
        fail(name, "a real number or an array of real numbers", value, TypeError)
    with np.errstate(over="ignore"):  # a long double beyond float64 becomes inf, caught by the callers
        return arr.astype(np.float64)


def real(name: str, value: Any) -> np.ndarray:
    """Return ``value`` as a float64 array, refusing bools, strings and the like."""
    if isinstance(value, (bool, np.bool_)):
        fail(name, "a real number, not a bool", value, TypeError)
    if isinstance(value, (np.ndarray, np.generic)):
        return _real_array(name, value)
    if isinstance(value, numbers.Real):
        try:
            return np.asarray(float(value))
        except OverflowError:
            fail(name, "a number within float64's range", value)
        except Exception:
            fail(name, "a real number that converts to float", value, TypeError)
    if isinstance(value, (list, tuple)):
        for item in _flat(value):
            if isinstance(item, (bool, np.bool_)):
                fail(name, "an array of real numbers, not bools", value, TypeError)
            if isinstance(item, int) and abs(item) > 2**1023:
                fail(name, "numbers within float64's range", value)
        return _real_array(name, value)
    fail(name, "a real number or an array of real numbers", value, TypeError)


def _flat(value: Any, depth: int = 0) -> Iterator[Any]:
    if depth > 32:
        return
    for item in value:
        if isinstance(item, (list, tuple)):
            yield from _flat(item, depth + 1)
        else:
            yield item


def scalar(arr: np.ndarray, name: str, value: Any) -> float:
    """``arr`` (already checked) as a Python float; a TypeError if it is not a single number."""
    if arr.ndim:
        fail(name, "a single number", value, TypeError)
    return float(arr)


def at_most_values(rows: int, batch: tuple[int, ...], what: str) -> None:
    """Refuse more than :data:`MAX_VALUES` numbers (``rows`` x the batch size), naming ``what``."""
    if rows * math.prod(batch) > MAX_VALUES:
        fail(what, f"at most {MAX_VALUES:,} values", {"steps": rows, "batch_shape": batch})


def number(name: str, value: Any, check: Any = None) -> float:
    """One real number as a Python float, checked by ``check`` (default :func:`finite`) and named ``name``."""
    return scalar((check or finite)(name, value), name, value)


def between(name: str, value: Any, low: float, high: float, why: str = "") -> float:
    """One number in ``[low, high]`` as a Python float, named ``name`` when refused (``why``: where the bounds come
    from, e.g. " (the explorers' rate knobs)")."""
    x = number(name, value)
    if not low <= x <= high:
        fail(name, f"between {low:g} and {high:g}{why}", value)
    return x


def finite(name: str, value: Any) -> np.ndarray:
    arr = real(name, value)
    if not np.all(np.isfinite(arr)):
        fail(name, "finite", value)
    return arr


def nonnegative(name: str, value: Any) -> np.ndarray:
    arr = real(name, value)
    if not np.all((arr >= 0) & np.isfinite(arr)):
        fail(name, "finite and >= 0", value)
    return arr


def positive(name: str, value: Any) -> np.ndarray:
    arr = real(name, value)
    if not np.all((arr > 0) & np.isfinite(arr)):
        fail(name, "finite and > 0", value)
    return arr


def in_unit_interval(name: str, value: Any) -> np.ndarray:
    """``0 < value <= 1``."""
    arr = real(name, value)
    if not np.all((arr > 0) & (arr <= 1)):
        fail(name, "> 0 and <= 1", value)
    return arr


def representable(name: str, arr: np.ndarray, dtype: np.dtype, value: Any) -> np.ndarray:
    """``arr`` cast to ``dtype``, refusing finite values beyond its range (float32 tops out at 3.4e38)."""
    top = np.finfo(dtype).max
    if not np.all(np.abs(arr[np.isfinite(arr)]) <= top):
        fail(name, f"within {np.dtype(dtype).name}'s range (|x| <= {top:.4g})", value)
    return arr.astype(dtype)


def boolean(name: str, value: Any) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        fail(name, "True or False", value, TypeError)
    return bool(value)


def is_int(value: Any) -> bool:
    """A whole number: an int or numpy integer, not a bool or a numpy timedelta (numpy calls those integers)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_, np.timedelta64))


def count(name: str, value: Any, *, minimum: int = 0, maximum: int = MAX_STEPS) -> int:
    """A whole number in ``[minimum, maximum]``."""
    if not is_int(value):
        fail(name, "an int", value, TypeError)
    value = int(value)
    if not minimum <= value <= maximum:
        fail(name, f"an int between {minimum} and {maximum:,}", value)
    return value


def steps_array(name: str, value: Any) -> np.ndarray:
    """A step or an array of steps: non-negative integers (at most 2**53, so float64 holds them exactly)."""
    if isinstance(value, (bool, np.bool_)):
        fail(name, "an int or an array of ints, not a bool", value, TypeError)
    try:
        arr = np.asarray(value)
    except Exception:
        fail(name, "an int or an array of ints", value, TypeError)
    if arr.dtype.kind not in "iu":
        fail(name, "an int or an array of ints", value, TypeError)
    if not np.all(arr >= 0):
        fail(name, ">= 0", value)
    if arr.size and arr.max() > 2**53:
        fail(name, "at most 2**53", value)
    return arr.astype(np.int64)  # arithmetic on steps (k - boundary) must not wrap in a small integer dtype


def float_dtype(name: str, value: Any) -> np.dtype:
    if value is None:
        fail(name, "np.float32 or np.float64", value, TypeError)
    try:
        dtype = np.dtype(value)
    except Exception:
        fail(name, "np.float32 or np.float64", value, TypeError)
    if dtype not in (np.dtype(np.float32), np.dtype(np.float64)):
        fail(name, "np.float32 or np.float64", value)
    return dtype


def frozen(arr: Any) -> np.ndarray:
    """A read-only copy of ``arr``: nothing the caller does to ``arr`` afterwards reaches it."""
    return read_only(np.array(arr))


def read_only(arr: np.ndarray) -> np.ndarray:
    """A read-only view of ``arr`` that cannot be made writeable again.

    The view reads ``arr``'s memory through a read-only buffer, so
    ``view.flags.writeable = True`` raises ``ValueError``. The caller must keep
    ``arr`` private (never hand it out) for the result to be truly immutable.
    """
    arr = np.asarray(arr)
    if arr.dtype.hasobject:
        raise TypeError("read_only needs an array of numbers")
    return np.asarray(memoryview(cast(Any, arr)).toreadonly())
