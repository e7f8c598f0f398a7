"""Notebook 04's exercise checkers: right answers in every accepted form, each known mistake gets its own hint,
hostile input gets a message (never a traceback). Every row names a fragment the message must contain."""

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

import lrlab
from lrlab.exercises import Feedback, nb04

CHECKERS = [nb04.floor_height, nb04.halve_rate, nb04.first_drop]


class Hostile:
    def __repr__(self):
        raise RuntimeError("boom")


HOSTILE = [
    "",
    "   ",
    "abc",
    "1/0",
    "0/0",
    "1//6",
    "1e999",
    "nan",
    "--1",
    "x" * 500,
    float("nan"),
    float("inf"),
    True,
    np.bool_(False),
    1 + 2j,
    {"a": 1},
    object(),
    Hostile(),
    np.array([[1.0, 2.0]]),
    np.array([np.nan]),
    [[1, 2]],
    [None, None],
    b"0.5",
    lambda: 1,
    ...,
    10**400,
    Fraction(10**400, 3),
    -(10**400),
    "1" * 500,
    iter([1, 2]),
    range(2),
    np.array([], dtype=float),
]


@pytest.mark.parametrize("check", CHECKERS, ids=lambda c: c.__qualname__)
def test_none_means_not_answered_yet(check):
    fb = check(None)
    assert isinstance(fb, Feedback) and not fb.correct and "Replace `None`" in fb.message


@pytest.mark.parametrize("check", CHECKERS, ids=lambda c: c.__qualname__)
@pytest.mark.parametrize("answer", HOSTILE, ids=lambda a: type(a).__name__)
def test_hostile_answers_get_a_message_never_a_traceback(check, answer):
    fb = check(answer)
    assert isinstance(fb, Feedback) and fb.correct is False
    assert isinstance(fb.message, str) and 10 < len(fb.message) < 400


def _floor():
    return float(lrlab.noise_floor(0.1, 3.0, lrlab.Quadratic(a=2.0, centre=3.0)))


def test_floor_height_target_is_the_library_s():
    assert _floor() == pytest.approx(0.1 * 9 / (4 * (1 - 2 * 0.1)))  # 9/32, by the formula of the notebook


@pytest.mark.parametrize(
    "answer",
    [
        _floor(),
        "0.281",
        "9/32",
        " 0.2812 ",
        np.float32(0.28125),
        Decimal("0.281"),
        Fraction(9, 32),
        np.array([0.28125]),
    ],
)
def test_floor_height_right(answer):
    fb = nb04.floor_height(answer)
    assert fb.correct and "lrlab.noise_floor" in fb.message


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        (0.25, "where a = 1"),
        (0.140625, "variance of w"),
        (0.225, "1/(1 − aη)"),
        (0.09375, "σ² = 9"),
        (0.375, "not f″ = 2a = 4"),
        (0.283, "Close, but not to 3 significant figures"),
        (1.0, "E[loss] = ησ²/(4(1 − aη))"),
        ("0.28, 0.29", "one number, not a list"),
    ],
)
def test_floor_height_hints(answer, fragment):
    fb = nb04.floor_height(answer)
    assert not fb.correct and fragment in fb.message


@pytest.mark.parametrize(
    ("answer", "correct", "fragment"),
    [
        ("below", True, "drops below half"),
        (" Below ", True, "0.444"),
        ('"below"', True, "lrlab.noise_floor"),
        ("half", False, "η appears twice"),
        ("Less than half", True, "drops below half"),
        ("  below   half ", True, "0.444"),
        ("more than half", False, "the denominator grows"),
        ("1/2", False, "η appears twice"),
        ("halves", False, "η appears twice"),
        ("above", False, "the denominator grows"),
        ("sideways", False, "Answer with one of 'half', 'below', 'above'"),
        (0.7, False, "Answer with one of"),
    ],
)
def test_halve_rate(answer, correct, fragment):
    fb = nb04.halve_rate(answer)
    assert fb.correct is correct and fragment in fb.message


def test_halve_rate_truth_comes_from_the_library():
    ratio = lrlab.noise_floor(0.1, 2.0) / lrlab.noise_floor(0.2, 2.0)
    assert ratio < 0.5
    assert f"{ratio:.3f}" in nb04.halve_rate("below").message


@pytest.mark.parametrize(
    ("answer", "correct", "fragment"),
    [
        (469, True, "not a whole number"),
        ("469", True, "0.099"),
        (469.0, True, "469 batches per epoch"),
        (np.int64(469), True, "⌊468/468.75⌋ = 0"),
        (468, False, "60000 // 128 = 468"),
        (470, False, "One too late"),
        (1, False, "decay_steps = 1"),
        (60000, False, "not one example"),
        (128, False, "How many updates make one epoch"),
        (100, False, "For which k does ⌊k/s⌋ first become 1"),
        (-3, False, "whole number ≥ 0"),
        (468.5, False, "whole number ≥ 0"),
    ],
)
def test_first_drop(answer, correct, fragment):
    fb = nb04.first_drop(answer)
    assert fb.correct is correct and fragment in fb.message


def test_first_drop_truth_comes_from_the_schedule():
    s = lrlab.exponential_decay(0.1, 60000 / 128, 0.99, staircase=True)
    assert s(468) == s(0) and s(469) < s(0)
    assert -(-60000 // 128) == 469, "Keras's epoch has 469 batches (the last one partial)"
