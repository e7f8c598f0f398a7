"""The Chinese twins in a real JupyterLab and in Voila: every explorer's visible text is Chinese.

Each test opens a notebook of notebooks/zh/, runs every cell, and reads what a person (or a screen reader)
gets from each explorer: its visible text (labels, readouts, status, buttons), and the aria-label,
aria-valuetext and title attributes. No English word may be left: only symbols, numbers and the few
Latin words whitelisted below.
"""

from __future__ import annotations

import json
import re

import pytest
from harness import ROOT, ink, open_notebook, problems, run_all

from lrlab import i18n

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
        if re.search(r"\b(LearningRateExplorer|DecayExplorer|ScheduleMap|QuickExplorer|NoiseExplorer)\(", code):
            names.append(path.name)
    return names


NAMES = _explorer_notebooks()


def _noise_labels_hooked() -> bool:
    """Whether the noise explorer's own labels (lrlab.view_noise, not ZHLIB's file) follow the language yet."""
    from lrlab import view_noise

    with i18n.language("zh"):
        return view_noise.check_labels(None)["noise"] == i18n.CATALOGUE["zh"]["noise:noise"]


def _params():
    """One per notebook; the one with the noise explorer is a known failure until view_noise reads the catalogue
    (the one-line hook is in /work/coord/notes_ZHLIB.md): strict, so it is reported as fixed once it is."""
    for name in NAMES:
        code = (ZH / name).read_text()
        if "NoiseExplorer(" in code and not _noise_labels_hooked():
            reason = "the noise explorer's labels are English until lrlab.view_noise reads lrlab.i18n"
            yield pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=reason))
        else:
            yield name


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


def _all_explorers(page):
    """Every explorer of the family on the page (rate, decay, map, noise, …)."""
    found = page.locator(".lrlab-explorer")
    for n in range(found.count()):
        yield found.nth(n)


def _check_explorer(ex) -> list[str]:
    ex.scroll_into_view_if_needed()
    assert ink(ex) > 2000, "the explorer's canvas is blank"
    texts = ex.evaluate(JS_TEXTS)
    assert any(re.search(r"[\u4e00-\u9fff]", t) for t in texts), texts  # it does speak Chinese
    assert not english_words(texts), (english_words(texts), texts)
    play = ex.locator(".lrlab-play")
    if play.count():  # Play turns into Pause: that text too
        assert play.text_content().strip().endswith(i18n.CATALOGUE["zh"]["play"])  # "▶ 播放"
        play.click()
        assert play.text_content().strip().endswith(i18n.CATALOGUE["zh"]["pause"])
        assert not english_words([play.text_content(), play.get_attribute("aria-label") or ""])
        play.click()
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


@pytest.mark.parametrize("name", list(_params()))
def test_jupyterlab_chinese_explorers_have_no_english(page, lab, name):
    open_notebook(page, lab, f"zh/{name}")
    run_all(page)
    page.wait_for_selector(".lrlab-explorer", timeout=30_000)
    page.wait_for_timeout(300)
    assert problems(page) == []
    found = list(_all_explorers(page))
    assert found
    for ex in found:
        _check_explorer(ex)
    assert page.console_errors == []


@pytest.fixture(scope="module")
def voila_zh(chromium_path):
    from harness import voila_server

    with voila_server(ZH) as url:
        yield url


@pytest.mark.parametrize("name", list(_params()))
def test_voila_chinese_explorers_have_no_english(browser, voila_zh, name):
    pg = browser.new_page(viewport={"width": 1280, "height": 800})
    errors = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        pg.goto(f"{voila_zh}/voila/render/{name}", timeout=120_000)
        pg.wait_for_selector(".lrlab-explorer", timeout=120_000)
        found = list(_all_explorers(pg))
        assert found
        for ex in found:
            _check_explorer(ex)
        assert "Error displaying widget" not in pg.inner_text("body")
        assert not [e for e in errors if "lrlab" in e or "anywidget" in e or "widget" in e.lower()]
    finally:
        pg.close()
