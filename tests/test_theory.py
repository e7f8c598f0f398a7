import re

import numpy as np
import pytest

import lrlab


@pytest.mark.parametrize(
    ("lr", "name"),
    [(0.0, "stuck"), (0.0001, "creeps"), (0.2, "glides"), (0.5, "one step"), (0.8, "zig-zags"),
     (1.0, "bounces"), (1.0000000001, "bounces"), (1.2, "diverges"), (3.0, "diverges")],
)
def test_regime_of_seed_loss(lr, name):
    assert lrlab.regime(lr) == name
    assert name in lrlab.REGIMES


def test_regime_thresholds_follow_curvature():
    loss = lrlab.Quadratic(curvature=4.0, centre=0.0)
    assert lrlab.regime(1 / 8, loss) == "one step"
    assert lrlab.regime(1 / 4, loss) == "bounces"
    assert lrlab.regime(0.2, loss) == "zig-zags"
    assert loss.one_step_rate == 0.125 and loss.bounce_rate == 0.25


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
