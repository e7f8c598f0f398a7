"""In-kernel cost of the explorers: building one, and what one knob event costs the kernel.

The explorers draw in the browser, so most knob events cost the kernel only the recording of the new
position; a few need new numbers (decay steps / staircase: the whole initial-rate × decay-rate plane;
a new point of the schedule map: its row and column). For comparison, the naive ``interact`` way: on every
event a new pyplot figure, the parabola, the path and the loss curve, rendered to PNG.

Prints medians and p95; a report, not a test.

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
from lrlab.widgets import DecayExplorer, LearningRateExplorer, ScheduleMap  # noqa: E402


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


def timed(fn, values) -> list[float]:
    out = []
    for v in values:
        t = time.perf_counter()
        fn(v)
        out.append((time.perf_counter() - t) * 1000)
    return out


def row(name, xs):
    xs = sorted(xs)
    return f"| {name} | {statistics.median(xs):.2f} ms | {xs[int(0.95 * (len(xs) - 1))]:.2f} ms |"


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--events", type=int, default=200)
    args = p.parse_args(argv)
    n = args.events

    build = {}
    for name, make in [
        ("LearningRateExplorer()", LearningRateExplorer),
        ("DecayExplorer()", DecayExplorer),
        ("ScheduleMap()", ScheduleMap),
    ]:
        times = timed(lambda _: make(), range(5))  # noqa: B023
        ex = make()
        build[name] = (statistics.median(times), ex.state_bytes())

    ex = LearningRateExplorer()
    dec = DecayExplorer()
    smap = ScheduleMap()
    naive_event(0.2)
    rows = [
        (
            "naive: new pyplot figure + PNG per event",
            timed(naive_event, [ex.rates[(i * 37) % len(ex.rates)] for i in range(n)]),
        ),
        (
            "LearningRateExplorer: learning rate (position recorded)",
            timed(lambda i: setattr(ex, "index", (i * 37) % len(ex.rates)), range(n)),
        ),
        (
            "DecayExplorer: initial rate or decay rate (frozen limit of the new point)",
            timed(lambda i: setattr(dec, "decay_index", (i * 7) % len(dec.decay_rates)), range(n)),
        ),
        (
            "DecayExplorer: decay steps (new plane of every rate × decay rate)",
            timed(lambda i: setattr(dec, "decay_steps_index", (i * 7) % len(dec.decay_steps_options)), range(n // 4)),
        ),
        ("DecayExplorer: staircase (new plane)", timed(lambda i: setattr(dec, "staircase", i % 2 == 0), range(n // 4))),
        (
            "ScheduleMap: new point (its row and column of runs)",
            timed(lambda i: setattr(smap, "i", (i * 13) % len(smap.learning_rates)), range(n)),
        ),
    ]
    print("Building an explorer (median of 5) and what it sends to the browser")
    print("| explorer | build | browser data |\n|---|---|---|")
    for name, (ms, size) in build.items():
        print(f"| `{name}` | {ms:.0f} ms | {size / 1e6:.2f} MB |")
    print(f"\nOne knob event in the kernel ({n} events; the browser has already drawn the frame), median and p95")
    print("| what | median | p95 |\n|---|---|---|")
    for name, xs in rows:
        print(row(name, xs))
    return rows


if __name__ == "__main__":
    main()
