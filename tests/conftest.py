"""Fixtures shared by every test folder."""

import pytest


@pytest.fixture(scope="session")
def playwright_session():
    """One Playwright driver for the whole run.

    Playwright's sync API refuses to start a second driver while one is running, so the JupyterLab tests
    (tests/browser) and the static-site tests (tests/site) share this one; each folder launches its own Chromium.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p
