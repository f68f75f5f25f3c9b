"""Health checks for load balancers and service monitors.

``/healthz``: the process answers (also the trivial endpoint benchmarks compare against).
``/readyz``: the database answers too.
"""

from flask import Blueprint, jsonify
from sqlalchemy import text

from hall.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def alive():
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


@bp.get("/readyz")
def ready():
    db.session.execute(text("SELECT 1"))
    return jsonify({"database": "ok"})
