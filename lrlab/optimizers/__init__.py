r"""Momentum and adaptive optimizers, each as one framework really computes it.

``lrlab.descend(learning_rate, optimizer=...)`` runs the same descent with an optimizer's update instead of
:math:`w \leftarrow w - \eta_k g`. The learning rate (a number, an array or a schedule) stays ``descend``'s
first argument; the optimizer holds everything else. One namespace per convention, each with that
framework's own names and defaults:

- :mod:`lrlab.optimizers.keras`: ``SGD``, ``Adagrad``, ``RMSprop``, ``Adam`` (Keras 3);
- :mod:`lrlab.optimizers.torch`: ``SGD``, ``Adagrad``, ``RMSprop``, ``Adam``, ``AdamW`` (PyTorch);
- :mod:`lrlab.optimizers.tf1`: ``Momentum``, ``Adagrad``, ``RMSProp``, ``Adam`` (TensorFlow 1's
  ``tf.train`` optimizers);
- :mod:`lrlab.optimizers.course`: ``SGDM``, ``Adagrad``, ``RMSProp``, ``Adam``, the updates the course
  writes by hand in its TF2 edition.

The conventions differ in more than names. Keras puts the rate inside the momentum, PyTorch and TF 1 outside
(the same for a constant rate, not under decay); TF 1's RMSProp starts its mean square at 1, the others at 0;
Keras and TF 1 start Adagrad's accumulator at 0.1, PyTorch and the course at 0; Keras's Adagrad and RMSprop and
TF 1's RMSProp add epsilon inside the square root, PyTorch outside (every Adam adds it to :math:`\sqrt v`), and
the course has none.

In float32 every operation rounds as the framework's does, so runs match numbers recorded from the real
frameworks (tests/data/optimizers.json) bit for bit, or, where the framework's own arithmetic is not
reproducible (PyTorch's MKL square root), within a bound each class states.

An optimizer is immutable and checked once, when made; the state of a run (momentum buffers, running
averages) lives in ``descend``'s loop, so one optimizer can drive any number of runs:

>>> import lrlab
>>> from lrlab.optimizers import keras
>>> opt = keras.SGD(momentum=0.9)
>>> opt
keras.SGD(momentum=0.9, nesterov=False)
>>> t = lrlab.descend(0.2, optimizer=opt)
>>> print(f"{t.w[1]:.6f} {t.w[2]:.6f}")
2.600000 -1.000000
>>> keras.SGD(momentum=1.5)
Traceback (most recent call last):
...
ValueError: `momentum` must be in [0, 1). Received: momentum=1.5

The heavy ball's theory on a quadratic (:mod:`lrlab.optimizers.theory`): :func:`momentum_converges`,
:func:`momentum_rate`, :func:`best_momentum`.
"""

from __future__ import annotations

from . import course, keras, tf1, torch
from .base import Optimizer, State
from .theory import best_momentum, momentum_converges, momentum_rate

__all__ = [
    "Optimizer",
    "State",
    "best_momentum",
    "course",
    "keras",
    "momentum_converges",
    "momentum_rate",
    "tf1",
    "torch",
]
