"""Fixtures for the end-to-end tests: one JupyterLab server and one headless Chromium per session.

Without a Chromium these tests are skipped, loudly, with the command that installs one. Under CI=true a
missing Chromium is a failure, never a skip.
"""

import contextlib
import os
import sys
import warnings
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from harness import CHROMIUM_ARGS, INSTALL_HINT, LabServer, find_chromium  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path():
    path = find_chromium()
    if path is None:
        message = f"No Chromium found: the browser tests cannot run. Install one with: {INSTALL_HINT}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        warnings.warn(message, stacklevel=1)  # noqa: B028
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def lab(chromium_path):
    with LabServer() as server:
        yield server


@pytest.fixture(scope="session")
def browser(chromium_path, playwright_session):
    b = playwright_session.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture
def page(browser, lab, request):
    context = browser.new_context(viewport={"width": 1280, "height": 800})  # a laptop, file browser open
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    pg.console_errors = []
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.console_errors.append(f"page error: {e}"))
    yield pg
    ARTIFACTS.mkdir(exist_ok=True)
    with contextlib.suppress(Exception):  # a screenshot is a courtesy, not part of the test
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"))
    context.close()
    lab.delete_sessions()
