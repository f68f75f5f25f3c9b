"""Domain errors: what a resident, clerk or manager did that the hall cannot do, said plainly.

Services raise them; adapters turn them into an HTML message, a JSON ``{"error": {"code", "message"}}``
with the error's HTTP status, or a Socket.IO error, translated into the user's language at that moment.
Messages are lazy translation strings (``_l``) so the domain never needs a request.
"""


class DomainError(Exception):
    code = "domain_error"
    status = 409

    def __init__(self, message, **details):
        super().__init__(message)
        self.message = message
        self.details = details

    def __str__(self) -> str:
        return str(self.message)

    def as_dict(self) -> dict:
        error = {"code": self.code, "message": str(self.message)}
        if self.details:
            error["details"] = self.details
        return error


class NotFound(DomainError):
    code = "not_found"
    status = 404


class NotSignedIn(DomainError):
    """Wrong username or password (never saying which), or no valid credentials at all.

    The one 401 of the app: the sign-in page, and the API for a missing, wrong, expired or revoked session or
    token (its ``code`` is part of the API's contract, docs/API.md).
    """

    code = "unauthenticated"
    status = 401


class PermissionDenied(DomainError):
    code = "forbidden"
    status = 403


class ValidationFailed(DomainError):
    code = "invalid"
    status = 422


class InvalidState(DomainError):
    """The ticket or counter is not in a state that allows the action (e.g. finishing a waiting ticket)."""

    code = "invalid_state"


class QueueEmpty(DomainError):
    code = "queue_empty"


class CounterBusy(DomainError):
    """The counter already holds an active ticket, or another clerk is signed in at it."""

    code = "counter_busy"


class TicketingClosed(DomainError):
    code = "ticketing_closed"


class DailyCapReached(DomainError):
    code = "daily_cap_reached"


class AlreadyWaiting(DomainError):
    """The person who typed this ID or phone at the kiosk already holds an open ticket for the service today."""

    code = "already_waiting"


class ConflictingChange(DomainError):
    """A database constraint refused the change (a race the locks should have prevented)."""

    code = "conflict"


class SystemBusy(DomainError):
    """The database stayed locked longer than the busy timeout; nothing was changed."""

    code = "busy"
    status = 503


class DatabaseUnavailable(DomainError):
    """The database could not be reached (restarting, network cut); the action was not done."""

    code = "database_unavailable"
    status = 503


class RateLimited(DomainError):
    """Too many attempts in a short time (guessing a case number, a password ...)."""

    code = "rate_limited"
    status = 429
