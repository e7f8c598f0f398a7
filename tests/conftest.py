"""Fixtures shared by every test folder."""

import os

import pytest
from hypothesis import settings

from lrlab import fonts, i18n

# CI draws the same examples on every run (a red CI is then reproducible); elsewhere each run draws new ones
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _english_and_no_font_remembered():
    """The language and the CJK font lrlab found are process-wide: every test starts and ends in English, with
    the font looked up afresh."""
    i18n.set_language("en")
    fonts.forget()
    yield
    i18n.set_language("en")
    fonts.forget()


@pytest.fixture(scope="session")
def playwright_session():
    """One Playwright driver for the whole run.

    Playwright's sync API refuses to start a second driver while one is running, so the JupyterLab tests
    (tests/browser) and the static-site tests (tests/site) share this one; each folder launches its own Chromium.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p
