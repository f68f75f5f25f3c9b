"""Security headers on every response: what the browser may load, frame, send along and keep.

The pages carry no inline scripts, event-handler attributes or style attributes (data travels in ``data-``
attributes and ``<script type="application/json">`` blocks), so the policy needs no ``'unsafe-inline'``:
an injected ``<script>`` or ``onerror=`` does not run. ``tests/browser/conftest.py`` fails any browser test
whose page reports a violation, and ``tests/hall/web/test_security_headers.py`` checks the headers.
"""

from flask import current_app, request

# connect-src 'self' covers the same origin's ws:/wss: (CSP Level 3), which Socket.IO uses.
# frame-ancestors 'self': the kiosk prints the slip PDF from a same-origin iframe; no other site frames us.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    )
)

# Nothing here uses these; audio stays allowed (the hall screen's chime and speech), and so do serial and
# HID devices (a kiosk's ID-card reader may need them one day).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()"

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",  # for browsers without frame-ancestors
    # Residents' ticket and progress pages carry their private token in the URL: never pass it on.
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

# Documents the policy applies to. A PDF runs no script of ours, and a policy sent with the PDF itself would
# stop Chromium's viewer, which draws it through an internal <embed> (crbug.com/271452): the kiosk's slip.
POLICED_TYPES = ("text/html", "image/svg+xml")


def _is_asset() -> bool:
    endpoint = request.endpoint or ""
    return endpoint == "static" or endpoint.endswith(".static") or endpoint == "vendor.cjk_font"


def add_headers(response):
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if response.mimetype in POLICED_TYPES:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    if current_app.config["HSTS_SECONDS"]:
        response.headers.setdefault("Strict-Transport-Security", f"max-age={current_app.config['HSTS_SECONDS']}")
    # Pages and JSON are made for one person at one moment (staff pages hold residents' names and numbers):
    # no browser or proxy keeps them. Files and assets keep the caching their views chose.
    if "Cache-Control" not in response.headers and not _is_asset():
        response.headers["Cache-Control"] = "no-store"
    return response


def register(app) -> None:
    app.after_request(add_headers)
