"""The language switch and the message catalogue (lrlab.i18n)."""

from __future__ import annotations

import re
import string

import pytest

import lrlab
from lrlab import i18n
from lrlab.outcomes import OUTCOMES
from lrlab.theory import REGIMES


def test_default_is_english_and_switch_round_trips():
    assert lrlab.get_language() == "en"
    lrlab.set_language("zh")
    assert lrlab.get_language() == "zh"
    assert i18n.text("regime:glides") == i18n.CATALOGUE["zh"]["regime:glides"]
    lrlab.set_language("en")
    assert lrlab.get_language() == "en"
    assert i18n.text("regime:glides") == "glides"


@pytest.mark.parametrize("bad", ["fr", "EN", "zh-CN", "", " zh", "chinese"])
def test_unknown_language_is_a_clear_value_error(bad):
    with pytest.raises(
        ValueError, match=re.escape(f"`language` must be one of 'en', 'zh'. Received: language={bad!r}")
    ):
        lrlab.set_language(bad)
    assert lrlab.get_language() == "en"


@pytest.mark.parametrize("bad", [None, 1, b"zh", ["zh"], True])
def test_non_text_language_is_a_type_error(bad):
    with pytest.raises(TypeError, match=re.escape(f"Received: language={bad!r}")):
        lrlab.set_language(bad)
    assert lrlab.get_language() == "en"


def test_language_block_restores_the_language_before_it_even_on_error():
    lrlab.set_language("zh")
    seen = []

    def inside():
        with i18n.language("en"):
            seen.append(lrlab.get_language())
            raise RuntimeError

    with pytest.raises(RuntimeError):
        inside()
    assert seen == ["en"]
    assert lrlab.get_language() == "zh"


def test_every_key_exists_in_every_language():
    keys = {lang: set(cat) for lang, cat in i18n.CATALOGUE.items()}
    assert set(keys) == set(i18n.LANGUAGES)
    for lang, ks in keys.items():
        assert ks == keys["en"], (lang, sorted(ks ^ keys["en"]))


def _fields(template):
    return sorted(
        (field, spec, conv) for _, field, spec, conv in string.Formatter().parse(template) if field is not None
    )


@pytest.mark.parametrize("key", sorted(i18n.CATALOGUE["en"]))
def test_placeholders_match_key_for_key(key):
    en = _fields(i18n.CATALOGUE["en"][key])
    for lang, cat in i18n.CATALOGUE.items():
        assert _fields(cat[key]) == en, (lang, key)


def test_every_text_is_a_non_empty_str_without_stray_whitespace():
    for lang, cat in i18n.CATALOGUE.items():
        for key, value in cat.items():
            assert isinstance(value, str) and value.strip() == value and value, (lang, key)


def test_every_regime_and_outcome_has_a_display_name_distinct_within_its_language():
    for lang, cat in i18n.CATALOGUE.items():
        regimes = [cat[f"regime:{r}"] for r in REGIMES]
        outcomes = [cat[f"outcome:{o}"] for o in OUTCOMES]
        assert len(set(regimes)) == len(regimes), lang
        assert len(set(outcomes)) == len(outcomes), lang


def test_english_display_names_are_the_code_keys():
    for r in REGIMES:
        assert i18n.CATALOGUE["en"][f"regime:{r}"] == r
    for o in OUTCOMES:
        assert i18n.CATALOGUE["en"][f"outcome:{o}"] == o


def test_code_keys_stay_english_in_chinese():
    lrlab.set_language("zh")
    assert lrlab.regime(0.2) == "glides"
    assert OUTCOMES[0] == "arrived"


_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z_]+")
#: Latin words a Chinese text may keep: code (None, lrlab.descend, steps=, global_step, staircase), ln, tol, and
#: warmup beside 预热 (d2l-zh writes both).
ZH_LATIN_OK = {
    "None",
    "ln",
    "tol",
    "warmup",
    "w_T",
    "Keras",
    "decay_steps",
    "global_step",
    "lrlab",
    "descend",
    "steps",
    "staircase",
    "True",
    "False",
}


def test_chinese_texts_have_no_english_words():
    for key, value in i18n.CATALOGUE["zh"].items():
        shown = re.sub(r"\{[^{}]*\}", "", value)  # placeholders are filled with numbers
        shown = re.sub(r"`[^`]*`", "", shown)  # code the student can type
        stray = set(_LATIN_WORD.findall(shown)) - ZH_LATIN_OK
        assert not stray, (key, stray)


def test_text_fills_placeholders_and_rejects_unknown_keys():
    assert i18n.text("diverged", step=7) == "diverged at step 7"
    lrlab.set_language("zh")
    assert "7" in i18n.text("diverged", step=7) and "{step}" not in i18n.text("diverged", step=7)
    with pytest.raises(ValueError, match=r"`key` must be a key of lrlab.i18n.CATALOGUE. Received: key='nope'"):
        i18n.text("nope")


def test_phrase_translates_known_texts_and_passes_others_through():
    assert i18n.phrase("smooth") == "smooth"
    lrlab.set_language("zh")
    assert i18n.phrase("smooth") == i18n.CATALOGUE["zh"]["phrase:smooth"] != "smooth"
    assert i18n.phrase("a title nobody translated") == "a title nobody translated"
    assert i18n.phrase(None) is None


def _notebook_texts():
    """String constants the English notebooks' code cells pass to lrlab's figures as titles or names (and every
    dict key: named schedules and settings end up as legend entries and panel titles)."""
    import ast
    import json
    from pathlib import Path

    found = set()
    for path in sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] != "code":
                continue
            src = "".join(cell["source"])
            try:
                tree = ast.parse(src)
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Dict):  # named schedules and settings, shown as legend/panel names
                    found |= {k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if not name.endswith("_figure"):
                    continue
                for kw in node.keywords:
                    if kw.arg in ("title", "names"):
                        found |= {
                            c.value
                            for c in ast.walk(kw.value)
                            if isinstance(c, ast.Constant) and isinstance(c.value, str)
                        }
    return found


def test_every_title_and_name_in_the_notebooks_code_has_a_chinese_phrase():
    """The Chinese twins share the code cells, so the titles typed there are translated by lrlab."""
    texts = _notebook_texts()
    assert {"η = 0.2: w slides down to −1", "smooth", "inverse time"} <= texts  # the scan finds them
    missing = sorted(t for t in texts if "phrase:" + t not in i18n.CATALOGUE["zh"])
    assert not missing


def test_english_labels_are_the_explorers_labels():
    """The catalogue's English explorer labels are lrlab.view's (English texts and stored outputs unchanged)."""
    from lrlab import view

    with i18n.language("en"):
        labels = view.default_labels()
    cat = i18n.CATALOGUE["en"]
    assert {k: cat[k] for k in labels} == labels
    assert set(i18n.LABEL_KEYS) - set(labels) <= {"overflow"}


def test_text_in_a_given_language():
    lrlab.set_language("zh")
    assert i18n.text_in("en", "diverged", step=3) == "diverged at step 3"
    assert i18n.text_in("zh", "diverged", step=3) == i18n.text("diverged", step=3)
    with pytest.raises(ValueError, match="Received: lang='fr'"):
        i18n.text_in("fr", "diverged")
    with pytest.raises(ValueError, match="Received: key='nope'"):
        i18n.text_in("en", "nope")


def test_the_course_tables_and_captions_stay_english_in_chinese():
    """Printed tables (TensorFlow printed English) and the map caption are identical in both languages."""
    import subprocess
    import sys

    from lrlab.outcomes import outcome_map

    def printed():
        sched, run = lrlab.course_decay_run()
        grid = outcome_map([0.1, 0.5], [0.9, 0.99], steps=20)
        return [lrlab.seed_table(lrlab.descend(0.2)), lrlab.decay_table(run, sched),
                lrlab.tf2_table(lrlab.course_tf2_run()[1]), grid.caption()]  # fmt: skip

    english = printed()
    lrlab.set_language("zh")
    assert printed() == english
    assert "After 0 epoch,w is 2.600000,loss is 36.000000,lr is 0.200000" in english[2]
    cli = subprocess.run(
        [sys.executable, "-m", "lrlab", "table", "--lr", "0.2"], capture_output=True, text=True, timeout=60
    )
    assert cli.returncode == 0 and cli.stdout.strip() == english[0].strip()


def test_noise_explorer_labels_have_both_languages():
    """Every text of the noise explorer (lrlab.view.NOISE_LABELS) is in both languages, with the same placeholders."""
    from lrlab import view

    for name, english in view.NOISE_LABELS.items():
        chinese = i18n.CATALOGUE["zh"][name]
        assert chinese != english or not any("a" <= ch <= "z" for ch in english), name
        assert i18n.placeholders(chinese) == i18n.placeholders(english), name
