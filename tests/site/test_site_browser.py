"""The static site in Chromium, used as a student would: served by a plain `python -m http.server`, every
request outside that server blocked, every explorer driven with the keyboard and the mouse. What the page
says (readout, aria-valuetext) is compared with what lrlab computes for the same settings."""

from __future__ import annotations

import json
import re
import time
from decimal import ROUND_HALF_UP, Decimal

import pytest

import lrlab
from lrlab import view
from lrlab.outcomes import OUTCOMES, classify

pytestmark = pytest.mark.browser

STATE = "application/vnd.jupyter.widget-state+json"

JS_PIXELS = """(canvas) => {
  const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let h = 0, ink = 0;
  for (let i = 0; i < d.length; i += 4) { h = (h * 31 + d[i] + 7 * d[i + 1] + 13 * d[i + 2] + 17 * d[i + 3]) | 0; if (d[i + 3]) ink++; }
  return [canvas.width + 'x' + canvas.height + ':' + h, ink];
}"""


def pixels(ex) -> str:
    return ex.locator("canvas").evaluate(JS_PIXELS)[0]


def painted(ex) -> int:
    return ex.locator("canvas").evaluate(JS_PIXELS)[1]


def wait_change(ex, before: str, timeout: float = 5.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = pixels(ex)
        if now != before:
            return now
        time.sleep(0.02)
    raise AssertionError("the explorer's picture did not change")


def control(ex, label: str):
    return ex.get_by_label(label, exact=True)


def value_text(ex, label: str) -> str:
    return control(ex, label).get_attribute("aria-valuetext")


def readout(ex) -> str:
    return ex.locator(".lrlab-readout").inner_text()


def turn(ex, label: str, key: str, times: int = 1) -> None:
    """Press a key on a knob; the picture must change."""
    before = pixels(ex)
    box = control(ex, label)
    box.focus()
    for _ in range(times):
        box.press(key)
    wait_change(ex, before)


def settings(page, ex) -> dict:
    """The settings (not the results) this explorer was made with: its model's stored state, found through
    the widget-view script of its own output (its texts are the explorer's own labels, in any language)."""
    model_id = ex.evaluate("""(el) => JSON.parse(el.closest('.jupyter-widgets')
        .querySelector('script[type="application/vnd.jupyter.widget-view+json"]').textContent).model_id""")
    return json.loads(page.locator(f'script[type="{STATE}"]').first.inner_text())["state"][model_id]["state"]


def fill(template: str, **values) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", str(value))
    return template


def parse(template: str, text: str) -> dict:
    """The values in ``text`` written with ``template`` ("step {step}: w = {w}, …"); fails if it does not fit."""
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(re.escape(part) if n % 2 == 0 else f"(?P<{part}>.+?)" for n, part in enumerate(parts))
    found = re.fullmatch(regex, text)
    assert found, (template, text)
    return found.groupdict()


def same_number(shown: str, value: float) -> bool:
    """The readout's text of a number is lrlab's (lrlab.view.number). A value exactly halfway between two
    6-decimal texts (a float32 such as 73741.8828125) may also be rounded up, as JavaScript's toFixed does."""
    if shown == view.number(value):
        return True
    exact = Decimal(value)
    if abs(value) < 1e6 and (exact * 10**6) % 1 == Decimal("0.5"):
        return shown == str(exact.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP))
    return False


def expect_step(lab: dict, part: str, run, k: int) -> None:
    """One readout part says step k, and lrlab's w and loss at step k."""
    got = parse(lab["readout"], part)
    assert int(got["step"]) == k, part
    assert same_number(got["w"], float(run.w[k])), (part, view.number(float(run.w[k])))
    assert same_number(got["loss"], float(run.loss[k])), (part, view.number(float(run.loss[k])))


def run_loss(st):
    return lrlab.Quadratic(st["a"], st["centre"])


def expect_rate(ex, st):
    lab = st["labels"]
    rate = float(value_text(ex, lab["learning_rate"]))
    k = int(value_text(ex, lab["step"]))
    loss = run_loss(st)
    run = lrlab.descend(rate, steps=st["steps"], loss=loss)
    parts = readout(ex).split(" · ")
    expect_step(lab, parts[0], run, k)
    assert parts[1] == fill(lab["rate_now"], rate=value_text(ex, lab["learning_rate"])), parts
    assert parts[2] == fill(lab["regime"], name=lab["regime:" + lrlab.regime(rate, loss)]), parts


def expect_decay(ex, st, limit: bool = False):
    lab = st["labels"]
    rate = float(value_text(ex, lab["initial_rate"]))
    gamma = float(value_text(ex, lab["decay_rate"]))
    s = float(value_text(ex, lab["decay_steps"]))
    stairs = control(ex, lab["staircase"]).is_checked()
    k = int(value_text(ex, lab["step"]))
    sched = lrlab.exponential_decay(rate, s, gamma, staircase=stairs)
    run = lrlab.descend(sched, steps=st["steps"], loss=run_loss(st))
    parts = readout(ex).split(" · ")
    expect_step(lab, parts[0], run, k)
    assert same_number(parse(lab["rate_used"], parts[1])["rate"], float(run.lr[min(k, run.steps - 1)])), parts
    if limit:  # where w would stop: lrlab's frozen_limit, to 3 decimals
        where = lrlab.frozen_limit(sched, loss=run_loss(st))
        assert parts[2] == fill(lab["limit"], limit=f"{where:.3f}"), parts


def expect_map(ex, st):
    lab = st["labels"]
    i = st["rate_texts"].index(value_text(ex, lab["initial_rate"]))
    j = st["decay_texts"].index(value_text(ex, lab["decay_rate"]))
    rate, gamma = st["learning_rates"][i], st["decay_rates"][j]
    tol = float(parse(lab["map_title"], st["title"])["tol"])  # the map states its tolerance (and horizon)
    # the notebooks' maps decay every step (decay_steps=1), smoothly: the map's own default
    run = lrlab.descend(lrlab.exponential_decay(rate, 1, gamma), steps=st["steps"], loss=run_loss(st))
    parts = readout(ex).split(" · ")
    assert parts[0] == fill(lab["selection"], rate=st["rate_texts"][i], decay=st["decay_texts"][j]), parts
    got = parse(lab["final"], parts[1])
    assert int(got["T"]) == st["steps"] and same_number(got["w"], float(run.w[-1])), parts
    assert parts[2] == fill(lab["outcome"], name=lab["outcome:" + OUTCOMES[int(classify(run, tol))]]), parts
    return i, j


def play_to_the_end(ex, check, st):
    """Play runs: the step advances frame by frame to the last step, then Play is released."""
    step = st["labels"]["step"]
    control(ex, step).focus()
    control(ex, step).press("Home")
    button = ex.locator("button.lrlab-play")
    before = pixels(ex)
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    seen = set()
    deadline = time.monotonic() + 30
    while button.get_attribute("aria-pressed") == "true" and time.monotonic() < deadline:
        seen.add(int(value_text(ex, step)))
        time.sleep(0.05)
    assert button.get_attribute("aria-pressed") == "false"
    assert int(value_text(ex, step)) == st["steps"]
    assert len(seen) >= 5, seen  # it went through frames, not straight to the end
    assert pixels(ex) != before
    check(ex, st)


def drive_rate(page, ex):
    st = settings(page, ex)
    lab = st["labels"]
    expect_rate(ex, st)
    turn(ex, lab["learning_rate"], "ArrowRight", 3)
    expect_rate(ex, st)
    turn(ex, lab["learning_rate"], "ArrowLeft", 7)
    expect_rate(ex, st)
    turn(ex, lab["step"], "ArrowRight", 5)
    expect_rate(ex, st)
    presets = ex.locator(".lrlab-presets button")
    assert presets.count() >= 2
    for n in range(presets.count()):
        button = presets.nth(n)
        if button.get_attribute("aria-pressed") == "true":
            continue
        before = pixels(ex)
        button.click()
        wait_change(ex, before)
        assert button.get_attribute("aria-pressed") == "true"
        assert value_text(ex, lab["learning_rate"]) == button.inner_text()
        expect_rate(ex, st)
    play_to_the_end(ex, expect_rate, st)


def drive_decay(page, ex):
    st = settings(page, ex)
    lab = st["labels"]
    expect_decay(ex, st, limit=True)
    for label, key, times in (
        (lab["initial_rate"], "ArrowLeft", 4),
        (lab["decay_rate"], "ArrowLeft", 3),
        (lab["step"], "ArrowRight", 6),
        (lab["initial_rate"], "ArrowRight", 9),
        (lab["decay_rate"], "ArrowRight", 2),
    ):
        turn(ex, label, key, times)
        expect_decay(ex, st)
    play_to_the_end(ex, expect_decay, st)
    # Decay steps and staircase need new runs from a kernel, and a static page has none: the picture
    # changes and the readout must never show numbers of other settings (it says it is waiting instead).
    turn(ex, lab["decay_steps"], "ArrowRight", 2)
    if lab["waiting"] not in readout(ex):
        expect_decay(ex, st)
    turn(ex, lab["decay_steps"], "ArrowLeft", 2)  # back to the stored plane: lrlab's numbers again
    expect_decay(ex, st)
    for _ in range(2):
        before = pixels(ex)
        control(ex, lab["staircase"]).click()
        wait_change(ex, before)
        if lab["waiting"] not in readout(ex):
            expect_decay(ex, st)
    expect_decay(ex, st)


def drive_map(page, ex):
    st = settings(page, ex)
    lab = st["labels"]
    expect_map(ex, st)
    turn(ex, lab["initial_rate"], "ArrowDown", 5)
    expect_map(ex, st)
    turn(ex, lab["decay_rate"], "ArrowLeft", 4)
    i0, j0 = expect_map(ex, st)
    # a click on the map picks the point under the mouse
    canvas = ex.locator("canvas")
    box = canvas.bounding_box()
    before = pixels(ex)
    canvas.click(position={"x": box["width"] * 0.2, "y": box["height"] * 0.3})
    wait_change(ex, before)
    assert expect_map(ex, st) != (i0, j0)


def drive_any(page, ex):
    """An explorer kind this file has no lrlab check for yet: every slider and box must still change the
    picture (each tried from the stored settings, then put back), and Play (if any) must run to its end."""
    sliders = ex.locator('input[type="range"]')
    assert sliders.count() > 0
    for n in range(sliders.count()):
        box = sliders.nth(n)
        keys = (
            ("ArrowLeft", "ArrowRight")
            if box.input_value() == box.get_attribute("max")
            else ("ArrowRight", "ArrowLeft")
        )
        for key in keys:
            before = pixels(ex)
            box.focus()
            box.press(key)
            wait_change(ex, before)
    boxes = ex.locator('input[type="checkbox"]')
    for n in range(boxes.count()):
        for _ in range(2):
            before = pixels(ex)
            boxes.nth(n).click()
            wait_change(ex, before)
    play = ex.locator("button.lrlab-play")
    if play.count():
        play.click()
        page.wait_for_function(
            "(b) => b.getAttribute('aria-pressed') === 'false'", arg=play.element_handle(), timeout=60_000
        )


DRIVE = {"rate": drive_rate, "decay": drive_decay, "map": drive_map}


@pytest.mark.browser
def test_every_page_works_offline_and_every_explorer_answers_its_knobs(site, server, offline_page):
    """Each page: every explorer drawn from the stored state with no kernel and no internet; every knob
    changes the picture, Play runs, the readout says lrlab's numbers (for the learning-rate, decay and map
    explorers; a newer kind gets the knob and Play checks only); nothing fails, nothing is fetched from
    outside, nothing is logged as an error."""
    _, report = site
    page = offline_page
    kinds_seen = []
    for entry in report["pages"]:
        page.goto(server + entry["page"])
        page.wait_for_load_state("load")
        n = entry["explorers"]
        explorers = page.locator(".lrlab-explorer")
        if n:
            page.wait_for_function("(n) => document.querySelectorAll('.lrlab-explorer canvas').length >= n", arg=n)
        assert explorers.count() == n, entry["page"]
        page.wait_for_function(
            "() => !!document.querySelector('mjx-container') || !document.body.textContent.includes('$')"
        )
        for index in range(n):
            ex = explorers.nth(index)
            kind = re.search(r"lrlab-kind-(\S+)", ex.get_attribute("class"))[1]
            kinds_seen.append(kind)
            ex.scroll_into_view_if_needed()
            assert painted(ex) > 2000, f"{entry['page']}: the {kind} explorer's canvas is blank"
            DRIVE.get(kind, drive_any)(page, ex)
        assert page.console_errors == [], entry["page"]
        assert page.failed == [], entry["page"]
        assert page.blocked == [], entry["page"]
    assert kinds_seen, "no explorer on any page"


@pytest.mark.browser
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
    assert page.console_errors == [] and page.failed == [] and page.blocked == []


def test_pages_work_opened_from_a_folder_with_no_server(site, browser):
    """A USB stick on a projector laptop: the pages opened as files (file://), nothing else reachable.
    Every explorer draws, a knob changes the picture and the readout says lrlab's numbers."""
    folder, report = site
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    blocked, errors = [], []

    def route(r):
        if r.request.url.startswith("file://"):
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
            page.goto((folder / entry["page"]).as_uri())
            page.wait_for_function(
                "(n) => document.querySelectorAll('.lrlab-explorer canvas').length >= n",
                arg=entry["explorers"],
                timeout=30_000,
            )
            ex = page.locator(".lrlab-explorer").first
            kind = re.search(r"lrlab-kind-(\S+)", ex.get_attribute("class"))[1]
            assert painted(ex) > 2000
            if kind not in DRIVE:
                drive_any(page, ex)
                continue
            st = settings(page, ex)
            knob = st["labels"]["learning_rate" if kind == "rate" else "initial_rate"]
            turn(ex, knob, "ArrowLeft", 2)
            {"rate": expect_rate, "decay": expect_decay, "map": expect_map}[kind](ex, st)
        assert errors == [] and blocked == []
    finally:
        context.close()
