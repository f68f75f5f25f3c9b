"""A manager lifts a sign-in lock: the staff pages say until when an account is locked, and Unlock ends it now."""

import pytest
from sqlalchemy import select

from hall.db import write_transaction
from hall.errors import InvalidState, PermissionDenied
from hall.extensions import db
from hall.models import HistoryEntry, Kind, Role, Throttle
from hall.services import login_guard
from tests import factories
from tests.factories import PASSWORD
from tests.hall.web.test_login_throttle import fail, sign_in


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def locked_clerk(app, small_hall, clock):
    """Clerk c1 typed five wrong passwords at 10:00 on their own browser: locked until 10:15."""
    clerk_browser = app.test_client()
    attempts = fail(clerk_browser, "c1", login_guard.ACCOUNT_FAILURES)
    assert attempts[-1][0] == 429
    assert sign_in(clerk_browser, "c1", PASSWORD)[0] == 429
    return clerk_browser


def unlocks():
    query = select(HistoryEntry).where(HistoryEntry.kind == Kind.STAFF_UNLOCKED)
    return db.session.scalars(query).all()


def test_a_manager_sees_the_lock_unlocks_and_the_clerk_signs_in_at_once(client, login, small_hall, clock, locked_clerk):
    """The staff list and the clerk's page say "locked until 10:15"; after Unlock the right password works."""
    c1 = small_hall.c1
    token = login(small_hall.manager)
    listing = text(client.get("/manage/test/staff"))
    assert 'data-locked-until="10:15"' in listing and f"/manage/test/staff/{c1.id}/unlock" in listing
    assert listing.count("data-locked-until") == 1, "only the locked account is marked"
    assert 'data-locked-until="10:15"' in text(client.get(f"/manage/test/staff/{c1.id}"))
    response = client.post(f"/manage/test/staff/{c1.id}/unlock", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith("/manage/test/staff")
    after = text(client.get("/manage/test/staff"))
    assert "flash-ok" in after and "c1" in after and "data-locked-until" not in after
    assert sign_in(locked_clerk, "c1", PASSWORD)[2]


def test_the_history_and_the_audit_page_record_who_unlocked_whom(client, login, small_hall, clock, locked_clerk):
    """One staff.unlocked entry: the manager as actor, the clerk's account as subject; the audit page lists it."""
    token = login(small_hall.manager)
    client.post(f"/manage/test/staff/{small_hall.c1.id}/unlock", data={"csrf_token": token})
    (entry,) = unlocks()
    assert (entry.hall_id, entry.staff_id, entry.channel) == (small_hall.hall.id, small_hall.manager.id, "web")
    assert entry.data["staff_id"] == small_hall.c1.id and entry.data["username"] == "c1"
    assert entry.data["until"].startswith("2026-11-23T02:15")
    audit = text(client.get("/manage/test/audit", query_string={"start": "2026-11-23", "end": "2026-11-23"}))
    assert audit.count('data-source="change"') >= 2  # the lock and its lifting
    assert small_hall.manager.name in audit and '<small class="muted">c1</small>' in audit  # who, and whose account


def test_unlocking_keeps_the_address_count(client, login, small_hall, clock, locked_clerk):
    """The failures from the clerk's PC still count towards that address's limit: only the account is cleared."""
    token = login(small_hall.manager)
    client.post(f"/manage/test/staff/{small_hall.c1.id}/unlock", data={"csrf_token": token})
    keys = {row.key: row.count for row in db.session.scalars(select(Throttle))}
    assert "login-fail:c1" not in keys and "login-lock:c1" not in keys
    assert keys["login-addr:198.51.100.1"] == login_guard.ACCOUNT_FAILURES


def test_the_county_administrator_may_unlock_anyone(app, client, login, small_hall, clock, locked_clerk):
    """An administrator (any hall) unlocks the clerk from the same page."""
    with write_transaction():
        admin = factories.make_staff(None, "county", Role.ADMIN)
    token = login(admin)
    assert client.post(f"/manage/test/staff/{small_hall.c1.id}/unlock", data={"csrf_token": token}).status_code == 302
    assert login_guard.locked_until("c1", now=clock()) is None
    assert unlocks()[0].staff_id == admin.id


@pytest.mark.parametrize("who", ["other_manager", "clerk"])
def test_another_halls_manager_and_a_clerk_get_403(app, client, login, small_hall, clock, locked_clerk, who):
    """Neither sees the staff pages nor can unlock: 403, and the clerk stays locked."""
    with write_transaction():
        other = factories.make_hall("other")
        person = factories.make_staff(other, "other.boss", Role.MANAGER) if who == "other_manager" else small_hall.c2
    token = login(person)
    assert client.get("/manage/test/staff").status_code == 403
    assert client.post(f"/manage/test/staff/{small_hall.c1.id}/unlock", data={"csrf_token": token}).status_code == 403
    if who == "other_manager":  # through their own hall's address: not one of their staff
        own_hall = f"/manage/other/staff/{small_hall.c1.id}/unlock"
        assert client.post(own_hall, data={"csrf_token": token}).status_code == 404
    assert login_guard.locked_until("c1", now=clock()) is not None and unlocks() == []


def test_a_post_without_the_csrf_token_is_400_and_a_get_never_unlocks(client, login, small_hall, clock, locked_clerk):
    """A page elsewhere cannot make the manager's browser unlock, nor can a link (GET is not an action)."""
    login(small_hall.manager)
    url = f"/manage/test/staff/{small_hall.c1.id}/unlock"
    assert client.post(url).status_code == 400
    assert client.get(url).status_code == 405
    client.get("/manage/test/staff")
    client.get(f"/manage/test/staff/{small_hall.c1.id}")
    assert login_guard.locked_until("c1", now=clock()) is not None and unlocks() == []
    assert sign_in(locked_clerk, "c1", PASSWORD)[0] == 429


def test_unlocking_an_account_that_is_not_locked_says_so(client, login, small_hall, clock, locked_clerk):
    """Pressed after the lock ended by itself (or twice): a message, nothing recorded."""
    token = login(small_hall.manager)
    clock.advance(minutes=15)
    assert client.post(f"/manage/test/staff/{small_hall.c1.id}/unlock", data={"csrf_token": token}).status_code == 302
    assert "flash-error" in text(client.get("/manage/test/staff")) and unlocks() == []


def test_a_manager_unlocks_only_their_own_halls_accounts(app, small_hall, clock):
    """In the service too: another hall's manager and a hall's manager for a county account are refused."""
    with write_transaction():
        other = factories.make_hall("other")
        other_boss = factories.make_staff(other, "other.boss", Role.MANAGER)
        admin = factories.make_staff(None, "county", Role.ADMIN)
        colleague = factories.make_staff(None, "county.2", Role.ADMIN)
    for username in ("c1", "county"):
        with write_transaction():
            for _ in range(login_guard.ACCOUNT_FAILURES):
                login_guard.record_failure(username=username, address="203.0.113.9", now=clock(), channel="web")
    for actor, subject in ((other_boss, small_hall.c1), (small_hall.manager, admin)):
        with pytest.raises(PermissionDenied), write_transaction():
            login_guard.unlock(staff_id=subject.id, by_staff_id=actor.id, now=clock())
    with write_transaction():
        login_guard.unlock(staff_id=admin.id, by_staff_id=colleague.id, now=clock())  # no hall: the log only
    assert login_guard.locked_until("county", now=clock()) is None and unlocks() == []
    with pytest.raises(InvalidState), write_transaction():
        login_guard.unlock(staff_id=admin.id, by_staff_id=colleague.id, now=clock())
