"""Identity at the kiosk: one open ticket per person and service, reprints, and nothing of the number kept."""

import logging
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from hall.db import write_transaction
from hall.errors import AlreadyWaiting, NotFound, ValidationFailed
from hall.extensions import db
from hall.models import HistoryEntry, Kind, KioskIdentity, QueueDay, Ticket, TicketState
from hall.services import counter_actions, kiosk_identity
from hall.services.ticketing import issue_ticket, reprint_ticket
from tests.hall.services.helpers import act, call_next, issue, kiosk_policy
from tests.test_concurrency import run_together

PHONE = "13812345678"
ID_CARD = "11010519491231002X"  # a valid check digit (GB 11643)
OTHER_ID = "330106199003071236"


def set_mode(hall, mode: KioskIdentity) -> None:
    with write_transaction():
        hall.kiosk_identity = mode.value


def reprint(hall, service, identity, clock, **kwargs) -> Ticket:
    kwargs.setdefault("policy", kiosk_policy())
    with write_transaction():
        return reprint_ticket(hall_id=hall.id, service_id=service.id, identity=identity, now=clock(), **kwargs)


@pytest.fixture
def asking(small_hall):
    """small_hall whose kiosk asks for an ID card or mobile number, and lets residents skip it."""
    set_mode(small_hall.hall, KioskIdentity.OPTIONAL)
    return small_hall


def test_same_person_twice_for_a_service_is_told_their_number(asking, clock):
    """A second number for the same service is refused with the number the person already holds."""
    first = issue(asking.hall, asking.a, clock, identity=PHONE)
    with pytest.raises(AlreadyWaiting) as refused:
        issue(asking.hall, asking.a, clock, identity=" 138 1234 5678 ")
    assert (refused.value.status, refused.value.code) == (409, "already_waiting")
    assert refused.value.details == {"number": first.number, "state": "waiting", "reprint": True}
    assert "A001" in str(refused.value) and "综合受理" in str(refused.value)
    assert db.session.get(QueueDay, (asking.a.id, first.service_day)).last_seq == 1, "no number used up"


def test_reprint_gives_the_same_number_and_qr_token(asking, clock):
    """The person who typed the same phone gets their slip again: same number, same QR code, recorded."""
    first = issue(asking.hall, asking.a, clock, identity=PHONE)
    again = reprint(asking.hall, asking.a, PHONE, clock)
    assert (again.id, again.number, again.token) == (first.id, "A001", first.token)
    entry = db.session.scalars(select(HistoryEntry).where(HistoryEntry.kind == Kind.REPRINTED)).one()
    assert (entry.ticket_id, entry.data, entry.channel) == (first.id, {"number": "A001"}, "kiosk")


def test_a_called_ticket_still_holds_the_persons_place(asking, clock):
    """Called to a window but still at the kiosk: the same number is given back, not a new one."""
    issue(asking.hall, asking.a, clock, identity=ID_CARD)
    call_next(asking.w1, asking.c1, clock)
    with pytest.raises(AlreadyWaiting) as refused:
        issue(asking.hall, asking.a, clock, identity=ID_CARD.lower())
    assert refused.value.details["state"] == "called"


def test_same_person_may_queue_for_different_services(asking, clock):
    """One open number per service: the same phone may wait for A and for B at once."""
    a = issue(asking.hall, asking.a, clock, identity=PHONE)
    b = issue(asking.hall, asking.b, clock, identity=PHONE)
    assert (a.number, b.number) == ("A001", "B001")


def test_after_the_first_is_finished_the_person_may_take_another(asking, clock):
    """Once served, the same person may take a new number for the same service."""
    first = issue(asking.hall, asking.a, clock, identity=PHONE)
    call_next(asking.w1, asking.c1, clock)
    act(counter_actions.finish, first, asking.w1, asking.c1, clock)
    assert db.session.get(Ticket, first.id).state == TicketState.DONE
    assert issue(asking.hall, asking.a, clock, identity=PHONE).number == "A002"


def test_different_people_each_get_a_number(asking, clock):
    """Two different ID cards are two people."""
    numbers = [issue(asking.hall, asking.a, clock, identity=i).number for i in (ID_CARD, OTHER_ID)]
    assert numbers == ["A001", "A002"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("110105194912310021", "校验位"),  # wrong check digit
        ("110105194913310021", "出生日期"),  # month 13
        ("1381234567", "10"),  # ten digits: neither a mobile nor an ID
        ("12812345678", "13"),  # not a mobile prefix
        ("110105491231002", "15 位"),  # an old 15-digit card number
    ],
)
def test_a_mistyped_number_is_refused_plainly_and_uses_no_number(asking, clock, typed, expected):
    """A typing slip gets a 422 saying what to check, on the identity field; no ticket, no number used up."""
    with pytest.raises(ValidationFailed) as refused:
        issue(asking.hall, asking.a, clock, identity=typed)
    assert refused.value.status == 422 and refused.value.details == {"field": "identity"}
    assert expected in str(refused.value) and typed not in str(refused.value)
    assert db.session.scalar(select(Ticket.id)) is None
    assert issue(asking.hall, asking.a, clock, identity=PHONE).number == "A001"


def test_full_number_is_kept_nowhere(asking, clock, caplog):
    """Ticket rows, history and logs hold a hash and a masked hint only, never the typed number."""
    caplog.set_level(logging.DEBUG)
    by_phone = issue(asking.hall, asking.a, clock, identity=PHONE)
    by_card = issue(asking.hall, asking.b, clock, identity=ID_CARD)
    with pytest.raises(AlreadyWaiting):
        issue(asking.hall, asking.a, clock, identity=PHONE)
    reprint(asking.hall, asking.b, ID_CARD, clock)
    assert (by_phone.identity_kind, by_phone.identity_hint) == ("phone", "138****5678")
    assert (by_card.identity_kind, by_card.identity_hint) == ("id", "****002X")
    assert len(by_phone.identity_hash) == 64
    stored = [
        repr([getattr(ticket, column.key) for column in Ticket.__table__.columns])
        for ticket in db.session.scalars(select(Ticket))
    ]
    stored += [repr(entry.data) for entry in db.session.scalars(select(HistoryEntry))]
    stored += [record.getMessage() for record in caplog.records]
    for text in stored:
        for secret in (PHONE, PHONE[3:], ID_CARD, ID_CARD[:17]):
            assert secret not in text


def test_required_refuses_a_resident_without_a_number(small_hall, clock):
    """Where the hall requires it, the kiosk gives no number without an ID card or mobile number."""
    set_mode(small_hall.hall, KioskIdentity.REQUIRED)
    for missing in (None, "", "   "):
        with pytest.raises(ValidationFailed) as refused:
            issue(small_hall.hall, small_hall.a, clock, identity=missing)
        assert refused.value.details == {"field": "identity"} and "身份证号" in str(refused.value)
    assert issue(small_hall.hall, small_hall.a, clock, identity=PHONE).number == "A001"


def test_a_clerk_issuing_at_the_window_need_not_give_one(small_hall, clock):
    """A clerk taking a number for a resident at the window is not asked for the resident's number."""
    set_mode(small_hall.hall, KioskIdentity.REQUIRED)
    ticket = issue(small_hall.hall, small_hall.a, clock, channel="counter", staff_id=small_hall.c1.id)
    assert ticket.identity_hash is None


def test_optional_may_be_skipped(asking, clock):
    """Where it is optional, a resident who types nothing still gets a number, as before."""
    tickets = [issue(asking.hall, asking.a, clock, identity=typed) for typed in (None, "")]
    assert [t.number for t in tickets] == ["A001", "A002"] and tickets[0].identity_hash is None


def test_off_ignores_whatever_is_sent(small_hall, clock):
    """A hall that does not ask neither checks nor keeps a number sent anyway: the same one gets two tickets."""
    assert small_hall.hall.kiosk_identity == "off"
    tickets = [issue(small_hall.hall, small_hall.a, clock, identity=typed) for typed in (PHONE, PHONE, "garbage")]
    assert [t.number for t in tickets] == ["A001", "A002", "A003"]
    assert {t.identity_hash for t in tickets} == {None}
    entry = db.session.scalars(select(HistoryEntry).where(HistoryEntry.ticket_id == tickets[0].id)).one()
    assert "identity" not in entry.data


def test_history_says_only_which_kind_of_number_was_typed(asking, clock):
    """The issue entry records that a phone was typed, not which phone."""
    ticket = issue(asking.hall, asking.a, clock, identity=PHONE)
    entry = db.session.scalars(select(HistoryEntry).where(HistoryEntry.ticket_id == ticket.id)).one()
    assert entry.data["identity"] == "phone"


def test_hashes_do_not_link_days_or_halls():
    """The same phone hashes differently on another day or in another hall, so stored hashes link no visits."""
    key = kiosk_identity.identity_key("secret")
    day = date(2026, 11, 23)
    same = kiosk_identity.digest(key, 1, day, "phone", PHONE)
    assert same == kiosk_identity.digest(key, 1, date(2026, 11, 23), "phone", PHONE)
    assert same != kiosk_identity.digest(key, 1, day + timedelta(days=1), "phone", PHONE)
    assert same != kiosk_identity.digest(key, 2, day, "phone", PHONE)
    assert same != kiosk_identity.digest(kiosk_identity.identity_key("other"), 1, day, "phone", PHONE)


def test_reprint_needs_the_persons_open_ticket(asking, clock):
    """Typing a number that holds nothing here today prints nothing, and says so."""
    issue(asking.hall, asking.a, clock, identity=PHONE)
    for identity, service in ((OTHER_ID, asking.a), (PHONE, asking.b)):
        with pytest.raises(NotFound) as refused:
            reprint(asking.hall, service, identity, clock)
        assert "今天" in str(refused.value)
    assert db.session.scalar(select(HistoryEntry.id).where(HistoryEntry.kind == Kind.REPRINTED)) is None


def test_reprint_checks_the_typed_number_like_issuing(asking, clock):
    """A mistyped ID at the reprint step gets the same plain message as at issue."""
    with pytest.raises(ValidationFailed) as refused:
        reprint(asking.hall, asking.a, "110105194912310021", clock)
    assert refused.value.details == {"field": "identity"}


def test_one_person_at_several_kiosks_at_once_gets_one_number(app, asking, clock):
    """Pressed at the same instant on four kiosks, the same phone gets one number; the others are told it."""
    hall_id, service_id, now, policy = asking.hall.id, asking.a.id, clock(), kiosk_policy()

    def attempt():
        with app.app_context():
            try:
                with write_transaction():
                    return issue_ticket(
                        hall_id=hall_id, service_id=service_id, now=now, identity=PHONE, policy=policy
                    ).number
            except AlreadyWaiting as refused:
                return f"refused {refused.details['number']}"

    results = run_together([attempt] * 4)
    assert sorted(results) == ["A001"] + ["refused A001"] * 3
    assert db.session.get(QueueDay, (service_id, now.date())).last_seq == 1
