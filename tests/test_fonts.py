"""A CJK font for Chinese figures (lrlab.fonts): found, used per Text, no missing glyphs; none installed: told once."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import matplotlib
import pytest
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

import lrlab
from lrlab import fonts, i18n


def _figure(lang):
    """A small figure with a title, axis titles, a legend and a free text, all from the catalogue."""
    cat = i18n.CATALOGUE[lang]
    fig = Figure(figsize=(4, 3), dpi=50)
    ax = fig.add_subplot()
    ax.plot([0, 1], [1, 0], label=cat["path"])
    ax.set_xlabel(cat["step"])
    ax.set_ylabel(cat["distance"])
    ax.set_title(cat["map_title"].replace("{T}", "100").replace("{tol}", "0.001"))
    ax.text(0.5, 0.5, cat["regime:zig-zags"] + " / " + cat["outcome:still zig-zagging"])
    fig.legend(handles=[Line2D([], [], label=cat["minimum"]), Line2D([], [], label=cat["ghost"])])
    return fig


def _png(fig) -> list[str]:
    """Draw ``fig`` to PNG; the messages of every warning raised while drawing."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png")
    return [str(w.message) for w in caught]


def has_sample(path):
    """(family name, has every character of lrlab's sample) of the font file at ``path``, read here with FreeType."""
    from matplotlib import ft2font

    font = ft2font.FT2Font(path)
    return font.family_name, all(font.get_char_index(ord(ch)) for ch in fonts.SAMPLE)


def _wqy():
    return "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


def test_a_cjk_font_is_installed_here():
    hit = fonts.find_cjk_font()
    assert hit is not None, f"no CJK font found: install {fonts.CJK_PACKAGE} (.ci/run does)"
    family, path = hit
    assert family in fonts.PREFERRED and has_sample(path) == (family, True)


def test_the_last_resort_font_does_not_count():
    """matplotlib ships a font with a placeholder box for every character: no warning, but no Chinese either."""
    last_resort = [e.fname for e in font_manager.fontManager.ttflist if "Last Resort" in e.name]
    assert last_resort and has_sample(last_resort[0])[1]
    assert fonts.find_cjk_font(last_resort) is None


def test_a_chinese_figure_draws_without_any_glyph_warning():
    lrlab.set_language("zh")
    fig = _figure("zh")
    fonts.use_cjk(fig)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(io.BytesIO(), format="png")
    # and the Chinese characters come from the CJK font's file
    cjk_path = fonts.find_cjk_font()[1]
    title = fig.axes[0].title
    used = [str(p) for p in font_manager.fontManager._find_fonts_by_props(title.get_fontproperties())]
    assert used[-1] == cjk_path and len(used) == 2


def test_without_the_cjk_font_the_same_figure_does_warn():
    """The test above can fail: the same texts with matplotlib's default font miss their glyphs."""
    messages = _png(_figure("zh"))
    assert any("Glyph" in m and "missing" in m for m in messages)


def test_every_text_keeps_its_own_font_first_and_gets_the_cjk_one_after():
    lrlab.set_language("zh")
    fig = _figure("zh")
    before = {id(t): list(t.get_fontfamily()) for t in fig.findobj(Text)}
    fonts.use_cjk(fig)
    family = fonts.cjk_family()
    for t in fig.findobj(Text):
        assert list(t.get_fontfamily()) == [*before[id(t)], family]
    fonts.use_cjk(fig)  # twice: added once
    assert all(list(t.get_fontfamily()).count(family) == 1 for t in fig.findobj(Text))


def test_the_cjk_font_family_resolves_to_its_file():
    family = fonts.cjk_family()
    path = font_manager.fontManager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    assert has_sample(path) == (family, True)


def test_global_settings_are_left_alone():
    before = dict(matplotlib.rcParams)
    lrlab.set_language("zh")
    fonts.use_cjk(_figure("zh"))
    assert dict(matplotlib.rcParams) == before


def test_english_figures_are_untouched():
    fig = _figure("en")
    before = [list(t.get_fontfamily()) for t in fig.findobj(Text)]
    fonts.use_cjk(fig)
    assert [list(t.get_fontfamily()) for t in fig.findobj(Text)] == before
    assert fonts.figure_language() == "en"


def test_finder_only_picks_fonts_with_chinese_characters():
    dejavu = font_manager.findfont("DejaVu Sans")
    assert fonts.find_cjk_font([]) is None
    assert fonts.find_cjk_font([dejavu]) is None
    family, path = fonts.find_cjk_font([dejavu, _wqy()])
    assert path == _wqy() and family == "WenQuanYi Micro Hei"


def test_finder_prefers_the_listed_families_in_order(monkeypatch):
    monkeypatch.setattr(fonts, "PREFERRED", ("Nonexistent Sans", "WenQuanYi Micro Hei"))
    assert fonts.find_cjk_font([font_manager.findfont("DejaVu Sans"), _wqy()])[1] == _wqy()
    monkeypatch.setattr(fonts, "PREFERRED", ())  # still found by its characters
    assert fonts.find_cjk_font([_wqy()])[1] == _wqy()


def test_no_cjk_font_english_figures_and_one_clear_warning(monkeypatch):
    monkeypatch.setattr(fonts, "_system_font_files", lambda: [])
    lrlab.set_language("zh")
    with pytest.warns(fonts.MissingCJKFontWarning, match=f"sudo apt-get install {fonts.CJK_PACKAGE}") as caught:
        assert fonts.figure_language() == "en"
    assert len(caught) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # said once: no second warning, and the English figure draws clean
        assert fonts.figure_language() == "en"
        fig = _figure(fonts.figure_language())
        fonts.use_cjk(fig)
        fig.savefig(io.BytesIO(), format="png")
    assert lrlab.get_language() == "zh"  # only figures fall back


REPO2DOCKER = Path(sys.executable).parent / "jupyter-repo2docker"


@pytest.mark.skipif(not REPO2DOCKER.exists(), reason="needs jupyter-repo2docker (requirements-dev.txt)")
def test_binder_installs_the_font_from_apt_txt(tmp_path):
    root = Path(__file__).resolve().parent.parent
    assert (root / "apt.txt").read_text().split() == [fonts.CJK_PACKAGE]
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy2(root / "apt.txt", repo / "apt.txt")
    out = subprocess.run(
        [str(REPO2DOCKER), "--no-build", "--user-id", "1000", "--user-name", "jovyan", str(repo)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert re.search(rf"apt-get install --yes --no-install-recommends {fonts.CJK_PACKAGE}\b", out.stdout)


def test_chinese_texts_get_the_font_even_in_an_english_session():
    """A figure given Chinese labels (e.g. by a widget made in Chinese) draws clean whatever the language."""
    fig = _figure("zh")
    fonts.use_cjk(fig)  # the language is English here
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(io.BytesIO(), format="png")
