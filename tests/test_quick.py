import math
import re

import numpy as np
import pytest

import lrlab
from lrlab.quick import QuickExplorer


def test_quick_explorer_carries_lrlab_runs_for_every_rate():
    q = QuickExplorer()
    assert q.learning_rate == 0.2 and len(q.rates) == len(q.w) == len(q.loss) == len(q.names)
    for i in (0, 40, q.rates.index(0.5), q.rates.index(1.0), len(q.rates) - 1):
        run = lrlab.descend(q.rates[i])
        expected = [float(x) if math.isfinite(x) else None for x in run.w]
        assert q.w[i] == expected
        assert q.names[i] == lrlab.regime(q.rates[i])
        assert q.diverged_at[i] == (-1 if run.diverged_at is None else run.diverged_at)


def test_quick_explorer_sends_no_infinities():
    q = QuickExplorer(2.0, steps=200)
    i = q.rates.index(2.0)
    assert q.diverged_at[i] > 0 and q.w[i][-1] is None and q.loss[i][q.diverged_at[i]] is None


def test_quick_explorer_reports_position_back_to_python():
    q = QuickExplorer()
    q.index, q.step = q.rates.index(1.0), 7
    assert q.learning_rate == 1.0 and q.w_now == -7.0


def test_quick_explorer_labels_and_bad_input():
    q = QuickExplorer(labels={"regime:glides": "平稳下降", "play": "播放"})
    assert q.labels["play"] == "播放" and q.names[q.index] == "平稳下降"
    with pytest.raises(ValueError, match=re.escape("`learning_rate` must be finite and > 0. Received: learning_rate=0")):
        QuickExplorer(0)
    with pytest.raises(ValueError, match=re.escape("Received: steps=20000")):
        QuickExplorer(steps=20000)


def test_quick_explorer_esm_ships_with_the_package():
    q = QuickExplorer()
    assert "export default { render }" in str(q._esm)
    assert np.all(np.diff(q.rates) > 0)


def test_notebook_claim_about_the_number_of_rates():
    # notebook 01 says the quick explorer runs "all 178 rates of the slider in one call"
    q = QuickExplorer()
    assert len(q.rates) == 178 and q.trajectories.w.shape == (41, 178)
