"""Exercises, exactly: exact feedback for unreadable answers (the message quotes what the student typed), the precision
rules (half a unit in the last digit asked for, edges included), the parsing of text answers, which
hint a wrong answer gets, and the numbers quoted in the feedback, worked out here independently of
lrlab (products of contraction factors on the course's loss (w + 1)² from w0 = 5).
"""

import math

import numpy as np
import pytest

from lrlab import exercises as E
from lrlab import i18n
from lrlab.exercises import nb01, nb02, nb03

EN = i18n.CATALOGUE["en"]


def msg(feedback):
    return feedback.message


def wrong(feedback):
    assert feedback.correct is False
    return feedback.message


def _named(value):
    """A checker's test id is its name (other values get pytest's own)."""
    return value.__qualname__ if callable(value) else None


def distance(rates, d0=6.0, f2=2.0):
    """|w_T + 1| after the updates with these rates on (w + 1)² from w0 = 5 (d0 = 6)."""
    return abs(d0 * math.prod(1.0 - eta * f2 for eta in rates))


# --- unreadable answers: exact messages that quote the answer ----------------------------------------


#: What a checker says, word for word, to an answer it cannot read.
UNREADABLE = {
    nb01.one_step_rate: [
        ("1/0", "'1/0' divides by zero."),
        ("2,3", "The answer is one number, not a list; you gave '2,3'."),
        ("1/x", "I could not read '1/x' as a number. Write it like 0.25 or 1/4."),
        ("x/1", "I could not read 'x/1' as a number. Write it like 0.25 or 1/4."),
        ([1, 2], "The answer is one number, not a list; you gave [1, 2]."),
        (1 + 2j, "The answer is a real number; you gave (1+2j)."),
        (float("nan"), "The answer should be a finite number; you gave nan."),
        (math.inf, "The answer should be a finite number; you gave inf."),
        (10**400, "The answer should be a finite number; you gave " + "1" + "0" * 56 + "…."),
    ],
    nb01.bounce_points: [
        ("[]", "I found no numbers in '[]'."),
        (5, "Give the numbers as a list, e.g. [a, b]; you gave 5."),
        (np.array([[0.0, 4.0]]), "Give a flat list of numbers; you gave an array of shape (1, 2)."),
        ("X0, 4X", "I could not read 'X0' as a number. Write it like 0.25 or 1/4."),
    ],
}


@pytest.mark.parametrize(
    ("check", "answer", "expected"),
    [(check, *row) for check, rows in UNREADABLE.items() for row in rows],
    ids=_named,
)
def test_unreadable_answer_messages(check, answer, expected):
    assert wrong(check(answer)) == expected


def test_unknown_choice_message_lists_the_options_and_quotes_the_answer():
    assert wrong(nb01.closer_after_ten("maybe")) == "Answer with one of '0.3', '0.75', 'same'; you gave 'maybe'."
    assert wrong(nb03.longer_horizon("soon")) == (
        "Answer with one of 'arrived', 'not there yet', 'still zig-zagging', 'frozen', 'diverged'; you gave 'soon'."
    )


def test_shown_cuts_long_answers_at_60_characters():
    assert E._shown("a" * 58) == repr("a" * 58)  # 60 characters with the quotes: kept whole
    assert E._shown("a" * 59) == repr("a" * 59)[:57] + "…"  # 61: cut to 57 + "…"
    assert len(E._shown("a" * 59)) == 58


def test_not_answered_yet():
    for fb in (nb01.closer_after_ten(None), nb01.bounce_points(None), nb03.reach_fast(0.9, None)):
        assert fb.correct is False
        assert fb.message == "Replace `None` with your answer, then run the cell again."


# --- reading text answers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("check", "answer"),
    [
        # fractions and decimals read the same
        (nb01.one_step_rate, "1/6"),
        (nb01.one_step_rate, " 1 / 6 "),
        (nb01.one_step_rate, "0.1667"),
        (nb01.one_step_rate, "2/12"),
        # a list in any form
        (nb01.bounce_points, "0, 4"),
        (nb01.bounce_points, "[0,4]"),
        (nb01.bounce_points, "(4; 0)"),
        (nb01.bounce_points, "0 4"),
        (nb01.bounce_points, [4, 0]),
        (nb01.bounce_points, (0.0, 4.0)),
        (nb01.bounce_points, np.array([0.0, 4.0])),
        # a choice, quoted or padded
        (nb01.closer_after_ten, '"0.3"'),
        (nb01.closer_after_ten, "'0.3'"),
        (nb01.closer_after_ten, " 0.30 "),
    ],
    ids=_named,
)
def test_answers_read_in_any_form(check, answer):
    assert check(answer).correct


@pytest.mark.parametrize("text", ["−0.5", "–0.5", "- 0.5"])
def test_unicode_minus_and_dash_are_minus(text):
    assert E._number(text) == -0.5


# --- precision --------------------------------------------------------------------------------------


def test_tolerance_is_half_a_unit_in_the_last_digit_plus_a_hair():
    tol = E._tolerance(0.1667, sig=3)
    assert tol == pytest.approx(0.0005, rel=1e-6) and tol > 0.0005
    assert E._tolerance(0.1667, sig=None) == tol  # 3 significant figures unless told
    assert E._tolerance(123.0, sig=2) == pytest.approx(5.0, rel=1e-6)
    assert E._tolerance(0.0, sig=3) == pytest.approx(0.005, rel=1e-6)  # a target of 0: as if it were 1
    dec = E._tolerance(123.0, decimals=2)
    assert dec == pytest.approx(0.005, rel=1e-6) and dec > 0.005
    assert E._tolerance(0.5, decimals=0) == pytest.approx(0.5, rel=1e-6)


def test_precision_words():
    assert E._precision_words(None, 2) == "2 decimals"
    assert E._precision_words(3, None) == "3 significant figures"


def check(answer, target, hints=(), **kw):
    return E._check_number(answer, target, list(hints), fallback="fallback", **kw)


def test_check_number_precision_rules():
    assert check(0.1665, 1 / 6).correct  # 3 significant figures by default
    assert not check(0.1672, 1 / 6).correct
    assert check(0.14, 0.1, decimals=1).correct  # decimals, not significant figures
    assert not check(0.14, 0.1).correct
    edge = E._tolerance(0.0, decimals=2)
    assert check(edge, 0.0, decimals=2).correct  # exactly on the edge counts


def test_check_number_matches_hints_with_their_own_precision():
    hint = [(0.0123, "hint")]
    assert msg(check(0.0126, 1.0, hint)) == "fallback"  # 0.0123 to 3 significant figures is 0.01225..0.01235
    assert msg(check(0.0127, 1.0, hint, sig=2)) == "hint"  # to 2: 0.0115..0.0125 (0.0127 rounds to 0.013: no)
    assert msg(check(0.0124, 1.0, hint, sig=2)) == "hint"
    assert msg(check(0.016, 1.0, hint, sig=None, decimals=2)) == "hint"  # 2 decimals: 0.01
    assert msg(check(E._tolerance(0.0, decimals=2), 1.0, [(0.0, "zero")], decimals=2)) == "zero"


def test_close_means_within_5_percent_and_names_the_precision():
    assert msg(check(21.0, 20.0)) == EN["ex.close"].format(precision="3 significant figures")  # exactly 5 %
    assert msg(check(21.2, 20.0)) == "fallback"
    assert msg(check(0.51, 0.5, decimals=2)) == EN["ex.close"].format(precision="2 decimals")


# --- which hint, and the numbers in the feedback --------------------------------------------------


def test_one_step_rate_hints_name_the_curvature_6():
    # loss 3w² − 12w + 20 has f″ = 6
    assert "f″ = 6" in wrong(nb01.one_step_rate(0.5))
    assert "is 6." in wrong(nb01.one_step_rate(1 / 12))


def test_closer_after_ten_quotes_the_distances_after_ten_updates():
    d3, d75 = distance([0.3] * 10), distance([0.75] * 10)
    fb = nb01.closer_after_ten("0.3")
    assert fb.correct
    assert f"the distance is {d3:.4f} and {d75:.4f}." in fb.message
    assert "0.4 for η = 0.3 and 0.5 for η = 0.75" in fb.message


def test_bounce_points_edges_and_hints():
    assert nb01.bounce_points([0.001, 4.0]).correct  # within 1e-3, edge included
    assert wrong(nb01.bounce_points([0.001, 5.0])) == EN["ex.nb01.bounce_points.fallback"]  # starts at 0: not "start"
    assert wrong(nb01.bounce_points([0.0, -1.5])) == EN["ex.nb01.bounce_points.fallback"]  # not the mirror of 0
    assert wrong(nb01.bounce_points([0.0, -2.0])) == EN["ex.nb01.bounce_points.mirror_zero"]
    assert wrong(nb01.bounce_points([1.0, 3.0])) == EN["ex.nb01.bounce_points.start"]


def test_staircase_gamma_hints():
    assert wrong(nb02.staircase_gamma(0.25)) == "0.25 = 0.1/0.4 is γ raised to the power ⌊25/10⌋, not γ itself."
    assert wrong(nb02.staircase_gamma(0.502)) == EN["ex.close"].format(precision="3 significant figures")


def test_staircase_or_smooth_quotes_both_distances_after_40_updates():
    stairs = distance([0.1 * 0.5 ** (k // 10) for k in range(40)])
    smooth = distance([0.1 * 0.5 ** (k / 10) for k in range(40)])
    fb = nb02.staircase_or_smooth("staircase")
    assert fb.correct
    assert f"distance {stairs:.4f} against {smooth:.4f}." in fb.message


def frozen_distance(gamma, lr=0.1, n=5000):
    return distance([lr * gamma**k for k in range(n)])


def test_smallest_decay_rate_feedback_numbers():
    assert wrong(nb02.smallest_decay_rate(1.5)) == "A decay rate is between 0 and 1 (1 means no decay); you gave 1.5."
    d = frozen_distance(0.9)
    assert f"w stops at {d - 1:.4f}, {d:.4f} from −1." in wrong(nb02.smallest_decay_rate(0.9))
    assert "but so does 0.97" in wrong(nb02.smallest_decay_rate(0.98))
    right = nb02.smallest_decay_rate(0.97)
    assert right.correct
    assert f"w stops at {frozen_distance(0.97) - 1:.4f}; with 0.96 it would stop too early." in right.message
    assert frozen_distance(0.96) >= 0.01 > frozen_distance(0.97)


def test_reach_fast_every_verdict():
    assert msg(nb03.reach_fast(0.8, 0.995)) == "w is within 0.001 of −1 after 15 updates."  # 15 is allowed
    assert nb03.reach_fast(0.8, 0.995).correct
    assert wrong(nb03.reach_fast(0.95, 0.72)) == "w gets there, but only after 16 updates. Speed it up."
    assert wrong(nb03.reach_fast(0.8, 0.0)) == "A decay rate γ is in (0, 1] (1 means no decay); you gave 0."
    assert wrong(nb03.reach_fast(1e300, 0.5)).startswith(
        "lrlab cannot run that setting: `learning_rate` must be within float32's range"
    )
    # grows without overflowing (|w_60 + 1| > |w_0 + 1|): runs away, whatever it does later
    assert wrong(nb03.reach_fast(3.0, 0.3)) == EN["ex.nb03.reach_fast.runs_away"]
    # with s = 1 the budget 1/(1 − 0.7) is too small (it would do with s = 2)
    assert wrong(nb03.reach_fast(1.0, 0.7)) == EN["ex.nb03.reach_fast.freezes"]
    assert wrong(nb03.reach_fast(0.85, 0.99)) == EN["ex.nb03.reach_fast.zigzag"]


def test_reach_fast_counts_updates_like_the_definition():
    # k = the first update count with |w_k + 1| < 0.001, worked out here by hand
    def first_within(lr, gamma):
        d = 6.0
        for k in range(61):
            if abs(d) < 1e-3:
                return k
            d *= 1.0 - 2.0 * lr * gamma**k
        return None

    assert first_within(0.8, 0.995) == 15
    assert first_within(0.95, 0.72) == 16


def test_longer_horizon_quotes_budget_limit_and_distance():
    limit = frozen_distance(0.99, lr=0.05, n=20000)
    d1000 = distance([0.05 * 0.99**k for k in range(1000)])
    fb = nb03.longer_horizon("arrived")
    assert fb.correct
    assert fb.message == (
        f"The budget is η₀/(1 − γ) = 5, so the distance shrinks by about e^(−f″·5): the limit is {limit:.1e} "
        f"from −1, inside 0.001. After 1000 updates w is {d1000:.1e} away."
    )
    assert wrong(nb03.longer_horizon("frozen")) == (
        "Work out the budget Σ η_k = η₀/(1 − γ) = 5. Then |d∞| ≲ 6·e^(−f″·budget): is that below 0.001?"
    )
