"""Build the static site: one HTML page per notebook, an index, and every file the explorers need.

    python tools/build_site.py                  # what `make site` runs: site/ from notebooks/
    python tools/build_site.py --out DIR        # somewhere else (the site test builds into a temporary folder)
    python tools/build_site.py --execute-missing   # run a notebook whose stored widget state is missing or old

The pages are nbconvert's "lab" HTML of the stored notebooks (code cells shown, outputs as stored) with
their stored widget state. Every explorer works in the browser with no kernel: it computes its runs itself
(lrlab/static/descent.js), so the page only has to hand it its stored state. A small script of the site
(site_assets/site.js) does that; no widget manager is shipped. Nothing is loaded from the internet when a page
is viewed: MathJax 3 is copied into site/static/, fetched at build time from the npm registry with `npm pack`
(its sha512 checked against the pin below) into a git-ignored cache, build/site-npm/, so later builds work
offline. JupyterLab's stylesheets are one shared file; each picture is a file of its own (a PNG with at most
256 colours); each explorer renderer is stored once. The whole site stays under 5 MB (the report says how much).

The pages use the widget state `make notebooks` stores in each notebook. A notebook that shows an explorer
without its state (saved from JupyterLab, which can drop it; or not re-run), or with the state of another
version of lrlab's explorers, is an error: run `make notebooks`. With --execute-missing the builder runs such
a notebook into a temporary copy instead.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import importlib.metadata
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS = Path(__file__).resolve().parent / "site_assets"
STATE = "application/vnd.jupyter.widget-state+json"
VIEW = "application/vnd.jupyter.widget-view+json"

#: npm packages copied into the site: version and the registry's sha512 integrity of the tarball.
NPM = {
    "mathjax": (
        "3.2.2",
        "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
    ),
}

#: Widget models a page may store: anywidget models (lrlab's explorers, drawn by site.js) and the layout
#: models ipywidgets stores beside them (nothing to draw).
RENDERED = "anywidget"
IGNORED = {("@jupyter-widgets/base", "LayoutModel")}

#: The most bytes the whole site may take (fonts, MathJax, pictures and pages included).
MAX_SITE_BYTES = 5_000_000

TEXTS = {
    "en": {
        "title": "lrlab: the learning rate in gradient descent",
        "back": "← all notebooks",
        "heading": "Notebooks",
        "lead": "The course notebooks as web pages. Move the sliders, press Play, click the map: every explorer "
        "computes its runs in your browser, with no Python and no internet. The address keeps the knobs' "
        "positions, so a link opens an explorer where you left it.",
        "lang": "English",
    },
    "zh": {
        "title": "lrlab：梯度下降中的学习率",
        "back": "← 全部笔记本",
        "heading": "笔记本",
        "lead": "课程笔记本的网页版。拖动滑块、按下播放、点击结果图：每个交互图都在浏览器中自己计算，无需 Python，"
        "也无需联网。网址会记下滑块的位置，把链接发给别人，打开时就是同样的设置。",
        "lang": "中文",
    },
}


class SiteError(RuntimeError):
    """The site cannot be built as asked (the message says why)."""


# ------------------------------------------------------------------ npm packages, cached


def npm_tarball(name: str, cache: Path) -> Path:
    """The npm tarball of ``name`` at its pinned version: from the cache, else `npm pack` from the registry."""
    version, integrity = NPM[name]
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / (name.lstrip("@").replace("/", "-") + f"-{version}.tgz")
    if not path.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise SiteError(f"{path.name} is not in {cache} and there is no `npm` to fetch it (install Node.js/npm)")
        with tempfile.TemporaryDirectory(dir=cache) as tmp:
            done = subprocess.run(
                [npm, "pack", f"{name}@{version}", "--pack-destination", tmp, "--silent"],
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            got = list(Path(tmp).glob("*.tgz"))
            if done.returncode or len(got) != 1:
                raise SiteError(f"`npm pack {name}@{version}` failed: {done.stderr.strip()[-500:]}")
            check_integrity(got[0], integrity)
            got[0].replace(path)
    check_integrity(path, integrity)
    return path


def check_integrity(path: Path, integrity: str) -> None:
    algo, _, want = integrity.partition("-")
    have = base64.b64encode(hashlib.new(algo, path.read_bytes()).digest()).decode()
    if have != want:
        raise SiteError(
            f"{path} does not match its pinned {algo} ({have[:16]}… ≠ {want[:16]}…): delete it and build again"
        )


def extract(tarball: Path, members: dict[str, str], out: Path) -> int:
    """Copy files from an npm tarball: {glob inside the package: folder under out}. Returns bytes written."""
    import fnmatch

    total = 0
    with tarfile.open(tarball) as tar:
        for pattern, dest in members.items():
            hits = [m for m in tar.getmembers() if m.isfile() and fnmatch.fnmatch(m.name, "package/" + pattern)]
            if not hits:
                raise SiteError(f"{tarball.name} has no file matching {pattern}")
            for m in hits:
                target = out / dest / Path(m.name).name
                target.parent.mkdir(parents=True, exist_ok=True)
                data = tar.extractfile(m).read()
                target.write_bytes(data)
                total += len(data)
    return total


def copy_static(static: Path, cache: Path) -> None:
    """What every page shares: MathJax 3 and its fonts, JupyterLab's stylesheets with the site's own rules,
    the script that starts the explorers, and the licences of what the site redistributes."""
    fonts = "output/chtml/fonts/woff-v2"
    extract(
        npm_tarball("mathjax", cache),
        {"es5/tex-chtml-full.js": "mathjax", f"es5/{fonts}/*.woff": f"mathjax/{fonts}"},
        static,
    )
    lab = nbconvert_lab_static()
    css = [(lab / name).read_text(encoding="utf-8") for name in ("index.css", "theme-light.css")]
    css.append((ASSETS / "site.css").read_text(encoding="utf-8"))
    (static / "lab.css").write_text("\n".join(css), encoding="utf-8")
    shutil.copy(ASSETS / "site.js", static / "site.js")
    licences = static / "licenses"
    extract(npm_tarball("mathjax", cache), {"LICENSE": "licenses"}, static)
    (licences / "LICENSE").rename(licences / "mathjax-LICENSE.txt")
    lines = ["Third-party files in this folder (static/):", ""]
    lines.append(f"- mathjax {NPM['mathjax'][0]} (fetched from the npm registry): Apache-2.0")
    lines.append(
        "- lab.css: the stylesheets of nbconvert's lab template (JupyterLab's): BSD-3-Clause (Jupyter Project)"
    )
    (licences / "README.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def nbconvert_lab_static() -> Path:
    """The folder of nbconvert's "lab" template stylesheets."""
    from jupyter_core.paths import jupyter_path

    for root in jupyter_path("nbconvert", "templates", "lab", "static"):
        if (Path(root) / "index.css").is_file():
            return Path(root)
    raise SiteError("nbconvert's lab template (index.css) is not installed")


# ------------------------------------------------------------------ notebooks


@dataclass
class Page:
    source: Path
    lang: str
    title: str
    summary: str
    href: str  # relative to the site's root
    executed: bool = False
    explorers: int = 0


def language(path: Path, notebooks: Path) -> str:
    """ "zh" for a Chinese notebook (in a zh/ folder, or named *.zh.ipynb / *_zh.ipynb), else "en"."""
    rel = path.relative_to(notebooks)
    if "zh" in rel.parts[:-1] or re.search(r"[._-]zh$", path.stem):
        return "zh"
    return "en"


def find_notebooks(notebooks: Path) -> list[Path]:
    found = [p for p in sorted(notebooks.rglob("*.ipynb")) if ".ipynb_checkpoints" not in p.parts]
    if not found:
        raise SiteError(f"no notebooks in {notebooks}")
    return found


def widget_views(nb) -> list[str]:
    return [
        out["data"][VIEW]["model_id"]
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if VIEW in out.get("data", {})
    ]


def missing_state(nb) -> list[str]:
    """The model ids shown by the notebook's outputs that its stored widget state does not hold."""
    state = nb.metadata.get("widgets", {}).get(STATE, {}).get("state", {})
    return [m for m in widget_views(nb) if m not in state]


def execute_copy(nb, folder: Path):
    """Execute a copy of the notebook (kernel in its folder) and keep the widget state."""
    import copy

    from nbclient import NotebookClient

    nb = copy.deepcopy(nb)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", store_widget_state=True, resources={"metadata": {"path": str(folder)}}
    ).execute()
    return nb


def check_modules(nb, name: str) -> None:
    """Every stored widget model must be one the site can show: an anywidget model (an explorer) or a layout."""
    for model_id, model in nb.metadata.get("widgets", {}).get(STATE, {}).get("state", {}).items():
        module = model.get("model_module")
        if module != RENDERED and (module, model.get("model_name")) not in IGNORED:
            raise SiteError(
                f"{name}: widget {model_id} is {module} {model.get('model_name')}, which the site cannot show"
            )


def stale_state(nb) -> list[str]:
    """The model ids of lrlab explorers stored with another renderer than this lrlab's (the notebook was run with
    another version: its state is not what this renderer reads)."""
    from lrlab.widgets import optimizer_renderer, renderer

    current = {renderer(), optimizer_renderer()}  # the scaffold, and the scaffold with the optimizer kind added
    return [
        model_id
        for model_id, model in nb.metadata.get("widgets", {}).get(STATE, {}).get("state", {}).items()
        if model.get("state", {}).get("_anywidget_id", "").startswith("lrlab.")
        and model["state"].get("_esm") not in current
    ]


def share_renderers(nb, static: Path) -> list[str]:
    """Store each explorer renderer once: static/renderer-<hash>.js holds its source (a classic script, so pages
    opened from a folder can load it), and the page's state names it by that hash instead of repeating it.
    Returns the files the page loads."""
    files = []
    for model in nb.metadata.get("widgets", {}).get(STATE, {}).get("state", {}).values():
        source = model.get("state", {}).get("_esm")
        if model.get("model_module") != RENDERED or not source:
            continue
        key = hashlib.sha256(source.encode()).hexdigest()[:16]
        name = f"renderer-{key}.js"
        if not (static / name).exists():
            script = (
                f"(window.LRLAB_RENDERERS = window.LRLAB_RENDERERS || {{}})[{json.dumps(key)}] = {json.dumps(source)};"
            )
            (static / name).write_text(script + "\n", encoding="utf-8")
        model["state"]["_esm"] = key
        if name not in files:
            files.append(name)
    return files


def write_pictures(nb, folder: Path, up: str) -> int:
    """Write each PNG picture to folder/<hash>.png (at most 256 colours: a plot needs no more) and point its
    output there (``up``: the page's way back to the site's root). Returns the bytes written."""
    import io

    from PIL import Image

    total = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = out.get("data", {})
            if "image/png" not in data:
                continue
            raw = base64.b64decode(data["image/png"])
            name = hashlib.sha256(raw).hexdigest()[:16] + ".png"
            target = folder / name
            if not target.exists():
                picture = Image.open(io.BytesIO(raw))
                if picture.mode != "P" or "transparency" in picture.info:  # lrlab's own PNGs are opaque palettes
                    picture = picture.convert("RGBA")
                    flat = Image.new("RGB", picture.size, "white")
                    flat.paste(picture, mask=picture.getchannel("A"))
                    buffer = io.BytesIO()
                    flat.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
                        buffer, "PNG", optimize=True
                    )
                    raw = buffer.getvalue()
                folder.mkdir(parents=True, exist_ok=True)
                target.write_bytes(raw)
                total += target.stat().st_size
            out.setdefault("metadata", {}).setdefault("image/png", {})["src"] = f"{up}{folder.name}/{name}"
            data["image/png"] = ""  # the page links the file
    return total


def title_and_summary(nb, fallback: str, limit: int = 240) -> tuple[str, str]:
    """The notebook's first "# " heading, and the text after it (about ``limit`` characters, whole sentences
    where possible, never cut inside $…$ math) with markdown's emphasis and code marks removed outside math."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.strip().splitlines()
        if not (lines and lines[0].startswith("# ")):
            continue
        rest = " ".join(line.strip() for line in lines[1:] if line.strip() and not line.startswith("#"))
        pieces = rest.split("$")
        if len(pieces) % 2 == 0:  # an unpaired $: not math after all
            pieces = [rest.replace("$", "")]
        summary = ""
        for n, piece in enumerate(pieces):
            text = piece if n % 2 else re.sub(r"\*+|`", "", piece)
            if n % 2:
                text = f"${text}$"
            if len(summary) + len(text) > limit:
                if not n % 2:  # plain text: cut at a sentence end, else at a word
                    room = text[: limit - len(summary)]
                    end = max(room.rfind(". "), room.rfind("? "), room.rfind("! "))
                    summary += room[: end + 1] if end > 0 else room.rsplit(" ", 1)[0]
                return lines[0][2:].strip(), summary.rstrip() + " …"
            summary += text
        return lines[0][2:].strip(), summary
    return fallback, ""


def describe_pictures(nb) -> int:
    """Give each PNG picture the notebook's description of it as alt text: the italic text (``*…*``) that
    ends the last markdown cell before it (the notebooks put a description before every picture; an
    explorer's cell may stand between the description and its static picture).
    Returns how many pictures have none."""
    before, missing = "", 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            before = cell.source
            continue
        if cell.cell_type != "code":
            continue
        found = re.search(r"(?:^|[^*])\*([^*]+)\*\s*$", before)
        for out in cell.get("outputs", []):
            if "image/png" not in out.get("data", {}):
                continue
            meta = out.setdefault("metadata", {}).setdefault("image/png", {})
            if not meta.get("alt"):
                if found:
                    meta["alt"] = " ".join(found[1].replace("`", "").split())
                else:
                    missing += 1
            before = ""  # a description is used once, by the next picture (even after an explorer's cell)
    return missing


def explorer_sizes(nb) -> list[dict]:
    """Per anywidget in the stored state: its binary buffers (bytes), its stored JSON (bytes), and that JSON
    without the renderer's code and style (the explorer's own state)."""
    sizes = []
    for model_id, model in nb.metadata.get("widgets", {}).get(STATE, {}).get("state", {}).items():
        if model.get("model_module") != "anywidget":
            continue
        raw = sum(len(base64.b64decode(b["data"])) for b in model.get("buffers", []))
        own = {**model, "state": {k: v for k, v in model["state"].items() if k not in ("_esm", "_css")}}
        sizes.append(
            {
                "model_id": model_id,
                "kind": model["state"].get("kind", ""),
                "buffer_bytes": raw,
                "stored_bytes": len(json.dumps(model, ensure_ascii=False).encode()),
                "state_bytes": len(json.dumps(own, ensure_ascii=False).encode()),  # without the renderer and style
            }
        )
    return sizes


# ------------------------------------------------------------------ pages


REMOTE = re.compile(r"""<(?:script|link|img|iframe|source)\b[^>]*?\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)
REMOTE_IMPORT = re.compile(r"""import\(\s*["'](?:https?:)?//""")


def render(nb, page: Page, renderers: list[str]) -> str:
    from nbconvert import HTMLExporter

    up = "../" * page.href.count("/")
    exporter = HTMLExporter(
        template_name="lab",
        template_file="lrlab_site.html.j2",
        extra_template_paths=[str(ASSETS)],
        language_code=page.lang,
    )
    resources = {
        "metadata": {"name": page.title},
        "site": {
            "static": up + "static/",
            "index": up + "index.html",
            "back": TEXTS[page.lang]["back"],
            "renderers": renderers,
        },
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    for pattern in (REMOTE, REMOTE_IMPORT):
        hit = pattern.search(body)
        if hit:
            raise SiteError(f"{page.source.name}: the page would load from the internet: {hit.group(0)[:120]}")
    return body


def index_html(pages: list[Page]) -> str:
    langs = [lang for lang in TEXTS if any(p.lang == lang for p in pages)]
    main = TEXTS[langs[0]] if langs else TEXTS["en"]
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{langs[0] if langs else "en"}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(main['title'])}</title>",
        '<link rel="icon" href="data:,">',  # no favicon request
        "<style>body{font-family:system-ui,sans-serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.5;"
        "color:#222}a{color:#0072b2}li{margin:.8em 0}.summary{color:#555;margin:.2em 0 0}</style>",
        '<script>window.MathJax = {tex: {inlineMath: [["$", "$"]]}, options: {enableMenu: false}};</script>',
        '<script src="static/mathjax/tex-chtml-full.js" defer></script>',
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{html.escape(main['title'])}</h1>",
    ]
    for lang in langs:
        t = TEXTS[lang]
        parts.append(f'<section lang="{lang}">')
        if len(langs) > 1:
            parts.append(f"<h2>{html.escape(t['lang'])}</h2>")
        else:
            parts.append(f"<h2>{html.escape(t['heading'])}</h2>")
        parts.append(f"<p>{html.escape(t['lead'])}</p>")
        parts.append("<ol>")
        for p in (p for p in pages if p.lang == lang):
            summary = f'<p class="summary">{html.escape(p.summary)}</p>' if p.summary else ""
            parts.append(f'<li><a href="{html.escape(p.href)}">{html.escape(p.title)}</a>{summary}</li>')
        parts.append("</ol>")
        parts.append("</section>")
    version = importlib.metadata.version("lrlab") if _installed("lrlab") else ""
    parts += [
        "</main>",
        f'<footer><p>lrlab {html.escape(version)} · <a href="static/licenses/README.txt">'
        "licences of the scripts this site ships</a></p></footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


def _installed(name: str) -> bool:
    try:
        importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def build(out: Path, notebooks: Path, cache: Path, *, execute_missing: bool = False, log=print) -> dict:
    """Build the site into ``out`` (emptied first). Returns a report: pages, explorer sizes, total size."""
    import nbformat

    notebooks, out = notebooks.resolve(), out.resolve()
    if out in (ROOT, notebooks) or out in ROOT.parents:
        raise SiteError(f"refusing to empty {out}")
    if out.exists() and any(out.iterdir()) and not (out / "site.json").exists():
        raise SiteError(f"{out} is not empty and is not a site built here (no site.json): not emptying it")
    sources = find_notebooks(notebooks)
    if not execute_missing:  # before anything is fetched or deleted
        for path in sources:
            nb = nbformat.read(path, as_version=4)
            missing, stale = missing_state(nb), stale_state(nb)
            if missing:
                raise SiteError(
                    f"{path.name}: the stored notebook shows widgets but has no widget state for "
                    f"{len(missing)} of them; run `make notebooks` (it stores widget state)"
                )
            if stale:
                raise SiteError(
                    f"{path.name}: the stored widget state of {len(stale)} explorer(s) was made by another version "
                    "of lrlab's explorers; run `make notebooks`"
                )
    if out.exists():
        shutil.rmtree(out)
    (out / "static").mkdir(parents=True)
    copy_static(out / "static", cache)
    pages, report = [], {"pages": [], "site_bytes": 0}
    for path in sources:
        nb = nbformat.read(path, as_version=4)
        lang = language(path, notebooks)
        rel = path.relative_to(notebooks).with_suffix(".html").as_posix()
        title, summary = title_and_summary(nb, path.stem)
        page = Page(path, lang, title, summary, rel)
        if missing_state(nb) or stale_state(nb):
            log(
                f"  {path.name}: no stored widget state, or an old one: executing a temporary copy to get it "
                "(`make notebooks` stores it in the notebook)"
            )
            nb = execute_copy(nb, path.parent)
            page.executed = True
        if missing_state(nb):
            raise SiteError(f"{path.name}: widgets {missing_state(nb)} have no state even after running")
        check_modules(nb, path.name)
        undescribed = describe_pictures(nb)
        if undescribed:
            log(f"  {path.name}: {undescribed} picture(s) without a description before them (no alt text)")
        sizes = explorer_sizes(nb)
        page.explorers = len(widget_views(nb))
        renderers = share_renderers(nb, out / "static")
        write_pictures(nb, out / "img", "../" * rel.count("/"))
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(nb, page, renderers), encoding="utf-8")
        pages.append(page)
        report["pages"].append(
            {
                "notebook": path.relative_to(notebooks).as_posix(),
                "page": rel,
                "lang": lang,
                "title": title,
                "explorers": page.explorers,
                "executed_copy": page.executed,
                "pictures_without_alt": undescribed,
                "notebook_bytes": path.stat().st_size,
                "page_bytes": target.stat().st_size,
                "widget_state": sizes,
            }
        )
        log(f"  {rel}: {page.explorers} explorer(s), {target.stat().st_size / 1e6:.2f} MB")
    (out / "index.html").write_text(index_html(pages), encoding="utf-8")
    (out / ".nojekyll").write_text("")  # GitHub Pages: serve the folder as it is
    report["site_bytes"] = folder_size(out)
    if report["site_bytes"] > MAX_SITE_BYTES:
        log(f"  the site takes {report['site_bytes'] / 1e6:.2f} MB, more than {MAX_SITE_BYTES / 1e6:g} MB")
    (out / "site.json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "site", help="where to build (emptied first)")
    parser.add_argument("--notebooks", type=Path, default=ROOT / "notebooks")
    parser.add_argument(
        "--cache",
        type=Path,
        default=ROOT / "build" / "site-npm",
        help="where npm tarballs are kept between builds (git-ignored)",
    )
    parser.add_argument(
        "--execute-missing",
        action="store_true",
        help="run a notebook that shows widgets without their stored state (into a temporary copy)",
    )
    args = parser.parse_args(argv)
    print(f"building {args.out} from {args.notebooks}")
    try:
        report = build(args.out, args.notebooks, args.cache, execute_missing=args.execute_missing)
    except SiteError as exc:
        print(f"build_site: {exc}", file=sys.stderr)
        return 1
    for p in report["pages"]:
        for s in p["widget_state"]:
            print(
                f"  {p['page']}: {s['kind'] or 'anywidget'} explorer: {s['buffer_bytes'] / 1e6:.2f} MB of buffers, "
                f"{s['stored_bytes'] / 1e6:.2f} MB stored (base64 + JSON)"
            )
    print(f"site: {len(report['pages'])} pages, {report['site_bytes'] / 1e6:.1f} MB in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
