import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
        (
            {"learning_rate": True},
            TypeError,
            "`learning_rate` must be a real number, not a bool. Received: learning_rate=True",
        ),
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
    with pytest.raises(
        ValueError, match="`dtype` must be np.float32 or np.float64. Received: dtype=<class 'numpy.int32'>"
    ):
        lrlab.constant(0.1)(1, dtype=np.int32)
    with pytest.raises(TypeError, match="Received: dtype='nope'"):
        lrlab.constant(0.1)(1, dtype="nope")


# --- Keras 3's other schedules, linear_schedule, join, in_float64 -------------------------------------

K = np.arange(60)


def test_piecewise_constant_keeps_each_value_up_to_and_including_its_boundary():
    sched = lrlab.piecewise_constant([3, 7], [0.5, 0.2, 0.05])
    np.testing.assert_array_equal(sched(K), np.where(K <= 3, 0.5, np.where(K <= 7, 0.2, 0.05)))
    assert (sched(3), sched(4), sched(7), sched(8)) == (0.5, 0.2, 0.2, 0.05)
    at_zero = lrlab.piecewise_constant([0], [0.9, 0.1])  # a boundary at 0 covers step 0 only
    assert (at_zero(0), at_zero(1)) == (0.9, 0.1)


def test_piecewise_constant_copies_its_values():
    values = np.array([0.5, 0.2])
    sched = lrlab.piecewise_constant([3], values)
    values[0] = 9.0
    assert sched(0) == 0.5


@pytest.mark.parametrize("power", [1.0, 2.0, 0.5])
def test_polynomial_decay_formula(power):
    sched = lrlab.polynomial_decay(0.5, 20, end_learning_rate=0.01, power=power)
    expected = (0.5 - 0.01) * (1 - np.minimum(K, 20) / 20) ** power + 0.01
    np.testing.assert_allclose(sched(K), expected, rtol=1e-14)
    assert sched(20) == pytest.approx(0.01) and sched(59) == pytest.approx(0.01)


def test_polynomial_decay_defaults_are_keras_ones():
    sched = lrlab.polynomial_decay(0.1, 10)
    assert sched(10) == pytest.approx(0.0001) and sched(5) == pytest.approx((0.1 + 0.0001) / 2)
    assert (sched.power, sched.cycle) == (1.0, False)


def test_polynomial_decay_cycle_restarts_lower_each_time():
    sched = lrlab.polynomial_decay(0.5, 10, end_learning_rate=0.1, cycle=True)
    span = [10 if k == 0 else 10 * math.ceil(k / 10) for k in K]
    expected = [0.4 * (1 - k / s) + 0.1 for k, s in zip(K, span, strict=True)]
    np.testing.assert_allclose(sched(K), expected, rtol=1e-14)
    assert sched(10) == pytest.approx(0.1)
    assert sched(10) < sched(11) < sched(1)  # back up at 11, but lower than at 1


def test_inverse_time_decay_formula_smooth_and_staircase():
    smooth = lrlab.inverse_time_decay(0.5, 10, 0.5)
    stair = lrlab.inverse_time_decay(0.5, 10, 0.5, staircase=True)
    np.testing.assert_allclose(smooth(K), 0.5 / (1 + 0.5 * K / 10), rtol=1e-15)
    np.testing.assert_allclose(stair(K), 0.5 / (1 + 0.5 * (K // 10)), rtol=1e-15)
    assert lrlab.inverse_time_decay(0.3, 4, 0.0)(50) == 0.3  # decay_rate 0: constant


def test_inverse_time_rates_keep_adding_up_where_exponential_ones_stop():
    """Each tenfold stretch of steps adds about the same amount (η₀ s/γ · ln 10): the sum has no limit."""
    k = np.arange(100_000)
    inv = lrlab.inverse_time_decay(0.5, 1, 1.0)(k)
    exp = lrlab.exponential_decay(0.5, 1, 0.99)(k)
    decades = [inv[10**i : 10 ** (i + 1)].sum() for i in range(2, 5)]
    np.testing.assert_allclose(decades, 0.5 * math.log(10), rtol=0.01)
    assert exp.sum() == pytest.approx(0.5 / (1 - 0.99))  # exponential: a finite budget


def test_cosine_decay_formula_alpha_is_a_fraction_of_the_rate():
    sched = lrlab.cosine_decay(0.5, 30, alpha=0.1)
    kk = np.minimum(K, 30)
    np.testing.assert_allclose(sched(K), 0.5 * (0.9 * 0.5 * (1 + np.cos(np.pi * kk / 30)) + 0.1), rtol=1e-14)
    assert sched(30) == pytest.approx(0.05) and sched(59) == pytest.approx(0.05)
    assert lrlab.cosine_decay(0.5, 30)(30) == pytest.approx(0.0, abs=1e-16)


def test_cosine_decay_warmup_climbs_in_a_line_then_decays_from_the_target():
    sched = lrlab.cosine_decay(0.1, 20, alpha=0.05, warmup_target=0.5, warmup_steps=8)
    warm = np.arange(8)
    np.testing.assert_allclose(sched(warm), 0.1 + (0.5 - 0.1) * warm / 8, rtol=1e-14)
    later = np.arange(8, 60)
    kk = np.minimum(later - 8, 20)
    np.testing.assert_allclose(sched(later), 0.5 * (0.95 * 0.5 * (1 + np.cos(np.pi * kk / 20)) + 0.05), rtol=1e-14)
    assert sched(8) == pytest.approx(0.5) and sched(28) == pytest.approx(0.025)
    flat = lrlab.cosine_decay(0.3, 10, warmup_target=0.3, warmup_steps=4)  # target equal to the start: allowed
    assert flat(2) == pytest.approx(0.3)


def test_linear_schedule_up_and_down_then_flat():
    up = lrlab.linear_schedule(0.0, 0.2, 4)
    down = lrlab.linear_schedule(0.3, 0.1, 5)
    np.testing.assert_allclose(up(K), 0.2 * np.minimum(K, 4) / 4, rtol=1e-15)
    np.testing.assert_allclose(down(K), 0.3 + (0.1 - 0.3) * np.minimum(K, 5) / 5, rtol=1e-15)


def test_join_hands_over_at_the_boundary_and_restarts_the_step_count():
    sched = lrlab.join(
        [lrlab.constant(0.05), lrlab.exponential_decay(0.2, 1, 0.5), lrlab.linear_schedule(0.0, 1.0, 4)], [3, 6]
    )
    expected = [0.05, 0.05, 0.05, 0.2, 0.1, 0.05, 0.0, 0.25, 0.5, 0.75, 1.0, 1.0]
    np.testing.assert_allclose(sched(np.arange(12)), expected, rtol=1e-15)


def test_join_warmup_then_the_courses_decay_in_descend():
    decay = lrlab.exponential_decay(0.2, 1, 0.99)
    warmup = lrlab.linear_schedule(0.02, 0.2, 5)
    t = lrlab.descend(lrlab.join([warmup, decay], [5]), steps=40)
    np.testing.assert_array_equal(t.lr[:5], warmup(np.arange(5), dtype=np.float32))
    np.testing.assert_array_equal(t.lr[5:], decay(np.arange(35), dtype=np.float32))  # decay starts afresh


def test_join_accepts_numbers_and_nests():
    inner = lrlab.join([0.1, 0.2], [2])
    outer = lrlab.join([inner, 0.3], [4])
    np.testing.assert_array_equal(outer(np.arange(6)), [0.1, 0.1, 0.2, 0.2, 0.3, 0.3])
    assert lrlab.join([0.1], [])(7) == 0.1


def test_in_float64_rounds_a_float64_evaluation():
    base = lrlab.exponential_decay(0.2, 1, 0.99)
    wrapped = lrlab.in_float64(base)
    k = np.arange(200)
    np.testing.assert_array_equal(wrapped(k, dtype=np.float32), base(k, dtype=np.float64).astype(np.float32))
    np.testing.assert_array_equal(wrapped(k), base(k))
    assert (base(k, dtype=np.float32) != wrapped(k, dtype=np.float32)).any()  # the two ways differ somewhere


NEW_SCHEDULES = {
    "piecewise": lambda: lrlab.piecewise_constant([3, 7], [0.5, 0.2, 0.05]),
    "polynomial": lambda: lrlab.polynomial_decay(0.5, 20, 0.01, 2.0),
    "polynomial-cycle": lambda: lrlab.polynomial_decay(0.5, 15, 0.05, 0.5, cycle=True),
    "inverse-time": lambda: lrlab.inverse_time_decay(0.5, 10, 0.5, staircase=True),
    "cosine": lambda: lrlab.cosine_decay(0.5, 30, alpha=0.1),
    "cosine-warmup": lambda: lrlab.cosine_decay(0.0, 30, 0.05, warmup_target=0.5, warmup_steps=10),
    "linear": lambda: lrlab.linear_schedule(0.3, 0.1, 5),
    "join": lambda: lrlab.join([lrlab.linear_schedule(0.02, 0.2, 5), lrlab.exponential_decay(0.2, 1, 0.99)], [5]),
    "in_float64": lambda: lrlab.in_float64(lrlab.cosine_decay(0.5, 30)),
}


@pytest.mark.parametrize("make", NEW_SCHEDULES.values(), ids=NEW_SCHEDULES.keys())
def test_new_schedules_are_pure_and_take_arrays_of_steps(make):
    sched = make()
    first = sched(K)
    lrlab.descend(sched, steps=60)  # using it changes nothing
    np.testing.assert_array_equal(sched(K), first)
    assert sched(5) == sched(5) == first[5]
    assert first.shape == K.shape and np.all(np.isfinite(first)) and np.all(first >= 0)
    np.testing.assert_array_equal(sched(K.reshape(6, 10)), first.reshape(6, 10))
    f32 = sched(K, dtype=np.float32)
    assert f32.dtype == np.float32
    np.testing.assert_allclose(f32, first, rtol=1e-6, atol=1e-9)
    with pytest.raises(AttributeError, match="immutable"):
        sched.learning_rate = 1.0
    assert repr(sched).startswith(type(sched).__name__ + "(")


BATCHES = {
    "polynomial": (
        lambda: lrlab.polynomial_decay(np.array([0.5, 0.3]), np.array([[10], [20], [30]]), 0.01, 2.0),
        lambda i, j: lrlab.polynomial_decay([0.5, 0.3][j], [10, 20, 30][i], 0.01, 2.0),
        (3, 2),
    ),
    "inverse-time": (
        lambda: lrlab.inverse_time_decay(np.array([0.5, 0.1]), 10, np.array([[0.5], [2.0]])),
        lambda i, j: lrlab.inverse_time_decay([0.5, 0.1][j], 10, [0.5, 2.0][i]),
        (2, 2),
    ),
    "cosine-warmup": (
        lambda: lrlab.cosine_decay(
            0.1,
            20,
            alpha=np.array([0.0, 0.5]),
            warmup_target=np.array([[0.2], [0.4]]),
            warmup_steps=np.array([[3], [6]]),
        ),
        lambda i, j: lrlab.cosine_decay(
            0.1, 20, alpha=[0.0, 0.5][j], warmup_target=[0.2, 0.4][i], warmup_steps=[3, 6][i]
        ),
        (2, 2),
    ),
    "linear": (
        lambda: lrlab.linear_schedule(np.array([0.0, 0.1, 0.3]), 0.2, 4),
        lambda i: lrlab.linear_schedule([0.0, 0.1, 0.3][i], 0.2, 4),
        (3,),
    ),
    "piecewise": (
        lambda: lrlab.piecewise_constant([3, 7], np.array([[0.5, 0.9], [0.2, 0.3], [0.05, 0.01]])),
        lambda i: lrlab.piecewise_constant([3, 7], [[0.5, 0.2, 0.05], [0.9, 0.3, 0.01]][i]),
        (2,),
    ),
    "join": (
        lambda: lrlab.join(
            [
                lrlab.linear_schedule(0.02, np.array([0.2, 0.4]), 5),
                lrlab.exponential_decay(np.array([0.2, 0.4]), 1, 0.99),
            ],
            [5],
        ),
        lambda i: lrlab.join(
            [lrlab.linear_schedule(0.02, [0.2, 0.4][i], 5), lrlab.exponential_decay([0.2, 0.4][i], 1, 0.99)], [5]
        ),
        (2,),
    ),
}


@pytest.mark.parametrize(("batched", "single", "shape"), BATCHES.values(), ids=BATCHES.keys())
def test_array_parameters_batch_like_settings_one_by_one(batched, single, shape):
    sched = batched()
    assert sched.batch_shape == shape
    steps = 40
    rates_ = sched(np.arange(steps).reshape((steps,) + (1,) * len(shape)))
    assert rates_.shape == (steps, *shape)
    t = lrlab.descend(sched, steps=steps)
    assert t.w.shape == (steps + 1, *shape)
    for idx in np.ndindex(shape):
        one = single(*idx)
        np.testing.assert_allclose(rates_[(slice(None), *idx)], one(np.arange(steps)), rtol=1e-15)
        np.testing.assert_allclose(t.w[(slice(None), *idx)], lrlab.descend(one, steps=steps).w, rtol=1e-6, atol=1e-7)


def test_new_schedules_array_parameters_are_read_only():
    sched = lrlab.polynomial_decay(np.array([0.5, 0.3]), 10)
    with pytest.raises(ValueError, match="read-only"):
        sched.learning_rate[0] = 5
    piecewise = lrlab.piecewise_constant([3], [0.5, 0.2])
    with pytest.raises(ValueError, match="read-only"):
        piecewise.values[0] = 5
    cosine = lrlab.cosine_decay(
        0.1, 10, alpha=np.array([0.0, 0.5]), warmup_target=np.array([0.2, 0.3]), warmup_steps=np.array([2, 3])
    )
    for array in (sched.learning_rate, piecewise.values, cosine.alpha, cosine.warmup_target, cosine.warmup_steps):
        with pytest.raises(ValueError, match="cannot set WRITEABLE flag"):
            array.flags.writeable = True  # nor can they be made writeable again
    with pytest.raises(AttributeError, match="immutable"):
        del cosine.alpha


@pytest.mark.parametrize(
    "make",
    [
        lambda: lrlab.polynomial_decay(np.full(3, 0.5), np.full(2, 10.0)),
        lambda: lrlab.inverse_time_decay(np.full(3, 0.5), 10, np.full(2, 0.5)),
        lambda: lrlab.cosine_decay(np.full(3, 0.5), np.full(2, 10.0)),
        lambda: lrlab.linear_schedule(np.full(3, 0.5), np.full(2, 0.1), 5),
    ],
)
def test_new_schedules_refuse_clashing_shapes_when_made(make):
    with pytest.raises(ValueError, match="broadcastable shapes"):
        make()


def test_join_refuses_parts_with_clashing_batches():
    with pytest.raises(ValueError, match="`schedules` must be schedules whose batches have broadcastable shapes"):
        lrlab.join([lrlab.constant(np.ones(3)), lrlab.constant(np.ones(2))], [3])


_PW = {"boundaries": [5, 10], "values": [0.5, 0.1, 0.01]}
_POLY = {"learning_rate": 0.1, "decay_steps": 10}
_INV = {"learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5}
_COS = {"learning_rate": 0.1, "decay_steps": 10}
_LIN = {"init_value": 0.0, "end_value": 0.2, "transition_steps": 5}
_JOIN = {"schedules": [0.1, 0.2], "boundaries": [3]}


@pytest.mark.parametrize(
    ("make", "base", "kwargs", "exc", "message"),
    [
        # piecewise_constant
        (
            "piecewise_constant",
            _PW,
            {"boundaries": [10, 5]},
            ValueError,
            "`boundaries` must be strictly increasing. Received: boundaries=[10, 5]",
        ),
        (
            "piecewise_constant",
            _PW,
            {"boundaries": [5, 5]},
            ValueError,
            "strictly increasing. Received: boundaries=[5, 5]",
        ),
        (
            "piecewise_constant",
            _PW,
            {"values": [0.5, 0.1]},
            ValueError,
            "`values` must be one longer than `boundaries` (3 rates for 2 boundaries). Received: values=[0.5, 0.1]",
        ),
        (
            "piecewise_constant",
            _PW,
            {"values": [0.5, 0.1, 0.01, 0.001]},
            ValueError,
            "Received: values=[0.5, 0.1, 0.01, 0.001]",
        ),
        (
            "piecewise_constant",
            _PW,
            {"boundaries": [], "values": [0.1]},
            ValueError,
            "`boundaries` must be a non-empty list of ints. Received: boundaries=[]",
        ),
        (
            "piecewise_constant",
            _PW,
            {"boundaries": [-1, 3]},
            ValueError,
            "`boundaries` must be ints >= 0 and <= 2**53. Received: boundaries=[-1, 3]",
        ),
        (
            "piecewise_constant",
            _PW,
            {"boundaries": [1.5, 3]},
            TypeError,
            "`boundaries` must be a list of ints. Received: boundaries=[1.5, 3]",
        ),
        ("piecewise_constant", _PW, {"boundaries": [True, 3]}, TypeError, "Received: boundaries=[True, 3]"),
        ("piecewise_constant", _PW, {"boundaries": 5}, TypeError, "Received: boundaries=5"),
        (
            "piecewise_constant",
            _PW,
            {"values": 0.1},
            TypeError,
            "`values` must be a list of rates (one more than `boundaries`). Received: values=0.1",
        ),
        (
            "piecewise_constant",
            _PW,
            {"values": [0.5, -0.1, 0.01]},
            ValueError,
            "`values` must be finite and >= 0. Received: values=[0.5, -0.1, 0.01]",
        ),
        ("piecewise_constant", _PW, {"values": [0.5, math.nan, 0.01]}, ValueError, "Received: values=[0.5, nan, 0.01]"),
        ("piecewise_constant", _PW, {"values": [0.5, math.inf, 0.01]}, ValueError, "Received: values=[0.5, inf, 0.01]"),
        (
            "piecewise_constant",
            _PW,
            {"values": [0.5, True, 0.01]},
            TypeError,
            "`values` must be a list of rates, not bools. Received: values=[0.5, True, 0.01]",
        ),
        # polynomial_decay
        (
            "polynomial_decay",
            _POLY,
            {"end_learning_rate": 0.5},
            ValueError,
            "`end_learning_rate` must be <= learning_rate=0.1 (the rate decays towards it). Received: end_learning_rate=0.5",
        ),
        (
            "polynomial_decay",
            _POLY,
            {"learning_rate": 0.00005},
            ValueError,
            "Received: end_learning_rate=0.0001",
        ),  # Keras's default end is above this start
        (
            "polynomial_decay",
            _POLY,
            {"end_learning_rate": -0.001},
            ValueError,
            "`end_learning_rate` must be finite and >= 0. Received: end_learning_rate=-0.001",
        ),
        (
            "polynomial_decay",
            _POLY,
            {"decay_steps": 0},
            ValueError,
            "`decay_steps` must be finite and > 0. Received: decay_steps=0",
        ),
        ("polynomial_decay", _POLY, {"decay_steps": math.nan}, ValueError, "Received: decay_steps=nan"),
        ("polynomial_decay", _POLY, {"power": 0}, ValueError, "`power` must be finite and > 0. Received: power=0"),
        ("polynomial_decay", _POLY, {"power": math.inf}, ValueError, "Received: power=inf"),
        (
            "polynomial_decay",
            _POLY,
            {"power": True},
            TypeError,
            "`power` must be a real number, not a bool. Received: power=True",
        ),
        ("polynomial_decay", _POLY, {"cycle": 1}, TypeError, "`cycle` must be True or False. Received: cycle=1"),
        ("polynomial_decay", _POLY, {"learning_rate": -0.1}, ValueError, "Received: learning_rate=-0.1"),
        ("polynomial_decay", _POLY, {"decay_steps": "10"}, TypeError, "Received: decay_steps='10'"),
        # inverse_time_decay
        (
            "inverse_time_decay",
            _INV,
            {"decay_rate": -0.5},
            ValueError,
            "`decay_rate` must be finite and >= 0. Received: decay_rate=-0.5",
        ),
        ("inverse_time_decay", _INV, {"decay_rate": math.nan}, ValueError, "Received: decay_rate=nan"),
        ("inverse_time_decay", _INV, {"decay_steps": math.inf}, ValueError, "Received: decay_steps=inf"),
        ("inverse_time_decay", _INV, {"decay_steps": -2}, ValueError, "Received: decay_steps=-2"),
        (
            "inverse_time_decay",
            _INV,
            {"staircase": "no"},
            TypeError,
            "`staircase` must be True or False. Received: staircase='no'",
        ),
        ("inverse_time_decay", _INV, {"learning_rate": math.inf}, ValueError, "Received: learning_rate=inf"),
        ("inverse_time_decay", _INV, {"decay_rate": False}, TypeError, "not a bool. Received: decay_rate=False"),
        # cosine_decay
        (
            "cosine_decay",
            _COS,
            {"alpha": 1.5},
            ValueError,
            "`alpha` must be >= 0 and <= 1 (a fraction of the rate the decay starts from). Received: alpha=1.5",
        ),
        ("cosine_decay", _COS, {"alpha": -0.1}, ValueError, "Received: alpha=-0.1"),
        ("cosine_decay", _COS, {"alpha": math.nan}, ValueError, "Received: alpha=nan"),
        (
            "cosine_decay",
            _COS,
            {"alpha": True},
            TypeError,
            "`alpha` must be a real number, not a bool. Received: alpha=True",
        ),
        (
            "cosine_decay",
            _COS,
            {"warmup_target": 0.05, "warmup_steps": 5},
            ValueError,
            "`warmup_target` must be >= learning_rate=0.1 (warmup rises to it). Received: warmup_target=0.05",
        ),
        (
            "cosine_decay",
            _COS,
            {"warmup_steps": 5},
            ValueError,
            "`warmup_steps` must be 0 when `warmup_target` is None (there is no warmup). Received: warmup_steps=5",
        ),
        (
            "cosine_decay",
            _COS,
            {"warmup_target": 0.5},
            ValueError,
            "`warmup_steps` must be > 0 when `warmup_target` is given. Received: warmup_steps=0",
        ),
        (
            "cosine_decay",
            _COS,
            {"warmup_target": 0.5, "warmup_steps": -1},
            ValueError,
            "`warmup_steps` must be finite and >= 0. Received: warmup_steps=-1",
        ),
        (
            "cosine_decay",
            _COS,
            {"warmup_target": math.inf, "warmup_steps": 3},
            ValueError,
            "`warmup_target` must be finite and >= 0. Received: warmup_target=inf",
        ),
        ("cosine_decay", _COS, {"warmup_target": "0.5", "warmup_steps": 3}, TypeError, "Received: warmup_target='0.5'"),
        (
            "cosine_decay",
            _COS,
            {"decay_steps": 0},
            ValueError,
            "`decay_steps` must be finite and > 0. Received: decay_steps=0",
        ),
        ("cosine_decay", _COS, {"learning_rate": math.nan}, ValueError, "Received: learning_rate=nan"),
        # linear_schedule
        (
            "linear_schedule",
            _LIN,
            {"init_value": -0.1},
            ValueError,
            "`init_value` must be finite and >= 0. Received: init_value=-0.1",
        ),
        (
            "linear_schedule",
            _LIN,
            {"end_value": math.nan},
            ValueError,
            "`end_value` must be finite and >= 0. Received: end_value=nan",
        ),
        (
            "linear_schedule",
            _LIN,
            {"transition_steps": 0},
            ValueError,
            "`transition_steps` must be finite and > 0. Received: transition_steps=0",
        ),
        ("linear_schedule", _LIN, {"end_value": True}, TypeError, "Received: end_value=True"),
        # join
        (
            "join",
            _JOIN,
            {"boundaries": []},
            ValueError,
            "`boundaries` must be a non-empty list of ints. Received: boundaries=[]",
        ),
        (
            "join",
            _JOIN,
            {"boundaries": [3, 5]},
            ValueError,
            "`boundaries` must be one step per schedule after the first (1 for 2 schedules). Received: boundaries=[3, 5]",
        ),
        (
            "join",
            _JOIN,
            {"boundaries": [0]},
            ValueError,
            "`boundaries` must be ints >= 1 and <= 2**53. Received: boundaries=[0]",
        ),
        (
            "join",
            _JOIN,
            {"schedules": [0.1, 0.2, 0.3], "boundaries": [5, 3]},
            ValueError,
            "`boundaries` must be strictly increasing. Received: boundaries=[5, 3]",
        ),
        ("join", _JOIN, {"boundaries": [2**60]}, ValueError, "Received: boundaries=[1152921504606846976]"),
        ("join", _JOIN, {"boundaries": 3}, TypeError, "`boundaries` must be a list of ints. Received: boundaries=3"),
        (
            "join",
            _JOIN,
            {"schedules": [0.1, "0.2"]},
            TypeError,
            "`schedules` must be a list of lrlab schedules (or numbers). Received: schedules=[0.1, '0.2']",
        ),
        ("join", _JOIN, {"schedules": [0.1, True]}, TypeError, "Received: schedules=[0.1, True]"),
        (
            "join",
            _JOIN,
            {"schedules": [0.1, -0.2]},
            ValueError,
            "`schedules[1]` must be finite and >= 0. Received: schedules[1]=-0.2",
        ),
        ("join", _JOIN, {"schedules": [0.1, math.nan]}, ValueError, "Received: schedules[1]=nan"),
        (
            "join",
            _JOIN,
            {"schedules": [], "boundaries": []},
            TypeError,
            "`schedules` must be a non-empty list of lrlab schedules (or numbers). Received: schedules=[]",
        ),
        ("join", _JOIN, {"schedules": 0.1, "boundaries": []}, TypeError, "Received: schedules=0.1"),
        # in_float64
        (
            "in_float64",
            {"schedule": None},
            {"schedule": 0.1},
            TypeError,
            "`schedule` must be an lrlab schedule. Received: schedule=0.1",
        ),
    ],
)
def test_new_schedules_reject_bad_arguments(make, base, kwargs, exc, message):
    with pytest.raises(exc, match=re.escape(message)):
        getattr(lrlab, make)(**(base | kwargs))


def test_join_refuses_a_plain_callable():
    with pytest.raises(TypeError, match=r"`schedules` must be a list of lrlab schedules \(or numbers\)"):
        lrlab.join([0.1, lambda k: 0.1], [3])


@pytest.mark.parametrize("make", NEW_SCHEDULES.values(), ids=NEW_SCHEDULES.keys())
def test_new_schedules_reject_bad_steps(make):
    sched = make()
    with pytest.raises(ValueError, match="`step` must be >= 0. Received: step=-1"):
        sched(-1)
    with pytest.raises(TypeError, match="`step` must be an int or an array of ints. Received: step=1.5"):
        sched(1.5)


# --- property tests: random settings against the formulas written out independently ---------------

rates_st = st.floats(0.0, 2.0)
steps_st = st.integers(1, 50)


@settings(max_examples=60, deadline=None)
@given(lr=rates_st, frac=st.floats(0.0, 1.0), s=steps_st, power=st.floats(0.1, 4.0), cycle=st.booleans())
def test_polynomial_decay_property(lr, frac, s, power, cycle):
    end = lr * frac
    sched = lrlab.polynomial_decay(lr, s, end, power, cycle)
    k = np.arange(4 * s)
    span = np.where(k == 0, s, s * np.ceil(k / s)) if cycle else np.full(k.shape, s)
    kk = k if cycle else np.minimum(k, s)
    np.testing.assert_allclose(sched(k), (lr - end) * (1 - kk / span) ** power + end, rtol=1e-12, atol=1e-300)
    assert np.all(sched(k) >= end * (1 - 1e-12)) and np.all(sched(k) <= lr * (1 + 1e-12))


@settings(max_examples=60, deadline=None)
@given(lr=rates_st, alpha=st.floats(0.0, 1.0), s=steps_st, warm=st.integers(0, 20), rise=st.floats(1.0, 3.0))
def test_cosine_decay_property(lr, alpha, s, warm, rise):
    target = lr * rise if warm else None
    sched = lrlab.cosine_decay(lr, s, alpha, target, warm)
    top = lr if target is None else target
    k = np.arange(warm + 2 * s)
    after = np.minimum(np.maximum(k - warm, 0), s)
    decayed = top * ((1 - alpha) * (1 + np.cos(np.pi * after / s)) / 2 + alpha)
    expected = np.where(k < warm, lr + (top - lr) * k / max(warm, 1), decayed)
    np.testing.assert_allclose(sched(k), expected, rtol=1e-12, atol=1e-15)


@settings(max_examples=60, deadline=None)
@given(
    gaps=st.lists(st.integers(1, 10), min_size=1, max_size=5),
    data=st.data(),
)
def test_piecewise_constant_and_join_property(gaps, data):
    boundaries = np.cumsum(gaps).tolist()
    values = data.draw(st.lists(rates_st, min_size=len(gaps) + 1, max_size=len(gaps) + 1))
    k = np.arange(boundaries[-1] + 5)
    piece = lrlab.piecewise_constant(boundaries, values)
    expected = [values[sum(b < step for b in boundaries)] for step in k]
    np.testing.assert_array_equal(piece(k), expected)
    # join of constants is the same staircase, one step earlier (join switches *at* the boundary)
    joined = lrlab.join(values, boundaries)
    np.testing.assert_array_equal(joined(k), [values[sum(b <= step for b in boundaries)] for step in k])
