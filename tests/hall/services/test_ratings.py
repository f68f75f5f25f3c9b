"""Ratings (好差评): one voluntary rating per finished visit, within the window; bad ones open a follow-up."""

from datetime import date

import pytest

from hall.db import write_transaction
from hall.errors import InvalidState, PermissionDenied, ValidationFailed
from hall.models import FollowUpState, HistoryEntry, Kind, Rating
from hall.services import ratings
from tests.hall.services.helpers import act, call_next, counter_actions, issue


@pytest.fixture
def finished(small_hall, clock):
    """A001 served and finished at window 1 by c1 on Monday 23 November."""
    h = small_hall
    issue(h.hall, h.a, clock)
    ticket = call_next(h.w1, h.c1, clock)
    act(counter_actions.finish, ticket, h.w1, h.c1, clock)
    return ticket


def rate(ticket, clock, level=5, **kwargs):
    with write_transaction():
        return ratings.rate(ticket_token=ticket.token, level=level, channel="phone", now=clock(), **kwargs)


def test_a_finished_visit_is_rated_once_with_window_and_clerk(finished, small_hall, clock):
    """The rating keeps the window, the clerk and the visit's day; a second rating is refused."""
    rating = rate(finished, clock, level=4, reasons=["efficient"], comment="  很快  ")
    assert (rating.counter_id, rating.clerk_id, rating.service_day) == (
        small_hall.w1.id,
        small_hall.c1.id,
        date(2026, 11, 23),
    )
    assert rating.reasons == ["efficient"] and rating.comment == "很快"
    with pytest.raises(InvalidState, match=r"已评价|already"):
        rate(finished, clock, level=1)
    assert Rating.query.count() == 1


def test_a_visit_not_yet_finished_cannot_be_rated(small_hall, clock):
    """A waiting ticket's page offers no rating, and rating it is refused."""
    ticket = issue(small_hall.hall, small_hall.a, clock)
    assert ratings.request_for_ticket(ticket, clock()) is None
    with pytest.raises(InvalidState):
        rate(ticket, clock)


def test_ratings_close_after_the_halls_window(finished, small_hall, clock):
    """31 minutes after the visit (window: 30) the rating is refused and nothing is stored."""
    clock.advance(minutes=31)
    with pytest.raises(InvalidState):
        rate(finished, clock)
    assert Rating.query.count() == 0


@pytest.mark.parametrize("level", [0, 6, "5", None, True])
def test_only_one_of_the_five_levels_is_accepted(finished, clock, level):
    """No default and no other value: anything but 1..5 is a validation error on the level."""
    with pytest.raises(ValidationFailed) as refused:
        rate(finished, clock, level=level)
    assert refused.value.details == {"field": "level"}


def test_reasons_must_fit_the_level(finished, clock):
    """Praise cannot come with a bad rating, nor a complaint with a good one."""
    with pytest.raises(ValidationFailed):
        rate(finished, clock, level=1, reasons=["friendly"])
    with pytest.raises(ValidationFailed):
        rate(finished, clock, level=5, reasons=["slow"])


def test_a_bad_rating_opens_a_follow_up_due_in_five_working_days(finished, small_hall, clock):
    """Rated 2 on Monday 23 Nov: follow up by Monday 30 Nov (5 working days); the history records it."""
    rating = rate(finished, clock, level=2, reasons=["slow"])
    assert rating.follow_up.state == FollowUpState.OPEN
    assert rating.follow_up.due_on == date(2026, 11, 30)
    assert HistoryEntry.query.filter_by(kind=Kind.RATED).one().data["level"] == 2


def test_good_ratings_open_no_follow_up(finished, clock):
    """A 3 (basically satisfied) needs no call-back."""
    assert rate(finished, clock, level=3).follow_up is None


def test_managers_call_back_and_close_a_follow_up(finished, small_hall, clock):
    """Call-back then fix: both notes kept, closed by the manager; a closed one cannot change."""
    follow_up = rate(finished, clock, level=1).follow_up
    with write_transaction():
        ratings.record_call_back(
            actor_id=small_hall.manager.id, follow_up_id=follow_up.id, note="已电话联系", now=clock()
        )
    with write_transaction():
        ratings.close(actor_id=small_hall.manager.id, follow_up_id=follow_up.id, note="已培训窗口人员", now=clock())
    assert (follow_up.state, follow_up.closed_by_id) == (FollowUpState.CLOSED, small_hall.manager.id)
    with pytest.raises(InvalidState), write_transaction():
        ratings.close(actor_id=small_hall.manager.id, follow_up_id=follow_up.id, note="again", now=clock())


def test_clerks_cannot_close_follow_ups(finished, small_hall, clock):
    """Only managers work follow-ups: the rated clerk gets PermissionDenied."""
    follow_up = rate(finished, clock, level=1).follow_up
    with pytest.raises(PermissionDenied), write_transaction():
        ratings.close(actor_id=small_hall.c1.id, follow_up_id=follow_up.id, note="我看过了", now=clock())


def test_the_tablet_offers_the_last_visit_finished_at_its_window(finished, small_hall, clock):
    """Window 1's tablet offers A001 until it is rated; window 2's offers nothing."""
    assert ratings.request_at_counter(small_hall.w1, clock()).ticket.id == finished.id
    assert ratings.request_at_counter(small_hall.w2, clock()) is None
    rate(finished, clock)
    assert ratings.request_at_counter(small_hall.w1, clock()) is None


def test_clerks_see_only_their_own_ratings(finished, small_hall, clock):
    """c1 sees the rating of the visit they served; c2 sees none."""
    rate(finished, clock, level=5)
    assert [r.ticket_id for r in ratings.ratings_of_clerk(small_hall.c1.id)] == [finished.id]
    assert ratings.ratings_of_clerk(small_hall.c2.id) == []
