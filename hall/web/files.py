"""Documents sent to the browser: PDFs to print, spreadsheets to download, never kept in a shared cache."""

from flask import current_app


def font_path() -> str:
    """The CJK font the hall configured for its PDFs (empty: the packaged or a system font)."""
    return current_app.config.get("CJK_FONT_PATH", "")


def file_response(content: bytes, filename: str, mimetype: str = "application/pdf", *, download: bool = False):
    response = current_app.response_class(content, mimetype=mimetype)
    disposition = "attachment" if download else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"  # personal data, even if masked: never in a shared cache
    return response
