"""The static site in Chromium, used as a student would: served by a plain `python -m http.server`, every
request outside that server blocked, on a projector (1280 × 720) and on a phone (360 × 740). Every control of
every explorer is used with no kernel: the picture must change and never be blank, and the readout must say
what lrlab computes for the knobs on show."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from harness import READ, expected_readout, explorers, ink, layout, operate_every_control, positions, readout, view_of

pytestmark = pytest.mark.browser


def open_page(page, url: str, count: int):
    page.goto(url)
    page.wait_for_load_state("load")
    if count:
        page.wait_for_function("(n) => document.querySelectorAll('.lrlab-explorer canvas').length >= n", arg=count)


def check_layout(page, ex, width: int):
    """Nothing scrolls sideways, every text is at least 12 px and readable (4.5:1), the picture is drawn."""
    got = layout(ex)
    assert got["page"] <= got["window"] and got["overflow"] <= 1 and got["right"] <= got["window"] + 1, got
    assert [t for t in got["texts"] if t["size"] < 12] == [], got["texts"]
    assert [t for t in got["texts"] if t["contrast"] < 4.5] == [], got["texts"]
    panels = len(re.findall(r'"w":', ex.locator('canvas[role="img"]').get_attribute("data-panels")))
    if width < 500 and panels > 1:  # on a phone the panels stand one above the other
        assert got["canvasHeight"] >= panels * 200, got


def test_every_control_of_every_explorer_answers_with_no_kernel(site, server, offline_page):
    _, report = site
    page = offline_page
    width = page.viewport_size["width"]
    kinds = []
    for entry in report["pages"]:
        open_page(page, server + entry["page"], entry["explorers"])
        found = explorers(page)
        assert found.count() == entry["explorers"], entry["page"]
        for n in range(found.count()):
            ex = found.nth(n)
            ex.scroll_into_view_if_needed()
            view = view_of(page, ex)
            kinds.append(view["kind"])
            assert operate_every_control(page, ex, view, play=width > 500) >= 2
            check_layout(page, ex, width)
        assert page.console_errors == [] and page.failed == [] and page.blocked == [], entry["page"]
    assert {"rate", "decay", "map", "noise"} <= set(kinds)


def test_a_link_opens_the_explorer_where_it_was_left(site, server, offline_page):
    """The knobs' positions are kept in the address: a link with them opens the explorer there, and moving a
    knob updates the address."""
    _, report = site
    entry = next(e for e in report["pages"] if e["page"] == "02_exponential_decay.html")
    page = offline_page
    open_page(page, f"{server}{entry['page']}#eta=0.5&gamma=0.95&s=3&staircase=1&step=12", 1)
    ex = explorers(page).first
    view = view_of(page, ex)
    pos = positions(ex)
    assert view["rates"][pos["index"]] == 0.5 and view["decay_rates"][pos["decay_index"]] == 0.95
    assert view["decay_steps_options"][pos["decay_steps_index"]] == 3 and pos["staircase"] and pos["step"] == 12
    assert readout(ex) == expected_readout(view, pos)
    assert ex.locator(".lrlab-note").is_hidden()
    box = ex.locator('input[data-trait="decay_index"]')
    box.focus()
    box.press("ArrowRight")
    page.wait_for_function("() => location.hash.includes('gamma=0.955')")
    link = page.url
    page.goto("about:blank")
    open_page(page, link, 1)
    assert positions(explorers(page).first) == pos | {"decay_index": pos["decay_index"] + 1}
    assert page.console_errors == [] and page.blocked == []


def test_a_wrong_or_hostile_link_is_ignored_and_says_so(site, server, offline_page):
    _, report = site
    entry = next(e for e in report["pages"] if e["page"] == "02_exponential_decay.html")
    page = offline_page
    open_page(page, server + entry["page"], 1)
    stored = positions(explorers(page).first)
    hostile = quote("<img src=x onerror=alert(1)>")
    page.goto(f"{server}{entry['page']}#eta={hostile}&gamma=0.777&step=99999&nonsense=1")
    page.reload()  # a new hash alone does not load the page again
    open_page(page, page.url, 1)
    ex = explorers(page).first
    assert positions(ex) == stored  # nothing was taken from the link
    note = ex.locator(".lrlab-note")
    assert note.is_visible()
    text = note.inner_text()
    assert "gamma=0.777" in text and "step=99999" in text and "nonsense=1" in text and "<img" in text
    assert ex.locator(".lrlab-note img").count() == 0 and page.dialogs == []  # shown as text, never run
    assert ink(ex) > 2000 and page.console_errors == []


def test_larger_text_makes_every_text_larger(site, server, offline_page):
    _, report = site
    page = offline_page
    entry = report["pages"][0]
    open_page(page, server + entry["page"], entry["explorers"])
    ex = explorers(page).first
    before = {t["text"]: t["size"] for t in layout(ex)["texts"]}
    ex.locator(".lrlab-larger").click()
    after = {t["text"]: t["size"] for t in layout(ex)["texts"]}
    assert ex.locator(".lrlab-larger").get_attribute("aria-pressed") == "true"
    assert all(after[t] >= 1.3 * before[t] for t in before if t in after), (before, after)


def test_the_index_opens_offline_and_leads_to_every_page(site, server, offline_page):
    _, report = site
    page = offline_page
    page.goto(server + "index.html")
    for entry in report["pages"]:
        link = page.get_by_role("link", name=entry["title"], exact=True)
        assert link.get_attribute("href") == entry["page"]
    page.get_by_role("link", name=report["pages"][0]["title"], exact=True).click()
    page.wait_for_load_state("load")
    assert page.url == server + report["pages"][0]["page"]
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert page.console_errors == [] and page.failed == [] and page.blocked == []


def test_pages_work_opened_from_a_folder_with_no_server(site, browser):
    """A USB stick on a projector laptop: the pages opened as files (file://), nothing else reachable.
    Every explorer draws, and a knob changes the picture and the readout to lrlab's numbers."""
    folder, report = site
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    blocked, errors = [], []

    def route(r):
        if r.request.url.startswith(("file://", "data:", "blob:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    try:
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
        for entry in report["pages"]:
            if not entry["explorers"]:
                continue
            open_page(page, (folder / entry["page"]).as_uri(), entry["explorers"])
            ex = explorers(page).first
            assert ink(ex) > 2000
            view = view_of(page, ex)
            box = ex.locator("input[data-trait]").first
            box.focus()
            box.press("Home")
            if view["kind"] in READ:
                assert readout(ex) == expected_readout(view, positions(ex))
        assert errors == [] and blocked == []
    finally:
        context.close()
