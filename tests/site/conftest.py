"""Fixtures for the static-site tests: the site built once per session (tools/build_site.py, into a
temporary folder), a plain `python -m http.server` on 127.0.0.1 serving it, and headless Chromium pages
whose every request outside that server is blocked and recorded.

Without a Chromium the browser tests are skipped, loudly; under CI=true a missing Chromium is a failure.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import socket
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
# the same flags as the JupyterLab tests (tests/browser/harness.py)
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
INSTALL_HINT = "apt-get install -y chromium   (Debian/Ubuntu; `playwright install` cannot download here)"


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
    """(folder, report) of the site built from notebooks/ as `make site` builds it."""
    out = tmp_path_factory.mktemp("lrlab-site") / "site"
    report = builder.build(out, ROOT / "notebooks", ROOT / "build" / "site-npm", log=lambda *a: None)
    return out, report


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
    env = os.environ.get("LRLAB_CHROMIUM")
    for path in ([env] if env else []) + list(CHROMIUM_CANDIDATES):
        if path and Path(path).exists():
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


@pytest.fixture
def offline_page(browser, server, request):
    """A page on which only the site's own server answers. Records blocked requests, failed responses,
    console errors and page errors."""
    host = urlsplit(server).netloc
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    pg.blocked, pg.failed, pg.console_errors = [], [], []

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
    yield pg
    ARTIFACTS.mkdir(exist_ok=True)
    with contextlib.suppress(Exception):  # a screenshot is a courtesy, not part of the test
        pg.screenshot(path=str(ARTIFACTS / f"site-{request.node.name}.png"))
    context.close()
