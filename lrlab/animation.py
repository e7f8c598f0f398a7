"""Save a descent as an animated GIF (matplotlib's Pillow writer), e.g. for slides.

The frames are the static picture of :mod:`lrlab.plotting` (same view model as the explorers), built once;
each frame only moves the current-step artists.
"""

from __future__ import annotations

import os
from pathlib import Path

from matplotlib.animation import FuncAnimation, PillowWriter
from matplotlib.backends.backend_agg import FigureCanvasAgg

from . import checks as v
from . import i18n
from .descent import Trajectory
from .plotting import DescentPicture

__all__ = ["MAX_FRAMES", "animate", "save_gif"]

#: Most frames a GIF may have (one per update, plus the start), the same cap as ``python -m lrlab animate``:
#: a typo cannot fill a disk or hang a kernel.
MAX_FRAMES = v.MAX_GIF_STEPS + 1


def _check_run(traj: Trajectory) -> None:
    if not isinstance(traj, Trajectory) or traj.batch_shape:
        v.fail("traj", "a single-run lrlab.Trajectory", traj, TypeError)
    if not 1 <= traj.steps <= MAX_FRAMES - 1:
        v.fail("traj", f"a run of 1 to {MAX_FRAMES - 1} updates (one GIF frame per update, plus the start)", traj)


def animate(
    traj: Trajectory, *, ghost: Trajectory | None = None, title: str | None = None, interval: int = 125
) -> FuncAnimation:
    """A :class:`~matplotlib.animation.FuncAnimation` of ``w`` stepping down the parabola."""
    _check_run(traj)
    pic = DescentPicture(traj, ghost=ghost, title=title, size=(8, 3.3))
    fig = pic.figure
    fig.set_dpi(80)
    FigureCanvasAgg(fig)
    pic.show(0)
    fig.canvas.draw()
    fig.set_layout_engine("none")  # lay out once; frames then only move artists
    return FuncAnimation(fig, pic.show, frames=range(traj.steps + 1), interval=interval, blit=False)


def save_gif(traj: Trajectory, path, *, fps: int = 8, schedule=None, progress=None) -> Path:
    """Write the animation of ``traj`` to ``path`` (a ``.gif``); returns the path.

    Everything is checked before any frame is drawn: the run's length (1 to ``MAX_FRAMES - 1`` updates),
    ``fps`` and the path (a ``.gif`` in an existing, writable folder, not a folder itself). ``progress``, if
    given, is called as ``progress(frame, frames)`` after each frame is drawn (drawing takes about 0.1 s a frame).
    """
    fps = v.count("fps", fps, minimum=1, maximum=60)
    if progress is not None and not callable(progress):
        v.fail("progress", "None or a callable progress(frame, frames)", progress, TypeError)
    if not isinstance(path, (str, os.PathLike)):
        v.fail("path", "a file path (str or pathlib.Path)", path, TypeError)
    path = Path(path)
    if path.suffix.lower() != ".gif":
        v.fail("path", "a file name ending in .gif", str(path))
    folder = path.parent if str(path.parent) else Path(".")
    try:
        is_dir, folder_ok, writable = path.is_dir(), folder.is_dir(), os.access(folder, os.W_OK)
    except OSError as exc:  # e.g. a name too long for the file system
        v.fail("path", f"a path the file system accepts ({exc.strerror})", str(path))
    if is_dir:
        v.fail("path", "a file, not a folder", str(path))
    if not folder_ok:
        v.fail("path", f"in an existing folder ({folder} does not exist)", str(path))
    if not writable:
        v.fail("path", f"in a folder you can write to ({folder} is not writable)", str(path))
    _check_run(traj)
    if schedule is None or isinstance(schedule, (int, float)):
        title = f"{i18n.text('fig.learning_rate')} {traj.lr[0]:.4g}" if traj.steps else None
    else:
        title = repr(schedule)
    anim = animate(traj, title=title, interval=int(1000 / fps))
    anim.save(path, writer=PillowWriter(fps=fps, metadata={}), progress_callback=progress)
    return path
