"""Notebook 04 (noisy gradients and schedules): stored clean and in order, numbers nbval-checked, pictures with alt
text, exercises last, one vocabulary, and every claim and decimal number in its prose checked against lrlab.

(nbval re-runs the notebook and compares the tagged cells: ``pytest notebooks/04_noise_and_schedules.ipynb``.)
"""

import functools
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

import lrlab
from lrlab import descent, losses, outcomes, tables
from lrlab.outcomes import LAB_DECAY_RATES, LAB_RATES, outcome_map

PATH = Path(__file__).resolve().parent.parent / "notebooks" / "04_noise_and_schedules.ipynb"


def cells():
    return json.loads(PATH.read_text())["cells"]


def markdown() -> str:
    return "\n\n".join("".join(c["source"]) for c in cells() if c["cell_type"] == "markdown")


def code_sources() -> list[str]:
    return ["".join(c["source"]) for c in cells() if c["cell_type"] == "code"]


def output_text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        parts.append("".join(out.get("text", "")))
        data = out.get("data", {})
        parts.append("".join(data.get("text/plain", "")) + "".join(data.get("text/markdown", "")))
    return "\n".join(parts)


def outputs() -> str:
    return "\n".join(output_text(c) for c in cells() if c["cell_type"] == "code")


def test_name_is_numbered_and_not_a_module():
    assert PATH.exists() and PATH.stem.split("_")[0] == "04"


def test_stored_outputs_are_clean_and_in_order():
    counts = []
    for cell in cells():
        if cell["cell_type"] != "code":
            continue
        assert cell["execution_count"] is not None
        counts.append(cell["execution_count"])
        for out in cell["outputs"]:
            assert out["output_type"] != "error"
            assert not (out["output_type"] == "stream" and out["name"] == "stderr"), out.get("text")
        text = output_text(cell)
        assert not re.search(r"<matplotlib\.\w+ at 0x|np\.float(32|64)\(|object at 0x", text)
        assert not re.search(r"\d+(\.\d+)? ?(ms|µs|seconds)\b", text)
    assert counts == list(range(1, len(counts) + 1))


def test_number_cells_are_checked_by_nbval():
    for cell in cells():
        if cell["cell_type"] == "code" and "print(" in "".join(cell["source"]):
            assert "nbval-check-output" in cell["metadata"].get("tags", []), "".join(cell["source"])
            assert re.search(r"\d", output_text(cell))


def test_every_picture_has_alt_text_before_it_and_shows():
    last_md, pictures = "", 0
    for cell in cells():
        src = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            last_md = src
        elif "picture(" in src:
            pictures += 1
            assert re.search(r"\*(Left|The (picture|map)|No kernel running)[^*]{60,}\*", last_md), src
            assert not src.rstrip().endswith(";")
            assert any("image/png" in out.get("data", {}) for out in cell["outputs"])
    assert pictures == 6


def test_short_code_cells_and_exercises_at_the_end():
    code = code_sources()
    assert max(len(s.splitlines()) for s in code) <= 8
    exercises = [i for i, s in enumerate(code) if re.match(r"^nb04\.\w+\(", s)]
    assert len(exercises) == 3 and exercises[-1] == len(code) - 1
    assert "Predict, then check" in markdown()
    heads = re.findall(r"^## (.+)$", markdown(), flags=re.M)
    assert heads.index("Summary") < heads.index("Exercises") == len(heads) - 1


def test_exercise_answers_are_not_shown():
    shown = outputs() + "\n".join(code_sources())
    floor = lrlab.noise_floor(0.1, 3.0, lrlab.Quadratic(a=2.0, centre=3.0))
    for answer in [f"{floor:.4f}", f"{floor:.3f}", "9/32", "469", "0.444"]:
        assert answer not in shown
    assert "9/32" not in markdown(), "an example fraction must not be an exercise's answer"


FORBIDDEN = [
    (r"\br\s*=\s*1\s*-\s*2", "the contraction factor is q"),
    (r"curvature\s*\$?a\b|curvature=a\b", "the curvature is f″ = 2a"),
    (r"distance\s*[−-]\s*\d", "a distance is never negative"),
    (r"projector|178 rates|QuickExplorer|benchmark|vectori[sz]ed call|\bms\b", "engineering talk"),
    (r"symlog", "true log axes"),
    (r"\b(converges|freezes|bounces)\*\*\s*[—:-]", "outcome names"),
]


@pytest.mark.parametrize(("pattern", "why"), FORBIDDEN, ids=lambda x: x[:20])
def test_one_vocabulary(pattern, why):
    text = markdown() + "\n".join(code_sources())
    assert not re.search(pattern, text.replace("−", "-")), why


# ---------------------------------------------------------------- claims in the prose, recomputed


@functools.cache
def _schedules():
    T = 3000
    return outcomes.compare_schedules(
        {
            "constant": lrlab.constant(0.2),
            "exponential": lrlab.exponential_decay(0.2, decay_steps=1, decay_rate=0.98),
            "inverse time": lrlab.inverse_time_decay(0.2, decay_steps=10, decay_rate=1.0),
            "polynomial": lrlab.polynomial_decay(0.2, decay_steps=T, end_learning_rate=0.0001),
            "cosine": lrlab.cosine_decay(0.2, decay_steps=T),
        },
        noise=2.0,
        runs=1000,
        steps=T,
        seed=0,
    )


def _best(horizon):
    return min(_schedules(), key=lambda n: _schedules()[n].at(horizon)[0])


@functools.cache
def _explorer():
    from lrlab.widgets import NoiseExplorer

    return NoiseExplorer(learning_rate=0.2, noise=2.0)


@functools.cache
def _map():
    return outcomes.noisy_map(LAB_RATES[::2], LAB_DECAY_RATES[::2], noise=2.0, runs=16, steps=300, seed=0)


def _no_decay_column_rises():
    m = _map()
    d = m.mean_distance[:, -1]
    ok = np.isfinite(d)
    return np.corrcoef(np.log(m.learning_rates[ok]), np.log(d[ok]))[0, 1] > 0.9


def _overflow_top_right():
    m = _map()
    i, j = np.nonzero(m.diverged)
    return 0 < i.size <= 20 and bool(np.all(m.learning_rates[i] > 1) and np.all(m.decay_rates[j] >= 0.99))


@functools.cache
def _warm():
    bowl = losses.QuarticBowl()
    steep = lrlab.descend(0.4, loss=bowl, steps=60)
    warm = lrlab.join([lrlab.linear_schedule(0.01, 0.4, 30), lrlab.constant(0.4)], [30])
    return bowl, steep, lrlab.descend(warm, loss=bowl, steps=60)


@functools.cache
def _fits():
    x, y = descent.line_data(200, slope=2.0, intercept=1.0, noise=1.0, seed=0)
    settings = {"c1": 0.1, "c02": 0.02, "decay": lrlab.exponential_decay(0.1, 20, 0.9, staircase=True)}
    return {k: descent.minibatch_sgd(x, y, lr, batch_size=10, epochs=50, runs=20, seed=1) for k, lr in settings.items()}


def _noise_update_forgets():
    t = lrlab.descend(0.5, steps=6, noise=2.0, seed=1, dtype=np.float64)
    kicks = np.asarray(t.grad) - 2 * (np.asarray(t.w[:-1]) + 1)
    return np.allclose(np.asarray(t.w[1:]), -1 - 0.5 * kicks, atol=1e-12)


def _late_moves_below_float32_gap():
    """Below 1 in size, neighbouring float32 numbers are 2**-24 ≈ 6e-8 apart; after update 1000 the rate times the
    largest gradient of the 1000 noisy runs is far below half of that, so rounding keeps w where it is."""
    gap = float(np.float32(1) - np.nextafter(np.float32(1), np.float32(0)))
    s = _schedules()["exponential"]
    late_rate = float(lrlab.exponential_decay(0.2, 1, 0.98)(1000))
    return round(gap, 8) == 6e-8 and late_rate * 20 < gap / 4 and s.moved_after[1000] == 0


def _floors_agree():
    return all(
        abs(e.mean - e.theory) <= 2 * e.sem
        for e in (outcomes.stationary_loss(eta, 2.0, runs=400, steps=2000, seed=0) for eta in (0.4, 0.2, 0.1, 0.05))
    )


def _trade_off():
    rows = [
        outcomes.summarise(outcomes.seeded_runs(eta, noise=2.0, runs=1000, steps=1000, seed=0))
        for eta in (0.4, 0.2, 0.1, 0.05, 0.02)
    ]
    floors = [r.floor for r in rows]
    times = [r.first_below(2 * r.floor) for r in rows]
    return floors == sorted(floors, reverse=True) and times == sorted(times) and times[0] < times[-1]


CLAIMS = [
    ("a constant rate of 0.5 lands on −1 in one update", lambda: float(lrlab.descend(0.5, steps=1).w[1]) == -1.0),
    (
        "at $\\eta f'' = 1$ every update forgets\nwhere `w` was and lands at $-1 - \\eta\\sigma\\xi_k$",
        _noise_update_forgets,
    ),
    (
        "averages each run's loss over its last 1,500 of 2,000 updates",
        lambda: outcomes.stationary_loss(0.2, 2.0, runs=2, steps=2000).burn_in == 500,
    ),
    ("Theory and simulation agree within the stated uncertainty", _floors_agree),
    ("In each, 20 faint lines are\nsingle seeded runs", lambda: _explorer().shown == 20),
    ("the thick line is the mean of 200 runs", lambda: _explorer().runs == 200),
    (
        "for\n20 seeded runs (faint), their mean over 200 runs (thick)",
        lambda: (_explorer().shown, _explorer().runs) == (20, 200),
    ),
    ("a floor about five times lower", lambda: 4.5 < lrlab.noise_floor(0.2, 2.0) / lrlab.noise_floor(0.05, 2.0) < 5.5),
    (
        "The line\nunder the sliders gives the floor and the mean loss after the last update",
        lambda: "floor = 0.250000" in _explorer().readout() and "after 200 updates" in _explorer().readout(),
    ),
    ("A smaller rate lowers the floor but takes longer to get down to it", _trade_off),
    (
        "After 300 updates exponential decay is ahead; after 3000,\ninverse time is",
        lambda: _best(300) == "exponential" and _best(3000) == "inverse time",
    ),
    (
        "exponential decay has not improved since update 1000",
        lambda: _schedules()["exponential"].at(3000)[0] == _schedules()["exponential"].at(1000)[0],
    ),
    (
        "exponential and inverse time fall fast, then\nexponential goes flat while inverse time keeps falling to the end",
        lambda: (
            _schedules()["inverse time"].at(3000)[0]
            < _schedules()["inverse time"].at(1000)[0]
            < _schedules()["inverse time"].at(300)[0]
            < _schedules()["constant"].at(300)[0] / 10
        ),
    ),
    (
        "the constant rate hovers at its floor",
        lambda: abs(_schedules()["constant"].final_mean - 0.25) < 3 * _schedules()["constant"].final_sem,
    ),
    (
        "polynomial and cosine stay high for most of\nthe run and drop near the end",
        lambda: all(
            _schedules()[n].at(1500)[0] > 0.1 > 0.01 > _schedules()[n].final_mean for n in ("polynomial", "cosine")
        ),
    ),
    (
        "Not one of the 1000 exponential-decay runs moved after update 1000",
        lambda: _schedules()["exponential"].moved_after[1000] == 0,
    ),
    (
        "its clean run's limit (`lrlab.frozen_limit`, notebook 2) is only about 1.0e-09 from −1",
        lambda: f"{abs(lrlab.frozen_limit(lrlab.exponential_decay(0.2, 1, 0.98)) + 1):.1e}" == "1.0e-09",
    ),
    (
        "far inside notebook 3's tol = 0.001, though not exactly −1",
        lambda: 0 < abs(lrlab.frozen_limit(lrlab.exponential_decay(0.2, 1, 0.98)) + 1) < 0.001,
    ),
    (
        "each late move is far smaller than the gap between neighbouring 32-bit floats near −1\n(about 6e-8)",
        _late_moves_below_float32_gap,
    ),
    (
        "Decay faster and `w` freezes before the clean part is done as well",
        lambda: lrlab.frozen_limit(lrlab.exponential_decay(0.2, 1, 0.9)) + 1 > 0.01,
    ),
    (
        "| cosine (0 after `decay_steps`) | finite ✗ | finite ✓ | stops at $k =$ `decay_steps` |",
        lambda: bool(np.all(lrlab.cosine_decay(0.2, 3000)(np.arange(3000, 3100)) == 0)),
    ),
    (
        "hovers at the tiny floor of `end_learning_rate` after `decay_steps`",
        lambda: bool(
            np.allclose(lrlab.polynomial_decay(0.2, 3000, end_learning_rate=0.0001)(np.arange(3000, 4000)), 0.0001)
        ),
    ),
    (
        "inverse time ($\\propto 1/k$)",
        lambda: math.isclose(lrlab.inverse_time_decay(0.2, 10, 1.0)(10**6) * 10**6, 2.0, rel_tol=1e-4),
    ),
    (
        "The bottom left, small rates decaying\nfast, is bright: those runs freeze far from −1",
        lambda: (
            _map().mean_distance[0, 0] > 1
            and abs(lrlab.frozen_limit(lrlab.exponential_decay(LAB_RATES[0], 1, LAB_DECAY_RATES[0])) + 1) > 1
        ),
    ),
    ("Along the right edge (no decay) the distance grows with the\nrate", _no_decay_column_rises),
    ("a few settings at the top right overflow", _overflow_top_right),
    (
        "hundreds of settings of this grid arrive within 0.001 of −1 after 300 updates",
        lambda: (
            100 <= outcome_map(LAB_RATES[::2], LAB_DECAY_RATES[::2], steps=300, tol=0.001).counts()["arrived"] < 1000
        ),
    ),
    ("with σ = 2 not a single one does on average", lambda: not np.any(_map().mean_distance < 0.001)),
    ("more than twenty times the safe rate there", lambda: 20 * _warm()[0].bounce_rate_at(5.0) < 0.4),
    ("where 0.4 is safe", lambda: 0.4 * _warm()[0].curvature_at(-1.0) < 2),
    ("The\nfirst update throws `w` far past −1", lambda: float(_warm()[1].w[1]) < -50),
    (
        "from\n0.01 to 0.4 over 30 updates",
        lambda: (
            float(_warm()[2].lr[0]) == pytest.approx(0.01)
            and float(_warm()[2].lr[30]) == pytest.approx(0.4)
            and float(_warm()[2].lr[29]) < 0.4
        ),
    ),
    (
        "shoots up by many orders of magnitude in three updates until its loss overflows",
        lambda: _warm()[1].diverged_at == 3 and abs(float(_warm()[1].w[3])) > 1e10,
    ),
    ("reaches −1 exactly (marked)", lambda: bool(np.any(np.asarray(_warm()[2].w) == -1.0))),
    (
        "then steps down by the factor 0.99",
        lambda: math.isclose(tables.mnist_schedule()(275) / tables.mnist_schedule()(274), 0.99, rel_tol=1e-6),
    ),
    ("falling from 0.1 to about 0.016", lambda: f"{tables.mnist_schedule()(181 * 275):.3f}" == "0.016"),
    ("keeps 55,000 of the 60,000 training images", lambda: tables.COURSE_MNIST["examples"] == 55_000),
    ("182 epochs ≈ 50000 updates", lambda: abs(182 * 275 - 50_000) < 275),
    (
        "in epoch 50 it is\nabout where it was in epoch 10",
        lambda: 0.5 < _fits()["c1"].epoch_excess()[49] / _fits()["c1"].epoch_excess()[9] < 2,
    ),
    (
        "The constant 0.02 ends lower but is far behind in the first epochs",
        lambda: (
            _fits()["c02"].epoch_excess()[49] < _fits()["c1"].epoch_excess()[49] / 5
            and _fits()["c02"].epoch_excess()[0] > 2 * _fits()["c1"].epoch_excess()[0]
        ),
    ),
    (
        "is quick at first *and* settles far lower",
        lambda: (
            _fits()["decay"].epoch_excess()[0] == _fits()["c1"].epoch_excess()[0]
            and _fits()["decay"].epoch_excess()[49] < _fits()["c02"].epoch_excess()[49] / 100
        ),
    ),
    (
        "the decaying rate's\nlies on the least-squares line, the constant 0.1's is visibly off it",
        lambda: (
            np.allclose(_fits()["decay"].params[-1, 0], _fits()["decay"].best, atol=1e-3)
            and np.abs(_fits()["c1"].params[-1, 0] - _fits()["c1"].best).max() > 0.1
        ),
    ),
    (
        "decay rate γ from 0.8 to 1 across, initial rate η₀ from 0.01 to about 1.9",
        lambda: (
            (LAB_DECAY_RATES[::2][0], LAB_DECAY_RATES[::2][-1]) == (0.8, 1.0)
            and math.isclose(LAB_RATES[::2][0], 0.01)
            and round(LAB_RATES[::2][-1], 1) == 1.9
        ),
    ),
]

# Numbers the prose gives as settings (not results).
GIVEN = {"0.5", "0.2", "0.05", "0.4", "0.1", "0.01", "0.02", "0.9", "0.99", "0.95"}


@pytest.mark.parametrize(("quote", "check"), CLAIMS, ids=[q[:40] for q, _ in CLAIMS])
def test_claims_in_the_prose_are_true(quote, check):
    assert quote in markdown(), "the quoted sentence is no longer in the notebook"
    result = check()
    assert isinstance(result, (bool, np.bool_)) and result


def test_every_number_in_the_prose_is_computed_or_checked():
    produced = ("\n".join(code_sources()) + outputs()).replace("−", "-")
    claimed = " ".join(q for q, _ in CLAIMS).replace("−", "-")
    unchecked = {
        n
        for n in re.findall(r"(?<![\w.])\d+\.\d+", markdown().replace("−", "-"))
        if n not in produced and n not in claimed and n not in GIVEN
    }
    assert not unchecked, sorted(unchecked)


def test_the_noise_explorer_sits_beside_its_static_picture_after_a_prediction():
    code = code_sources()
    live = [i for i, s in enumerate(code) if re.search(r"^explorer = NoiseExplorer\(", s, flags=re.M)]
    assert len(live) == 1
    (i,) = live
    assert "picture(" in code[i + 1] and "explorer.frames" in code[i + 1]
    md_before = ""
    for cell in cells():
        if cell["cell_type"] == "code" and "".join(cell["source"]) == code[i]:
            break
        if cell["cell_type"] == "markdown":
            md_before = "".join(cell["source"])
    assert "**Predict first.**" in md_before and "No kernel running" in md_before
    stored = next(c for c in cells() if c["cell_type"] == "code" and "".join(c["source"]) == code[i])
    data = stored["outputs"][0]["data"]
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["text/plain"][0].startswith("Noise explorer: η = 0.2, σ = 2")
