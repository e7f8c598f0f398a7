"""Notebook 04 (noisy gradients and schedules): its printed lines from the catalogue, predictions asked before their
answers show, its race tuned fairly, and every claim and decimal number of its prose checked against lrlab. (What
every notebook must be, stored clean, checked by nbval, with described pictures and a timed core path, is checked
in test_notebooks.py.)

(nbval re-runs the notebook and compares the tagged cells: ``pytest notebooks/04_noise_and_schedules.ipynb``.)
"""

import functools
import math
import re

import numpy as np
import pytest
from stored_notebooks import BY_NAME, cells, code_sources, index_of, markdown, outputs, shown_before, source

import lrlab
from lrlab import descent, losses, outcomes, tables
from lrlab.exercises import nb04

PATH = BY_NAME["04"]
SIGMA, T = 2.0, 3000


def test_printed_lines_come_from_the_catalogue():
    """The code cells are the same in both editions, so what they print is looked up in lrlab's catalogue."""
    for src in code_sources(PATH):
        for call in re.findall(r"print\((.*)", src):
            assert call.startswith("say("), src


# ---------------------------------------------------------------- predict first, then look


@functools.cache
def _tuned(finer=False):
    """The race's three decays, each tuned for T by its exact expected loss on the notebook's grids (or finer ones)."""
    from lrlab.theory import tune_schedule

    rates = np.geomspace(1e-4, 1.0, 60) if finer else np.geomspace(0.0002, 0.5, 40)
    gammas = np.linspace(0.98, 1.0, 41) if finer else np.linspace(0.99, 1.0, 31)
    families = {
        "exponential": (lambda eta0, gamma: lrlab.exponential_decay(eta0, 1, gamma), {"eta0": rates, "gamma": gammas}),
        "polynomial": (lambda eta0: lrlab.polynomial_decay(eta0, T, end_learning_rate=0.0001), {"eta0": rates}),
        "cosine": (lambda eta0: lrlab.cosine_decay(eta0, T), {"eta0": rates}),
    }
    rounds = 5 if finer else 3
    return {
        name: make(**tune_schedule(make, grid, steps=T, noise=SIGMA, rounds=rounds))
        for name, (make, grid) in families.items()
    }


def test_the_race_tunes_each_decay_close_to_its_best():
    """Wider grids, denser in η₀, and more refining rounds lower none of the three tuned decays' expected losses by more
    than 0.5%."""
    for name in ("exponential", "polynomial", "cosine"):
        coarse, fine = (lrlab.expected_loss(_tuned(f)[name], steps=T, noise=SIGMA)[-1] for f in (False, True))
        assert fine <= coarse * 1.000001 and coarse < fine * 1.005, name


@functools.cache
def _race():
    best = lrlab.best_constant_rate(T, noise=SIGMA)
    schedules = {
        "constant 0.2": lrlab.constant(0.2),
        "best constant": lrlab.constant(best),
        "exponential": _tuned()["exponential"],
        "inverse time": lrlab.inverse_time_decay(0.2, decay_steps=10, decay_rate=1.0),
        "polynomial": _tuned()["polynomial"],
        "cosine": _tuned()["cosine"],
        "optimal": lrlab.optimal_schedule(noise=SIGMA),
    }
    return {name: lrlab.expected_loss(s, steps=T, noise=SIGMA) for name, s in schedules.items()}


def _race_schedule(name):
    if name == "best constant":
        return lrlab.constant(lrlab.best_constant_rate(T, noise=SIGMA))
    return _tuned()[name]


def _race_exponential():
    s = _tuned()["exponential"]
    return float(s(0)), float(s.decay_rate)


def _race_inverse_time_untouched():
    """The race's inverse time decay is the fixed 0.2/(1 + k/10), not a tuned one."""
    s = lrlab.inverse_time_decay(0.2, decay_steps=10, decay_rate=1.0)
    return np.array_equal(lrlab.expected_loss(s, steps=T, noise=SIGMA), _race()["inverse time"])


def _ratio(name, k):
    return float(_race()[name][k]) / lrlab.best_possible_loss(k, noise=SIGMA)


@functools.cache
def _saw():
    """Per rate of the "what you saw" cell: (first update count below 0.1 or None, loss after 200, floor)."""
    out = {}
    for eta in (0.2, 0.05, 0.01):
        e = lrlab.expected_loss(eta, steps=200, noise=SIGMA)
        below = np.flatnonzero(e < 0.1)
        out[eta] = (int(below[0]) if below.size else None, float(e[200]), float(lrlab.noise_floor(eta, SIGMA)))
    return out


PROMPTS = [
    # (a sentence of the prompt, answers that must not show above it)
    ("Halve the rate to 0.1", lambda: [f"{lrlab.noise_floor(0.1, SIGMA):.4f}", "0.444", "below half"]),
    (
        "which of η = 0.2, 0.05 and 0.01 has the lowest expected loss after",
        lambda: [f"{_saw()[0.01][1]:.4f}", "lowest of the three", "nb04.saw"],
    ),
    (
        "which rate should the very first update use",
        lambda: [f"{lrlab.optimal_schedule(noise=SIGMA)(0):.4f}", "0.486", "optimal_schedule"],
    ),
    (
        "how many times above it does the best constant rate end",
        lambda: [f"{_ratio('best constant', T):.2f}", "schedules_noise_figure(", "× lowest"],
    ),
]


@pytest.mark.parametrize(("prompt", "answers"), PROMPTS, ids=[p[:30] for p, _ in PROMPTS])
def test_no_prediction_is_answered_above_its_prompt(prompt, answers):
    seen = shown_before(PATH, prompt)
    md = source(cells(PATH)[index_of(PATH, prompt)])
    assert "**Predict first.**" in md or "**Predict, then check.**" in md
    for answer in answers():
        assert answer not in seen, answer


def test_every_prediction_prompt_is_checked_above():
    asked = len(re.findall(r"\*\*Predict(, then check| first)\.\*\*", markdown(PATH)))
    assert asked == len(PROMPTS)


def test_the_noise_explorer_sits_beside_its_static_picture_after_a_prediction_and_before_what_you_saw():
    all_cells = cells(PATH)
    live = [i for i, c in enumerate(all_cells) if re.search(r"^explorer = NoiseExplorer\(", source(c), flags=re.M)]
    assert len(live) == 1
    (i,) = live
    assert "picture(" in source(all_cells[i + 1]) and "explorer.frames" in source(all_cells[i + 1])
    before = source(all_cells[i - 1])
    assert "**Predict first.**" in before and "No kernel running" in before
    assert "**What you saw, and why.**" in source(all_cells[i + 2])
    assert "nbval-check-output" in all_cells[i + 3]["metadata"].get("tags", [])
    assert "lrlab.expected_loss" in source(all_cells[i + 3])
    data = all_cells[i]["outputs"][0]["data"]
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["text/plain"][0].startswith("Noise explorer: η = 0.2, σ = 2")


def test_exercise_answers_are_not_shown():
    shown = outputs(PATH) + "\n".join(code_sources(PATH))
    floor = lrlab.noise_floor(nb04.RATE, nb04.NOISE, nb04.LOSS)
    rate = lrlab.best_constant_rate(nb04.WHY_STEPS, noise=nb04.WHY_NOISE)
    why = lrlab.expected_loss(rate, steps=nb04.WHY_STEPS, noise=nb04.WHY_NOISE)[-1] / lrlab.best_possible_loss(
        nb04.WHY_STEPS, noise=nb04.WHY_NOISE
    )
    for answer in [f"{floor:.4f}", f"{floor:.3f}", "9/32", "469", f"{why:.2f}", f"{rate:.4f}"]:
        assert answer not in shown
    assert "9/32" not in markdown(PATH), "an example fraction must not be an exercise's answer"


FORBIDDEN = [
    (r"\br\s*=\s*1\s*-\s*2", "the contraction factor is q"),
    (r"curvature\s*\$?a\b|curvature=a\b", "the curvature is f″ = 2a"),
    (r"distance\s*[−-]\s*\d", "a distance is never negative"),
    (r"projector|178 rates|QuickExplorer|benchmark|vectori[sz]ed call|\bms\b", "engineering talk"),
    (r"symlog", "true log axes"),
    (r"\b(converges|freezes|bounces)\*\*\s*[—:-]", "outcome names"),
    (r"\bbudget\b", "the sum of the rates is called that, and it is not what ends a decay"),
    (r"largest safe rate", "rates above 2/f″(w0) converge on the quartic bowl"),
    (r"TensorFlow 1's (table|numbers|output)", "numbers recorded with TF 2's compat.v1 API are labelled so"),
]


@pytest.mark.parametrize(("pattern", "why"), FORBIDDEN, ids=lambda x: x[:20])
def test_one_vocabulary(pattern, why):
    text = markdown(PATH) + "\n".join(code_sources(PATH))
    assert not re.search(pattern, text.replace("−", "-")), why


# ---------------------------------------------------------------- claims in the prose, recomputed


@functools.cache
def _explorer():
    from lrlab.widgets import NoiseExplorer

    return NoiseExplorer(learning_rate=0.2, noise=2.0)


def _noise_update_forgets():
    t = lrlab.descend(0.5, steps=6, noise=2.0, seed=1, dtype=np.float64)
    kicks = np.asarray(t.grad) - 2 * (np.asarray(t.w[:-1]) + 1)
    return np.allclose(np.asarray(t.w[1:]), -1 - 0.5 * kicks, atol=1e-12)


def _monte_carlo_agrees():
    many = outcomes.summarise(outcomes.seeded_runs(0.2, noise=SIGMA, runs=1000, steps=40, seed=0))
    exact = lrlab.expected_loss(0.2, steps=40, noise=SIGMA)
    return all(abs(many.at(k)[0] - exact[k]) <= 2 * many.at(k)[1] for k in (1, 2, 5, 10, 40))


def _single_runs_scatter():
    """Over updates 20 to 200 of the explorer's (0.2, 2) runs, the lowest single run is below a tenth of the
    expected loss at most updates."""
    fr = _explorer().frames
    i, j = fr.index(0.2, 2.0)
    runs, mean = np.asarray(fr.faint[i, j], dtype=float)[:, 20:], np.asarray(fr.mean[i, j])[20:]
    return np.mean(runs.min(axis=0) < mean / 10) > 0.9


@functools.cache
def _levels_off():
    return {
        (g, e0): float(lrlab.expected_loss(lrlab.exponential_decay(e0, 1, g), steps=T, noise=SIGMA)[-1])
        for g in (0.98, 0.99, 0.995)
        for e0 in (0.1, 0.2, 0.4)
    }


def _slow_decay_formula_holds_on_another_quadratic():
    """σ²(−ln γ)/(8 f″) for the loss, not a coincidence of f″ = 2: on 3·(w − 2)² (f″ = 6) with σ = 1.5."""
    loss, gamma, sigma = lrlab.Quadratic(a=3.0, centre=2.0), 0.99, 1.5
    e = lrlab.expected_loss(lrlab.exponential_decay(0.1, 1, gamma), w0=5.0, steps=5000, noise=sigma, loss=loss)[-1]
    return math.isclose(e, sigma**2 * -math.log(gamma) / (8 * loss.curvature), rel_tol=0.01)


@functools.cache
def _map():
    return outcomes.noisy_map(outcomes.LAB_RATES[::2], outcomes.LAB_DECAY_RATES[::2], noise=SIGMA, steps=300)


def _map_band():
    m = _map()
    best_gamma = m.decay_rates[np.argmin(m.expected_loss, axis=1)]
    rows = m.learning_rates > 0.015
    g = best_gamma[rows]
    return g.min() >= 0.975 and g.max() <= 0.995 and bool(np.all(np.diff(g) <= 0))


def _map_right_edge():
    m = _map()
    worse = m.worse_than_start
    edge = m.expected_loss[:, -1][~worse[:, -1]]
    return (
        bool(np.all(np.diff(edge) > 0))
        and np.array_equal(worse[:, -1], m.learning_rates >= 1 - 1e-12)
        and not worse[:, :-1].any()
    )


@functools.cache
def _bowl():
    bowl = losses.QuarticBowl()
    rates = np.arange(0.02, 0.1, 0.0005)
    ends = lrlab.descend(rates, loss=bowl, steps=400, dtype=np.float64).w[-1]
    good = np.abs(ends + 1) < 1e-6
    return bowl, rates, good


@functools.cache
def _warm():
    bowl = losses.QuarticBowl()
    steep = lrlab.descend(0.4, loss=bowl, steps=60)
    warm = lrlab.join([lrlab.linear_schedule(0.01, 0.4, 30), lrlab.constant(0.4)], [30])
    return bowl, steep, lrlab.descend(warm, loss=bowl, steps=60)


@functools.cache
def _fits():
    x, y = descent.line_data(200, slope=2.0, intercept=1.0, noise=1.0, seed=0)
    settings = {
        0.1: 0.1,
        0.02: 0.02,
        0.01: 0.01,
        0.005: 0.005,
        "decay": lrlab.exponential_decay(0.1, 20, 0.9, staircase=True),
    }
    return {
        k: descent.minibatch_sgd(x, y, lr, batch_size=10, epochs=50, runs=20, seed=1).epoch_excess()
        for k, lr in settings.items()
    }


@functools.cache
def _fit_lines():
    x, y = descent.line_data(200, slope=2.0, intercept=1.0, noise=1.0, seed=0)
    decay = descent.minibatch_sgd(x, y, lrlab.exponential_decay(0.1, 20, 0.9, staircase=True), batch_size=10,
                                  epochs=50, runs=20, seed=1)  # fmt: skip
    constant = descent.minibatch_sgd(x, y, 0.1, batch_size=10, epochs=50, runs=20, seed=1)
    return decay, constant


def _horizon(h):
    tuned, own = lrlab.best_constant_rate(T, noise=SIGMA), lrlab.best_constant_rate(h, noise=SIGMA)
    ends = lrlab.expected_loss([tuned, own], steps=h, noise=SIGMA)[-1] / lrlab.best_possible_loss(h, noise=SIGMA)
    return float(ends[0]), float(ends[1])


CLAIMS = [
    (
        "on the clean parabola a well-chosen constant rate beats the course's decay",
        lambda: abs(float(tables.course_decay_run()[1].w[-1]) + 1) > abs(float(lrlab.descend(0.2).w[-1]) + 1),
    ),
    (
        "at $\\eta f'' = 1$ every update forgets where\n`w` was and lands at $-1 - \\eta\\sigma\\xi_k$",
        _noise_update_forgets,
    ),
    ("Every exact value lies within two standard errors of the simulated mean", _monte_carlo_agrees),
    (
        "The expected loss of the constant rate 0.2 above settles at 0.25",
        lambda: math.isclose(lrlab.expected_loss(0.2, steps=40, noise=SIGMA)[-1], 0.25, rel_tol=1e-6),
    ),
    (
        "halving η more than halves the floor",
        lambda: lrlab.noise_floor(0.1, SIGMA) < lrlab.noise_floor(0.2, SIGMA) / 2,
    ),
    (
        "floor / η approaches σ²/4 = 1 as η shrinks",
        lambda: bool(
            np.all(np.diff([lrlab.noise_floor(e, SIGMA) / e for e in (0.4, 0.2, 0.1, 0.05, 0.01)]) < 0)
            and abs(lrlab.noise_floor(1e-6, SIGMA) / 1e-6 - SIGMA**2 / 4) < 1e-5
        ),
    ),
    (
        "0.36 at η = 0.2 but\n0.9604 at η = 0.01",
        lambda: math.isclose((1 - 0.2 * 2) ** 2, 0.36) and math.isclose((1 - 0.01 * 2) ** 2, 0.9604),
    ),
    ("the loss after each update of 10 seeded runs (faint)", lambda: _explorer().shown == 10),
    ("in each, 10 faint single runs jump up and down by orders of magnitude", lambda: _explorer().shown == 10),
    (
        "the exact expected loss (thick)",
        lambda: np.allclose(_explorer().mean_now(), lrlab.expected_loss(0.2, steps=200, noise=SIGMA), rtol=1e-12),
    ),
    (
        "the line under the knobs gives the floor and the expected loss after the last update",
        lambda: (
            "floor = 0.250000" in _explorer().readout() and "expected loss after 200 updates" in _explorer().readout()
        ),
    ),
    ("a floor about five times lower", lambda: 4.5 < lrlab.noise_floor(0.2, 2.0) / lrlab.noise_floor(0.05, 2.0) < 5.5),
    (
        "The rate 0.2 is fastest at first, but its floor is 0.25: its expected loss never gets below 0.1",
        lambda: (
            lrlab.expected_loss(0.2, steps=1, noise=SIGMA)[1] < lrlab.expected_loss(0.05, steps=1, noise=SIGMA)[1]
            and lrlab.noise_floor(0.2, SIGMA) == 0.25
            and _saw()[0.2][0] is None
        ),
    ),
    (
        "The rate 0.05 gets\nthere first, after 32 updates, and then sits on its floor, about 0.0526",
        lambda: _saw()[0.05][0] == 32 and f"{_saw()[0.05][2]:.4f}" == "0.0526" and _saw()[0.01][0] > 32,
    ),
    (
        "it gets below 0.1 only after 149 updates, yet after 200 it is the lowest of the three",
        lambda: _saw()[0.01][0] == 149 and _saw()[0.01][1] < min(_saw()[0.05][1], _saw()[0.2][1]),
    ),
    (
        "still on its way\ndown to its floor 0.0101",
        lambda: _saw()[0.01][1] > _saw()[0.01][2] and f"{_saw()[0.01][2]:.4f}" == "0.0101",
    ),
    ("scatter around the expected loss by an order of magnitude and more", _single_runs_scatter),
    (
        "Doubling σ multiplies every floor by 4",
        lambda: all(math.isclose(lrlab.noise_floor(e, 4.0), 4 * lrlab.noise_floor(e, 2.0)) for e in (0.01, 0.2, 0.9)),
    ),
    (
        "The first rate is 0.4865, just below the one-step rate 0.5",
        lambda: (
            f"{lrlab.optimal_schedule(noise=SIGMA)(0):.4f}" == "0.4865" and lrlab.optimal_schedule(noise=SIGMA)(0) < 0.5
        ),
    ),
    (
        "The second is already about half of it, 0.2466",
        lambda: f"{lrlab.optimal_schedule(noise=SIGMA)(1):.4f}" == "0.2466",
    ),
    (
        "from there the rate falls like $1/(2(k + 1))$: exactly $1/(2(k + 1 + B))$, with $B = 1/36$ here",
        lambda: (
            all(
                math.isclose(float(lrlab.optimal_schedule(noise=SIGMA)(k)) * 2 * (k + 1 + 1 / 36), 1.0, rel_tol=1e-6)
                for k in (0, 1, 10, 1000, 10**6)
            )
            and SIGMA**2 / (2.0**2 * 36.0) == 1 / 36
        ),
    ),
    (
        "The best constant rate for this\nhorizon, 0.00108, ends 3.49 times above it",
        lambda: (
            f"{lrlab.best_constant_rate(T, noise=SIGMA):.5f}" == "0.00108"
            and f"{_ratio('best constant', T):.2f}" == "3.49"
        ),
    ),
    (
        "the exponential decay (η₀ = 0.00502, γ = 0.9987) 1.31 times above the bound, the polynomial 1.71 times and the "
        "cosine 1.84 times, about two to three times lower than the best constant",
        lambda: (
            (f"{_race_exponential()[0]:.5f}", f"{_race_exponential()[1]:.4f}") == ("0.00502", "0.9987")
            and [f"{_ratio(n, T):.2f}" for n in ("exponential", "polynomial", "cosine")] == ["1.31", "1.71", "1.84"]
            and all(
                1.8 < _ratio("best constant", T) / _ratio(n, T) < 3 for n in ("exponential", "polynomial", "cosine")
            )
        ),
    ),
    (
        "The inverse time decay 0.2/(1 + k/10), not tuned, ends 2.28 times above",
        lambda: f"{_ratio('inverse time', T):.2f}" == "2.28" and _race_inverse_time_untouched(),
    ),
    (
        "tuned to the horizon, a decay of any of these shapes ends a few times lower",
        lambda: all(_ratio(n, T) < _ratio("best constant", T) / 1.8 for n in ("exponential", "polynomial", "cosine")),
    ),
    (
        "rates start between 0.001 and 0.006",
        lambda: all(
            0.001 < float(_race_schedule(n)(0)) < 0.006
            for n in ("best constant", "exponential", "polynomial", "cosine")
        ),
    ),
    ("The course's constant 0.2 ends 750 times\nabove the bound", lambda: round(_ratio("constant 0.2", T)) == 750),
    (
        "After 3000 updates the optimal schedule is at the bound",
        lambda: math.isclose(_ratio("optimal", T), 1, rel_tol=1e-9),
    ),
    (
        "The optimal schedule runs along the band from start to end",
        lambda: np.allclose(
            _race()["optimal"], [lrlab.best_possible_loss(k, noise=SIGMA) for k in range(T + 1)], rtol=1e-9
        ),
    ),
    ("the constant 0.2 stays on its floor", lambda: np.allclose(_race()["constant 0.2"][10:], 0.25, rtol=0.01)),
    (
        "the best constant and the three tuned decays, whose rates start between 0.001 and 0.006, fall slowly from the "
        "start's loss of 36 and reach their lowest at the end",
        lambda: all(
            _race()[n][0] == 36 and _race()[n][300] > 0.1 and bool(np.all(np.diff(_race()[n]) < 0))
            for n in ("best constant", "exponential", "polynomial", "cosine")
        ),
    ),
    (
        "the inverse time decay keeps falling, a little above the band",
        lambda: (
            bool(np.all(np.diff(_race()["inverse time"]) < 0))
            and max(_ratio("inverse time", k) for k in range(100, T + 1, 100)) < 2.5
        ),
    ),
    ("about 2,950 times above the bound", lambda: round(_horizon(300)[0], -1) == 2950),
    ("Used for\n30,000, it ends 32 times above", lambda: round(_horizon(30_000)[0]) == 32),
    (
        "the best constant for each of those horizons ends 2.9 and 4.1 times above",
        lambda: (round(_horizon(300)[1], 1), round(_horizon(30_000)[1], 1)) == (2.9, 4.1),
    ),
    (
        "the best constant keeps a gap that grows slowly with $T$",
        lambda: _horizon(300)[1] < _horizon(T)[1] < _horizon(30_000)[1] < 1.5 * _horizon(300)[1],
    ),
    (
        "The optimal schedule is at the bound at\nevery horizon and needs no horizon, but it needs $f''$, σ and $w_0$",
        lambda: all(
            math.isclose(
                lrlab.expected_loss(lrlab.optimal_schedule(noise=SIGMA), steps=h, noise=SIGMA)[-1],
                lrlab.best_possible_loss(h, noise=SIGMA),
                rel_tol=1e-9,
            )
            for h in (1, 300, 3000, 30_000)
        ),
    ),
    (
        "stays within 2.3 times of the bound at\nboth 300 and 3000 updates",
        lambda: _ratio("inverse time", 300) < 2.3 and _ratio("inverse time", T) < 2.3,
    ),
    (
        "The best constant rate for the horizon ends a few times above the bound (3.49 times at $T = 3000$, σ = 2), a gap "
        "that grows slowly with $T$; exponential, polynomial and cosine decays tuned for the same horizon end a couple of "
        "times lower",
        lambda: (
            f"{_ratio('best constant', T):.2f}" == "3.49"
            and _horizon(300)[1] < _horizon(T)[1] < _horizon(30_000)[1]
            and all(
                1.8 < _ratio("best constant", T) / _ratio(n, T) < 3 for n in ("exponential", "polynomial", "cosine")
            )
        ),
    ),
    (
        "For each γ the final expected loss is the same to the printed digits",
        lambda: all(len({f"{_levels_off()[g, e]:.6f}" for e in (0.1, 0.2, 0.4)}) == 1 for g in (0.98, 0.99, 0.995)),
    ),
    (
        "it halves with $-\\ln\\gamma$",
        lambda: all(
            math.isclose(_levels_off()[g2, 0.2] / _levels_off()[g1, 0.2], math.log(g2) / math.log(g1), rel_tol=0.02)
            for g1, g2 in ((0.98, 0.99), (0.99, 0.995))
        ),
    ),
    (
        "E[f(w_\\infty)] - \\min f \\approx \\frac{\\sigma^2(-\\ln\\gamma)}{8 f''}",
        _slow_decay_formula_holds_on_another_quadratic,
    ),
    (
        "The inverse\ntime decay keeps improving",
        lambda: bool(
            np.all(np.diff(lrlab.expected_loss(lrlab.inverse_time_decay(0.2, 10, 1.0), steps=30_000, noise=SIGMA)) < 0)
        ),
    ),
    (
        "The best exponential decay of the grid ends 1.28 times above",
        lambda: f"{_map().expected_loss[_map().best()] / lrlab.best_possible_loss(300, noise=SIGMA):.2f}" == "1.28",
    ),
    (
        "The best constant of the grid, its smallest rate 0.01, ends 3.09 times above, but the grid's edge cuts it off: "
        "the best constant rate for 300 updates, 0.00882",
        lambda: (
            int(np.argmin(_map().expected_loss[:, -1])) == 0
            and f"{_map().expected_loss[0, -1] / lrlab.best_possible_loss(300, noise=SIGMA):.2f}" == "3.09"
            and f"{lrlab.best_constant_rate(300, noise=SIGMA):.5f}" == "0.00882"
            and lrlab.best_constant_rate(300, noise=SIGMA) < _map().learning_rates[0]
        ),
    ),
    (
        "ends\n2.92 times above. Both tuned to the horizon, the decay ends a couple of times lower than the constant",
        lambda: (
            f"{_horizon(300)[1]:.2f}" == "2.92"
            and 1.8
            < _horizon(300)[1] / (_map().expected_loss[_map().best()] / lrlab.best_possible_loss(300, noise=SIGMA))
            < 3
        ),
    ),
    (
        "The bottom left, small rates decaying fast, is bright: those runs stop far from −1",
        lambda: (
            _map().expected_loss[0, 0] > 1
            and abs(
                lrlab.frozen_limit(lrlab.exponential_decay(outcomes.LAB_RATES[0], 1, outcomes.LAB_DECAY_RATES[0])) + 1
            )
            > 1
        ),
    ),
    ("The darkest\nsettings form a narrow band of γ between about 0.975 and 0.995", _map_band),
    ("Along the right edge (no\ndecay) the loss grows with the rate", _map_right_edge),
    (
        "decay rate γ from 0.8 to 1 across, initial rate η₀ from 0.01 to about 1.9",
        lambda: (
            (outcomes.LAB_DECAY_RATES[::2][0], outcomes.LAB_DECAY_RATES[::2][-1]) == (0.8, 1.0)
            and math.isclose(outcomes.LAB_RATES[::2][0], 0.01)
            and round(outcomes.LAB_RATES[::2][-1], 1) == 1.9
        ),
    ),
    ("but 110 at $w_0 = 5$", lambda: _bowl()[0].curvature_at(5.0) == 110),
    (
        "Every rate of the grid from 0.02 up to 0.0525 converges, about 2.9 times the local value 0.0182",
        lambda: (
            f"{_bowl()[1][_bowl()[2]].max():.4f}" == "0.0525"
            and bool(np.all(_bowl()[2][: int(_bowl()[2].sum())]))
            and round(_bowl()[1][_bowl()[2]].max() / _bowl()[0].bounce_rate_at(5.0), 1) == 2.9
            and f"{_bowl()[0].bounce_rate_at(5.0):.4f}" == "0.0182"
        ),
    ),
    (
        "which\nglides near the minimum (there $2/f'' = 1$)",
        lambda: lrlab.regime(0.4) == "glides" and _warm()[0].bounce_rate_at(-1.0) == 1,
    ),
    ("its first update throws `w` far past −1", lambda: float(_warm()[1].w[1]) < -50),
    (
        "from 0.01 to\n0.4 over 30 updates",
        lambda: (
            float(_warm()[2].lr[0]) == pytest.approx(0.01)
            and float(_warm()[2].lr[30]) == pytest.approx(0.4)
            and float(_warm()[2].lr[29]) < 0.4
        ),
    ),
    (
        "shoots up by\nmany orders of magnitude in three updates until its loss overflows",
        lambda: _warm()[1].diverged_at == 3 and abs(float(_warm()[1].w[3])) > 1e10,
    ),
    ("reaches\n−1 exactly (marked)", lambda: bool(np.any(np.asarray(_warm()[2].w) == -1.0))),
    (
        "then\nsteps down by the factor 0.99",
        lambda: math.isclose(tables.mnist_schedule()(275) / tables.mnist_schedule()(274), 0.99, rel_tol=1e-6),
    ),
    ("falling from 0.1 to about 0.016", lambda: f"{tables.mnist_schedule()(181 * 275):.3f}" == "0.016"),
    ("keeps 55,000 of the 60,000 training images", lambda: tables.COURSE_MNIST["examples"] == 55_000),
    ("182 epochs ≈ 50000 updates", lambda: abs(182 * 275 - 50_000) < 275),
    (
        "Of the four constants, 0.01 ends lowest in epoch 50",
        lambda: min((0.1, 0.02, 0.01, 0.005), key=lambda r: _fits()[r][49]) == 0.01,
    ),
    ("(0.1 is\nin epoch 50 about where it was in epoch 10)", lambda: 0.5 < _fits()[0.1][49] / _fits()[0.1][9] < 2),
    ("a smaller one is still on its way down", lambda: _fits()[0.005][49] < _fits()[0.005][39] < _fits()[0.005][29]),
    (
        "is as quick as 0.1 at first and\nends more than 100 times lower than the best of these four constants",
        lambda: _fits()["decay"][0] == _fits()[0.1][0] and _fits()["decay"][49] < _fits()[0.01][49] / 100,
    ),
    (
        "the decaying rate's lies on\nthe least-squares line, the constant 0.1's is visibly off it",
        lambda: (
            np.allclose(_fit_lines()[0].params[-1, 0], _fit_lines()[0].best, atol=1e-3)
            and np.abs(_fit_lines()[1].params[-1, 0] - _fit_lines()[1].best).max() > 0.1
        ),
    ),
    (
        "the constant 0.1 flattens out\nearly and high, the smaller constants fall further, more slowly; the decaying rate keeps falling",
        lambda: (
            _fits()[0.1][0] < _fits()[0.02][0]
            and _fits()[0.1][49] > _fits()[0.02][49]
            and _fits()["decay"][49] < _fits()["decay"][29] < _fits()["decay"][9]
        ),
    ),
]

# Numbers the prose gives as settings (not results).
GIVEN = {"0.5", "0.2", "0.05", "0.4", "0.1", "0.01", "0.02", "0.9", "0.99", "0.98", "0.0001", "0.005", "0.995"}
#: The choices a prediction offers (not results).
GIVEN |= {"1.5", "3.5"}


def flat(text: str) -> str:
    """Text with every run of white space made one space: a quote survives re-wrapping its paragraph."""
    return " ".join(text.split())


@pytest.mark.parametrize(("quote", "check"), CLAIMS, ids=[flat(q)[:40] for q, _ in CLAIMS])
def test_claims_in_the_prose_are_true(quote, check):
    assert flat(quote) in flat(markdown(PATH)), "the quoted sentence is no longer in the notebook"
    result = check()
    assert isinstance(result, (bool, np.bool_)) and result


def test_every_number_in_the_prose_is_computed_or_checked():
    produced = ("\n".join(code_sources(PATH)) + outputs(PATH)).replace("−", "-")
    claimed = " ".join(q for q, _ in CLAIMS).replace("−", "-")
    unchecked = {
        n
        for n in re.findall(r"(?<![\w.])\d+\.\d+", markdown(PATH).replace("−", "-"))
        if n not in produced and n not in claimed and n not in GIVEN
    }
    assert not unchecked, sorted(unchecked)
