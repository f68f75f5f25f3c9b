"""Language choice: Chinese by default, English on request.

``?lang=en`` switches one page (the kiosk uses this so that the next resident starts in Chinese again);
staff keep their choice in the session via the POST form in the page header.
"""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, has_request_context, redirect, request, session, url_for

bp = Blueprint("i18n", __name__)


def current_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands, background work: the hall's language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    for candidate in (request.args.get("lang"), session.get("lang")):
        if candidate in languages:
            return candidate
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def safe_next(target: str | None, fallback: str) -> str:
    """Only redirect within this site (no open redirects through ?next=)."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target


@bp.post("/lang")
def choose_language():
    language = request.form.get("lang", "")
    if language in current_app.config["LANGUAGES"]:
        session["lang"] = language
    return redirect(safe_next(request.form.get("next"), url_for("home.index")))


def register(app) -> None:
    app.register_blueprint(bp)

    @app.context_processor
    def language_context():
        locale = current_locale()  # our code (zh_CN / en); Babel itself says zh_Hans_CN
        return {"locale": locale, "html_lang": "zh-CN" if locale == "zh_CN" else "en"}
