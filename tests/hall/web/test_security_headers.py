"""Security headers: a strict Content-Security-Policy on pages, no framing by others, no referrer, no caching."""

import re
from pathlib import Path

import pytest

import config
from tests.hall.services.helpers import issue

TEMPLATE_DIRS = [config.BASE_DIR / d for d in ("hall/templates", "hall/api/templates", "kiosk", "display")]


def policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split(" ", 1)[1] for part in header.split("; ")}


def test_pages_forbid_inline_scripts_and_foreign_sources(client, small_hall):
    """The policy lets a page run only the app's own script files: no inline code, no other site."""
    csp = policy(client.get("/login"))
    assert csp["default-src"] == "'self'" and csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
    assert csp["object-src"] == "'none'" and csp["base-uri"] == "'self'" and csp["form-action"] == "'self'"
    assert csp["frame-ancestors"] == "'self'" and csp["connect-src"] == "'self'"
    assert csp["img-src"] == "'self' data: blob:"
    assert "unsafe" not in client.get("/login").headers["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/login", "/h/test/kiosk/", "/h/test/display/", "/api/v1/halls/test/snapshot"])
def test_every_response_says_nosniff_sameorigin_no_referrer(client, small_hall, path):
    """Pages and JSON alike: no MIME sniffing, framed only by the app, no referrer, no sensors or camera."""
    headers = client.get(path).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "camera=()" in headers["Permissions-Policy"] and "microphone=()" in headers["Permissions-Policy"]
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_error_pages_carry_the_headers_too(client, small_hall):
    """A 404 page is still a page: it gets the policy."""
    response = client.get("/no/such/page")
    assert response.status_code == 404 and "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_the_residents_ticket_page_never_leaks_its_token(client, small_hall, clock):
    """The ticket page's URL holds the private token: no referrer to any link, not cached."""
    ticket = issue(small_hall.hall, small_hall.a, clock)
    response = client.get(f"/t/{ticket.token}")
    assert response.headers["Referrer-Policy"] == "no-referrer" and response.headers["Cache-Control"] == "no-store"


def test_the_slip_pdf_can_be_printed_from_the_kiosk_frame(client, small_hall, clock):
    """The slip has no page policy (Chromium's PDF viewer needs none) but still may only be framed by the app."""
    ticket = issue(small_hall.hall, small_hall.a, clock)
    response = client.get(f"/h/test/kiosk/slip/{ticket.token}.pdf")
    assert response.status_code == 200 and "Content-Security-Policy" not in response.headers
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN" and response.headers["X-Content-Type-Options"]


def test_staff_pages_and_data_are_never_cached(client, login, small_hall):
    """What a clerk or manager sees (names, numbers) is not kept by the browser or a proxy."""
    login(small_hall.manager)
    for path in (
        "/counter/",
        "/manage/test/staff",
        "/manage/test/dashboard.json",
        f"/api/v1/counters/{small_hall.w1.id}",
    ):
        assert client.get(path).headers["Cache-Control"] == "no-store", path


def test_static_assets_stay_cacheable(client, small_hall):
    """The app's own scripts and styles are not marked no-store (screens load them once a day)."""
    for path in ("/static/css/app.css", "/static/kiosk/kiosk.js", "/static/display/live.js"):
        response = client.get(path)
        assert response.status_code == 200 and "no-store" not in response.headers.get("Cache-Control", ""), path


def test_hsts_only_when_configured_for_production(app, client, small_hall):
    """Testing sends no Strict-Transport-Security; with HSTS_SECONDS (production over HTTPS) it does."""
    assert "Strict-Transport-Security" not in client.get("/login").headers
    app.config["HSTS_SECONDS"] = 31536000
    assert client.get("/login").headers["Strict-Transport-Security"] == "max-age=31536000"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.I)


def templates():
    return sorted(path for folder in TEMPLATE_DIRS for path in Path(folder).rglob("*.html"))


def test_templates_hold_no_inline_code_or_style():
    """No inline <script>, on...= handler, javascript: URL, style attribute or <style> block: the policy allows none."""
    found = []
    for path in templates():
        text = path.read_text(encoding="utf-8")
        for name, pattern in (("inline script", INLINE_SCRIPT), ("handler", EVENT_HANDLER), ("style", STYLE_ATTRIBUTE)):
            found += [(path.name, name, match.group(0)[:60]) for match in pattern.finditer(text)]
        if "javascript:" in text.lower() or "<style" in text.lower():
            found.append((path.name, "javascript: or <style>", ""))
    assert len(templates()) > 20 and found == []
