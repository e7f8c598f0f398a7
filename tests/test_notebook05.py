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
    assert abs(float(keras_step[1] - keras_step[0])) > 10 * step  # the "starts at 0" hint is far off


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


# ---------------------------------------------------------------- the stored notebook

import functools  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import re  # noqa: E402
from pathlib import Path  # noqa: E402

from lrlab.optimizers import best_momentum, course, torch  # noqa: E402

PATH = Path(__file__).resolve().parent.parent / "notebooks" / "05_optimizers.ipynb"
TWIN = PATH.parent / "zh" / PATH.name


def cells(path=PATH):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell) -> str:
    return "".join(cell["source"])


def markdown(path=PATH) -> str:
    return "\n\n".join(source(c) for c in cells(path) if c["cell_type"] == "markdown")


def code_sources(path=PATH) -> list[str]:
    return [source(c) for c in cells(path) if c["cell_type"] == "code"]


def output_text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        parts.append("".join(out.get("text", "")))
        data = out.get("data", {})
        parts.append("".join(data.get("text/plain", "")) + "".join(data.get("text/markdown", "")))
    return "\n".join(parts)


def outputs(path=PATH) -> str:
    return "\n".join(output_text(c) for c in cells(path) if c["cell_type"] == "code")


def index_of(text: str) -> int:
    (i,) = [i for i, c in enumerate(cells()) if c["cell_type"] == "markdown" and text in source(c)]
    return i


def shown_before(text: str) -> str:
    """What a student has seen before the prompt ``text``: markdown, code and stored outputs above it, and its own
    cell up to it."""
    i = index_of(text)
    seen = [source(c) if c["cell_type"] == "markdown" else output_text(c) + source(c) for c in cells()[:i]]
    own = source(cells()[i])
    return "\n".join([*seen, own[: own.index(text)]])


def test_stored_outputs_are_clean_in_order_and_checked():
    counts = []
    for cell in cells():
        if cell["cell_type"] != "code":
            continue
        counts.append(cell["execution_count"])
        for out in cell["outputs"]:
            assert out["output_type"] != "error"
            assert not (out["output_type"] == "stream" and out["name"] == "stderr"), out.get("text")
        text = output_text(cell)
        assert not re.search(r"<matplotlib\.\w+ at 0x|np\.float(32|64)\(|object at 0x", text)
        if "print(" in source(cell):
            assert "nbval-check-output" in cell["metadata"].get("tags", []) and re.search(r"\d", text)
    assert counts == list(range(1, len(counts) + 1))


def test_every_picture_has_its_description_before_it_and_shows():
    last_md, pictures = "", 0
    for cell in cells():
        src = source(cell)
        if cell["cell_type"] == "markdown":
            last_md = src
        elif "picture(" in src:
            pictures += 1
            assert re.search(r"\*(Left|The (picture|map)|No kernel running)[^*]{60,}\*", last_md), src
            assert any("image/png" in out.get("data", {}) for out in cell["outputs"])
    assert pictures == 3


def test_short_code_cells_and_the_first_cell_holds_the_imports():
    code = code_sources()
    assert max(len(s.splitlines()) for s in code) <= 8
    assert all(line.startswith(("import ", "from ")) for line in code[0].splitlines())


def test_one_explorer_with_a_static_picture_a_prediction_before_and_what_you_saw_after():
    code = code_sources()
    live = [i for i, s in enumerate(code) if re.search(r"^\w+ = OptimizerExplorer\(", s, flags=re.M)]
    assert len(live) == 1
    (i,) = live
    assert code[i + 1] == "picture(explorer.figure())"
    k = [n for n, c in enumerate(cells()) if source(c) == code[i]][0]
    before, after = source(cells()[k - 1]), source(cells()[k + 2])
    assert "**Predict first.**" in before and "No kernel running" in before
    assert after.startswith("**What you saw, and why.**")


# ---------------------------------------------------------------- the core path (the rule of notebook 04)

WORDS_PER_MINUTE = 150
MINUTES_PER_CODE_CELL, MINUTES_PER_EXERCISE, MINUTES_PER_EXPLORER = 0.5, 3.0, 5.0
CORE_BUDGET = 30
GOING_FURTHER = ("Going further", "延伸")


def core_minutes(path=PATH) -> float:
    words, minutes, core = 0, 0.0, True
    for cell in cells(path):
        src = source(cell)
        if cell["cell_type"] == "markdown":
            for line in src.split("\n"):
                head = re.match(r"#{1,2} (.*)", line)
                if head:
                    core = not head.group(1).startswith(GOING_FURTHER)
                if core:
                    words += len(line.split())
        elif core:
            if re.match(r"^nb05\.\w+\(", src):
                minutes += MINUTES_PER_EXERCISE
            elif re.search(r"^\w+ = OptimizerExplorer\(", src, flags=re.M):
                minutes += MINUTES_PER_EXPLORER
            else:
                minutes += MINUTES_PER_CODE_CELL
    return words / WORDS_PER_MINUTE + minutes


def test_the_core_path_is_marked_at_the_top_and_fits_30_minutes():
    top = source(cells()[0])
    stated = re.search(r"\*\*Core path\*\* \(about (\d+) minutes\)", top)
    assert stated and int(stated.group(1)) == round(core_minutes()) and core_minutes() <= CORE_BUDGET
    assert "**Going further:**" in top
    if TWIN.exists():
        zh_top = source(cells(TWIN)[0])
        assert re.search(r"\*\*核心路径\*\*（约 (\d+) 分钟）", zh_top).group(1) == stated.group(1)


def test_going_further_comes_after_the_summary_and_the_core_exercises():
    heads = re.findall(r"^## (.+)$", markdown(), flags=re.M)
    summary, exercises = heads.index("Summary"), heads.index("Exercises")
    further = [i for i, h in enumerate(heads) if h.startswith("Going further")]
    assert summary < exercises < further[0] and further == list(range(further[0], len(heads)))
    assert re.findall(r"^\*\*(\d+)\.", markdown(), flags=re.M) == ["1", "2", "3", "4"]
    assert [s for s in code_sources() if s.startswith("nb05.")] == [
        "nb05.best_momentum(None)",
        "nb05.largest_rate(None)",
        "nb05.tf1_first_step(None)",
        "nb05.adam_first_step(None)",
    ]


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
    seen = shown_before(prompt)
    assert "**Predict first.**" in source(cells()[index_of(prompt)])
    for answer in answers:
        assert answer not in seen, answer


def test_every_prediction_prompt_is_checked_above():
    assert len(re.findall(r"\*\*Predict(, then check| first)\.\*\*", markdown())) == len(PROMPTS)


def test_exercise_answers_are_not_shown():
    shown = outputs() + "\n".join(code_sources()) + markdown()
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
    assert phrase in markdown(), phrase
    assert check()


def test_every_decimal_number_of_the_prose_comes_from_a_cell_or_a_checked_claim():
    produced = outputs() + "\n".join(code_sources()) + "\n".join(c[0] for c in CLAIMS)
    for number in set(re.findall(r"(?<![\d.])\d+\.\d+", markdown())):
        assert number in produced, number
