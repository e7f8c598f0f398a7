"""Argument checks shared by every public function.

Each checker takes the argument's *name* and its *value*, and raises
``TypeError`` (wrong kind of thing) or ``ValueError`` (right kind, bad value)
with a message in one form::

    `decay_steps` must be > 0. Received: decay_steps=0

Conditions are written so that NaN fails them (``if not x > 0``).
"""

from __future__ import annotations

import numbers

import numpy as np

#: Longest run ``descend`` accepts: a typo or a slider cannot hang a kernel.
MAX_STEPS = 100_000
#: Most values (steps + 1) x batch size ``descend`` will store.
MAX_VALUES = 250_000_000


def _show(value) -> str:
    if isinstance(value, np.ndarray):
        with np.printoptions(threshold=6, edgeitems=2):
            return np.array2string(value, separator=", ")
    return repr(value)


def fail(name: str, requirement: str, value, exc=ValueError):
    """Raise ``exc`` saying that ``name`` must meet ``requirement``."""
    raise exc(f"`{name}` must be {requirement}. Received: {name}={_show(value)}")


def real(name: str, value) -> np.ndarray:
    """Return ``value`` as a float64 array, refusing bools, strings and the like."""
    if isinstance(value, (bool, np.bool_)):
        fail(name, "a real number, not a bool", value, TypeError)
    if isinstance(value, numbers.Real):
        return np.asarray(float(value))
    if isinstance(value, (list, tuple, np.ndarray)):
        arr = np.asarray(value)
        if arr.dtype == bool or not (
            np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)
        ):
            fail(name, "a real number or an array of real numbers", value, TypeError)
        return arr.astype(np.float64)
    fail(name, "a real number or an array of real numbers", value, TypeError)


def finite(name: str, value) -> np.ndarray:
    arr = real(name, value)
    if not np.all(np.isfinite(arr)):
        fail(name, "finite", value)
    return arr


def nonnegative(name: str, value) -> np.ndarray:
    arr = real(name, value)
    if not np.all((arr >= 0) & np.isfinite(arr)):
        fail(name, "finite and >= 0", value)
    return arr


def positive(name: str, value) -> np.ndarray:
    arr = real(name, value)
    if not np.all((arr > 0) & np.isfinite(arr)):
        fail(name, "finite and > 0", value)
    return arr


def in_unit_interval(name: str, value) -> np.ndarray:
    """``0 < value <= 1``."""
    arr = real(name, value)
    if not np.all((arr > 0) & (arr <= 1)):
        fail(name, "> 0 and <= 1", value)
    return arr


def boolean(name: str, value) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        fail(name, "True or False", value, TypeError)
    return bool(value)


def count(name: str, value, *, minimum: int = 0, maximum: int = MAX_STEPS) -> int:
    """A whole number in ``[minimum, maximum]``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        fail(name, "an int", value, TypeError)
    value = int(value)
    if not minimum <= value <= maximum:
        fail(name, f"an int between {minimum} and {maximum:,}", value)
    return value


def steps_array(name: str, value) -> np.ndarray:
    """A step or an array of steps: non-negative integers."""
    if isinstance(value, (bool, np.bool_)):
        fail(name, "an int or an array of ints, not a bool", value, TypeError)
    arr = np.asarray(value)
    if not np.issubdtype(arr.dtype, np.integer):
        fail(name, "an int or an array of ints", value, TypeError)
    if not np.all(arr >= 0):
        fail(name, ">= 0", value)
    return arr


def float_dtype(name: str, value) -> np.dtype:
    try:
        dtype = np.dtype(value)
    except TypeError:
        fail(name, "np.float32 or np.float64", value, TypeError)
    if dtype not in (np.dtype(np.float32), np.dtype(np.float64)):
        fail(name, "np.float32 or np.float64", value)
    return dtype
