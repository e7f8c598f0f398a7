"""Objects that break when lrlab asks them for a number, an array or a text, and a schedule that raises: the
contract sweep (test_contract.py) and descend's exact messages (test_descent.py) both hand them to lrlab."""

import numbers

import numpy as np


class FloatRaises:
    def __float__(self):
        raise RuntimeError("no float for you")

    def __repr__(self):
        return "FloatRaises()"


class RealFloatRaises(FloatRaises):
    """Claims to be a real number (registered with numbers.Real) but cannot become a float."""

    def __repr__(self):
        return "RealFloatRaises()"


numbers.Real.register(RealFloatRaises)


class ReprRaises:
    def __repr__(self):
        raise RuntimeError("no repr")


class ArrayRaises:
    def __array__(self, *args, **kwargs):
        raise RuntimeError("no array")

    def __repr__(self):
        return "ArrayRaises()"


def schedule_that_raises(k):
    raise ZeroDivisionError("boom")


class StripRaises(str):
    """A text that cannot be stripped (what a student typed is still inside)."""

    def strip(self, *args):
        raise RuntimeError("no strip")


class ItemRaises(np.ndarray):
    """An array that gives neither its items nor a list of them."""

    def item(self, *args):
        raise RuntimeError("no item")

    def tolist(self):
        raise RuntimeError("no tolist")
