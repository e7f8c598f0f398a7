import math
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lrlab

#: Under ``make mutate`` (mutmut imports lrlab from mutants/) the property tests run fewer, fixed examples.
MUTMUT = "mutants" in Path(lrlab.__file__).resolve().parts


def examples(n: int) -> int:
    return min(n, 20) if MUTMUT else n


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
    # overshooting freezes end past -1
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


def test_noise_floor_formula():
    # E[loss] = eta sigma^2 / (4 (1 - a eta)) = eta sigma^2 / (2 (2 - eta f''))
    assert lrlab.noise_floor(0.1, 1.0) == pytest.approx(0.1 / (4 * 0.9))
    assert lrlab.noise_floor(0.1, 2.0, lrlab.Quadratic(curvature=6)) == pytest.approx(0.1 * 4 / (2 * (2 - 0.6)))
    np.testing.assert_array_equal(lrlab.noise_floor([0.0, 1.0, 1.5], 1.0), [np.inf, np.inf, np.inf])
    assert lrlab.noise_floor(0.5, 0.0) == 0.0
    with pytest.raises(ValueError, match=re.escape("`noise` must be finite and >= 0. Received: noise=-1")):
        lrlab.noise_floor(0.1, -1)


@settings(max_examples=examples(12), deadline=None, derandomize=True)
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


# --- exact behaviour: exact values, messages and boundaries ------------------------------------------------


def test_regime_judges_eta_times_curvature_exactly_and_rtol_widens_the_critical_points():
    third = lrlab.Quadratic(curvature=3)
    just_above = float(np.nextafter(1 / 3, 1))  # eta != 1/3, but eta * 3 == 1.0 in floating point
    assert just_above * 3 == 1.0 and lrlab.regime(just_above, third, rtol=0) == "one step"
    assert float(np.nextafter(2 / 3, 1)) * 3 == 2.0
    assert lrlab.regime(float(np.nextafter(2 / 3, 1)), third, rtol=0) == "bounces"
    near = 0.5 * (1 + 1e-10)
    assert lrlab.regime(near) == "one step" and lrlab.regime(near, rtol=0) == "zig-zags"
    assert lrlab.regime(1.0 * (1 - 1e-10)) == "bounces" and lrlab.regime(1.0 * (1 - 1e-10), rtol=0) == "zig-zags"
    assert lrlab.regime(0.4999, rtol=1e-3) == "one step" and lrlab.regime(0.4999) == "glides"
    assert lrlab.regime(0.005) == "glides" and lrlab.regime(0.004999) == "creeps"  # x = 0.01 starts "glides"
    assert lrlab.regime(1.5, lrlab.Quadratic(a=0.5)) == "zig-zags"  # f'' = 1: bounces at 2


REJECTED = [
    (lambda: lrlab.contraction(-1), ValueError, "`learning_rate` must be finite and >= 0. Received: learning_rate=-1"),
    (
        lambda: lrlab.contraction(0.1, "parabola"),
        TypeError,
        "`loss` must be an lrlab.Quadratic (the theory is for quadratics). Received: loss='parabola'",
    ),
    (
        lambda: lrlab.regime([0.1, 0.2]),
        TypeError,
        "`learning_rate` must be a single number. Received: learning_rate=[0.1, 0.2]",
    ),
    (lambda: lrlab.regime(0.1, rtol=-1), ValueError, "`rtol` must be finite and >= 0. Received: rtol=-1"),
    (lambda: lrlab.regime(0.1, rtol=[0.1]), TypeError, "`rtol` must be a single number. Received: rtol=[0.1]"),
    (
        lambda: lrlab.regime(0.26, rtol=0.5),
        ValueError,
        "`rtol` must be at most 1e-3 (a tolerance for rounding; larger ones blur the regimes). Received: rtol=0.5",
    ),
    (
        lambda: lrlab.closed_form(0.1, steps=-1),
        ValueError,
        "`steps` must be an int between 0 and 100,000. Received: steps=-1",
    ),
    (lambda: lrlab.closed_form(0.1, w0=np.inf), ValueError, "`w0` must be finite. Received: w0=inf"),
    (
        lambda: lrlab.closed_form(np.full(30_000, 0.1), steps=1000),
        ValueError,
        "`(steps + 1) x batch size` must be at most 20,000,000 values. Received: (steps + 1) x batch size="
        "{'steps': 1001, 'batch_shape': (30000,)}",
    ),
    (
        lambda: lrlab.closed_form(0.1, w0=np.zeros(200_000), steps=100),
        ValueError,
        "`(steps + 1) x batch size` must be at most 20,000,000 values. Received: (steps + 1) x batch size="
        "{'steps': 101, 'batch_shape': (200000,)}",
    ),
    (
        lambda: lrlab.frozen_limit(lrlab.exponential_decay(0.1, 1, 0.5), w0=[1.0, 2.0]),
        TypeError,
        "`w0` must be a single number. Received: w0=[1.0, 2.0]",
    ),
    (
        lambda: lrlab.frozen_limit(lrlab.exponential_decay(0.1, 1, 0.5), w0=np.nan),
        ValueError,
        "`w0` must be finite. Received: w0=nan",
    ),
    (
        lambda: lrlab.frozen_limit(0.1),
        TypeError,
        "`schedule` must be an lrlab.exponential_decay schedule. Received: schedule=0.1",
    ),
    (
        lambda: lrlab.frozen_limit(lrlab.exponential_decay(np.array([0.1, 0.2]), 1, 0.5)),
        TypeError,
        "`schedule` must be a schedule of single numbers. Received: schedule=ExponentialDecay(learning_rate=[0.1, 0.2], "
        "decay_steps=1.0, decay_rate=0.5, staircase=False)",
    ),
    (
        lambda: lrlab.frozen_limit(lrlab.exponential_decay(0.1, 1, 1.0)),
        ValueError,
        "`schedule` must be decaying (decay_rate < 1) for w to freeze. Received: schedule=ExponentialDecay("
        "learning_rate=0.1, decay_steps=1.0, decay_rate=1.0, staircase=False)",
    ),
    (
        lambda: lrlab.noise_floor(-0.1, 1.0),
        ValueError,
        "`learning_rate` must be finite and >= 0. Received: learning_rate=-0.1",
    ),
    (
        lambda: lrlab.noise_floor([0.1, 0.2], [1.0, 2.0, 3.0]),
        ValueError,
        "`learning_rate and noise` must be arrays of broadcastable shapes. Received: learning_rate and noise=((2,), (3,))",
    ),
    (
        lambda: lrlab.steps_to_reach([1, 2]),
        TypeError,
        "`trajectory` must be an lrlab.Trajectory. Received: trajectory=[1, 2]",
    ),
    (
        lambda: lrlab.steps_to_reach(lrlab.descend(0.2), tol=[1.0]),
        TypeError,
        "`tol` must be a single number. Received: tol=[1.0]",
    ),
]


@pytest.mark.parametrize(("call", "exc", "message"), REJECTED)
def test_theory_rejects_with_exact_messages(call, exc, message):
    with pytest.raises(exc) as info:
        call()
    assert str(info.value) == message


def test_steps_to_reach_is_the_first_index_within_tol():
    loss = lrlab.Quadratic(2.0, 0.5)
    t = lrlab.descend(np.array([0.05, 0.1, 0.26]), w0=3.0, steps=60, loss=loss, dtype=np.float64)
    for tol in (1e-3, 0.1, 2.0):
        got = lrlab.steps_to_reach(t, tol) if tol != 1e-3 else lrlab.steps_to_reach(t)
        for j in range(3):
            d = np.abs(t.w[:, j] - 0.5)
            expected = next((i for i in range(61) if d[i] < tol), -1)
            assert got[j] == expected
    one = lrlab.steps_to_reach(lrlab.descend(0.2, steps=40))
    assert type(one) is int and one == int(np.argmax(np.abs(lrlab.descend(0.2, steps=40).w + 1) < 1e-3))
    assert lrlab.steps_to_reach(lrlab.descend(0.2, steps=5)) == -1
    with pytest.raises(TypeError, match=re.escape("`trajectory` must be a run on an lrlab.Quadratic")):
        lrlab.steps_to_reach(lrlab.descend(0.1, steps=2, loss=_Quartic()))


class _Quartic:
    def value(self, w):
        return (np.asarray(w) - 1.0) ** 4

    def grad(self, w):
        return 4 * (np.asarray(w) - 1.0) ** 3


def test_contraction_and_noise_floor_types_and_no_overflow_warning():
    assert type(lrlab.contraction(0.2)) is float and isinstance(lrlab.contraction([0.2]), np.ndarray)
    assert lrlab.contraction(1e308, lrlab.Quadratic(curvature=8)) == -np.inf
    assert lrlab.noise_floor(1e308, 1.0) == np.inf and type(lrlab.noise_floor(0.1, 1.0)) is float
    np.testing.assert_allclose(lrlab.noise_floor([0.1, 0.2], 1.0), [0.1 / 3.6, 0.2 / 3.2])
    assert lrlab.noise_floor(0.1, 1.0, lrlab.Quadratic(a=2.0)) == pytest.approx(0.1 / (4 * 0.8))


def test_frozen_limit_edges():
    assert lrlab.frozen_limit(lrlab.exponential_decay(0.0, 1, 0.5), w0=5.0) == 5.0  # never moves
    assert lrlab.frozen_limit(lrlab.exponential_decay(0.3, 1, 0.5), w0=-1.0) == -1.0  # starts on c
    assert lrlab.frozen_limit(lrlab.exponential_decay(0.5, 1, 0.5), w0=5.0) == -1.0  # lands in one update
    loss = lrlab.Quadratic(a=0.25, centre=2.0)  # f'' = 0.5
    sched = lrlab.exponential_decay(0.4, 2, 0.7)
    run = lrlab.descend(sched, w0=-4.0, steps=400, loss=loss, dtype=np.float64)
    assert lrlab.frozen_limit(sched, w0=-4.0, loss=loss) == pytest.approx(run.w[-1], abs=1e-12)


def test_frozen_limit_refuses_what_it_cannot_work_out(monkeypatch):
    from lrlab import theory

    monkeypatch.setattr(theory, "LIMIT_WORK", 100_000)
    slow = lrlab.exponential_decay(2.0, 1e8, 0.5)  # stays above the bounce rate for 10^8 updates
    with pytest.raises(
        ValueError,
        match=re.escape(
            "`schedule` must be decaying fast enough for its limit to be worked out (within 100,000 updates)"
        ),
    ):
        lrlab.frozen_limit(slow)
    assert np.isnan(theory.limit_factor(slow, 2.0))
    # a schedule that barely decays but stays below 1/f'' is on c long before its rates change: exactly c
    assert lrlab.frozen_limit(lrlab.exponential_decay(0.3, 1e12, 0.5)) == -1.0
    assert lrlab.frozen_limit(lrlab.exponential_decay(0.3, 1e300, 0.5)) == -1.0  # gamma^(1/s) rounds to 1


def _direct_factor(sched, curvature):
    """The product of (1 - eta_k f'') for k = 0, 1, ... until the rates are below 1e-18, summed as logs exactly."""
    logs, sign, k = [], 1.0, 0
    while True:
        x = curvature * sched(np.arange(k, k + 4096))
        q = 1.0 - x
        if np.any(q == 0):
            return 0.0
        logs.extend(np.log(np.abs(q)).tolist())
        sign *= (-1.0) ** np.count_nonzero(q < 0)
        if x[-1] < 1e-18:
            return sign * math.exp(math.fsum(logs))
        k += 4096


@settings(max_examples=examples(40), deadline=None, derandomize=MUTMUT)
@given(
    x=st.floats(0.01, 2.4),
    s=st.floats(0.5, 30),
    gamma=st.floats(0.3, 0.99),
    stair=st.booleans(),
    w0=st.floats(-10, 10),
    a=st.floats(0.25, 3),
)
def test_frozen_limit_is_where_a_long_float64_run_ends_and_its_factor_the_product_multiplied_out(
    x, s, gamma, stair, w0, a
):
    """An exponential decay from η₀ = x / f″ (gliding, zig-zagging or at first diverging) on a quadratic."""
    from lrlab.theory import limit_factor

    loss = lrlab.Quadratic(a, 0.5)
    lr0 = x / loss.curvature
    sched = lrlab.exponential_decay(lr0, s, gamma, staircase=stair)
    expected = _direct_factor(sched, loss.curvature)
    assert float(limit_factor(sched, loss.curvature)) == pytest.approx(expected, rel=1e-12, abs=1e-300)
    limit = lrlab.frozen_limit(sched, w0=w0, loss=loss)
    # run until the remaining rates are negligible: rate < 1e-18 after this many steps
    n = min(int(s * (math.log(1e-18 / lr0) / math.log(gamma) + 2)), 100_000)
    run = lrlab.closed_form(sched, w0=w0, steps=n, loss=loss)
    assert limit == pytest.approx(run[-1], abs=1e-9 * (abs(w0 - 0.5) + 1))


def test_limit_factor_of_batches_and_constants():
    from lrlab.theory import limit_factor

    sched = lrlab.exponential_decay(np.array([[0.1], [0.7]]), 1, np.array([0.5, 0.9, 1.0]))
    got = limit_factor(sched, 2.0)
    assert got.shape == (2, 3) and got[0, 2] == 0.0 and got[1, 2] == 0.0
    for i, lr0 in enumerate([0.1, 0.7]):
        for j, g in enumerate([0.5, 0.9]):
            assert got[i, j] == pytest.approx(_direct_factor(lrlab.exponential_decay(lr0, 1, g), 2.0), rel=1e-12)
    np.testing.assert_array_equal(limit_factor(np.array([0.0, 0.3, 1.0, 1.5]), 2.0), [1.0, 0.0, np.nan, np.inf])
    np.testing.assert_array_equal(limit_factor(lrlab.constant([0.0, 0.3, 1.0, 1.5]), 2.0), [1.0, 0.0, np.nan, np.inf])
    assert np.isnan(limit_factor(lambda k: 0.1, 2.0))
    assert limit_factor(lrlab.exponential_decay(1.0, 1, 0.5), 1.0) == 0.0  # a factor exactly 0 at k = 0


def test_more_exact_messages_and_edges(monkeypatch):
    with pytest.raises(ValueError, match="broadcastable") as info:
        lrlab.closed_form([0.1, 0.2], w0=[1.0, 2.0, 3.0])
    assert str(info.value) == (
        "`learning_rate and w0` must be arrays of broadcastable shapes. Received: "
        "learning_rate and w0={'learning_rate': (2,), 'w0': (3,)}"
    )
    with pytest.raises(TypeError) as info:
        lrlab.steps_to_reach(lrlab.descend(0.1, steps=2, loss=_Quartic()))
    assert str(info.value).startswith(
        "`trajectory` must be a run on an lrlab.Quadratic. Received: trajectory="
        "Trajectory(steps=2, dtype=float32, loss=<"
    )
    from lrlab import theory

    monkeypatch.setattr(theory, "LIMIT_WORK", 1000)
    with pytest.raises(ValueError, match="decaying fast enough") as info:
        lrlab.frozen_limit(lrlab.exponential_decay(2.0, 1e8, 0.5))
    assert str(info.value) == (
        "`schedule` must be decaying fast enough for its limit to be worked out (within "
        "1,000 updates). Received: schedule=ExponentialDecay(learning_rate=2.0, "
        "decay_steps=100000000.0, decay_rate=0.5, staircase=False)"
    )
    assert lrlab.noise_floor(1.25, 1.0) == np.inf and lrlab.noise_floor(0.99, 1.0) == pytest.approx(0.99 / 0.04)
    np.testing.assert_array_equal(lrlab.closed_form(np.float32(0.5), steps=2), [5.0, -1.0, -1.0])
    assert lrlab.closed_form(lambda k: 0.25, steps=1).dtype == np.float64


@pytest.mark.parametrize(
    ("lr0", "s", "gamma", "stair"),
    [
        (0.8, 1, 0.99, False),
        (0.5, 1, 0.99, False),
        (0.9, 3, 0.995, True),
        (0.75, 2.5, 0.998, False),
        (0.3, 7, 0.97, True),
        (0.99, 1, 0.999, False),
    ],
)
def test_limit_factor_over_many_chunks(lr0, s, gamma, stair):
    """Long schedules: several chunks of factors, signs and zeros found early must be kept to the end."""
    from lrlab.theory import limit_factor

    sched = lrlab.exponential_decay(lr0, s, gamma, staircase=stair)
    expected = _direct_factor(sched, 2.0)
    assert float(limit_factor(sched, 2.0)) == pytest.approx(expected, rel=1e-12, abs=1e-300)
    batch = lrlab.exponential_decay(np.array([lr0, 0.1]), s, np.array([gamma, 0.5]), staircase=stair)
    got = limit_factor(batch, 2.0)
    assert got[0] == pytest.approx(expected, rel=1e-12, abs=1e-300)
    assert got[1] == pytest.approx(
        _direct_factor(lrlab.exponential_decay(0.1, s, 0.5, staircase=stair), 2.0), rel=1e-12
    )
