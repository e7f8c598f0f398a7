"""What a person feels in the browser: key press -> changed pixels, for every knob of every explorer.

Starts JupyterLab and headless Chromium (tests/browser/harness.py, 1280x800 window, file browser open),
opens a scratch notebook with the four explorers and measures **in the page**: a keydown listener on the
window (capture phase, registered after the explorer's own) takes the time of each real key press
(Playwright's keyboard), then every animation frame compares the canvas pixels until they differ; the latency
is that frame's time minus the key's time. Also: Play's frame rate, the share of presses that change the
picture while a cell sleeps, and the kernel's memory while a slider is dragged. A report, not a test; the
numbers, before and after the explorers computed their runs in the browser, are in benchmarks/browser.md.

    python benchmarks/bench_browser.py [--presses 40] [--drag-seconds 60]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "browser"))
from harness import (  # noqa: E402
    CHROMIUM_ARGS,
    INSTALL_HINT,
    KINDS,
    LabServer,
    control,
    explorers,
    find_chromium,
    kernel_pids,
    open_notebook,
    rss_mb,
    run_code,
    start_cell,
    wait_kernel_idle,
)

CELLS = [
    "from lrlab.widgets import LearningRateExplorer, DecayExplorer, ScheduleMap, NoiseExplorer, OptimizerExplorer",
    "LearningRateExplorer(interval=16)",
    "DecayExplorer(interval=16)",
    "ScheduleMap()",
    "NoiseExplorer()",
    "OptimizerExplorer()",
]
KINDS.setdefault("optimizer", ".lrlab-explorer.lrlab-kind-optimizer")  # the harness's own table, so its helpers see it

# Arm a one-shot measurement on explorer `sel`: the next keydown (or click) inside it starts the clock;
# each animation frame then hashes the canvas until it differs. `until` (optional) is a text the readout
# must contain before the frame counts.
JS_ARM = """([sel, index, until]) => {
  const el = document.querySelectorAll(sel)[index], c = el.querySelector('canvas[role="img"]'), ctx = c.getContext('2d');
  const look = () => { const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let h = 0; for (let i = 0; i < d.length; i += 12) h = (h * 31 + d[i] + 7 * d[i + 1] + 13 * d[i + 2] + 17 * d[i + 3]) | 0; return h; };
  const before = look();
  window.__lat = new Promise((resolve) => {
    const start = (e) => {
      if (!el.contains(e.target)) return;
      window.removeEventListener('keydown', start, true); window.removeEventListener('click', start, true);
      const t0 = e.timeStamp;  // when the key was pressed (same clock as performance.now)
      const tick = () => {
        const now = performance.now();
        const ready = !until || el.querySelector('.lrlab-readout').textContent.includes(until);
        if (ready && look() !== before) resolve(now - t0);
        else if (now - t0 > 10000) resolve(null); else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    };
    window.addEventListener('keydown', start, true); window.addEventListener('click', start, true);
  });
}"""

JS_FPS = """async ([sel, index, seconds]) => {
  const el = document.querySelectorAll(sel)[index], c = el.querySelector('canvas[role="img"]'), ctx = c.getContext('2d');
  const look = () => { const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let h = 0; for (let i = 0; i < d.length; i += 12) h = (h * 31 + d[i] + 7 * d[i + 1] + 13 * d[i + 2] + 17 * d[i + 3]) | 0; return h; };
  el.querySelector('.lrlab-play').click();
  let last = look(), frames = 0; const t0 = performance.now();
  return await new Promise((resolve) => {
    const tick = () => { const now = look(); if (now !== last) { frames++; last = now; }
      if (el.querySelector('.lrlab-play').getAttribute('aria-pressed') !== 'true' || performance.now() - t0 > seconds * 1000)
        resolve(frames / ((performance.now() - t0) / 1000));
      else requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
}"""

# Drag: press ArrowRight/ArrowLeft on a slider every 16 ms inside the page for `seconds` (as fast as a hand).
JS_DRAG = """async ([sel, index, label, seconds]) => {
  const el = document.querySelectorAll(sel)[index];
  const input = [...el.querySelectorAll('input')].find((i) => el.querySelector(`label[for="${i.id}"]`).textContent === label);
  let n = 0; const t0 = performance.now();
  return await new Promise((resolve) => {
    const timer = setInterval(() => {
      const key = Math.floor(n / 60) % 2 ? 'ArrowLeft' : 'ArrowRight';
      input.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true}));
      n++;
      if (performance.now() - t0 > seconds * 1000) { clearInterval(timer); resolve(n); }
    }, 16);
  });
}"""

KNOBS = {
    "rate": [("learning rate η", "ArrowLeft", "ArrowRight", None), ("step", "ArrowLeft", "ArrowRight", None)],
    "decay": [
        ("initial rate η₀", "ArrowRight", "ArrowLeft", None),
        ("decay rate γ", "ArrowLeft", "ArrowRight", None),
        ("step", "ArrowLeft", "ArrowRight", None),
        ("decay steps s", "ArrowRight", "ArrowLeft", None),
        ("staircase", "Space", "Space", None),
    ],
    "map": [("initial rate η₀", "ArrowRight", "ArrowLeft", None), ("decay rate γ", "ArrowLeft", "ArrowRight", None)],
    "noise": [
        ("learning rate η", "ArrowRight", "ArrowLeft", None),
        ("noise σ", "ArrowLeft", "ArrowRight", None),
        ("seed", "ArrowRight", "ArrowLeft", None),
    ],
    "optimizer": [
        ("optimizer", "ArrowRight", "ArrowLeft", None),
        ("learning rate η", "ArrowRight", "ArrowLeft", None),
        ("β: momentum (Adam: β₁, RMSprop: ρ)", "ArrowLeft", "ArrowRight", None),
        ("step", "ArrowLeft", "ArrowRight", None),
    ],
}


def stats(xs):
    xs = sorted(x for x in xs if x is not None)
    if not xs:
        return None, None, 0
    return statistics.median(xs), xs[int(0.95 * (len(xs) - 1))], len(xs)


def measure(page, kind, label, key, back, until, presses):
    ex = explorers(page, kind).first
    ex.scroll_into_view_if_needed()
    box = control(ex, label)
    out = []
    for n in range(presses):
        page.evaluate(JS_ARM, [KINDS[kind], 0, until])
        box.press(key if n % 2 == 0 else back)
        out.append(page.evaluate("() => window.__lat"))
        if until:
            page.wait_for_timeout(30)
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--presses", type=int, default=40)
    p.add_argument("--drag-seconds", type=float, default=60)
    args = p.parse_args(argv)
    chromium = find_chromium()
    if chromium is None:
        raise SystemExit(f"No Chromium: {INSTALL_HINT}")
    from playwright.sync_api import sync_playwright

    scratch = Path(tempfile.mkdtemp(prefix="lrlab-bench-"))
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, scratch / "bench.ipynb")
    results = {"latency": {}, "play_fps": {}, "busy": {}, "memory": {}}
    with LabServer(scratch) as lab, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        open_notebook(page, lab, "bench.ipynb")
        for cell in CELLS:
            run_code(page, cell)
        page.wait_for_timeout(1500)
        for kind, knobs in KNOBS.items():
            for label, key, back, until in knobs:
                lat = measure(page, kind, label, key, back, until, args.presses)
                results["latency"][f"{kind}: {label}"] = stats(lat)
        ex = explorers(page, "map").first
        ex.scroll_into_view_if_needed()
        picture = ex.locator('canvas[role="img"]')
        box = json.loads(picture.get_attribute("data-panels"))[0]  # the map's panel
        clicks = []
        for n in range(args.presses // 2):
            page.evaluate(JS_ARM, [KINDS["map"], 0, None])
            spot = {
                "x": box["x"] + box["w"] * (0.1 + 0.8 * (n % 7) / 7),
                "y": box["y"] + box["h"] * (0.1 + 0.8 * (n % 5) / 5),
            }
            picture.click(position=spot)
            clicks.append(page.evaluate("() => window.__lat"))
        results["latency"]["map: click on the map"] = stats(clicks)
        for kind in ("rate", "decay"):
            ex = explorers(page, kind).first
            ex.scroll_into_view_if_needed()
            control(ex, "step").press("Home")
            results["play_fps"][kind] = page.evaluate(JS_FPS, [KINDS[kind], 0, 3.0])
        # the kernel busy: a cell sleeps 60 s; every knob is pressed and must change the picture
        start_cell(page, "import time\ntime.sleep(60)")
        page.wait_for_timeout(500)
        t_busy = time.monotonic()
        for kind, knobs in KNOBS.items():
            for label, key, back, _ in knobs:
                if label == "step":
                    control(explorers(page, kind).first, "step").press("End")
                lat = measure(page, kind, label, key, back, None, 6)
                results["busy"][f"{kind}: {label}"] = (sum(x is not None for x in lat), len(lat))
        results["busy_seconds_used"] = time.monotonic() - t_busy
        wait_kernel_idle(page, 90_000)
        # a minute of dragging the learning rate: the kernel's memory
        (pid,) = kernel_pids(lab)
        ex = explorers(page, "rate").first
        ex.scroll_into_view_if_needed()
        before = rss_mb(pid)
        n = page.evaluate(JS_DRAG, [KINDS["rate"], 0, "learning rate η", args.drag_seconds])
        run_code(page, "1 + 1")
        after = rss_mb(pid)
        results["memory"] = {"events": n, "seconds": args.drag_seconds, "rss_before_mb": before, "rss_after_mb": after}
        browser.close()

    print(f"Key press -> changed pixels, measured in the page, JupyterLab + Chromium 1280x800 ({args.presses} presses)")
    print("| explorer: knob | median | p95 | frames seen |\n|---|---|---|---|")
    for name, (med, p95, n) in results["latency"].items():
        print(f"| {name} | {med:.1f} ms | {p95:.1f} ms | {n} |" if med is not None else f"| {name} | – | – | 0 |")
    print("\nPlay (interval 16 ms): frames per second actually drawn")
    for kind, fps in results["play_fps"].items():
        print(f"| {kind} | {fps:.1f} |")
    print(
        f"\nA cell sleeping 60 s (knobs tried within {results['busy_seconds_used']:.0f} s): presses that changed the picture"
    )
    for name, (ok, total) in results["busy"].items():
        print(f"| {name} | {ok}/{total} |")
    m = results["memory"]
    print(
        f"\nDragging the learning rate for {m['seconds']:.0f} s ({m['events']} key events): kernel RSS "
        f"{m['rss_before_mb']:.1f} MB -> {m['rss_after_mb']:.1f} MB"
    )
    out = Path(__file__).parent / "results" / "browser.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    return results


if __name__ == "__main__":
    main()
