"""What a person feels in the browser: slider key press -> figure changed, and Play's frame rate.

Starts JupyterLab and headless Chromium (tests/browser/harness.py), opens a scratch notebook and
measures, side by side in the same run:

* **lrlab**: ``LearningRateExplorer`` (persistent ipympl figure, ``set_data`` + ``draw_idle``);
* **naive**: an ``interact`` function that draws a new inline figure on every event.

The key press is dispatched and timed inside the page; a frame counts as drawn when the pixels change.
A report, not a test.

    python benchmarks/bench_browser.py [--presses 60]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "browser"))
from harness import CHROMIUM_ARGS, INSTALL_HINT, LabServer, find_chromium, open_notebook, run_code  # noqa: E402

SETUP = """
import ipywidgets as widgets, numpy as np, matplotlib.pyplot as plt
import lrlab
from lrlab.widgets import LearningRateExplorer
%matplotlib inline
"""

QUICK = """
from lrlab.quick import QuickExplorer
QuickExplorer(interval=16)
"""

# The quick explorer's slider: set its value and fire "input", as the browser does on a key press.
JS_QUICK = """async () => {
  const el = document.querySelector('.lrlab-quick'), input = el.querySelector('.lrlab-rate');
  const c = el.querySelector('canvas'), ctx = c.getContext('2d');
  const look = () => { const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let h = 0; for (let i = 0; i < d.length; i += 28) h = (h * 31 + d[i]) | 0; return h; };
  const before = look(), t0 = performance.now();
  input.value = (+input.value + 1) % (+input.max + 1);
  input.dispatchEvent(new Event('input'));
  return await new Promise((resolve) => {
    const tick = () => { if (look() !== before) resolve(performance.now() - t0);
      else if (performance.now() - t0 > 5000) resolve(null); else requestAnimationFrame(tick); };
    if (look() !== before) resolve(performance.now() - t0); else requestAnimationFrame(tick);
  });
}"""

JS_QUICK_FPS = """async (seconds) => {
  const el = document.querySelector('.lrlab-quick'), c = el.querySelector('canvas'), ctx = c.getContext('2d');
  el.querySelector('.lrlab-step').value = 0; el.querySelector('.lrlab-step').dispatchEvent(new Event('input'));
  const look = () => { const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let h = 0; for (let i = 0; i < d.length; i += 28) h = (h * 31 + d[i]) | 0; return h; };
  el.querySelector('.lrlab-play').click();
  let last = look(), frames = 0; const t0 = performance.now();
  return await new Promise((resolve) => {
    const tick = () => { const now = look(); if (now !== last) { frames++; last = now; }
      if (performance.now() - t0 > seconds * 1000) resolve(frames / seconds); else requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
}"""

OURS = """
ex = LearningRateExplorer(steps=40, interval=16)
ex.step_slider.value = 40
ex
"""

NAIVE = """
xs = np.linspace(-8, 8, 201)
def naive(lr):
    run = lrlab.descend(lr)
    fig, (a, b) = plt.subplots(1, 2, figsize=(9, 3.3))
    a.plot(xs, (xs + 1) ** 2); a.plot(run.w, run.loss, "o-"); b.semilogy(np.maximum(run.loss, 1e-12))
    plt.show()
widgets.interact(naive, lr=widgets.SelectionSlider(options=[round(x, 4) for x in np.geomspace(1e-4, 2, 160)], value=round(np.geomspace(1e-4, 2, 160)[130], 4)));
"""

# Dispatch a key on a slider handle and wait (requestAnimationFrame) until the target's pixels change.
JS_PRESS = """async ([handleIndex, kind, key]) => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const handles = panel.querySelectorAll('.widget-slider .noUi-handle');
  const handle = handles[handleIndex < 0 ? handles.length + handleIndex : handleIndex];
  const look = () => {
    if (kind === 'canvas') {
      const c = panel.querySelector('.jupyter-matplotlib-canvas-div canvas');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let h = 0; for (let i = 0; i < d.length; i += 28) h = (h * 31 + d[i]) | 0; return h;
    }
    const imgs = panel.querySelectorAll('.jp-OutputArea-output img');
    return imgs.length ? imgs[imgs.length - 1].src.length + ':' + imgs[imgs.length - 1].src.slice(-64) : '';
  };
  const before = look();
  handle.focus();
  const t0 = performance.now();
  handle.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true}));
  return await new Promise((resolve) => {
    const tick = () => {
      if (look() !== before) resolve(performance.now() - t0);
      else if (performance.now() - t0 > 5000) resolve(null);
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}"""

JS_PLAY_FPS = """async (seconds) => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const c = panel.querySelector('.jupyter-matplotlib-canvas-div canvas');
  const look = () => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let h = 0; for (let i = 0; i < d.length; i += 28) h = (h * 31 + d[i]) | 0; return h; };
  panel.querySelector('.widget-play button').click();
  let last = look(), frames = 0; const t0 = performance.now();
  return await new Promise((resolve) => {
    const tick = () => {
      const now = look(); if (now !== last) { frames++; last = now; }
      if (performance.now() - t0 > seconds * 1000) resolve(frames / seconds);
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}"""


def stats(xs):
    xs = sorted(x for x in xs if x is not None)
    return statistics.median(xs), xs[int(0.95 * (len(xs) - 1))], len(xs)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--presses", type=int, default=60)
    args = p.parse_args(argv)
    chromium = find_chromium()
    if chromium is None:
        raise SystemExit(f"No Chromium: {INSTALL_HINT}")
    from playwright.sync_api import sync_playwright

    scratch = Path(tempfile.mkdtemp(prefix="lrlab-bench-"))
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, scratch / "bench.ipynb")
    results = {}
    with LabServer(scratch) as lab, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1400})
        open_notebook(page, lab, "bench.ipynb")
        run_code(page, SETUP)
        run_code(page, NAIVE)
        page.wait_for_timeout(1500)
        page.wait_for_selector(".jp-OutputArea-output img", timeout=30_000)
        naive = [page.evaluate(JS_PRESS, [0, "img", "ArrowRight" if i % 40 < 20 else "ArrowLeft"])
                 for i in range(args.presses)]
        results["naive"] = stats(naive)
        run_code(page, OURS)
        page.wait_for_timeout(1500)
        page.locator(".jupyter-matplotlib-canvas-div").first.scroll_into_view_if_needed()
        ours = [page.evaluate(JS_PRESS, [-2, "canvas", "ArrowRight" if i % 40 < 20 else "ArrowLeft"])
                for i in range(args.presses)]
        results["lrlab"] = stats(ours)
        page.wait_for_timeout(500)
        page.evaluate(JS_PRESS, [-1, "canvas", "Home"])
        page.wait_for_timeout(1000)
        results["play_fps"] = page.evaluate(JS_PLAY_FPS, 2.0)
        run_code(page, QUICK)
        page.wait_for_selector(".lrlab-quick canvas")
        page.locator(".lrlab-quick").scroll_into_view_if_needed()
        results["quick"] = stats([page.evaluate(JS_QUICK) for _ in range(args.presses)])
        results["quick_fps"] = page.evaluate(JS_QUICK_FPS, 0.6)  # 40 steps at 16 ms take 0.64 s
        browser.close()

    print(f"Browser: key press on the learning-rate slider -> figure pixels changed ({args.presses} presses)")
    print("| what | median | p95 | frames seen |\n|---|---|---|---|")
    labels = {"naive": "naive interact (new inline figure per event)",
              "lrlab": "LearningRateExplorer (persistent ipympl figure)",
              "quick": "QuickExplorer (drawn in the browser)"}
    for name, label in labels.items():
        med, p95, n = results[name]
        print(f"| {label} | {med:.1f} ms | {p95:.1f} ms | {n}/{args.presses} |")
    print("\nPlay, interval 16 ms requested: frames per second actually drawn")
    print(f"| LearningRateExplorer | {results['play_fps']:.1f} |\n| QuickExplorer | {results['quick_fps']:.1f} |")
    out = Path(__file__).parent / "results" / "browser.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    return results


if __name__ == "__main__":
    main()
