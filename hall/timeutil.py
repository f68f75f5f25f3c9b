"""A hall's local time: its service day and wall-clock time, from timezone-aware UTC instants.

Numbers restart and queues are counted per *service day*, which is the hall's local calendar date, so a
server in UTC (or a county spanning time zones) still rolls over at the hall's midnight.
"""

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "Asia/Shanghai"


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def is_valid_timezone(name: str) -> bool:
    try:
        zone(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def local(instant: datetime, tz_name: str) -> datetime:
    if instant.tzinfo is None:
        raise ValueError("naive datetime: the domain works with timezone-aware UTC instants")
    return instant.astimezone(zone(tz_name))


def service_day(instant: datetime, tz_name: str) -> date:
    """The hall's local date at ``instant``: the day its ticket numbers belong to."""
    return local(instant, tz_name).date()


def day_bounds(day: date, tz_name: str) -> tuple[datetime, datetime]:
    """UTC start (inclusive) and end (exclusive) of a hall's local day."""
    start = datetime.combine(day, time.min, tzinfo=zone(tz_name))
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone(tz_name))
    return start.astimezone(UTC), end.astimezone(UTC)
