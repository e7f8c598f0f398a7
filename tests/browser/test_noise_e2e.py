"""Notebook 04's noise explorer in a real JupyterLab, seen through headless Chromium: every knob changes the
picture, and the readout says what lrlab computes for the knobs on show."""

from __future__ import annotations

import re

import pytest
from harness import (
    control,
    ink,
    open_notebook,
    pixels,
    press,
    problems,
    readout,
    run_all,
    run_code,
    value_text,
    wait_pixels_change,
)

import lrlab
from lrlab import noisy
from lrlab.widgets_noise import NoiseExplorer

NOTEBOOK = "04_noise_and_schedules.ipynb"
SELECTOR = ".lrlab-explorer.lrlab-kind-noise"


@pytest.fixture(scope="module")
def frames():
    return noisy.noise_frames(sorted(NoiseExplorer.RATES), sorted(NoiseExplorer.NOISES))


def expect_noise(ex, frames):
    """The readout equals lrlab's floor and the precomputed mean for the rate and noise the sliders show."""
    rate, sigma = float(value_text(ex, "learning rate η")), float(value_text(ex, "noise σ"))
    i, j = frames.index(rate, sigma)
    text = readout(ex)
    expected = (
        f"η = {value_text(ex, 'learning rate η')}, σ = {value_text(ex, 'noise σ')} · "
        f"floor = {lrlab.noise_floor(rate, sigma):.6f} · mean loss after {frames.steps} updates = "
        f"{float(frames.mean[i, j, -1]):.6f}"
    )
    assert text == expected
    return rate, sigma


def test_noise_explorer_knobs_change_pixels_and_the_readout_is_lrlab_s(page, lab, frames):
    open_notebook(page, lab, NOTEBOOK)
    run_all(page, timeout=180_000)
    page.wait_for_selector(SELECTOR, timeout=30_000)
    assert problems(page) == [] and page.console_errors == []
    ex = page.locator(SELECTOR).first
    ex.scroll_into_view_if_needed()
    assert ink(ex) > 2000, "the explorer's canvas is blank"
    info = ex.evaluate("""(el) => ({role: el.querySelector('canvas').getAttribute('role'),
                                    label: el.querySelector('canvas').getAttribute('aria-label'),
                                    live: el.querySelector('.lrlab-readout').getAttribute('aria-live'),
                                    legend: [...el.querySelectorAll('.lrlab-legend-item')].map(e => e.textContent)})""")
    assert info["role"] == "img" and len(info["label"]) > 40 and info["live"] == "polite"
    assert len(info["legend"]) == 3 and "noise floor" in info["legend"][2]
    assert expect_noise(ex, frames) == (0.2, 2.0)
    seen = {pixels(ex)}
    for label, key, times in [
        ("learning rate η", "ArrowLeft", 2),
        ("noise σ", "ArrowLeft", 1),
        ("noise σ", "End", 1),
        ("learning rate η", "Home", 1),
        ("learning rate η", "End", 1),
        ("noise σ", "Home", 1),
    ]:
        before = pixels(ex)
        press(ex, label, key, times)
        wait_pixels_change(ex, before)
        seen.add(pixels(ex))
        expect_noise(ex, frames)
    assert len(seen) == 7
    for label in ("learning rate η", "noise σ"):
        assert re.fullmatch(r"[0-9.]+", control(ex, label).get_attribute("aria-valuetext"))
    # the kernel was told where the knobs are
    run_code(
        page,
        "import gc\nfrom lrlab.widgets_noise import NoiseExplorer as _N\n"
        "print(sorted((e.learning_rate, e.noise) for e in gc.get_objects() if isinstance(e, _N)))",
    )
    out = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").last.inner_text()
    assert f"({max(NoiseExplorer.RATES)}, {min(NoiseExplorer.NOISES)})" in out
    assert problems(page) == [] and page.console_errors == []
