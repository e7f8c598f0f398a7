"""The static site (`make site`) as files: an index that links every notebook's page, pages that load
nothing from outside the site, no widget manager (each explorer renderer stored once), explorer state within
its budget, stored in the notebooks themselves by this version of the explorers, and a site under 5 MB."""

from __future__ import annotations

import base64
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from lrlab import view
from lrlab.widgets import MAX_STATE_BYTES, renderer

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
STATE = "application/vnd.jupyter.widget-state+json"
VIEW = "application/vnd.jupyter.widget-view+json"
L = view.default_labels()


# ---------------------------------------------------------------- the site as files


class Links(HTMLParser):
    """Every URL a page loads by itself (scripts, styles, images, frames) and every link it offers."""

    def __init__(self):
        super().__init__()
        self.loads, self.links, self.alts, self.cells = [], [], [], {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        for kind in ("jp-CodeCell", "jp-MarkdownCell"):
            if tag == "div" and kind in classes and "jp-Cell" in classes:
                self.cells[kind] = self.cells.get(kind, 0) + 1
        if tag == "img":
            self.alts.append(a.get("alt"))
        if tag in ("script", "img", "iframe", "source", "audio", "video") and a.get("src"):
            self.loads.append(a["src"])
        if tag == "link" and a.get("href"):
            self.loads.append(a["href"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])


def parse(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def stored_notebooks():
    return [p for p in sorted(NOTEBOOKS.rglob("*.ipynb")) if ".ipynb_checkpoints" not in p.parts]


def test_the_index_links_every_notebook_and_every_page_exists(site):
    folder, report = site
    pages = {p["page"] for p in report["pages"]}
    assert {p.relative_to(NOTEBOOKS).with_suffix(".html").as_posix() for p in stored_notebooks()} == pages
    links = parse(folder / "index.html").links
    assert sorted(link for link in links if link.endswith(".html")) == sorted(pages)
    for link in links:
        assert (folder / link).is_file(), link
    for page in pages:
        assert (folder / page).stat().st_size > 10_000, page


def test_every_page_shows_every_cell_with_its_outputs_as_stored(site):
    folder, report = site
    for entry in report["pages"]:
        nb = nbformat.read(NOTEBOOKS / entry["notebook"], as_version=4)
        page = parse(folder / entry["page"])
        text = (folder / entry["page"]).read_text(encoding="utf-8")
        assert page.cells.get("jp-CodeCell", 0) == sum(c.cell_type == "code" for c in nb.cells), entry["page"]
        assert page.cells.get("jp-MarkdownCell", 0) == sum(c.cell_type == "markdown" for c in nb.cells)
        pngs = [
            o["data"]["image/png"]
            for c in nb.cells
            if c.cell_type == "code"
            for o in c.get("outputs", [])
            if "image/png" in o.get("data", {})
        ]
        pictures = [src for src in page.loads if src.endswith(".png")]
        assert len(page.alts) == len(pngs) == len(pictures), entry["page"]
        for stored, src in zip(pngs, pictures, strict=True):  # the same picture, as its own file
            assert _size(base64.b64decode(stored)) == _size((folder / entry["page"]).parent.joinpath(src).read_bytes())
        views = sum(VIEW in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
        assert text.count(f'type="{VIEW}"') == views == entry["explorers"], entry["page"]


def _size(png: bytes) -> tuple[int, int]:
    from io import BytesIO

    from PIL import Image

    with Image.open(BytesIO(png)) as picture:
        return picture.size


def test_every_page_loads_only_files_of_the_site_itself(site):
    folder, _ = site
    pages = sorted(folder.rglob("*.html"))
    assert pages
    for page in pages:
        for url in parse(page).loads:
            assert not re.match(r"^([a-z]+:)?//", url, re.I), f"{page.name} loads {url} from outside the site"
            if url.startswith("data:"):
                continue
            assert (page.parent / url.split("?")[0]).resolve().is_file(), f"{page.name}: {url} is not in the site"
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"""import\(\s*["']https?://""", text), page.name


def test_every_picture_has_the_notebook_description_as_alt_text(site):
    """The notebooks describe each picture in the italic paragraph before it; the page gives that text
    to the image (not nbconvert's "No description has been provided for this image")."""
    folder, report = site
    for entry in report["pages"]:
        alts = parse(folder / entry["page"]).alts
        assert alts, entry["page"]
        for alt in alts:
            assert alt and len(alt) > 40 and "No description has been provided" not in alt, (entry["page"], alt)
        assert entry["pictures_without_alt"] == 0


def test_no_widget_manager_and_each_renderer_stored_once(site):
    """The pages start their explorers with the site's own small script; an explorer renderer is a file of its
    own, loaded by every page that needs it, and the pages' stored state names it instead of repeating it."""
    folder, report = site
    static = folder / "static"
    assert not list(static.rglob("embed-amd.js")) and not list(static.rglob("require.js"))
    assert (static / "site.js").stat().st_size < 10_000
    renderers = {p.name: p.read_text(encoding="utf-8") for p in static.glob("renderer-*.js")}
    assert 1 <= len(renderers) == len(set(renderers.values()))  # each renderer once
    assert [n for n, text in renderers.items() if json.dumps(renderer()) in text]  # lrlab.widgets' own among them
    for entry in report["pages"]:
        text = (folder / entry["page"]).read_text(encoding="utf-8")
        used = [n for n in renderers if "static/" + n in text]
        assert bool(used) == bool(entry["explorers"]), entry["page"]
        assert "export default" not in text  # no renderer inside the page


def test_every_explorer_state_fits_the_budget(site):
    """The state each explorer stores (its view model; base64 buffers) stays within 50 KB."""
    _, report = site
    explorers = [s for p in report["pages"] for s in p["widget_state"]]
    assert len(explorers) >= sum(p["explorers"] for p in report["pages"]) > 0
    for s in explorers:
        assert 0 < s["state_bytes"] <= MAX_STATE_BYTES, s


def test_the_whole_site_stays_under_five_megabytes(site, builder):
    folder, report = site
    on_disk = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())  # the report itself included
    assert report["site_bytes"] <= on_disk <= builder.MAX_SITE_BYTES == 5_000_000


@pytest.mark.parametrize("path", stored_notebooks(), ids=lambda p: p.name)
def test_stored_notebooks_hold_the_state_of_every_explorer_they_show(path):
    nb = nbformat.read(path, as_version=4)
    shown = [
        o["data"][VIEW]["model_id"]
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if VIEW in o.get("data", {})
    ]
    state = nb.metadata.get("widgets", {}).get(STATE, {}).get("state", {})
    assert [m for m in shown if m not in state] == []
    for model in state.values():
        raw = sum(len(base64.b64decode(b["data"])) for b in model.get("buffers", []))
        assert raw <= MAX_STATE_BYTES


@pytest.mark.parametrize("path", stored_notebooks(), ids=lambda p: p.name)
def test_stored_explorers_were_made_by_these_explorers(path, builder):
    """Each explorer a notebook stores carries the renderer of this lrlab (`make notebooks` after changing the
    explorers), so the site and a viewer of the stored notebook show what lrlab shows now."""
    assert builder.stale_state(nbformat.read(path, as_version=4)) == []
