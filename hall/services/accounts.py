"""Staff accounts: checking a username and password."""

from functools import cache

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from hall.extensions import db
from hall.models import Staff


@cache
def _dummy_hash() -> str:
    return generate_password_hash("no such account")


def authenticate(username: str, password: str) -> Staff | None:
    """The active staff member with these credentials, or None.

    Usernames are matched without regard to case or surrounding spaces. An unknown username costs the same
    hashing time as a wrong password, so response times do not reveal which usernames exist.
    """
    name = (username or "").strip().lower()
    staff = db.session.scalar(select(Staff).where(func.lower(Staff.username) == name)) if name else None
    if staff is None:
        check_password_hash(_dummy_hash(), password or "")
        return None
    if not staff.check_password(password or "") or not staff.active:
        return None
    return staff
