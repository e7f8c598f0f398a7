"""Command line: ``python -m lrlab table …`` and ``python -m lrlab animate …``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np

from . import checks as v
from .descent import Trajectory, descend
from .losses import Quadratic
from .schedules import exponential_decay, in_float64
from .tables import course_tf2_run, decay_table, seed_table, tf2_table

EXAMPLES = """\
examples:
  python -m lrlab table --lr 0.2                       the course's 40-line table
  python -m lrlab table --lr 0.1 --decay-rate 0.99 --decay-steps 1 --staircase
                                                       the course's decay table
  python -m lrlab table --lr 1 --steps 6               w bounces between 5 and -7
  python -m lrlab table --lr 0.1 --curvature 6 --centre 2 --w0 0
                                                       the loss 3*(w-2)^2 (f'' = 6, a = 3)
  python -m lrlab table --lr 0.1 --noise 1 --seed 0    noisy gradients, reproducible
  python -m lrlab table --edition tf2                  the course's TensorFlow 2 table (0.2 * 0.99 ** epoch)
  python -m lrlab table --edition tf2 --decay-rate 1   the TF2 format with a constant rate
  python -m lrlab animate --lr 0.2 -o descent.gif      a GIF for slides

The loss is a*(w-c)^2; its curvature is f'' = 2a. Give --a or --curvature, not both.
"""

#: Longest run ``animate`` draws (one frame per update, plus the start).
ANIMATE_MAX_STEPS = v.MAX_GIF_STEPS


def _run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lr", type=float, default=0.2, help="learning rate (at step 0 if decaying); default 0.2")
    p.add_argument(
        "--decay-rate",
        type=float,
        default=None,
        help="decay the rate by this factor every --decay-steps steps (0 < r <= 1)",
    )
    p.add_argument(
        "--decay-steps", type=float, default=None, help="steps per decay (> 0; needs --decay-rate); default 1"
    )
    p.add_argument("--staircase", action="store_true", help="decay in jumps rather than smoothly (needs --decay-rate)")
    p.add_argument("--w0", type=float, default=5.0, help="starting value of w; default 5")
    p.add_argument("--steps", type=int, default=40, help="number of updates; default 40")
    shape = p.add_mutually_exclusive_group()
    shape.add_argument("--a", type=float, default=None, help="a in the loss a*(w-c)^2; default 1")
    shape.add_argument(
        "--curvature", type=float, default=None, help="the loss's curvature f'' = 2a (instead of --a); default 2"
    )
    p.add_argument("--centre", type=float, default=-1.0, help="c in the loss a*(w-c)^2; default -1")
    p.add_argument(
        "--noise", type=float, default=0.0, help="standard deviation of noise added to every gradient; default 0"
    )
    p.add_argument("--seed", type=int, default=None, help="seed for the noise (same seed, same run)")
    p.add_argument(
        "--dtype",
        choices=["float32", "float64"],
        default="float32",
        help="arithmetic precision; float32 (as TensorFlow) by default",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m lrlab",
        description="Gradient descent on a*(w-c)^2 (the course's (w+1)^2 by default), step by step.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="{table,animate}")

    table = sub.add_parser(
        "table",
        help="print a run in the course's format",
        description="Print one line per update, as the course's TensorFlow programs did. "
        "With --decay-rate the format is the decay program's, whose printed rate is "
        "the one for the next step (global_step had already been incremented).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _run_options(table)
    table.add_argument(
        "--edition",
        choices=["tf1", "tf2"],
        default="tf1",
        help="tf1 (default): the TensorFlow 1 programs' tables; tf2: the course's TensorFlow 2 program, "
        "one line per epoch with the loss before the update and the rate it used, "
        "lr = LR_BASE * LR_DECAY ** (epoch / LR_STEP) with --lr, --decay-rate, --decay-steps as "
        "LR_BASE, LR_DECAY, LR_STEP (defaults 0.2, 0.99, 1; --decay-rate 1 for a constant rate)",
    )

    anim = sub.add_parser(
        "animate",
        help="save the descent as an animated GIF",
        description="Draw w moving down the loss curve and save it with Pillow.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _run_options(anim)
    anim.add_argument("-o", "--output", required=True, help="file to write, e.g. descent.gif")
    anim.epilog = EXAMPLES + f"\nanimate draws one frame per update: at most --steps {ANIMATE_MAX_STEPS}.\n"
    anim.add_argument("--fps", type=int, default=8, help="frames per second; default 8")
    return parser


def _check(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse option combinations that would be silently ignored, and outputs that cannot be written."""
    tf2 = getattr(args, "edition", "tf1") == "tf2"
    if tf2 and args.staircase:
        parser.error(
            "--staircase has no counterpart in the course's TF2 edition: its rate is "
            "LR_BASE * LR_DECAY ** (epoch / LR_STEP), with true division. Use --edition tf1 for a staircase"
        )
    if not tf2 and args.decay_rate is None and (args.decay_steps is not None or args.staircase):
        given = "--decay-steps" if args.decay_steps is not None else "--staircase"
        parser.error(f"{given} needs --decay-rate (without it the rate does not decay)")
    if args.command == "animate":
        if not 1 <= args.steps <= ANIMATE_MAX_STEPS:
            parser.error(
                f"`steps` must be an int between 1 and {ANIMATE_MAX_STEPS} for animate "
                f"(one frame per update). Received: steps={args.steps}"
            )
        out = Path(args.output)
        if out.suffix.lower() != ".gif":
            parser.error(f"`output` must be a file name ending in .gif. Received: output={args.output!r}")
        folder = out.parent if str(out.parent) else Path(".")
        try:
            usable = folder.is_dir() and os.access(folder, os.W_OK) and (not out.exists() or os.access(out, os.W_OK))
        except OSError as exc:  # e.g. a name too long for the file system
            parser.error(
                f"`output` must be a path the file system accepts ({exc.strerror}). Received: output={args.output!r}"
            )
        if not folder.is_dir():
            parser.error(f"`output` must be in an existing folder. Received: output={args.output!r}")
        if not usable:
            parser.error(f"`output` must be a file you can write. Received: output={args.output!r}")


#: The course's TF2 program's settings, as the command line would spell them (``--edition tf2``'s defaults).
_TF2_COURSE = {"lr": 0.2, "decay_rate": 0.99, "decay_steps": 1.0, "w0": 5.0, "a": None, "curvature": None,
               "centre": -1.0, "noise": 0.0, "seed": None, "dtype": "float32"}  # fmt: skip


def _run_tf2(args: argparse.Namespace) -> Trajectory:
    """The course's TF2 loop: the rate worked out in Python floats (:func:`lrlab.in_float64`), float32 w."""
    given = {k: getattr(args, k) for k in _TF2_COURSE}
    given["decay_rate"] = 0.99 if args.decay_rate is None else args.decay_rate
    given["decay_steps"] = 1.0 if args.decay_steps is None else args.decay_steps
    if given == _TF2_COURSE:
        return course_tf2_run(epochs=args.steps)[1]
    loss = Quadratic(args.a, args.centre, curvature=args.curvature)
    schedule = in_float64(exponential_decay(args.lr, given["decay_steps"], given["decay_rate"]))
    return descend(
        schedule, w0=args.w0, steps=args.steps, loss=loss, dtype=np.dtype(args.dtype), noise=args.noise, seed=args.seed
    )


def _run(args: argparse.Namespace) -> tuple[Any, Trajectory]:
    loss = Quadratic(args.a, args.centre, curvature=args.curvature)
    if args.decay_rate is None:
        schedule = args.lr
    else:
        decay_steps = 1.0 if args.decay_steps is None else args.decay_steps
        schedule = exponential_decay(args.lr, decay_steps, args.decay_rate, staircase=args.staircase)
    traj = descend(
        schedule, w0=args.w0, steps=args.steps, loss=loss, dtype=np.dtype(args.dtype), noise=args.noise, seed=args.seed
    )
    return schedule, traj


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (``sys.argv[1:]`` by default); returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _check(parser, args)
    try:
        if args.command == "table":
            if args.edition == "tf2":
                text = tf2_table(_run_tf2(args))
            else:
                schedule, traj = _run(args)
                text = seed_table(traj) if args.decay_rate is None else decay_table(traj, schedule)
            if text:
                print(text)
                sys.stdout.flush()  # a closed pipe shows up here, inside the try, not at interpreter exit
        else:
            from .animation import save_gif

            schedule, traj = _run(args)
            frames = traj.steps + 1
            print(f"drawing {frames} frames into {args.output}", file=sys.stderr)
            save_gif(traj, args.output, fps=args.fps, schedule=schedule, progress=_progress(frames))
            print(f"\nwrote {args.output} ({frames} frames)", file=sys.stderr)
    except (ValueError, TypeError) as exc:
        parser.error(str(exc))
    except BrokenPipeError:
        return _closed_pipe()
    except OSError as exc:
        target = getattr(args, "output", "<stdout>")
        parser.exit(1, f"{parser.prog}: error: could not write {target!r}: {exc.strerror or exc}\n")
    return 0


def _progress(frames: int) -> Any:
    """A callback that shows how many of ``frames`` GIF frames are drawn, on one line of stderr."""
    every = max(1, frames // 20)

    def show(done: int, total: int) -> None:
        if done + 1 == total or done % every == 0:
            print(f"\r  frame {done + 1} of {total}", end="", file=sys.stderr, flush=True)

    return show


#: Exit status when the reader of our output goes away (``… | head``): 128 + SIGPIPE, as ``cat`` or ``yes`` end.
EXIT_CLOSED_PIPE = 141


def _closed_pipe() -> int:
    """The reader closed our standard output (e.g. ``python -m lrlab table | head -2``): stop quietly.

    Whatever is still buffered cannot be written; point stdout at the null device so that Python's own flush at
    exit does not report the same broken pipe again.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return EXIT_CLOSED_PIPE
