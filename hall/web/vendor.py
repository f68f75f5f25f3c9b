"""Assets that come from package registries at install time, served by the app (halls have no internet)."""

from flask import Blueprint, abort, current_app, send_file

from hall.pdf.fonts import CJKFontMissing, find_font

bp = Blueprint("vendor", __name__)


@bp.get("/fonts/cjk.ttf")
def cjk_font():
    """The PDFs' Chinese font as a last-resort web font for screens whose PC lacks one."""
    try:
        font = find_font(current_app.config["CJK_FONT_PATH"])
    except CJKFontMissing:
        abort(404)
    return send_file(font.path, mimetype="font/ttf", max_age=30 * 24 * 3600)
