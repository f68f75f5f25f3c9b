"""Addresses that leave the hall's intranet: what residents' phones open from a QR code or a link."""

from flask import current_app, url_for


def public_url(endpoint: str, **values) -> str:
    """An absolute URL for residents' phones: under PUBLIC_BASE_URL if the hall has one, else this host."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return base + url_for(endpoint, **values) if base else url_for(endpoint, _external=True, **values)
