"""Command line: ``python -m lrlab table …`` and ``python -m lrlab animate …``."""

from __future__ import annotations

import argparse
import sys

import numpy as np

from .descent import descend
from .losses import Quadratic
from .schedules import exponential_decay
from .tables import decay_table, seed_table

EXAMPLES = """\
examples:
  python -m lrlab table --lr 0.2                       the course's 40-line table
  python -m lrlab table --lr 0.1 --decay-rate 0.99 --decay-steps 1 --staircase
                                                       the course's decay table
  python -m lrlab table --lr 1 --steps 6               w bounces between 5 and -7
  python -m lrlab animate --lr 0.2 -o descent.gif      a GIF for slides
"""


def _run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lr", type=float, default=0.2, help="learning rate (at step 0 if decaying); default 0.2")
    p.add_argument("--decay-rate", type=float, default=None,
                   help="decay the rate by this factor every --decay-steps steps (0 < r <= 1)")
    p.add_argument("--decay-steps", type=float, default=1.0, help="steps per decay (> 0); default 1")
    p.add_argument("--staircase", action="store_true", help="decay in jumps rather than smoothly")
    p.add_argument("--w0", type=float, default=5.0, help="starting value of w; default 5")
    p.add_argument("--steps", type=int, default=40, help="number of updates; default 40")
    p.add_argument("--curvature", type=float, default=1.0, help="a in the loss a*(w-c)^2; default 1")
    p.add_argument("--centre", type=float, default=-1.0, help="c in the loss a*(w-c)^2; default -1")
    p.add_argument("--dtype", choices=["float32", "float64"], default="float32",
                   help="arithmetic precision; float32 (as TensorFlow) by default")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m lrlab",
        description="Gradient descent on a*(w-c)^2 (the course's (w+1)^2 by default), step by step.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="{table,animate}")

    table = sub.add_parser("table", help="print a run in the course's format",
                           description="Print one line per update, as the course's TensorFlow programs did. "
                           "With --decay-rate the format is the decay program's, whose printed rate is "
                           "the one for the next step (global_step had already been incremented).",
                           epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    _run_options(table)

    anim = sub.add_parser("animate", help="save the descent as an animated GIF",
                          description="Draw w moving down the loss curve and save it with Pillow.",
                          epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    _run_options(anim)
    anim.add_argument("-o", "--output", required=True, help="file to write, e.g. descent.gif")
    anim.add_argument("--fps", type=int, default=8, help="frames per second; default 8")
    return parser


def _run(args):
    loss = Quadratic(args.curvature, args.centre)
    if args.decay_rate is None:
        schedule = args.lr
    else:
        schedule = exponential_decay(args.lr, args.decay_steps, args.decay_rate, staircase=args.staircase)
    traj = descend(schedule, w0=args.w0, steps=args.steps, loss=loss, dtype=np.dtype(args.dtype))
    return schedule, traj


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        schedule, traj = _run(args)
        if args.command == "table":
            text = seed_table(traj) if args.decay_rate is None else decay_table(traj, schedule)
            if text:
                print(text)
        else:
            from .animation import save_gif

            save_gif(traj, args.output, fps=args.fps, schedule=schedule)
            print(f"wrote {args.output} ({traj.steps + 1} frames)", file=sys.stderr)
    except (ValueError, TypeError) as exc:
        parser.error(str(exc))
    return 0
