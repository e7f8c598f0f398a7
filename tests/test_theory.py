import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lrlab


@pytest.mark.parametrize(
    ("lr", "name"),
    [
        (0.0, "stuck"),
        (0.0001, "creeps"),
        (0.2, "glides"),
        (0.5, "one step"),
        (0.8, "zig-zags"),
        (1.0, "bounces"),
        (1.0000000001, "bounces"),
        (1.2, "diverges"),
        (3.0, "diverges"),
    ],
)
def test_regime_of_seed_loss(lr, name):
    assert lrlab.regime(lr) == name
    assert name in lrlab.REGIMES


def test_regime_thresholds_follow_curvature():
    loss = lrlab.Quadratic(curvature=4.0, centre=0.0)  # f'' = 4: one step at 1/4, bounces at 1/2
    assert lrlab.regime(1 / 4, loss) == "one step"
    assert lrlab.regime(1 / 2, loss) == "bounces"
    assert lrlab.regime(0.4, loss) == "zig-zags"
    assert lrlab.regime(0.6, loss) == "diverges"
    assert loss.one_step_rate == 0.25 and loss.bounce_rate == 0.5


@pytest.mark.parametrize("curvature", [2.0, 0.5, 6.0, 1e-3])
def test_regime_boundaries_are_exact_in_units_of_eta_times_curvature(curvature):
    loss = lrlab.Quadratic(curvature=curvature)
    below, above = np.nextafter(0.01, 0), np.nextafter(0.01, 1)
    assert lrlab.regime(below / curvature, loss) == "creeps"
    at = 0.01 / curvature  # in floating point, at * curvature may land just below 0.01
    assert lrlab.regime(at, loss) == ("creeps" if at * curvature < 0.01 else "glides")
    assert lrlab.regime(above / curvature, loss) == "glides"
    assert lrlab.regime(0.999 / curvature, loss) == "glides"
    assert lrlab.regime(1 / curvature, loss) == "one step"
    assert lrlab.regime(1.001 / curvature, loss) == "zig-zags"
    assert lrlab.regime(1.999 / curvature, loss) == "zig-zags"
    assert lrlab.regime(2 / curvature, loss) == "bounces"
    assert lrlab.regime(2.001 / curvature, loss) == "diverges"


def test_eta_02_and_08_are_equally_fast():
    assert abs(lrlab.contraction(0.2)) == pytest.approx(abs(lrlab.contraction(0.8)))
    slow, fast = lrlab.descend(0.2, dtype=np.float64), lrlab.descend(0.8, dtype=np.float64)
    np.testing.assert_allclose(np.abs(slow.w + 1), np.abs(fast.w + 1), rtol=1e-6)


def test_regime_agrees_with_simulation():
    for lr in np.linspace(0.01, 1.4, 57):
        t = lrlab.descend(float(lr), steps=8, dtype=np.float64)
        d = t.w - (-1.0)
        name = lrlab.regime(float(lr))
        if name in ("creeps", "glides"):
            assert np.all(d > 0) and np.all(np.diff(d) < 0)
        elif name == "zig-zags":
            assert np.all(d[1::2] < 0) and np.all(d[2::2] > 0) and abs(d[-1]) < abs(d[0])
        elif name == "diverges":
            assert abs(d[-1]) > abs(d[0])


def test_contraction():
    assert lrlab.contraction(0.2) == pytest.approx(0.6)
    assert lrlab.contraction(0.1, lrlab.Quadratic(curvature=6)) == pytest.approx(0.4)
    assert lrlab.contraction(1.0) == -1.0
    np.testing.assert_allclose(lrlab.contraction(np.array([0.0, 0.5])), [1.0, 0.0])


def test_closed_form_seed():
    w = lrlab.closed_form(0.2, steps=3)
    np.testing.assert_allclose(w, [5.0, 2.6, 1.16, 0.296], rtol=1e-12)


def test_closed_form_batch_shape():
    w = lrlab.closed_form(lrlab.exponential_decay(np.array([0.1, 0.2]), 1, 0.9), steps=5)
    assert w.shape == (6, 2)


def test_frozen_limit_of_fast_decay():
    sched = lrlab.exponential_decay(0.1, 1, 0.5)
    limit = lrlab.frozen_limit(sched)
    assert f"{limit:.3f}" == "2.902"
    long_run = lrlab.descend(sched, steps=200, dtype=np.float64)
    assert long_run.w[-1] == pytest.approx(limit, abs=1e-12)


def test_frozen_limit_staircase_and_other_start():
    sched = lrlab.exponential_decay(0.3, 4, 0.6, staircase=True)
    limit = lrlab.frozen_limit(sched, w0=-6.0)
    run = lrlab.descend(sched, w0=-6.0, steps=400, dtype=np.float64)
    assert run.w[-1] == pytest.approx(limit, abs=1e-12)


def test_frozen_limit_rejects_non_decaying():
    with pytest.raises(ValueError, match=re.escape("`schedule` must be decaying (decay_rate < 1)")):
        lrlab.frozen_limit(lrlab.exponential_decay(0.1, 1, 1.0))
    with pytest.raises(TypeError, match="`schedule` must be an lrlab.exponential_decay schedule"):
        lrlab.frozen_limit(lrlab.constant(0.1))
    with pytest.raises(TypeError, match="single numbers"):
        lrlab.frozen_limit(lrlab.exponential_decay(np.array([0.1, 0.2]), 1, 0.5))


def test_steps_to_reach():
    assert lrlab.steps_to_reach(lrlab.descend(0.5)) == 1
    assert lrlab.steps_to_reach(lrlab.descend(1.0)) == -1
    got = lrlab.steps_to_reach(lrlab.descend(np.array([0.2, 0.5, 1.0])))
    np.testing.assert_array_equal(got, [lrlab.steps_to_reach(lrlab.descend(0.2)), 1, -1])
    with pytest.raises(ValueError, match=re.escape("`tol` must be finite and > 0. Received: tol=0")):
        lrlab.steps_to_reach(lrlab.descend(0.2), tol=0)


def test_theory_rejects_bad_input():
    with pytest.raises(ValueError, match=re.escape("Received: learning_rate=-1")):
        lrlab.regime(-1)
    with pytest.raises(TypeError, match="`learning_rate` must be a single number"):
        lrlab.regime([0.1, 0.2])
    with pytest.raises(TypeError, match="`loss` must be an lrlab.Quadratic"):
        lrlab.regime(0.1, loss="parabola")


def test_closed_form_lines_up_w0_batches_with_their_own_runs():
    w = lrlab.closed_form(lrlab.exponential_decay(np.array([0.1, 0.3]), 2, 0.9), w0=[[5.0], [0.0], [-3.0]], steps=7)
    assert w.shape == (8, 3, 2)
    for i, w0 in enumerate([5.0, 0.0, -3.0]):
        for j, lr in enumerate([0.1, 0.3]):
            np.testing.assert_array_equal(
                w[:, i, j], lrlab.closed_form(lrlab.exponential_decay(lr, 2, 0.9), w0=w0, steps=7)
            )


def test_frozen_limit_overshooting_and_overflowing_cases():
    # overshooting freezes end past -1 (TEAM/issue 10 numbers)
    assert f"{lrlab.frozen_limit(lrlab.exponential_decay(0.7, 1, 0.5)):.4f}" == "-1.3224"
    assert f"{lrlab.frozen_limit(lrlab.exponential_decay(1.995, 1, 0.8)):.6f}" == "-1.001209"
    long_run = lrlab.descend(lrlab.exponential_decay(1.995, 1, 0.8), steps=400, dtype=np.float64)
    assert long_run.w[-1] == pytest.approx(lrlab.frozen_limit(lrlab.exponential_decay(1.995, 1, 0.8)), abs=1e-12)
    # the decay explorer's corner (decay steps 20, decay rate 0.995, initial rate 2.0): no overflow warning;
    # the rates pass slowly through 1/f'' = 0.5, where each factor is near 0, so w ends on -1
    sched = lrlab.exponential_decay(2.0, 20, 0.995)
    assert lrlab.frozen_limit(sched) == -1.0
    # a limit beyond float64 is reported as inf, not as a warning or NaN
    huge = lrlab.exponential_decay(40.0, 50, 0.9)
    assert lrlab.frozen_limit(huge) in (-math.inf, math.inf)
    # budget: for small rates ln|d_inf/d_0| ~ -f'' * sum(eta_k) = -2 * eta0 / (1 - gamma)
    small = lrlab.exponential_decay(0.001, 1, 0.9)
    assert math.log((lrlab.frozen_limit(small) + 1) / 6) == pytest.approx(-2 * 0.001 / 0.1, rel=1e-2)


@settings(max_examples=40, deadline=None)
@given(
    lr0=st.floats(0.01, 1.2),
    s=st.floats(0.5, 30),
    gamma=st.floats(0.5, 0.99),
    stair=st.booleans(),
    w0=st.floats(-10, 10),
    a=st.floats(0.25, 3),
)
def test_frozen_limit_matches_a_long_float64_run(lr0, s, gamma, stair, w0, a):
    loss = lrlab.Quadratic(a, 0.5)
    sched = lrlab.exponential_decay(lr0 / a, s, gamma, staircase=stair)
    limit = lrlab.frozen_limit(sched, w0=w0, loss=loss)
    # run until the remaining rates are negligible: rate < 1e-18 after this many steps
    n = min(int(s * (math.log(1e-18 / lr0) / math.log(gamma) + 2)), 100_000)
    run = lrlab.closed_form(sched, w0=w0, steps=n, loss=loss)
    assert limit == pytest.approx(run[-1], abs=1e-9 * (abs(w0 - 0.5) + 1))


def test_noise_floor_formula():
    # E[loss] = eta sigma^2 / (4 (1 - a eta)) = eta sigma^2 / (2 (2 - eta f''))
    assert lrlab.noise_floor(0.1, 1.0) == pytest.approx(0.1 / (4 * 0.9))
    assert lrlab.noise_floor(0.1, 2.0, lrlab.Quadratic(curvature=6)) == pytest.approx(0.1 * 4 / (2 * (2 - 0.6)))
    np.testing.assert_array_equal(lrlab.noise_floor([0.0, 1.0, 1.5], 1.0), [np.inf, np.inf, np.inf])
    assert lrlab.noise_floor(0.5, 0.0) == 0.0
    with pytest.raises(ValueError, match=re.escape("`noise` must be finite and >= 0. Received: noise=-1")):
        lrlab.noise_floor(0.1, -1)


@settings(max_examples=12, deadline=None, derandomize=True)
@given(
    x=st.floats(0.1, 1.8),
    sigma=st.floats(0.1, 3.0),
    curvature=st.floats(0.5, 8.0),
    c=st.floats(-5, 5),
    seed=st.integers(0, 2**32 - 1),
)
def test_noise_floor_matches_the_mean_of_many_seeded_runs(x, sigma, curvature, c, seed):
    """The mean final loss of R runs started at c is within 5 standard errors of noise_floor.

    loss = a d² with d ~ N(0, V) at stationarity, so the loss has sd sqrt(2)·aV: the standard error of the
    mean of R = 20,000 independent runs is 1% of the floor, and 5 of them (5%) make a false alarm
    practically impossible, while a formula off by a factor 2 is far outside.
    """
    loss = lrlab.Quadratic(curvature=curvature, centre=c)
    eta = x / curvature
    runs = 20_000
    q = abs(1 - x)
    steps = int(math.ceil(40 / -math.log(q * q))) if q > 0 else 1  # q^(2T) < e^-40: the start is forgotten
    t = lrlab.descend(eta, w0=np.full(runs, c), steps=steps, loss=loss, noise=sigma, seed=seed, dtype=np.float64)
    mean = float(np.mean(t.loss[-1]))
    floor = lrlab.noise_floor(eta, sigma, loss)
    se = math.sqrt(2) * floor / math.sqrt(runs)
    assert abs(mean - floor) < 5 * se, (mean, floor)
    assert 5 * se < 0.06 * floor  # the test is sharp: a wrong factor 2 is 100% off
