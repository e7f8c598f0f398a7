"""The notebooks in a real JupyterLab, seen through headless Chromium.

Each test opens a notebook, runs every cell as a student would, and then uses the widgets with the
keyboard. Numbers on screen are compared with what lrlab computes for the same settings.
"""

import time

import pytest
from harness import (
    canvas_hash,
    kernel_pids,
    nonblank,
    open_notebook,
    problems,
    restart_and_run_all,
    rss_mb,
    run_all,
    run_code,
    slider_handles,
    state,
    wait_canvas_change,
    wait_state,
)

import lrlab

NOTEBOOKS = ["01_learning_rate.ipynb", "02_exponential_decay.ipynb", "03_schedule_lab.ipynb"]
EXPLORER = ".jp-NotebookPanel:not(.lm-mod-hidden) .jupyter-matplotlib-canvas-div"


def _ready(page, lab, name):
    open_notebook(page, lab, name)
    run_all(page)
    page.locator(EXPLORER).first.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('.lrlab-state') !== null")
    assert problems(page) == []
    assert page.console_errors == []


def _press(page, handle_index, key, times=1):
    handle = slider_handles(page).nth(handle_index)
    handle.focus()
    for _ in range(times):
        page.keyboard.press(key)


def _same_float(text, value):
    return float(text) == float(value)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_run_all_is_clean_and_figures_render(page, lab, name):
    _ready(page, lab, name)
    assert nonblank(page, 0), "the explorer's figure is blank"
    assert "Error displaying widget" not in page.inner_text(".jp-NotebookPanel:not(.lm-mod-hidden)")


def test_learning_rate_slider_redraws_with_lrlab_numbers(page, lab):
    _ready(page, lab, NOTEBOOKS[0])
    _press(page, 1, "End")  # the step slider to the last step, so w depends on the rate
    wait_state(page, "s.step === '40'")
    before, lr_before = canvas_hash(page), state(page)["learningRate"]
    _press(page, 0, "ArrowRight")
    wait_state(page, f"s.learningRate !== '{lr_before}'")
    wait_canvas_change(page, before)
    s = state(page)
    expected = lrlab.descend(float(s["learningRate"])).w[40]
    assert _same_float(s["w"], expected)
    readout = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .widget-html").first.inner_text()
    assert f"w = {expected:.6f}" in readout
    assert page.console_errors == []


def test_play_animates_w_to_the_end(page, lab):
    _ready(page, lab, NOTEBOOKS[0])
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .widget-toggle-buttons button", has_text="0.5").click()
    wait_state(page, "s.learningRate === '0.5'")
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .widget-toggle-buttons button", has_text="0.2").click()
    wait_state(page, "s.learningRate === '0.2'")
    frames = {canvas_hash(page)}
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .widget-play button").first.click()
    deadline = time.monotonic() + 40
    while state(page)["step"] != "40" and time.monotonic() < deadline:
        frames.add(canvas_hash(page))
        page.wait_for_timeout(20)
    wait_state(page, "s.step === '40'")
    s = state(page)
    assert _same_float(s["w"], lrlab.descend(0.2).w[40])
    assert len(frames) >= 10, f"only {len(frames)} distinct frames were drawn during Play"


def test_divergent_rates_report_without_tracebacks(page, lab):
    _ready(page, lab, NOTEBOOKS[0])
    for rate in (3.0, 10.0):
        run_code(page, f"LearningRateExplorer({rate}, lr_range=(1e-4, 10), steps=60)")
    _press(page, -1, "End")  # the last explorer's step slider
    page.wait_for_timeout(500)
    assert problems(page) == [] and page.console_errors == []
    text = page.inner_text(".jp-NotebookPanel:not(.lm-mod-hidden)")
    assert "regime: diverges" in text and "overflow" in text
    assert lrlab.descend(10.0, steps=60).diverged_at is not None


def test_bad_values_typed_into_a_readout_are_clamped_or_refused(page, lab):
    _ready(page, lab, NOTEBOOKS[1])
    readouts = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .widget-readout")
    decay = readouts.nth(1)  # initial rate (selection, not editable), then the decay rate
    for typed, expected in [("abc", "0.9"), ("-5", "0.5"), ("1e9", "1.0"), ("0.95", "0.95")]:
        decay.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(typed)
        page.keyboard.press("Enter")
        page.wait_for_timeout(400)
        wait_state(page, f"parseFloat(s.decayRate) === {expected}")
    assert problems(page) == [] and page.console_errors == []
    s = state(page)
    sched = lrlab.exponential_decay(float(s["learningRate"]), int(s["decaySteps"]), float(s["decayRate"]),
                                    s["staircase"] == "True")
    assert _same_float(s["w"], lrlab.descend(sched).w[int(s["step"])])


def test_decay_explorer_matches_lrlab(page, lab):
    _ready(page, lab, NOTEBOOKS[1])
    _press(page, 3, "End")  # step slider: handles are rate, decay, decay steps, step
    _press(page, 1, "ArrowLeft", 4)
    wait_state(page, "s.decayRate !== '0.9' && s.step === '40'")
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .widget-checkbox input").first.check()
    wait_state(page, "s.staircase === 'True'")
    s = state(page)
    sched = lrlab.exponential_decay(float(s["learningRate"]), int(s["decaySteps"]), float(s["decayRate"]), True)
    assert _same_float(s["w"], lrlab.descend(sched).w[40])


def test_schedule_map_point_matches_lrlab(page, lab):
    _ready(page, lab, NOTEBOOKS[2])
    before = canvas_hash(page)
    _press(page, 0, "ArrowRight", 3)
    wait_canvas_change(page, before)
    s = state(page)
    run = lrlab.descend(lrlab.exponential_decay(float(s["learningRate"]), 1, float(s["decayRate"])), steps=100)
    assert _same_float(s["w"], run.w[-1])
    from lrlab.outcomes import OUTCOMES, classify

    assert s["outcome"] == OUTCOMES[classify(run)]


def test_storm_of_slider_changes(page, lab):
    _ready(page, lab, NOTEBOOKS[0])
    (pid,) = kernel_pids(lab)
    start_rss = rss_mb(pid)
    handle = slider_handles(page).nth(0)
    handle.focus()
    t0 = time.monotonic()
    for i in range(1000):
        page.keyboard.press("ArrowRight" if (i // 25) % 2 == 0 else "ArrowLeft")
    storm = time.monotonic() - t0
    run_code(page, "1 + 1", timeout=60_000)  # the kernel still answers
    end_rss = rss_mb(pid)
    print(f"storm: 1000 key presses in {storm:.1f} s; kernel RSS {start_rss:.0f} MB -> {end_rss:.0f} MB")
    assert end_rss - start_rss < 150
    # the picture on screen is the one for the final value: leaving and coming back redraws the same frame
    page.locator(EXPLORER).first.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    final_state, final_frame = state(page), canvas_hash(page)
    label = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .widget-readout").first.inner_text()
    assert f"{float(final_state['learningRate']):.4g}" == label
    _press(page, 0, "ArrowRight")
    wait_canvas_change(page, final_frame)
    _press(page, 0, "ArrowLeft")
    wait_state(page, f"s.learningRate === '{final_state['learningRate']}'")
    page.wait_for_timeout(1500)
    assert canvas_hash(page) == final_frame
    assert problems(page) == [] and page.console_errors == []


def test_restart_mid_animation_then_run_all_recovers(page, lab):
    _ready(page, lab, NOTEBOOKS[0])
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .widget-play button").first.click()
    page.wait_for_timeout(700)
    restart_and_run_all(page)
    page.locator(EXPLORER).first.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    assert problems(page) == []
    assert nonblank(page, 0)
    before = canvas_hash(page)
    _press(page, 1, "End")
    wait_state(page, "s.step === '40'")
    wait_canvas_change(page, before)
    s = state(page)
    assert _same_float(s["w"], lrlab.descend(float(s["learningRate"])).w[40])
    assert not [e for e in page.console_errors if "Error" in e and "kernel" not in e.lower()]


QUICK = ".jp-NotebookPanel:not(.lm-mod-hidden) .lrlab-quick"


def _quick_hash(page):
    return page.evaluate(f"() => document.querySelector('{QUICK} canvas').toDataURL().length + ':' + "
                         f"document.querySelector('{QUICK} canvas').toDataURL().slice(-200)")


def test_quick_explorer_draws_in_the_browser(page, lab):
    _ready(page, lab, NOTEBOOKS[0])
    page.locator(QUICK).scroll_into_view_if_needed()
    step = page.locator(f"{QUICK} .lrlab-step")
    step.focus()
    page.keyboard.press("End")
    before = _quick_hash(page)
    page.locator(f"{QUICK} .lrlab-rate").focus()
    page.keyboard.press("ArrowRight")
    assert _quick_hash(page) != before  # drawn at once, no kernel round trip to wait for
    s = state(page, 1)
    assert s["step"] == "40" and float(s["w"]) == float(lrlab.descend(float(s["learningRate"])).w[40])
    page.locator(f"{QUICK} .lrlab-play").click()
    wait_state(page, "s.step === '40'", index=1, timeout=10_000)
    # the kernel is told where the sliders ended
    run_code(page, "import gc\nfrom lrlab.quick import QuickExplorer\n"
                   "q = [o for o in gc.get_objects() if isinstance(o, QuickExplorer)][0]\n"
                   "print(q.step, repr(q.learning_rate))")
    out = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").last.inner_text()
    assert f"40 {s['learningRate']}" in out
    assert problems(page) == [] and page.console_errors == []


def test_voila_serves_the_explorers_as_an_app(browser, tmp_path):
    import subprocess
    import sys
    import urllib.request
    from pathlib import Path

    from harness import free_port

    port = free_port()
    voila = Path(sys.executable).parent / "voila"
    notebook = Path(__file__).resolve().parents[2] / "notebooks" / NOTEBOOKS[0]
    with open(tmp_path / "voila.log", "w") as log:
        proc = subprocess.Popen([str(voila), str(notebook), "--no-browser", f"--port={port}",
                                 "--Voila.ip=127.0.0.1"], stdout=log, stderr=subprocess.STDOUT)
        try:
            for _ in range(120):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
                    break
                except OSError:
                    time.sleep(0.5)
            pg = browser.new_page(viewport={"width": 1200, "height": 900})
            errors = []
            pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            pg.goto(f"http://127.0.0.1:{port}/", timeout=120_000)
            pg.wait_for_selector(".jupyter-matplotlib-canvas-div canvas", timeout=120_000)
            pg.locator(".jupyter-matplotlib-canvas-div").first.scroll_into_view_if_needed()
            pg.locator(".widget-slider .noUi-handle").nth(1).focus()
            pg.keyboard.press("End")
            pg.wait_for_function("() => document.querySelector('.lrlab-state').dataset.step === '40'",
                                 timeout=30_000)
            assert "Error displaying widget" not in pg.inner_text("body")
            # Voila's own page also loads unrelated extensions that log errors offline; ours must not
            assert not [e for e in errors if "matplotlib" in e or "lrlab" in e or "widget" in e.lower()]
            pg.close()
        finally:
            proc.terminate()
            proc.wait(20)
