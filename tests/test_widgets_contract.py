"""Every explorer refuses bad arguments at construction with a ValueError/TypeError that names the argument
and the value received, draws every argument it accepts (no warning, plain JSON for the browser), and offers
(never silently replaces) every legal value."""

import inspect
import json
import re

import numpy as np
import pytest
from hostile import ArrayRaises, FloatRaises, RealFloatRaises, ReprRaises

import lrlab
from lrlab.widgets import DecayExplorer, LearningRateExplorer, NoiseExplorer, OptimizerExplorer, ScheduleMap

#: Small explorers of every kind (the sweep below changes one argument at a time).
SMALL = {
    LearningRateExplorer: {"steps": 10},
    DecayExplorer: {"steps": 10},
    ScheduleMap: {"steps": 10, "learning_rates": [0.1, 0.5], "decay_rates": [0.9, 1.0]},
    NoiseExplorer: {"steps": 10, "shown": 2, "seeds": 1},
    OptimizerExplorer: {"steps": 10},
}
Q = lrlab.Quadratic
#: What a user may hand any argument: other types, objects that raise, numbers that are not finite, out of range or
#: at float32's edges, arrays where one number goes, and losses an explorer cannot run or draw.
HOSTILE = [
    None, "0.2", True, {}, ReprRaises(), FloatRaises(), RealFloatRaises(), ArrayRaises(),
    float("nan"), float("inf"), -1.0, 0.0, 5e-324, 1e-300, 1.2e-38, 3e38, 1e300, -1e300, 2e6, 2**70,
    np.array([0.2, 0.3]), [0.2], [1e-300, 1e300],
    Q(centre=1e300), Q(centre=2e6), Q(a=1e-300), Q(a=1e30), Q(a=1e-30),
]  # fmt: skip


@pytest.mark.parametrize("make", list(SMALL), ids=lambda m: m.__name__)
def test_every_hostile_value_in_every_argument_is_drawn_or_refused_by_name(make):
    names = list(inspect.signature(make).parameters)
    named = re.compile(r"^`(" + "|".join(names) + r")\b")
    for name in names:
        for bad in HOSTILE:
            refused = None
            try:
                explorer = make(**(SMALL[make] | {name: bad}))
            except (ValueError, TypeError) as exc:
                refused = str(exc)
            if refused is None:  # what the browser receives is plain JSON: no NaN, no infinity
                state = {k: x for k, x in explorer.get_state().items() if not isinstance(x, (bytes, memoryview))}
                json.dumps(state, allow_nan=False)
            else:
                assert named.search(refused) and "Received: " in refused, (name, type(bad).__name__, refused)


BAD = [
    # (constructor, kwargs, exception, text that must be in the message)
    (
        LearningRateExplorer,
        {"learning_rate": -0.1},
        ValueError,
        "`learning_rate` must be between 1.17549e-38 and 3.40282e+38 (float32's normal numbers, in which the explorers "
        "run). Received: learning_rate=-0.1",
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
    (
        LearningRateExplorer,
        {"lr_range": (0, 1)},
        ValueError,
        "`lr_range` must be (low, high) among float32's normal numbers, 1.2e-38 to 3.4e38. Received: lr_range=(0, 1)",
    ),
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
        "`learning_rate` must be between 1.17549e-38 and 3.40282e+38 (float32's normal numbers, in which the explorers "
        "run). Received: learning_rate=0",
    ),
    (DecayExplorer, {"learning_rate": [0.1, 0.2]}, TypeError, "`learning_rate` must be a single number. Received: "),
    (DecayExplorer, {"decay_rate": [0.5, 0.9]}, TypeError, "`decay_rate` must be a single number. Received: "),
    (DecayExplorer, {"decay_steps": np.ones(2)}, TypeError, "`decay_steps` must be a single number. Received: "),
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
    (NoiseExplorer, {"learning_rate": 1.0}, ValueError, "`learning_rate` must be below the bounce rate 2/f″ = 1"),
    (NoiseExplorer, {"learning_rate": 0}, ValueError, "`learning_rate` must be between 1.17549e-38 and 3.40282e+38"),
    (NoiseExplorer, {"noise": -2}, ValueError, "`noise` must be between 1.17549e-38 and 3.40282e+38 (float32's"),
    (NoiseExplorer, {"noise": [1, 2]}, TypeError, "`noise` must be a single number"),
    (NoiseExplorer, {"w0": 2e6}, ValueError, "`w0` must be between -1e+06 and 1e+06 for an explorer. Received: w0="),
    (NoiseExplorer, {"steps": 5000}, ValueError, "`steps` must be an int between 1 and 2,000"),
    (NoiseExplorer, {"shown": 51}, ValueError, "`shown` must be an int between 1 and 50"),
    (NoiseExplorer, {"seeds": 0}, ValueError, "`seeds` must be an int between 1 and 10"),
    (NoiseExplorer, {"steps": 2000, "shown": 50}, ValueError, "`steps` must be small enough for the explorer's 50,000"),
    (NoiseExplorer, {"loss": "bowl"}, TypeError, "`loss` must be an lrlab.Quadratic"),
    (
        NoiseExplorer,
        {"loss": Q(centre=2e6)},
        ValueError,
        "`loss` must be a loss whose centre is between -1e+06 and 1e+06 for an explorer. Received: loss=Quadratic(",
    ),
    (NoiseExplorer, {"loss": Q(a=1e-300)}, ValueError, "`loss` must be a loss whose factor a does not round to 0 in"),
    (NoiseExplorer, {"labels": {"noise": 3}}, TypeError, "`labels['noise']` must be a str"),
    (NoiseExplorer, {"labels": {"noise_readout": "{oops}"}}, ValueError, "placeholders are among"),
    (OptimizerExplorer, {"optimizer": "adam"}, ValueError, "`optimizer` must be one of"),
    (OptimizerExplorer, {"optimizer": np.array(["adam"])}, TypeError, "`optimizer` must be a name, one of"),
    (
        OptimizerExplorer,
        {"learning_rate": 0},
        ValueError,
        "`learning_rate` must be between 1.17549e-38 and 3.40282e+38",
    ),
    (
        OptimizerExplorer,
        {"learning_rate": 1e15},
        ValueError,
        "`learning_rate` must be near enough to 0.001–2 for the explorer's 50,000 bytes. Received: learning_rate=1000000000000000.0",
    ),
    (OptimizerExplorer, {"beta": 1.0}, ValueError, "`beta` must be in [0, 1). Received: beta=1.0"),
    (OptimizerExplorer, {"beta": "0.9"}, TypeError, "`beta`"),
    (OptimizerExplorer, {"beta2": 0.95}, ValueError, "`beta2` must be one of [0.9, 0.99, 0.999, 0.9999]"),
    (OptimizerExplorer, {"steps": 0}, ValueError, "`steps` must be an int between 1 and 2,000"),
    (OptimizerExplorer, {"labels": {"opt.beta": 3}}, TypeError, "`labels['opt.beta']` must be a str"),
    (OptimizerExplorer, {"labels": {"nope": "x"}}, ValueError, "`labels` must be a dict whose keys"),
]


@pytest.mark.parametrize(
    ("make", "kwargs", "exc", "message"),
    BAD,
    ids=[f"{m.__name__}-{next(iter(k))}-{n}" for n, (m, k, _, _) in enumerate(BAD)],
)
def test_bad_input_is_refused_naming_the_argument(make, kwargs, exc, message):
    with pytest.raises(exc, match=re.escape(message)):
        make(**(SMALL[make] | kwargs))


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
