"""The one source of the current time, so tests can travel in time.

Adapters ask ``clock.now()`` and pass the result into services; tests replace it with the ``clock``
fixture. Times are always timezone-aware UTC; a hall's local day comes from ``hall.timeutil``.
"""

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)
