"""Noisy runs (lrlab.outcomes, lrlab.losses.QuarticBowl, lrlab.tables, lrlab.descent.minibatch_sgd): seeded runs, the noise floor against simulation, schedules under noise, the map of exact expected losses,
the quartic bowl (warmup), the course's MNIST schedule, minibatch SGD on a line, the noise explorer's frames."""

import json
import math
from pathlib import Path

import numpy as np
import pytest

import lrlab
from lrlab import descent, losses, outcomes, tables
from lrlab.outcomes import LAB_DECAY_RATES, LAB_RATES

DATA = json.loads((Path(__file__).parent / "data" / "frameworks.json").read_text())


# ---------------------------------------------------------------- seeded runs


def test_seeded_runs_are_reproducible_and_independent():
    a = outcomes.seeded_runs(0.2, noise=2.0, runs=5, steps=30, seed=7)
    b = outcomes.seeded_runs(0.2, noise=2.0, runs=5, steps=30, seed=7)
    c = outcomes.seeded_runs(0.2, noise=2.0, runs=5, steps=30, seed=8)
    assert a.w.shape == (31, 5) and a.w.dtype == np.float32
    assert np.array_equal(a.w, b.w)
    assert not np.array_equal(a.w, c.w)
    assert len({float(x) for x in a.w[-1]}) == 5, "every run has its own noise"
    assert np.all(a.w[0] == 5.0)


def test_two_schedules_with_one_seed_see_the_same_noise():
    sched = lrlab.exponential_decay(0.2, 1, 0.9)
    a = outcomes.seeded_runs(0.2, noise=2.0, runs=4, steps=20, seed=3, dtype=np.float64)
    b = outcomes.seeded_runs(sched, noise=2.0, runs=4, steps=20, seed=3, dtype=np.float64)
    loss = lrlab.Quadratic()
    noise_a = a.grad - loss.grad(np.asarray(a.w[:-1]))
    noise_b = b.grad - loss.grad(np.asarray(b.w[:-1]))
    np.testing.assert_allclose(noise_a, noise_b, rtol=0, atol=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"runs": 0}, ValueError, r"`runs` must be an int between 1 and 1,000,000. Received: runs=0"),
        ({"runs": True}, TypeError, r"`runs` must be an int. Received: runs=True"),
        ({"noise": -1.0}, ValueError, r"`noise` must be finite and >= 0. Received: noise=-1.0"),
        ({"noise": [1.0, 2.0]}, TypeError, r"`noise` must be a single number"),
        ({"w0": float("nan")}, ValueError, r"`w0` must be finite. Received: w0=nan"),
        ({"loss": "parabola"}, TypeError, r"`loss` must be an lrlab.Quadratic. Received: loss='parabola'"),
    ],
)
def test_seeded_runs_rejects_bad_arguments(kwargs, exc, match):
    args = {"noise": 1.0} | kwargs
    with pytest.raises(exc, match=match):
        outcomes.seeded_runs(0.2, **args)


# ---------------------------------------------------------------- the noise floor against simulation


# ---------------------------------------------------------------- summaries and schedules


def test_summarise_works_out_means_errors_and_the_floor():
    t = outcomes.seeded_runs(0.2, noise=2.0, runs=50, steps=40, seed=2)
    s = outcomes.summarise(t, "constant")
    loss = np.asarray(t.loss, dtype=np.float64)
    np.testing.assert_allclose(s.mean_loss, loss.mean(axis=1))
    np.testing.assert_allclose(s.sem_loss, loss.std(axis=1, ddof=1) / math.sqrt(50))
    assert s.floor == pytest.approx(lrlab.noise_floor(0.2, 2.0))
    assert s.final_mean == pytest.approx(loss[-1].mean()) and s.at(40) == (s.final_mean, s.final_sem)
    assert s.moved_after[-1] == 0 and s.moved_after[0] > 0
    assert s.budget == pytest.approx(0.2 * 40, rel=1e-6)
    k = s.first_below(1.0)
    assert s.mean_loss[k] < 1.0 <= s.mean_loss[k - 1]
    assert s.first_below(1e-30) == -1
    assert not s.mean_loss.flags.writeable
    decayed = outcomes.summarise(outcomes.seeded_runs(lrlab.exponential_decay(0.2, 1, 0.9), noise=1.0, runs=3, steps=5))
    assert math.isnan(decayed.floor)


def test_summarise_rejects_a_single_run():
    with pytest.raises(TypeError, match=r"`trajectory` must be a batch of runs"):
        outcomes.summarise(lrlab.descend(0.2))
    with pytest.raises(ValueError, match=r"`k` must be an int between 0 and 40"):
        outcomes.summarise(outcomes.seeded_runs(0.2, noise=1.0, runs=3, steps=40)).at(41)


def test_exponential_decay_stops_moving_under_noise_and_inverse_time_does_not():
    schedules = {
        "exponential": lrlab.exponential_decay(0.2, 1, 0.98),
        "inverse time": lrlab.inverse_time_decay(0.2, 10, 1.0),
    }
    runs = {
        name: outcomes.summarise(outcomes.seeded_runs(s, noise=2.0, runs=100, steps=3000, seed=0), name)
        for name, s in schedules.items()
    }
    assert runs["exponential"].moved_after[1000] == 0
    assert runs["inverse time"].moved_after[1000] > 0.01
    assert runs["exponential"].budget == pytest.approx(0.2 / (1 - 0.98), rel=1e-4)
    assert runs["inverse time"].at(3000)[0] < runs["inverse time"].at(1000)[0] < runs["inverse time"].at(300)[0]


# ---------------------------------------------------------------- the map under noise


def test_noisy_map_without_noise_is_the_clean_map():
    lr, dr = [0.05, 0.3, 1.2], [0.8, 0.95, 1.0]
    m = outcomes.noisy_map(lr, dr, noise=0.0, steps=60)
    for i, eta0 in enumerate(lr):
        for j, gamma in enumerate(dr):
            run = lrlab.descend(lrlab.exponential_decay(eta0, 1, gamma), steps=60, dtype=np.float64)
            assert math.sqrt(m.expected_loss[i, j]) == pytest.approx(abs(float(run.w[-1]) + 1), rel=1e-9, abs=1e-12)
    assert m.start_loss == 36.0 and np.argwhere(m.worse_than_start).tolist() == [[2, 2]]  # the constant 1.2 diverges


def test_noisy_map_is_the_exact_expected_loss_of_each_setting():
    lr, dr = [0.03, 0.2, 1.5], [0.9, 0.99, 1.0]
    m = outcomes.noisy_map(lr, dr, noise=1.5, steps=80, w0=2.0, loss=lrlab.Quadratic(a=0.5, centre=1.0))
    for i, eta0 in enumerate(lr):
        for j, gamma in enumerate(dr):
            exact = lrlab.expected_loss(
                lrlab.exponential_decay(eta0, 1, gamma), w0=2.0, steps=80, noise=1.5, loss=lrlab.Quadratic(0.5, 1.0)
            )
            assert m.expected_loss[i, j] == exact[-1]
    assert m.start_loss == 0.5


def test_noisy_map_marks_settings_worse_than_the_start_and_finds_the_best_cell():
    m = outcomes.noisy_map([0.1, 2.0], [0.95, 1.0], noise=1.0, steps=200)
    assert m.worse_than_start[1, 1] and m.expected_loss[1, 1] > m.start_loss
    assert not m.worse_than_start[0].any()
    i, j = m.best()
    assert m.expected_loss[i, j] == np.min(m.expected_loss)
    assert m.nearest(2.1, 0.99) == (1, 1)
    assert m.caption() == "exact expected loss after T = 200 updates from w0 = 5, noise σ = 1"
    assert m.horizon == 200
    with pytest.raises(ValueError, match="read-only"):
        m.expected_loss[0, 0] = 0.0


def test_the_best_cell_of_the_noisy_map_is_the_best_setting_not_a_lucky_one():
    """Seeded runs agree with the exact value of the map's best cell within their standard error."""
    lr, dr = LAB_RATES[::8], LAB_DECAY_RATES[::8]
    m = outcomes.noisy_map(lr, dr, noise=2.0, steps=100)
    i, j = m.best()
    sched = lrlab.exponential_decay(float(lr[i]), 1, float(dr[j]))
    s = outcomes.summarise(outcomes.seeded_runs(sched, noise=2.0, runs=4000, steps=100, seed=5, dtype=np.float64))
    assert abs(s.final_mean - m.expected_loss[i, j]) < 4 * s.final_sem
    # a brute-force check over the grid: no setting has a lower exact expected loss
    for a, eta0 in enumerate(lr):
        e = lrlab.expected_loss(lrlab.exponential_decay(float(eta0), 1, dr), steps=100, noise=2.0)[-1]
        assert np.all(e >= m.expected_loss[i, j]), a


@pytest.mark.parametrize(
    ("args", "kwargs", "exc", "match"),
    [
        (([0.1], [1.1]), {}, ValueError, r"`decay_rates` must be > 0 and <= 1. Received: decay_rates=\[1.1\]"),
        (([[0.1]], [0.9]), {}, TypeError, r"`learning_rates and decay_rates` must be two non-empty 1-d arrays"),
        (([0.1], [0.9]), {"noise": -1.0}, ValueError, r"`noise` must be finite and >= 0. Received: noise=-1.0"),
        (([0.1], [0.9]), {"steps": -1}, ValueError, r"`steps` must be an int between 0 and"),
        (([-0.1], [0.9]), {}, ValueError, r"`learning_rates` must be finite and > 0"),
        (([0.1], [0.9]), {"loss": losses.QuarticBowl()}, TypeError, r"`loss` must be"),
    ],
)
def test_noisy_map_rejects_bad_grids(args, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        outcomes.noisy_map(*args, **kwargs)


# ---------------------------------------------------------------- warmup


def test_quartic_bowl_derivatives():
    bowl = losses.QuarticBowl(quartic=0.25, centre=-1.0)
    w = np.linspace(-4, 4, 17)
    h = 1e-5
    np.testing.assert_allclose(bowl.grad(w), (bowl.value(w + h) - bowl.value(w - h)) / (2 * h), rtol=1e-7, atol=1e-6)
    second = (bowl.grad(w + h) - bowl.grad(w - h)) / (2 * h)
    np.testing.assert_allclose(bowl.curvature_at(w), second, rtol=1e-7)
    assert bowl.curvature_at(-1.0) == 2.0 and bowl.curvature_at(5.0) == 110.0
    assert bowl.bounce_rate_at(5.0) == pytest.approx(2 / 110)
    assert bowl.value(np.float32(2.0)).dtype == np.float32 and bowl.grad(np.float32(2.0)).dtype == np.float32
    assert bowl.value(2) == 9 + 0.25 * 81
    assert str(bowl) == "(w + 1)² + 0.25·(w + 1)⁴" and repr(bowl) == "QuarticBowl(quartic=0.25, centre=-1.0)"
    with pytest.raises(AttributeError):
        bowl._b = 3
    with pytest.raises(ValueError, match=r"`quartic` must be finite and > 0. Received: quartic=0"):
        losses.QuarticBowl(quartic=0)
    with pytest.raises(TypeError, match=r"`w` must be a real number"):
        bowl.grad("5")


def test_warmup_tames_a_start_where_the_constant_rate_diverges():
    bowl = losses.QuarticBowl()
    steep = lrlab.descend(0.4, loss=bowl, steps=60)
    warm = lrlab.join([lrlab.linear_schedule(0.01, 0.4, 30), lrlab.constant(0.4)], [30])
    warmed = lrlab.descend(warm, loss=bowl, steps=60)
    assert steep.diverged_at is not None and steep.diverged_at <= 5
    assert warmed.diverged_at is None and abs(float(warmed.w[-1]) + 1) < 1e-6
    assert float(warmed.lr[-1]) == pytest.approx(0.4)
    local = np.asarray(warmed.lr, dtype=float) * bowl.curvature_at(np.asarray(warmed.w[:-1], dtype=float))
    assert local.max() < 2, "every update of the warmup run is below the local bounce rate"
    assert 0.4 * bowl.curvature_at(5.0) > 2 * 20, "0.4 is more than twenty times the safe rate at w0 = 5"


# ---------------------------------------------------------------- steps vs epochs


def _record(name, **match):
    return next(r for r in DATA[name] if all(r.get(k) == v for k, v in match.items()))


def test_mnist_schedule_per_update_equals_keras_and_pytorch_per_epoch():
    s = tables.mnist_schedule()
    assert (s.learning_rate, s.decay_steps, s.decay_rate, s.staircase) == (0.1, 275.0, 0.99, True)
    k = np.arange(0, 41 * 275)
    rate = s(k)
    # flat within each epoch, one factor per epoch
    assert np.all(rate.reshape(41, 275) == rate.reshape(41, 275)[:, :1])
    epochs = np.arange(41)
    keras = _record("keras_schedule", learning_rate=0.1, decay_steps=1, decay_rate=0.99, staircase=True)
    np.testing.assert_allclose(s(epochs * 275, dtype=np.float32), np.array(keras["lr"])[:41], rtol=1e-6)
    torch = _record("torch", scheduler="ExponentialLR", kwargs={"gamma": 0.99})
    per_epoch = lrlab.in_float64(lrlab.exponential_decay(0.1, 1, 0.99))
    np.testing.assert_allclose(per_epoch(np.arange(40)), torch["lr"], rtol=1e-12)
    np.testing.assert_allclose(tables.per_epoch(s, 275, 40), torch["lr"], rtol=1e-12)


def test_per_epoch_rejects_bad_arguments():
    with pytest.raises(ValueError, match=r"`steps_per_epoch` must be an int between 1"):
        tables.per_epoch(tables.mnist_schedule(), 0, 3)
    with pytest.raises(TypeError, match=r"`schedule` must be an lrlab schedule. Received: schedule=0.1"):
        tables.per_epoch(0.1, 10, 3)


# ---------------------------------------------------------------- minibatch SGD on a line


def test_line_data_is_seeded():
    x, y = descent.line_data(50, seed=3)
    x2, y2 = descent.line_data(50, seed=3)
    assert np.array_equal(x, x2) and np.array_equal(y, y2) and x.shape == (50,)
    assert np.all((x >= -1) & (x <= 1))
    xs, ys = descent.line_data(50, noise=0.0)
    np.testing.assert_allclose(ys, 2 * xs + 1)


def test_full_batch_sgd_is_plain_gradient_descent():
    x, y = descent.line_data(30, seed=5)
    fit = descent.minibatch_sgd(x, y, 0.3, batch_size=30, epochs=4, runs=2, seed=0)
    m = b = 0.0
    for _ in range(4):
        r = y - (m * x + b)
        m, b = m + 0.3 * 2 * np.mean(r * x), b + 0.3 * 2 * np.mean(r)
    np.testing.assert_allclose(fit.params[-1], [[m, b], [m, b]], rtol=1e-12)
    np.testing.assert_allclose(fit.best, np.polyfit(x, y, 1), rtol=1e-10)
    assert np.all(fit.excess >= 0) and fit.steps == 4 and fit.steps_per_epoch == 1


def test_minibatch_noise_makes_a_constant_rate_hover_and_decay_settle():
    x, y = descent.line_data(200, seed=0)
    const = descent.minibatch_sgd(x, y, 0.1, batch_size=10, epochs=50, runs=20, seed=1)
    decay = descent.minibatch_sgd(
        x, y, lrlab.exponential_decay(0.1, 20, 0.9, staircase=True), batch_size=10, epochs=50, runs=20, seed=1
    )
    c, d = const.epoch_excess(), decay.epoch_excess()
    assert c[49] > 0.5 * c[9], "the constant rate does not improve from epoch 10 to 50"
    assert d[49] < c[49] / 100
    assert np.array_equal(decay.lr[:20], np.full(20, 0.1)) and decay.lr[20] == pytest.approx(0.09)
    per = np.asarray(const.excess[1:]).reshape(50, 20, 20).mean(axis=(1, 2))
    np.testing.assert_allclose(c, per)


@pytest.mark.parametrize(
    ("args", "kwargs", "exc", "match"),
    [
        (([1.0, 2.0], [1.0]), {}, ValueError, r"`x and y` must be 1-d arrays of the same length"),
        (([1.0, 2.0], [1.0, 2.0]), {"batch_size": 3}, ValueError, r"`batch_size` must be an int between 1 and 2"),
        (([1.0, 2.0], [1.0, float("inf")]), {}, ValueError, r"`y` must be finite"),
        (
            ([1.0, 2.0], [1.0, 2.0], [0.1, 0.2]),
            {"batch_size": 1},
            TypeError,
            r"`learning_rate` must be one rate per update",
        ),
    ],
)
def test_minibatch_sgd_rejects_bad_input(args, kwargs, exc, match):
    if len(args) == 2:
        args = (*args, 0.1)
    with pytest.raises(exc, match=match):
        descent.minibatch_sgd(*args, **kwargs)
