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
    return "-".join(f"{k}={run[k]}" for k in ("learning_rate", "decay_steps", "decay_rate", "staircase",
                                                "scheduler", "w0", "steps") if k in run)


def test_recorded_data_is_present():
    assert DATA["versions"]["tensorflow"].startswith("2.")
    assert len(DATA["tf1_constant"]) >= 10 and len(DATA["tf1_decay"]) >= 5
    assert len(DATA["torch"]) >= 5 and len(DATA["keras_schedule"]) >= 5


@pytest.mark.parametrize("run", DATA["tf1_constant"], ids=_id)
def test_tf1_constant_rate_is_bit_exact(run):
    loss = lrlab.Quadratic(run["curvature"], run["centre"])
    t = lrlab.descend(run["learning_rate"], w0=run["w0"], steps=run["steps"], loss=loss)
    np.testing.assert_array_equal(t.w, f32(run["w"]))
    np.testing.assert_array_equal(t.loss, f32(run["loss"]))


def test_seed_program_is_the_first_record():
    seed = DATA["tf1_constant"][0]
    assert (seed["learning_rate"], seed["w0"], seed["steps"]) == (0.2, 5.0, 40)
    assert f"{seed['loss'][1]:f}" == "12.959999"


@pytest.mark.parametrize("run", DATA["tf1_decay"], ids=_id)
def test_tf1_exponential_decay(run):
    sched = lrlab.exponential_decay(run["learning_rate"], run["decay_steps"], run["decay_rate"],
                                    staircase=run["staircase"])
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
    sched = lrlab.exponential_decay(run["learning_rate"], run["decay_steps"], run["decay_rate"],
                                    staircase=run["staircase"])
    np.testing.assert_allclose(sched(np.arange(run["steps"] + 1), dtype=np.float32), f32(run["lr"]), rtol=1e-5)


@pytest.mark.parametrize("run", DATA["keras_sgd"], ids=_id)
def test_keras3_sgd_with_exponential_decay(run):
    sched = lrlab.exponential_decay(run["learning_rate"], run["decay_steps"], run["decay_rate"],
                                    staircase=run["staircase"])
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
        assert line == ("After %d steps: global_step is %f, w is %f, learning rate is %f, loss is %f"  # noqa: UP031
                        % (i, 0, run["w"][i + 1], run["lr_printed"][i], run["loss"][i + 1]))
