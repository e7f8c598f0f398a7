"""The stored notebooks read as text, for the tests that check them: their cells, prose, code and stored outputs,
their sections, and how long their core path takes to read and run.

How long a core path takes is counted the same way for every notebook and both languages:

- reading: the whitespace-separated tokens of the markdown of its core sections (formulas, table cells and fenced
  code count token by token), at 150 words a minute;
- running and playing: 0.5 minute per ordinary code cell, 3 minutes per exercise cell, 5 minutes per explorer.

A section runs from a level-1 or level-2 heading to the next one; it is off the core path ("going further") when its
heading starts with "Going further" (in Chinese, "延伸"). Cells before the first heading belong to the first section.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(FOLDER.glob("[0-9]*.ipynb"))
#: The Chinese twins, one for each notebook, in the same order.
ZH_NOTEBOOKS = sorted((FOLDER / "zh").glob("[0-9]*.ipynb"))
EVERY = NOTEBOOKS + ZH_NOTEBOOKS
BY_NAME = {p.name[:2]: p for p in NOTEBOOKS}

WORDS_PER_MINUTE = 150
MINUTES_PER_CODE_CELL, MINUTES_PER_EXERCISE, MINUTES_PER_EXPLORER = 0.5, 3.0, 5.0
GOING_FURTHER = ("Going further", "延伸")
#: A code cell that shows an explorer: made on the first line (``DecayExplorer()``), or named first
#: (``explorer = NoiseExplorer(...)``).
EXPLORER = re.compile(r"^(\w+ = )?(\w+Explorer|ScheduleMap)\(", flags=re.M)
#: A code cell that asks an exercise (``nb04.floor_height(None)``).
EXERCISE = re.compile(r"^nb0\d\.\w+\(")


def nb_id(path: Path) -> str:
    """A test id: the file name, with ``zh/`` in front of a Chinese twin."""
    return f"zh/{path.name}" if path.parent.name == "zh" else path.name


def twin(path: Path) -> Path:
    """The Chinese twin of an English notebook."""
    return path.parent / "zh" / path.name


@functools.cache
def _cells(path: Path) -> tuple[dict, ...]:
    return tuple(json.loads(path.read_text(encoding="utf-8"))["cells"])


def cells(path: Path) -> tuple[dict, ...]:
    """The notebook's cells, read once per test run (callers must not change them)."""
    return _cells(Path(path))


def source(cell: dict) -> str:
    return "".join(cell["source"])


def markdown(path: Path) -> str:
    return "\n\n".join(source(c) for c in cells(path) if c["cell_type"] == "markdown")


def code_sources(path: Path) -> list[str]:
    return [source(c) for c in cells(path) if c["cell_type"] == "code"]


def output_text(cell: dict) -> str:
    """What a code cell's stored outputs say as text: streams, plain text and markdown."""
    parts = []
    for out in cell.get("outputs", []):
        parts.append("".join(out.get("text", "")))
        data = out.get("data", {})
        parts.append("".join(data.get("text/plain", "")) + "".join(data.get("text/markdown", "")))
    return "\n".join(parts)


def outputs(path: Path) -> str:
    return "\n".join(output_text(c) for c in cells(path) if c["cell_type"] == "code")


def index_of(path: Path, text: str) -> int:
    """The index of the one markdown cell that contains ``text``."""
    (i,) = [i for i, c in enumerate(cells(path)) if c["cell_type"] == "markdown" and text in source(c)]
    return i


def shown_before(path: Path, text: str) -> str:
    """Everything a student has seen before the prompt ``text``: the markdown above it (and the part of its own
    cell before it), and the code and stored outputs of every cell above it."""
    i = index_of(path, text)
    above = cells(path)[:i]
    seen = [source(c) if c["cell_type"] == "markdown" else output_text(c) + source(c) for c in above]
    own = source(cells(path)[i])
    return "\n".join([*seen, own[: own.index(text)]])


def sections(path: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """The notebook as (heading, [(kind, text), ...]): markdown split at its level-1/2 headings, code cells whole."""
    out: list[tuple[str, list[tuple[str, str]]]] = [("", [])]
    for cell in cells(path):
        src = source(cell)
        if cell["cell_type"] == "code":
            out[-1][1].append(("code", src))
            continue
        for line in src.split("\n"):
            head = re.match(r"#{1,2} (.*)", line)
            if head:
                out.append((head.group(1), []))
            out[-1][1].append(("markdown", line))
    return out


def core_minutes(path: Path, *, everything: bool = False) -> tuple[int, float]:
    """(words, minutes) of the core path, by the rule above; with ``everything``, of the whole notebook."""
    words, minutes = 0, 0.0
    for heading, parts in sections(path):
        if heading.startswith(GOING_FURTHER) and not everything:
            continue
        for kind, text in parts:
            if kind == "markdown":
                words += len(text.split())
            elif EXERCISE.match(text):
                minutes += MINUTES_PER_EXERCISE
            elif EXPLORER.search(text):
                minutes += MINUTES_PER_EXPLORER
            else:
                minutes += MINUTES_PER_CODE_CELL
    return words, words / WORDS_PER_MINUTE + minutes
