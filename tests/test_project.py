"""The project's frame: pinned requirements, Binder files, the Makefile's commands."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_requirements_are_pinned_and_binder_friendly():
    lines = [line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    reqs = [line for line in lines if line]
    # every third-party line is pinned; the one local line "." installs lrlab itself (Binder needs nothing else)
    assert reqs.count(".") == 1 and reqs[-1] == ".", reqs
    pinned = [r for r in reqs if r != "."]
    assert pinned and all(re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][0-9a-z.]*", r) for r in pinned), pinned
    names = {r.split("==")[0].lower() for r in pinned}
    assert {"jupyterlab", "ipywidgets", "anywidget", "ipykernel", "matplotlib", "numpy", "nbval", "voila"} <= names
    assert not any(r.startswith(("-e", "--editable")) for r in reqs)
    # every explorer is drawn by anywidget: ipympl (and its ipykernel < 7 pin, ipympl#610) must not come back
    assert "ipympl" not in names
    # Settings -> Language -> Chinese in JupyterLab
    assert "jupyterlab-language-pack-zh-cn" in names


def test_dev_requirements_are_pinned_and_do_not_reinstall_lrlab():
    lines = [line.split("#")[0].strip() for line in (ROOT / "requirements-dev.txt").read_text().splitlines()]
    reqs = [line for line in lines if line]
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][0-9a-z.]*", r) for r in reqs), reqs
    names = {r.split("==")[0].lower() for r in reqs}
    assert {"hypothesis", "ruff", "mypy", "mutmut", "jupyter-repo2docker"} <= names


def test_runtime_txt_names_python_311():
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"


def makefile_recipe(make: str, target: str) -> str:
    """The rule for ``target`` (the line ``target: ...`` at the start of a line, and its tab-indented recipe)."""
    match = re.search(rf"^{re.escape(target)}:[^\n]*\n((?:\t[^\n]*\n?)*)", make, re.MULTILINE)
    assert match, f"no rule for {target!r}"
    return match.group(0)


def test_makefile_recipe_finds_the_rule_itself():
    make = "$(VENV)/.lab: x\n\tpip install\n\nlab: $(VENV)/.lab\n\tjupyter lab --token=''\n\ntest:\n\tpytest\n"
    assert makefile_recipe(make, "lab") == "lab: $(VENV)/.lab\n\tjupyter lab --token=''\n"
    assert makefile_recipe(make, "test") == "test:\n\tpytest\n"


def test_makefile_commands_and_ci():
    make = (ROOT / "Makefile").read_text()
    for target in ("lab", "test", "notebooks", "bench", "lint", "mutate"):
        makefile_recipe(make, target)
    lab = makefile_recipe(make, "lab")
    assert "jupyter lab" in lab and "--ServerApp.ip=127.0.0.1" in lab
    assert "token" not in lab.lower() and "password" not in lab.lower()  # JupyterLab's own token stays on
    lint = makefile_recipe(make, "lint")
    assert "ruff check" in lint and "ruff format --check" in lint and "mypy lrlab" in lint
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    # make test runs every test: those without a browser on every core, then the browser ones
    test = makefile_recipe(make, "test")
    assert "ruff check" in test and "mypy lrlab" in test
    assert '-m pytest $(PARALLEL) -m "not browser"' in test and "-m pytest -m browser" in test
    assert re.search(r"^PARALLEL := -n auto --dist loadfile$", make, re.M)
    readme = (ROOT / "README.md").read_text()
    assert "make lab" in readme and "make test" in readme


def test_readme_badge_opens_notebook_01_in_lab():
    readme = (ROOT / "README.md").read_text()
    assert "urlpath=lab/tree/notebooks/01_learning_rate.ipynb" in readme
    assert "voila --template=lrlab notebooks/" in readme
    for name in ("01_learning_rate", "02_exponential_decay", "03_schedule_lab"):
        assert name in readme


#: `jupyter labextension list`, then `jupyter server extension list`, in one Python process (each command alone
#: spends most of its time importing the same Jupyter server), a form feed after each.
LIST_EXTENSIONS = """
from jupyter_server.extension.serverextension import ListServerExtensionsApp
from jupyterlab.labextensions import ListLabExtensionsApp

for app in (ListLabExtensionsApp(), ListServerExtensionsApp()):
    app.initialize([])
    app.start()
    print("\\f")
"""


@pytest.mark.skipif(
    shutil.which("jupyter", path=str(Path(sys.executable).parent)) is None,
    reason="needs the project's environment (make test provides it)",
)
def test_lab_extensions_are_installed_and_enabled():
    out = subprocess.run(
        [sys.executable, "-u", "-c", LIST_EXTENSIONS], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert out.returncode == 0, out.stdout
    lab, server, _ = re.sub(r"\x1b\[[0-9;]*m", "", out.stdout).split("\f")
    for ext in ("@jupyter-widgets/jupyterlab-manager", "anywidget"):
        line = next(row for row in lab.splitlines() if ext in row)
        assert "enabled" in line and "OK" in line
    assert re.search(r"voila\S*\s+enabled", server)


def test_readme_is_for_readers_short_and_its_links_resolve():
    readme = (ROOT / "README.md").read_text()
    assert len(readme.splitlines()) <= 150
    for target in re.findall(r"\]\(((?!https?://|#)[^)]+)\)", readme):
        assert (ROOT / target).exists(), target
    contributing = (ROOT / "CONTRIBUTING.md").read_text()
    for target in re.findall(r"\]\(((?!https?://|#)[^)]+)\)", contributing):
        assert (ROOT / target).exists(), target


def test_readme_core_path_is_the_sum_of_the_notebooks_core_paths():
    import json

    readme = (ROOT / "README.md").read_text()
    stated = int(re.search(r"core path takes about (\d+) minutes", readme).group(1))
    minutes = {}
    for path in sorted((ROOT / "notebooks").glob("0*.ipynb")):
        first = "".join(json.loads(path.read_text())["cells"][0]["source"])
        found = re.search(r"\*\*Core path\*\* \(about (\d+) minutes\)", first)
        if found:
            minutes[path.name[:2]] = int(found.group(1))
            assert f"| {found.group(1)} min |" in readme, path.name
    assert {"01", "02", "04"} <= set(minutes)
    assert stated == minutes["01"] + minutes["02"] + minutes["04"] <= 90
