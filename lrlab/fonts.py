"""A font with Chinese characters for lrlab's static figures.

matplotlib's default font (DejaVu Sans) has no Chinese characters. When lrlab speaks Chinese
(:func:`lrlab.set_language`), every figure it builds gives its texts a font list: the text's own font first
(so numbers, Greek letters and symbols look exactly as in the English figures), then an installed CJK font
for the characters the first one lacks. Only the Text objects of lrlab's own figures are changed, never
matplotlib's global ``rcParams``.

The CJK font is looked up once, by family name among the fonts matplotlib knows and the system's font
files (a font installed after matplotlib built its font cache is found too); any font file with the common
Chinese characters will do. lrlab's setups install ``fonts-wqy-microhei`` (Debian; ``apt.txt`` on Binder).

With no CJK font the figures still draw, with their texts in English, and lrlab says so once, with the
package to install (:class:`MissingCJKFontWarning`).
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Iterable

__all__ = [
    "CJK_PACKAGE",
    "MissingCJKFontWarning",
    "cjk_family",
    "figure_language",
    "find_cjk_font",
    "forget",
    "use_cjk",
]

#: The Debian package lrlab's setups install (``.ci/run`` and Binder's ``apt.txt``): 1.6 MB, one file.
CJK_PACKAGE = "fonts-wqy-microhei"

#: Families tried first, in order (Linux, then macOS and Windows names); any other font file that has
#: every character of :data:`SAMPLE` is used after them.
PREFERRED = (
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "AR PL UKai CN",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "STHeiti",
    "Microsoft YaHei",
    "SimHei",
    "Arial Unicode MS",
)

#: Characters a font must have to show lrlab's Chinese texts (common ones from its catalogue).
SAMPLE = "学习率损失函数梯度下降衰减发散到达步数结果情形对数坐标，：（）"


_HAN = re.compile("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")  # CJK punctuation, ideographs, full-width forms


class MissingCJKFontWarning(UserWarning):
    """No font with Chinese characters was found; figures show their texts in English."""


_UNSET = object()
_found: object = _UNSET  # cache: the CJK family name, or None
_warned = False


def _has_sample(path: str) -> tuple[str, bool]:
    """(family name, has every SAMPLE character) of the font file at ``path`` (first face)."""
    from matplotlib import ft2font

    try:
        font = ft2font.FT2Font(path)
    except (OSError, RuntimeError, ValueError):
        return "", False
    return font.family_name, all(font.get_char_index(ord(ch)) for ch in SAMPLE)


def _system_font_files() -> list[str]:
    """Every font file matplotlib knows or the system lists (fonts installed after matplotlib's cache too)."""
    from matplotlib import font_manager

    known = [entry.fname for entry in font_manager.fontManager.ttflist]
    try:
        extra = font_manager.findSystemFonts()
    except (OSError, RuntimeError):  # no font directories, no fc-list: use what matplotlib knows
        extra = []
    return list(dict.fromkeys([*known, *extra]))


def find_cjk_font(files: Iterable[str] | None = None) -> tuple[str, str] | None:
    """``(family name, file path)`` of a font with Chinese characters among ``files`` (default: the system's
    font files), preferring the families of :data:`PREFERRED` in their order; ``None`` if there is none.

    matplotlib's "Last Resort" font, which draws a placeholder box for every character, never counts.
    """
    from matplotlib import font_manager

    paths = _system_font_files() if files is None else [os.fspath(f) for f in files]
    rank = {name: i for i, name in enumerate(PREFERRED)}
    # quick pass: fonts matplotlib already knows by a preferred name (no file opened but those)
    known = sorted(
        (rank[e.name], e.fname) for e in font_manager.fontManager.ttflist if e.name in rank and e.fname in paths
    )
    for _, path in known:
        family, ok = _has_sample(path)
        if ok and family in rank:
            return family, path
    found = []
    for path in paths:
        family, ok = _has_sample(path)
        if ok and "last resort" not in family.lower():
            found.append((rank.get(family, len(rank)), family, path))
    if not found:
        return None
    _, family, path = min(found, key=lambda hit: hit[0])  # min keeps the first of equal rank
    return family, path


def cjk_family() -> str | None:
    """The family name of the CJK font lrlab's figures use (found once, then remembered), or ``None``.

    The font is registered with matplotlib's font manager if it was installed after matplotlib's font cache
    was built (that adds a font; it changes no setting).
    """
    global _found
    if _found is _UNSET:
        hit = find_cjk_font()
        if hit is None:
            _found = None
        else:
            from matplotlib import font_manager

            family, path = hit
            if not any(entry.fname == path for entry in font_manager.fontManager.ttflist):
                font_manager.fontManager.addfont(path)
            _found = family
    return _found  # type: ignore[return-value]


def figure_language() -> str:
    """The language lrlab's figures use: the current language, except Chinese with no CJK font installed,
    when figures fall back to English (said once, with the package to install)."""
    global _warned
    from .i18n import get_language

    lang = get_language()
    if lang != "zh" or cjk_family() is not None:
        return lang
    if not _warned:
        _warned = True
        warnings.warn(
            "lrlab found no font with Chinese characters, so its figures show their texts in English "
            "(widgets and exercise feedback stay Chinese). To get Chinese figures, install a CJK font, e.g. "
            f"`sudo apt-get install {CJK_PACKAGE}` on Debian/Ubuntu (Binder installs it from apt.txt), "
            "then restart the kernel.",
            MissingCJKFontWarning,
            stacklevel=3,
        )
    return "en"


def use_cjk(fig) -> None:
    """Give every text of ``fig`` its own font list plus the CJK font, when lrlab's figures speak Chinese (or a
    text of ``fig`` has Chinese characters, e.g. from ``labels=``) and a CJK font is installed. Call it once the
    figure's texts exist; texts changed later keep the font list."""
    from matplotlib.text import Text

    texts = fig.findobj(Text)
    if figure_language() != "zh" and not any(_HAN.search(t.get_text()) for t in texts):
        return
    family = cjk_family()
    if family is None:
        return
    for t in texts:
        current = list(t.get_fontfamily())
        if family not in current:
            t.set_fontfamily([*current, family])


def forget() -> None:
    """Forget the font found and the warning given: the next Chinese figure looks for a font again (after one is
    installed while the kernel runs, say)."""
    global _found, _warned
    _found = _UNSET
    _warned = False
