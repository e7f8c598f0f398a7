"""Notebook 05 (momentum and adaptive optimizers): its explorer between a prediction and what was seen, predictions
asked before their answers show, and every claim and number of its prose recomputed. (What every notebook must be is
checked in test_notebooks.py; its exercises' answers in test_exercises.py, its pictures in test_plotting.py.)

(nbval re-runs the notebook and compares the tagged cells: ``pytest notebooks/05_optimizers.ipynb``.)
"""

from __future__ import annotations

import functools
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
from stored_notebooks import BY_NAME, cells, code_sources, index_of, markdown, outputs, shown_before, source

import lrlab
from lrlab.exercises import nb05
from lrlab.optimizers import best_momentum, course, keras, momentum_rate, tf1, torch

PATH = BY_NAME["05"]


def test_one_explorer_with_a_static_picture_a_prediction_before_and_what_you_saw_after():
    code = code_sources(PATH)
    live = [i for i, s in enumerate(code) if re.search(r"^\w+ = OptimizerExplorer\(", s, flags=re.M)]
    assert len(live) == 1
    (i,) = live
    assert code[i + 1] == "picture(explorer.figure())"
    k = [n for n, c in enumerate(cells(PATH)) if source(c) == code[i]][0]
    before, after = source(cells(PATH)[k - 1]), source(cells(PATH)[k + 2])
    assert "**Predict first.**" in before and "No kernel running" in before
    assert after.startswith("**What you saw, and why.**")


# ---------------------------------------------------------------- predict first, then look

PROMPTS = [
    # (a sentence of the prompt, answers that must not show above it)
    ("Which momentum\nmakes the distance shrink fastest", ["best_momentum(", "0.80", "0.8000", "(1 - \\sqrt"]),
    (
        "Will `w` still swing around −1, or\ncreep in from one side?",
        ["crosses −1 0 times", "beta_1=beta1", "β₁ = 0.0:"],
    ),
    (
        "Where is\n`w` after 40 updates of plain descent, and of Adam, for each $a$?",
        ["240.000", "a = 100", "Quadratic(a=", "w40 =        nan", "-1.015380"],
    ),
]


@pytest.mark.parametrize(("prompt", "answers"), PROMPTS, ids=[p[:20] for p, _ in PROMPTS])
def test_no_prediction_is_answered_above_its_prompt(prompt, answers):
    seen = shown_before(PATH, prompt)
    assert "**Predict first.**" in source(cells(PATH)[index_of(PATH, prompt)])
    for answer in answers:
        assert answer not in seen, answer


def test_every_prediction_prompt_is_checked_above():
    assert len(re.findall(r"\*\*Predict(, then check| first)\.\*\*", markdown(PATH))) == len(PROMPTS)


def test_exercise_answers_are_not_shown():
    shown = outputs(PATH) + "\n".join(code_sources(PATH)) + markdown(PATH)
    tf1_step = nb05._first_step(nb05.RMSPROP_RATE, tf1.RMSProp(decay=0.9), w0=nb05.RMSPROP_START)
    adam_step = nb05._first_step(nb05.ADAM_RATE, keras.Adam(), w0=nb05.ADAM_START, loss=nb05.ADAM_LOSS)
    for answer in ["0.36", "9/25", "1.50", "= 1.5", f"{tf1_step:.3g}", f"{tf1_step:.4g}", f"{adam_step:.9f}"]:
        assert answer not in shown, answer


# ---------------------------------------------------------------- claims in the prose, recomputed


def _run(lr, opt=None, steps=100, **kw):
    return lrlab.descend(lr, optimizer=opt, steps=steps, **kw)


def _crossings(w) -> int:
    d = np.asarray(w, dtype=np.float64) + 1
    return int(np.sum(d[1:] * d[:-1] < 0))


@functools.cache
def _hover(lr, opt, sigma):
    t = lrlab.descend(lr, w0=np.full(400, -1.0), steps=2000, noise=sigma, seed=0, optimizer=opt)
    per_run = np.asarray(t.loss[500:], dtype=float).mean(axis=0)
    return per_run.mean(), 2 * per_run.std(ddof=1) / 20


@functools.cache
def _adam_decay(gamma):
    sched = lrlab.exponential_decay(0.05, decay_steps=1, decay_rate=gamma)
    t = lrlab.descend(sched, w0=np.full(400, 5.0), steps=2000, noise=2.0, seed=0, optimizer=keras.Adam())
    loss = np.asarray(t.loss, dtype=float)
    return {T: (loss[T].mean(), 2 * loss[T].std(ddof=1) / 20) for T in (500, 1000, 2000)}


def _heavy_floor(lr, beta, sigma):
    return (1 + beta) * lr * sigma**2 / (2 * (1 - beta) * (2 * (1 + beta) - 2 * lr))


def _recorded_runs_match() -> bool:
    """lrlab against the recorded framework runs: bit for bit, PyTorch's square-root optimizers within 1e-5."""
    data = json.loads((Path(__file__).parent / "data" / "optimizers.json").read_text())
    spaces = {"keras": keras, "torch": torch, "tf1": tf1, "course": course}
    decay = data["decay"]
    for run in data["runs"]:
        kwargs = {k: (tuple(x) if isinstance(x, list) else x) for k, x in run["kwargs"].items()}
        opt = getattr(spaces[run["convention"]], run["optimizer"])(**kwargs)
        if run["rate"] != "decay":
            rate = float(run["rate"].split("=")[1])
        elif run["convention"] in ("keras", "tf1"):  # float32 rates, which lrlab's schedule gives bit for bit
            rate = lrlab.exponential_decay(decay["learning_rate"], decay["decay_steps"], decay["decay_rate"])
        else:  # PyTorch's and the course's rates are Python floats, recorded as they were used
            rate = np.array(data["rates"][run["convention"]])
        want = np.array([int(h, 16) for h in run["w"].split()], dtype=np.uint32).view(np.float32)
        steps = len(want) - 1
        got = lrlab.descend(rate if np.ndim(rate) == 0 else (lambda k, r=rate: r[k]), steps=steps, optimizer=opt).w
        sqrt = run["convention"] == "torch" and run["optimizer"] != "SGD"
        if not (np.allclose(got, want, rtol=0, atol=1e-5) if sqrt else np.array_equal(got, want)):
            return False
    return "compat.v1" in data["about"] and data["versions"]["tensorflow"].startswith("2.")


CLAIMS = [
    (
        "The first move is $lr \\cdot (1 - \\beta) \\cdot 12 = 0.24$, ten times shorter than plain descent's\n2.4",
        lambda: f"{5 - _run(0.2, course.SGDM()).w[1]:.2f}" == "0.24" and f"{5 - _run(0.2).w[1]:.1f}" == "2.4",
    ),
    (
        "SGDM starts slowly, overshoots to below −3 and swings around −1",
        lambda: _run(0.2, course.SGDM()).w.min() < -3 and _crossings(_run(0.2, course.SGDM()).w) >= 3,
    ),
    ("so it is still\nfar above −1 after 100 updates", lambda: _run(0.2, course.Adagrad()).w[100] > 1),
    ("RMSProp comes down steadily and lands", lambda: _crossings(_run(0.2, course.RMSProp()).w) == 0),
    ("RMSProp's plunges to exactly 0 (marked)", lambda: np.any(_run(0.2, course.RMSProp()).w == -1)),
    (
        "Adam comes down at an even pace, overshoots\na little and circles in",
        lambda: -1.5 < _run(0.2, course.Adam()).w.min() < -1 and _crossings(_run(0.2, course.Adam()).w) >= 2,
    ),
    (
        "Adagrad's and Adam's first moves are $lr = 0.2$ (to rounding)",
        lambda: all(abs(5 - _run(0.2, o).w[1] - 0.2) < 2e-6 for o in (course.Adagrad(), course.Adam())),
    ),
    ("RMSProp's is $lr/\\sqrt{1 - \\beta} = 0.632$", lambda: f"{5 - _run(0.2, course.RMSProp()).w[1]:.3f}" == "0.632"),
    ("plain descent multiplies the distance to −1 by 0.96", lambda: math.isclose(momentum_rate(0.02, 0.0), 0.96)),
    (
        "SGDM at 0.2 with β = 0.9 is Keras's `SGD(momentum=0.9)` at 0.02, up to rounding",
        lambda: np.abs(_run(0.2, course.SGDM()).w - _run(0.02, keras.SGD(momentum=0.9)).w).max() < 1e-5,
    ),
    ("plain descent's limit $2/f'' = 1$", lambda: lrlab.Quadratic().bounce_rate == 1),
    (
        "falling from near\n1 at small rates to 0 at η = 0.5",
        lambda: best_momentum(0.5) == 0 and best_momentum(0.001) > 0.9,
    ),
    (
        "it drops from 5, overshoots to below −3 and spirals in around −1 in shrinking swings",
        lambda: (
            _run(0.02, keras.SGD(momentum=0.9)).w.min() < -3 and _crossings(_run(0.02, keras.SGD(momentum=0.9)).w) >= 4
        ),
    ),
    (
        "above the solid curve, in a flat band",
        lambda: best_momentum(0.02) < 0.9 and momentum_rate(0.02, 0.9) == math.sqrt(0.9),
    ),
    (
        "which shortens the first move a little (√144.1 instead of √144)",
        lambda: math.isclose(5 - float(_run(0.2, tf1.Adagrad()).w[1]), 0.2 * 12 / math.sqrt(144.1), rel_tol=1e-6),
    ),
    (
        "0.9 \\cdot 0.002 \\cdot 12 = 0.0216$, which is $-0.9640 - (-0.9856)$",
        lambda: (
            f"{_run(lrlab.exponential_decay(0.2, 1, 0.99), torch.SGD(momentum=0.9)).w[2] - _run(lrlab.exponential_decay(0.2, 1, 0.99), keras.SGD(momentum=0.9)).w[2]:.4f}"
            == "0.0216"
        ),
    ),
    ("$(1 - \\beta) g^2 = 4 \\cdot 10^{-9}$", lambda: math.isclose(0.1 * 0.0002**2, 4e-9)),
    (
        "Adam's run is the same for all three, to within\n0.0001",
        lambda: (
            np.ptp([_run(0.2, keras.Adam(), 40, loss=lrlab.Quadratic(a=a, centre=-1.0)).w[40] for a in (0.01, 1, 100)])
            < 1e-4
        ),
    ),
    (
        "lrlab's runs equal runs recorded with the real frameworks bit for bit (PyTorch's\noptimizers with a square root to within 1e-5",
        _recorded_runs_match,
    ),
    (
        "doubling σ multiplies it by\n4",
        lambda: all(
            3.8 < _hover(lr, o, 2 * s)[0] / _hover(lr, o, s)[0] < 4.2
            for lr, o in ((0.2, keras.SGD()), (0.02, keras.SGD(momentum=0.9)))
            for s in (1.0, 2.0)
        ),
    ),
    (
        "Adam hovers at a floor that grows only\nlike σ, and in proportion to η",
        lambda: (
            all(1.8 < _hover(0.05, keras.Adam(), 2 * s)[0] / _hover(0.05, keras.Adam(), s)[0] < 2.2 for s in (1.0, 2.0))
            and 4.5 < _hover(0.05, keras.Adam(), 1.0)[0] / _hover(0.01, keras.Adam(), 1.0)[0] < 5.5
        ),
    ),
    (
        "Over updates 500–2000 Adagrad is the lowest of these five\nsettings, also growing like σ",
        lambda: (
            all(
                _hover(0.2, course.Adagrad(), s)[0]
                < min(
                    _hover(0.01, keras.Adam(), s)[0],
                    _hover(0.05, keras.Adam(), s)[0],
                    _hover(0.2, keras.SGD(), s)[0],
                    _hover(0.02, keras.SGD(momentum=0.9), s)[0],
                )
                for s in (1.0, 2.0, 4.0)
            )
            and 1.8 < _hover(0.2, course.Adagrad(), 2.0)[0] / _hover(0.2, course.Adagrad(), 1.0)[0] < 2.2
        ),
    ),
    (
        "for the heavy ball the same reasoning",
        lambda: all(
            abs(_hover(0.02, keras.SGD(momentum=0.9), s)[0] - _heavy_floor(0.02, 0.9, s))
            < 2 * _hover(0.02, keras.SGD(momentum=0.9), s)[1]
            for s in (1.0, 2.0, 4.0)
        ),
    ),
    (
        "with a fast one the rates die out too soon,\nas in notebook 2's freezing, and the two forms freeze at different places",
        lambda: (
            all(
                abs(lrlab.frozen_limit(lrlab.exponential_decay(0.2, 1, 0.9)) + 1) > 0.05
                and abs(float(w[400]) - float(w[399])) < 1e-6
                and abs(float(w[400]) - float(w[200])) < 1e-6
                for w in (
                    _run(lrlab.exponential_decay(0.2, 1, 0.9), opt, 400).w
                    for opt in (keras.SGD(momentum=0.9), torch.SGD(momentum=0.9))
                )
            )
            and abs(
                _run(lrlab.exponential_decay(0.2, 1, 0.9), keras.SGD(momentum=0.9), 400).w[400]
                - _run(lrlab.exponential_decay(0.2, 1, 0.9), torch.SGD(momentum=0.9), 400).w[400]
            )
            > 1
        ),
    ),
    (
        "For $\\beta \\ge 0$, both roots lie inside the unit circle exactly when\n  $\\beta < 1$ and $0 < \\eta f'' < 2(1 + \\beta)$",
        lambda: (
            all(
                (max(abs(np.roots([1.0, -(1 + b - x), b]))) < 1 - 1e-9) == (b < 1 and 0 < x < 2 * (1 + b))
                and (b >= 1 or (momentum_rate(x / 2, b) < 1) == (0 < x < 2 * (1 + b)))
                for b in (0.0, 0.3, 0.9, 0.99, 1.0, 1.2)
                for x in (0.01, 1.0, 2.5, 3.7, 3.99, 4.01)
            )
            and max(abs(np.roots([1.0, -(1 - 0.5 - 0.5), -0.5]))) < 1  # a negative β can converge too
        ),
    ),
    (
        "and moves\n\n$$w_t = w_{t-1} - lr \\cdot \\frac{m_t}{\\sqrt{V_t}} .$$",
        lambda: bool(
            np.allclose(
                lrlab.descend(0.2, optimizer=course.SGDM(), steps=2, dtype=np.float64).w[1],
                5.0 - 0.2 * (1 - 0.9) * 12.0,
            )
        ),
    ),
    (
        "with γ = 0.9 Keras's run freezes more than a whole unit short of −1,\nPyTorch's just past it, about 0.05 beyond",
        lambda: (
            _run(lrlab.exponential_decay(0.2, 1, 0.9), keras.SGD(momentum=0.9), 400).w[400] > 0
            and -1.06 < _run(lrlab.exponential_decay(0.2, 1, 0.9), torch.SGD(momentum=0.9), 400).w[400] < -1.04
        ),
    ),
    (
        "Without decay Adam's loss climbs back towards its floor ησ/4 = 0.025 after it has arrived",
        lambda: _adam_decay(1.0)[500][0] < _adam_decay(1.0)[1000][0] < _adam_decay(1.0)[2000][0] < 0.025,
    ),
    (
        "about 25 times lower than without decay by update 2000",
        lambda: 20 < _adam_decay(1.0)[2000][0] / _adam_decay(0.998)[2000][0] < 30,
    ),
    (
        "higher than with 0.998",
        lambda: _adam_decay(0.995)[2000][0] > _adam_decay(0.998)[2000][0] + _adam_decay(0.995)[2000][1],
    ),
]


@pytest.mark.parametrize(("phrase", "check"), CLAIMS, ids=[c[0][:30] for c in CLAIMS])
def test_claim_is_in_the_notebook_and_true(phrase, check):
    assert phrase in markdown(PATH), phrase
    assert check()


def test_every_decimal_number_of_the_prose_comes_from_a_cell_or_a_checked_claim():
    produced = outputs(PATH) + "\n".join(code_sources(PATH)) + "\n".join(c[0] for c in CLAIMS)
    for number in set(re.findall(r"(?<![\d.])\d+\.\d+", markdown(PATH))):
        assert number in produced, number
