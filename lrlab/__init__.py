"""lrlab: what the learning rate does in gradient descent, and why we decay it.

The numbers behind the lrlab notebooks. Plotting (:mod:`lrlab.plotting`) and
widgets (:mod:`lrlab.widgets`) are imported only when asked for, so
``import lrlab`` needs numpy alone.

>>> import lrlab
>>> t = lrlab.descend(0.2)           # the course's run: (w+1)², w0 = 5, 40 steps, float32
>>> print(f"{t.w[-1]:.6f}")
-1.000000
"""

from .descent import Trajectory, descend, rates
from .losses import SEED_LOSS, Quadratic
from .schedules import Constant, ExponentialDecay, Schedule, constant, exponential_decay
from .tables import course_decay_run, decay_table, seed_table
from .theory import REGIMES, closed_form, contraction, frozen_limit, regime, steps_to_reach

__version__ = "0.1.0"

__all__ = [
    "REGIMES",
    "SEED_LOSS",
    "Constant",
    "ExponentialDecay",
    "Quadratic",
    "Schedule",
    "Trajectory",
    "closed_form",
    "constant",
    "contraction",
    "course_decay_run",
    "decay_table",
    "descend",
    "exponential_decay",
    "frozen_limit",
    "rates",
    "regime",
    "seed_table",
    "steps_to_reach",
]
