"""Save a descent as an animated GIF (matplotlib's Pillow writer), e.g. for slides."""

from __future__ import annotations

from pathlib import Path

from matplotlib.animation import FuncAnimation, PillowWriter
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from . import _validation as v
from .descent import Trajectory
from .plotting import ParabolaView, StepCurveView, status_text

__all__ = ["animate", "save_gif"]


def animate(traj: Trajectory, *, ghost: Trajectory | None = None, title: str | None = None,
            interval: int = 125) -> FuncAnimation:
    """A :class:`~matplotlib.animation.FuncAnimation` of ``w`` stepping down the parabola.

    The figure is built once; each frame only moves the artists.
    """
    if not isinstance(traj, Trajectory) or traj.batch_shape:
        v.fail("traj", "a single-run lrlab.Trajectory", traj, TypeError)
    fig = Figure(figsize=(8, 3.2), dpi=80, layout="constrained")
    FigureCanvasAgg(fig)
    ax_w, ax_loss = fig.subplots(1, 2, width_ratios=[1.25, 1])
    parabola = ParabolaView(ax_w, traj.loss_fn)
    curve = StepCurveView(ax_loss, "loss")
    if title:
        fig.suptitle(title)

    def frame(k):
        return parabola.update(traj, k, ghost, status_text(traj, k)) + curve.update(
            traj.loss, k, None if ghost is None else ghost.loss)

    frame(0)
    fig.canvas.draw()
    fig.set_layout_engine("none")  # lay out once; frames then only move artists
    return FuncAnimation(fig, frame, frames=range(traj.steps + 1), interval=interval, blit=False)


def save_gif(traj: Trajectory, path, *, fps: int = 8, schedule=None) -> Path:
    """Write the animation of ``traj`` to ``path`` (a ``.gif``); returns the path."""
    fps = v.count("fps", fps, minimum=1, maximum=60)
    path = Path(path)
    if path.suffix.lower() != ".gif":
        v.fail("path", "a file name ending in .gif", str(path))
    if schedule is None or isinstance(schedule, (int, float)):
        title = f"learning rate {traj.lr[0]:.4g}" if traj.steps else None
    else:
        title = repr(schedule)
    anim = animate(traj, title=title, interval=int(1000 / fps))
    anim.save(path, writer=PillowWriter(fps=fps, metadata={}))
    return path
