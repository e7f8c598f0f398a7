"""The Chinese twins in a real JupyterLab and in Voila: every explorer's visible text is Chinese, and every
control works as in English.

Each test opens a notebook of notebooks/zh/, runs every cell, and reads what a person (or a screen reader)
gets from each explorer: its visible text (labels, readouts, status, buttons), and the aria-label,
aria-valuetext and title attributes. No English word may be left: only symbols, numbers and the few
Latin symbols allowed below (each with its reason). Then every control is used: the picture changes and the Chinese readout says
lrlab's numbers.
"""

from __future__ import annotations

import json
import re

import pytest
from harness import ROOT, ink, open_notebook, operate_every_control, problems, run_all

from lrlab import i18n, widgets

ZH = ROOT / "notebooks" / "zh"

#: Latin words an explorer may show in Chinese: "tol" (the tolerance's symbol, shown as 容差 tol) and w
#: (the parameter; single letters never count as words here, symbols like η, γ, f″ are not Latin).
ALLOWED = {"tol"}
WORD = re.compile(r"[A-Za-z][A-Za-z_]+")


def _explorer_notebooks() -> list[str]:
    """The Chinese notebooks whose code makes an explorer."""
    names = []
    for path in sorted(ZH.glob("*.ipynb")):
        code = "".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code")
        if MAKES.search(code):
            names.append(path.name)
    return names


MAKES = re.compile(r"\b(?:LearningRateExplorer|DecayExplorer|ScheduleMap|NoiseExplorer)\([^)]*\)")
NAMES = _explorer_notebooks()


def chinese_view(name: str) -> dict:
    """The view model of the explorer the Chinese notebook makes, made here in Chinese."""
    code = "".join(
        "".join(c["source"]) for c in json.loads((ZH / name).read_text())["cells"] if c["cell_type"] == "code"
    )
    with i18n.language("zh"):
        return eval(MAKES.search(code)[0], vars(widgets)).view  # noqa: S307 - the notebook's own call


#: Everything an explorer says: visible text, accessible names and values, tooltips, the canvas description.
JS_TEXTS = """(el) => {
  const out = [el.innerText];
  for (const node of [el, ...el.querySelectorAll('*')]) {
    for (const attr of ['aria-label', 'aria-valuetext', 'title', 'placeholder', 'alt']) {
      const v = node.getAttribute(attr);
      if (v) out.push(v);
    }
    if (node.tagName === 'OPTION' || node.tagName === 'BUTTON') out.push(node.textContent);
  }
  return out;
}"""


def english_words(texts: list[str]) -> set[str]:
    return {w for t in texts for w in WORD.findall(t)} - ALLOWED


def _check_explorer(page, ex, name: str, play: bool) -> list[str]:
    """Chinese throughout (the note of a link and the larger-text button too), then every control works."""
    ex.scroll_into_view_if_needed()
    assert ink(ex) > 2000, "the explorer's canvas is blank"
    texts = ex.evaluate(JS_TEXTS)
    assert any(re.search(r"[\u4e00-\u9fff]", t) for t in texts), texts  # it does speak Chinese
    assert not english_words(texts), (english_words(texts), texts)
    button = ex.locator(".lrlab-play")
    if button.count():  # Play and Pause: both words are Chinese, the one on show follows the state
        shown = button.evaluate(
            "(b) => [...b.querySelectorAll('.lrlab-play-text')].filter((s) => getComputedStyle(s).visibility === 'visible')"
            ".map((s) => s.textContent)"
        )
        assert shown == [i18n.CATALOGUE["zh"]["play"]]
    assert operate_every_control(page, ex, chinese_view(name), play=play) >= 2
    assert not english_words(ex.evaluate(JS_TEXTS))
    return texts


def test_the_word_filter_catches_english():
    """The check can fail: the English labels are caught, the Chinese ones pass."""
    en = [v for k, v in i18n.CATALOGUE["en"].items() if k in i18n.LABEL_KEYS]
    zh = [v for k, v in i18n.CATALOGUE["zh"].items() if k in i18n.LABEL_KEYS]
    assert {"learning", "rate", "Play", "step"} <= english_words(en)
    assert english_words([re.sub(r"\{\w+\}", "", t) for t in zh]) == set()


def test_every_chinese_notebook_with_an_explorer_is_tested():
    english = [p.name for p in sorted((ROOT / "notebooks").glob("*.ipynb"))]
    assert NAMES and set(NAMES) <= set(english)


@pytest.mark.parametrize("name", NAMES)
def test_jupyterlab_chinese_explorers_speak_chinese_and_answer_every_control(page, lab, name):
    open_notebook(page, lab, f"zh/{name}")
    run_all(page, timeout=240_000)
    page.wait_for_selector(".lrlab-explorer", timeout=30_000)
    page.wait_for_timeout(300)
    assert problems(page) == []
    _check_explorer(page, page.locator(".lrlab-explorer").first, name, play=True)
    assert page.console_errors == []


@pytest.fixture(scope="module")
def voila_zh(chromium_path):
    from harness import voila_server

    with voila_server(ZH) as url:
        yield url


@pytest.mark.parametrize("name", NAMES)
def test_voila_chinese_explorers_speak_chinese_and_answer_every_control(browser, voila_zh, name):
    pg = browser.new_page(viewport={"width": 1280, "height": 800})
    errors = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        pg.goto(f"{voila_zh}/voila/render/{name}", timeout=120_000)
        pg.wait_for_selector(".lrlab-explorer canvas", timeout=120_000)
        _check_explorer(pg, pg.locator(".lrlab-explorer").first, name, play=False)
        assert "Error displaying widget" not in pg.inner_text("body")
        assert not [e for e in errors if "lrlab" in e or "anywidget" in e or "widget" in e.lower()]
    finally:
        pg.close()
