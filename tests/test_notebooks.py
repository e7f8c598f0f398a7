"""The stored notebooks: executed in order, clean, and with their numbers checked by nbval.

(nbval itself runs every notebook in ``make test``: see ``--nbval-lax`` in pyproject.toml.)
"""

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("[0-9]*.ipynb"))
IMPORTABLE = {"lrlab", "numpy", "matplotlib", "ipywidgets", "ipympl"}


def cells(path):
    return json.loads(path.read_text())["cells"]


def test_three_numbered_notebooks():
    names = [p.name for p in NOTEBOOKS]
    assert names == ["01_learning_rate.ipynb", "02_exponential_decay.ipynb", "03_schedule_lab.ipynb"]
    for p in NOTEBOOKS:
        assert p.stem.split("_")[0].isdigit() and p.stem not in IMPORTABLE


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_outputs_are_clean_and_in_order(path):
    counts = []
    for cell in cells(path):
        if cell["cell_type"] != "code":
            continue
        assert cell["execution_count"] is not None, "every code cell is executed"
        counts.append(cell["execution_count"])
        for out in cell["outputs"]:
            assert out["output_type"] != "error", f"stored error: {out.get('ename')}: {out.get('evalue')}"
            assert not (out["output_type"] == "stream" and out["name"] == "stderr"), f"stderr: {out['text']}"
            text = "".join(out.get("data", {}).get("text/plain", "")) + "".join(out.get("text", ""))
            assert "Error displaying widget" not in text
            assert not re.search(r"<matplotlib\.\w+ at 0x|np\.float(32|64)\(", text), "bare reprs leaked"
    assert counts == list(range(1, len(counts) + 1)), "run top to bottom in one fresh kernel"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_number_cells_are_checked_by_nbval(path):
    for cell in cells(path):
        if cell["cell_type"] == "code" and "print(" in "".join(cell["source"]):
            assert "nbval-check-output" in cell["metadata"].get("tags", []), "".join(cell["source"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_live_widget_has_a_static_picture_beside_it(path):
    code = ["".join(c["source"]) for c in cells(path) if c["cell_type"] == "code"]
    for i, src in enumerate(code):
        if re.match(r"^(LearningRateExplorer|QuickExplorer|DecayExplorer|ScheduleMap)\(", src):
            near = code[max(0, i - 2): i + 3]
            assert any("picture(" in s for s in near), f"no static picture near {src!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_short_code_cells_and_exercises_at_the_end(path):
    code = ["".join(c["source"]) for c in cells(path) if c["cell_type"] == "code"]
    assert max(len(s.splitlines()) for s in code) <= 8
    assert sum("nb0" in s and "None)" in s for s in code[-3:]) >= 2, "ends with exercises"
