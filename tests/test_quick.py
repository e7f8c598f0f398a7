"""``lrlab.quick.QuickExplorer`` is now another name for the learning-rate explorer (old notebooks keep running)."""

import re

import numpy as np
import pytest

import lrlab
from lrlab.quick import QuickExplorer
from lrlab.widgets import LearningRateExplorer


def test_quick_explorer_is_the_learning_rate_explorer():
    assert QuickExplorer is LearningRateExplorer
    q = QuickExplorer(0.5, interval=33)
    assert q.learning_rate == 0.5 and q.interval == 33 and q.kind == "rate"


def test_old_usage_still_works_and_reports_back_to_python():
    q = QuickExplorer()
    q.index, q.step = q.rates.index(1.0), 7
    assert q.learning_rate == 1.0 and q.w_now == -7.0
    w = np.frombuffer(q.w, np.float32).reshape(len(q.rates), q.steps + 1)
    np.testing.assert_array_equal(w[q.index], lrlab.descend(1.0).w)


def test_old_arguments_are_checked_the_same_way():
    with pytest.raises(
        ValueError, match=re.escape("`learning_rate` must be finite and > 0. Received: learning_rate=0")
    ):
        QuickExplorer(0)
    with pytest.raises(ValueError, match=re.escape("Received: steps=20000")):
        QuickExplorer(steps=20000)


def test_the_renderer_and_its_styles_ship_with_the_package():
    q = QuickExplorer()
    assert "export default { render }" in str(q._esm)
    assert ".lrlab-explorer" in str(q._css) and "--lrlab-ink" in str(q._css)
