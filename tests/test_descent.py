import math
import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lrlab

# The course's printed table (the first 22 lines of the run, as printed)
SEED_LINES = [
    (2.600000, 12.959999), (1.160000, 4.665599), (0.296000, 1.679616), (-0.222400, 0.604662),
    (-0.533440, 0.217678), (-0.720064, 0.078364), (-0.832038, 0.028211), (-0.899223, 0.010156),
    (-0.939534, 0.003656), (-0.963720, 0.001316), (-0.978232, 0.000474), (-0.986939, 0.000171),
    (-0.992164, 0.000061), (-0.995298, 0.000022), (-0.997179, 0.000008), (-0.998307, 0.000003),
    (-0.998984, 0.000001), (-0.999391, 0.000000), (-0.999634, 0.000000), (-0.999781, 0.000000),
    (-0.999868, 0.000000), (-0.999921, 0.000000),
]


def test_seed_run_matches_course_digits():
    t = lrlab.descend(0.2)
    assert t.w.shape == (41,) and t.loss.shape == (41,) and t.lr.shape == (40,) and t.grad.shape == (40,)
    for i, (w, loss) in enumerate(SEED_LINES):
        assert f"{t.w[i + 1]:f}" == f"{w:f}"
        assert f"{t.loss[i + 1]:f}" == f"{loss:f}"


def test_float32_vs_float64_first_loss():
    assert f"{lrlab.descend(0.2, steps=1).loss[1]:f}" == "12.959999"
    assert f"{lrlab.descend(0.2, steps=1, dtype=np.float64).loss[1]:f}" == "12.960000"


def test_trajectory_fields_are_consistent():
    t = lrlab.descend(lrlab.exponential_decay(0.3, 2, 0.8), steps=12, dtype=np.float64)
    np.testing.assert_array_equal(t.lr, lrlab.exponential_decay(0.3, 2, 0.8)(np.arange(12)))
    np.testing.assert_array_equal(t.grad, 2 * (t.w[:-1] + 1))
    np.testing.assert_array_equal(t.w[1:], t.w[:-1] - t.lr * t.grad)
    np.testing.assert_array_equal(t.loss, (t.w + 1) ** 2)
    assert t.w[0] == 5.0 and t.diverged_at is None and t.steps == 12 and len(t) == 13
    assert repr(t) == "Trajectory(steps=12, dtype=float64, loss=(w + 1)²)"


def test_trajectory_is_immutable():
    t = lrlab.descend(0.2)
    with pytest.raises(AttributeError):
        t.w = None
    for arr in (t.w, t.loss, t.lr, t.grad):
        with pytest.raises(ValueError, match="read-only"):
            arr[0] = 1.0


def test_rate_one_bounces_between_5_and_minus_7():
    t = lrlab.descend(1.0, steps=1000)
    np.testing.assert_array_equal(t.w[0::2], 5.0)
    np.testing.assert_array_equal(t.w[1::2], -7.0)
    np.testing.assert_array_equal(t.loss, 36.0)


def test_tiny_rate_creeps():
    t = lrlab.descend(0.0001)
    assert f"{t.w[-1]:f}" == "4.952183"


def test_half_lands_in_one_step():
    t = lrlab.descend(0.5, steps=3)
    np.testing.assert_array_equal(t.w, [5.0, -1.0, -1.0, -1.0])


def test_divergence_is_recorded_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t = lrlab.descend(3.0, steps=100)
        assert t.diverged_at == 27
        assert np.isfinite(t.w[26]) and np.isfinite(t.loss[26])
        assert not np.isfinite(t.loss[27])
        t64 = lrlab.descend(10.0, steps=400, dtype=np.float64)
        assert t64.diverged_at is not None and t64.diverged_at > 100


def test_zero_steps_and_zero_rate():
    t = lrlab.descend(0.2, steps=0)
    assert t.w.shape == (1,) and t.lr.shape == (0,)
    np.testing.assert_array_equal(lrlab.descend(0.0, steps=5).w, 5.0)


def test_other_quadratic():
    loss = lrlab.Quadratic(curvature=2.0, centre=3.0)
    t = lrlab.descend(0.25, w0=-1.0, steps=2, loss=loss)  # 1/(2a) = 0.25: one step
    np.testing.assert_array_equal(t.w, [-1.0, 3.0, 3.0])
    assert t.loss[0] == 32.0
    assert str(loss) == "2·(w - 3)²"


def test_user_callable_schedule():
    t = lrlab.descend(lambda k: 0.5 if k == 0 else 0.0, steps=3)
    np.testing.assert_array_equal(t.w, [5.0, -1.0, -1.0, -1.0])


def test_batch_over_rates_equals_one_by_one():
    lrs = np.array([0.0001, 0.2, 0.5, 0.8, 1.0, 1.3])
    batch = lrlab.descend(lrs, steps=30)
    assert batch.w.shape == (31, 6) and batch.lr.shape == (30, 6)
    for j, lr in enumerate(lrs):
        one = lrlab.descend(float(lr), steps=30)
        np.testing.assert_array_equal(batch.w[:, j], one.w)
        np.testing.assert_array_equal(batch.loss[:, j], one.loss)
        assert (batch.diverged_at[j] == -1) == (one.diverged_at is None)


def test_batch_over_w0_and_schedule_grid_equals_one_by_one():
    lr0 = np.array([0.05, 0.4, 0.9])[:, None]
    dr = np.array([0.5, 0.9, 1.0])[None, :]
    sched = lrlab.exponential_decay(lr0, 3, dr, staircase=True)
    batch = lrlab.descend(sched, w0=np.array([[5.0], [-2.0], [0.5]]), steps=20)
    assert batch.w.shape == (21, 3, 3)
    for i in range(3):
        for j in range(3):
            one = lrlab.descend(
                lrlab.exponential_decay(float(lr0[i, 0]), 3, float(dr[0, j]), staircase=True),
                w0=[5.0, -2.0, 0.5][i], steps=20,
            )
            np.testing.assert_array_equal(batch.w[:, i, j], one.w)
            np.testing.assert_array_equal(batch.lr[:, i, j], one.lr)


def test_batch_divergence_index():
    t = lrlab.descend(np.array([0.2, 3.0]), steps=60)
    np.testing.assert_array_equal(t.diverged_at, [-1, 27])


@settings(max_examples=200, deadline=None)
@given(
    lr=st.floats(0, 1.0),
    w0=st.floats(-50, 50),
    a=st.floats(0.1, 4),
    c=st.floats(-10, 10),
    steps=st.integers(0, 60),
    dr=st.floats(0.05, 1.0),
    ds=st.floats(0.5, 20),
    stair=st.booleans(),
)
def test_float64_matches_closed_form(lr, w0, a, c, steps, dr, ds, stair):
    loss = lrlab.Quadratic(a, c)
    sched = lrlab.exponential_decay(lr / a, ds, dr, staircase=stair)  # 2a*eta <= 2: never diverges
    t = lrlab.descend(sched, w0=w0, steps=steps, loss=loss, dtype=np.float64)
    expected = lrlab.closed_form(sched, w0=w0, steps=steps, loss=loss)
    scale = abs(w0 - c) + abs(c) + 1
    atol = 1e-13 * scale * (np.arange(steps + 1) + 1)
    assert np.all(np.abs(t.w - expected) <= atol)


@settings(max_examples=100, deadline=None)
@given(lr=st.floats(0, 0.99), w0=st.floats(-20, 20), steps=st.integers(1, 50))
def test_float32_close_to_float64(lr, w0, steps):
    t32 = lrlab.descend(lr, w0=w0, steps=steps)
    t64 = lrlab.descend(lr, w0=w0, steps=steps, dtype=np.float64)
    assert t32.dtype == np.float32 and t64.dtype == np.float64
    scale = abs(w0 + 1) + 1
    assert np.all(np.abs(t32.w - t64.w) <= 1e-6 * scale * (np.arange(steps + 1) + 1))


BAD_DESCEND = [
    ({"learning_rate": -0.2}, ValueError, "`learning_rate` must be finite and >= 0. Received: learning_rate=-0.2"),
    ({"learning_rate": math.nan}, ValueError, "Received: learning_rate=nan"),
    ({"learning_rate": math.inf}, ValueError, "Received: learning_rate=inf"),
    ({"learning_rate": np.array([0.1, np.nan])}, ValueError, "Received: learning_rate=[0.1, nan]"),
    ({"learning_rate": False}, TypeError, "not a bool. Received: learning_rate=False"),
    ({"learning_rate": "0.2"}, TypeError, "Received: learning_rate='0.2'"),
    ({"learning_rate": None}, TypeError, "Received: learning_rate=None"),
    ({"steps": -1}, ValueError, "`steps` must be an int between 0 and 100,000. Received: steps=-1"),
    ({"steps": 2.5}, TypeError, "`steps` must be an int. Received: steps=2.5"),
    ({"steps": 10**9}, ValueError, "Received: steps=1000000000"),
    ({"steps": True}, TypeError, "Received: steps=True"),
    ({"w0": math.inf}, ValueError, "`w0` must be finite. Received: w0=inf"),
    ({"w0": math.nan}, ValueError, "Received: w0=nan"),
    ({"w0": "5"}, TypeError, "Received: w0='5'"),
    ({"dtype": np.float16}, ValueError, "`dtype` must be np.float32 or np.float64."),
    ({"loss": "square"}, TypeError, "`loss` must be a loss with value(w) and grad(w) methods"),
    ({"learning_rate": lambda k: -0.1 if k == 3 else 0.1}, ValueError,
     "`learning_rate` must be a schedule returning finite rates >= 0 (at step 3). Received: learning_rate=-0.1"),
    ({"learning_rate": lambda k: math.nan}, ValueError, "(at step 0). Received: learning_rate=nan"),
    ({"learning_rate": lambda k: "fast"}, TypeError, "a schedule returning numbers (at step 0)"),
]


@pytest.mark.parametrize(("kwargs", "exc", "message"), BAD_DESCEND)
def test_descend_rejects_bad_input(kwargs, exc, message):
    args = {"learning_rate": 0.2} | kwargs
    lr = args.pop("learning_rate")
    with pytest.raises(exc, match=re.escape(message)):
        lrlab.descend(lr, **args)


def test_descend_refuses_huge_batches_before_allocating():
    with pytest.raises(ValueError, match=re.escape("`(steps + 1) x batch size` must be at most 250,000,000 values")):
        lrlab.descend(np.full((1000, 1000), 0.1), steps=100_000)


def test_user_schedule_that_raises_names_the_step():
    def boom(k):
        if k == 2:
            raise ZeroDivisionError("oops")
        return 0.1

    with pytest.raises(ValueError, match=re.escape("`learning_rate` schedule failed at step 2")):
        lrlab.descend(boom, steps=5)


def test_quadratic_rejects_bad_parameters():
    with pytest.raises(ValueError, match=re.escape("`curvature` must be finite and > 0. Received: curvature=0")):
        lrlab.Quadratic(curvature=0)
    with pytest.raises(ValueError, match=re.escape("`centre` must be finite. Received: centre=nan")):
        lrlab.Quadratic(centre=math.nan)
    with pytest.raises(TypeError, match="single numbers"):
        lrlab.Quadratic(curvature=[1.0, 2.0])
