"""The outcome map's names: snapshots after a horizon T with a tolerance tol (TEAM.md's definitions)."""

import re
import time

import numpy as np
import pytest

import lrlab
from lrlab.outcomes import LAB_DECAY_RATES, LAB_RATES, OUTCOMES, classify, outcome_map


def test_outcome_names_and_order():
    assert OUTCOMES == ("arrived", "not there yet", "still zig-zagging", "frozen", "diverged")


@pytest.mark.parametrize(
    ("schedule", "steps", "name"),
    [
        (0.2, 40, "arrived"),
        (0.0001, 40, "not there yet"),
        (0.9, 10, "still zig-zagging"),
        (1.0, 40, "still zig-zagging"),
        (1.5, 40, "diverged"),
        (1.5, 100, "diverged"),
        (3.0, 100, "diverged"),
        (lrlab.exponential_decay(0.1, 1, 0.5), 60, "frozen"),
        (lrlab.exponential_decay(0.7, 1, 0.5), 60, "frozen"),
        (lrlab.exponential_decay(0.9, 1, 0.95), 60, "arrived"),
    ],
)
def test_classify_single_runs(schedule, steps, name):
    assert OUTCOMES[classify(lrlab.descend(schedule, steps=steps))] == name


def test_each_name_follows_its_definition():
    # arrived: |w_T - c| < tol, judged at T exactly
    run = lrlab.descend(0.2, steps=14, dtype=np.float64)
    assert abs(run.w[-1] + 1) > 1e-3 and OUTCOMES[classify(run)] == "not there yet"
    assert abs(run.w[-1] + 1) < 1e-2 and OUTCOMES[classify(run, tol=1e-2)] == "arrived"
    # frozen: the infinite-horizon limit is >= tol from c, past -1 as well as short of it
    for lr0, dr in [(0.1, 0.5), (0.7, 0.5), (1.995, 0.8)]:
        sched = lrlab.exponential_decay(lr0, 1, dr)
        limit = lrlab.frozen_limit(sched)
        run = lrlab.descend(sched, steps=100, dtype=np.float64)
        assert abs(limit + 1) >= 1e-3 and OUTCOMES[classify(run)] == "frozen"
        assert OUTCOMES[classify(run, tol=2 * abs(limit + 1))] == "arrived"
    assert (
        lrlab.frozen_limit(lrlab.exponential_decay(0.7, 1, 0.5))
        < -1
        < lrlab.frozen_limit(lrlab.exponential_decay(0.1, 1, 0.5))
    )
    # a frozen run that has not stalled yet at T is already frozen: the limit decides
    run = lrlab.descend(lrlab.exponential_decay(0.02, 1, 0.99), steps=5)
    assert OUTCOMES[classify(run)] == "frozen"
    # diverged: overflowed within T, or not yet overflowed but its limit is infinite
    assert lrlab.descend(1.5, steps=300).diverged_at is not None
    assert OUTCOMES[classify(lrlab.descend(1.5, steps=300))] == "diverged"
    slow = lrlab.descend(1.05, steps=100)
    assert slow.diverged_at is None and OUTCOMES[classify(slow)] == "diverged"
    # a decaying run that grows at first but whose limit is finite is not "diverged"
    early = lrlab.descend(lrlab.exponential_decay(1.5, 1, 0.9), steps=3, dtype=np.float64)
    assert abs(early.w[-1] + 1) > 6 and OUTCOMES[classify(early)] != "diverged"
    # still zig-zagging: the last update crossed c; else not there yet
    run = lrlab.descend(0.9, steps=10, dtype=np.float64)
    assert (run.w[-1] + 1) * (run.w[-2] + 1) < 0


def test_a_schedule_without_a_known_limit_is_never_frozen():
    run = lrlab.descend(lambda k: 0.1 * 0.5**k, steps=60)
    assert OUTCOMES[classify(run)] == "not there yet"
    noisy = lrlab.descend(lrlab.exponential_decay(0.1, 1, 0.5), steps=60, noise=0.1, seed=0)
    assert OUTCOMES[classify(noisy)] != "frozen"


def test_map_equals_runs_one_by_one():
    m = outcome_map(np.geomspace(0.02, 2, 9), np.linspace(0.6, 1, 5), steps=50)
    assert m.codes.shape == (9, 5)
    for i in range(9):
        for j in range(5):
            run = m.trajectory(i, j)
            assert classify(run) == m.codes[i, j]
            assert run.w[-1] == m.final_w[i, j] or (np.isnan(run.w[-1]) and np.isnan(m.final_w[i, j]))
    assert sum(m.counts().values()) == 45


def test_lab_grid_no_decay_column():
    assert 1.0 in LAB_RATES and LAB_DECAY_RATES[-1] == 1.0
    m = outcome_map(LAB_RATES, LAB_DECAY_RATES[-1:], steps=100)
    names = [name for name, _, _ in m.column(0)]
    assert names == ["not there yet", "arrived", "still zig-zagging", "diverged"]
    assert m.column(0)[2][1:] == (1.0, 1.0)
    # "not there yet" ends where 100 updates of (1 - 2η) bring 6 below 0.001: η < 0.042
    boundary = m.column(0)[0][2]
    assert 6 * (1 - 2 * boundary) ** 100 >= 1e-3 > 6 * (1 - 2 * m.column(0)[1][1]) ** 100


def test_full_lab_map_is_fast_and_has_every_name():
    start = time.perf_counter()
    m = outcome_map(LAB_RATES, LAB_DECAY_RATES, steps=100)
    elapsed = time.perf_counter() - start
    assert m.codes.size * m.steps == 939_600
    assert elapsed < 5, elapsed  # ~0.15 s here; 5 s only catches a pathological slowdown
    assert all(n > 0 for n in m.counts().values()), m.counts()
    assert m.caption() == "after T = 100 updates, tol = 0.001" and m.horizon == 100


def test_map_arrays_are_truly_read_only():
    m = outcome_map([0.1, 1.0], [0.5, 1.0], steps=5)
    for arr in (m.learning_rates, m.decay_rates, m.codes, m.final_w):
        with pytest.raises(ValueError, match="WRITEABLE"):
            arr.flags.writeable = True
        with pytest.raises(ValueError, match="read-only"):
            arr[0] = 0
    with pytest.raises(AttributeError):
        del m.codes
    with pytest.raises(AttributeError):
        m.codes = None


def test_nearest_and_bad_input():
    m = outcome_map([0.1, 1.0], [0.5, 1.0], steps=5)
    assert m.nearest(0.9, 0.95) == (1, 1)
    assert m.outcome(-1, -1) == m.outcome(1, 1)
    with pytest.raises(ValueError, match=re.escape("`i` must be an int between -2 and 1. Received: i=2")):
        m.outcome(2, 0)
    with pytest.raises(
        ValueError, match=re.escape("`learning_rates` must be finite and > 0. Received: learning_rates=[0, 1]")
    ):
        outcome_map([0, 1], [0.5])
    with pytest.raises(ValueError, match="1-D arrays"):
        outcome_map([[0.1]], [0.5])
    with pytest.raises(ValueError, match=re.escape("`steps` must be an int between 1 and 100,000. Received: steps=0")):
        outcome_map([0.1], [0.5], steps=0)
    with pytest.raises(TypeError, match="`trajectory` must be an lrlab.Trajectory"):
        classify([1, 2])
    with pytest.raises(ValueError, match=re.escape("`tol` must be finite and > 0. Received: tol=0")):
        classify(lrlab.descend(0.2), tol=0)
