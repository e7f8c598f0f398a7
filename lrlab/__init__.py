"""lrlab: what the learning rate does in gradient descent, and why we decay it.

The numbers behind the lrlab notebooks. Plotting (:mod:`lrlab.plotting`) and
widgets (:mod:`lrlab.widgets`) are imported only when asked for, so
``import lrlab`` needs numpy alone.

>>> import lrlab
>>> t = lrlab.descend(0.2)           # the course's run: (w+1)², w0 = 5, 40 steps, float32
>>> print(f"{t.w[-1]:.6f}")
-1.000000
"""

from . import optimizers as optimizers  # lrlab.optimizers: momentum and adaptive optimizers
from .descent import Trajectory, descend, rates
from .i18n import get_language, set_language
from .losses import SEED_LOSS, Quadratic
from .schedules import (
    Constant,
    CosineDecay,
    ExponentialDecay,
    InFloat64,
    InverseTimeDecay,
    Join,
    LinearSchedule,
    PiecewiseConstant,
    PolynomialDecay,
    Schedule,
    constant,
    cosine_decay,
    exponential_decay,
    in_float64,
    inverse_time_decay,
    join,
    linear_schedule,
    piecewise_constant,
    polynomial_decay,
)
from .tables import course_decay_run, course_tf2_run, decay_table, seed_table, tf2_table
from .theory import (
    REGIMES,
    best_constant_rate,
    best_possible_loss,
    closed_form,
    contraction,
    expected_loss,
    frozen_limit,
    noise_floor,
    optimal_schedule,
    regime,
    steps_to_reach,
)

__version__ = "0.1.0"

__all__ = [
    "REGIMES",
    "SEED_LOSS",
    "Constant",
    "CosineDecay",
    "ExponentialDecay",
    "InFloat64",
    "InverseTimeDecay",
    "Join",
    "LinearSchedule",
    "PiecewiseConstant",
    "PolynomialDecay",
    "Quadratic",
    "Schedule",
    "Trajectory",
    "best_constant_rate",
    "best_possible_loss",
    "closed_form",
    "constant",
    "contraction",
    "cosine_decay",
    "course_decay_run",
    "course_tf2_run",
    "decay_table",
    "descend",
    "expected_loss",
    "exponential_decay",
    "frozen_limit",
    "get_language",
    "in_float64",
    "inverse_time_decay",
    "join",
    "linear_schedule",
    "noise_floor",
    "optimal_schedule",
    "piecewise_constant",
    "polynomial_decay",
    "rates",
    "regime",
    "seed_table",
    "set_language",
    "steps_to_reach",
    "tf2_table",
]
