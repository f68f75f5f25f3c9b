"""A real hall server and real headless Chromium for end-to-end tests.

The server is ``run.py`` in a subprocess (the README's quick start, on a fresh SQLite file with the demo
hall). Chromium is Debian's ``/usr/bin/chromium`` driven by Playwright. Locally the tests skip when Chromium
is missing; with ``HALL_REQUIRE_BROWSER=1`` (set by ``.ci/run``) a missing browser is a failure.
"""

import os
from pathlib import Path

import pytest

from tests.servers import CHROMIUM, CHROMIUM_ARGS, hall_server


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("HALL_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM}; install Debian's chromium package")
        pytest.skip("Chromium is not installed (apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_server(tmp_path):
    """The hall as a newcomer runs it: run.py, development settings, demo hall, a fresh database."""
    with hall_server(tmp_path) as url:
        yield url


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 900}, locale="zh-CN")
    context.set_default_timeout(15000)
    yield context
    context.close()
