"""The Chinese twins in notebooks/zh/ say what the English notebooks say.

A twin has the English notebook's file name, its cells in the same order (code, markdown, code, ...), the same
code (plus one line, ``lrlab.set_language("zh")`` right after ``import lrlab`` in the first code cell), the same
tags and metadata, the same checked outputs (the nbval-checked numbers and the course's tables), and Chinese
markdown that keeps every number of its English cell and leaves no English sentence behind.
(Hygiene, nbval tags and picture descriptions of the twins: tests/test_notebooks.py. nbval runs them too.)
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
ZH = NOTEBOOKS / "zh"
ENGLISH = sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))
TWINS = sorted(ZH.glob("[0-9]*.ipynb"))
PAIRS = [(p, ZH / p.name) for p in ENGLISH if (ZH / p.name).exists()]
SWITCH = 'lrlab.set_language("zh")'
CHECKED = "nbval-check-output"


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell) -> str:
    return "".join(cell["source"])


def pair_id(pair):
    return pair[0].stem[:2] if isinstance(pair, tuple) else None


def checked_text(cell) -> str:
    """What nbval compares in --nbval-lax mode for a tagged cell (printed text, plain/markdown/html data).
    Like nbval, consecutive pieces of one stream count as one (a kernel may flush a print loop in parts)."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            tag = f"stream {out.get('name')}\n"
            if parts and parts[-1].startswith(tag):
                parts[-1] += "".join(out.get("text", ""))
            else:
                parts.append(tag + "".join(out.get("text", "")))
            continue
        parts.append(out.get("output_type", ""))
        data = out.get("data", {})
        for mime in ("text/plain", "text/markdown", "text/html"):
            parts.append("".join(data.get(mime, "")))
    return "\n".join(parts)


# ---------------------------------------------------------------- every notebook has its twin


def test_there_are_notebooks_and_twins():
    assert len(ENGLISH) >= 3 and len(TWINS) >= 3


@pytest.mark.parametrize("path", ENGLISH, ids=lambda p: p.name)
def test_every_english_notebook_has_a_chinese_twin(path):
    assert (ZH / path.name).exists(), f"notebooks/zh/{path.name} is missing: write the Chinese twin"


@pytest.mark.parametrize("path", TWINS, ids=lambda p: p.name)
def test_every_twin_has_an_english_notebook(path):
    assert (NOTEBOOKS / path.name).exists(), f"no English notebook for zh/{path.name} (renamed?)"


def test_no_other_notebooks_in_the_chinese_folder():
    stray = [p.name for p in ZH.glob("*.ipynb") if p not in TWINS]
    assert not stray


# ---------------------------------------------------------------- same cells, same code, same tags


@pytest.mark.parametrize("pair", PAIRS, ids=pair_id)
def test_same_cells_in_the_same_places(pair):
    en, zh = (cells(p) for p in pair)
    assert [c["cell_type"] for c in zh] == [c["cell_type"] for c in en]


def with_switch(code: str) -> str:
    lines = code.split("\n")
    assert "import lrlab" in lines, "the first code cell imports lrlab"
    i = lines.index("import lrlab")
    return "\n".join(lines[: i + 1] + [SWITCH] + lines[i + 1 :])


@pytest.mark.parametrize("pair", PAIRS, ids=pair_id)
def test_code_is_the_english_code_plus_the_language_switch(pair):
    en = [source(c) for c in cells(pair[0]) if c["cell_type"] == "code"]
    zh = [source(c) for c in cells(pair[1]) if c["cell_type"] == "code"]
    assert len(zh) == len(en)
    assert zh[0] == with_switch(en[0])
    for i, (a, b) in enumerate(zip(en[1:], zh[1:], strict=True), 1):
        assert b == a, f"code cell {i} differs from the English one"
    assert "\n".join(zh).count("set_language") == 1, "one language switch, in the imports"


def test_the_switch_goes_right_after_import_lrlab():
    assert with_switch("import numpy as np\nimport lrlab\nfrom lrlab import x") == (
        'import numpy as np\nimport lrlab\nlrlab.set_language("zh")\nfrom lrlab import x'
    )


@pytest.mark.parametrize("pair", PAIRS, ids=pair_id)
def test_same_tags_and_cell_metadata(pair):
    en, zh = (cells(p) for p in pair)
    for i, (a, b) in enumerate(zip(en, zh, strict=True)):
        assert b.get("metadata", {}) == a.get("metadata", {}), f"cell {i}"


@pytest.mark.parametrize("pair", PAIRS, ids=pair_id)
def test_same_notebook_metadata_apart_from_the_widget_state(pair):
    en, zh = (json.loads(p.read_text(encoding="utf-8")) for p in pair)
    drop = {"widgets"}
    assert {k: v for k, v in zh["metadata"].items() if k not in drop} == {
        k: v for k, v in en["metadata"].items() if k not in drop
    }
    assert (zh["nbformat"], zh["nbformat_minor"]) == (en["nbformat"], en["nbformat_minor"])


FIELD = re.compile(r"\{(\w+)(?:![rsa])?(?::[^{}]*)?\}")


def _template_pattern(template: str) -> re.Pattern:
    """A catalogue template as a pattern: a field between two pieces of text matches anything on the line up to the
    next piece (a value may itself be a filled-in template); a field that starts or ends the template matches one
    value (a number or a name; at the end, with its padding on the left); a repeated field matches the same text."""
    fields = list(FIELD.finditer(template))
    parts, seen, at = [], set(), 0
    for field in fields:
        parts.append(re.escape(template[at : field.start()]))
        name = field.group(1)
        inside = field.start() > 0 and field.end() < len(template)
        value = r"[^\n]+?" if inside else (r" *\S+" if field.start() else r"\S+")
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>{value})")
        seen.add(name)
        at = field.end()
    parts.append(re.escape(template[at:]))
    return re.compile("".join(parts))


def in_english(text: str) -> str:
    """A Chinese output read back in English: every text of lrlab's catalogue in it (a regime's or an outcome's name,
    a sentence with numbers filled in; the longest template first) replaced by its English form with the same
    values, with the spacing made plain (:func:`spaced`)."""
    from lrlab.i18n import CATALOGUE

    templates = [
        (zh, CATALOGUE["en"][key])
        for key, zh in CATALOGUE["zh"].items()
        if zh != CATALOGUE["en"][key] and re.search(r"[\u4e00-\u9fff]", zh)
    ]
    for zh, en in sorted(templates, key=lambda pair: -len(FIELD.sub("", pair[0]))):
        if FIELD.search(zh):
            text = _template_pattern(zh).sub(lambda m, en=en: FIELD.sub(lambda f: m.group(f.group(1)), en), text)
        else:
            text = text.replace(zh, en)
    return spaced(text)


def spaced(text: str) -> str:
    """Runs of spaces (padding) made one, and none at the start or end of a line."""
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n"))


def test_in_english_reads_catalogue_texts_back():
    assert in_english("η = 0.2    q = +0.600  平稳下滑\n") == "η = 0.2 q = +0.600 glides\n"
    assert in_english("  已到达:  3540") == "arrived: 3540"
    from lrlab.i18n import CATALOGUE

    key = "ex.nb01.which_rate.right"  # two fields, one of them twice
    filled = {lang: CATALOGUE[lang][key].format(rate=0.25, landed=2.0) for lang in ("en", "zh")}
    assert in_english(filled["zh"]) == filled["en"]


@pytest.mark.parametrize("pair", PAIRS, ids=pair_id)
def test_checked_outputs_are_identical(pair):
    """Numbers and the course's tables (TensorFlow printed English) do not change with the language; the names
    lrlab prints from its catalogue (a regime, an outcome) are Chinese in the twin, and nothing else differs."""
    en, zh = (cells(p) for p in pair)
    checked = [i for i, c in enumerate(en) if CHECKED in c.get("metadata", {}).get("tags", [])]
    assert checked, "the English notebook has nbval-checked cells"
    for i in checked:
        assert en[i].get("outputs"), f"cell {i}: the English notebook has no stored output here"
        a, b = checked_text(en[i]), checked_text(zh[i])
        assert in_english(b) == spaced(a), f"checked cell {i}: {source(en[i])[:60]}"
        assert numbers(b) == numbers(a), f"checked cell {i}: the same numbers"


# ---------------------------------------------------------------- the markdown says the same thing

THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?")


def numbers(text: str) -> set[str]:
    """Decimal numbers written with ASCII digits ("1,500" counts as 1500; 10⁻⁷'s superscript is not a digit)."""
    return set(NUMBER.findall(THOUSANDS.sub("", text)))


def test_numbers_are_found_as_written():
    assert numbers("η = 0.2 and 1,500 of 2,000; (0.3, 0.99), 10⁻⁷, w₀ = 5, $4^t$") == {
        "0.2",
        "1500",
        "2000",
        "0.3",
        "0.99",
        "10",
        "5",
        "4",
    }


def markdown_pairs():
    for en_path, zh_path in PAIRS:
        en, zh = cells(en_path), cells(zh_path)
        if [c["cell_type"] for c in en] != [c["cell_type"] for c in zh]:
            continue  # reported by test_same_cells_in_the_same_places
        for i, (a, b) in enumerate(zip(en, zh, strict=True)):
            if a["cell_type"] == "markdown":
                yield pytest.param(source(a), source(b), id=f"{en_path.stem[:2]}-cell{i}")


MARKDOWN = list(markdown_pairs())


@pytest.mark.parametrize(("en", "zh"), MARKDOWN)
def test_every_number_of_the_english_cell_is_in_its_twin(en, zh):
    missing = numbers(en) - numbers(zh)
    assert not missing, f"numbers of the English cell missing in the Chinese one: {sorted(missing)}"


#: Marks of the teaching structure that every twin keeps, English → Chinese.
MARKS = [
    ("**Predict first.**", "**先预测。**"),
    ("Predict, then check", "先预测，再验证"),
    ("No kernel running", "没有运行内核"),
    ("**What you saw, and why.**", "**你看到了什么，为什么。**"),
    ("**Core path**", "**核心路径**"),
    ("## Going further", "## 延伸"),
    ("## Summary", "## 小结"),
    ("## Exercises", "## 练习"),
    ("## Glossary", "## 中英术语对照"),
    ("Replace `None` with your answer", "把 `None` 换成你的答案"),
]


@pytest.mark.parametrize(("en", "zh"), MARKDOWN)
def test_same_sections_and_teaching_marks(en, zh):
    heads = [re.match(r"#+", ln).group() for ln in en.splitlines() if re.match(r"#+ ", ln)]
    assert [re.match(r"#+", ln).group() for ln in zh.splitlines() if re.match(r"#+ ", ln)] == heads
    for mark_en, mark_zh in MARKS:
        assert en.count(mark_en) == zh.count(mark_zh), mark_en
    # an exercise number (**1.**) and an italic picture description stay where they are
    assert re.findall(r"^\*\*(\d+)\.", en, flags=re.M) == re.findall(r"^\*\*(\d+)\.", zh, flags=re.M)
    assert bool(re.search(r"(?<!\*)\*[^*\s][^*]{40,}\*(?!\*)", en)) == bool(
        re.search(r"(?<!\*)\*[^*\s][^*]{20,}\*(?!\*)", zh)
    )


LINK = re.compile(r"\]\(([^)\s]+\.ipynb)\)")


@pytest.mark.parametrize(("en", "zh"), MARKDOWN)
def test_links_go_to_the_chinese_twins(en, zh):
    assert LINK.findall(zh) == LINK.findall(en)
    for target in LINK.findall(zh):
        assert "/" not in target and (ZH / target).exists(), target


# English left in the Chinese prose: what remains after taking out code, math, link targets and text marked
# <span lang="en"> (the glossary's English column) may only hold the names and symbols below.
ALLOWED = {
    # names of software, people and data sets
    "TensorFlow",
    "TF",
    "Keras",
    "PyTorch",
    "optax",
    "lrlab",
    "Python",
    "NumPy",
    "GitHub",
    "JupyterLab",
    "MNIST",
    "Robbins",
    "Monro",
    "SGD",
    # optimizers go by their names in Chinese too (notebook 5)
    "SGDM",
    "Adagrad",
    "RMSProp",
    "RMSprop",
    "Adam",
    # the course's English glosses kept beside the Chinese word (d2l-zh does the same), and symbols
    "batch",
    "epoch",
    "warmup",
    "tol",
    "lr",
}
CJK = re.compile(r"[\u4e00-\u9fff]")


def prose(md: str) -> str:
    md = re.sub(r"```.*?```", " ", md, flags=re.S)  # fenced code
    md = re.sub(r"\$\$.*?\$\$", " ", md, flags=re.S)  # display math
    md = re.sub(r"\$[^$]*\$", " ", md)  # inline math
    md = re.sub(r"`[^`]*`", " ", md)  # inline code
    md = re.sub(r'<span lang="en">.*?</span>', " ", md, flags=re.S)  # marked English
    md = re.sub(r"\]\([^)]*\)", "]", md)  # link targets
    return md


def english_words(md: str) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]", prose(md)) if w not in ALLOWED]


def test_the_english_heuristic_catches_a_sentence_and_spares_code():
    assert english_words("下面 `lrlab.descend(0.2)` 和 $\\eta = 0.2$，TensorFlow 1 与 Keras 3。") == []
    assert english_words("这一句 The first update overshoots.") == ["The", "first", "update", "overshoots"]
    assert english_words('| 曲率 | <span lang="en">curvature</span> |') == []
    assert english_words("见 [下一本](02_exponential_decay.ipynb)") == []
    assert english_words("间隔大约 6e-8，极限离 −1 约 1.0e-09") == []


@pytest.mark.parametrize(("en", "zh"), MARKDOWN)
def test_no_english_left_in_the_chinese_markdown(en, zh):
    assert CJK.search(zh), "the cell has no Chinese at all"
    assert not english_words(zh), f"English words in the Chinese prose: {english_words(zh)}"
    # not even a run of allowed words making a sentence
    assert not re.search(r"[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){3,}", prose(zh))


@pytest.mark.parametrize(("en", "zh"), MARKDOWN)
def test_no_line_break_inside_a_chinese_sentence(en, zh):
    """Markdown turns a line break inside a paragraph into a space, which shows between Chinese characters."""
    text = re.sub(r"```.*?```", " ", zh, flags=re.S)
    assert not re.search(r"[\u4e00-\u9fff，。、；：？！）（“”]\n[ \t]*[\u4e00-\u9fff，。、；：？！）（“”]", text)
