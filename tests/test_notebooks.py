"""The stored notebooks: executed in order, clean, one vocabulary, and every number in their prose checked.

(nbval itself runs every notebook in ``make test``: see ``--nbval-lax`` in pyproject.toml. Cells that print
numbers are tagged ``nbval-check-output``; the numbers the *prose* quotes are checked here, against lrlab.)
"""

import functools
import json
import math
import re

import numpy as np
import pytest
from stored_notebooks import (
    BY_NAME,
    EVERY,
    EXPLORER,
    GOING_FURTHER,
    NOTEBOOKS,
    ZH_NOTEBOOKS,
    cells,
    code_sources,
    core_minutes,
    markdown,
    nb_id,
    output_text,
    outputs,
    sections,
    source,
    twin,
)

import lrlab
from lrlab.outcomes import LAB_DECAY_RATES, LAB_RATES, OUTCOMES, outcome_map

#: The course's three notebooks: one explorer each, every prose number checked here.
TAUGHT = [BY_NAME[n] for n in ("01", "02", "03") if n in BY_NAME]
IMPORTABLE = {"lrlab", "numpy", "matplotlib", "ipywidgets", "ipympl"}


def test_numbered_notebooks():
    names = [p.name for p in NOTEBOOKS]
    assert names[:3] == ["01_learning_rate.ipynb", "02_exponential_decay.ipynb", "03_schedule_lab.ipynb"]
    assert [p.name for p in TAUGHT] == names[:3]
    for i, p in enumerate(NOTEBOOKS, 1):
        assert p.name.startswith(f"{i:02d}_") and p.stem not in IMPORTABLE


@pytest.mark.parametrize("path", EVERY, ids=nb_id)
def test_stored_outputs_are_clean_and_in_order(path):
    counts = []
    for cell in cells(path):
        if cell["cell_type"] != "code":
            continue
        assert cell["execution_count"] is not None, "every code cell is executed"
        counts.append(cell["execution_count"])
        for out in cell["outputs"]:
            assert out["output_type"] != "error", f"stored error: {out.get('ename')}: {out.get('evalue')}"
            assert not (out["output_type"] == "stream" and out["name"] == "stderr"), f"stderr: {out['text']}"
        text = output_text(cell)
        assert "Error displaying widget" not in text
        assert not re.search(r"<matplotlib\.\w+ at 0x|np\.float(32|64)\(", text), "bare reprs leaked"
        assert not re.search(r"object at 0x[0-9a-f]+", text), "an object address changes between runs"
        assert not re.search(r"\d+(\.\d+)? ?(ms|µs|seconds)\b", text), "timings change between runs"
    assert counts == list(range(1, len(counts) + 1)), "run top to bottom in one fresh kernel"


@pytest.mark.parametrize("path", EVERY, ids=nb_id)
def test_number_cells_are_checked_by_nbval(path):
    for cell in cells(path):
        if cell["cell_type"] == "code" and "print(" in "".join(cell["source"]):
            assert "nbval-check-output" in cell["metadata"].get("tags", []), "".join(cell["source"])
            assert re.search(r"\d", output_text(cell)), "a checked cell prints numbers"


WIDGETS = {"01": "LearningRateExplorer", "02": "DecayExplorer", "03": "ScheduleMap"}


def _explorer_index(path) -> int:
    live = [i for i, c in enumerate(cells(path)) if c["cell_type"] == "code" and EXPLORER.match("".join(c["source"]))]
    assert len(live) == 1, "exactly one explorer"
    return live[0]


@pytest.mark.parametrize("path", TAUGHT, ids=lambda p: p.name)
def test_one_explorer_predicted_first_then_what_you_saw_with_numbers(path):
    """Predict first, then look: the prompt comes right before the explorer (no picture in between that could show
    the answer), and right after it a "What you saw, and why" cell describes the static picture, which comes next,
    and a checked cell prints the numbers behind it before the next section starts."""
    cs = cells(path)
    i = _explorer_index(path)
    assert "".join(cs[i]["source"]).startswith(WIDGETS[path.name[:2]])
    before, after = "".join(cs[i - 1]["source"]), "".join(cs[i + 1]["source"])
    assert cs[i - 1]["cell_type"] == "markdown" and "**Predict first.**" in before
    assert cs[i + 1]["cell_type"] == "markdown" and after.startswith("**What you saw, and why.**")
    assert cs[i + 2]["cell_type"] == "code" and "picture(" in "".join(cs[i + 2]["source"])
    rest = []
    for cell in cs[i + 3 :]:
        if cell["cell_type"] == "markdown" and re.search(r"^#{1,2} ", "".join(cell["source"]), flags=re.M):
            break
        rest.append(cell)
    checked = [c for c in rest if c["cell_type"] == "code" and "nbval-check-output" in c["metadata"].get("tags", [])]
    assert checked and all(re.search(r"\d", output_text(c)) for c in checked), "numbers from lrlab after the picture"


# ---------------------------------------------------------------- the core path and its time
#
# The rule that turns a core path into minutes is in stored_notebooks.py, one rule for every notebook.
#: The budget of each notebook's core path, in minutes: 01, 02 and 04 make the set's core path (01 and 02 together
#: at most 50 of its 90); notebook 03 is going further as a whole (its first cell gives its whole length instead);
#: notebook 05 has a core path of its own, after the set's.
CORE_BUDGET = {"01": 25, "02": 25, "03": 0, "04": 40, "05": 30}


def test_core_minutes_follow_the_rule(tmp_path):
    """A made-up notebook: 304 tokens of core text, one code cell, one exercise, two explorers (one made on the
    first line, one named first), and a going-further section (its 150 words and its code cell do not count)."""

    def md_cell(text):
        return {"cell_type": "markdown", "metadata": {}, "source": text}

    def code_cell(text):
        return {"cell_type": "code", "metadata": {}, "source": text, "outputs": [], "execution_count": 1}

    nb = {
        "cells": [
            md_cell("# Title\n" + "word " * 149),
            code_cell("x = 1"),
            md_cell("## Try it\n" + "word " * 148),
            code_cell("DecayExplorer()"),
            code_cell("explorer = NoiseExplorer(noise=2.0)\nexplorer"),
            md_cell("## Going further: more\n" + "word " * 150),
            code_cell("y = 2"),
            md_cell("## Exercises"),
            code_cell("nb02.rate_used(None)"),
        ]
    }
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(nb))
    words, minutes = core_minutes(path)
    assert words == 2 + 149 + 3 + 148 + 2  # the headings' own tokens count too ("#", "Title", ...)
    assert minutes == pytest.approx(words / 150 + 0.5 + 5 + 5 + 3)
    assert core_minutes(path, everything=True)[0] == words + 4 + 150


def test_every_notebook_has_a_core_path_budget():
    assert sorted(CORE_BUDGET) == sorted(BY_NAME)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=nb_id)
def test_the_core_path_is_marked_at_the_top_and_fits_its_budget(path):
    nb = path.name[:2]
    top, zh_top = source(cells(path)[0]), source(cells(twin(path))[0])
    words, minutes = core_minutes(path)
    if CORE_BUDGET[nb] == 0:
        stated = re.search(r"\*\*Core path:\*\* none: this whole notebook goes further \(about (\d+) minutes\)", top)
        assert stated, "the first cell says that the notebook is off the core path, and how long it takes"
        assert int(stated.group(1)) == round(core_minutes(path, everything=True)[1])
        heads = [h for h, _ in sections(path)[2:]]
        assert all(h.startswith(GOING_FURTHER) for h in heads if h not in ("Summary", "Exercises")), heads
        assert re.search(r"\*\*核心路径", zh_top)
        return
    stated = re.search(r"\*\*Core path\*\* \(about (\d+) minutes\)", top)
    assert stated, "the first cell says how long the core path takes"
    assert int(stated.group(1)) == round(minutes), f"{words} words and the cells make {minutes:.1f} minutes"
    assert minutes <= CORE_BUDGET[nb]
    assert "**Going further:**" in top
    assert re.search(r"\*\*核心路径\*\*（约 (\d+) 分钟）", zh_top).group(1) == stated.group(1)


def test_notebooks_1_and_2_together_take_at_most_50_minutes_of_the_core_path():
    assert sum(core_minutes(BY_NAME[n])[1] for n in ("01", "02")) <= 50


@pytest.mark.parametrize("path", NOTEBOOKS, ids=nb_id)
def test_the_chinese_twin_marks_the_same_sections_as_going_further(path):
    en = [h.startswith(GOING_FURTHER[0]) for h, _ in sections(path)[1:]]
    zh = [h.startswith(GOING_FURTHER[1]) for h, _ in sections(twin(path))[1:]]
    assert zh == en


#: Chinese words that lrlab does not use, each with the one it uses for that meaning: 步长 and 步子 are read as the
#: learning rate in much Chinese writing, and 轮 means an epoch to some readers but one update in the course.
NOT_OUR_WORDS = {"步长": "移动量 (an update's move) or 学习率", "步子": "移动 or 移动量", "批大小": "批量大小"}
#: The course's own words, quoted: where 轮 may stand (one update, as the course counts).
COURSE_QUOTES = ("喂入多少轮", "运行了几轮")


def test_the_chinese_texts_use_one_word_for_one_meaning():
    texts = {f"zh/{p.name}": markdown(p) for p in ZH_NOTEBOOKS}
    texts.update({f"i18n {key}": text for key, text in lrlab.i18n.CATALOGUE["zh"].items()})
    found = [(where, word) for where, text in texts.items() for word in NOT_OUR_WORDS if word in text]
    assert not found, [(where, word, f"say {NOT_OUR_WORDS[word]}") for where, word in found]
    for where, text in texts.items():
        for line in text.splitlines():
            assert "轮" not in line or any(q in line for q in COURSE_QUOTES), (where, line)


@pytest.mark.parametrize("path", [BY_NAME["04"], BY_NAME["05"]], ids=nb_id)
def test_going_further_comes_after_the_summary_and_the_core_exercises(path):
    """In notebooks 4 and 5 the core path ends with its summary and exercises; every section after them goes
    further, and every exercise from the Exercises heading on is numbered, in order."""
    heads = [h for h, _ in sections(path)[1:]]
    summary, exercises = heads.index("Summary"), heads.index("Exercises")
    further = [i for i, h in enumerate(heads) if h.startswith(GOING_FURTHER[0])]
    assert summary < exercises < further[0] and further == list(range(further[0], len(heads)))
    asked = [[t for _, t in parts if re.match(r"^nb0\d\.\w+\(None\)$", t)] for _, parts in sections(path)[1:]]
    assert asked[exercises], "the core exercises are asked under their heading"
    numbered = re.findall(r"^\*\*(\d+)\.", markdown(path), flags=re.M)
    assert numbered == [str(n) for n in range(1, sum(map(len, asked[exercises:])) + 1)]


@pytest.mark.parametrize("path", EVERY, ids=nb_id)
def test_every_static_picture_has_alt_text_before_it_and_shows(path):
    last_md = ""
    for cell in cells(path):
        src = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            last_md = src
        elif "picture(" in src:
            # an italic sentence describing the picture ("*Left: ...*", "*The picture: ...*"; in Chinese
            # "*左：...*", "*图：...*", "*地图：...*", "*没有运行内核…*")
            if path.parent.name == "zh":
                assert re.search(r"\*(左|图：|地图：|没有运行内核)[^*]{40,}\*", last_md), src
            else:
                assert re.search(r"\*(Left|The (picture|map)|No kernel running)[^*]{60,}\*", last_md), src
            assert not src.rstrip().endswith(";"), "a trailing ; would hide the picture"
            assert any("image/png" in out.get("data", {}) for out in cell["outputs"]), "its stored picture"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=nb_id)
def test_short_code_cells_and_the_first_cell_holds_the_imports(path):
    """(A Chinese twin's code is its English notebook's, with the language chosen first: test_zh_parity.py.)"""
    code = code_sources(path)
    assert max(len(s.splitlines()) for s in code) <= 8
    assert all(line.startswith(("import ", "from ")) for line in code[0].splitlines())


@pytest.mark.parametrize("path", TAUGHT, ids=lambda p: p.name)
def test_exercises_come_at_the_end(path):
    code = code_sources(path)
    exercises = [i for i, s in enumerate(code) if re.match(r"^nb0\d\.\w+\(", s)]
    assert len(exercises) >= 2
    assert all(f"nb{path.name[:2]}." in code[i] for i in exercises)
    # only asides may follow the exercises
    assert exercises[-1] >= len(code) - 2
    assert "Predict, then check" in markdown(path), "at least one prediction per notebook"
    heads = re.findall(r"^## (.+)$", markdown(path), flags=re.M)
    assert "Summary" in heads and "Exercises" in heads
    assert heads.index("Summary") < heads.index("Exercises")


@pytest.mark.parametrize("path", TAUGHT, ids=lambda p: p.name)
def test_exercise_answers_are_not_printed_before_the_question(path):
    from lrlab.exercises import nb01

    answers = {
        "01": [
            f"{nb01.LOSS.one_step_rate:.6f}",
            f"{nb01.LOSS.one_step_rate:.4f}",
            "0.166667",
            f"{2 / sum(b.curvature for b in nb01.BOWLS):.4f}",
            "1/3",
        ],
        "02": [f"{0.1 * 0.99**30:.6f}", f"{0.1 * 0.99**30:.5f}"],
        "03": [],
    }[path.name[:2]]
    shown = outputs(path) + "\n".join(code_sources(path))
    for answer in answers:
        assert answer not in shown


# Words with one meaning: no `r` for two things, no "a" called the curvature, no symlog "0", no old outcome names.
FORBIDDEN = [
    (r"\br\s*=\s*1\s*-\s*2", "the contraction factor is q = 1 − η f″"),
    (r"\(r = |\$r\$|\br = 0\.\d", "the decay rate is γ"),
    (r"curvature\s*\$?a\b|curvature=a\b", "the curvature is f″ = 2a"),
    (r"distance\s*[−-]\s*\d", "a distance is never negative (use the offset d)"),
    (r"just useless", "a small rate is slow, not useless"),
    (r"\b(converges|freezes|bounces)\*\*\s*[—:-]", "the map's outcome names are arrived/…/frozen/diverged"),
    (r"projector|178 rates|QuickExplorer|benchmark|vectori[sz]ed call|\bms\b", "engineering talk"),
    (r"symlog", "loss axes are true log axes"),
]


@pytest.mark.parametrize("path", EVERY, ids=nb_id)
@pytest.mark.parametrize(("pattern", "why"), FORBIDDEN, ids=lambda x: x[:24])
def test_one_vocabulary(path, pattern, why):
    text = markdown(path) + "\n".join(code_sources(path))
    assert not re.search(pattern, text.replace("−", "-")), why


def test_outcome_names_in_notebook_3_are_the_library_s():
    text = markdown(BY_NAME["03"])
    for name in OUTCOMES:
        assert f"**{name}**" in text
    assert "T = 100" in outputs(BY_NAME["03"]) and "tol = 0.001" in outputs(BY_NAME["03"])


# Every decimal number in the prose must be produced by a code cell of the same notebook (its source or its
# stored, checked output), or be one of the claims below, each recomputed here with lrlab.
def _hand_table_rows():
    w, rows = 5.0, []
    for k in range(3):
        grad = 2 * (w + 1)
        step = 0.2 * grad
        rows.append(f"| {k} | $2 \\cdot {w + 1:g} = {grad:g}$ | ${step:g}$ | ${w:g} - {step:g} = {w - step:g}$ |")
        w = w - step
    return rows


def _seed_lines():
    return lrlab.seed_table(lrlab.descend(0.2)).splitlines()


def _fast_and_exact(eta0, gamma):
    estimate = -1 + 6 * math.exp(-lrlab.Quadratic().curvature * eta0 / (1 - gamma))
    return estimate, lrlab.frozen_limit(lrlab.exponential_decay(eta0, 1, gamma))


def _signs(run):
    return np.sign(np.asarray(run.w, dtype=np.float64) + 1)


def _offsets(schedule, steps=100):
    return np.asarray(lrlab.descend(schedule, steps=steps).w, dtype=np.float64) + 1


def _offset_list(learning_rate, count) -> list[float]:
    """The first ``count`` offsets w_k + 1 of a float64 run from w0 = 5, rounded to 10 decimals."""
    w = lrlab.descend(learning_rate, steps=count - 1, dtype=np.float64).w
    return [round(float(x) + 1, 10) for x in w]


def _clean_distance(schedule, steps=40) -> float:
    """|w_T − c| of a clean run on (w + 1)² from w0 = 5, as 6 times the product of lrlab.contraction's factors
    (float64, so nothing is lost next to −1), worked out independently of the notebook's own helper."""
    rates = schedule(np.arange(steps)) if callable(schedule) else np.full(steps, float(schedule))
    return float(6.0 * np.prod(np.abs([lrlab.contraction(float(r)) for r in rates])))


def _best_decay_rate(eta0, steps=40) -> float:
    """The decay rate on the notebook's grid (0.8 to 1, steps of 0.001) that leaves w closest to −1 after 40 updates."""
    gammas = np.linspace(0.8, 1.0, 201)
    return float(gammas[int(np.argmin([_clean_distance(lrlab.exponential_decay(eta0, 1, g), steps) for g in gammas]))])


def _zigzags_then_glides(run) -> bool:
    """The offset changes sign at the first few updates (at least 2), and never again afterwards."""
    s = _signs(run)
    s = s[s != 0]  # w may reach −1 exactly in float32 at the end
    crossings = np.flatnonzero(s[:-1] * s[1:] < 0)
    return len(crossings) >= 2 and np.array_equal(crossings, np.arange(len(crossings)))


@functools.cache
def _codes(steps):
    return outcome_map(LAB_RATES, LAB_DECAY_RATES, steps=steps).codes


def _code(name):
    return OUTCOMES.index(name)


CLAIMS = {
    "01": [
        *[(row, lambda: True) for row in _hand_table_rows()],
        (
            "From line 17 on, the loss prints as 0.000000",
            lambda: (
                [ln.endswith("loss is 0.000000") for ln in _seed_lines()].index(True) == 17
                and all(ln.endswith("loss is 0.000000") for ln in _seed_lines()[17:25])
            ),
        ),
        (
            "the loss has dropped below 0.0000005",
            lambda: lrlab.descend(0.2).loss[18] < 5e-7 <= lrlab.descend(0.2).loss[17],
        ),
        (
            "although `w` is still moving towards −1",
            lambda: -1 < lrlab.descend(0.2).w[19] < lrlab.descend(0.2).w[18] < lrlab.descend(0.2).w[17],
        ),
        (
            "levels off just below 10⁻⁷, where an update is too small to change a 32-bit float",
            lambda: (lambda w: 1e-8 < abs(w[-1] + 1) < 1e-7 and len(set(w[-10:].tolist())) == 1)(
                lrlab.descend(0.2, steps=60).w
            ),
        ),
        ("the nearest one is 2.5999999046…", lambda: f"{np.float32(2.6):.10f}" == "2.5999999046"),
        ("Squaring 3.5999999046…", lambda: f"{np.float32(2.6) + np.float32(1):.10f}" == "3.5999999046"),
        (
            "$\\eta f'' = 0.0002$: each update covers only 0.02 % of the remaining distance",
            lambda: math.isclose(0.0001 * lrlab.Quadratic().curvature, 0.0002),
        ),
        (
            "(on $(w+1)^2$: $\\eta < 0.005$)",
            lambda: lrlab.regime(0.00499) == "creeps" and lrlab.regime(0.005) == "glides",
        ),
        (
            "η = 0.2 gives\n$q = 0.6$ and η = 0.8 gives $q = -0.6$",
            lambda: math.isclose(lrlab.contraction(0.2), 0.6) and math.isclose(lrlab.contraction(0.8), -0.6),
        ),
        (
            "whose rounding at every update costs 13 more, and 43,494 in 64-bit\nfloats, which is the count exact "
            "arithmetic gives",
            lambda: (
                lrlab.steps_to_reach(lrlab.descend(0.0001, steps=60_000))
                - lrlab.steps_to_reach(lrlab.descend(0.0001, steps=60_000, dtype=np.float64))
                == 13
                and math.ceil(math.log(0.001 / 6) / math.log(1 - 0.0001 * lrlab.Quadratic().curvature))
                == lrlab.steps_to_reach(lrlab.descend(0.0001, steps=60_000, dtype=np.float64))
            ),
        ),
        (
            "$\\lceil \\ln(0.001/6) / \\ln 0.9998 \\rceil$",
            lambda: 1 - 0.0001 * lrlab.Quadratic().curvature == 0.9998 and 5 - lrlab.Quadratic().centre == 6,
        ),
        (
            "from 5 (offset +6) `w` jumps to −7 (offset −6",
            lambda: lrlab.descend(1.0, steps=2).w.tolist() == [5.0, -7.0, 5.0],
        ),
        ("With η = 1.5, $q = -2$", lambda: lrlab.contraction(1.5) == -2),
        (
            "overflows to infinity after a few dozen updates",
            lambda: 24 <= lrlab.descend(1.5, steps=200).diverged_at <= 100,
        ),
        (
            "the number of updates after which the loss first reads infinity",
            lambda: (
                lambda run: (
                    np.isinf(run.loss[run.diverged_at]) and bool(np.all(np.isfinite(run.loss[: run.diverged_at])))
                )
            )(lrlab.descend(1.5, steps=200)),
        ),
        ("for $(w + 1)^2$, $a = 1$ and $f'' = 2$", lambda: lrlab.Quadratic().curvature == 2),
        (
            "(η = 0.8 ends exactly on −1, η = 0.2 one 32-bit float short of it: rounding, not speed.)",
            lambda: (
                lrlab.descend(0.2).w[40] == np.nextafter(np.float32(-1), np.float32(0))
                and lrlab.descend(0.8).w[40] == -1
                and abs(lrlab.contraction(0.2)) == pytest.approx(abs(lrlab.contraction(0.8)))
            ),
        ),
        (
            "η = 0.0001, 0.2, 0.5, 0.8, 1 and 1.05",
            lambda: (
                [lrlab.regime(x) for x in (0.0001, 0.2, 0.5, 0.8, 1.0, 1.05)]
                == ["creeps", "glides", "one step", "zig-zags", "bounces", "diverges"]
            ),
        ),
        (
            "the offsets $w_k + 1$ are 6, −3.6, 2.16, −1.296, each\n−0.6 times the one before",
            lambda: _offset_list(0.8, 4) == [6.0, -3.6, 2.16, -1.296] and math.isclose(lrlab.contraction(0.8), -0.6),
        ),
        (
            "6, −6.6, 7.26, −7.986, each −1.1 times the one\nbefore",
            lambda: _offset_list(1.05, 4) == [6.0, -6.6, 7.26, -7.986] and math.isclose(lrlab.contraction(1.05), -1.1),
        ),
        (
            "every η between 0 and $2/f'' = 1$ converges, and\n$\\eta = 1/f'' = 0.5$ lands on −1 in a single update",
            lambda: (
                lrlab.Quadratic().bounce_rate == 1
                and lrlab.Quadratic().one_step_rate == 0.5
                and lrlab.descend(0.5, steps=1).w[1] == -1
            ),
        ),
        (
            "$4\\,(w - 2)^2$, with $f'' = 8$",
            lambda: lrlab.Quadratic(a=4, centre=2).curvature == 8,
        ),
        (
            "0.125 on $(w + 1)^2$: $q = 0.75$) or\nunstable on a steeper one (0.5 on $4\\,(w - 2)^2$: $q = -3$)",
            lambda: (
                lrlab.Quadratic(a=4, centre=2).one_step_rate == 0.125
                and lrlab.contraction(0.125) == 0.75
                and lrlab.contraction(0.5, lrlab.Quadratic(a=4, centre=2)) == -3
            ),
        ),
        (
            "The best single rate for both makes the two $|q|$\nequal (0.2 here, $|q| = 0.6$ on each)",
            lambda: (
                lambda flat, steep: (
                    2 / (flat.curvature + steep.curvature) == 0.2
                    and math.isclose(lrlab.contraction(0.2, flat), -lrlab.contraction(0.2, steep))
                    and math.isclose(lrlab.contraction(0.2, flat), 0.6)
                    # the larger |q| is smallest there: any other rate is slower on one of the bowls
                    and all(
                        max(abs(lrlab.contraction(x, flat)), abs(lrlab.contraction(x, steep))) > 0.6
                        for x in np.linspace(0.01, 0.3, 59)
                        if not math.isclose(x, 0.2)
                    )
                )
            )(lrlab.Quadratic(), lrlab.Quadratic(a=4, centre=2)),
        ),
    ],
    "02": [
        (
            "(the first update used 0.1, line 0 prints 0.099)",
            lambda: (
                f"{lrlab.course_decay_run()[1].lr[0]:.6f}" == "0.100000"
                and f"{lrlab.course_decay_run()[0](1):.3f}" == "0.099"
                and lrlab.decay_table(*reversed(lrlab.course_decay_run())).splitlines()[0].count("rate is 0.099000")
                == 1
            ),
        ),
        (
            "the first factor is $1 - 1.4 = -0.4$",
            lambda: math.isclose(lrlab.contraction(0.7), -0.4) and 0.7 * lrlab.Quadratic().curvature == 1.4,
        ),
        (
            "`w` jumps across −1, every later\nfactor is positive",
            lambda: (
                lrlab.descend(lrlab.exponential_decay(0.7, 1, 0.5), steps=1).w[1] < -1
                and all(lrlab.contraction(0.7 * 0.5**k) > 0 for k in range(1, 60))
            ),
        ),
        ("stopping near 2.9", lambda: f"{lrlab.frozen_limit(lrlab.exponential_decay(0.1, 1, 0.5)):.1f}" == "2.9"),
        (
            "the true limit is a little closer to −1 than the estimate",
            lambda: all(-1 < e[1] < e[0] for e in (_fast_and_exact(0.1, 0.5), _fast_and_exact(0.01, 0.9))),
        ),
        (
            "With small rates the estimate is close",
            lambda: (
                abs(_fast_and_exact(0.01, 0.9)[0] - _fast_and_exact(0.01, 0.9)[1])
                < abs(_fast_and_exact(0.1, 0.5)[0] - _fast_and_exact(0.1, 0.5)[1]) / 5
            ),
        ),
        (
            "With η₀ = 0.7 the estimate says nothing",
            lambda: (lambda e: e[0] > -1 > e[1] and abs(e[0] - e[1]) > 0.5)(_fast_and_exact(0.7, 0.5)),
        ),
        (
            "zig-zagging\nfor a few updates and then sliding in from one side",
            lambda: _zigzags_then_glides(lrlab.descend(lrlab.exponential_decay(0.9, 1, 0.9))),
        ),
        (
            "with the no-decay run in grey zig-zagging all the way",
            lambda: bool(np.all(_signs(lrlab.descend(0.9))[:-1] * _signs(lrlab.descend(0.9))[1:] <= 0)),
        ),
        (
            "the decayed one levels off near 4 within a few updates",
            lambda: (lambda d: round(d[-1]) == 4 and abs(d[5] - d[-1]) < 0.02 * d[-1])(
                np.abs(_offsets(lrlab.exponential_decay(0.1, 1, 0.5), steps=60))
            ),
        ),
        (
            "the decayed one plunges, the grey one falls slowly along a straight line",
            lambda: (
                abs(_offsets(lrlab.exponential_decay(0.9, 1, 0.9), steps=40)[15])
                < 1e-6
                < 1e-4
                < abs(_offsets(0.9, steps=40)[40])
            ),
        ),
        ("with $\\eta_0 = 1.5$, which diverges without decay", lambda: lrlab.regime(1.5) == "diverges"),
        (
            "the rate passes 0.5 between updates 5 and 6",
            lambda: (lambda s: s(5) > 0.5 > s(6))(lrlab.exponential_decay(0.9, 1, 0.9)),
        ),
        (
            "its rate falls below the bounce rate 1 at update 8",
            lambda: (lambda s: s(7) > lrlab.Quadratic().bounce_rate > s(8))(lrlab.exponential_decay(1.5, 1, 0.95)),
        ),
        (
            "about five times further than the constant 0.1 (8.0e-04), and\nabout half a million times further than "
            "the constant 0.2 (8.0e-09)",
            lambda: (
                round(_clean_distance(lrlab.exponential_decay(0.1, 1, 0.99)) / _clean_distance(0.1)) == 5
                and 4e5 < _clean_distance(lrlab.exponential_decay(0.1, 1, 0.99)) / _clean_distance(0.2) < 6e5
            ),
        ),
        (
            "decay takes every one of them further from 0.5, so\nevery factor is larger than the constant's",
            lambda: bool(
                np.all(
                    np.abs(lrlab.contraction(lrlab.exponential_decay(0.1, 1, 0.99)(np.arange(1, 40))))
                    > lrlab.contraction(0.1)
                )
            ),
        ),
        (
            "Below $1/f''$, decay can only slow a run down",
            lambda: all(
                np.all(
                    np.diff([_clean_distance(lrlab.exponential_decay(eta0, 1, g)) for g in np.linspace(0.8, 1, 41)]) < 0
                )
                for eta0 in (0.05, 0.1, 0.2, 0.3, 0.5 - 1e-9)
            ),
        ),
        (
            "From 0.1 and 0.2 the best decay rate is γ = 1: no decay at all",
            lambda: all(_best_decay_rate(eta0) == 1.0 for eta0 in (0.1, 0.2)),
        ),
        (
            "No entry beats the constant 0.5, exactly on −1\nafter one update",
            lambda: (
                _clean_distance(0.5, steps=1) == 0
                and lrlab.descend(0.5, steps=1).w[1] == -1
                and all(
                    _clean_distance(lrlab.exponential_decay(eta0, 1, _best_decay_rate(eta0))) > 0 for eta0 in (0.9, 1.5)
                )
            ),
        ),
        (
            "the best decay\nis far better than none (1.8e-29 against 8.0e-04, 3.8e-18 against 6.6e+12)",
            lambda: all(
                f"{_clean_distance(lrlab.exponential_decay(eta0, 1, _best_decay_rate(eta0))):.1e}" == best
                and f"{_clean_distance(eta0):.1e}" == none
                for eta0, best, none in ((0.9, "1.8e-29", "8.0e-04"), (1.5, "3.8e-18", "6.6e+12"))
            ),
        ),
        (
            "decay helps a rate set above it\n(so when $f''$ is not known)",
            lambda: all(
                _clean_distance(lrlab.exponential_decay(eta0, 1, _best_decay_rate(eta0))) < _clean_distance(eta0)
                for eta0 in (0.6, 0.9, 1.2, 1.5)
            ),
        ),
        (
            "(0.8 to 1, 0.001 apart)",
            lambda: np.allclose(np.diff(np.linspace(0.8, 1.0, 201)), 0.001),
        ),
        (
            "while the budget of 1.40 predicts −0.6351",
            lambda: f"{0.7 / (1 - 0.5):.2f}" == "1.40" and f"{_fast_and_exact(0.7, 0.5)[0]:.4f}" == "-0.6351",
        ),
    ],
    "03": [
        (
            "116\ninitial rates from 0.01 to 2 (on a log scale) times 81 decay rates from 0.8 to 1",
            lambda: (
                len(LAB_RATES) == 116
                and math.isclose(LAB_RATES[0], 0.01)
                and round(LAB_RATES[-1], 2) == 2.0
                and len(LAB_DECAY_RATES) == 81
                and (LAB_DECAY_RATES[0], LAB_DECAY_RATES[-1]) == (0.8, 1.0)
            ),
        ),
        ("the rate soon falls below the bounce\n  rate 1", lambda: lrlab.Quadratic().bounce_rate == 1.0),
        (
            "the rates are small from the start, so $\\ln|d_\\infty/d_0|$ is close to\n  $-f''$ times the budget",
            lambda: all(
                abs(
                    math.log(abs(lrlab.frozen_limit(lrlab.exponential_decay(eta0, 1, 0.8)) + 1) / 6)
                    + 2 * eta0 / (1 - 0.8)
                )
                < 0.25 * 2 * eta0 / (1 - 0.8)
                for eta0 in (0.01, 0.05, 0.1)
            ),
        ),
        (
            "`w` jumps across −1 further and further\nfor the first updates, then, once the rate has fallen below 1, "
            "zig-zags back in and arrives",
            lambda: (
                lambda d: (
                    bool(np.all(np.diff(np.abs(d[:9])) > 0))
                    and abs(d[-1]) < 1e-3
                    and bool(np.all(d[:9][:-1] * d[:9][1:] < 0))
                )
            )(_offsets(lrlab.exponential_decay(1.5, 1, 0.95))),
        ),
        (
            "rising for 8 updates to above 100, then plunging until `w` equals −1 exactly",
            lambda: (lambda d: int(np.argmax(np.abs(d))) == 8 and np.abs(d).max() > 100 and bool(np.any(d == 0)))(
                _offsets(lrlab.exponential_decay(1.5, 1, 0.95))
            ),
        ),
        (
            "the rate\nfirst drops below 1 at update 8 (0.995), by which time `w` is 150 from −1",
            lambda: (
                lambda s, d: (
                    s(7) > 1 > s(8)
                    and f"{s(8):.3f}" == "0.995"
                    and round(float(np.abs(d[8]))) == 150
                    and int(np.argmax(np.abs(d))) == 8
                )
            )(lrlab.exponential_decay(1.5, 1, 0.95), _offsets(lrlab.exponential_decay(1.5, 1, 0.95))),
        ),
        (
            "`w` is within 0.001 of −1 after 21 updates. A constant 0.5 is\nthere after one",
            lambda: (
                lrlab.steps_to_reach(lrlab.descend(lrlab.exponential_decay(1.5, 1, 0.95), steps=100)) == 21
                and lrlab.steps_to_reach(lrlab.descend(0.5, steps=5)) == 1
            ),
        ),
        (
            "its lower border runs flat at about η₀ = 0.5 on the left and bends down towards the right\nedge",
            lambda: (
                lambda m: (
                    [n for n, _, _ in m.column(0)][:2] == ["frozen", "arrived"]
                    and round(m.column(0)[1][1], 1) == 0.5
                    and round(m.column(4)[1][1], 1) == 0.5
                    and min(lo for n, lo, _ in m.column(-5) if n == "arrived") < 0.1
                )
            )(outcome_map(LAB_RATES, LAB_DECAY_RATES, steps=100)),
        ),
        (
            '"Frozen" does not move at all',
            lambda: np.array_equal(_codes(100) == _code("frozen"), _codes(300) == _code("frozen")),
        ),
        (
            '"Not there yet" and "still\nzig-zagging" mostly turn into "arrived"',
            lambda: (
                np.mean(
                    _codes(300)[(_codes(100) == _code("not there yet")) | (_codes(100) == _code("still zig-zagging"))]
                    == _code("arrived")
                )
                > 0.5
            ),
        ),
        (
            "Its curvature $f''$ is 8\n   instead of 2",
            lambda: (lrlab.Quadratic(a=4, centre=2).curvature, lrlab.Quadratic().curvature) == (8, 2),
        ),
        ("at the bounce rate $\\eta = 2/f'' = 1$", lambda: lrlab.Quadratic().bounce_rate == 1),
        (
            '"Arrived" is not "best": the constant $1/f\'\'$ arrives after one update',
            lambda: lrlab.descend(lrlab.Quadratic().one_step_rate, steps=1).w[1] == -1,
        ),
        (
            '$\\eta_0 = 0.05$, $\\gamma = 0.99$ is\n"not there yet"',
            lambda: (
                OUTCOMES[lrlab.outcomes.classify(lrlab.descend(lrlab.exponential_decay(0.05, 1, 0.99), steps=100))]
                == "not there yet"
            ),
        ),
    ],
}

# Numbers the prose gives as settings of a question (not results): allowed without a computation.
GIVEN = {"01": {"0.3", "0.75"}, "02": {"0.4", "1.5"}, "03": set()}


#: "Step" has one meaning left in notebooks 1 and 2: counts are updates and η·gradient is the move. These are the
#: only places the word may stay (outside code): Keras's decay steps, the course's printed "After k steps", the
#: regime "one step" (one update), and the glossary or table rows that say what "a step" means.
STEP_KEPT = {
    "en": r'decay steps|After (0|\$k\$) steps|one[ -]step|"a step"|"Step"|move, step',
    "zh": r"衰减步数|一步到位|“一步”|“步”|移动量；步|步数上限|起步",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", ["01", "02"])
def test_step_means_nothing_but_the_kept_names_in_notebooks_1_and_2(name, lang):
    path = BY_NAME[name] if lang == "en" else ZH_NOTEBOOKS[0].parent / BY_NAME[name].name
    text = re.sub(r"`[^`]*`", "", re.sub(r"```.*?```", "", markdown(path), flags=re.S))
    left = re.sub(STEP_KEPT[lang], "", text)
    found = re.findall(r"(?i)\bsteps?\b" if lang == "en" else r".{0,6}步.{0,6}", left)
    assert not found, f"'step' where an update or a move is meant: {found}"


GLOSSARY_TERMS = [
    "expected loss",
    "noise floor",
    "optimal schedule",
    "best constant rate",
    "momentum",
    "heavy ball",
    "first moment",
    "second moment",
    "bias correction",
    "epsilon",
]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_glossary_covers_every_notebook(lang):
    """Notebook 1's glossary says how many notebooks it covers (as many as there are), cites each of them, and holds
    the terms of notebooks 4 and 5 (the Chinese one gives each English term beside its Chinese)."""
    path = BY_NAME["01"] if lang == "en" else ZH_NOTEBOOKS[0].parent / BY_NAME["01"].name
    glossary = "".join(cells(path)[-1]["source"])
    count = len(NOTEBOOKS)
    number = {"en": ["one", "two", "three", "four", "five", "six"], "zh": "一二三四五六"}[lang][count - 1]
    assert (f"all {number} notebooks" if lang == "en" else f"{number}本笔记本通用") in glossary.splitlines()[0]
    for n in range(2, count + 1):
        assert (f"notebook {n}" if lang == "en" else f"第 {n} 本笔记本") in glossary
    for term in GLOSSARY_TERMS:
        assert term in glossary.lower()


@pytest.mark.parametrize("folder", [NOTEBOOKS[0].parent, ZH_NOTEBOOKS[0].parent], ids=["en", "zh"])
def test_notebook_2_asks_its_decay_question_before_the_numbers_that_answer_it(folder):
    """The prediction "decayed course run or constant 0.1?" comes before the cell that prints the constant 0.9's
    distance, which equals the constant 0.1's (|1 − 2η| is the same for both)."""
    cs = cells(folder / BY_NAME["02"].name)
    asked = [
        i
        for i, c in enumerate(cs)
        if c["cell_type"] == "markdown"
        and "0.1" in "".join(c["source"])
        and re.search(r"\*\*(Predict first\.|先预测。)\*\*[^\n]*η₀ = 0\.1", "".join(c["source"]))
    ]
    answered = [i for i, c in enumerate(cs) if c["cell_type"] == "code" and "8.0e-04" in output_text(c)]
    assert math.isclose(_clean_distance(0.9), _clean_distance(0.1))
    assert asked and answered and asked[0] < answered[0]


@pytest.mark.parametrize(
    ("nb", "quote", "check"),
    [(nb, q, c) for nb, rows in CLAIMS.items() for q, c in rows],
    ids=lambda x: x if isinstance(x, str) and len(x) < 3 else None,
)
def test_claims_in_the_prose_are_true(nb, quote, check):
    assert quote in markdown(BY_NAME[nb]), "the quoted sentence is no longer in the notebook"
    result = check()
    assert isinstance(result, (bool, np.bool_)) and result


@pytest.mark.parametrize("path", TAUGHT, ids=lambda p: p.name)
def test_every_number_in_the_prose_is_computed_or_checked(path):
    nb = path.name[:2]
    produced = ("\n".join(code_sources(path)) + outputs(path)).replace("−", "-")
    claimed = " ".join(q for q, _ in CLAIMS[nb]).replace("−", "-")
    unchecked = set()
    for number in re.findall(r"(?<![\w.])\d+\.\d+", markdown(path).replace("−", "-")):
        if number not in produced and number not in claimed and number not in GIVEN[nb]:
            unchecked.add(number)
    assert not unchecked, f"numbers in the prose that nothing computes or checks: {sorted(unchecked)}"
