"""Fixtures for the static-site tests: the site built once per session (tools/build_site.py, into a
temporary folder), a plain `python -m http.server` on 127.0.0.1 serving it, and headless Chromium pages
whose every request outside that server is blocked and recorded.

Without a Chromium the browser tests are skipped, loudly; under CI=true a missing Chromium is a failure.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import subprocess
import sys
import time
import urllib.request
import warnings
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from harness import CHROMIUM_ARGS, INSTALL_HINT, find_chromium, free_port  # noqa: E402  (the JupyterLab tests' own)


def load_builder():
    spec = importlib.util.spec_from_file_location("build_site", ROOT / "tools" / "build_site.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_site"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def builder():
    return load_builder()


@pytest.fixture(scope="session")
def site(builder, tmp_path_factory):
    """(folder, report) of the site built from notebooks/ as `make site` builds it (a notebook whose stored
    explorers are missing or were made by another version of them is run into a copy first)."""
    out = tmp_path_factory.mktemp("lrlab-site") / "site"
    report = builder.build(
        out, ROOT / "notebooks", ROOT / "build" / "site-npm", execute_missing=True, log=lambda *a: None
    )
    return out, report


@pytest.fixture(scope="session")
def server(site):
    """The base URL of a plain static server for the site (what a school web server does)."""
    folder, _ = site
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(base + "index.html", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("python -m http.server did not start") from None
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def chromium_path():
    path = find_chromium()
    if path:
        return path
    message = f"No Chromium found: the browser tests cannot run. Install one with: {INSTALL_HINT}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    warnings.warn(message, stacklevel=1)  # noqa: B028
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser(chromium_path, playwright_session):
    b = playwright_session.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture(params=[(1280, 720), (360, 740)], ids=["projector-1280", "phone-360"])
def offline_page(browser, server, request):
    """A page on which only the site's own server answers, on a projector (1280 × 720) and on a phone
    (360 × 740). Records blocked requests, failed responses, console errors, page errors and dialogs."""
    host = urlsplit(server).netloc
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    pg.blocked, pg.failed, pg.console_errors, pg.dialogs = [], [], [], []

    def route(r):
        url = urlsplit(r.request.url)
        if url.scheme in ("http", "https") and url.netloc == host:
            r.continue_()
        else:
            pg.blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    pg.on("response", lambda resp: pg.failed.append(f"{resp.status} {resp.url}") if resp.status >= 400 else None)
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.console_errors.append(f"page error: {e}"))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    ARTIFACTS.mkdir(exist_ok=True)
    with contextlib.suppress(Exception):  # a screenshot is a courtesy, not part of the test
        pg.screenshot(path=str(ARTIFACTS / f"site-{request.node.name}.png"))
    context.close()
