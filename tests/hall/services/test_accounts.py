"""Staff passwords: what a new one must be, and how it is stored."""

import pytest

from hall.errors import ValidationFailed
from hall.models import Staff
from hall.services import accounts


@pytest.mark.parametrize(
    "password",
    ["short", "nine char", "1234567890", "0987654321", "qwertyuiop", "aaaaaaaaaaaa", "abcabcabcabc", "woaini1314"],
)
def test_short_or_guessable_passwords_are_refused(app, password):
    """A manager setting a short, common, repeated or keyboard-row password is told why, on the password field."""
    with pytest.raises(ValidationFailed) as refused:
        accounts.check_new_password(password, "wang.fang")
    assert refused.value.details == {"field": "password"}


def test_a_password_containing_the_username_is_refused(app):
    """wang.fang2026! is refused for wang.fang: the first thing anyone would try."""
    with pytest.raises(ValidationFailed, match="用户名"):
        accounts.check_new_password("Wang.Fang2026!", "wang.fang")


@pytest.mark.parametrize("password", ["correct horse battery", "青山镇便民中心2026", "river-stone-42"])
def test_long_unusual_passwords_are_accepted_without_composition_rules(app, password):
    """Ten characters or more that are not on the lists pass; no digit or symbol is demanded."""
    assert accounts.check_new_password(password, "wang.fang") == password


def test_passwords_are_stored_as_salted_scrypt_hashes(app):
    """The stored value is werkzeug's scrypt (N=2^15, r=8, p=1) with a salt: equal passwords hash differently."""
    first, second = Staff(), Staff()
    first.set_password("correct horse battery")
    second.set_password("correct horse battery")
    assert first.password_hash.startswith("scrypt:32768:8:1$") and first.password_hash != second.password_hash
    assert first.check_password("correct horse battery") and not first.check_password("Correct horse battery")
