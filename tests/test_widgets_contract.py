"""Every explorer refuses bad arguments at construction with a ValueError/TypeError that names the argument
and the value received, and offers (never silently replaces) every legal value."""

import re

import numpy as np
import pytest

import lrlab
from lrlab.widgets import DecayExplorer, LearningRateExplorer, ScheduleMap

BAD = [
    # (constructor, kwargs, exception, text that must be in the message)
    (
        LearningRateExplorer,
        {"learning_rate": -0.1},
        ValueError,
        "`learning_rate` must be finite and > 0. Received: learning_rate=-0.1",
    ),
    (LearningRateExplorer, {"learning_rate": "0.2"}, TypeError, "`learning_rate` must be a real number"),
    (LearningRateExplorer, {"learning_rate": True}, TypeError, "Received: learning_rate=True"),
    (LearningRateExplorer, {"learning_rate": 5}, ValueError, "`learning_rate` must be inside lr_range=(0.0001, 2.0)"),
    (LearningRateExplorer, {"steps": 0}, ValueError, "`steps` must be an int between 1 and 10,000. Received: steps=0"),
    (LearningRateExplorer, {"steps": 2.5}, TypeError, "`steps` must be an int. Received: steps=2.5"),
    (LearningRateExplorer, {"lr_range": (1, 0.1)}, ValueError, "`lr_range` must be (low, high) with low < high"),
    (
        LearningRateExplorer,
        {"lr_range": 2.0},
        TypeError,
        "`lr_range` must be a pair (low, high). Received: lr_range=2.0",
    ),
    (LearningRateExplorer, {"lr_range": (0, 1)}, ValueError, "`lr_range` must be finite and > 0"),
    (LearningRateExplorer, {"w0": float("nan")}, ValueError, "`w0` must be finite. Received: w0=nan"),
    (
        LearningRateExplorer,
        {"interval": 0},
        ValueError,
        "`interval` must be an int between 10 and 10,000. Received: interval=0",
    ),
    (
        LearningRateExplorer,
        {"loss": "parabola"},
        TypeError,
        "`loss` must be an lrlab.Quadratic. Received: loss='parabola'",
    ),
    (LearningRateExplorer, {"labels": "zh"}, TypeError, "`labels` must be a dict of texts. Received: labels='zh'"),
    (LearningRateExplorer, {"labels": {"nope": "x"}}, ValueError, "unknown: ['nope']"),
    (
        LearningRateExplorer,
        {"labels": {"readout": "{nope}"}},
        ValueError,
        "`labels['readout']` must be a text whose placeholders are among: {loss}, {step}, {w}",
    ),
    (
        LearningRateExplorer,
        {"labels": {"readout": "{w:.3f}"}},
        ValueError,
        "(plain, no format spec). Received: labels['readout']='{w:.3f}'",
    ),
    (
        LearningRateExplorer,
        {"labels": {"readout": "step {"}},
        ValueError,
        "`labels['readout']` must be a text with well-formed",
    ),
    (
        LearningRateExplorer,
        {"labels": {"play": 3}},
        TypeError,
        "`labels['play']` must be a str. Received: labels['play']=3",
    ),
    (
        LearningRateExplorer,
        {"labels": {"play": "{step}"}},
        ValueError,
        "`labels['play']` must be a text whose placeholders are among: none",
    ),
    (DecayExplorer, {"decay_rate": 0}, ValueError, "`decay_rate` must be > 0 and <= 1. Received: decay_rate=0"),
    (DecayExplorer, {"decay_rate": 1.5}, ValueError, "Received: decay_rate=1.5"),
    (DecayExplorer, {"decay_steps": 0}, ValueError, "`decay_steps` must be finite and > 0. Received: decay_steps=0"),
    (DecayExplorer, {"staircase": "no"}, TypeError, "`staircase` must be True or False. Received: staircase='no'"),
    (
        DecayExplorer,
        {"learning_rate": 0},
        ValueError,
        "`learning_rate` must be > 0 for an explorer. Received: learning_rate=0",
    ),
    (DecayExplorer, {"learning_rate": [0.1, 0.2]}, TypeError, "must be single numbers"),
    (DecayExplorer, {"steps": 0}, ValueError, "Received: steps=0"),
    (DecayExplorer, {"labels": {"limit": "{limit:.2f}"}}, ValueError, "`labels['limit']`"),
    (ScheduleMap, {"learning_rates": [0.1]}, ValueError, "`learning_rates` must be at least 2 increasing values"),
    (ScheduleMap, {"learning_rates": [0.2, 0.1]}, ValueError, "`learning_rates` must be at least 2 increasing values"),
    (ScheduleMap, {"decay_rates": [0.5, 2.0]}, ValueError, "`decay_rates` must be > 0 and <= 1"),
    (ScheduleMap, {"tol": 0}, ValueError, "`tol` must be finite and > 0. Received: tol=0"),
    (ScheduleMap, {"steps": 0}, ValueError, "Received: steps=0"),
    (
        ScheduleMap,
        {"labels": {"map_title": "after {steps}"}},
        ValueError,
        "`labels['map_title']` must be a text whose placeholders are among: {T}, {tol}",
    ),
]


@pytest.mark.parametrize(
    ("make", "kwargs", "exc", "message"),
    BAD,
    ids=[f"{m.__name__}-{next(iter(k))}-{n}" for n, (m, k, _, _) in enumerate(BAD)],
)
def test_bad_input_is_refused_naming_the_argument(make, kwargs, exc, message):
    with pytest.raises(exc, match=re.escape(message)):
        make(**kwargs)


def test_legal_values_are_offered_not_replaced():
    ex = DecayExplorer(learning_rate=5, decay_rate=0.3, decay_steps=2.5, staircase=True)
    assert (ex.learning_rate, ex.decay_rate, ex.decay_steps, ex.staircase) == (5.0, 0.3, 2.5, True)
    assert ex.schedule.learning_rate == 5.0 and "2.5" in ex.view["decay_steps_texts"]
    np.testing.assert_array_equal(ex.run_now(), lrlab.descend(lrlab.exponential_decay(5, 2.5, 0.3, True)).w)
    ex2 = LearningRateExplorer(5, lr_range=(1e-3, 10))
    assert ex2.learning_rate == 5.0
    np.testing.assert_array_equal(ex2.trajectory.w, lrlab.descend(5.0).w)


def test_positions_set_from_python_are_checked():
    ex = LearningRateExplorer()
    with pytest.raises(ValueError, match=re.escape("`index` must be an int between 0 and 177. Received: index=500")):
        ex.index = 500
    with pytest.raises(ValueError, match=re.escape("`step` must be an int between 0 and 40. Received: step=41")):
        ex.step = 41
    m = ScheduleMap(steps=20)
    with pytest.raises(ValueError, match=re.escape("`j` must be an int between 0 and 80. Received: j=-1")):
        m.j = -1
