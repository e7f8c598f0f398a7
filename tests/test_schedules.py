import math
import re

import numpy as np
import pytest

import lrlab


def test_constant_returns_rate_for_int_and_array():
    sched = lrlab.constant(0.2)
    assert sched(0) == 0.2
    assert sched(7) == 0.2
    np.testing.assert_array_equal(sched(np.arange(4)), [0.2] * 4)
    assert sched(np.arange(4)).shape == (4,)


def test_exponential_decay_formula_smooth_and_staircase():
    smooth = lrlab.exponential_decay(0.5, decay_steps=4, decay_rate=0.9)
    stair = lrlab.exponential_decay(0.5, decay_steps=4, decay_rate=0.9, staircase=True)
    k = np.arange(20)
    np.testing.assert_allclose(smooth(k), 0.5 * 0.9 ** (k / 4), rtol=1e-15)
    np.testing.assert_allclose(stair(k), 0.5 * 0.9 ** (k // 4), rtol=1e-15)
    assert stair(3) == 0.5 and stair(4) == pytest.approx(0.45)


def test_schedule_is_pure():
    sched = lrlab.exponential_decay(0.1, 1, 0.99, staircase=True)
    first = sched(np.arange(10))
    assert sched(5) == sched(5)
    np.testing.assert_array_equal(first, sched(np.arange(10)))


def test_float32_evaluation_rounds_like_tensorflow():
    sched = lrlab.exponential_decay(0.1, 1, 0.99, staircase=True)
    r = sched(np.arange(5), dtype=np.float32)
    assert r.dtype == np.float32
    # float32 pipeline: float32(0.1) * float32(0.99) ** float32(k)
    expected = np.float32(0.1) * np.power(np.float32(0.99), np.arange(5).astype(np.float32))
    np.testing.assert_array_equal(r, expected)


def test_array_parameters_broadcast_against_steps():
    sched = lrlab.exponential_decay(np.array([[0.1], [0.2]]), 1, np.array([0.5, 0.9, 1.0]))
    assert sched.batch_shape == (2, 3)
    out = sched(np.arange(4).reshape(4, 1, 1))
    assert out.shape == (4, 2, 3)
    assert out[3, 1, 2] == pytest.approx(0.2)
    assert out[2, 0, 0] == pytest.approx(0.1 * 0.25)


def test_schedules_are_immutable_and_have_readable_repr():
    sched = lrlab.exponential_decay(0.1, 1, 0.99, staircase=True)
    with pytest.raises(AttributeError):
        sched.decay_rate = 0.5
    assert repr(sched) == "ExponentialDecay(learning_rate=0.1, decay_steps=1.0, decay_rate=0.99, staircase=True)"
    assert repr(lrlab.constant(0.2)) == "Constant(learning_rate=0.2)"
    arr = lrlab.constant(np.ones(3))
    with pytest.raises(ValueError, match="read-only"):
        arr.learning_rate[0] = 5


@pytest.mark.parametrize(
    ("kwargs", "exc", "message"),
    [
        ({"decay_steps": 0}, ValueError, "`decay_steps` must be finite and > 0. Received: decay_steps=0"),
        ({"decay_steps": -3}, ValueError, "Received: decay_steps=-3"),
        ({"decay_steps": math.nan}, ValueError, "Received: decay_steps=nan"),
        ({"decay_rate": 0}, ValueError, "`decay_rate` must be > 0 and <= 1. Received: decay_rate=0"),
        ({"decay_rate": 1.5}, ValueError, "Received: decay_rate=1.5"),
        ({"decay_rate": math.nan}, ValueError, "Received: decay_rate=nan"),
        ({"decay_rate": -0.5}, ValueError, "Received: decay_rate=-0.5"),
        ({"learning_rate": -0.1}, ValueError, "`learning_rate` must be finite and >= 0. Received: learning_rate=-0.1"),
        ({"learning_rate": math.inf}, ValueError, "Received: learning_rate=inf"),
        ({"learning_rate": math.nan}, ValueError, "Received: learning_rate=nan"),
        ({"learning_rate": True}, TypeError, "`learning_rate` must be a real number, not a bool. Received: learning_rate=True"),
        ({"learning_rate": "0.1"}, TypeError, "Received: learning_rate='0.1'"),
        ({"decay_steps": "10"}, TypeError, "Received: decay_steps='10'"),
        ({"staircase": "yes"}, TypeError, "`staircase` must be True or False. Received: staircase='yes'"),
        ({"staircase": 1}, TypeError, "Received: staircase=1"),
        ({"learning_rate": [0.1, math.nan]}, ValueError, "Received: learning_rate=[0.1, nan]"),
    ],
)
def test_exponential_decay_rejects_bad_arguments(kwargs, exc, message):
    args = {"learning_rate": 0.1, "decay_steps": 1, "decay_rate": 0.9, "staircase": False} | kwargs
    with pytest.raises(exc, match=re.escape(message)):
        lrlab.exponential_decay(**args)


def test_mismatched_parameter_shapes_are_refused_when_made():
    with pytest.raises(ValueError, match="broadcastable shapes"):
        lrlab.exponential_decay(np.ones(3), 1, np.full(2, 0.5))


def test_constant_rejects_bad_rates():
    with pytest.raises(ValueError, match="Received: learning_rate=-1$"):
        lrlab.constant(-1)
    with pytest.raises(TypeError, match="Received: learning_rate=None"):
        lrlab.constant(None)


@pytest.mark.parametrize(
    ("step", "exc", "message"),
    [
        (-1, ValueError, "`step` must be >= 0. Received: step=-1"),
        (np.array([0, -2]), ValueError, r"Received: step=\[ 0, -2\]"),
        (1.5, TypeError, "`step` must be an int or an array of ints. Received: step=1.5"),
        (True, TypeError, "not a bool"),
        ("3", TypeError, "Received: step='3'"),
    ],
)
def test_schedule_rejects_bad_steps(step, exc, message):
    with pytest.raises(exc, match=message):
        lrlab.exponential_decay(0.1, 1, 0.9)(step)


def test_schedule_rejects_bad_dtype():
    with pytest.raises(ValueError, match="`dtype` must be np.float32 or np.float64. Received: dtype=<class 'numpy.int32'>"):
        lrlab.constant(0.1)(1, dtype=np.int32)
    with pytest.raises(TypeError, match="Received: dtype='nope'"):
        lrlab.constant(0.1)(1, dtype="nope")
