"""Notebook 05 (momentum and adaptive optimizers): its exercises' answers and hints, worked out independently with
lrlab; (below) the stored notebook, clean and in order, and every claim and number of its prose recomputed.

(nbval re-runs the notebook and compares the tagged cells: ``pytest notebooks/05_optimizers.ipynb``.)
"""

from __future__ import annotations

import numpy as np
import pytest

import lrlab
from lrlab.exercises import nb05
from lrlab.optimizers import keras, momentum_converges, momentum_rate, tf1

# ---------------------------------------------------------------- the exercises' answers, found another way


def _measured_factor(learning_rate, momentum, loss, steps=400) -> float:
    """How much |w − c| shrinks per update over updates 200 … 400 of a float64 heavy-ball run (on the same
    curvature centred at 0, so that float64 holds offsets far below 1e-16)."""
    at_zero = lrlab.Quadratic(curvature=loss.curvature, centre=0.0)
    opt = keras.SGD(momentum=momentum)
    d = np.abs(lrlab.descend(learning_rate, w0=3.0, steps=steps, loss=at_zero, dtype=np.float64, optimizer=opt).w)
    return float((d[steps] / d[steps // 2]) ** (2 / steps))


def test_best_momentum_answer_is_the_fastest_momentum_of_a_grid_of_runs():
    loss, eta = nb05.MOMENTUM_LOSS, nb05.MOMENTUM_RATE
    grid = np.round(np.arange(0.0, 0.96, 0.01), 2)
    factors = [_measured_factor(eta, b, loss) for b in grid]
    best = float(grid[int(np.argmin(factors))])
    assert abs(best - 0.36) <= 0.01
    assert nb05.best_momentum(best).correct and nb05.best_momentum(f"{best:.2f}").correct
    assert min(factors) == pytest.approx(0.6, abs=0.01)  # |1 − √(ηf″)| with ηf″ = 0.16


@pytest.mark.parametrize(
    ("answer", "correct", "fragment"),
    [
        (0.36, True, "0.60 per update"),
        ("9/25", True, "plain descent: 0.84"),
        (0.64, False, "(w + 1)²"),
        (0.51, False, "a = 4"),
        (0.6, False, "its square"),
        (0.4, False, "√(ηf″). The best"),
        (0.71, False, "root is missing"),
        (0.84, False, "factor q"),
        (0.37, False, "Close"),
        (0.1, False, "β* = (1 − √(ηf″))², with f″ = 2a = 8"),
    ],
)
def test_best_momentum_feedback(answer, correct, fragment):
    fb = nb05.best_momentum(answer)
    assert fb.correct is correct and fragment in fb.message


def test_largest_rate_answer_is_where_runs_stop_converging():
    beta = nb05.BOUND_MOMENTUM
    assert momentum_converges(1.49, beta) and not momentum_converges(1.51, beta)
    below = lrlab.descend(1.49, steps=3000, dtype=np.float64, optimizer=keras.SGD(momentum=beta))
    above = lrlab.descend(1.51, steps=3000, dtype=np.float64, optimizer=keras.SGD(momentum=beta))
    assert abs(below.w[-1] + 1) < 1e-3 and abs(above.w[-1] + 1) > 1e3
    assert nb05.largest_rate(1.5).correct and nb05.largest_rate("3/2").correct


@pytest.mark.parametrize(
    ("answer", "correct", "fragment"),
    [
        (1.5, True, "= 1.5"),
        (1.0, False, "bound 2/f″"),
        (0.5, False, "not 1 − β"),
        (3.0, False, "Divide by f″ = 2"),
        (0.75, False, "factor 2 is missing"),
        (2.0, False, "β nears 1"),
        (1.2, False, "exactly when"),
    ],
)
def test_largest_rate_feedback(answer, correct, fragment):
    fb = nb05.largest_rate(answer)
    assert fb.correct is correct and fragment in fb.message


def test_tf1_first_step_answer_is_the_float32_run_of_tf1_rmsprop():
    w = lrlab.descend(nb05.RMSPROP_RATE, w0=nb05.RMSPROP_START, steps=1, optimizer=tf1.RMSProp(decay=0.9)).w
    step = abs(float(w[1]) - float(w[0]))
    assert f"{step:.3g}" == "0.000211"
    assert nb05.tf1_first_step(f"{step:.3g}").correct and nb05.tf1_first_step("2.11e-4").correct
    keras_step = lrlab.descend(nb05.RMSPROP_RATE, w0=nb05.RMSPROP_START, steps=1, optimizer=keras.RMSprop()).w
    assert abs(float(keras_step[1] - keras_step[0])) > 100 * step  # the "starts at 0" hint is far off


@pytest.mark.parametrize(
    ("answer", "correct", "fragment"),
    [
        (0.000211, True, "0.0002108"),
        (-0.000211, False, "without its sign"),
        (0.0316, False, "starts at 0"),
        (0.0002, False, "plain descent"),
        (0.000222, False, "not by the mean square"),
        (0.01, False, "The gradient is g = 0.02"),
    ],
)
def test_tf1_first_step_feedback(answer, correct, fragment):
    fb = nb05.tf1_first_step(answer)
    assert fb.correct is correct and fragment in fb.message


@pytest.mark.parametrize("a", [0.01, 1.0, 100.0, 1e4])
def test_adams_first_step_is_the_rate_whatever_the_scale_of_the_loss(a):
    loss = lrlab.Quadratic(a=a, centre=nb05.ADAM_LOSS.centre)
    w = lrlab.descend(nb05.ADAM_RATE, w0=nb05.ADAM_START, steps=1, loss=loss, optimizer=keras.Adam()).w
    assert f"{abs(float(w[1] - w[0])):.3g}" == "0.05"


@pytest.mark.parametrize(
    ("answer", "correct", "fragment"),
    [
        (0.05, True, "|g| = 600, cancels"),
        ("1/20", True, "would move 30"),
        (-0.05, False, "without its sign"),
        (30, False, "plain descent"),
        (0.158, False, "bias corrections"),
        (1.58, False, "corrected m but not v"),
        (0.005, False, "corrected v but not m"),
        (1, False, "η·m̂/(√v̂ + ε)"),
    ],
)
def test_adam_first_step_feedback(answer, correct, fragment):
    fb = nb05.adam_first_step(answer)
    assert fb.correct is correct and fragment in fb.message


def test_every_hint_of_notebook_5_is_a_different_number_from_its_answer():
    """A hint can only be reached by a wrong answer: each known mistake is outside the answer's tolerance."""
    for check, right in [
        (nb05.best_momentum, 0.36),
        (nb05.largest_rate, 1.5),
        (nb05.tf1_first_step, 0.000211),
        (nb05.adam_first_step, 0.05),
    ]:
        assert check(right).correct
        assert not check(right * 1.1).correct and not check(right * 0.9).correct


def test_momentum_rate_of_the_answer_is_the_printed_factor():
    loss, eta = nb05.MOMENTUM_LOSS, nb05.MOMENTUM_RATE
    assert f"{momentum_rate(eta, 0.36, loss):.2f}" == "0.60" and f"{momentum_rate(eta, 0.0, loss):.2f}" == "0.84"
