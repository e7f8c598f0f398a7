"""The quick explorer is now the learning-rate explorer itself.

Every lrlab explorer is drawn in the browser from runs lrlab precomputes (see :mod:`lrlab.widgets`), so
the separate browser-drawn ``QuickExplorer`` is no longer needed: it is kept as another name of
:class:`lrlab.widgets.LearningRateExplorer` so that existing notebooks keep running.
"""

from __future__ import annotations

from .widgets import LearningRateExplorer

__all__ = ["QuickExplorer"]

#: Another name for :class:`lrlab.widgets.LearningRateExplorer` (same picture, same arguments).
QuickExplorer = LearningRateExplorer
