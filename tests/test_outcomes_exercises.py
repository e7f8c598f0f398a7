import re

import numpy as np
import pytest

import lrlab
from lrlab.exercises import Feedback, nb01, nb02, nb03
from lrlab.outcomes import LAB_DECAY_RATES, LAB_RATES, OUTCOMES, classify, outcome_map


@pytest.mark.parametrize(
    ("schedule", "steps", "name"),
    [(0.2, 40, "converges"), (0.0001, 40, "freezes"), (1.0, 40, "bounces"), (1.5, 40, "diverges"),
     (3.0, 100, "diverges"), (lrlab.exponential_decay(0.1, 1, 0.5), 60, "freezes")],
)
def test_classify_single_runs(schedule, steps, name):
    assert OUTCOMES[classify(lrlab.descend(schedule, steps=steps))] == name


def test_map_equals_runs_one_by_one():
    m = outcome_map(np.geomspace(0.02, 2, 9), np.linspace(0.6, 1, 5), steps=50)
    assert m.codes.shape == (9, 5)
    for i in range(9):
        for j in range(5):
            run = m.trajectory(i, j)
            assert classify(run) == m.codes[i, j]
            assert run.w[-1] == m.final_w[i, j] or (np.isnan(run.w[-1]) and np.isnan(m.final_w[i, j]))
    assert sum(m.counts().values()) == 45


def test_lab_grid_contains_the_bounce_rate_and_no_decay():
    assert 1.0 in LAB_RATES and LAB_DECAY_RATES[-1] == 1.0
    m = outcome_map(LAB_RATES, LAB_DECAY_RATES[-1:], steps=100)
    names = [name for name, _, _ in m.column(0)]
    assert names == ["freezes", "converges", "bounces", "diverges"]
    assert m.column(0)[2][1:] == (1.0, 1.0)


def test_nearest_and_bad_input():
    m = outcome_map([0.1, 1.0], [0.5, 1.0], steps=5)
    assert m.nearest(0.9, 0.95) == (1, 1)
    with pytest.raises(ValueError, match=re.escape("`learning_rates` must be finite and > 0. Received: learning_rates=[0, 1]")):
        outcome_map([0, 1], [0.5])
    with pytest.raises(ValueError, match="1-D arrays"):
        outcome_map([[0.1]], [0.5])
    with pytest.raises(ValueError, match=re.escape("`steps` must be an int between 1 and 100,000. Received: steps=0")):
        outcome_map([0.1], [0.5], steps=0)
    with pytest.raises(TypeError, match="`trajectory` must be an lrlab.Trajectory"):
        classify([1, 2])


def test_feedback_display():
    fb = Feedback(True, "yes")
    assert str(fb) == "✅ yes" and fb._repr_markdown_().startswith("✅ **Right.**")
    assert repr(Feedback(False, "no")) == "❌ no"


@pytest.mark.parametrize(
    ("check", "answer", "correct", "hint"),
    [
        (nb01.one_step_rate, None, False, "Replace `None`"),
        (nb01.one_step_rate, 1 / 6, True, ""),
        (nb01.one_step_rate, 1 / 3, False, "bounces forever"),
        (nb01.one_step_rate, 0.5, False, "whose a is 1"),
        (nb01.one_step_rate, 1 / 12, False, "Too small by half"),
        (nb01.one_step_rate, 7, False, "1 − 2aη"),
        (nb01.one_step_rate, "1/6", False, "single number"),
        (nb01.first_step, 3.8, True, ""),
        (nb01.first_step, 4.0, False, "not 2w"),
        (nb01.first_step, 4.4, False, "factor 2"),
        (nb01.first_step, 6.2, False, "uphill"),
        (nb01.first_step, 1.2, False, "size of the step"),
        (nb01.bounce_points, [2, -4], True, ""),
        (nb01.bounce_points, (-4.0, 2.0), True, ""),
        (nb01.bounce_points, [5, -7], False, "partner of 5"),
        (nb01.bounce_points, [1, 3], False, "where w starts"),
        (nb01.bounce_points, [2, 3], False, "mirror image"),
        (nb01.bounce_points, [2], False, "exactly two"),
        (nb01.bounce_points, 2, False, "as a list"),
        (nb02.rate_used, 0.1 * 0.99**3, True, ""),
        (nb02.rate_used, 0.1 * 0.99**4, False, "global_step"),
        (nb02.rate_used, 0.1 * 0.99**2, False, "One step too early"),
        (nb02.staircase_rate, 0.125, True, ""),
        (nb02.staircase_rate, 0.5 * 0.5**2.5, False, "smooth curve"),
        (nb02.staircase_rate, 0.0625, False, "rounded 25/10 up"),
        (nb02.frozen_point, round(lrlab.frozen_limit(lrlab.exponential_decay(0.2, 1, 0.5)), 2), True, ""),
        (nb02.frozen_point, -1, False, "lasted"),
        (nb02.frozen_point, 5, False, "does move"),
        (nb03.predict, "converges", True, ""),
        (nb03.predict, "diverges", False, "1.5 · 0.95¹⁰"),
        (nb03.predict, "freezes", False, "Run it"),
        (nb03.predict, "explodes", False, "Answer with one of"),
    ],
)
def test_exercise_feedback(check, answer, correct, hint):
    fb = check(answer)
    assert fb.correct is correct
    assert hint in fb.message


@pytest.mark.parametrize(
    ("lr", "dr", "correct", "hint"),
    [(None, None, False, "Replace"), (0.5, 0.9, False, "at least 0.8"), (0.9, 0.95, True, ""),
     (3.0, 0.99, False, "runs away"), (0.8, 0.5, False, "stalls"), (1.0, 0.999, False, "jumping across"),
     (0.8, 2.0, False, "not allowed")],
)
def test_reach_fast_feedback(lr, dr, correct, hint):
    fb = nb03.reach_fast(lr, dr)
    assert fb.correct is correct and hint in fb.message


def test_hint_numbers_are_right():
    # nb03.predict's hint: "1.5 · 0.95¹⁰ ≈ 0.9, below the bouncing rate"
    assert f"{lrlab.exponential_decay(1.5, 1, 0.95)(10):.1f}" == "0.9" and lrlab.SEED_LOSS.bounce_rate == 1.0
    # nb01.one_step_rate's hints are about 3·(w − 2)²: 1/(2a) = 1/6, 1/a = 1/3
    loss = lrlab.Quadratic(3, 2)
    assert (loss.one_step_rate, loss.bounce_rate) == (1 / 6, 1 / 3)
