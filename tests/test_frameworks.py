"""lrlab against numbers recorded from real TensorFlow 1, Keras 3 and PyTorch.

The numbers come from tools/record_frameworks.py (run in a scratch environment;
the frameworks are not dependencies). Constant rates must match TensorFlow bit
for bit in float32; decayed runs within 1e-5 relative.
"""

import json
from pathlib import Path

import numpy as np
import pytest

import lrlab

DATA = json.loads((Path(__file__).parent / "data" / "frameworks.json").read_text())


def f32(values):
    return np.asarray(values, dtype=np.float32)


def _id(run):
    return "-".join(
        f"{k}={run[k]}"
        for k in ("learning_rate", "decay_steps", "decay_rate", "staircase", "scheduler", "w0", "steps")
        if k in run
    )


def test_recorded_data_is_present():
    assert DATA["versions"]["tensorflow"].startswith("2.")
    assert len(DATA["tf1_constant"]) >= 10 and len(DATA["tf1_decay"]) >= 5
    assert len(DATA["torch"]) >= 5 and len(DATA["keras_schedule"]) >= 5


@pytest.mark.parametrize("run", DATA["tf1_constant"], ids=_id)
def test_tf1_constant_rate_is_bit_exact(run):
    # The recorded field "curvature" is a in a·(w − c)² (TF's loss was a * tf.square(w - c)), recorded before
    # lrlab called f″ = 2a the curvature. a is Quadratic's first positional argument.
    a = run["curvature"]
    loss = lrlab.Quadratic(a, run["centre"])
    assert (loss.a, loss.curvature) == (a, 2 * a)
    t = lrlab.descend(run["learning_rate"], w0=run["w0"], steps=run["steps"], loss=loss)
    np.testing.assert_array_equal(t.w, f32(run["w"]))
    np.testing.assert_array_equal(t.loss, f32(run["loss"]))


def test_seed_program_is_the_first_record():
    seed = DATA["tf1_constant"][0]
    assert (seed["learning_rate"], seed["w0"], seed["steps"]) == (0.2, 5.0, 40)
    assert f"{seed['loss'][1]:f}" == "12.959999"


@pytest.mark.parametrize("run", DATA["tf1_decay"], ids=_id)
def test_tf1_exponential_decay(run):
    sched = lrlab.exponential_decay(
        run["learning_rate"], run["decay_steps"], run["decay_rate"], staircase=run["staircase"]
    )
    t = lrlab.descend(sched, w0=run["w0"], steps=run["steps"])
    np.testing.assert_allclose(t.lr, f32(run["lr"]), rtol=1e-5)
    np.testing.assert_allclose(t.w, f32(run["w"]), rtol=1e-5, atol=1e-6)
    printed = sched(np.arange(1, run["steps"] + 1), dtype=np.float32)
    np.testing.assert_allclose(printed, f32(run["lr_printed"]), rtol=1e-5)


def test_course_decay_table_matches_tensorflow_digits():
    run = DATA["tf1_decay"][0]
    assert (run["learning_rate"], run["decay_rate"], run["decay_steps"], run["staircase"]) == (0.1, 0.99, 1, True)
    sched, traj = lrlab.course_decay_run()
    for i, line in enumerate(lrlab.decay_table(traj, sched).splitlines()):
        assert f"w is {run['w'][i + 1]:f}," in line
        assert f"learning rate is {run['lr_printed'][i]:f}," in line
        assert line.endswith(f"loss is {run['loss'][i + 1]:f}")


@pytest.mark.parametrize("run", DATA["keras_schedule"], ids=_id)
def test_keras3_exponential_decay_schedule(run):
    sched = lrlab.exponential_decay(
        run["learning_rate"], run["decay_steps"], run["decay_rate"], staircase=run["staircase"]
    )
    np.testing.assert_allclose(sched(np.arange(run["steps"] + 1), dtype=np.float32), f32(run["lr"]), rtol=1e-5)


@pytest.mark.parametrize("run", DATA["keras_sgd"], ids=_id)
def test_keras3_sgd_with_exponential_decay(run):
    sched = lrlab.exponential_decay(
        run["learning_rate"], run["decay_steps"], run["decay_rate"], staircase=run["staircase"]
    )
    t = lrlab.descend(sched, w0=run["w0"], steps=run["steps"])
    np.testing.assert_allclose(t.w, f32(run["w"]), rtol=1e-5, atol=1e-6)


def _torch_schedule(run):
    if run["scheduler"] is None:
        return run["learning_rate"]
    kw = run["kwargs"]
    if run["scheduler"] == "ExponentialLR":  # lr * gamma ** k
        return lrlab.exponential_decay(run["learning_rate"], 1, kw["gamma"])
    assert run["scheduler"] == "StepLR"  # lr * gamma ** (k // step_size)
    return lrlab.exponential_decay(run["learning_rate"], kw["step_size"], kw["gamma"], staircase=True)


@pytest.mark.parametrize("run", DATA["torch"], ids=_id)
def test_pytorch_sgd_with_schedulers(run):
    t = lrlab.descend(_torch_schedule(run), w0=run["w0"], steps=run["steps"])
    np.testing.assert_allclose(t.lr, np.asarray(run["lr"]), rtol=1e-5)
    np.testing.assert_allclose(t.w, f32(run["w"]), rtol=1e-5, atol=1e-5)


def test_forgotten_global_step_matches_tensorflow():
    run = DATA["tf1_forgot_global_step"][0]
    assert run["global_step_printed"] == [0] * run["steps"]
    sched, _ = lrlab.course_decay_run()
    stuck = lrlab.descend(0.1, steps=run["steps"])  # the rate stays at schedule(0) = 0.1
    np.testing.assert_array_equal(stuck.w, f32(run["w"]))
    for i, line in enumerate(lrlab.decay_table(stuck, sched, forgot_global_step=True).splitlines()):
        assert line == (
            "After %d steps: global_step is %f, w is %f, learning rate is %f, loss is %f"  # noqa: UP031
            % (i, 0, run["w"][i + 1], run["lr_printed"][i], run["loss"][i + 1])
        )


# --- Keras 3's other schedules, PyTorch's schedulers, the course's TF2 edition -----------------------


def _keras_id(run):
    return f"{run['schedule']}-" + "-".join(f"{k}={v}" for k, v in run["kwargs"].items())


def _from_keras(name, kwargs):
    """The lrlab schedule for a Keras 3 schedule: same names, but `initial_learning_rate` is `learning_rate`."""
    kw = dict(kwargs)
    if name == "PiecewiseConstantDecay":
        return lrlab.piecewise_constant(**kw)
    kw["learning_rate"] = kw.pop("initial_learning_rate")
    make = {
        "PolynomialDecay": lrlab.polynomial_decay,
        "InverseTimeDecay": lrlab.inverse_time_decay,
        "CosineDecay": lrlab.cosine_decay,
    }[name]
    return make(**kw)


def test_new_keras_schedules_were_recorded():
    names = {run["schedule"] for run in DATA["keras_schedules"]}
    assert names == {"PiecewiseConstantDecay", "PolynomialDecay", "InverseTimeDecay", "CosineDecay"}
    kwargs = [run["kwargs"] for run in DATA["keras_schedules"]]
    assert any(kw.get("cycle") for kw in kwargs) and any(kw.get("staircase") for kw in kwargs)
    assert any(kw.get("alpha") for kw in kwargs) and any(kw.get("warmup_target") for kw in kwargs)


@pytest.mark.parametrize("run", DATA["keras_schedules"], ids=_keras_id)
def test_keras3_schedules_match_in_float32(run):
    sched = _from_keras(run["schedule"], run["kwargs"])
    k = np.arange(run["last_step"] + 1)
    np.testing.assert_allclose(sched(k, dtype=np.float32), f32(run["lr"]), rtol=1e-6, atol=0)


def test_keras_piecewise_constant_keeps_the_old_value_at_the_boundary():
    run = next(r for r in DATA["keras_schedules"] if r["kwargs"].get("boundaries") == [10, 20, 35])
    lr = run["lr"]
    assert lr[10] == lr[0] != lr[11]  # Keras: values[0] while step <= boundaries[0]
    sched = _from_keras(run["schedule"], run["kwargs"])
    assert sched(10) == 0.5 and sched(11) == 0.25


def _torch_id(run):
    return (
        "+".join(name for name, _ in run["schedulers"])
        + f"-lr={run['learning_rate']}-"
        + "-".join(f"{k}={v}" for _, kw in run["schedulers"] for k, v in kw.items())
    )


def _from_torch(learning_rate, name, kw):
    """The lrlab schedule for a PyTorch scheduler stepped once per epoch (k = the epoch)."""
    if name == "PolynomialLR":  # always ends at 0
        return lrlab.polynomial_decay(learning_rate, kw["total_iters"], end_learning_rate=0.0, power=kw["power"])
    if name == "CosineAnnealingLR":  # eta_min is absolute, Keras's alpha a fraction
        return lrlab.cosine_decay(learning_rate, kw["T_max"], alpha=kw["eta_min"] / learning_rate)
    if name == "MultiStepLR":  # switches *at* a milestone, Keras one step later
        values = [learning_rate * kw["gamma"] ** i for i in range(len(kw["milestones"]) + 1)]
        return lrlab.piecewise_constant([m - 1 for m in kw["milestones"]], values)
    if name == "LinearLR":  # factors of the base rate
        return lrlab.linear_schedule(
            kw["start_factor"] * learning_rate, kw["end_factor"] * learning_rate, kw["total_iters"]
        )
    assert name == "ExponentialLR"
    return lrlab.exponential_decay(learning_rate, 1, kw["gamma"])


def _scheduler_schedule(run_):
    lr = run_["learning_rate"]
    parts = [_from_torch(lr, name, kw) for name, kw in run_["schedulers"]]
    if run_["milestones"]:  # SequentialLR: each scheduler after the first restarts at its milestone
        return lrlab.join(parts, run_["milestones"])
    return parts[0]


def _comparable_epochs(run_):
    """CosineAnnealingLR climbs back up after T_max; Keras's cosine (and lrlab's) stays down."""
    name, kw = run_["schedulers"][0]
    return min(run_["epochs"], kw["T_max"] + 1) if name == "CosineAnnealingLR" else run_["epochs"]


def test_pytorch_schedulers_were_recorded():
    names = {name for run in DATA["torch_schedulers"] for name, _ in run["schedulers"]}
    assert {"PolynomialLR", "CosineAnnealingLR", "MultiStepLR", "LinearLR", "ExponentialLR"} <= names
    assert any(run["milestones"] for run in DATA["torch_schedulers"])  # SequentialLR


@pytest.mark.parametrize("run", DATA["torch_schedulers"], ids=_torch_id)
def test_pytorch_schedulers_match(run):
    n = _comparable_epochs(run)
    sched = _scheduler_schedule(run)
    np.testing.assert_allclose(sched(np.arange(n)), np.asarray(run["lr"][:n]), rtol=1e-6, atol=1e-15)
    t = lrlab.descend(sched, w0=run["w0"], steps=n)
    np.testing.assert_allclose(t.w, f32(run["w"][: n + 1]), rtol=1e-5, atol=1e-5)


def test_pytorch_multistep_switches_at_the_milestone():
    run = next(
        r
        for r in DATA["torch_schedulers"]
        if r["schedulers"][0] == ["MultiStepLR", {"milestones": [10, 25], "gamma": 0.1}]
    )
    assert run["lr"][9] == 0.5 and run["lr"][10] == pytest.approx(0.05)
    keras_way = lrlab.piecewise_constant([10, 25], [0.5, 0.05, 0.005])  # the same numbers typed into Keras
    assert keras_way(10) == 0.5  # one epoch later than PyTorch


def test_pytorch_cosine_annealing_climbs_back_after_t_max_where_keras_stays():
    run = next(
        r
        for r in DATA["torch_schedulers"]
        if r["schedulers"][0][0] == "CosineAnnealingLR" and r["epochs"] > 2 * r["schedulers"][0][1]["T_max"]
    )
    t_max, eta_min = run["schedulers"][0][1]["T_max"], run["schedulers"][0][1]["eta_min"]
    sched = _scheduler_schedule(run)
    assert run["lr"][t_max] == pytest.approx(eta_min)
    assert run["lr"][2 * t_max] == pytest.approx(run["learning_rate"])  # PyTorch: a full period later, back at the top
    assert sched(2 * t_max) == pytest.approx(eta_min)  # Keras / lrlab: stays at alpha * lr


def test_sequential_warmup_then_exponential_decay_is_one_join():
    run = next(r for r in DATA["torch_schedulers"] if r["milestones"])
    warm = lrlab.join([lrlab.linear_schedule(0.02, 0.2, 5), lrlab.exponential_decay(0.2, 1, 0.99)], [5])
    assert [name for name, _ in run["schedulers"]] == ["LinearLR", "ExponentialLR"] and run["milestones"] == [5]
    np.testing.assert_allclose(warm(np.arange(run["epochs"])), run["lr"], rtol=1e-6)
    assert run["lr"][5] == pytest.approx(0.2) and run["lr"][6] == pytest.approx(0.198)


TF2 = DATA["tf2_course"]


def test_tf2_course_record_is_the_courses_program():
    assert (TF2["LR_BASE"], TF2["LR_DECAY"], TF2["LR_STEP"], TF2["w0"], TF2["epochs"]) == (0.2, 0.99, 1, 5.0, 40)
    # the line the course's current edition prints first (loss before the update, lr used)
    assert TF2["printed"][0] == "After 0 epoch,w is 2.600000,loss is 36.000000,lr is 0.200000"
    assert len(TF2["printed"]) == len(TF2["lr"]) == len(TF2["loss"]) == len(TF2["w"]) - 1 == 40


def test_tf2_course_run_matches_tensorflow_2_bit_for_bit():
    schedule, run = lrlab.course_tf2_run()
    np.testing.assert_array_equal(run.w, f32(TF2["w"]))
    np.testing.assert_array_equal(run.loss[:-1], f32(TF2["loss"]))  # the loss each epoch computed
    np.testing.assert_array_equal(run.lr, f32(TF2["lr"]))  # TF2 rounds its Python-float rate to float32
    np.testing.assert_allclose(schedule(np.arange(40), dtype=np.float64), TF2["lr"], rtol=1e-15)


def test_exponential_decay_in_float32_is_within_1e_6_of_tensorflow_2():
    """TF1/Keras work the rate out in float32, TF2's loop in float64: the last bits can differ."""
    plain = lrlab.descend(lrlab.exponential_decay(0.2, 1, 0.99))
    assert not np.array_equal(plain.lr, f32(TF2["lr"]))  # why course_tf2_run uses in_float64
    np.testing.assert_allclose(plain.lr, f32(TF2["lr"]), rtol=1e-6)
    worst = np.max(np.abs(plain.lr.astype(np.float64) / np.asarray(TF2["lr"]) - 1))
    assert 1e-7 < worst < 5e-7  # in_float64's docstring: "up to about 4e-7 relative"
    np.testing.assert_allclose(plain.w, f32(TF2["w"]), rtol=0, atol=2.5e-7)
    assert lrlab.tf2_table(plain).splitlines() != TF2["printed"]  # lines 7 and 8 differ in the 6th decimal


def test_tf2_table_prints_the_courses_lines_digit_for_digit():
    _, run = lrlab.course_tf2_run()
    assert lrlab.tf2_table(run).splitlines() == TF2["printed"]


def test_one_decay_per_epoch_in_steps_and_in_epochs():
    """decay_steps = examples / batch_size, staircase: per batch (TF1, Keras) equals per epoch (PyTorch)."""
    rec = DATA["steps_vs_epochs"]
    per_epoch_steps = rec["examples"] // rec["batch_size"]
    assert rec["decay_steps"] == per_epoch_steps == 300
    sched = lrlab.exponential_decay(rec["learning_rate"], rec["decay_steps"], rec["decay_rate"], staircase=True)
    k = np.arange(len(rec["tf1_per_batch"]))
    np.testing.assert_allclose(sched(k, dtype=np.float32), f32(rec["tf1_per_batch"]), rtol=1e-6)
    np.testing.assert_array_equal(rec["keras_per_batch"], rec["tf1_per_batch"])
    # the rate is constant inside each epoch and drops on its first batch
    epoch_of = k // per_epoch_steps
    np.testing.assert_allclose(sched(k), np.asarray(rec["torch_per_epoch"])[epoch_of], rtol=1e-6)
    assert sched(per_epoch_steps - 1) == rec["learning_rate"] > sched(per_epoch_steps)
    # PyTorch's epoch counter is the step counter divided by the batches per epoch
    per_epoch = lrlab.exponential_decay(rec["learning_rate"], 1, rec["decay_rate"])
    np.testing.assert_allclose(per_epoch(np.arange(rec["epochs"] + 1)), rec["torch_per_epoch"], rtol=1e-12)
