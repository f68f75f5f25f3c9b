"""Staff accounts: checking a username and password, and what a new password must be."""

from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from hall.errors import ValidationFailed
from hall.extensions import db
from hall.models import Staff

WRONG_CREDENTIALS = _l("Wrong username or password.")

# NIST SP 800-63B: length and a refusal of the guessable, no composition rules (they breed "Password1!").
# Ten characters: with the sign-in lock (hall.services.login_guard) online guessing is hopeless, and an
# offline attack on a leaked hash meets scrypt (werkzeug's default: N=2^15, r=8, p=1, 16-character salt).
MIN_PASSWORD = 10
# Keyboard rows and counting, forwards and backwards: a password that is a stretch of one is refused.
_SEQUENCES = ("01234567890", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm", "1qaz2wsx3edc4rfv")
# The most common passwords of ten characters or more in published Chinese and English leaks.
_COMMON = frozenset(
    {
        "1234567890",
        "0987654321",
        "123456789a",
        "a123456789",
        "1234567890a",
        "123456789abc",
        "abc1234567",
        "1q2w3e4r5t",
        "1q2w3e4r5t6y",
        "1qaz2wsx3edc",
        "qwerty1234",
        "qwertyuiop",
        "password12",
        "password123",
        "password1234",
        "passw0rd123",
        "admin12345",
        "admin123456",
        "administrator",
        "woaini1314",
        "woaini5201314",
        "5201314520",
        "iloveyou12",
        "iloveyou123",
        "11111111111",
        "88888888888",
    }
)


@cache
def _dummy_hash() -> str:
    return generate_password_hash("no such account")


def authenticate(username: str, password: str) -> Staff | None:
    """The active staff member with these credentials, or None.

    Usernames are matched without regard to case or surrounding spaces. An unknown username costs the same
    hashing time as a wrong password, so response times do not reveal which usernames exist. Callers that
    face the network go through ``hall.services.login_guard.sign_in``, which also limits guessing.
    """
    name = (username or "").strip().lower()
    staff = db.session.scalar(select(Staff).where(func.lower(Staff.username) == name)) if name else None
    if staff is None:
        check_password_hash(_dummy_hash(), password or "")
        return None
    if not staff.check_password(password or "") or not staff.active:
        return None
    return staff


def _guessable(lowered: str) -> bool:
    if lowered in _COMMON or len(set(lowered)) < 4:  # "aaaaaaaaaa", "abcabcabcabc", "1212121212"
        return True
    return any(lowered in run or lowered in run[::-1] for run in _SEQUENCES)


def check_new_password(password: str | None, username: str | None = None) -> str:
    """``password`` if it may be given to a staff account; ``ValidationFailed`` (field ``password``) if not."""
    value = password or ""
    if len(value) < MIN_PASSWORD:
        raise ValidationFailed(_l("Use at least %(count)s characters.", count=MIN_PASSWORD), field="password")
    lowered = value.lower()
    name = (username or "").strip().lower()
    if len(name) >= 3 and name in lowered:
        raise ValidationFailed(_l("The password must not contain the username."), field="password")
    if _guessable(lowered):
        raise ValidationFailed(
            _l("This password is too easy to guess: avoid common passwords, repeated characters and keyboard rows."),
            field="password",
        )
    return value
