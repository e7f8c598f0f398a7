import math
import re
import warnings
from pathlib import Path

import numpy as np
import pytest
from hostile import ArrayRaises, schedule_that_raises
from hypothesis import given, settings
from hypothesis import strategies as st

import lrlab

#: Under ``make mutate`` (mutmut imports lrlab from mutants/) the property tests run fewer, fixed examples.
MUTMUT = "mutants" in Path(lrlab.__file__).resolve().parts


def examples(n: int) -> int:
    return min(n, 20) if MUTMUT else n


# The course's printed table (the first 22 lines of the run, as printed)
SEED_LINES = [
    (2.600000, 12.959999),
    (1.160000, 4.665599),
    (0.296000, 1.679616),
    (-0.222400, 0.604662),
    (-0.533440, 0.217678),
    (-0.720064, 0.078364),
    (-0.832038, 0.028211),
    (-0.899223, 0.010156),
    (-0.939534, 0.003656),
    (-0.963720, 0.001316),
    (-0.978232, 0.000474),
    (-0.986939, 0.000171),
    (-0.992164, 0.000061),
    (-0.995298, 0.000022),
    (-0.997179, 0.000008),
    (-0.998307, 0.000003),
    (-0.998984, 0.000001),
    (-0.999391, 0.000000),
    (-0.999634, 0.000000),
    (-0.999781, 0.000000),
    (-0.999868, 0.000000),
    (-0.999921, 0.000000),
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
    loss = lrlab.Quadratic(a=2.0, centre=3.0)
    t = lrlab.descend(0.25, w0=-1.0, steps=2, loss=loss)  # 1/f'' = 1/(2a) = 0.25: one step
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
                w0=[5.0, -2.0, 0.5][i],
                steps=20,
            )
            np.testing.assert_array_equal(batch.w[:, i, j], one.w)
            np.testing.assert_array_equal(batch.lr[:, i, j], one.lr)


def test_batch_divergence_index():
    t = lrlab.descend(np.array([0.2, 3.0]), steps=60)
    np.testing.assert_array_equal(t.diverged_at, [-1, 27])


@settings(max_examples=examples(200), deadline=None, derandomize=MUTMUT)
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


@settings(max_examples=examples(100), deadline=None, derandomize=MUTMUT)
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
    (
        {"learning_rate": lambda k: -0.1 if k == 3 else 0.1},
        ValueError,
        "`learning_rate` must be a schedule returning finite rates >= 0 (at step 3). Received: learning_rate=-0.1",
    ),
    ({"learning_rate": lambda k: math.nan}, ValueError, "(at step 0). Received: learning_rate=nan"),
    ({"learning_rate": lambda k: "fast"}, TypeError, "a schedule returning real numbers (at step 0)"),
]


@pytest.mark.parametrize(("kwargs", "exc", "message"), BAD_DESCEND)
def test_descend_rejects_bad_input(kwargs, exc, message):
    args = {"learning_rate": 0.2} | kwargs
    lr = args.pop("learning_rate")
    with pytest.raises(exc, match=re.escape(message)):
        lrlab.descend(lr, **args)


def test_descend_refuses_huge_batches_before_allocating():
    with pytest.raises(ValueError, match=re.escape("`(steps + 1) x batch size` must be at most 20,000,000 values")):
        lrlab.descend(np.full((1000, 1000), 0.1), steps=100_000)


def test_user_schedule_that_raises_names_the_step():
    def boom(k):
        if k == 2:
            raise ZeroDivisionError("oops")
        return 0.1

    with pytest.raises(
        ValueError,
        match=re.escape(
            "`learning_rate` must be a schedule that works at every step (step 2 raised ZeroDivisionError('oops'))"
        ),
    ):
        lrlab.descend(boom, steps=5)


def test_quadratic_rejects_bad_parameters():
    with pytest.raises(ValueError, match=re.escape("`curvature` must be finite and > 0. Received: curvature=0")):
        lrlab.Quadratic(curvature=0)
    with pytest.raises(ValueError, match=re.escape("`a` must be finite and > 0. Received: a=-1")):
        lrlab.Quadratic(-1)
    with pytest.raises(ValueError, match=re.escape("`centre` must be finite. Received: centre=nan")):
        lrlab.Quadratic(centre=math.nan)
    with pytest.raises(
        TypeError, match=re.escape("`curvature` must be a single number. Received: curvature=[1.0, 2.0]")
    ):
        lrlab.Quadratic(curvature=[1.0, 2.0])
    with pytest.raises(TypeError, match=re.escape("`a and curvature` must be given one at a time (curvature = 2a)")):
        lrlab.Quadratic(1.0, curvature=2.0)
    with pytest.raises(ValueError, match="curvature 2a is finite"):
        lrlab.Quadratic(1e308)


def test_quadratic_curvature_is_the_second_derivative():
    loss = lrlab.Quadratic(a=3, centre=2)
    assert loss == lrlab.Quadratic(curvature=6, centre=2) and hash(loss) == hash(lrlab.Quadratic(curvature=6, centre=2))
    assert (loss.a, loss.centre, loss.curvature) == (3.0, 2.0, 6.0)
    assert (loss.one_step_rate, loss.bounce_rate) == (1 / 6, 2 / 6)
    # f'' by finite differences of the gradient, and the gradient by finite differences of the loss
    assert (loss.grad(2.5) - loss.grad(1.5)) / 1.0 == pytest.approx(loss.curvature)
    assert (loss.value(2.001) - loss.value(1.999)) / 0.002 == pytest.approx(loss.grad(2.0), abs=1e-9)
    seed = lrlab.SEED_LOSS
    assert (seed.a, seed.curvature, seed.one_step_rate, seed.bounce_rate) == (1.0, 2.0, 0.5, 1.0)
    assert repr(seed) == "Quadratic(a=1.0, centre=-1.0)" and str(seed) == "(w + 1)²"
    assert lrlab.Quadratic() == seed and lrlab.Quadratic(1) == seed
    with pytest.raises(AttributeError):
        seed.a = 2
    with pytest.raises(AttributeError):
        del seed.a


def test_quadratic_integer_w_is_not_truncated():
    loss = lrlab.Quadratic(0.3, 0.5)
    assert loss.grad(3) == pytest.approx(2 * 0.3 * 2.5) and loss.value(3) == pytest.approx(0.3 * 2.5**2)
    np.testing.assert_allclose(loss.grad(np.array([3, 1])), [1.5, 0.3])
    with pytest.raises(TypeError, match="`w` must be a real number"):
        loss.grad(np.array([1 + 2j]))


# --- batches: rates, w0, noise and schedule parameters broadcast together --------------------------------

from hypothesis.extra import numpy as hnp  # noqa: E402


def _same(batch_value, one_value):
    np.testing.assert_array_equal(batch_value, one_value)


def _assert_batch_equals_one_by_one(batch, run_one):
    """Every array of ``batch`` at each index equals the run made with that index's settings alone."""
    for idx in np.ndindex(*batch.batch_shape):
        one = run_one(idx)
        at = (slice(None),) + idx
        _same(batch.w[at], one.w)
        _same(batch.loss[at], one.loss)
        _same(batch.lr[at], one.lr)
        _same(batch.grad[at], one.grad)
        got = batch.diverged_at[idx] if batch.batch_shape else batch.diverged_at
        if batch.batch_shape:
            assert got == (-1 if one.diverged_at is None else one.diverged_at)
        else:
            assert got == one.diverged_at


@settings(max_examples=examples(60), deadline=None, derandomize=MUTMUT)
@given(
    shapes=hnp.mutually_broadcastable_shapes(num_shapes=4, min_dims=0, max_dims=2, min_side=1, max_side=3),
    kind=st.sampled_from(["number", "constant", "decay", "callable"]),
    dtype=st.sampled_from([np.float32, np.float64]),
    steps=st.integers(0, 12),
    data=st.data(),
)
def test_batch_equals_running_each_setting_alone(shapes, kind, dtype, steps, data):
    lr_shape, w0_shape, ds_shape, dr_shape = shapes.input_shapes
    if kind != "decay":  # only a decay schedule has these parameters
        ds_shape = dr_shape = ()
    floats = st.floats(0.0, 1.4, allow_subnormal=False)
    lr = data.draw(hnp.arrays(np.float64, lr_shape, elements=floats), label="lr")
    w0 = data.draw(hnp.arrays(np.float64, w0_shape, elements=st.floats(-50, 50, allow_subnormal=False)), label="w0")
    ds = data.draw(hnp.arrays(np.float64, ds_shape, elements=st.floats(0.5, 5)), label="decay_steps")
    dr = data.draw(hnp.arrays(np.float64, dr_shape, elements=st.floats(0.3, 1.0)), label="decay_rate")
    stair = data.draw(st.booleans(), label="staircase")

    def setting(idx, shape_of_batch):
        def pick(arr):
            return float(np.broadcast_to(arr, shape_of_batch)[idx])

        return pick

    if kind == "number":
        make = lambda lr_, ds_, dr_: lr_  # noqa: E731
    elif kind == "constant":
        make = lambda lr_, ds_, dr_: lrlab.constant(lr_)  # noqa: E731
    elif kind == "decay":
        make = lambda lr_, ds_, dr_: lrlab.exponential_decay(lr_, ds_, dr_, staircase=stair)  # noqa: E731
    else:
        make = lambda lr_, ds_, dr_: lambda k: lr_ * 0.9**k  # noqa: E731
    batch = lrlab.descend(make(lr, ds, dr), w0=w0, steps=steps, dtype=dtype)
    used = (lr_shape, w0_shape) + ((ds_shape, dr_shape) if kind == "decay" else ())
    assert batch.batch_shape == np.broadcast_shapes(*used)

    def run_one(idx):
        pick = setting(idx, batch.batch_shape)
        return lrlab.descend(make(pick(lr), pick(ds), pick(dr)), w0=pick(w0), steps=steps, dtype=dtype)

    _assert_batch_equals_one_by_one(batch, run_one)
    # the closed form lines up its batch the same way
    closed = lrlab.closed_form(make(lr, ds, dr), w0=w0, steps=steps)
    assert closed.shape == batch.w.shape
    for idx in list(np.ndindex(*batch.batch_shape))[:3]:
        pick = setting(idx, batch.batch_shape)
        np.testing.assert_array_equal(
            closed[(slice(None),) + idx],
            lrlab.closed_form(make(pick(lr), pick(ds), pick(dr)), w0=pick(w0), steps=steps),
        )


def test_issue_11_batch_cases():
    t = lrlab.descend(0.2, w0=[1.0, 2.0])
    for j, w0 in enumerate([1.0, 2.0]):
        np.testing.assert_array_equal(t.w[:, j], lrlab.descend(0.2, w0=w0).w)
    t = lrlab.descend(lrlab.constant(0.2), w0=[1.0, 2.0])
    assert t.lr.shape == (40, 2) and np.all(t.lr == np.float32(0.2))
    t = lrlab.descend(lambda k: 0.1 * (k + 1) / 40, w0=np.arange(40.0))
    np.testing.assert_array_equal(t.lr[3, :3], np.float32(0.01))
    np.testing.assert_array_equal(t.lr[:, 7], lrlab.descend(lambda k: 0.1 * (k + 1) / 40, w0=7.0).lr)
    np.testing.assert_array_equal(t.w[:, 7], lrlab.descend(lambda k: 0.1 * (k + 1) / 40, w0=7.0).w)
    w = lrlab.closed_form(0.2, w0=np.arange(41.0))
    assert w.shape == (41, 41)
    np.testing.assert_array_equal(w[:, 10], lrlab.closed_form(0.2, w0=10.0))
    np.testing.assert_array_equal(w[0], np.arange(41.0))


def test_shapes_that_clash_are_named():
    with pytest.raises(
        ValueError, match=re.escape("`learning_rate, w0 and noise` must be arrays of broadcastable shapes")
    ):
        lrlab.descend([0.1, 0.2], w0=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=re.escape("`learning_rate and w0` must be arrays of broadcastable shapes")):
        lrlab.closed_form([0.1, 0.2], w0=[1.0, 2.0, 3.0])


def test_update_loop_is_the_three_line_loop():
    """descend's w is exactly the notebook's loop: grad = loss.grad(w[k]); w[k+1] = w[k] - lr[k] * grad."""
    loss = lrlab.Quadratic(0.75, 0.5)
    sched = lrlab.exponential_decay(0.9, 3, 0.7)
    t = lrlab.descend(sched, w0=4.0, steps=25, loss=loss)
    w = np.empty(26, np.float32)
    w[0] = 4.0
    lr = sched(np.arange(25), dtype=np.float32)
    for k in range(25):
        grad = np.float32(1.5) * (w[k] - np.float32(0.5))
        w[k + 1] = w[k] - lr[k] * grad
    np.testing.assert_array_equal(t.w, w)
    np.testing.assert_array_equal(t.lr, lr)


# --- noise ------------------------------------------------------------------------------------------------


def test_noise_zero_is_the_clean_run_and_seed_is_reproducible():
    clean = lrlab.descend(0.2)
    np.testing.assert_array_equal(lrlab.descend(0.2, noise=0.0, seed=3).w, clean.w)
    a = lrlab.descend(0.2, noise=0.5, seed=7)
    b = lrlab.descend(0.2, noise=0.5, seed=7)
    c = lrlab.descend(0.2, noise=0.5, seed=8)
    np.testing.assert_array_equal(a.w, b.w)
    assert not np.array_equal(a.w, c.w) and not np.array_equal(a.w, clean.w)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_noise_is_added_to_each_gradient_from_default_rng(dtype):
    t = lrlab.descend(np.array([0.1, 0.3]), w0=[[5.0], [2.0], [0.0]], steps=20, noise=0.7, seed=11, dtype=dtype)
    assert t.batch_shape == (3, 2) and t.noise == 0.7
    xi = np.random.default_rng(11).standard_normal((20, 3, 2), dtype=dtype)
    clean_grad = lrlab.SEED_LOSS.grad(t.w[:-1])
    np.testing.assert_array_equal(t.grad, clean_grad + dtype(0.7) * xi)
    np.testing.assert_array_equal(t.w[1:], t.w[:-1] - t.lr * t.grad)
    # every run of the batch gets its own draws
    assert len({tuple(t.grad[:, i, j] - clean_grad[:, i, j]) for i in range(3) for j in range(2)}) == 6


def test_noise_batch_broadcasts_and_a_generator_is_accepted():
    t = lrlab.descend(0.2, noise=[0.0, 1.0], seed=np.random.default_rng(2), steps=5)
    np.testing.assert_array_equal(t.w[:, 0], lrlab.descend(0.2, steps=5).w)
    assert not np.array_equal(t.w[:, 1], t.w[:, 0])
    with pytest.raises(ValueError, match=re.escape("`noise` must be finite and >= 0. Received: noise=-1")):
        lrlab.descend(0.2, noise=-1)
    with pytest.raises(TypeError, match="`seed` must be None, an int >= 0, a list of ints >= 0 or a numpy Generator"):
        lrlab.descend(0.2, noise=1.0, seed="abc")


# --- read-only results and limits --------------------------------------------------------------------------


def test_trajectory_arrays_cannot_be_made_writeable_again():
    t = lrlab.descend(np.array([0.1, 0.2]), noise=0.1, seed=0)
    for arr in (t.w, t.loss, t.lr, t.grad, t.diverged_at, t.learning_rate):
        with pytest.raises(ValueError, match="WRITEABLE"):
            arr.flags.writeable = True
    for name in ("w", "lr", "loss_fn"):
        with pytest.raises(AttributeError):
            delattr(t, name)


@pytest.mark.parametrize("steps", [1, 100], ids=["one update, the widest batch", "100 updates"])
def test_largest_allowed_run_with_every_array_read_fits_in_1_gb(steps):
    """A run at the cap of (steps + 1) x batch size values, in float64 with noise, every array read: under 1 GB.

    One update over 10,000,000 values at once is where an update's temporaries are the largest; 100 updates
    store within 1 % of what the longest allowed run (100,000 updates of 199 values) stores, whose updates
    only add Python-level steps over tiny arrays."""
    import tracemalloc

    batch = lrlab.checks.MAX_VALUES // (steps + 1)
    with pytest.raises(ValueError, match="at most 20,000,000 values"):
        lrlab.descend(0.2, w0=np.zeros(batch + 1), steps=steps)
    tracemalloc.start()
    try:
        t = lrlab.descend(0.2, w0=np.linspace(-5, 5, batch), steps=steps, dtype=np.float64, noise=1.0, seed=0)
        arrays = [t.w, t.loss, t.lr, t.grad, t.diverged_at]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert sum(a.nbytes for a in arrays) > 0.55e9  # the run really is that big
    assert peak < 1e9, peak


def test_no_warning_reaches_the_user():
    with pytest.raises(
        ValueError,
        match=re.escape(
            "`learning_rate` must be within float32's range (|x| <= 3.403e+38). Received: learning_rate=1e+39"
        ),
    ):
        lrlab.descend(1e39)
    with pytest.raises(ValueError, match="`w0` must be within float32's range"):
        lrlab.descend(0.2, w0=-1e39)
    assert lrlab.descend(1e39, steps=3, dtype=np.float64).diverged_at is None
    with pytest.raises(
        TypeError,
        match=re.escape(
            "`learning_rate` must be a schedule returning real numbers (at step 0). Received: learning_rate=(0.1+1j)"
        ),
    ):
        lrlab.descend(lambda k: 0.1 + 1j)
    with pytest.raises(ValueError, match=re.escape("(at step 2)")):
        lrlab.descend(lambda k: 1e39 if k == 2 else 0.1)
    with pytest.raises(TypeError, match="`dtype` must be np.float32 or np.float64. Received: dtype=None"):
        lrlab.descend(0.2, dtype=None)
    with pytest.raises(ValueError, match=re.escape("Received: learning_rate=1e+39")):
        lrlab.descend(lrlab.exponential_decay(1e39, 1, 0.5))


def test_schedule_array_parameters_cannot_be_changed_behind_descend():
    lr0 = np.array([0.1, 0.2])
    sched = lrlab.exponential_decay(lr0, 1, np.array([0.9, 0.5]))
    lr0[0] = -5  # the caller's array is copied, not shared
    assert sched.learning_rate[0] == 0.1
    for name in ("learning_rate", "decay_rate"):
        with pytest.raises(ValueError, match="WRITEABLE"):
            getattr(sched, name).flags.writeable = True
        with pytest.raises(AttributeError, match="immutable"):
            delattr(sched, name)
    np.testing.assert_array_equal(lrlab.descend(sched, steps=3).lr[0], np.float32([0.1, 0.2]))


# --- exact behaviour: exact values, messages and boundaries ------------------------------------------------


class _Named:
    def __init__(self, name, value=None, grad=None):
        self.name, self._value, self._grad = name, value, grad

    def __repr__(self):
        return self.name

    def value(self, w):
        return self._value(w)

    def grad(self, w):
        return self._grad(w)


DESCEND_REJECTS = [
    (
        dict(learning_rate=lambda k: True),
        TypeError,
        "`learning_rate` must be a schedule returning numbers, not bools (at step 0). Received: learning_rate=True",
    ),
    (
        dict(learning_rate=lambda k: ArrayRaises()),
        TypeError,
        "`learning_rate` must be a schedule returning numbers (at step 0). Received: learning_rate=ArrayRaises()",
    ),
    (
        dict(learning_rate=lambda k: 0.1 if k < 2 else 1j),
        TypeError,
        "`learning_rate` must be a schedule returning real numbers (at step 2). Received: learning_rate=1j",
    ),
    (
        dict(learning_rate=lambda k: [0.1] * (k + 1), steps=3),
        ValueError,
        "`learning_rate` must be a schedule whose rates keep one shape. Received: learning_rate=[(1,), (2,), (3,)]",
    ),
    (
        dict(learning_rate=lambda k: np.full(300_000, 0.1), steps=100),
        ValueError,
        "`steps x batch size` must be at most 20,000,000 values. Received: steps x batch size="
        "{'steps': 100, 'batch_shape': (300000,)}",
    ),
    (dict(learning_rate=lambda k: float(np.finfo(np.float32).max)), None, None),
    (
        dict(learning_rate=lambda k: 3.5e38),
        ValueError,
        "`learning_rate` must be a schedule returning rates within float32's range (at step 0). Received: learning_rate=3.5e+38",
    ),
    (
        dict(learning_rate=lrlab.exponential_decay(3.5e38, 1, 0.5)),
        ValueError,
        "`learning_rate` must be within float32's range to compute rates in float32. Received: learning_rate=3.5e+38",
    ),
    (dict(learning_rate=lrlab.exponential_decay(np.array([0.1, 1e38]), 1, 2e-39, staircase=True), steps=3), None, None),
    (
        dict(learning_rate=np.full((200_000,), 0.1), steps=200),
        ValueError,
        "`(steps + 1) x batch size` must be at most 20,000,000 values. Received: (steps + 1) x batch size="
        "{'steps': 201, 'batch_shape': (200000,)}",
    ),
    (
        dict(learning_rate=0.1, w0=[1.0, 2.0], noise=[0.1, 0.2, 0.3]),
        ValueError,
        "`learning_rate, w0 and noise` must be arrays of broadcastable shapes. Received: learning_rate, w0 and noise="
        "{'learning_rate': (), 'w0': (2,), 'noise': (3,)}",
    ),
    (
        dict(learning_rate=0.1, noise=3.5e38),
        ValueError,
        "`noise` must be within float32's range (|x| <= 3.403e+38). Received: noise=3.5e+38",
    ),
    (
        dict(learning_rate=0.1, noise=1.0, seed=True),
        TypeError,
        "`seed` must be None, an int >= 0, a list of ints >= 0 or a numpy Generator. Received: seed=True",
    ),
    (
        dict(learning_rate=0.1, noise=1.0, seed=-3),
        ValueError,
        "`seed` must be None, an int >= 0, a list of ints >= 0 or a numpy Generator. Received: seed=-3",
    ),
    (
        dict(learning_rate=0.1, noise=1.0, seed=[1, -2]),
        TypeError,
        "`seed` must be None, an int >= 0, a list of ints >= 0 or a numpy Generator. Received: seed=[1, -2]",
    ),
    (
        dict(learning_rate=0.1, noise=1.0, seed=[[1, 2]]),
        TypeError,
        "`seed` must be None, an int >= 0, a list of ints >= 0 or a numpy Generator. Received: seed=[[1, 2]]",
    ),
    (
        dict(learning_rate=0.1, noise=1.0, seed=[1.5]),
        TypeError,
        "`seed` must be None, an int >= 0, a list of ints >= 0 or a numpy Generator. Received: seed=[1.5]",
    ),
    (
        dict(learning_rate=0.1, noise=1.0, seed=[1, [2, 3]]),
        TypeError,
        "`seed` must be None, an int >= 0, a list of ints >= 0 or a numpy Generator. Received: seed=[1, [2, 3]]",
    ),
    (
        dict(learning_rate=0.1, noise=1.0, seed=1.5),
        TypeError,
        "`seed` must be None, an int >= 0, a list of ints >= 0 or a numpy Generator. Received: seed=1.5",
    ),
    (
        dict(learning_rate=0.1, loss=_Named("Raises", grad=lambda w: 1 / 0)),
        ValueError,
        "`loss` must be a loss whose grad(w) works (grad(w) raised ZeroDivisionError('division by zero')). "
        "Received: loss=Raises",
    ),
    (
        dict(learning_rate=0.1, loss=_Named("Complex", grad=lambda w: w * 1j)),
        TypeError,
        "`loss` must be a loss whose grad(w) returns real numbers (got dtype complex64). Received: loss=Complex",
    ),
    (
        dict(learning_rate=0.1, w0=[1.0, 2.0], loss=_Named("Wrong", grad=lambda w: np.ones(3))),
        ValueError,
        "`loss` must be a loss whose grad(w) returns an array shaped like w (2,) (got (3,)). Received: loss=Wrong",
    ),
]


@pytest.mark.parametrize(("kwargs", "exc", "message"), DESCEND_REJECTS)
def test_descend_exact_messages(kwargs, exc, message):
    kwargs = dict(kwargs)
    lr = kwargs.pop("learning_rate")
    if exc is None:
        lrlab.descend(lr, **kwargs)  # accepted: the edge of what is allowed
        return
    with pytest.raises(exc) as info:
        lrlab.descend(lr, **kwargs)
    assert str(info.value) == message


def test_failing_schedule_and_failing_loss_value_are_named():
    with pytest.raises(ValueError, match="schedule that works") as info:
        lrlab.descend(schedule_that_raises, steps=3)
    assert str(info.value).startswith(
        "`learning_rate` must be a schedule that works at every step (step 0 raised "
        "ZeroDivisionError('boom')). Received: learning_rate=<function schedule_that_raises at 0x"
    )
    with pytest.raises(ValueError, match="value") as info:
        lrlab.descend(0.1, steps=2, loss=_Named("BadValue", value=lambda w: 1 / 0, grad=lambda w: 2 * (w + 1)))
    assert str(info.value) == (
        "`loss` must be a loss whose value(w) works (value(w) raised "
        "ZeroDivisionError('division by zero')). Received: loss=BadValue"
    )


class _Mutable:
    """A caller's loss whose centre can be changed after a run."""

    def __init__(self, centre):
        self.centre = centre

    def value(self, w):
        return (w - self.centre) ** 2

    def grad(self, w):
        return 2 * (w - self.centre)


def test_a_finished_run_does_not_change_when_the_callers_loss_changes():
    loss = _Mutable(-1.0)
    t = lrlab.descend(0.1, steps=4, loss=loss, noise=0.5, seed=2)
    before = (t.loss.copy(), t.grad.copy(), t.diverged_at)
    loss.centre = 100.0
    assert np.array_equal(t.loss, before[0]) and np.array_equal(t.grad, before[1]) and t.diverged_at == before[2]
    again = lrlab.descend(0.1, steps=4, loss=_Mutable(-1.0), noise=0.5, seed=2)
    assert np.array_equal(again.grad, before[1]) and np.array_equal(again.w, t.w)


def test_a_loss_subclass_of_its_own_runs_and_is_checked_for_its_factors_only():
    """A user's subclass of lrlab.Loss that keeps no centre runs as before (nothing of lrlab's to check)."""

    class Flat(lrlab.losses.Loss):
        __slots__ = ()

        def value(self, w):
            return 0.0 * self.as_float(w)

        def grad(self, w):
            return 0.0 * self.as_float(w)

    t = lrlab.descend(0.2, steps=3, loss=Flat())
    assert np.all(t.w == 5.0) and np.all(t.loss == 0.0)


def test_user_loss_results_are_cast_and_broadcast():
    loss = _Named(
        "Quartic",
        value=lambda w: (np.asarray(w, np.float64) - 1) ** 4,
        grad=lambda w: 4 * (np.asarray(w, np.float64) - 1) ** 3,
    )
    t = lrlab.descend(0.01, w0=[3.0, -1.0], steps=5, loss=loss)
    assert t.w.dtype == t.loss.dtype == t.grad.dtype == np.float32
    np.testing.assert_array_equal(t.grad, (4 * (t.w[:-1].astype(np.float64) - 1) ** 3).astype(np.float32))
    np.testing.assert_array_equal(t.w[1:], t.w[:-1] - t.lr * t.grad)
    scalar_grad = _Named("Flat", value=lambda w: 0.0, grad=lambda w: 1)  # a scalar gradient broadcasts
    t = lrlab.descend(0.5, w0=[1.0, 2.0], steps=2, loss=scalar_grad)
    np.testing.assert_array_equal(t.w[-1], [0.0, 1.0])
    np.testing.assert_array_equal(t.grad, np.ones((2, 2), np.float32))


def test_seeds_numpy_accepts():
    base = lrlab.descend(0.1, steps=3, noise=1.0, seed=[1, 2])
    np.testing.assert_array_equal(base.w, lrlab.descend(0.1, steps=3, noise=1.0, seed=np.array([1, 2])).w)
    np.testing.assert_array_equal(base.w, lrlab.descend(0.1, steps=3, noise=1.0, seed=(1, 2)).w)
    assert not np.array_equal(base.w, lrlab.descend(0.1, steps=3, noise=1.0, seed=[1, 3]).w)
    np.testing.assert_array_equal(
        lrlab.descend(0.1, steps=3, noise=1.0, seed=np.int64(4)).w, lrlab.descend(0.1, steps=3, noise=1.0, seed=4).w
    )
    seq = lrlab.descend(0.1, steps=3, noise=1.0, seed=np.random.SeedSequence(9))
    np.testing.assert_array_equal(seq.w, lrlab.descend(0.1, steps=3, noise=1.0, seed=np.random.PCG64(9)).w)
    xi = np.random.default_rng(9).standard_normal((3,), dtype=np.float32)
    np.testing.assert_array_equal(seq.grad, lrlab.SEED_LOSS.grad(seq.w[:-1]) + np.float32(1.0) * xi)
    assert lrlab.descend(0.1, steps=3, noise=1.0, seed=[0]).steps == 3  # a list with a 0 is a valid seed
    assert lrlab.descend(0.1, steps=3, seed="ignored without noise").steps == 3


def test_trajectory_repr_and_immutability_messages():
    t = lrlab.descend(np.array([0.1, 0.2]), steps=3, noise=0.5, seed=0, dtype=np.float64)
    assert repr(t) == "Trajectory(steps=3, batch_shape=(2,), dtype=float64, noise=0.5, loss=(w + 1)²)"
    assert repr(lrlab.descend(0.1, steps=2)) == "Trajectory(steps=2, dtype=float32, loss=(w + 1)²)"
    with pytest.raises(AttributeError, match="^Trajectory is immutable$"):
        t.w = None
    with pytest.raises(AttributeError, match="^Trajectory is immutable$"):
        del t.w
    assert t.noise == 0.5 and lrlab.descend(0.1, steps=1).noise == 0.0
    np.testing.assert_array_equal(lrlab.descend(0.1, steps=1, noise=[0.0, 0.25], seed=1).noise, [0.0, 0.25])


def test_callable_schedule_is_asked_for_step_zero_even_without_updates():
    asked = []

    def schedule(k):
        asked.append(k)
        return [0.1, 0.2]

    t = lrlab.descend(schedule, steps=0)
    assert asked == [0] and t.w.shape == (1, 2) and t.lr.shape == (0, 2)
    asked.clear()
    lrlab.descend(schedule, steps=3)
    assert asked == [0, 1, 2]
    np.testing.assert_array_equal(lrlab.rates(lambda k: 0.5 * k, 3), [0.0, 0.5, 1.0])
    assert lrlab.rates(lambda k: np.int64(k), 3, dtype=np.float32).dtype == np.float32


@pytest.mark.parametrize(
    ("call", "exc", "message"),
    [
        (
            lambda: lrlab.rates(0.1, 3, dtype=np.float16),
            ValueError,
            "`dtype` must be np.float32 or np.float64. Received: dtype=<class 'numpy.float16'>",
        ),
        (lambda: lrlab.rates(0.1, -1), ValueError, "`steps` must be an int between 0 and 100,000. Received: steps=-1"),
        (
            lambda: lrlab.rates(-0.1, 3),
            ValueError,
            "`learning_rate` must be finite and >= 0. Received: learning_rate=-0.1",
        ),
        (
            lambda: lrlab.rates(lrlab.constant(np.full(300, 0.1)), 100_000),
            ValueError,
            "`steps x batch size` must be at most 20,000,000 values. Received: steps x batch size="
            "{'steps': 100000, 'batch_shape': (300,)}",
        ),
        (
            lambda: lrlab.descend(0.1, loss=_OnlyValue()),
            TypeError,
            "`loss` must be a loss with value(w) and grad(w) methods, e.g. lrlab.Quadratic(). Received: loss=OnlyValue()",
        ),
        (
            lambda: lrlab.descend(0.1, loss=_OnlyGrad()),
            TypeError,
            "`loss` must be a loss with value(w) and grad(w) methods, e.g. lrlab.Quadratic(). Received: loss=OnlyGrad()",
        ),
        (
            lambda: lrlab.descend(0.1, loss=_BrokenAttribute()),
            TypeError,
            "`loss` must be a loss with value(w) and grad(w) methods, e.g. lrlab.Quadratic(). Received: loss=Broken()",
        ),
        (
            lambda: lrlab.descend(lrlab.exponential_decay(np.array([[0.1, 0.1], [0.1, 3.5e38]]), 1, 0.5), steps=2),
            ValueError,
            "`learning_rate` must be within float32's range to compute rates in float32. "
            "Received: learning_rate=[[1.0e-01, 1.0e-01],\n [1.0e-01, 3.5e+38]]",
        ),
        (
            lambda: lrlab.descend(0.1, loss=lrlab.Quadratic(centre=1e39)),
            ValueError,
            "`loss` must be a loss whose centre fits in float32. Received: loss=Quadratic(a=1.0, centre=1e+39)",
        ),
        (
            lambda: lrlab.descend(0.1, loss=lrlab.Quadratic(a=1e-46)),
            ValueError,
            "`loss` must be a loss whose factor a does not round to 0 in float32. "
            "Received: loss=Quadratic(a=1e-46, centre=-1.0)",
        ),
        (
            lambda: lrlab.descend(lambda k: [0.1, 0.2 if k < 3 else -1.0], steps=5),
            ValueError,
            "`learning_rate` must be a schedule returning finite rates >= 0 (at step 3). Received: learning_rate=[0.1, -1.0]",
        ),
    ],
)
def test_rates_and_losses_exact_messages(call, exc, message):
    with pytest.raises(exc) as info:
        call()
    assert str(info.value) == message


class _OnlyValue:
    def value(self, w):
        return w

    def __repr__(self):
        return "OnlyValue()"


class _OnlyGrad:
    value = 3.0

    def grad(self, w):
        return w

    def __repr__(self):
        return "OnlyGrad()"


class _BrokenAttribute:
    @property
    def value(self):
        raise RuntimeError("no value")

    def grad(self, w):
        return w

    def __repr__(self):
        return "Broken()"


def test_caps_are_inclusive(monkeypatch):
    monkeypatch.setattr(lrlab.checks, "MAX_VALUES", 100)
    assert lrlab.descend(0.1, w0=np.zeros(10), steps=9).w.shape == (10, 10)  # (9 + 1) x 10 = 100: allowed
    with pytest.raises(ValueError, match=re.escape("`(steps + 1) x batch size` must be at most 100 values")):
        lrlab.descend(0.1, w0=np.zeros(10), steps=10)
    with pytest.raises(ValueError, match=re.escape("`(steps + 1) x batch size` must be at most 100 values")):
        lrlab.descend(lrlab.constant(np.full(10, 0.1)), steps=10)
    with pytest.raises(ValueError, match=re.escape("`(steps + 1) x batch size` must be at most 100 values")):
        lrlab.descend(0.1, noise=np.full(10, 0.1), steps=10)
    assert lrlab.rates(np.full(10, 0.1), 10).shape == (10, 10)
    with pytest.raises(ValueError, match=re.escape("`steps x batch size` must be at most 100 values")):
        lrlab.rates(np.full(10, 0.1), 11)
    assert lrlab.closed_form(0.1, w0=np.zeros(10), steps=9).shape == (10, 10)
    with pytest.raises(ValueError, match=re.escape("`(steps + 1) x batch size` must be at most 100 values")):
        lrlab.closed_form(0.1, w0=np.zeros(10), steps=10)


def test_rates_are_in_the_requested_dtype_and_shape():
    sched = lrlab.exponential_decay(np.array([[0.1], [0.2]]), 2, np.array([0.5, 0.9, 1.0]))
    r = lrlab.rates(sched, 4, np.float32)
    assert r.dtype == np.float32 and r.shape == (4, 2, 3)
    np.testing.assert_array_equal(r, sched(np.arange(4)[:, None, None], dtype=np.float32))
    assert lrlab.rates(lrlab.constant(0.1), 3, np.float32).dtype == np.float32
    assert lrlab.rates(lambda k: 1, 2, np.float32).dtype == np.float32
    np.testing.assert_array_equal(lrlab.rates(lambda k: np.float32(3.4e38), 1, np.float32), [np.float32(3.4e38)])


def test_descend_shape_clash_exact_message_and_noise_record():
    with pytest.raises(ValueError, match="broadcastable") as info:
        lrlab.descend(np.full((2, 3), 0.1), w0=[1.0, 2.0], noise=0.0)
    assert str(info.value) == (
        "`learning_rate, w0 and noise` must be arrays of broadcastable shapes. Received: "
        "learning_rate, w0 and noise={'learning_rate': (2, 3), 'w0': (2,), 'noise': ()}"
    )
    t = lrlab.descend(0.1, steps=2, noise=np.array([0, 1], dtype=np.int64), seed=0)
    assert t.noise.dtype == np.float64 and t.batch_shape == (2,)
    noisy = lrlab.descend(0.1, steps=3, noise=0.5, seed=3)
    np.testing.assert_array_equal(noisy.grad, lrlab.descend(0.1, steps=3, noise=0.5, seed=3).grad)
    assert not np.array_equal(noisy.grad, lrlab.descend(0.1, steps=3, noise=0.5, seed=4).grad)


class _RatesOfYourOwn(lrlab.Schedule):
    """A schedule subclass whose rates lrlab has not vetted: ``bad`` at ``(step, column)``, 0.1 elsewhere."""

    _params = ("base",)

    def __init__(self, bad, step, column):
        self._set(base=np.array([0.1, 0.1]))
        object.__setattr__(self, "where", (step, column, bad))

    def _rate(self, step, dtype):
        k, column, bad = self.where
        out = np.broadcast_to(np.asarray(self.base, dtype=np.float64), np.broadcast_shapes(step.shape, (2,))).copy()
        out[(step[..., 0] if step.ndim else step) == k, column] = bad
        return out.astype(dtype) if np.isfinite(bad) else out


@pytest.mark.parametrize(
    ("bad", "step", "dtype", "shown"),
    [
        (-1.0, 2, np.float64, "[ 0.1, -1. ]"),
        (np.nan, 4, np.float64, "[0.1, nan]"),
        (1e39, 3, np.float32, "[0.1, inf]"),
    ],
)
def test_a_schedule_subclass_with_bad_rates_is_named_at_its_first_bad_step(bad, step, dtype, shown):
    with pytest.raises(ValueError, match="must be a schedule giving finite rates") as info:
        lrlab.descend(_RatesOfYourOwn(bad, step, 1), steps=6, dtype=dtype)
    assert str(info.value) == (
        f"`learning_rate` must be a schedule giving finite rates >= 0 within {np.dtype(dtype).name}'s range "
        f"(at step {step}). Received: learning_rate={shown}"
    )


def test_the_largest_float32_rate_is_accepted():
    largest = float(np.finfo(np.float32).max)
    t = lrlab.descend(_RatesOfYourOwn(largest, 1, 0), steps=3)
    assert t.lr[1, 0] == np.float32(largest) and np.all(t.lr[:, 1] == np.float32(0.1))
