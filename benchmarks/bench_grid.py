"""How fast is one vectorised lrlab call over a grid of settings?

``descend`` over a 440 x 440 grid of (initial learning rate, decay rate), 100
steps (19.6 M values: about the most descend accepts, 20 M, so that every array of
a run fits in 1 GB), against a plain Python loop doing the same updates one setting at a
time (timed on a random sample of the grid and extrapolated). Prints a table;
this is a report, not a test.

    python benchmarks/bench_grid.py [--size 440] [--steps 100] [--sample 2000]
"""

from __future__ import annotations

import argparse
import math
import statistics
import time

import numpy as np

import lrlab


def python_loop(lr0: float, decay_rate: float, steps: int, w0: float = 5.0) -> float:
    """The textbook loop: one setting, one step at a time, Python floats."""
    w = w0
    for k in range(steps):
        lr = lr0 * decay_rate**k
        w = w - lr * 2 * (w + 1)
    return w


def grid(size: int):
    lr0 = np.geomspace(1e-3, 1.5, size)[:, None]
    decay = np.linspace(0.5, 1.0, size)[None, :]
    return lr0, decay


def time_vectorised(size: int, steps: int, dtype, repeats: int = 3):
    lr0, decay = grid(size)
    times, full = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        traj = lrlab.descend(lrlab.exponential_decay(lr0, 1, decay), steps=steps, dtype=dtype)
        times.append(time.perf_counter() - start)
        _ = traj.loss, traj.diverged_at  # also what a map of the outcome reads
        full.append(time.perf_counter() - start)
        del traj
    return min(times), min(full)


def time_loop(size: int, steps: int, sample: int, seed: int = 0):
    lr0, decay = grid(size)
    rng = np.random.default_rng(seed)
    i = rng.integers(0, size, sample)
    j = rng.integers(0, size, sample)
    pairs = [(float(lr0[a, 0]), float(decay[0, b])) for a, b in zip(i, j, strict=True)]
    start = time.perf_counter()
    for lr, dr in pairs:
        python_loop(lr, dr, steps)
    per_setting = (time.perf_counter() - start) / sample
    return per_setting * size * size


def main(argv=None) -> dict:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", type=int, default=440)
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--sample", type=int, default=2000)
    args = p.parse_args(argv)

    loop = statistics.median(time_loop(args.size, args.steps, args.sample, seed=s) for s in range(3))
    results = {}
    for name, dtype in (("float32", np.float32), ("float64", np.float64)):
        w_only, with_loss = time_vectorised(args.size, args.steps, dtype)
        results[name] = (w_only, with_loss)
    n = args.size * args.size
    print(
        f"descend over a {args.size} x {args.size} grid (initial rate x decay rate), {args.steps} steps "
        f"= {n * args.steps / 1e6:,.0f} M updates"
    )
    print("| what | time | vs Python loop |\n|---|---|---|")
    print(f"| plain Python loop (sample of {args.sample:,}, extrapolated) | {loop:.1f} s | 1x |")
    for name, (w_only, with_loss) in results.items():
        print(f"| lrlab.descend, {name}, w | {w_only:.2f} s | {loop / w_only:,.0f}x |")
        print(f"| lrlab.descend, {name}, w + loss + diverged_at | {with_loss:.2f} s | {loop / with_loss:,.0f}x |")
    return {
        "loop": loop,
        **{k: v for k, v in results.items()},
        "size": args.size,
        "steps": args.steps,
        "ok": math.isfinite(loop),
    }


if __name__ == "__main__":
    main()
