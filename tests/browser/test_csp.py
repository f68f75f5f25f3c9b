"""The browser enforces the Content-Security-Policy, and the browser tests notice when a page breaks it."""

from tests.browser import conftest


def test_injected_inline_code_does_not_run_and_is_reported(live_server, context):
    """An inline <script> or onerror= slipped into a page stays dead, and the violation is reported."""
    page = context.new_page()
    page.goto(f"{live_server}/login")
    ran = page.evaluate(
        """() => new Promise((done) => {
            window.hacked = false;
            const script = document.createElement("script");
            script.textContent = "window.hacked = true";
            document.body.append(script);
            document.body.insertAdjacentHTML("beforeend", '<img src="data:," onerror="window.hacked = true">');
            setTimeout(() => done(window.hacked), 500);
        })"""
    )
    page.wait_for_timeout(200)
    caught = list(conftest.CSP_VIOLATIONS)
    conftest.CSP_VIOLATIONS.clear()  # expected here: this test is about them
    assert ran is False
    assert any("script-src" in line for line in caught), caught
