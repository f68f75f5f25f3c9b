"""Ticketing hours: one or more daily periods such as ``08:30-12:00,13:30-17:00`` (morning and afternoon).

Halls close ticketing over lunch and before closing time; a service may have its own hours, otherwise the
hall's apply. The text form is what managers type and what the database stores.
"""

import re
from dataclasses import dataclass
from datetime import time
from itertools import pairwise

from flask_babel import lazy_gettext as _l

from hall.errors import ValidationFailed

_PERIOD = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True)
class OpeningHours:
    periods: tuple[tuple[time, time], ...]

    @classmethod
    def parse(cls, text: str) -> "OpeningHours":
        """Parse ``HH:MM-HH:MM[,HH:MM-HH:MM ...]``; raise ValidationFailed with the offending part."""
        parts = [part for part in re.split(r"[,，;；]", text or "") if part.strip()]
        if not parts:
            raise ValidationFailed(_l("Ticketing hours are empty; write them as 08:30-12:00,13:30-17:00."))
        periods = []
        for part in parts:
            match = _PERIOD.match(part)
            if not match:
                raise ValidationFailed(
                    _l("Cannot read the hours %(part)s; write them as 08:30-12:00.", part=part.strip())
                )
            h1, m1, h2, m2 = (int(g) for g in match.groups())
            if not (0 <= h1 <= 23 and 0 <= h2 <= 24 and m1 < 60 and m2 < 60) or (h2 == 24 and m2):
                raise ValidationFailed(_l("The hours %(part)s are not a time of day.", part=part.strip()))
            start, end = time(h1, m1), time.max if h2 == 24 else time(h2, m2)
            if end <= start:
                raise ValidationFailed(_l("In %(part)s the end comes before the start.", part=part.strip()))
            periods.append((start, end))
        periods.sort()
        for (_, end), (next_start, _) in pairwise(periods):
            if next_start < end:
                raise ValidationFailed(_l("The periods in %(text)s overlap.", text=text))
        return cls(tuple(periods))

    def is_open(self, at: time) -> bool:
        return any(start <= at < end for start, end in self.periods)

    def describe(self) -> str:
        def clock(moment: time) -> str:
            return "24:00" if moment == time.max else f"{moment:%H:%M}"

        return ", ".join(f"{clock(start)}-{clock(end)}" for start, end in self.periods)
