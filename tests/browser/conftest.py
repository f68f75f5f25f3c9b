"""A real hall server and real headless Chromium for end-to-end tests.

The server is ``run.py`` in a subprocess (the README's quick start, on a fresh SQLite file with the demo
hall). Chromium is Debian's ``/usr/bin/chromium`` driven by Playwright. Locally the tests skip when Chromium
is missing; with ``HALL_REQUIRE_BROWSER=1`` (set by ``.ci/run``) a missing browser is a failure.

Every context (the ``context`` fixture and those tests open with ``browser.new_context``) reports the page's
Content-Security-Policy violations, and a test during which any page had one fails: the pages must work
under the policy of ``hall/web/security.py``, not merely load.
"""

import os
from pathlib import Path

import pytest

from tests.servers import CHROMIUM, CHROMIUM_ARGS, hall_server

# Chromium reports violations to the page as an event (and only to DevTools' log as text): pass them to the
# console, which Playwright sees.
CSP_WATCH = """
document.addEventListener("securitypolicyviolation", (e) => console.error(
  `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline code"} in ${e.sourceFile}:${e.lineNumber}`));
"""
CSP_VIOLATIONS: list[str] = []


def _note_console(message) -> None:
    if message.text.startswith("CSP violation") or "Content Security Policy" in message.text:
        CSP_VIOLATIONS.append(f"{message.location.get('url', '')}: {message.text}")


class CspWatchingBrowser:
    """The Playwright browser, whose new contexts report CSP violations."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, *args, **kwargs):
        context = self._browser.new_context(*args, **kwargs)
        context.add_init_script(CSP_WATCH)
        context.on("console", _note_console)
        return context

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(autouse=True)
def no_csp_violations():
    CSP_VIOLATIONS.clear()
    yield
    if CSP_VIOLATIONS:
        pytest.fail("pages violated the Content-Security-Policy:\n" + "\n".join(CSP_VIOLATIONS))


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("HALL_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM}; install Debian's chromium package")
        pytest.skip("Chromium is not installed (apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield CspWatchingBrowser(browser)
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
