"""Exercise feedback in Chinese: same verdicts and numbers as in English, no English words, Chinese answers."""

from __future__ import annotations

import re

import numpy as np
import pytest
from exercise_answers import FEEDBACK, Both
from hypothesis import given, settings
from hypothesis import strategies as st

import lrlab
from lrlab import i18n
from lrlab.exercises import Feedback, checkers, nb01, nb02, nb03, nb04
from lrlab.outcomes import OUTCOMES

CHECKERS = checkers()

#: Answers given to every checker (right, known mistakes, fallbacks, unreadable input), on top of the answers of the
#: feedback table of exercise_answers.py, each given to its own checker (which reach every branch).
ANSWERS = [
    None, "", "abc", "1/0", "1e999", True, 1 + 2j, [[1, 2]], np.array([[1.0, 2.0]]), ["a", "b"], "x" * 80,
    0.3, 0.75, "same", 0.25, 0.5, 1 / 3, 1 / 6, 1 / 12, 0.1667, 0.16, 3.0, [0, 4], [0, -2], [1, 2], [2, 3, 4],
    [4.0, 0.0], 0.1 * 0.99**30, 0.1 * 0.99**31, 0.1 * 0.99**29, 0.099, 0.25**0.4, 0.25 ** (1 / 3),
    0.25 ** (1 / 25), 0.7, "staircase", "smooth", "stairs", 0.97, 0.96, 0.99, 1, 0, -0.5, "arrived", "frozen",
    "not there yet", "diverged", "converges", 5, 0.28125, 0.1125, 0.225, 0.5625, 0.09375, 0.14, "half", "below",
    "above", "less than half", 468, 469, 470, 60000, 128, 2.5,
]  # fmt: skip

_LATIN = re.compile(r"[A-Za-z][A-Za-z_]+")
#: Latin words a Chinese message may show: code and what the student typed (echoed inside quotes).
_CODE_OK = {"None", "lrlab", "descend", "steps", "global_step", "ln", "Keras", "decay_steps", "staircase", "True"}
_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:e[+-]\d+)?")


def _both(call):
    with i18n.language("en"):
        en = call()
    with i18n.language("zh"):
        zh = call()
    return en, zh


def _table():
    """Each answer of the feedback table with its checker, as (checker, the answers it is given)."""
    for check, rows in FEEDBACK.items():
        for answer, _, _ in rows:
            yield check, list(answer) if isinstance(answer, Both) else [answer]


def _cases():
    for check in CHECKERS:
        for answer in ANSWERS:
            yield (lambda c=check, a=answer: c(a)), [answer]
    for check, answers in _table():
        yield (lambda c=check, a=answers: c(*a)), answers


def _same_verdict_and_numbers(call) -> None:
    en, zh = _both(call)
    assert isinstance(zh, Feedback) and zh.correct is en.correct
    assert zh.message != en.message
    # every number the English message states, the Chinese one states too (and no other)
    assert set(_NUMBER.findall(zh.message)) == set(_NUMBER.findall(en.message)), (en, zh)


def _typed(answer) -> str:
    """What the student typed as the feedback may echo it: its repr, or its type's name when the repr raises."""
    try:
        return repr(answer)
    except RuntimeError:
        return type(answer).__name__


def _no_english_words(call, answers) -> None:
    with i18n.language("zh"):
        fb = call()
    typed = " ".join(_typed(a) for a in answers)  # what the student typed is echoed back (maybe cut short)
    shown = re.sub(r"`[^`]*`", "", fb.message)  # code
    stray = {w for w in _LATIN.findall(shown) if w not in _CODE_OK and w not in typed}
    assert not stray, fb.message


def test_every_branch_has_the_same_verdict_and_numbers_in_both_languages():
    for call, _ in _cases():
        _same_verdict_and_numbers(call)


def test_every_branch_in_chinese_has_no_english_words():
    for call, answers in _cases():
        _no_english_words(call, answers)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    check=st.sampled_from(CHECKERS),
    answer=st.one_of(
        st.floats(-1e3, 1e3, allow_nan=False),
        st.integers(-(10**6), 10**6),
        st.floats(-1e3, 1e3, allow_nan=False).map(lambda x: f"{x:.4g}"),
        st.lists(st.floats(-10, 10, allow_nan=False), max_size=3),
        st.text(alphabet="0123456789.,/-e abc", max_size=8),
    ),
)
def test_any_answer_gets_the_same_verdict_and_numbers_in_both_languages(check, answer):
    _same_verdict_and_numbers(lambda: check(answer))
    _no_english_words(lambda: check(answer), [answer])


def test_markdown_says_right_or_not_yet_in_the_language_it_was_made_in():
    lrlab.set_language("zh")
    right, wrong = nb01.which_rate(0.25), nb01.which_rate(0.5)
    lrlab.set_language("en")
    assert right._repr_markdown_().startswith("✅ **答对了。** ")
    assert wrong._repr_markdown_().startswith("❌ **还不对。** ")
    assert nb01.which_rate(0.25)._repr_markdown_().startswith("✅ **Right.** ")
    assert right == Feedback(True, right.message)  # the language is not part of equality


@pytest.mark.parametrize(
    ("check", "answer", "key"),
    [
        (nb01.closer_after_ten, "相同", "same"),
        (nb01.closer_after_ten, " “一样” ", "same"),
        (nb02.staircase_or_smooth, "阶梯式", "staircase"),
        (nb02.staircase_or_smooth, "平滑", "smooth"),
        (nb02.staircase_or_smooth, "相同", "same"),
        (nb04.halve_rate, "一半", "half"),
        (nb04.halve_rate, "低于一半", "below"),
        (nb04.halve_rate, "高于一半", "above"),
        *[(nb03.longer_horizon, i18n.CATALOGUE["zh"][f"outcome:{o}"], o) for o in OUTCOMES],
    ],
)
def test_chinese_answers_count_as_their_english_twins(check, answer, key):
    for lang in ("en", "zh"):
        with i18n.language(lang):
            assert check(answer).correct is check(key).correct
            assert check(answer).message == check(key).message


def test_unknown_choice_lists_the_chinese_names():
    lrlab.set_language("zh")
    message = nb03.longer_horizon("收敛").message
    for o in OUTCOMES:
        assert repr(i18n.CATALOGUE["zh"][f"outcome:{o}"]) in message
    assert "'收敛'" in message
    message = nb02.staircase_or_smooth("台阶").message
    assert "'阶梯式', '平滑', '相同'" in message


def test_todo_in_chinese():
    lrlab.set_language("zh")
    for check in CHECKERS:
        fb = check(None)
        assert not fb.correct and fb.message == i18n.CATALOGUE["zh"]["ex.todo"]
    assert nb03.reach_fast(0.9).message == i18n.CATALOGUE["zh"]["ex.todo"]


def test_each_branch_has_a_chinese_message_of_its_own():
    """Answers that get different English messages get different Chinese ones, and the other way round (why_decay's
    hints, reached by numbers worked out with lrlab, included)."""
    for check in FEEDBACK:
        pairs = set()
        for answers in [a for c, a in _table() if c is check]:
            en, zh = _both(lambda c=check, a=answers: c(*a))
            pairs.add((en.message, zh.message))
        assert len({en for en, _ in pairs}) == len({zh for _, zh in pairs}) == len(pairs), check.__qualname__
