"""Finding a matter at the window: by name, code or pinyin initials (低保申请: "低保", "MZ-001", "dbsq")."""

from sqlalchemy import or_, select

from hall.extensions import db
from hall.models import Matter

SEARCH_LIMIT = 30


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like(text: str) -> str:
    return f"%{_escape(text)}%"


def search_matters(hall_id: int, query: str, limit: int = SEARCH_LIMIT) -> list[Matter]:
    """Active matters of the hall matching ``query``; initials and code matches first, then by catalogue order."""
    query = " ".join((query or "").split())[:50]
    statement = select(Matter).where(Matter.hall_id == hall_id, Matter.active)
    if query:
        upper = query.upper()
        statement = statement.where(
            or_(
                Matter.name.like(_like(query), escape="\\"),
                Matter.code.like(_like(upper), escape="\\"),
                Matter.initials.like(f"{_escape(upper.replace(' ', ''))}%", escape="\\"),
            )
        )
    matters = list(db.session.scalars(statement.order_by(Matter.position, Matter.id).limit(200)))
    if query:
        upper = query.upper().replace(" ", "")
        matters.sort(key=lambda m: (not (m.initials.startswith(upper) or m.code == upper), m.position, m.id))
    return matters[:limit]
