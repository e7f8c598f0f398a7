"""In-kernel cost of one slider event: lrlab's explorer against the naive ``interact`` way.

* **lrlab**: ``LearningRateExplorer`` — set the slider (recompute the run, move the artists), then do what
  ipympl does when the browser asks for the frame: a full Agg redraw of the persistent figure and the
  PNG of what changed (``get_diff_image``).
* **naive**: what most teaching notebooks do with ``interact``: on every event make a new pyplot figure,
  plot the parabola, the path and the loss curve, render it to PNG, close it.

Both draw the same two panels at the same size. Prints medians and the ratio; a report, not a test.

    python benchmarks/bench_kernel_events.py [--events 200]
"""

from __future__ import annotations

import argparse
import io
import statistics
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import lrlab  # noqa: E402
from lrlab.quick import QuickExplorer  # noqa: E402
from lrlab.widgets import LearningRateExplorer  # noqa: E402


def naive_event(lr: float) -> bytes:
    run = lrlab.descend(lr)
    fig, (ax_w, ax_loss) = plt.subplots(1, 2, figsize=(9, 3.3), dpi=100)
    xs = np.linspace(-8, 8, 201)
    ax_w.plot(xs, (xs + 1) ** 2)
    ax_w.plot(run.w, run.loss, "o-")
    ax_loss.semilogy(np.maximum(run.loss, 1e-12))
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def lrlab_event(ex: LearningRateExplorer, value: float) -> bytes:
    ex.lr_slider.value = value
    ex.canvas.draw()
    return ex.canvas.get_diff_image()


def timed(fn, values) -> list[float]:
    out = []
    for v in values:
        t = time.perf_counter()
        fn(v)
        out.append((time.perf_counter() - t) * 1000)
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--events", type=int, default=200)
    args = p.parse_args(argv)

    ex = LearningRateExplorer()
    options = [v for _, v in ex.lr_slider.options]
    values = [options[(i * 37) % len(options)] for i in range(args.events)]
    lrlab_event(ex, values[0])  # warm up
    naive_event(0.2)
    ours = timed(lambda v: lrlab_event(ex, v), values)
    compute_only = timed(lambda v: setattr(ex.lr_slider, "value", v), values)
    naive = timed(naive_event, values)
    quick = QuickExplorer()
    quick_events = timed(lambda v: setattr(quick, "index", quick.rates.index(v)), values)

    def row(name, xs):
        xs = sorted(xs)
        return f"| {name} | {statistics.median(xs):.1f} ms | {xs[int(0.95 * (len(xs) - 1))]:.1f} ms |"

    print(f"One slider event in the kernel, {args.events} events, median and p95")
    print("| what | median | p95 |\n|---|---|---|")
    print(row("naive: new pyplot figure + PNG per event", naive))
    print(row("lrlab: update artists + full Agg redraw + diff PNG (what ipympl does)", ours))
    print(row("lrlab: update artists only (the part lrlab controls)", compute_only))
    print(row("QuickExplorer: the kernel only records the new position (drawn in the browser)", quick_events))
    print(f"\nspeed-up over naive (median): LearningRateExplorer "
          f"{statistics.median(naive) / statistics.median(ours):.1f}x, QuickExplorer "
          f"{statistics.median(naive) / statistics.median(quick_events):,.0f}x")
    return {"naive": naive, "ours": ours, "compute": compute_only}


if __name__ == "__main__":
    main()
