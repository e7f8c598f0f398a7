"""tools/build_site.py's own decisions, without building a site: which notebooks are Chinese, how the index
groups them, which widget modules it accepts, what it refuses (a tampered npm tarball, a folder it did not
build, a notebook that shows an explorer without its stored widget state)."""

from __future__ import annotations

import json

import nbformat
import pytest


def test_chinese_notebooks_are_told_apart_by_folder_or_name(builder, tmp_path):
    nbs = tmp_path / "notebooks"
    for rel in ("01_a.ipynb", "zh/01_a.ipynb", "02_b.zh.ipynb", "03_c_zh.ipynb", "04_zhao.ipynb"):
        (nbs / rel).parent.mkdir(parents=True, exist_ok=True)
        (nbs / rel).write_text("{}")
    langs = {p.relative_to(nbs).as_posix(): builder.language(p, nbs) for p in builder.find_notebooks(nbs)}
    assert langs == {
        "01_a.ipynb": "en",
        "zh/01_a.ipynb": "zh",
        "02_b.zh.ipynb": "zh",
        "03_c_zh.ipynb": "zh",
        "04_zhao.ipynb": "en",
    }


def test_the_index_has_one_section_per_language_in_its_own_language(builder, tmp_path):
    Page = builder.Page
    pages = [
        Page(tmp_path / "01.ipynb", "en", "1 · The rate", "Why <η> matters", "01.html"),
        Page(tmp_path / "zh" / "01.ipynb", "zh", "1 · 学习率", "", "zh/01.html"),
    ]
    html = builder.index_html(pages)
    assert '<section lang="en">' in html and '<section lang="zh">' in html
    assert html.index('href="01.html"') < html.index('<section lang="zh">') < html.index('href="zh/01.html"')
    assert "Why &lt;η&gt; matters" in html  # texts are escaped, never raw HTML
    only_en = builder.index_html(pages[:1])
    assert '<section lang="zh">' not in only_en and "<h2>Notebooks</h2>" in only_en


def _with_state(builder, models: dict):
    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {builder.STATE: {"state": models}}
    return nb


def test_widget_models_the_site_cannot_show_are_refused(builder):
    def nb_with(module, name):
        return _with_state(builder, {"m1": {"model_module": module, "model_name": name, "state": {}}})

    builder.check_modules(nb_with("anywidget", "AnyModel"), "x")
    builder.check_modules(nb_with("@jupyter-widgets/base", "LayoutModel"), "x")
    for module, name in (("jupyter-matplotlib", "MPLCanvasModel"), ("@jupyter-widgets/controls", "IntSliderModel")):
        with pytest.raises(builder.SiteError, match=module):
            builder.check_modules(nb_with(module, name), "x")


def test_explorers_stored_by_another_version_are_found(builder):
    from lrlab.widgets import renderer

    def model(esm):
        return {"model_module": "anywidget", "state": {"_anywidget_id": "lrlab.widgets.DecayExplorer", "_esm": esm}}

    nb = _with_state(builder, {"new": model(renderer()), "old": model("export default {};"), "other": {"state": {}}})
    assert builder.stale_state(nb) == ["old"]


def test_each_renderer_is_stored_once_and_named_by_the_pages(builder, tmp_path):
    source = "export default { render() {} };\n// 'quotes' and \"doubles\" and </script>"
    models = {f"m{n}": {"model_module": "anywidget", "state": {"_esm": source}} for n in range(3)}
    first, second = (
        _with_state(builder, models),
        _with_state(builder, {"m9": dict(models["m0"], state={"_esm": source})}),
    )
    files = builder.share_renderers(first, tmp_path) + builder.share_renderers(second, tmp_path)
    assert len(set(files)) == 1 and [p.name for p in tmp_path.iterdir()] == files[:1]
    key = first.metadata["widgets"][builder.STATE]["state"]["m1"]["state"]["_esm"]
    assert key in files[0] and key != source
    text = (tmp_path / files[0]).read_text()
    assert "</script>" not in text.replace("<\\/script>", "") or json.dumps(source) in text


def test_pictures_become_files_of_the_same_size_with_few_colours(builder, tmp_path):
    import base64
    import io

    from PIL import Image

    picture = Image.new("RGBA", (120, 80), (255, 255, 255, 255))
    for x in range(120):
        picture.putpixel((x, x % 80), (x * 2, 100, 255 - x, 255))
    raw, palette = io.BytesIO(), io.BytesIO()
    picture.save(raw, "PNG")
    picture.convert("RGB").quantize(colors=16).save(palette, "PNG")
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("picture(fig)")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"image/png": base64.b64encode(png.getvalue()).decode()})
        for png in (raw, palette)
    ]
    nb.cells = [cell]
    builder.write_pictures(nb, tmp_path / "img", "../")
    written = [tmp_path / "img" / out.metadata["image/png"]["src"].split("/")[-1] for out in cell.outputs]
    assert all(out.metadata["image/png"]["src"].startswith("../img/") for out in cell.outputs)
    assert all(out.data["image/png"] == "" for out in cell.outputs)
    with Image.open(written[0]) as converted:
        assert converted.size == (120, 80) and converted.mode == "P"
    assert written[1].read_bytes() == palette.getvalue()  # already an opaque palette: kept as it is


def test_a_tampered_npm_tarball_in_the_cache_is_refused(builder, tmp_path):
    version = builder.NPM["mathjax"][0]
    (tmp_path / f"mathjax-{version}.tgz").write_bytes(b"not the tarball npm published")
    with pytest.raises(builder.SiteError, match="does not match its pinned sha512"):
        builder.npm_tarball("mathjax", tmp_path)


def test_it_never_empties_a_folder_it_did_not_build(builder, tmp_path):
    out = tmp_path / "Documents"
    out.mkdir()
    (out / "thesis.tex").write_text("precious")
    with pytest.raises(builder.SiteError, match="not a site built here"):
        builder.build(out, builder.ROOT / "notebooks", tmp_path / "cache")
    assert (out / "thesis.tex").read_text() == "precious"
    with pytest.raises(builder.SiteError, match="refusing"):
        builder.build(builder.ROOT, builder.ROOT / "notebooks", tmp_path / "cache")


def test_a_notebook_that_shows_widgets_without_their_stored_state_is_refused(builder, tmp_path):
    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("LearningRateExplorer()", execution_count=1)
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={builder.VIEW: {"model_id": "abc", "version_major": 2, "version_minor": 0}, "text/plain": "…"},
        )
    ]
    nb.cells = [nbformat.v4.new_markdown_cell("# T"), cell]
    nbformat.write(nb, nbs / "01_t.ipynb")
    assert builder.missing_state(nb) == ["abc"]
    with pytest.raises(builder.SiteError, match="no widget state"):
        builder.build(tmp_path / "site", nbs, builder.ROOT / "build" / "site-npm", log=lambda *a: None)
    assert not (tmp_path / "site").exists()  # refused before building anything


def test_pictures_take_the_italic_description_before_them(builder):
    nb = nbformat.v4.new_notebook()
    png = {"image/png": "iVBORw0KGgo=", "text/plain": "<Image>"}
    first = nbformat.v4.new_code_cell("picture(a)")
    first.outputs = [nbformat.v4.new_output("display_data", data=dict(png))]
    explorer = nbformat.v4.new_code_cell("Explorer()")
    second = nbformat.v4.new_code_cell("picture(b)")
    second.outputs = [nbformat.v4.new_output("display_data", data=dict(png))]
    third = nbformat.v4.new_code_cell("picture(c)")
    third.outputs = [nbformat.v4.new_output("display_data", data=dict(png))]
    nb.cells = [
        nbformat.v4.new_markdown_cell("Here it is. *Left: the `w` path.*"),
        first,
        nbformat.v4.new_markdown_cell("*No kernel? The picture after the explorer.*"),
        explorer,
        second,
        third,
    ]
    assert builder.describe_pictures(nb) == 1  # the third picture has no description of its own
    assert first.outputs[0].metadata["image/png"]["alt"] == "Left: the w path."
    assert second.outputs[0].metadata["image/png"]["alt"] == "No kernel? The picture after the explorer."
    assert "alt" not in third.outputs[0].metadata["image/png"]


def test_the_index_summary_keeps_math_whole_and_drops_markdown_marks(builder):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# 3 · The lab\n\nTwo **knobs**, the rate $\\eta_0$ and `gamma`. "
            + "More words here. " * 20
            + "Late math $a_1 + b_2$ at the end."
        )
    ]
    title, summary = builder.title_and_summary(nb, "x", limit=80)
    assert title == "3 · The lab"
    assert summary.startswith("Two knobs, the rate $\\eta_0$ and gamma. ") and summary.endswith(" …")
    assert summary.count("$") % 2 == 0 and len(summary) <= 82
    _, whole = builder.title_and_summary(nb, "x", limit=10_000)
    assert whole.endswith("Late math $a_1 + b_2$ at the end.")


def test_execute_missing_runs_such_a_notebook_into_a_copy_and_keeps_the_state(builder, tmp_path):
    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("from lrlab.widgets import LearningRateExplorer\nLearningRateExplorer(steps=5)")
    cell.execution_count = 1
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={builder.VIEW: {"model_id": "gone"}, "text/plain": "…"})
    ]
    nb.cells = [nbformat.v4.new_markdown_cell("# T"), cell]
    nbformat.write(nb, nbs / "01_t.ipynb")
    before = (nbs / "01_t.ipynb").read_text()
    report = builder.build(
        tmp_path / "site", nbs, builder.ROOT / "build" / "site-npm", execute_missing=True, log=lambda *a: None
    )
    (page,) = report["pages"]
    assert page["executed_copy"] and page["explorers"] == 1
    assert [s["kind"] for s in page["widget_state"]] == ["rate"]
    html = (tmp_path / "site" / "01_t.html").read_text()
    assert builder.STATE in html and '"gone"' not in html  # fresh outputs with their own state
    assert (nbs / "01_t.ipynb").read_text() == before  # the stored notebook is left as it was
