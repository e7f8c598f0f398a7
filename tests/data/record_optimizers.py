"""Record momentum and adaptive optimizers as real Keras 3, PyTorch and TensorFlow compute them.

lrlab.optimizers is tested against these numbers; the frameworks are never dependencies of lrlab, and CI never
installs them. Run this script in a scratch virtual environment of its own::

    python3 -m venv /tmp/fw && /tmp/fw/bin/pip install numpy==2.4.6 tensorflow==2.21.0 keras==3.15.1 torch==2.14.1
    /tmp/fw/bin/python tests/data/record_optimizers.py     # writes tests/data/optimizers.json (about 30 s)

(The recorded file came from exactly these versions; torch was PyPI's default Linux wheel, run on the CPU.)
Each convention is recorded in a process of its own: with torch and tensorflow loaded together, the process
crashed.

Every run minimises the course's loss (w + 1)**2 from w0 = 5 with one float32 parameter, one optimizer step per
update, under five rate settings: constant 0.01 (200 updates), 0.1 (40), 0.2 (200), 0.5 (40), and the decayed
rate 0.2 * 0.99**k (200), each framework decaying it its own way (Keras: ExponentialDecay; PyTorch: ExponentialLR
stepped after every update; TensorFlow 1: tf.compat.v1.train.exponential_decay with global_step; the course: the
rate worked out in Python, as its TF2 programs do).

Four conventions are recorded:

* ``keras``: Keras 3's optimizers (TensorFlow backend, eager apply_gradients);
* ``torch``: torch.optim on the CPU (the default single-tensor code path);
* ``tf1``: the TensorFlow 1 optimizers (MomentumOptimizer, ...) as TensorFlow 2's compat.v1 API runs them, in a
  graph run by tf.compat.v1.Session. These are TF 1's kernels run by TF 2, not a TensorFlow 1 installation;
* ``course``: the hand-written updates of the course 人工智能实践：Tensorflow笔记 (TF2 edition, class 2:
  p34_sgdm.py, p36_adagrad.py, p38_rmsprop.py, p40_adam.py), run eagerly with GradientTape and assign_sub.

The file keeps, for every run, ``w`` after every update (w0 first) as float32 bit patterns: eight hex digits
per value, separated by spaces. ``rates`` keeps, per convention, the rate each update of the decayed run used,
as the framework held it (float32 values for Keras and TF1, Python floats for PyTorch and the course), written
so that ``float()`` gives them back exactly.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import numpy as np  # noqa: E402

OUT = Path(__file__).resolve().parent / "optimizers.json"

W0 = 5.0
DECAY = (0.2, 0.99)  # the decayed rate 0.2 * 0.99**k
# (name, learning rate or "decay", updates)
RATES = [
    ("lr=0.01", 0.01, 200),
    ("lr=0.1", 0.1, 40),
    ("lr=0.2", 0.2, 200),
    ("lr=0.5", 0.5, 40),
    ("decay", "decay", 200),
]

# (lrlab class name, keyword arguments); lrlab's names and defaults are the framework's own
KERAS = [
    ("SGD", {}),
    ("SGD", {"momentum": 0.9}),
    ("SGD", {"momentum": 0.9, "nesterov": True}),
    ("Adagrad", {}),
    ("Adagrad", {"initial_accumulator_value": 1.0, "epsilon": 0.001}),
    ("RMSprop", {}),
    ("RMSprop", {"momentum": 0.9}),
    ("RMSprop", {"centered": True}),
    ("Adam", {}),
    ("Adam", {"amsgrad": True}),
]
TORCH = [
    ("SGD", {}),
    ("SGD", {"momentum": 0.9}),
    ("SGD", {"momentum": 0.9, "nesterov": True}),
    ("SGD", {"momentum": 0.9, "dampening": 0.5}),
    ("Adagrad", {}),
    ("Adagrad", {"initial_accumulator_value": 0.1}),
    ("RMSprop", {}),
    ("RMSprop", {"momentum": 0.9}),
    ("RMSprop", {"centered": True}),
    ("RMSprop", {"alpha": 0.3, "centered": True}),  # 1 - alpha >= 0.5: lerp takes its other branch
    ("Adam", {}),
    ("Adam", {"amsgrad": True}),
    ("Adam", {"betas": (0.3, 0.9)}),
    ("AdamW", {}),
    ("AdamW", {"weight_decay": 0.5, "amsgrad": True}),
]
TF1 = [
    ("Momentum", {"momentum": 0.9}),
    ("Momentum", {"momentum": 0.9, "use_nesterov": True}),
    ("Adagrad", {}),
    ("Adagrad", {"initial_accumulator_value": 1.0}),
    ("RMSProp", {}),
    ("RMSProp", {"momentum": 0.9}),
    ("RMSProp", {"centered": True}),
    ("Adam", {}),
    ("Adam", {"beta1": 0.5, "beta2": 0.9, "epsilon": 0.001}),
]
COURSE = [
    ("SGDM", {}),
    ("SGDM", {"beta": 0.5}),
    ("Adagrad", {}),
    ("RMSProp", {}),
    ("RMSProp", {"beta": 0.5}),
    ("Adam", {}),
    ("Adam", {"beta1": 0.5, "beta2": 0.9}),
]


def bits(values) -> str:
    """float32 values as their bit patterns, eight hex digits each."""
    return " ".join(f"{b:08x}" for b in np.asarray(values, dtype=np.float32).view(np.uint32).ravel())


# ---------------------------------------------------------------- Keras 3


def keras_run(name, kwargs, rate, steps, rates_out=None):
    import keras
    import tensorflow as tf

    lr = keras.optimizers.schedules.ExponentialDecay(DECAY[0], 1, DECAY[1]) if rate == "decay" else rate
    opt = getattr(keras.optimizers, name)(learning_rate=lr, **kwargs)
    w = keras.Variable(np.float32(W0), dtype="float32")
    ws = [w.numpy()]
    for _ in range(steps):
        if rates_out is not None:
            rates_out.append(float(keras.ops.convert_to_numpy(opt.learning_rate)))  # the schedule at iterations
        with tf.GradientTape() as tape:
            loss = tf.square(w.value + 1)
        opt.apply_gradients([(tape.gradient(loss, w.value), w)])
        ws.append(w.numpy())
    return ws


# ---------------------------------------------------------------- PyTorch


def torch_run(name, kwargs, rate, steps, rates_out=None):
    import torch

    w = torch.tensor(W0, dtype=torch.float32, requires_grad=True)
    lr = DECAY[0] if rate == "decay" else rate
    opt = getattr(torch.optim, name)([w], lr=lr, **kwargs)
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=DECAY[1]) if rate == "decay" else None
    ws = [w.item()]
    for _ in range(steps):
        if rates_out is not None:
            rates_out.append(opt.param_groups[0]["lr"])
        opt.zero_grad()
        loss = (w + 1) ** 2
        loss.backward()
        opt.step()
        if sched is not None:
            sched.step()
        ws.append(w.item())
    return ws


# ---------------------------------------------------------------- TensorFlow 1 (TF 2's compat.v1 API)

TF1_CLASSES = {
    "Momentum": "MomentumOptimizer",
    "Adagrad": "AdagradOptimizer",
    "RMSProp": "RMSPropOptimizer",
    "Adam": "AdamOptimizer",
}


def tf1_run(name, kwargs, rate, steps, rates_out=None):
    import tensorflow as tf

    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        w = v1.Variable(v1.constant(W0, dtype=tf.float32))
        loss = tf.square(w + 1)
        global_step = None
        lr = rate
        if rate == "decay":
            global_step = v1.Variable(0, trainable=False)
            lr = v1.train.exponential_decay(DECAY[0], global_step, 1, DECAY[1])
        opt = getattr(v1.train, TF1_CLASSES[name])(lr, **kwargs)
        train = opt.minimize(loss, global_step=global_step)
        with v1.Session(graph=graph) as sess:
            sess.run(v1.global_variables_initializer())
            ws = [sess.run(w)]
            for _ in range(steps):
                if rates_out is not None:
                    rates_out.append(float(sess.run(lr)))
                sess.run(train)
                ws.append(sess.run(w))
    return ws


# ---------------------------------------------------------------- the course's TF2 programs


def course_run(name, kwargs, rate, steps, rates_out=None):
    """The course's updates, written as its p34/p36/p38/p40 programs write them, on the one weight ``w``."""
    import tensorflow as tf

    beta = kwargs.get("beta", 0.9)
    beta1, beta2 = kwargs.get("beta1", 0.9), kwargs.get("beta2", 0.999)
    w = tf.Variable(tf.constant(W0, dtype=tf.float32))
    m_w, v_w, global_step = 0, 0, 0
    ws = [w.numpy()]
    for epoch in range(steps):
        global_step += 1  # noqa: SIM113 (written as the course writes it)
        lr = DECAY[0] * DECAY[1] ** epoch if rate == "decay" else rate
        if rates_out is not None:
            rates_out.append(lr)
        with tf.GradientTape() as tape:
            loss = tf.square(w + 1)
        grads = tape.gradient(loss, [w])
        if name == "SGDM":
            m_w = beta * m_w + (1 - beta) * grads[0]
            w.assign_sub(lr * m_w)
        elif name == "Adagrad":
            v_w += tf.square(grads[0])
            w.assign_sub(lr * grads[0] / tf.sqrt(v_w))
        elif name == "RMSProp":
            v_w = beta * v_w + (1 - beta) * tf.square(grads[0])
            w.assign_sub(lr * grads[0] / tf.sqrt(v_w))
        elif name == "Adam":
            m_w = beta1 * m_w + (1 - beta1) * grads[0]
            v_w = beta2 * v_w + (1 - beta2) * tf.square(grads[0])
            m_w_correction = m_w / (1 - tf.pow(beta1, int(global_step)))
            v_w_correction = v_w / (1 - tf.pow(beta2, int(global_step)))
            w.assign_sub(lr * m_w_correction / tf.sqrt(v_w_correction))
        else:
            raise ValueError(name)
        ws.append(w.numpy())
    return ws


def record(convention):
    """Every run of one convention (run in a process of its own: torch and tensorflow crash when both are loaded)."""
    runner = {"keras": keras_run, "torch": torch_run, "tf1": tf1_run, "course": course_run}[convention]
    settings = {"keras": KERAS, "torch": TORCH, "tf1": TF1, "course": COURSE}[convention]
    runs, rates = [], None
    for name, kwargs in settings:
        for label, rate, steps in RATES:
            used = [] if rate == "decay" else None
            ws = runner(name, kwargs, rate, steps, used)
            if used is not None:
                if rates is not None and rates != used:
                    raise RuntimeError(f"{convention}: the decayed rates changed between runs")
                rates = used
            runs.append({"convention": convention, "optimizer": name, "kwargs": kwargs, "rate": label, "w": bits(ws)})
        print(f"{convention}.{name}({kwargs}) done", file=sys.stderr)
    if convention == "torch":
        import torch

        version = {"torch": torch.__version__}
    else:
        import tensorflow as tf

        version = {"tensorflow": tf.__version__}
        if convention == "keras":
            import keras

            version["keras"] = keras.__version__
    return {"runs": runs, "rates": rates, "versions": version}


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--convention":
        print(json.dumps(record(sys.argv[2])))
        return
    data = {
        "about": (
            "Recorded by tests/data/record_optimizers.py: (w + 1)**2 from w0 = 5, float32. 'tf1' is TensorFlow 2's "
            "compat.v1 API running TF 1's optimizers; 'course' is the course's hand-written TF2 updates."
        ),
        "versions": {"python": platform.python_version(), "numpy": np.__version__},
        "w0": W0,
        "decay": {"learning_rate": DECAY[0], "decay_rate": DECAY[1], "decay_steps": 1},
        "rates": {},
        "runs": [],
    }
    for convention in ("keras", "torch", "tf1", "course"):
        out = subprocess.run(
            [sys.executable, __file__, "--convention", convention], check=True, capture_output=True, text=True
        )
        part = json.loads(out.stdout)
        data["versions"].update(part["versions"])
        data["rates"][convention] = part["rates"]
        data["runs"].extend(part["runs"])
        print(f"{convention}: {len(part['runs'])} runs", file=sys.stderr)
    runs = data.pop("runs")
    rates = data.pop("rates")
    text = json.dumps(data, indent=1, ensure_ascii=False)[:-2]  # one list of rates, one run per line: small
    text += ',\n "rates": {\n' + ",\n".join(f"  {json.dumps(k)}: {json.dumps(r)}" for k, r in rates.items()) + "\n }"
    text += ',\n "runs": [\n' + ",\n".join(json.dumps(run, ensure_ascii=False) for run in runs) + "\n ]\n}\n"
    OUT.write_text(text)
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
