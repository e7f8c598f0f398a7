"""Time to execute every notebook, and the size and time of a fresh install (a proxy for Binder's build).

    python benchmarks/bench_setup.py             # notebooks only
    python benchmarks/bench_setup.py --install   # also a fresh venv from requirements.txt (takes minutes)
A report, not a test.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def notebook_times() -> dict[str, float]:
    times = {}
    for path in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(
            nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        ).execute()
        times[path.name] = time.perf_counter() - start
    return times


def fresh_install() -> tuple[float, float]:
    with tempfile.TemporaryDirectory(prefix="lrlab-install-") as tmp:
        venv = Path(tmp) / "venv"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [
                str(venv / "bin" / "pip"),
                "install",
                "--quiet",
                "--no-cache-dir",
                "-r",
                str(ROOT / "requirements.txt"),
            ],
            check=True,
            cwd=ROOT,  # requirements.txt's "." line is lrlab itself, as Binder installs it
        )
        took = time.perf_counter() - start
        size = sum(f.stat().st_size for f in venv.rglob("*") if f.is_file() and not f.is_symlink())
    return took, size / 2**20


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--install", action="store_true", help="also time a fresh install (several minutes)")
    args = p.parse_args(argv)
    times = notebook_times()
    print("| notebook | execution time |\n|---|---|")
    for name, t in times.items():
        print(f"| {name} | {t:.1f} s |")
    print(f"| all three | {sum(times.values()):.1f} s |")
    if args.install:
        took, size = fresh_install()
        print(f"\nfresh venv + pip install -r requirements.txt (no pip cache): {took:.0f} s, {size:.0f} MB")


if __name__ == "__main__":
    main()
