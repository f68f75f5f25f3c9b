"""Finding a matter at the window: by name, code or pinyin initials (最低生活保障申请: "生活保障", "MZ-001", "zdsh")."""

from sqlalchemy import or_, select

from hall.extensions import db
from hall.models import Matter

SEARCH_LIMIT = 30


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like(text: str) -> str:
    return f"%{_escape(text)}%"


def search_matters(
    hall_id: int, query: str, limit: int = SEARCH_LIMIT, *, include_inactive: bool = False
) -> list[Matter]:
    """Matters of the hall matching ``query`` (active ones only, unless asked); initials and code matches first.

    Initials match anywhere in the name's initials ("shbz" finds 最低生活保障申请), as clerks often type the
    middle of a long name."""
    query = " ".join((query or "").split())[:50]
    statement = select(Matter).where(Matter.hall_id == hall_id)
    if not include_inactive:
        statement = statement.where(Matter.active)
    if query:
        upper = query.upper()
        statement = statement.where(
            or_(
                Matter.name.like(_like(query), escape="\\"),
                Matter.code.like(_like(upper), escape="\\"),
                Matter.initials.like(f"%{_escape(upper.replace(' ', ''))}%", escape="\\"),
            )
        )
    matters = list(db.session.scalars(statement.order_by(Matter.position, Matter.id).limit(200)))
    if query:
        upper = query.upper().replace(" ", "")
        matters.sort(key=lambda m: (not (m.initials.startswith(upper) or m.code == upper), m.position, m.id))
    return matters[:limit]
