"""Minibatch SGD on a small real fit (lrlab.descent.line_data, minibatch_sgd): exact data, exact updates, exact
messages."""

import re

import numpy as np
import pytest

import lrlab
from lrlab.descent import LineFit, line_data, minibatch_sgd


def test_line_data_is_the_line_plus_seeded_noise():
    x, y = line_data()
    rng = np.random.default_rng(0)
    expect_x = rng.uniform(-1.0, 1.0, 200)
    expect_y = 2.0 * expect_x + 1.0 + 1.0 * rng.standard_normal(200)
    assert np.array_equal(x, expect_x) and np.array_equal(y, expect_y)
    assert not x.flags.writeable and not y.flags.writeable


def test_line_data_follows_each_argument():
    x, y = line_data(7, slope=-3.0, intercept=0.5, noise=0.0, seed=4)
    assert x.shape == y.shape == (7,)
    assert np.array_equal(x, np.random.default_rng(4).uniform(-1.0, 1.0, 7))
    assert np.array_equal(y, -3.0 * x + 0.5)
    _, noisy = line_data(7, slope=-3.0, intercept=0.5, noise=2.0, seed=4)
    rng = np.random.default_rng(4)
    rng.uniform(-1.0, 1.0, 7)
    np.testing.assert_allclose(noisy - (-3.0 * x + 0.5), 2.0 * rng.standard_normal(7), rtol=1e-12, atol=1e-14)
    assert not np.array_equal(line_data(7, seed=5)[0], x)


LINE_ERRORS = [
    (dict(n=1), "`n` must be an int between 2 and 1,000,000. Received: n=1"),
    (dict(n=10**6 + 1), "`n` must be an int between 2 and 1,000,000. Received: n=1000001"),
    (dict(slope=np.nan), "`slope` must be finite. Received: slope=nan"),
    (dict(intercept=np.inf), "`intercept` must be finite. Received: intercept=inf"),
    (dict(noise=-1.0), "`noise` must be finite and >= 0. Received: noise=-1.0"),
    (dict(seed=-1), "`seed` must be None, an int >= 0, a list of ints >= 0 or a numpy Generator. Received: seed=-1"),
    (
        dict(slope=1e308, intercept=1e308),
        "`slope, intercept and noise` must be small enough that every y is finite. "
        "Received: slope, intercept and noise={'slope': 1e+308, 'intercept': 1e+308, 'noise': 1.0}",
    ),
]


@pytest.mark.parametrize(("kwargs", "message"), LINE_ERRORS)
def test_line_data_names_what_it_refuses(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        line_data(**kwargs)


def test_full_batch_sgd_is_gradient_descent_on_the_mean_squared_error():
    """With one batch of every point, the order of the points does not matter: each update is the full gradient."""
    x, y = np.array([-1.0, 0.0, 0.5, 1.0]), np.array([0.0, 1.0, 1.5, 3.5])
    schedule = lrlab.exponential_decay(0.3, 1, 0.9)
    fit = minibatch_sgd(x, y, schedule, batch_size=4, epochs=5, runs=3, seed=2)
    p, expected = np.zeros(2), [np.zeros(2)]
    for k in range(5):
        r = y - (p[0] * x + p[1])
        p = p - 0.3 * 0.9**k * np.array([-2.0 * np.mean(r * x), -2.0 * np.mean(r)])
        expected.append(p)
    for run in range(3):
        np.testing.assert_allclose(fit.params[:, run], expected, rtol=1e-12, atol=1e-15)
    best = np.linalg.lstsq(np.stack([x, np.ones(4)], axis=1), y, rcond=None)[0]
    np.testing.assert_allclose(fit.best, best, rtol=1e-12)
    mse = [np.mean((y - (q[0] * x + q[1])) ** 2) for q in expected]
    assert fit.min_loss == pytest.approx(np.mean((y - (best[0] * x + best[1])) ** 2), rel=1e-12)
    np.testing.assert_allclose(fit.excess[:, 0], np.maximum(np.array(mse) - fit.min_loss, 0), rtol=1e-9, atol=1e-15)
    assert np.array_equal(fit.lr, schedule(np.arange(5)))
    assert (fit.batch_size, fit.steps_per_epoch, fit.epochs, fit.steps) == (4, 1, 5, 5)


def test_minibatches_cover_every_point_once_per_epoch():
    """A constant zero rate never moves; rate 1/… on a line through the points lands on it: the fit's parts agree."""
    x, y = line_data(40, noise=0.0, seed=3)
    fit = minibatch_sgd(x, y, 0.0, batch_size=7, epochs=3, runs=2, seed=1)
    assert fit.params.shape == (3 * 5 + 1, 2, 2) and np.all(fit.params == 0)  # 40 // 7 = 5 batches, 5 points dropped
    assert fit.steps_per_epoch == 5 and fit.steps == 15
    np.testing.assert_allclose(fit.best, [2.0, 1.0], rtol=1e-12)
    assert fit.min_loss == pytest.approx(0.0, abs=1e-24)


def test_runs_shuffle_independently_and_seeds_repeat():
    x, y = line_data(30, seed=0)
    a = minibatch_sgd(x, y, 0.1, batch_size=3, epochs=2, runs=2, seed=5)
    b = minibatch_sgd(x, y, 0.1, batch_size=3, epochs=2, runs=2, seed=5)
    c = minibatch_sgd(x, y, 0.1, batch_size=3, epochs=2, runs=2, seed=6)
    assert np.array_equal(a.params, b.params) and not np.array_equal(a.params, c.params)
    assert not np.array_equal(a.params[:, 0], a.params[:, 1])


def test_averages_over_runs_and_epochs():
    x, y = line_data(20, seed=1)
    fit = minibatch_sgd(x, y, 0.2, batch_size=5, epochs=3, runs=4, seed=0)
    assert isinstance(fit, LineFit)
    np.testing.assert_array_equal(fit.mean_excess(), fit.excess.mean(axis=1))
    per = fit.excess[1:].reshape(3, 4, 4)
    np.testing.assert_array_equal(fit.epoch_excess(), per.mean(axis=(1, 2)))
    assert not fit.mean_excess().flags.writeable and not fit.epoch_excess().flags.writeable


def test_defaults():
    x, y = line_data(100, seed=2)
    fit = minibatch_sgd(x, y, 0.05)
    assert (fit.batch_size, fit.epochs, fit.params.shape[1]) == (10, 50, 20)
    again = minibatch_sgd(x, y, 0.05, batch_size=10, epochs=50, runs=20, seed=0)
    assert np.array_equal(fit.params, again.params)


X, Y = np.linspace(-1, 1, 6), np.arange(6.0)
SGD_ERRORS = [
    (dict(x=[np.nan] * 6), ValueError, "`x` must be finite. Received: x=[nan, nan, nan, nan, nan, nan]"),
    (dict(y=[np.inf] * 6), ValueError, "`y` must be finite. Received: y=[inf, inf, inf, inf, inf, inf]"),
    (
        dict(y=np.arange(5.0)),
        ValueError,
        "`x and y` must be 1-d arrays of the same length (at least 2). Received: x and y={'x': (6,), 'y': (5,)}",
    ),
    (dict(x=np.full(6, 1e151)), ValueError, "`x` must be values of at most 1e150 in size"),
    (dict(y=np.full(6, -1e151)), ValueError, "`y` must be values of at most 1e150 in size"),
    (dict(batch_size=7), ValueError, "`batch_size` must be an int between 1 and 6. Received: batch_size=7"),
    (dict(epochs=0), ValueError, "`epochs` must be an int between 1 and 100,000. Received: epochs=0"),
    (dict(runs=0), ValueError, "`runs` must be an int between 1 and 1,000,000. Received: runs=0"),
    (
        dict(epochs=100_000, runs=1000),
        ValueError,
        "`epochs x runs` must be at most 20,000,000 values. Received: epochs x runs={'epochs': 100000, 'runs': 1000}",
    ),
    (
        dict(learning_rate=np.array([0.1, 0.2])),
        TypeError,
        "`learning_rate` must be one rate per update (not a batch). Received: learning_rate=[0.1, 0.2]",
    ),
    (dict(seed=-2), ValueError, "`seed` must be None, an int >= 0"),
]


@pytest.mark.parametrize(("kwargs", "exc", "message"), SGD_ERRORS)
def test_minibatch_sgd_names_what_it_refuses(kwargs, exc, message):
    args = dict(x=X, y=Y, learning_rate=0.1, batch_size=2, epochs=2, runs=2) | kwargs
    with pytest.raises(exc, match=re.escape(message)):
        minibatch_sgd(args.pop("x"), args.pop("y"), args.pop("learning_rate"), **args)
