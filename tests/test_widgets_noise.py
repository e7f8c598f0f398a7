"""The noise explorer (notebook 04) and its view model (lrlab.view.noise_frames), driven from plain Python: knobs,
draws, readout and picture agree with lrlab's seeded runs, the exact expected loss and lrlab.noise_floor."""

import numpy as np
import pytest
from matplotlib.figure import Figure

import lrlab
from lrlab import view
from lrlab.widgets import MAX_STATE_BYTES, NoiseExplorer


@pytest.fixture(scope="module")
def ex():
    return NoiseExplorer(steps=60, shown=5)


# ---------------------------------------------------------------- the view model


def test_noise_frames_hold_every_knob_position():
    fr = view.noise_frames((0.05, 0.2), (1.0, 2.0), steps=50, shown=5, seed=2)
    assert fr.faint.shape == (2, 2, 5, 51) and fr.mean.shape == (2, 2, 51) and fr.floor.shape == (2, 2)
    assert fr.faint.dtype == np.float32 and fr.draws.dtype == np.float32 and fr.draws.shape == (5, 50)
    np.testing.assert_allclose(fr.floor, lrlab.noise_floor(np.array([[0.05], [0.2]]), np.array([[1.0, 2.0]])))
    assert np.all(fr.faint[..., 0] == 36) and np.all(fr.mean[..., 0] == 36)
    assert fr.index(0.2, 1.0) == (1, 0)
    x_axis, y_axis = fr.axes()
    assert y_axis.scale == "log" and y_axis.lo <= fr.floor.min() and y_axis.hi >= fr.mean.max()
    assert x_axis.lo <= 0 and x_axis.hi >= 50


def test_every_setting_uses_the_same_seeded_draws():
    """The faint runs of each (η, σ) are lrlab.descend's runs with that seed; their noise is sigma × the draws."""
    fr = view.noise_frames((0.05, 0.3), (0.5, 4.0), steps=30, shown=3, seed=7)
    for i, eta in enumerate(fr.learning_rates):
        for j, sigma in enumerate(fr.noises):
            run = lrlab.descend(float(eta), w0=np.full(3, 5.0), steps=30, noise=float(sigma), seed=7)
            np.testing.assert_array_equal(fr.faint[i, j], np.asarray(run.loss).T)
            noise = run.grad - lrlab.SEED_LOSS.grad(run.w[:-1])
            np.testing.assert_allclose(noise, np.float32(sigma) * fr.draws.T, rtol=1e-5, atol=1e-5)


def test_the_mean_is_the_exact_expected_loss():
    """The mean over many seeded runs comes close to the exact expected loss; after many updates it is the floor."""
    fr = view.noise_frames((0.2,), (2.0,), steps=200, shown=2)
    many = lrlab.descend(0.2, w0=np.full(20_000, 5.0), steps=200, noise=2.0, seed=11)
    mean = np.asarray(many.loss, dtype=np.float64).mean(axis=1)
    spread = np.asarray(many.loss, dtype=np.float64).std(axis=1) / np.sqrt(20_000)
    assert np.all(np.abs(mean - fr.mean[0, 0]) <= 5 * spread + 1e-9)
    assert fr.mean[0, 0, -1] == pytest.approx(lrlab.noise_floor(0.2, 2.0), rel=1e-9)


def test_noise_frames_reject_bad_knobs():
    with pytest.raises(ValueError, match=r"`learning_rates` must be rates below the bounce rate 2/f″ = 1"):
        view.noise_frames((0.5, 1.2), (1.0,))
    with pytest.raises(ValueError, match=r"`shown` must be an int between 1 and 1,000"):
        view.noise_frames((0.2,), (1.0,), shown=0)
    fr = view.noise_frames((0.2,), (1.0,), steps=5, shown=1)
    with pytest.raises(ValueError, match=r"`noise` must be one of the knob's noise levels \[1.0\]. Received: noise=3"):
        fr.index(0.2, 3)


# ---------------------------------------------------------------- the explorer


def test_the_browser_gets_each_seeds_draws(ex):
    draws = np.frombuffer(ex.draws, dtype=np.float32).reshape(3, 5, 60)
    for n, seed in enumerate(ex.view["seeds"]):
        np.testing.assert_array_equal(draws[n], view.noise_frames((0.2,), (2.0,), steps=60, shown=5, seed=seed).draws)
    assert ex.view["seeds"] == [0, 1, 2] and ex.kind == "noise" and ex.state_bytes() <= MAX_STATE_BYTES
    floors = np.array(ex.view["floors"]).reshape(len(ex.rates), len(ex.noises))
    np.testing.assert_allclose(floors, lrlab.noise_floor(np.array(ex.rates)[:, None], np.array(ex.noises)[None, :]))


def test_knobs_move_the_numbers_on_show(ex):
    ex.index, ex.noise_index, ex.seed_index = ex.rates.index(0.05), ex.noises.index(1.0), 0
    assert (ex.learning_rate, ex.noise, ex.seed) == (0.05, 1.0, 0)
    assert ex.floor == pytest.approx(lrlab.noise_floor(0.05, 1.0))
    exact = view.expected_loss(0.05, 1.0, w0=5.0, steps=60, loss=lrlab.SEED_LOSS)[-1]
    assert ex.readout() == (
        f"η = 0.05, σ = 1 · floor = {lrlab.noise_floor(0.05, 1.0):.6f} · expected loss after 60 updates = {exact:.6f}"
    )
    ex.seed_index = 2
    assert ex.frames.seed == 2 and not np.array_equal(ex.frames.draws, view.noise_frames(steps=60, shown=5).draws)


@pytest.mark.parametrize(
    ("trait", "value", "match"),
    [
        ("index", 99, r"`index` must be an int between 0 and 8. Received: index=99"),
        ("noise_index", -1, r"`noise_index` must be an int between 0 and 4. Received: noise_index=-1"),
        ("seed_index", 3, r"`seed_index` must be an int between 0 and 2. Received: seed_index=3"),
    ],
)
def test_knob_positions_are_checked(trait, value, match):
    e = NoiseExplorer(steps=10, shown=2)
    with pytest.raises(ValueError, match=match):
        setattr(e, trait, value)


def test_the_settings_asked_for_are_offered_exactly():
    e = NoiseExplorer(0.15, 3.0, steps=10, shown=2, seed=40, seeds=2)
    assert e.learning_rate == 0.15 and e.noise == 3.0 and e.view["seeds"] == [40, 41]
    assert 0.15 in e.rates and 3.0 in e.noises and e.view["rate_texts"][e.index] == "0.15"


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"learning_rate": 1.0}, ValueError, r"`learning_rate` must be below the bounce rate 2/f″ = 1"),
        ({"learning_rate": 0}, ValueError, r"`learning_rate` must be finite and > 0"),
        ({"noise": -2}, ValueError, r"`noise` must be finite and > 0. Received: noise=-2"),
        ({"noise": [1, 2]}, TypeError, r"`noise` must be a single number"),
        ({"steps": 5000}, ValueError, r"`steps` must be an int between 1 and 2,000"),
        ({"shown": 51}, ValueError, r"`shown` must be an int between 1 and 50"),
        ({"seeds": 0}, ValueError, r"`seeds` must be an int between 1 and 10"),
        ({"steps": 2000, "shown": 50}, ValueError, r"`steps` must be small enough for the explorer's 50,000 bytes"),
        ({"loss": "bowl"}, TypeError, r"`loss` must be an lrlab.Quadratic"),
        ({"labels": {"noise": 3}}, TypeError, r"`labels\['noise'\]` must be a str"),
        ({"labels": {"noise_readout": "{oops}"}}, ValueError, r"placeholders are among"),
    ],
)
def test_bad_settings_are_refused_with_a_message(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        NoiseExplorer(**({"steps": 10, "shown": 2} | kwargs))


def test_labels_can_be_replaced():
    e = NoiseExplorer(steps=10, shown=2, labels={"noise": "Rauschen σ", "expected": "Erwartungswert"})
    assert e.labels["noise"] == "Rauschen σ"
    assert [x["label"] for x in e.legend][1] == "Erwartungswert"
    texts = [t.get_text() for leg in e.figure().legends for t in leg.get_texts()]
    assert texts[1] == "Erwartungswert", "the static picture uses the same texts"


def test_a_steeper_bowl():
    bowl = lrlab.Quadratic(a=4, centre=2)
    e = NoiseExplorer(0.1, 1.0, steps=10, shown=2, loss=bowl)
    assert max(e.rates) < bowl.bounce_rate
    assert e.floor == pytest.approx(lrlab.noise_floor(0.1, 1.0, bowl))
    assert e.view["loss"] == {"curvature": 8.0, "centre": 2.0, "a": 4.0}


def test_static_picture_is_the_same_view(ex):
    ex.index, ex.noise_index = ex.rates.index(0.2), ex.noises.index(2.0)
    fig = ex.figure()
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    ax = fig.axes[0]
    assert ax.get_yscale() == "log" and "η = 0.2, σ = 2" in ax.get_title()
    mean = [ln for ln in ax.get_lines() if ln.get_linewidth() > 2][0]
    np.testing.assert_allclose(mean.get_ydata(), ex.mean_now())
    texts = [t.get_text() for leg in fig.legends for t in leg.get_texts()]
    assert texts == [x["label"] for x in ex.legend]


def test_text_without_a_renderer(ex):
    text = repr(ex)
    assert text.startswith("Noise explorer: η = ") and "T = 60 updates" in text and "5 seeded runs" in text
    assert "run the notebook" not in text.lower()


def test_unknown_or_malformed_labels_are_refused():
    with pytest.raises(ValueError, match=r"unknown: \['nois'\]"):
        NoiseExplorer(steps=10, shown=2, labels={"nois": "σ"})
    with pytest.raises(TypeError, match=r"`labels` must be a dict of texts. Received: labels=\['x'\]"):
        view.check_labels(["x"])
    full = view.check_labels(None)
    assert set(view.NOISE_LABELS) <= set(full) and "learning_rate" in full
