"""The static site (`make site`) as files: an index that links every notebook's page, pages that load
nothing from outside the site, the front end that matches the Python packages, and explorer state within
its budget, stored in the notebooks themselves."""

from __future__ import annotations

import base64
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from lrlab import view
from lrlab.widgets import MAX_STATE_BYTES

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
        assert len(page.alts) == len(pngs) and all(png.strip()[:200] in text for png in pngs), entry["page"]
        views = sum(VIEW in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
        assert text.count(f'type="{VIEW}"') == views == entry["explorers"], entry["page"]


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


def test_the_site_ships_the_front_end_that_matches_the_python_packages(site, builder):
    """anywidget's npm front end is the version of the Python anywidget, and the widget manager is the
    html-manager built on the same @jupyter-widgets packages as the JupyterLab manager installed here."""
    import importlib.metadata

    folder, _ = site
    assert builder.NPM["anywidget"][0] == importlib.metadata.version("anywidget")
    lab_manager = (
        json.loads(
            (ROOT / ".venv/share/jupyter/labextensions/@jupyter-widgets/jupyterlab-manager/package.json").read_text()
        )
        if (ROOT / ".venv").exists()
        else None
    )
    html_manager = folder / "static" / "widgets" / "embed-amd.js"
    assert html_manager.stat().st_size > 1_000_000
    anywidget_js = (folder / "static" / "widgets" / "anywidget.js").read_text()
    assert 'define(["@jupyter-widgets/base"]' in anywidget_js  # an AMD module the manager's require.js can load
    if lab_manager is not None:
        deps = lab_manager["dependencies"]
        assert deps["@jupyter-widgets/base"] == "^6.0.12" and deps["@jupyter-widgets/controls"] == "^5.0.13"


def test_every_explorer_state_fits_the_budget(site):
    """The state each explorer stores (float32 buffers; base64 in the notebook) stays within 2 MB."""
    _, report = site
    explorers = [s for p in report["pages"] for s in p["widget_state"]]
    assert len(explorers) >= sum(p["explorers"] for p in report["pages"]) > 0
    for s in explorers:
        assert 0 < s["buffer_bytes"] <= MAX_STATE_BYTES, s
        assert s["stored_bytes"] <= 2_000_000, s  # as stored in the notebook: base64 buffers + JSON


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
