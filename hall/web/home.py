"""The front page: which halls this server runs and where their kiosk, screens and counters are."""

from flask import Blueprint, render_template
from sqlalchemy import select

from hall.extensions import db
from hall.models import Counter, Hall

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    halls = db.session.scalars(select(Hall).order_by(Hall.name)).all()
    counters = {
        hall.id: db.session.scalars(
            select(Counter).where(Counter.hall_id == hall.id, Counter.active).order_by(Counter.number)
        ).all()
        for hall in halls
    }
    return render_template("home.html", halls=halls, counters=counters)
