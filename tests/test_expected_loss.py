"""The exact expected loss under gradient noise, the optimal schedule, the bound it reaches, the best constant rate."""

import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lrlab

EPS = np.finfo(np.float64).eps

curvatures = st.floats(0.1, 10.0)
centres = st.floats(-5.0, 5.0)
offsets = st.floats(0.05, 50.0) | st.floats(-50.0, -0.05)  # w0 - c, never 0 (that case has its own tests)
noises = st.floats(0.01, 10.0)


def sq(x):
    return x * x


# ---------------------------------------------------------------- expected_loss


SCHEDULES = {
    "constant 0.2": 0.2,
    "exponential decay": lrlab.exponential_decay(0.4, 1, 0.95),
    "optimal schedule": lrlab.optimal_schedule(noise=2.0),
    "a callable": lambda k: 0.6 if k < 3 else 0.1,
}


@pytest.mark.parametrize("schedule", SCHEDULES.values(), ids=SCHEDULES.keys())
def test_agrees_with_the_average_of_many_seeded_noisy_runs(schedule):
    runs, steps, sigma = 20_000, 40, 2.0
    t = lrlab.descend(schedule, w0=np.full(runs, 5.0), steps=steps, noise=sigma, dtype=np.float64, seed=7)
    mean = t.loss.mean(axis=1)
    sem = t.loss.std(axis=1, ddof=1) / math.sqrt(runs)
    exact = lrlab.expected_loss(schedule, steps=steps, noise=sigma)
    assert exact.shape == (steps + 1,)
    z = np.abs(mean - exact) / np.maximum(sem, 1e-300)
    assert np.all((z < 5) | (np.abs(mean - exact) < 1e-12)), (z.max(), int(z.argmax()))
    # the noise matters: without it the prediction is far from these runs
    clean = lrlab.expected_loss(schedule, steps=steps)
    assert np.abs(mean[-1] - clean[-1]) > 20 * sem[-1]


def test_agrees_with_seeded_runs_on_another_quadratic_and_a_batch():
    loss = lrlab.Quadratic(a=3.0, centre=2.0)
    rates, sigma, runs = np.array([0.02, 0.1, 0.3]), 0.5, 8_000
    t = lrlab.descend(rates, w0=np.full((runs, 1), -1.0), steps=25, noise=sigma, loss=loss, dtype=np.float64, seed=3)
    mean = t.loss.mean(axis=1)
    sem = t.loss.std(axis=1, ddof=1) / math.sqrt(runs)
    exact = lrlab.expected_loss(rates, w0=-1.0, steps=25, noise=sigma, loss=loss)
    assert exact.shape == mean.shape == (26, 3)
    assert np.all((np.abs(mean - exact) < 5 * sem) | (np.abs(mean - exact) < 1e-12))


@settings(max_examples=60, deadline=None)
@given(x=st.floats(0.05, 1.95), f2=curvatures, c=centres, d0=offsets, sigma=noises)
def test_constant_rates_below_the_bounce_rate_settle_at_the_noise_floor(x, f2, c, d0, sigma):
    loss = lrlab.Quadratic(curvature=f2, centre=c)
    rate = x / f2
    # the same floor from any start: only the way there differs (two starts, one batch)
    ends = lrlab.expected_loss(rate, w0=np.array([c + d0, c - 3 * d0]), steps=2000, noise=sigma, loss=loss)[-1]
    floor = lrlab.noise_floor(rate, sigma, loss)
    assert ends.tolist() == pytest.approx([floor, floor], rel=1e-9)


def test_a_constant_rate_at_or_above_the_bounce_rate_has_no_floor():
    grows = lrlab.expected_loss(1.0, steps=200, noise=1.0)  # bounces: the noise piles up for ever
    assert np.all(np.diff(grows[1:]) > 0) and grows[-1] > 50
    assert np.isinf(lrlab.expected_loss(1.2, steps=3000, noise=1.0)[-1])


@settings(max_examples=80, deadline=None)
@given(x=st.floats(0.0, 2.5), f2=curvatures, c=centres, w0=st.floats(-20.0, 20.0), steps=st.integers(0, 40))
def test_without_noise_it_is_the_loss_of_the_clean_float64_run(x, f2, c, w0, steps):
    loss = lrlab.Quadratic(curvature=f2, centre=c)
    rate = x / f2
    t = lrlab.descend(rate, w0=w0, steps=steps, loss=loss, dtype=np.float64)
    exact = lrlab.expected_loss(rate, w0=w0, steps=steps, loss=loss)
    assert exact.shape == t.w.shape
    # compare distances |w - c|: rounding in the run is about one ulp of w or c per update, carried by |q|
    growth = max(1.0, abs(1.0 - x)) ** np.arange(steps + 1)
    atol = 8 * EPS * (np.arange(steps + 1) + 1) * (abs(w0) + abs(c) + 1) * growth
    distance, run = np.sqrt(exact / loss.a), np.abs(t.w - c)
    assert np.all(np.abs(distance - run) <= atol + 1e-12 * run), np.abs(distance - run) - atol


def test_without_noise_on_the_course_loss():
    t = lrlab.descend(0.2, dtype=np.float64)
    np.testing.assert_allclose(lrlab.expected_loss(0.2), sq(t.w + 1.0), rtol=1e-12, atol=1e-14)
    assert lrlab.expected_loss(0.2)[1] == pytest.approx(3.6**2, rel=1e-15)


def test_batches_broadcast_like_descend_and_equal_the_runs_one_by_one():
    rates = np.array([0.1, 0.2, 0.5])
    w0 = np.array([[5.0], [-3.0]])
    noise = np.array([0.0, 1.0, 2.0])
    batch = lrlab.expected_loss(rates, w0=w0, steps=12, noise=noise)
    assert batch.shape == lrlab.descend(rates, w0=w0, steps=12, noise=noise).w.shape == (13, 2, 3)
    for i in range(2):
        for j in range(3):
            one = lrlab.expected_loss(float(rates[j]), w0=float(w0[i, 0]), steps=12, noise=float(noise[j]))
            np.testing.assert_array_equal(batch[:, i, j], one)


def test_schedules_with_array_parameters_and_callables_make_batches_too():
    sched = lrlab.exponential_decay([0.1, 0.3], 1, 0.9)
    batch = lrlab.expected_loss(sched, w0=np.array([[5.0], [0.0], [-2.0]]), steps=6, noise=0.5)
    assert batch.shape == (7, 3, 2)
    one = lrlab.expected_loss(lrlab.exponential_decay(0.3, 1, 0.9), w0=0.0, steps=6, noise=0.5)
    np.testing.assert_array_equal(batch[:, 1, 1], one)
    by_callable = lrlab.expected_loss(lambda k: np.array([0.1, 0.3]) * 0.9**k, w0=5.0, steps=6, noise=0.5)
    np.testing.assert_allclose(by_callable, lrlab.expected_loss(sched, steps=6, noise=0.5), rtol=1e-14)


def test_no_updates_is_the_starting_loss():
    loss = lrlab.Quadratic(a=2.5, centre=1.0)
    out = lrlab.expected_loss(0.3, w0=[4.0, 1.0], steps=0, noise=3.0, loss=loss)
    assert out.shape == (1, 2)
    np.testing.assert_array_equal(out[0], [2.5 * 9.0, 0.0])


def test_the_first_update_adds_exactly_the_noise_of_one_step():
    # s_1 = (1 - ηf'')² s_0 + η²σ²: from the minimum only the noise is left
    out = lrlab.expected_loss(0.3, w0=-1.0, steps=1, noise=2.0)
    assert out[1] == pytest.approx(sq(0.3 * 2.0), rel=1e-15)


def first_error(call):
    try:
        call()
    except (ValueError, TypeError) as exc:
        return type(exc), str(exc)
    return None


BAD_INPUTS = {
    "negative rate": dict(learning_rate=-0.1),
    "NaN rate": dict(learning_rate=float("nan")),
    "text rate": dict(learning_rate="fast"),
    "bool rate": dict(learning_rate=True),
    "a negative rate in an array": dict(learning_rate=[0.1, -1.0]),
    "a callable giving a negative rate": dict(learning_rate=lambda k: -1.0 if k == 2 else 0.1),
    "a callable that raises": dict(learning_rate=lambda k: 1 / 0),
    "a callable giving text": dict(learning_rate=lambda k: "0.1"),
    "infinite w0": dict(w0=float("inf")),
    "text w0": dict(w0="5"),
    "bool w0": dict(w0=True),
    "a NaN in w0": dict(w0=[1.0, float("nan")]),
    "negative noise": dict(noise=-1.0),
    "NaN noise": dict(noise=float("nan")),
    "text noise": dict(noise="a"),
    "negative steps": dict(steps=-1),
    "fractional steps": dict(steps=1.5),
    "bool steps": dict(steps=True),
    "too many steps": dict(steps=100_001),
    "rate and w0 shapes clash": dict(learning_rate=[0.1, 0.2], w0=[1.0, 2.0, 3.0]),
    "w0 and noise shapes clash": dict(w0=[1.0, 2.0], noise=[0.1, 0.2, 0.3]),
    "schedule and w0 shapes clash": dict(learning_rate=lrlab.constant([0.1, 0.2]), w0=[1.0, 2.0, 3.0]),
    "too large a batch of rates": dict(learning_rate=np.full(1000, 0.1), steps=100_000),
    "too large a batch of starts": dict(learning_rate=0.1, w0=np.zeros(1000), steps=100_000),
    "too large a batch of schedules": dict(learning_rate=lrlab.constant(np.full(1000, 0.1)), steps=100_000),
}


@pytest.mark.parametrize("bad", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_inputs_get_the_errors_descend_gives(bad):
    kwargs = dict(dict(learning_rate=0.2, w0=5.0, steps=10, noise=1.0), **bad)
    expected = first_error(lambda: lrlab.descend(dtype=np.float64, **kwargs))
    got = first_error(lambda: lrlab.expected_loss(**kwargs))
    assert expected is not None
    assert got == expected
    named = re.match(r"`([^`]+)` must be ", got[1])
    assert named and any(arg in named.group(1) for arg in bad), got


@pytest.mark.parametrize(
    "loss", [lrlab.losses.QuarticBowl(), "x", lambda w: w * w], ids=["QuarticBowl", "text", "a function"]
)
def test_the_theory_is_for_quadratics_only(loss):
    with pytest.raises(TypeError, match=r"^`loss` must be an lrlab\.Quadratic .*Received: loss="):
        lrlab.expected_loss(0.2, loss=loss)


def test_a_run_that_overflows_reads_inf_without_a_warning():
    out = lrlab.expected_loss(1e200, steps=5)
    assert out[0] == 36.0 and np.all(np.isinf(out[1:]))
    assert np.all(np.isinf(lrlab.expected_loss(0.5, steps=3, noise=1e300)[1:]))
    assert np.isinf(lrlab.expected_loss(0.0, w0=1e300, steps=2)).all()  # (f''/2)(w0 - c)^2 is beyond float64


def test_a_rate_of_one_over_the_curvature_forgets_even_an_overflowed_start():
    # q = 0 keeps nothing of s: what is left is the noise of that one step, however large s was
    out = lrlab.expected_loss(lambda k: 1e100 if k < 4 else 0.5, steps=6, noise=3.0)
    assert np.isinf(out[3])
    assert out[5] == out[6] == pytest.approx(sq(0.5 * 3.0), rel=1e-15)
    assert lrlab.expected_loss(0.5, w0=1e300, steps=1)[1] == 0.0


@settings(max_examples=100, deadline=None)
@given(
    rates=st.lists(st.floats(0, 1e300), min_size=1, max_size=8),
    w0=st.floats(-1e300, 1e300),
    noise=st.floats(0, 1e300),
    a=st.floats(1e-100, 1e100),
)
def test_extreme_values_never_give_nan(rates, w0, noise, a):
    out = lrlab.expected_loss(np.array(rates)[:, None] * np.ones(len(rates)), w0=w0, steps=3, noise=noise,
                              loss=lrlab.Quadratic(a=a))  # fmt: skip
    assert not np.isnan(out).any() and np.all(out >= 0)


# ---------------------------------------------------------------- optimal_schedule and best_possible_loss


def test_the_optimal_schedule_is_an_inverse_time_decay_that_prints_and_compares_like_the_others():
    sched = lrlab.optimal_schedule(noise=2.0)
    assert isinstance(sched, lrlab.InverseTimeDecay)
    assert repr(sched).startswith("InverseTimeDecay(learning_rate=")
    b = 4.0 / (4.0 * 36.0)  # σ²/(f''² s0) for σ = 2, f'' = 2, w0 = 5 on (w+1)²
    k = np.arange(3000)
    np.testing.assert_allclose(sched(k), 0.5 / (k + 1 + b), rtol=1e-14)
    assert sched(0) < 0.5  # just below the one-step rate


@settings(max_examples=80, deadline=None)
@given(f2=curvatures, c=centres, d0=offsets, sigma=noises)
def test_the_optimal_schedule_follows_its_closed_form(f2, c, d0, sigma):
    loss = lrlab.Quadratic(curvature=f2, centre=c)
    sched = lrlab.optimal_schedule(w0=c + d0, noise=sigma, loss=loss)
    b = sq(sigma) / (sq(f2) * sq(d0))
    k = np.arange(0, 100_000, 37)
    np.testing.assert_allclose(sched(k), (1 / f2) / (k + 1 + b), rtol=1e-13)


@settings(max_examples=40, deadline=None)
@given(f2=curvatures, c=centres, d0=offsets, sigma=noises, steps=st.integers(1, 12))
def test_each_optimal_rate_minimises_the_next_second_moment_on_a_fine_grid(f2, c, d0, sigma, steps):
    loss = lrlab.Quadratic(curvature=f2, centre=c)
    sched = lrlab.optimal_schedule(w0=c + d0, noise=sigma, loss=loss)
    s = lrlab.expected_loss(sched, w0=c + d0, steps=steps, noise=sigma, loss=loss) / loss.a  # E[(w - c)²]
    grid = np.linspace(0.0, 2.0 / f2, 200_001)
    spacing = grid[1]
    for k in range(steps):
        tried = sq(1 - grid * f2) * s[k] + sq(grid * sigma)  # every rate this step could take
        best = int(np.argmin(tried))
        assert s[k + 1] <= tried[best] * (1 + 1e-12)
        assert abs(float(sched(k)) - grid[best]) <= spacing


@settings(max_examples=60, deadline=None)
@given(
    f2=curvatures,
    c=centres,
    d0=offsets,
    sigma=noises,
    fractions=st.lists(st.floats(0.0, 1.0), min_size=1, max_size=30),
)
def test_no_schedule_beats_the_optimal_one_at_any_step(f2, c, d0, sigma, fractions):
    loss = lrlab.Quadratic(curvature=f2, centre=c)
    steps = len(fractions)
    random_rates = np.array(fractions) * (2.0 / f2)  # one rate per update, anywhere in [0, 2/f'']
    other = lrlab.expected_loss(lambda k: random_rates[k], w0=c + d0, steps=steps, noise=sigma, loss=loss)
    assert other.shape == (steps + 1,)
    best = lrlab.expected_loss(
        lrlab.optimal_schedule(w0=c + d0, noise=sigma, loss=loss), w0=c + d0, steps=steps, noise=sigma, loss=loss
    )
    assert np.all(other >= best * (1 - 1e-12))
    bound = lrlab.best_possible_loss(steps, w0=c + d0, noise=sigma, loss=loss)
    assert other[-1] >= bound * (1 - 1e-12)


@settings(max_examples=60, deadline=None)
@given(f2=curvatures, c=centres, d0=offsets, sigma=noises, steps=st.integers(0, 3000))
def test_the_optimal_schedule_reaches_the_bound(f2, c, d0, sigma, steps):
    loss = lrlab.Quadratic(curvature=f2, centre=c)
    sched = lrlab.optimal_schedule(w0=c + d0, noise=sigma, loss=loss)
    reached = lrlab.expected_loss(sched, w0=c + d0, steps=steps, noise=sigma, loss=loss)[-1]
    bound = lrlab.best_possible_loss(steps, w0=c + d0, noise=sigma, loss=loss)
    assert isinstance(bound, float)
    assert reached == pytest.approx(bound, rel=1e-10)


def test_the_optimal_schedule_beats_the_best_constant_rate_and_exponential_decay():
    # σ = 2, T = 3000, (w+1)², w0 = 5
    steps, sigma = 3000, 2.0
    bound = lrlab.best_possible_loss(steps, noise=sigma)
    assert bound == pytest.approx(1 / (1 / 36 + steps), rel=1e-12)  # (f''/2)/(1/s0 + T f''²/σ²) by hand
    assert f"{bound:.6f}" == "0.000333"
    decay = lrlab.expected_loss(lrlab.exponential_decay(0.2, 1, 0.98), steps=steps, noise=sigma)[-1]
    # a slow exponential decay freezes its noise at about σ²(−ln γ)/(4 f''²)
    assert decay == pytest.approx(sq(sigma) * -math.log(0.98) / (4 * sq(2.0)), rel=0.01)
    rate = lrlab.best_constant_rate(steps, noise=sigma)
    constant = lrlab.expected_loss(rate, steps=steps, noise=sigma)[-1]
    assert 0.00108 <= rate <= 0.00116
    assert bound < constant < decay
    assert lrlab.expected_loss(0.2, steps=steps, noise=sigma)[-1] == pytest.approx(0.25, rel=1e-12)


def test_the_optimal_schedule_works_wherever_a_schedule_does():
    sched = lrlab.optimal_schedule(noise=1.0)
    r64, r32 = lrlab.rates(sched, 50, np.float64), lrlab.rates(sched, 50, np.float32)
    assert r32.dtype == np.float32
    np.testing.assert_allclose(r32, r64, rtol=1e-6)
    for dtype in (np.float32, np.float64):
        t = lrlab.descend(sched, steps=50, noise=1.0, seed=0, dtype=dtype)
        np.testing.assert_array_equal(t.lr, lrlab.rates(sched, 50, dtype))
    clean = lrlab.descend(sched, steps=5, dtype=np.float64)
    assert abs(clean.w[1] + 1) < 6 * 0.01  # the first update lands near the minimum, short by B/(1 + B)


def test_optimal_schedules_for_a_batch_of_starts_and_noises():
    w0, noise = np.array([5.0, -3.0]), np.array([[1.0], [2.0]])
    sched = lrlab.optimal_schedule(w0=w0, noise=noise)
    assert sched.batch_shape == (2, 2)
    batch = lrlab.expected_loss(sched, w0=w0, steps=20, noise=noise)
    bounds = lrlab.best_possible_loss(20, w0=w0, noise=noise)
    assert isinstance(bounds, np.ndarray) and bounds.shape == (2, 2)
    np.testing.assert_allclose(batch[-1], bounds, rtol=1e-12)
    one = lrlab.optimal_schedule(w0=-3.0, noise=2.0)
    np.testing.assert_allclose(sched(np.arange(20)[:, None, None])[:, 1, 1], one(np.arange(20)), rtol=1e-15)


def test_starting_on_the_minimum_the_best_is_not_to_move():
    loss = lrlab.Quadratic(a=2.0, centre=3.0)
    sched = lrlab.optimal_schedule(w0=3.0, noise=1.0, loss=loss)
    assert np.all(sched(np.arange(10)) == 0)
    assert np.all(lrlab.expected_loss(sched, w0=3.0, steps=10, noise=1.0, loss=loss) == 0)
    assert lrlab.best_possible_loss(10, w0=3.0, noise=1.0, loss=loss) == 0.0
    assert lrlab.best_constant_rate(10, w0=3.0, noise=1.0, loss=loss) == 0.0


def test_best_possible_loss_after_no_updates_is_the_starting_loss():
    loss = lrlab.Quadratic(a=0.5, centre=2.0)
    assert lrlab.best_possible_loss(0, w0=-4.0, noise=3.0, loss=loss) == 0.5 * 36.0
    both = lrlab.best_possible_loss(0, w0=[-4.0, 2.0], noise=3.0, loss=loss)
    np.testing.assert_array_equal(both, [18.0, 0.0])


def test_far_starts_and_faint_noise_give_finite_answers_without_a_warning():
    assert lrlab.best_possible_loss(10, w0=1e300, noise=1.0) == pytest.approx(1 / (10 * 4), rel=1e-12)
    assert lrlab.best_possible_loss(10, noise=1e-300) == 0.0
    assert np.isinf(lrlab.best_possible_loss(0, w0=1e300, noise=1.0))
    sched = lrlab.optimal_schedule(w0=1e300, noise=1e-300)
    assert sched(0) == 0.5 and sched(1) == 0.25  # no noise to speak of: 1/(f''(k + 1))
    b = 1e300 / (4 * 36)  # σ²/(f''² s0) for σ = 1e150, beyond float64 once squared as σ²
    assert lrlab.optimal_schedule(w0=5.0, noise=1e150)(0) == pytest.approx(0.5 / (1 + b), rel=1e-12)
    assert lrlab.optimal_schedule(w0=5.0, noise=1e300)(0) == 0.0  # 0.5/(1 + B) ≈ 7e-599 is below float64


NOISE_REFUSED = {
    "zero": 0.0,
    "negative": -1.0,
    "NaN": float("nan"),
    "infinite": float("inf"),
    "a zero in an array": [1.0, 0.0],
}


@pytest.mark.parametrize("noise", NOISE_REFUSED.values(), ids=NOISE_REFUSED.keys())
@pytest.mark.parametrize(
    "call",
    [
        lambda noise: lrlab.optimal_schedule(noise=noise),
        lambda noise: lrlab.best_possible_loss(5, noise=noise),
        lambda noise: lrlab.best_constant_rate(5, noise=noise),
    ],
    ids=["optimal_schedule", "best_possible_loss", "best_constant_rate"],
)
def test_noise_must_be_positive_and_the_message_says_why(call, noise):
    with pytest.raises(ValueError, match=r"^`noise` must be finite and > 0 \(without noise a single update at the "
                                         r"rate 1/f″ = 0\.5 lands on the minimum, and nothing does better\)\. "
                                         r"Received: noise="):  # fmt: skip
        call(noise)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (dict(noise=True), TypeError, "`noise` must be a real number, not a bool. Received: noise=True"),
        (dict(noise="1"), TypeError, "`noise` must be a real number or an array of real numbers. Received: noise='1'"),
        (dict(noise=1.0, w0=float("inf")), ValueError, "`w0` must be finite. Received: w0=inf"),
        (
            dict(noise=[1.0, 2.0], w0=[1.0, 2.0, 3.0]),
            ValueError,
            "`w0 and noise` must be arrays of broadcastable shapes. Received: w0 and noise={'w0': (3,), 'noise': (2,)}",
        ),
        (dict(noise=1.0, loss=lrlab.losses.QuarticBowl()), TypeError, "`loss` must be an lrlab.Quadratic"),
    ],
)
def test_optimal_schedule_and_best_possible_loss_refuse_bad_inputs(kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        lrlab.optimal_schedule(**kwargs)
    with pytest.raises(error, match=re.escape(message)):
        lrlab.best_possible_loss(5, **kwargs)


@pytest.mark.parametrize(
    ("steps", "error", "message"),
    [
        (-1, ValueError, "`steps` must be an int between 0 and 100,000. Received: steps=-1"),
        (2.0, TypeError, "`steps` must be an int. Received: steps=2.0"),
    ],
)
def test_best_possible_loss_refuses_bad_steps(steps, error, message):
    with pytest.raises(error, match=re.escape(message)):
        lrlab.best_possible_loss(steps, noise=1.0)


# ---------------------------------------------------------------- best_constant_rate


@settings(max_examples=40, deadline=None)
@given(f2=st.floats(0.2, 5.0), c=centres, d0=offsets, sigma=noises, steps=st.integers(1, 400))
def test_best_constant_rate_beats_a_dense_grid_and_its_neighbours(f2, c, d0, sigma, steps):
    loss = lrlab.Quadratic(curvature=f2, centre=c)
    kw = dict(w0=c + d0, steps=steps, noise=sigma, loss=loss)
    rate = lrlab.best_constant_rate(steps, w0=c + d0, noise=sigma, loss=loss)
    assert 0 < rate <= loss.one_step_rate
    grid = np.concatenate([np.linspace(0, 2 / f2, 4001)[1:-1], np.geomspace(1e-9, 1.999, 2000) / f2])
    on_grid = lrlab.expected_loss(grid, **kw)[-1]
    best = lrlab.expected_loss(rate, **kw)[-1]
    assert best <= on_grid.min() * (1 + 1e-12)
    # a true minimum: a little to either side is worse
    around = lrlab.expected_loss(np.array([rate * (1 - 1e-4), rate * (1 + 1e-4)]), **kw)[-1]
    assert np.all(around >= best * (1 - 1e-13))
    assert best >= lrlab.best_possible_loss(steps, w0=c + d0, noise=sigma, loss=loss) * (1 - 1e-12)


def test_best_constant_rate_in_one_update_is_the_greedy_rate():
    # one update: the best constant rate is the optimal schedule's first rate, f'' s0 / (f''² s0 + σ²)
    loss = lrlab.Quadratic(a=1.5, centre=0.5)
    rate = lrlab.best_constant_rate(1, w0=3.0, noise=2.0, loss=loss)
    assert rate == pytest.approx(3.0 * 6.25 / (9.0 * 6.25 + 4.0), rel=1e-13)
    assert rate == pytest.approx(float(lrlab.optimal_schedule(w0=3.0, noise=2.0, loss=loss)(0)), rel=1e-13)


def test_best_constant_rate_for_the_course_problem():
    rate = lrlab.best_constant_rate(100, noise=1.0)
    loss = lrlab.expected_loss(rate, steps=100, noise=1.0)[-1]
    assert f"{rate:.4f} {loss:.5f}" == "0.0267 0.00747"
    assert f"{lrlab.best_possible_loss(100, noise=1.0):.5f}" == "0.00250"


def test_best_constant_rate_with_faint_or_overwhelming_noise():
    assert lrlab.best_constant_rate(1, noise=1e-300) == 0.5  # land in one update
    assert lrlab.best_constant_rate(5, noise=1e-300) == 0.5
    tiny = lrlab.best_constant_rate(1, noise=1e10)  # about 1/B: B = σ²/(f''² s0)
    assert tiny == pytest.approx(0.5 / (1 + 1e20 / (4 * 36)), rel=1e-12)
    # far from the centre with many updates: still a true minimum, not the one-step rate
    far = lrlab.best_constant_rate(100_000, w0=1e200, noise=1.0)
    assert 0 < far < 0.01
    around = lrlab.expected_loss(np.array([far * 0.99, far, far * 1.01]), w0=1e100, steps=2, noise=1.0)
    assert np.isfinite(around).all()


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (dict(steps=0), ValueError, "`steps` must be an int between 1 and 100,000. Received: steps=0"),
        (dict(steps=True), TypeError, "`steps` must be an int. Received: steps=True"),
        (dict(w0=[1.0, 2.0]), TypeError, "`w0` must be a single number. Received: w0=[1.0, 2.0]"),
        (dict(noise=[1.0, 2.0]), TypeError, "`noise` must be a single number. Received: noise=[1.0, 2.0]"),
        (dict(w0=float("nan")), ValueError, "`w0` must be finite. Received: w0=nan"),
        (dict(loss="x"), TypeError, "`loss` must be an lrlab.Quadratic"),
    ],
)
def test_best_constant_rate_refuses_bad_inputs(kwargs, error, message):
    kwargs = dict(dict(steps=10, noise=1.0), **kwargs)
    with pytest.raises(error, match=re.escape(message)):
        lrlab.best_constant_rate(**kwargs)


# ---------------------------------------------------------------- tune_schedule


def test_tune_schedule_finds_the_best_constant_rate():
    from lrlab.theory import tune_schedule

    for steps, sigma, w0 in ((100, 1.0, 5.0), (3000, 2.0, 5.0), (50, 0.5, -3.0)):
        best = tune_schedule(lambda rate: rate, {"rate": np.geomspace(1e-5, 0.5, 40)}, steps=steps, w0=w0, noise=sigma)
        exact = lrlab.best_constant_rate(steps, w0=w0, noise=sigma)
        assert math.isclose(best["rate"], exact, rel_tol=1e-3), (best, exact)


def test_tune_schedule_beats_its_first_grid_and_refines():
    from lrlab.theory import tune_schedule

    grid = {"learning_rate": np.geomspace(1e-3, 0.5, 12), "decay_rate": np.linspace(0.99, 1.0, 11)}

    def family(learning_rate, decay_rate):
        return lrlab.exponential_decay(learning_rate, 1, decay_rate)

    first = [tune_schedule(family, grid, steps=500, noise=2.0, rounds=r) for r in (1, 2, 4)]
    ends = [lrlab.expected_loss(family(**b), steps=500, noise=2.0)[-1] for b in first]
    assert first[0]["learning_rate"] in grid["learning_rate"] and first[0]["decay_rate"] in grid["decay_rate"]
    mesh = np.meshgrid(*grid.values(), indexing="ij")
    scores = lrlab.expected_loss(family(*(m.ravel() for m in mesh)), steps=500, noise=2.0)[-1]
    assert ends[0] == scores.min()
    assert ends[2] <= ends[1] <= ends[0] and ends[2] < ends[0]
    assert ends[2] >= lrlab.best_possible_loss(500, noise=2.0)


def _rate_family(rate):
    return rate


def _wrong_keyword_family(x):
    return x


def _runaway_family(rate):
    return rate * 1e150


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"family": 3}, TypeError, "`family` must be callable. Received: family=3"),
        ({"grid": {}}, TypeError, "`grid` must be a non-empty dict of parameter values. Received: grid={}"),
        ({"grid": [1]}, TypeError, "`grid` must be a non-empty dict of parameter values. Received: grid=[1]"),
        (
            {"grid": {"rate": [0.2, 0.1]}},
            ValueError,
            "`grid['rate']` must be at least 2 increasing values. Received: grid['rate']=[0.2, 0.1]",
        ),
        (
            {"grid": {"rate": [0.1, 0.1]}},
            ValueError,
            "`grid['rate']` must be at least 2 increasing values. Received: grid['rate']=[0.1, 0.1]",
        ),
        ({"grid": {"rate": [0.1]}}, ValueError, "`grid['rate']` must be at least 2 increasing values. Received: "),
        ({"grid": {"rate": [0.1, np.nan]}}, ValueError, "`grid['rate']` must be finite. Received: grid['rate']="),
        ({"steps": 0}, ValueError, "`steps` must be an int between 1 and 100,000. Received: steps=0"),
        ({"rounds": 0}, ValueError, "`rounds` must be an int between 1 and 20. Received: rounds=0"),
        ({"rounds": 21}, ValueError, "`rounds` must be an int between 1 and 20. Received: rounds=21"),
        ({"noise": -1.0}, ValueError, "`noise` must be finite and >= 0. Received: noise=-1.0"),
        ({"w0": np.nan}, ValueError, "`w0` must be finite. Received: w0=nan"),
        ({"loss": "bowl"}, TypeError, "`loss` must be an lrlab.Quadratic (the theory is for quadratics). Received: "),
        (
            {"family": _wrong_keyword_family},
            TypeError,
            "`family` must be a callable taking rate as keyword arrays and returning a schedule (it gave "
            "TypeError(\"_wrong_keyword_family() got an unexpected keyword argument 'rate'\")). Received: family=<function",
        ),
        (
            {"family": _runaway_family},
            ValueError,
            "`family` must be a family with a finite expected loss somewhere on the grid. Received: family=<function",
        ),
    ],
)
def test_tune_schedule_refuses_bad_inputs(kwargs, error, message):
    from lrlab.theory import tune_schedule

    args = {"family": _rate_family, "grid": {"rate": [0.01, 0.1]}, "steps": 10, "noise": 1.0, **kwargs}
    with pytest.raises(error) as caught:
        tune_schedule(**args)
    assert str(caught.value).startswith(message), str(caught.value)


def test_tune_schedule_takes_the_edges_of_its_ranges_and_its_defaults():
    from lrlab.theory import tune_schedule

    grid = {"rate": np.geomspace(1e-3, 0.9, 9)}
    assert tune_schedule(_rate_family, grid, steps=1, noise=1.0, rounds=20)["rate"] > 0
    default = tune_schedule(_rate_family, grid, steps=100, noise=1.0)
    assert default == tune_schedule(_rate_family, grid, steps=100, noise=1.0, rounds=3, w0=5.0)
    assert default != tune_schedule(_rate_family, grid, steps=100, noise=1.0, rounds=4)
    assert default != tune_schedule(_rate_family, grid, steps=100, noise=1.0, w0=50.0)


def test_tune_schedule_scores_on_the_loss_and_start_given():
    """On a steeper bowl, or from another start, the tuned constant rate is that setting's best constant rate."""
    from lrlab.theory import tune_schedule

    grid = {"rate": np.geomspace(1e-4, 0.2, 30)}
    for loss, w0 in ((lrlab.Quadratic(a=4.0, centre=2.0), 5.0), (None, -7.0)):
        best = tune_schedule(_rate_family, grid, steps=200, noise=1.0, w0=w0, loss=loss, rounds=8)["rate"]
        exact = lrlab.best_constant_rate(200, noise=1.0, w0=w0, loss=loss)
        assert math.isclose(best, exact, rel_tol=1e-6), (loss, w0, best, exact)


def test_each_round_of_tune_schedule_narrows_to_the_neighbours_of_the_best_point():
    """Round 2's grid runs from the first best point's left neighbour to its right one, with as many points."""
    from lrlab.theory import tune_schedule

    first_grid = np.linspace(0.01, 0.2, 5)
    first = tune_schedule(_rate_family, {"rate": first_grid}, steps=100, noise=1.0, rounds=1)["rate"]
    i = int(np.flatnonzero(first_grid == first)[0])
    assert 0 < i < first_grid.size - 1  # inside the grid, so both neighbours exist
    second_grid = np.linspace(first_grid[i - 1], first_grid[i + 1], first_grid.size)
    scores = lrlab.expected_loss(second_grid, steps=100, noise=1.0)[-1]
    second = tune_schedule(_rate_family, {"rate": first_grid}, steps=100, noise=1.0, rounds=2)["rate"]
    assert second == second_grid[int(np.argmin(scores))]
