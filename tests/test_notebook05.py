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
    assert f"{step:.3g}" == "0.00105"
    assert nb05.tf1_first_step(f"{step:.3g}").correct and nb05.tf1_first_step("1.05e-3").correct
    keras_step = lrlab.descend(nb05.RMSPROP_RATE, w0=nb05.RMSPROP_START, steps=1, optimizer=keras.RMSprop()).w
    assert abs(float(keras_step[1] - keras_step[0])) > 100 * step  # the "starts at 0" hint is far off


@pytest.mark.parametrize(
    ("answer", "correct", "fragment"),
    [
        (0.00105, True, "0.001054"),
        (-0.00105, False, "without its sign"),
        (0.0316, False, "starts at 0"),
        (0.001, False, "plain descent"),
        (0.00111, False, "not by the mean square"),
        (0.01, False, "The gradient is g = 0.1"),
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
        (nb05.tf1_first_step, 0.00105),
        (nb05.adam_first_step, 0.05),
    ]:
        assert check(right).correct
        assert not check(right * 1.1).correct and not check(right * 0.9).correct


def test_momentum_rate_of_the_answer_is_the_printed_factor():
    loss, eta = nb05.MOMENTUM_LOSS, nb05.MOMENTUM_RATE
    assert f"{momentum_rate(eta, 0.36, loss):.2f}" == "0.60" and f"{momentum_rate(eta, 0.0, loss):.2f}" == "0.84"


# ---------------------------------------------------------------- the optimizer pictures (lrlab.plotting)


def test_optimizers_figure_draws_each_run_and_names_each_optimizer():
    from lrlab.optimizers import course
    from lrlab.plotting import optimizer_name, optimizers_figure

    opts = [None, course.SGDM(), course.Adam(), keras.SGD(momentum=0.5)]
    fig = optimizers_figure(opts, 0.2, steps=60)
    ax_w, ax_d = fig.axes
    lines = [ln for ln in ax_w.get_lines() if len(ln.get_xdata()) == 61]
    assert len(lines) == len(opts)
    for line, opt in zip(lines, opts, strict=True):
        assert np.array_equal(line.get_ydata(), lrlab.descend(0.2, steps=60, optimizer=opt).w.astype(float))
    texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert texts[:4] == ["plain gradient descent", "course.SGDM()", "course.Adam()", "keras.SGD(momentum=0.5)"]
    assert ax_d.get_yscale() == "log"
    assert fig.get_suptitle() == "η = 0.2 on (w + 1)² from w₀ = 5, 60 updates"
    assert optimizer_name(lrlab.optimizers.torch.Adam(betas=(0.9, 0.99))) == "torch.Adam(betas=(0.9, 0.99))"
    assert optimizer_name(lrlab.optimizers.tf1.Momentum(momentum=0.9)) == "tf1.Momentum(momentum=0.9)"


@pytest.mark.parametrize("bad", [[], "adam", [None] * 8, [1]])
def test_optimizers_figure_refuses_what_is_not_a_list_of_optimizers(bad):
    from lrlab.plotting import optimizers_figure

    with pytest.raises((TypeError, ValueError), match="optimizer"):
        optimizers_figure(bad)


def test_momentum_map_classes_follow_the_theory():
    from lrlab.plotting import RHO_COLORS, RHO_EDGES, momentum_map

    m = momentum_map()
    assert m.codes.shape == (m.learning_rates.size, m.momenta.size) == (60, 50)
    diverges = m.codes == len(RHO_COLORS) - 1
    assert np.array_equal(diverges, ~momentum_converges(m.learning_rates[:, None], m.momenta[None, :]))
    for k, (lo, hi) in enumerate(zip((0.0, *RHO_EDGES[:-1]), RHO_EDGES, strict=True)):
        inside = m.factor[m.codes == k]
        assert np.all((inside >= lo) & (inside < hi)), k
    assert np.allclose(m.edge([0.0, 0.5]), [1.0, 1.5]) and np.isclose(m.best([0.02])[0], 0.64)
    with pytest.raises(ValueError, match="learning_rates"):
        momentum_map([0.1, 0.05])


def test_momentum_map_figure_draws_the_edge_the_best_momentum_and_the_marks():
    from lrlab.plotting import momentum_map_figure

    fig = momentum_map_figure(marks=[(0.02, 0.64)])
    ax = fig.axes[0]
    edge, best, mark = ax.get_lines()
    assert np.allclose(edge.get_xdata(), 1 + edge.get_ydata())  # η = 2(1 + β)/f″ with f″ = 2
    x = best.get_xdata()
    ok = x < 2
    assert np.allclose(best.get_ydata()[ok], (1 - np.sqrt(2 * x[ok])) ** 2)
    assert list(mark.get_xdata()) == [0.02] and list(mark.get_ydata()) == [0.64]
    assert ax.get_xscale() == "log"
