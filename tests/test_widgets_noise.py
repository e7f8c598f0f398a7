"""The noise explorer (notebook 04, lrlab.widgets_noise), driven from plain Python: knobs, buffers, readout and picture agree with
lrlab's numbers (lrlab.noisy.noise_frames, lrlab.noise_floor)."""

import numpy as np
import pytest
from matplotlib.figure import Figure

import lrlab
from lrlab import noisy
from lrlab.widgets import MAX_STATE_BYTES
from lrlab.widgets_noise import NoiseExplorer


@pytest.fixture(scope="module")
def ex():
    return NoiseExplorer(steps=60, runs=40, shown=5)


def test_buffers_are_the_view_model_s(ex):
    fr = noisy.noise_frames(ex.rates, ex.noises, steps=60, runs=40, shown=5, seed=0)
    n_r, n_s = len(ex.rates), len(ex.noises)
    faint = np.frombuffer(ex.faint, dtype=np.float32).reshape(n_r, n_s, 5, 61)
    mean = np.frombuffer(ex.mean, dtype=np.float32).reshape(n_r, n_s, 61)
    assert np.array_equal(faint, fr.faint) and np.array_equal(mean, fr.mean)
    floors = np.array(ex.floors).reshape(n_r, n_s)
    np.testing.assert_allclose(
        floors, lrlab.noise_floor(np.array(ex.rates)[:, None], np.array(ex.noises)[None, :]), rtol=1e-15
    )
    assert ex.kind == "noise" and ex.state_bytes() < MAX_STATE_BYTES
    assert ex.axes["loss"]["scale"] == "log" and ex.axes["loss"]["lo"] <= floors.min()


def test_knobs_move_the_numbers_on_show(ex):
    ex.index, ex.noise_index = ex.rates.index(0.05), ex.noises.index(1.0)
    assert (ex.learning_rate, ex.noise) == (0.05, 1.0)
    assert ex.floor == pytest.approx(lrlab.noise_floor(0.05, 1.0))
    fr = noisy.noise_frames(ex.rates, ex.noises, steps=60, runs=40, shown=5, seed=0)
    i, j = fr.index(0.05, 1.0)
    expected = (
        f"η = 0.05, σ = 1 · floor = {lrlab.noise_floor(0.05, 1.0):.6f} · mean loss after 60 updates = "
        f"{float(fr.mean[i, j, -1]):.6f}"
    )
    assert ex.readout() == expected
    ex.index = ex.rates.index(0.5)
    assert ex.readout().startswith("η = 0.5, σ = 1 · floor = 0.250000")


@pytest.mark.parametrize(
    ("trait", "value", "match"),
    [
        ("index", 99, r"`index` must be an int between 0 and 8. Received: index=99"),
        ("noise_index", -1, r"`noise_index` must be an int between 0 and 4. Received: noise_index=-1"),
    ],
)
def test_knob_positions_are_checked(trait, value, match):
    e = NoiseExplorer(steps=10, runs=4, shown=2)
    with pytest.raises(ValueError, match=match):
        setattr(e, trait, value)


def test_the_settings_asked_for_are_offered_exactly():
    e = NoiseExplorer(0.15, 3.0, steps=10, runs=4, shown=2)
    assert e.learning_rate == 0.15 and e.noise == 3.0
    assert 0.15 in e.rates and 3.0 in e.noises and e.rate_texts[e.index] == "0.15"


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"learning_rate": 1.0}, ValueError, r"`learning_rate` must be below the bounce rate 2/f″ = 1"),
        ({"learning_rate": 0}, ValueError, r"`learning_rate` must be finite and > 0"),
        ({"noise": -2}, ValueError, r"`noise` must be finite and > 0. Received: noise=-2"),
        ({"noise": [1, 2]}, TypeError, r"`noise` must be a single number"),
        ({"steps": 5000}, ValueError, r"`steps` must be an int between 1 and 2,000"),
        ({"runs": 4, "shown": 5}, ValueError, r"`shown` must be an int between 1 and 4"),
        ({"steps": 2000, "shown": 50, "runs": 50}, ValueError, r"`steps` must be small enough for the explorer's 2 MB"),
        ({"loss": "bowl"}, TypeError, r"`loss` must be an lrlab.Quadratic"),
        ({"labels": {"noise": 3}}, TypeError, r"`labels\['noise'\]` must be a str"),
        ({"labels": {"noise_readout": "{oops}"}}, ValueError, r"placeholders are among"),
    ],
)
def test_bad_settings_are_refused_with_a_message(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        NoiseExplorer(**({"steps": 10, "runs": 4, "shown": 2} | kwargs))


def test_labels_can_be_replaced():
    e = NoiseExplorer(steps=10, runs=4, shown=2, labels={"noise": "Rauschen σ", "mean_runs": "Mittel aus {runs}"})
    assert e.labels["noise"] == "Rauschen σ"
    assert [x["label"] for x in e.legend][1] == "Mittel aus 4"
    texts = [t.get_text() for leg in e.figure().legends for t in leg.get_texts()]
    assert texts[1] == "Mittel aus 4", "the static picture uses the same texts"


def test_a_steeper_bowl():
    bowl = lrlab.Quadratic(a=4, centre=2)
    e = NoiseExplorer(0.1, 1.0, steps=10, runs=4, shown=2, loss=bowl)
    assert max(e.rates) < bowl.bounce_rate
    assert e.floor == pytest.approx(lrlab.noise_floor(0.1, 1.0, bowl))


def test_static_picture_is_the_same_view(ex):
    ex.index, ex.noise_index = ex.rates.index(0.2), ex.noises.index(2.0)
    fig = ex.figure()
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    ax = fig.axes[0]
    assert ax.get_yscale() == "log" and "η = 0.2, σ = 2" in ax.get_title()
    mean = [ln for ln in ax.get_lines() if ln.get_linewidth() > 2][0]
    np.testing.assert_allclose(mean.get_ydata(), ex.mean_now().astype(float))
    texts = [t.get_text() for leg in fig.legends for t in leg.get_texts()]
    assert texts == [x["label"] for x in ex.legend]


def test_text_without_a_kernel(ex):
    text = repr(ex)
    assert text.startswith("Noise explorer: η = ") and "Run the notebook" in text and "T = 60 updates" in text


def test_unknown_or_malformed_labels_are_refused():
    from lrlab import view_noise

    with pytest.raises(ValueError, match=r"unknown: \['nois'\]"):
        NoiseExplorer(steps=10, runs=4, shown=2, labels={"nois": "σ"})
    with pytest.raises(TypeError, match=r"`labels` must be a dict of texts. Received: labels=\['x'\]"):
        view_noise.check_labels(["x"])
    full = view_noise.check_labels(None)
    assert set(view_noise.NOISE_LABELS) <= set(full) and "learning_rate" in full


def test_the_renderer_knows_the_noise_kind():
    from pathlib import Path

    import lrlab.widgets as family

    js = (Path(family.__file__).parent / "static" / "explorer.js").read_text()
    assert "noise: renderNoise" in js and "function renderNoise(model, el)" in js
    for trait in (
        "rates",
        "rate_texts",
        "noises",
        "noise_texts",
        "index",
        "noise_index",
        "faint",
        "mean",
        "floors",
        "runs",
        "shown",
    ):
        assert f'"{trait}"' in js.split("function renderNoise")[1].split("\nfunction ")[0], trait
