"""The shared fixed-window counter behind sign-in lock-outs and kiosk limits."""

from datetime import timedelta

import pytest

from hall.db import write_transaction
from hall.errors import RateLimited
from hall.extensions import db
from hall.models import Throttle
from hall.services import throttle
from tests.test_concurrency import run_together

WINDOW = 60


def hit(now, key="kiosk:device:1", limit=3):
    with write_transaction():
        return throttle.hit(key, limit=limit, window_seconds=WINDOW, now=now)


def test_attempts_are_counted_until_the_limit_then_refused_with_the_minutes_left(app, clock):
    """Three attempts pass and count 1, 2, 3; the fourth in the same minute is refused, nothing counted."""
    now = clock()
    assert [hit(now), hit(now), hit(now)] == [1, 2, 3]
    with pytest.raises(RateLimited) as refused:
        hit(now + timedelta(seconds=30))
    assert refused.value.details["retry_minutes"] == 1
    assert db.session.get(Throttle, "kiosk:device:1").count == 3, "a refused attempt is rolled back with its work"


def test_a_new_window_starts_counting_from_one_again(app, clock):
    """Once the window has passed, the count restarts at 1 and the window starts at this attempt."""
    now = clock()
    hit(now), hit(now), hit(now)
    later = now + timedelta(seconds=WINDOW)
    assert hit(later) == 1
    assert db.session.get(Throttle, "kiosk:device:1").window_start == later


def test_check_refuses_a_used_up_key_without_counting(app, clock):
    """check() refuses a key at its limit and never adds to the count."""
    now = clock()
    hit(now, limit=1)
    with pytest.raises(RateLimited):
        throttle.check("kiosk:device:1", limit=1, window_seconds=WINDOW, now=now)
    throttle.check("kiosk:device:1", limit=2, window_seconds=WINDOW, now=now)
    assert db.session.get(Throttle, "kiosk:device:1").count == 1


def test_a_row_loaded_by_check_is_not_stale_after_a_hit(app, clock):
    """A check then a hit in one transaction: the session sees the new count, not the one check loaded."""
    now = clock()
    hit(now, limit=5)
    with write_transaction():
        throttle.check("kiosk:device:1", limit=5, window_seconds=WINDOW, now=now)
        throttle.hit("kiosk:device:1", limit=5, window_seconds=WINDOW, now=now)
        assert db.session.get(Throttle, "kiosk:device:1").count == 2


def test_first_attempts_at_the_same_instant_are_all_counted(app, clock):
    """Eight first attempts on a new key at once (two kiosks, two sign-ins): none fails, they count 1 to 8."""
    now = clock()

    def attempt():
        with app.app_context():
            return hit(now, key="signin:address:203.0.113.9", limit=100)

    counts = run_together([attempt] * 8)
    assert sorted(counts) == list(range(1, 9))


def test_clear_forgets_the_keys_it_is_given_only(app, clock):
    """clear() removes the named keys' counts and leaves every other key alone."""
    now = clock()
    hit(now, key="a"), hit(now, key="b"), hit(now, key="c")
    with write_transaction():
        throttle.clear("a", "b")
    assert [db.session.get(Throttle, key) is not None for key in "abc"] == [False, False, True]
