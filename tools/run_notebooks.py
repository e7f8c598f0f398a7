"""Execute every notebook in notebooks/ and its Chinese twin in notebooks/zh/, each in a fresh kernel, and store
the outputs.

    python tools/run_notebooks.py            # all of them, English then Chinese (what `make notebooks` runs)
    python tools/run_notebooks.py 02         # only those whose path under notebooks/ contains "02" (both editions)
    python tools/run_notebooks.py zh/        # only the Chinese twins
    python tools/run_notebooks.py zh/02 notebooks/03_schedule_lab.ipynb   # a path works too

Fails (exit 1) if a cell raises, writes to stderr or prints an object's address,
so a broken (or unstable) notebook is never saved as if it were fine.

Stores the widget state (nbclient's store_widget_state) so viewers with a static widget manager (the site
of `make site`, nbviewer) show working explorers with no kernel. JupyterLab can drop that state when it
saves a notebook: run `make notebooks` again before committing a notebook edited in JupyterLab.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
#: The editions: the English notebooks and their Chinese twins (same file names, see tests/test_zh_parity.py).
EDITIONS = (NOTEBOOKS, NOTEBOOKS / "zh")


#: Output that changes from run to run (an object's address), so it must never be stored.
UNSTABLE = re.compile(r"object at 0x[0-9a-fA-F]+")


def problems(nb) -> list[str]:
    found = []
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"cell {index}: {out.get('ename')}: {out.get('evalue')}")
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                found.append(f"cell {index}: stderr: {out.get('text', '')[:200]}")
            text = "".join(out.get("text", "")) + "".join(out.get("data", {}).get("text/plain", ""))
            if UNSTABLE.search(text):
                found.append(f"cell {index}: prints an object address, which changes between runs: {text[:120]}")
    return found


def run(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("widgets", None)  # the widget state of an earlier run must not outlive it
    client = NotebookClient(
        nb,
        timeout=180,
        kernel_name="python3",
        record_timing=False,
        store_widget_state=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()
    took = time.perf_counter() - start
    bad = problems(nb)
    if bad:
        raise SystemExit(f"{label(path)}: not saved, it has errors:\n  " + "\n  ".join(bad))
    nbformat.write(nb, path)
    return took


def label(path: Path) -> str:
    """The notebook's path under notebooks/: "02_exponential_decay.ipynb", "zh/02_exponential_decay.ipynb"."""
    return path.relative_to(NOTEBOOKS).as_posix()


def select(argv: list[str]) -> list[Path]:
    """Every notebook of every edition; or, for each argument, the notebook file it names (a path), else those
    whose path under notebooks/ contains it ("02" picks both editions, "zh/" the Chinese ones)."""
    paths = [p for folder in EDITIONS for p in sorted(folder.glob("[0-9]*.ipynb"))]
    if not argv:
        return paths
    files = {Path(a).resolve() for a in argv if Path(a).is_file()}
    parts = [a for a in argv if not Path(a).is_file()]
    return [p for p in paths if p.resolve() in files or any(a in label(p) for a in parts)]


def main(argv: list[str]) -> int:
    paths = select(argv)
    if not paths:
        print("no notebooks matched", file=sys.stderr)
        return 1
    for i, path in enumerate(paths, 1):
        print(f"[{i}/{len(paths)}] {label(path)} …", end=" ", flush=True)
        print(f"{run(path):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
