"""Binder, verified here: the real repo2docker reads a fresh checkout, and a notebook runs on an installed lrlab.

* repo2docker 2026.4.0 (``jupyter-repo2docker --no-build``: it renders the Dockerfile without a Docker daemon)
  must pick Python 3.11 from runtime.txt and run ``pip install -r requirements.txt`` *after* copying the
  repository, and requirements.txt's ``.`` line must install lrlab — also for a repo2docker that, like older
  releases, ignores pyproject.toml.
* A notebook from notebooks/ must execute in a kernel that imports lrlab from an installed copy (built from the
  checkout by requirements.txt's own ``.`` line), with no PYTHONPATH and the repository off ``sys.path``, from
  the notebooks folder, as a Binder kernel runs it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
REPO2DOCKER = BIN / "jupyter-repo2docker"
pytestmark = pytest.mark.skipif(not REPO2DOCKER.exists(), reason="needs jupyter-repo2docker (requirements-dev.txt)")


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """What a fresh clone holds: the tracked files (as in the working tree) and nothing git ignores."""
    files = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    dest = tmp_path_factory.mktemp("checkout") / "lrlab-repo"
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    assert not (dest / ".venv").exists() and (dest / "requirements.txt").exists()
    return dest


def repo2docker_dockerfile(repo: Path) -> tuple[str, str]:
    out = subprocess.run(
        [str(REPO2DOCKER), "--no-build", "--user-id", "1000", "--user-name", "jovyan", str(repo)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=repo.parent,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout, out.stderr


def local_lines(requirements: Path) -> list[str]:
    lines = [line.split("#")[0].strip() for line in requirements.read_text().splitlines()]
    return [line for line in lines if line and not line.startswith("-") and "==" not in line]


def test_repo2docker_installs_lrlab_from_requirements_and_pins_python(checkout):
    dockerfile, log = repo2docker_dockerfile(checkout)
    assert "Building conda environment for python=3.11" in log
    # the Python 3.11 lock file that runtime.txt asked for (repo2docker escapes file names: "-2e" is ".")
    decoded = re.sub(r"-([0-9a-f]{2})", lambda m: chr(int(m.group(1), 16)), dockerfile)
    assert "conda/environment.py-3.11-linux-64.lock" in decoded
    lines = dockerfile.splitlines()
    copy_repo = next(i for i, line in enumerate(lines) if re.fullmatch(r"COPY --chown=\S+ src/ \$\{REPO_DIR\}/", line))
    pip_r = lines.index('RUN ${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir -r "requirements.txt"')
    assert copy_repo < pip_r  # requirements.txt is installed with the repository in place, so "." is lrlab
    assert local_lines(checkout / "requirements.txt") == ["."]
    # repo2docker 2026.4.0 also installs the package itself because pyproject.toml has [project] + [build-system]
    assert "RUN ${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir ." in lines


def test_without_pyproject_support_requirements_alone_still_install_lrlab(checkout, tmp_path):
    """An older repo2docker ignores pyproject.toml; drop its [build-system] so 2026.4.0 ignores it too."""
    old_style = tmp_path / "old-style"
    shutil.copytree(checkout, old_style)
    pyproject = old_style / "pyproject.toml"
    text = pyproject.read_text()
    pyproject.write_text(text.replace("[build-system]", "[not-a-build-system]"))
    dockerfile, _ = repo2docker_dockerfile(old_style)
    lines = dockerfile.splitlines()
    assert "RUN ${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir ." not in lines
    assert 'RUN ${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir -r "requirements.txt"' in lines


def _build_flags() -> list[str]:
    """Build offline when this environment's setuptools can (>= 77, as pyproject asks), else let pip fetch it."""
    try:
        import setuptools

        if int(setuptools.__version__.split(".")[0]) >= 77:
            return ["--no-build-isolation"]
    except ImportError:
        pass
    return []


def test_a_notebook_runs_on_the_installed_lrlab_without_pythonpath(checkout, tmp_path, monkeypatch):
    nbclient = pytest.importorskip("nbclient")
    nbformat = pytest.importorskip("nbformat")
    # a venv whose only lrlab is the one requirements.txt's "." line installs from the checkout; the notebook's
    # other packages (numpy, ipykernel, ...) come from this environment through a .pth line (which does not run
    # this environment's own .pth files, so its editable lrlab stays out)
    venv = tmp_path / "venv"
    subprocess.run(
        [getattr(sys, "_base_executable", sys.executable), "-m", "venv", "--without-pip", str(venv)], check=True
    )
    site = Path(
        subprocess.run(
            [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    for line in local_lines(checkout / "requirements.txt"):
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--no-deps",
                "--no-compile",
                "--target",
                str(site),
                *_build_flags(),
                line,
            ],
            cwd=checkout,
            check=True,
            timeout=300,
        )
    assert (site / "lrlab" / "__init__.py").exists()
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    kernels = tmp_path / "jupyter" / "kernels" / "binder-like"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [str(venv / "bin" / "python"), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "binder-like",
                "language": "python",
            }
        )
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.delenv("PYTHONPATH", raising=False)

    notebooks = checkout / "notebooks"
    nb = nbformat.read(notebooks / "01_learning_rate.ipynb", as_version=4)
    nb.cells.append(
        nbformat.v4.new_code_cell(
            textwrap.dedent("""\
        import json, os, sys, lrlab
        print(json.dumps({"file": lrlab.__file__, "path": sys.path, "cwd": os.getcwd(),
                          "pythonpath": os.environ.get("PYTHONPATH")}))""")
        )
    )
    client = nbclient.NotebookClient(
        nb, kernel_name="binder-like", timeout=300, resources={"metadata": {"path": str(notebooks)}}
    )
    client.execute()  # raises CellExecutionError if any cell fails
    report = json.loads(nb.cells[-1].outputs[0]["text"])
    assert Path(report["file"]).is_relative_to(site), report["file"]
    assert report["pythonpath"] is None and Path(report["cwd"]) == notebooks
    on_path = {Path(p).resolve() for p in report["path"] if p}
    assert checkout.resolve() not in on_path and ROOT not in on_path
