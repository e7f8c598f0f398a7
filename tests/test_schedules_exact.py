"""Schedules, exactly: float32 arithmetic, return types, reprs, messages and limits.

- ``dtype=np.float32`` means every operation rounds to float32 (as a float32 TensorFlow/Keras
  schedule does): checked bit for bit against plain float32 arithmetic written out step by step
  with numpy float32 arrays, one operation at a time (numpy's float32 ``pow``/``cos`` on
  arrays can differ by an ulp from the scalar ones, so the reference works on arrays too); the
  exponential decay's power is worked out in float64 and rounded once (as a correctly rounded
  ``powf`` and the browser's ``Math.fround(Math.pow(…))`` give);
- a scalar step gives a numpy scalar of the dtype asked for, an array step an array;
- exact reprs, exact messages, and the limits of ``boundaries``.
"""

import math

import numpy as np
import pytest

import lrlab
from lrlab import schedules as S

F = np.float32
STEPS = np.arange(0, 400)


def f32_loop(fn, steps=STEPS):
    """fn(k) worked out on the float32 array of steps; checks every operation stayed float32."""
    out = fn(steps.astype(np.float32))
    assert out.dtype == np.float32
    return out


def same_bits(got, want):
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got.view(np.uint32), want.view(np.uint32))


# --- float32 all the way through ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lr", "s", "r", "stair"),
    [(0.1, 7.0, 0.99, False), (0.3, 3.0, 0.7, False), (0.1, 1.0, 0.99, True), (0.7, 13.0, 0.93, True)],
)
def test_exponential_decay_float32_is_float32_arithmetic(lr, s, r, stair):
    def ref(k):
        p = k / F(s)
        if stair:
            p = np.floor(p)
        return F(lr) * np.power(F(r).astype(np.float64), p.astype(np.float64)).astype(F)  # the power rounded once

    got = lrlab.exponential_decay(lr, s, r, staircase=stair)(STEPS, dtype=np.float32)
    same_bits(got, f32_loop(ref))
    # and it is the float64 rate, to float32 precision (the error of float32(r) grows with the exponent)
    np.testing.assert_allclose(got, lrlab.exponential_decay(lr, s, r, staircase=stair)(STEPS), rtol=1e-4)


def test_float32_differs_from_a_float64_rate_rounded_once():
    # the reason for the tests above: float32 arithmetic is not float64 rounded at the end
    sched = lrlab.exponential_decay(0.1, 7.0, 0.99)
    rounded_once = sched(STEPS).astype(np.float32)
    assert np.any(sched(STEPS, dtype=np.float32) != rounded_once)
    # in_float64 is exactly "float64, rounded once"
    same_bits(lrlab.in_float64(sched)(STEPS, dtype=np.float32), rounded_once)


@pytest.mark.parametrize(
    ("lr", "s", "r", "stair"), [(0.1, 7.0, 0.3, False), (0.3, 3.0, 1.7, False), (0.7, 2.0, 0.9, True)]
)
def test_inverse_time_decay_float32_is_float32_arithmetic(lr, s, r, stair):
    def ref(k):
        p = k / F(s)
        if stair:
            p = np.floor(p)
        return F(lr) / (F(1) + F(r) * p)

    got = lrlab.inverse_time_decay(lr, s, r, staircase=stair)(STEPS, dtype=np.float32)
    same_bits(got, f32_loop(ref))


@pytest.mark.parametrize(
    ("lr", "s", "end", "power", "cycle"),
    [
        (0.1, 300.0, 0.0001, 1.0, False),
        (0.3, 70.0, 0.01, 2.0, False),
        (0.7, 90.0, 0.003, 0.5, True),
        (0.1, 37.0, 0.001, 1.3, True),
    ],
)
def test_polynomial_decay_float32_is_float32_arithmetic(lr, s, end, power, cycle):
    def ref(k):
        kk, ss = k, F(s)
        if cycle:
            ss = ss * np.where(k == 0, F(1), np.ceil(kk / ss))
        else:
            kk = np.minimum(kk, ss)
        return (F(lr) - F(end)) * np.power(F(1) - kk / ss, F(power)) + F(end)

    got = lrlab.polynomial_decay(lr, s, end, power, cycle)(STEPS, dtype=np.float32)
    same_bits(got, f32_loop(ref))


def test_polynomial_decay_cycle_starts_at_the_full_rate():
    # step 0 of a cycling decay is the initial rate, not a rate from a doubled cycle
    sched = lrlab.polynomial_decay(0.5, 10, 0.1, power=1.0, cycle=True)
    assert sched(0) == 0.5
    assert sched(0, dtype=np.float32) == F(0.5)
    assert sched(10) == pytest.approx(0.1) and sched(11) == pytest.approx(0.1 + 0.4 * 9 / 20)


def _cos_ref(lr, s, alpha, target=None, warm=0.0):
    def decay(k, top):
        cosine = F(0.5) * (F(1.0) + np.cos(F(math.pi) * (k / F(s))))
        return top * (F(1.0 - alpha) * cosine + F(alpha))

    def ref(k):
        if target is None:
            return decay(np.minimum(k, F(s)), F(lr))
        kk = np.minimum(k, F(s) + F(warm))
        ramp = (F(target) - F(lr)) * (kk / F(warm)) + F(lr)
        return np.where(kk < F(warm), ramp, decay(kk - F(warm), F(target)))

    return ref


@pytest.mark.parametrize(
    ("lr", "s", "alpha", "target", "warm"),
    [
        (0.1, 300.0, 0.0, None, 0.0),
        (0.3, 70.0, 0.1, None, 0.0),
        (0.01, 250.0, 0.05, 0.3, 37.0),
        (0.0, 100.0, 0.3, 0.7, 9.0),
    ],
)
def test_cosine_decay_float32_is_float32_arithmetic(lr, s, alpha, target, warm):
    sched = lrlab.cosine_decay(lr, s, alpha, warmup_target=target, warmup_steps=warm)
    same_bits(sched(STEPS, dtype=np.float32), f32_loop(_cos_ref(lr, s, alpha, target, warm)))


def test_cosine_warmup_reaches_the_target_at_warmup_steps():
    sched = lrlab.cosine_decay(0.0, 100, warmup_target=0.5, warmup_steps=10)
    assert sched(9) == pytest.approx(0.45)
    assert sched(10) == 0.5  # the top of the cosine, not the end of the ramp
    assert sched(10, dtype=np.float32) == F(0.5)


def test_cosine_decay_warmup_steps_refused_without_target():
    with pytest.raises(ValueError, match="warmup_steps") as err:
        lrlab.cosine_decay(0.1, 100, warmup_steps=1)
    assert str(err.value) == (
        "`warmup_steps` must be 0 when `warmup_target` is None (there is no warmup). Received: warmup_steps=1"
    )


@pytest.mark.parametrize(("init", "end", "steps"), [(0.0, 0.3, 70.0), (0.7, 0.01, 130.0), (0.1, 0.1, 3.0)])
def test_linear_schedule_float32_is_float32_arithmetic(init, end, steps):
    def ref(k):
        kk = np.minimum(k, F(steps))
        return (F(end) - F(init)) * (kk / F(steps)) + F(init)

    got = lrlab.linear_schedule(init, end, steps)(STEPS, dtype=np.float32)
    same_bits(got, f32_loop(ref))


def test_join_and_constant_stay_float32():
    warm = lrlab.linear_schedule(0.0, 0.3, 70)
    decay = lrlab.exponential_decay(0.3, 7.0, 0.99)
    joined = lrlab.join([warm, decay], [70])
    got = joined(STEPS, dtype=np.float32)
    want = np.concatenate([warm(STEPS[:70], dtype=np.float32), decay(STEPS[70:] - 70, dtype=np.float32)])
    same_bits(got, want)
    same_bits(
        lrlab.join([0.1, decay], [5])(STEPS, dtype=np.float32),
        np.where(STEPS < 5, F(0.1), decay(np.maximum(STEPS - 5, 0), dtype=np.float32)).astype(np.float32),
    )
    c = lrlab.constant(0.1)(STEPS, dtype=np.float32)
    assert c.dtype == np.float32 and np.all(c == F(0.1))
    pc = lrlab.piecewise_constant([2, 4], [0.5, 0.1, 0.01])(STEPS, dtype=np.float32)
    assert pc.dtype == np.float32
    assert pc[:6].tolist() == [F(0.5)] * 3 + [F(0.1)] * 2 + [F(0.01)]


# --- return types ---------------------------------------------------------------------------------

ALL = [
    lrlab.constant(0.1),
    lrlab.exponential_decay(0.1, 3, 0.9),
    lrlab.piecewise_constant([2], [0.2, 0.1]),
    lrlab.polynomial_decay(0.1, 10),
    lrlab.inverse_time_decay(0.1, 3, 0.5),
    lrlab.cosine_decay(0.1, 10),
    lrlab.linear_schedule(0.0, 0.1, 10),
    lrlab.join([0.1, 0.05], [3]),
    lrlab.in_float64(lrlab.exponential_decay(0.1, 3, 0.9)),
]


@pytest.mark.parametrize("sched", ALL, ids=lambda s: type(s).__name__)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_scalar_step_gives_a_numpy_scalar(sched, dtype):
    rate = sched(3, dtype=dtype)
    assert type(rate) is dtype  # a numpy scalar, not a 0-d array
    row = sched(np.arange(4), dtype=dtype)
    assert type(row) is np.ndarray and row.shape == (4,) and row.dtype == dtype
    grid = sched(np.arange(6).reshape(2, 3), dtype=dtype)
    assert type(grid) is np.ndarray and grid.shape == (2, 3)


def test_scalar_parameters_are_python_floats():
    sched = lrlab.exponential_decay(np.float32(0.5), np.array(10), np.array(0.5))
    assert type(sched.learning_rate) is float and type(sched.decay_steps) is float
    assert type(sched.decay_rate) is float
    assert type(lrlab.exponential_decay(np.array([0.1, 0.2]), 10, 0.5).learning_rate) is np.ndarray


# --- reprs and messages ---------------------------------------------------------------------------


def test_reprs_are_exact():
    assert repr(lrlab.exponential_decay(np.array([0.1, 0.2, 0.3, 0.4]), 10, 0.9)) == (
        "ExponentialDecay(learning_rate=[0.1, 0.2, 0.3, 0.4], decay_steps=10.0, decay_rate=0.9, staircase=False)"
    )
    assert repr(lrlab.exponential_decay(np.array([0.1, 0.2, 0.3, 0.4, 0.5]), 10, 0.9, True)) == (
        "ExponentialDecay(learning_rate=array(shape=(5,)), decay_steps=10.0, decay_rate=0.9, staircase=True)"
    )
    assert repr(lrlab.polynomial_decay(0.1, 10)) == (
        "PolynomialDecay(learning_rate=0.1, decay_steps=10.0, end_learning_rate=0.0001, power=1.0, cycle=False)"
    )
    assert repr(lrlab.inverse_time_decay(0.1, 3, 0.5, staircase=True)) == (
        "InverseTimeDecay(learning_rate=0.1, decay_steps=3.0, decay_rate=0.5, staircase=True)"
    )
    assert repr(lrlab.join([0.1, lrlab.constant(0.05)], [3])) == (
        "Join(schedules=[Constant(learning_rate=0.1), Constant(learning_rate=0.05)], boundaries=[3])"
    )


def test_piecewise_constant_repr_lists_a_row_of_values_of_any_length():
    five = lrlab.piecewise_constant([1, 2, 3, 4], [0.5, 0.4, 0.3, 0.2, 0.1])
    assert repr(five) == "PiecewiseConstant(boundaries=[1, 2, 3, 4], values=[0.5, 0.4, 0.3, 0.2, 0.1])"
    batch = lrlab.piecewise_constant([2, 4], np.array([[0.5, 0.6], [0.1, 0.2], [0.01, 0.02]]))
    assert repr(batch) == "PiecewiseConstant(boundaries=[2, 4], values=array(shape=(3, 2)))"


def test_deleting_a_parameter_names_the_class():
    sched = lrlab.exponential_decay(0.1, 3, 0.9)
    with pytest.raises(AttributeError) as err:
        del sched.learning_rate
    assert str(err.value) == "ExponentialDecay is immutable"


# --- boundaries -----------------------------------------------------------------------------------


def test_boundaries_as_a_numpy_row_are_accepted():
    sched = lrlab.piecewise_constant(np.array([2, 4]), [0.5, 0.1, 0.01])
    assert sched.boundaries == (2, 4)


def test_boundaries_not_a_list_is_a_type_error():
    with pytest.raises(TypeError) as err:
        lrlab.piecewise_constant(5, [0.5, 0.1])
    assert str(err.value) == "`boundaries` must be a list of ints. Received: boundaries=5"


def test_boundaries_up_to_2_to_the_53():
    assert lrlab.piecewise_constant([200, 2**53], [0.3, 0.2, 0.1]).boundaries == (200, 2**53)
    with pytest.raises(ValueError, match="boundaries") as err:
        lrlab.piecewise_constant([2**53 + 1], [0.2, 0.1])
    assert str(err.value) == f"`boundaries` must be ints >= 0 and <= 2**53. Received: boundaries=[{2**53 + 1}]"


def test_boundaries_as_a_numpy_grid_is_a_type_error():
    with pytest.raises(TypeError) as err:
        lrlab.piecewise_constant(np.array([[1, 2]]), [0.1, 0.2, 0.3])
    assert str(err.value) == "`boundaries` must be a list of ints. Received: boundaries=[[1, 2]]"


def test_cosine_warmup_ends_exactly_on_the_target():
    # at k = warmup_steps the rate is the top of the cosine, warmup_target itself; the ramp's formula would give
    # (0.3 - 0.03) * 1 + 0.03 = 0.30000000000000004 there
    sched = lrlab.cosine_decay(0.03, 100, warmup_target=0.3, warmup_steps=7)
    assert sched(7) == 0.3
    assert sched(6) == pytest.approx(0.03 + 0.27 * 6 / 7)


def test_classes_have_keras_defaults():
    # the classes themselves (not only the functions) carry Keras's defaults
    poly = S.PolynomialDecay(0.1, 10)
    assert (poly.end_learning_rate, poly.power, poly.cycle) == (0.0001, 1.0, False)
    assert S.ExponentialDecay(0.1, 3, 0.9).staircase is False
    assert S.InverseTimeDecay(0.1, 3, 0.9).staircase is False
    cos = S.CosineDecay(0.1, 10)
    assert (cos.alpha, cos.warmup_target, cos.warmup_steps) == (0.0, None, 0.0)
