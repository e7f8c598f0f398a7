"""The notebooks in a real JupyterLab (and Notebook 7, and Voila), seen through headless Chromium.

Each test opens a notebook, runs every cell as a student would, finds the explorer by its DOM class and uses
every control with the keyboard or the mouse, with the kernel busy, with the kernel shut down, and in a Voila
dashboard. The picture must change and never be blank, and the readout must say what lrlab computes for the
knobs on show (worked out here, with lrlab, from the explorer the notebook makes).
"""

from __future__ import annotations

import json
import re
import time

import pytest
from harness import (
    KINDS,
    ROOT,
    control,
    expected_readout,
    explorers,
    ink,
    kernel_pids,
    open_notebook,
    operate_every_control,
    pixels,
    positions,
    press,
    problems,
    readout,
    restart_and_run_all,
    rss_mb,
    run_all,
    run_code,
    start_cell,
    wait_kernel_idle,
    wait_pixels_change,
)

from lrlab import widgets

NOTEBOOKS = {
    "01_learning_rate.ipynb": "rate",
    "02_exponential_decay.ipynb": "decay",
    "03_schedule_lab.ipynb": "map",
    "04_noise_and_schedules.ipynb": "noise",
}
MAKES = re.compile(r"\b(?:LearningRateExplorer|DecayExplorer|ScheduleMap|NoiseExplorer)\([^)]*\)")


def notebook_view(name: str) -> dict:
    """The view model of the explorer the notebook makes (its own call, made here)."""
    cells = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))["cells"]
    call = next(
        MAKES.search("".join(c["source"]))
        for c in cells
        if c["cell_type"] == "code" and MAKES.search("".join(c["source"]))
    )
    return eval(call[0], vars(widgets)).view  # noqa: S307 - the notebook's own constructor call


def _ready(page, lab, name):
    open_notebook(page, lab, name)
    run_all(page, timeout=240_000)
    page.wait_for_selector(KINDS[NOTEBOOKS[name]], timeout=30_000)
    page.wait_for_timeout(300)
    assert problems(page) == []
    assert page.console_errors == []
    explorer = explorers(page, NOTEBOOKS[name]).first
    explorer.scroll_into_view_if_needed()
    return explorer


def check_accessible(ex):
    """Every control has a name and a real value text; the canvas says what it shows; the readout is spoken once
    the picture settles; the front end's shortcuts leave the explorer's keys alone."""
    info = ex.evaluate("""(el) => {
      const out = {inputs: [], buttons: []};
      for (const input of el.querySelectorAll('input')) {
        const label = input.id && el.querySelector(`label[for="${input.id}"]`);
        out.inputs.push({name: (label && label.textContent) || '', type: input.type, valuetext: input.getAttribute('aria-valuetext')});
      }
      for (const b of el.querySelectorAll('button')) out.buttons.push(b.getAttribute('aria-label') || b.textContent);
      const c = el.querySelector('canvas[role="img"]');
      out.canvas = c.getAttribute('aria-label');
      out.live = [...el.querySelectorAll('[aria-live]')].map((n) => [n.className, n.getAttribute('aria-live')]);
      out.suppress = el.getAttribute('data-lm-suppress-shortcuts');
      return out;
    }""")
    assert info["inputs"] and all(i["name"].strip() for i in info["inputs"]), info["inputs"]
    for i in info["inputs"]:
        if i["type"] == "range":
            assert i["valuetext"] and re.fullmatch(r"-?[0-9.e+-]+", i["valuetext"]), i
    assert all(b.strip() for b in info["buttons"]) and len(info["canvas"]) > 40
    assert info["live"] == [["lrlab-live", "polite"]] and info["suppress"] == "true"


def kernel_positions(page, kind: str) -> list:
    """The knob positions the kernel holds for the notebook's explorers."""
    cls = {"rate": "LearningRateExplorer", "decay": "DecayExplorer", "map": "ScheduleMap", "noise": "NoiseExplorer"}[
        kind
    ]
    run_code(
        page,
        f"import gc, json\nfrom lrlab.widgets import {cls} as _E\n"
        "print(json.dumps([{k: e.trait_values()[k] for k in e.KNOBS | {'step': 0, 'staircase': 0} "
        "if e.has_trait(k)} for e in gc.get_objects() if isinstance(e, _E)]))",
    )
    text = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").last.locator(".jp-OutputArea").inner_text()
    return json.loads(text.strip().splitlines()[-1])


# ---------------------------------------------------------------- every control, the kernel busy or gone


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_control_answers_while_the_kernel_is_busy(page, lab, name):
    """Run All is clean; then, while a cell keeps the kernel busy, every control of the explorer changes the
    picture to lrlab's run; once the kernel is free it holds the positions the page shows."""
    ex = _ready(page, lab, name)
    view = notebook_view(name)
    check_accessible(ex)
    assert readout(ex) == expected_readout(view, positions(ex))
    start_cell(page, "import time\ntime.sleep(25)")
    page.wait_for_function(
        "() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'busy'", timeout=10_000
    )
    ex.scroll_into_view_if_needed()
    used = operate_every_control(page, ex, view)
    busy = page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status")
    assert used >= 2 and busy == "busy", "the kernel finished before every control was tried: the test proved nothing"
    wait_kernel_idle(page, 60_000)
    shown = positions(ex)
    assert kernel_positions(page, NOTEBOOKS[name])[-1] == {k: v for k, v in shown.items()}
    assert problems(page) == [] and page.console_errors == []


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_control_answers_with_the_kernel_shut_down(page, lab, name):
    ex = _ready(page, lab, name)
    for session in lab.api("GET", "/api/sessions"):
        lab.api("DELETE", f"/api/kernels/{session['kernel']['id']}")
    page.wait_for_timeout(1000)
    ex.scroll_into_view_if_needed()
    assert operate_every_control(page, ex, notebook_view(name), play=False) >= 2
    assert not [e for e in page.console_errors if "lrlab" in e or "explorer" in e]


# ---------------------------------------------------------------- the page around it


def test_fits_a_laptop_window_with_the_file_browser_open(page, lab):
    ex = _ready(page, lab, "02_exponential_decay.ipynb")
    assert page.locator(".jp-FileBrowser").first.is_visible()  # the file browser is open
    fit = ex.evaluate("""(el) => {
      const area = el.closest('.jp-OutputArea-output') || el.parentElement;
      const a = area.getBoundingClientRect(), c = el.querySelector('canvas').getBoundingClientRect();
      const wide = [...el.querySelectorAll('*')].filter((n) => n.getBoundingClientRect().right > a.right + 1);
      return {canvasRight: c.right, areaRight: a.right, overflow: el.scrollWidth - el.clientWidth, wide: wide.length};
    }""")
    assert fit["canvasRight"] <= fit["areaRight"] + 1 and fit["overflow"] <= 1 and fit["wide"] == 0, fit


def test_crisp_on_hidpi_and_follows_the_width(browser, lab):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, device_scale_factor=2)
    page = context.new_page()
    page.console_errors = []
    try:
        ex = _ready(page, lab, "01_learning_rate.ipynb")
        sized = "(c) => c.clientWidth > 0 && c.width === 2 * c.clientWidth && c.height === 2 * c.clientHeight"
        page.wait_for_function(f"() => ({sized})(document.querySelector('.lrlab-kind-rate canvas'))", timeout=15_000)
        size = ex.locator("canvas").first.evaluate("(c) => [c.width, c.clientWidth]")
        page.set_viewport_size({"width": 1000, "height": 800})
        page.wait_for_function(
            f"() => {{ const c = document.querySelector('.lrlab-kind-rate canvas'); "
            f"return c.clientWidth < {size[1]} && c.width === 2 * c.clientWidth; }}",
            timeout=15_000,
        )
    finally:
        context.close()
        lab.delete_sessions()


def test_twenty_seconds_of_dragging_keeps_kernel_memory_flat(page, lab):
    ex = _ready(page, lab, "01_learning_rate.ipynb")
    (pid,) = kernel_pids(lab)
    start_rss = rss_mb(pid)
    box = control(ex, "learning rate η")
    box.focus()
    t0 = time.monotonic()
    presses = 0
    while time.monotonic() - t0 < 20:
        box.press("ArrowRight" if (presses // 40) % 2 == 0 else "ArrowLeft")
        presses += 1
    run_code(page, "1 + 1")
    end_rss = rss_mb(pid)
    print(f"{presses} presses in 20 s; kernel RSS {start_rss:.1f} MB -> {end_rss:.1f} MB")
    assert end_rss - start_rss < 20
    assert readout(ex) == expected_readout(notebook_view("01_learning_rate.ipynb"), positions(ex))


def test_restart_mid_play_then_run_all_recovers(page, lab):
    ex = _ready(page, lab, "01_learning_rate.ipynb")
    press(ex, "step", "Home")
    ex.locator(".lrlab-play").click()
    page.wait_for_timeout(300)
    restart_and_run_all(page)
    ex = explorers(page, "rate").first
    ex.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    assert problems(page) == [] and ink(ex) > 2000
    before = pixels(ex)
    press(ex, "step", "Home")
    wait_pixels_change(ex, before)
    assert readout(ex) == expected_readout(notebook_view("01_learning_rate.ipynb"), positions(ex))


# ---------------------------------------------------------------- Notebook 7 and Voila


def test_notebook7_runs_the_explorers(page, lab):
    page.goto(f"{lab.base}/notebooks/01_learning_rate.ipynb?token={lab.token}")
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    page.get_by_role("menuitem", name="Run", exact=True).wait_for(timeout=30_000)
    page.wait_for_function("() => /Idle|Python 3/.test(document.body.textContent)", timeout=30_000)
    page.wait_for_timeout(1500)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name=re.compile("^Run All Cells")).click()
    page.wait_for_selector(KINDS["rate"], timeout=90_000)
    page.wait_for_function(
        """() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                               .every(p => /\\[\\d+\\]/.test(p.textContent))""",
        timeout=120_000,
    )
    page.wait_for_timeout(2000)  # the last outputs settle
    ex = explorers(page, "rate").first
    ex.scroll_into_view_if_needed()
    view = notebook_view("01_learning_rate.ipynb")
    for label, key in [("step", "Home"), ("learning rate η", "ArrowLeft")]:
        before = pixels(ex)
        press(ex, label, key)
        wait_pixels_change(ex, before)
        assert readout(ex) == expected_readout(view, positions(ex))
    check_accessible(ex)
    assert not [e for e in page.console_errors if "lrlab" in e or "anywidget" in e]


@pytest.fixture(scope="module")
def voila(chromium_path):
    from harness import voila_server

    with voila_server(ROOT / "notebooks") as url:
        yield url


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_voila_dashboards_work_offline_without_exercise_placeholders(browser, voila, name):
    """A dashboard: every control of the explorer works, no request leaves the machine, and the exercises'
    unanswered placeholders (cells still holding None) are left out."""
    pg = browser.new_page(viewport={"width": 1280, "height": 720})
    errors, outside = [], []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None,
    )
    try:
        pg.goto(f"{voila}/voila/render/{name}", timeout=120_000)
        ex = pg.locator(KINDS[NOTEBOOKS[name]]).first
        ex.wait_for(timeout=120_000)
        ex.scroll_into_view_if_needed()
        assert operate_every_control(pg, ex, notebook_view(name), play=False) >= 2
        body = pg.inner_text("body")
        assert "Error displaying widget" not in body and "(None)" not in body
        assert not re.search(r"Replace .None. with your answer, then run", body)
        assert outside == [] and not [e for e in errors if "lrlab" in e or "anywidget" in e]
    finally:
        pg.close()


def test_voila_culls_the_kernels_of_closed_pages():
    """voila.json (read by Voila from the folder it starts in) shuts down a dashboard's kernel soon after its
    page is closed: kernels with no connection are culled once idle for a minute, checked every 30 s."""
    settings = json.loads((ROOT / "voila.json").read_text())["MappingKernelManager"]
    assert settings["cull_connected"] is False and 0 < settings["cull_idle_timeout"] <= 120
    assert 0 < settings["cull_interval"] <= settings["cull_idle_timeout"]
