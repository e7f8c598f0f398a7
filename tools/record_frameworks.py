"""Record what real TensorFlow 1 and 2, PyTorch and Keras 3 compute, for lrlab's tests.

These frameworks are never dependencies of lrlab. Run this script in a scratch
virtual environment of its own::

    python3 -m venv /tmp/fw && /tmp/fw/bin/pip install tensorflow-cpu==2.21.0 keras==3.15.1 torch==2.13.0
    /tmp/fw/bin/python tools/record_frameworks.py          # writes tests/data/frameworks.json

Every run is gradient descent on ``a * (w - c)**2`` in float32. For each run the
file keeps the settings, the framework's version, and ``w`` (w0, then after
each update), the loss at each of those, and the rate each update used.
``keras_schedules`` keeps the rates of Keras 3's other schedules at steps
0..last_step; ``torch_schedulers`` SGD runs with one ``scheduler.step()`` per
epoch; ``tf2_course`` the course's TensorFlow 2 edition (eager GradientTape,
the rate worked out in Python) with the lines it prints; ``steps_vs_epochs`` one
decay per epoch as TF1 and Keras write it (per batch) and PyTorch (per epoch).
"""

from __future__ import annotations

import json
import os
import platform
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "frameworks.json"

# (learning_rate, w0, steps, a, centre): the loss a * (w - c)**2. The JSON field "curvature" holds a
# (named before lrlab called f'' = 2a the curvature); it is kept so the recorded file stays the same.
CONSTANT_RUNS = [
    (0.2, 5.0, 40, 1.0, -1.0),  # the seed's program
    (1.0, 5.0, 40, 1.0, -1.0),  # bounces between 5 and -7
    (0.0001, 5.0, 40, 1.0, -1.0),  # creeps
    (0.5, 5.0, 10, 1.0, -1.0),
    (0.8, 5.0, 40, 1.0, -1.0),
    (0.01, 5.0, 40, 1.0, -1.0),
    (0.3, -3.0, 40, 1.0, -1.0),
    (0.45, 0.5, 40, 1.0, -1.0),
    (0.99, 5.0, 40, 1.0, -1.0),
    (1.01, 5.0, 40, 1.0, -1.0),
    (1.5, 5.0, 40, 1.0, -1.0),
    (3.0, 5.0, 100, 1.0, -1.0),  # diverges: overflows float32
    (0.1, -4.0, 40, 2.5, 3.0),
    (0.37, 1.25, 40, 0.75, 0.5),
]

# (learning_rate, decay_steps, decay_rate, staircase, w0, steps)
DECAY_RUNS = [
    (0.1, 1, 0.99, True, 5.0, 40),  # the course's decay program
    (0.1, 1, 0.5, False, 5.0, 40),  # decays too fast: freezes near 2.902
    (0.5, 10, 0.9, True, 5.0, 60),
    (0.8, 3, 0.7, False, 5.0, 40),
    (1.2, 5, 0.6, True, 5.0, 40),
    (0.05, 2, 0.95, False, -2.0, 40),
    (0.9, 7, 0.8, False, 3.0, 50),
]

# PyTorch: (learning_rate, scheduler, kwargs, w0, steps)
TORCH_RUNS = [
    (0.2, None, {}, 5.0, 40),
    (1.0, None, {}, 5.0, 40),
    (0.7, None, {}, 5.0, 40),
    (0.1, "ExponentialLR", {"gamma": 0.99}, 5.0, 40),
    (0.1, "ExponentialLR", {"gamma": 0.5}, 5.0, 40),
    (0.8, "ExponentialLR", {"gamma": 0.9}, 5.0, 40),
    (0.5, "StepLR", {"step_size": 10, "gamma": 0.9}, 5.0, 60),
    (1.2, "StepLR", {"step_size": 5, "gamma": 0.6}, 5.0, 40),
]

# Keras 3's other schedules: (class name, keyword arguments, last step); recorded at steps 0..last
KERAS_SCHEDULES = [
    ("PiecewiseConstantDecay", {"boundaries": [10, 20, 35], "values": [0.5, 0.25, 0.1, 0.02]}, 50),
    ("PiecewiseConstantDecay", {"boundaries": [0, 3], "values": [0.9, 0.3, 0.07]}, 10),
    ("PolynomialDecay", {"initial_learning_rate": 0.5, "decay_steps": 20}, 40),
    ("PolynomialDecay", {"initial_learning_rate": 0.5, "decay_steps": 20, "end_learning_rate": 0.01, "power": 2.0}, 40),
    (
        "PolynomialDecay",
        {"initial_learning_rate": 0.5, "decay_steps": 15, "end_learning_rate": 0.05, "power": 0.5, "cycle": True},
        60,
    ),
    (
        "PolynomialDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 7, "end_learning_rate": 0.001, "power": 3.0, "cycle": True},
        40,
    ),
    ("InverseTimeDecay", {"initial_learning_rate": 0.5, "decay_steps": 10, "decay_rate": 0.5}, 60),
    ("InverseTimeDecay", {"initial_learning_rate": 0.5, "decay_steps": 10, "decay_rate": 0.5, "staircase": True}, 60),
    ("InverseTimeDecay", {"initial_learning_rate": 0.1, "decay_steps": 1, "decay_rate": 0.99}, 40),
    ("CosineDecay", {"initial_learning_rate": 0.5, "decay_steps": 30}, 40),
    ("CosineDecay", {"initial_learning_rate": 0.5, "decay_steps": 30, "alpha": 0.1}, 40),
    (
        "CosineDecay",
        {"initial_learning_rate": 0.0, "decay_steps": 30, "alpha": 0.05, "warmup_target": 0.5, "warmup_steps": 10},
        50,
    ),
    ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 25, "warmup_target": 0.4, "warmup_steps": 8}, 40),
]

# PyTorch schedulers, one scheduler.step() per epoch: (learning_rate, [(scheduler, kwargs), ...],
# SequentialLR milestones or None, w0, epochs)
TORCH_SCHEDULER_RUNS = [
    (0.5, [("PolynomialLR", {"total_iters": 20, "power": 1.0})], None, 5.0, 30),
    (0.5, [("PolynomialLR", {"total_iters": 12, "power": 2.0})], None, 5.0, 20),
    (0.5, [("CosineAnnealingLR", {"T_max": 20, "eta_min": 0.01})], None, 5.0, 30),
    (0.9, [("CosineAnnealingLR", {"T_max": 8, "eta_min": 0.1})], None, 5.0, 20),
    (0.5, [("MultiStepLR", {"milestones": [10, 25], "gamma": 0.1})], None, 5.0, 40),
    (0.8, [("MultiStepLR", {"milestones": [5, 6, 20], "gamma": 0.5})], None, 5.0, 30),
    (0.4, [("LinearLR", {"start_factor": 0.25, "end_factor": 1.0, "total_iters": 8})], None, 5.0, 15),
    (
        0.2,
        [("LinearLR", {"start_factor": 0.1, "end_factor": 1.0, "total_iters": 5}), ("ExponentialLR", {"gamma": 0.99})],
        [5],
        5.0,
        40,
    ),  # warmup, then the course's decay
]

# The course's TensorFlow 2 edition: LR_BASE, LR_DECAY, LR_STEP, w0, epochs
TF2_COURSE = (0.2, 0.99, 1, 5.0, 40)

# Steps vs epochs: one decay per epoch written three ways. (learning_rate, decay_rate, examples, batch_size,
# epochs): TF1 and Keras count batches (decay_steps = examples / batch_size, staircase), PyTorch epochs.
STEPS_VS_EPOCHS = (0.1, 0.99, 60000, 200, 5)


def floats(values) -> list[float]:
    """float32 values as exact Python floats (JSON keeps them exactly)."""
    return [float(x) for x in np.asarray(values, dtype=np.float32).ravel()]


def tf1_run(learning_rate, w0, steps, curvature=1.0, centre=-1.0, decay=None, forget_global_step=False):
    """The course's program shape, in TF1 graph mode.

    ``forget_global_step`` reproduces the classic bug: ``minimize`` is not given
    ``global_step``, so the step counter never moves.
    """
    import tensorflow as tf

    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        w = v1.Variable(v1.constant(w0, dtype=tf.float32))
        diff = w - centre if centre != -1.0 else w + 1  # the seed writes W + 1
        loss = tf.square(diff) if curvature == 1.0 else curvature * tf.square(diff)
        if decay is None:
            lr = learning_rate
            global_step = None
        else:
            decay_steps, decay_rate, staircase = decay
            global_step = v1.Variable(0, trainable=False)
            lr = v1.train.exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=staircase)
        counter = None if forget_global_step else global_step
        train = v1.train.GradientDescentOptimizer(lr).minimize(loss, global_step=counter)
        with v1.Session(graph=graph) as sess:
            sess.run(v1.global_variables_initializer())
            ws, losses, used, printed, steps_seen = [sess.run(w)], [sess.run(loss)], [], [], []
            for _ in range(steps):
                used.append(sess.run(lr) if decay else np.float32(learning_rate))
                sess.run(train)
                ws.append(sess.run(w))
                losses.append(sess.run(loss))
                if decay:
                    printed.append(sess.run(lr))  # read after the step, as the course did
                    steps_seen.append(int(sess.run(global_step)))
    record = {"w": floats(ws), "loss": floats(losses), "lr": floats(used)}
    if decay:
        record["lr_printed"] = floats(printed)
        record["global_step_printed"] = steps_seen
    return record


def torch_run(learning_rate, scheduler, kwargs, w0, steps):
    import torch

    w = torch.tensor(w0, dtype=torch.float32, requires_grad=True)
    opt = torch.optim.SGD([w], lr=learning_rate)
    sched = getattr(torch.optim.lr_scheduler, scheduler)(opt, **kwargs) if scheduler else None
    ws, losses, used = [w.item()], [((w.detach() + 1) ** 2).item()], []
    for _ in range(steps):
        used.append(opt.param_groups[0]["lr"])
        opt.zero_grad()
        loss = (w + 1) ** 2
        loss.backward()
        opt.step()
        if sched:
            sched.step()
        ws.append(w.item())
        losses.append(((w.detach() + 1) ** 2).item())
    return {"w": floats(ws), "loss": floats(losses), "lr": [float(x) for x in used]}


def keras_schedule(learning_rate, decay_steps, decay_rate, staircase, steps):
    import keras

    sched = keras.optimizers.schedules.ExponentialDecay(learning_rate, decay_steps, decay_rate, staircase=staircase)
    return floats([keras.ops.convert_to_numpy(sched(k)) for k in range(steps + 1)])


def keras_sgd_run(learning_rate, decay_steps, decay_rate, staircase, w0, steps):
    """Keras 3's SGD driven by ExponentialDecay (update k uses the rate at iteration k)."""
    import keras
    import tensorflow as tf

    sched = keras.optimizers.schedules.ExponentialDecay(learning_rate, decay_steps, decay_rate, staircase=staircase)
    opt = keras.optimizers.SGD(learning_rate=sched)
    w = keras.Variable(np.float32(w0), dtype="float32")
    ws = [float(w.numpy())]
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = tf.square(w.value + 1)
        opt.apply_gradients([(tape.gradient(loss, w.value), w)])
        ws.append(float(w.numpy()))
    return {"w": floats(ws)}


def keras_other_schedule(name, kwargs, last):
    """The rates one of Keras 3's schedules gives at steps 0..last (float32)."""
    import keras

    sched = getattr(keras.optimizers.schedules, name)(**kwargs)
    return floats([keras.ops.convert_to_numpy(sched(k)) for k in range(last + 1)])


def torch_scheduler_run(learning_rate, parts, milestones, w0, epochs):
    """SGD on (w + 1)**2, one update and one ``scheduler.step()`` per epoch.

    ``lr`` is the rate each update used (read before it), as a Python float.
    """
    import torch

    w = torch.tensor(w0, dtype=torch.float32, requires_grad=True)
    opt = torch.optim.SGD([w], lr=learning_rate)
    made = [getattr(torch.optim.lr_scheduler, name)(opt, **kw) for name, kw in parts]
    sched = torch.optim.lr_scheduler.SequentialLR(opt, made, milestones=milestones) if milestones else made[0]
    ws, used = [w.item()], []
    for _ in range(epochs):
        used.append(opt.param_groups[0]["lr"])
        opt.zero_grad()
        loss = (w + 1) ** 2
        loss.backward()
        opt.step()
        sched.step()
        ws.append(w.item())
    return {"w": floats(ws), "lr": [float(x) for x in used]}


def tf2_course_run(lr_base, lr_decay, lr_step, w0, epochs):
    """The course's TensorFlow 2 edition: eager GradientTape, the rate worked out in Python.

    Keeps ``w`` (w0, then after each update), the loss each epoch computed
    (before its update), the rate each update used, and the printed lines.
    """
    import tensorflow as tf

    w = tf.Variable(tf.constant(w0, dtype=tf.float32))
    ws, losses, rates, lines = [float(w.numpy())], [], [], []
    for epoch in range(epochs):
        lr = lr_base * lr_decay ** (epoch / lr_step)
        with tf.GradientTape() as tape:
            loss = tf.square(w + 1)
        grad = tape.gradient(loss, w)
        w.assign_sub(lr * grad)
        ws.append(float(w.numpy()))
        losses.append(float(loss.numpy()))
        rates.append(lr)
        lines.append("After %s epoch,w is %f,loss is %f,lr is %f" % (epoch, w.numpy(), loss, lr))  # noqa: UP031
    return {"w": floats(ws), "loss": floats(losses), "lr": rates, "printed": lines}


def steps_vs_epochs(learning_rate, decay_rate, examples, batch_size, epochs):
    """The same per-epoch decay from TF1 (per batch), Keras 3 (per batch) and PyTorch (per epoch)."""
    import keras
    import tensorflow as tf
    import torch

    decay_steps = examples / batch_size  # the course's comment: usually total samples / BATCH_SIZE
    steps = int(decay_steps) * epochs
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        global_step = v1.placeholder(tf.int64, shape=())
        lr = v1.train.exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=True)
        with v1.Session(graph=graph) as sess:
            tf1 = [sess.run(lr, {global_step: k}) for k in range(steps + 1)]
    sched = keras.optimizers.schedules.ExponentialDecay(learning_rate, decay_steps, decay_rate, staircase=True)
    keras_lr = [keras.ops.convert_to_numpy(sched(k)) for k in range(steps + 1)]
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=learning_rate)
    per_epoch = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=decay_rate)
    torch_lr = []
    for _ in range(epochs + 1):
        torch_lr.append(opt.param_groups[0]["lr"])
        opt.step()
        per_epoch.step()
    return {
        "learning_rate": learning_rate,
        "decay_rate": decay_rate,
        "examples": examples,
        "batch_size": batch_size,
        "decay_steps": decay_steps,
        "epochs": epochs,
        "tf1_per_batch": floats(tf1),
        "keras_per_batch": floats(keras_lr),
        "torch_per_epoch": torch_lr,
    }


def main():
    import keras
    import tensorflow as tf
    import torch

    data = {
        "about": "Recorded by tools/record_frameworks.py; float32 throughout.",
        "versions": {
            "python": platform.python_version(),
            "tensorflow": tf.__version__,
            "torch": torch.__version__,
            "keras": keras.__version__,
            "numpy": np.__version__,
        },
        "tf1_constant": [],
        "tf1_decay": [],
        "tf1_forgot_global_step": [],
        "torch": [],
        "keras_schedule": [],
        "keras_sgd": [],
        "keras_schedules": [],
        "torch_schedulers": [],
        "tf2_course": {},
        "steps_vs_epochs": {},
    }
    for lr, w0, steps, a, c in CONSTANT_RUNS:
        settings = {"learning_rate": lr, "w0": w0, "steps": steps, "curvature": a, "centre": c}
        data["tf1_constant"].append({**settings, **tf1_run(lr, w0, steps, a, c)})
    for lr, ds, dr, stair, w0, steps in DECAY_RUNS:
        settings = {
            "learning_rate": lr,
            "decay_steps": ds,
            "decay_rate": dr,
            "staircase": stair,
            "w0": w0,
            "steps": steps,
        }
        data["tf1_decay"].append({**settings, **tf1_run(lr, w0, steps, decay=(ds, dr, stair))})
        data["keras_schedule"].append({**settings, "lr": keras_schedule(lr, ds, dr, stair, steps)})
        data["keras_sgd"].append({**settings, **keras_sgd_run(lr, ds, dr, stair, w0, steps)})
    lr, ds, dr, stair, w0, steps = DECAY_RUNS[0]
    data["tf1_forgot_global_step"].append(
        {
            "learning_rate": lr,
            "decay_steps": ds,
            "decay_rate": dr,
            "staircase": stair,
            "w0": w0,
            "steps": steps,
            **tf1_run(lr, w0, steps, decay=(ds, dr, stair), forget_global_step=True),
        }
    )
    for lr, name, kwargs, w0, steps in TORCH_RUNS:
        settings = {"learning_rate": lr, "scheduler": name, "kwargs": kwargs, "w0": w0, "steps": steps}
        data["torch"].append({**settings, **torch_run(lr, name, kwargs, w0, steps)})
    for name, kwargs, last in KERAS_SCHEDULES:
        data["keras_schedules"].append(
            {"schedule": name, "kwargs": kwargs, "last_step": last, "lr": keras_other_schedule(name, kwargs, last)}
        )
    for lr, parts, milestones, w0, epochs in TORCH_SCHEDULER_RUNS:
        settings = {
            "learning_rate": lr,
            "schedulers": [[n, kw] for n, kw in parts],
            "milestones": milestones,
            "w0": w0,
            "epochs": epochs,
        }
        data["torch_schedulers"].append({**settings, **torch_scheduler_run(lr, parts, milestones, w0, epochs)})
    lr_base, lr_decay, lr_step, w0, epochs = TF2_COURSE
    data["tf2_course"] = {
        "LR_BASE": lr_base,
        "LR_DECAY": lr_decay,
        "LR_STEP": lr_step,
        "w0": w0,
        "epochs": epochs,
        **tf2_course_run(lr_base, lr_decay, lr_step, w0, epochs),
    }
    data["steps_vs_epochs"] = steps_vs_epochs(*STEPS_VS_EPOCHS)

    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
