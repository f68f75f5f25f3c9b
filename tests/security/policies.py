"""Who may use each URL rule of the app: the rule's policy, and what a policy means for each kind of caller.

Each rule has a policy (who may use it) and ``expected`` turns a policy and a caller into the outcome:
``allowed`` (past the permission checks: a page, a file, a redirect back, or a message about the state of
things, 409/422), ``login`` (sent to sign in), or the refusal ``401``, ``403`` or ``404`` (a resource of another
hall, or a case of another department, is not found rather than forbidden); ``refused`` accepts 403 or 404.
A new endpoint is classified here (``policy_of``) before tests/security/test_access_matrix.py lets it ship.
"""

import re

from tests.hall.web.cases import test_permission_matrix as case_matrix

STAFF = ("anonymous", "admin", "manager", "clerk", "officer", "other_manager")
DEVICE_KINDS = ("kiosk", "hall_display", "counter_display", "rating_tablet")
DEVICES = DEVICE_KINDS + tuple(f"{kind}_token" for kind in DEVICE_KINDS)
CALLERS = STAFF + DEVICES
HALL_STAFF = {"manager", "clerk"}  # serve in the hall (and configure it, for the manager)


def kind_of(caller: str) -> str | None:
    kind = caller.removesuffix("_token")
    return kind if kind in DEVICE_KINDS else None


def expected(policy: str, caller: str) -> str:
    kind = kind_of(caller)
    anonymous = caller == "anonymous" or kind is not None  # a device is no staff member
    if policy == "public":
        return "allowed"
    if policy.startswith("screen:"):  # kiosk and screens: their own paired devices, and the hall's staff
        kinds = policy.removeprefix("screen:").split(",")
        return "allowed" if kind in kinds or caller in HALL_STAFF | {"admin"} else "403"
    if policy == "issue":  # a ticket: the hall's kiosks, or its staff issuing for a resident
        return "allowed" if kind == "kiosk" or caller in HALL_STAFF else "403"
    if policy == "kiosk":  # a slip again for the ID or phone typed: the hall's kiosks only (which find none)
        return "404" if kind == "kiosk" else "403"
    if policy.startswith("api:"):  # staff-only JSON: no session or token is 401, never a redirect
        if anonymous:
            return "401"
        return API_STAFF[policy][caller]
    if anonymous:
        return "login"
    return PAGE_STAFF[policy].get(caller, "403")


API_STAFF = {
    # a queue-side action of the hall (reactivate, cancel, transfer a waiting ticket)
    "api:hall": {"admin": "403", "manager": "allowed", "clerk": "allowed", "officer": "403", "other_manager": "403"},
    # window 1's panel and signing in there: the hall's serving staff; other halls do not see the window
    "api:window": {"admin": "404", "manager": "allowed", "clerk": "allowed", "officer": "403", "other_manager": "404"},
    # acting at window 1: only the clerk signed in there (the manager is not)
    "api:at-window": {"admin": "404", "manager": "403", "clerk": "allowed", "officer": "403", "other_manager": "404"},
    # revoking "this request's" token: a session has none to revoke
    "api:token": dict.fromkeys(STAFF[1:], "401"),
}
PAGE_STAFF = {
    "signed-in": dict.fromkeys(STAFF[1:], "allowed"),
    "serve": {"manager": "allowed", "clerk": "allowed", "other_manager": "allowed"},  # their own hall's windows
    "window": {"manager": "allowed", "clerk": "allowed", "other_manager": "404"},
    "manage": {"admin": "allowed", "manager": "allowed"},
    "manage-start": {"admin": "allowed", "manager": "allowed", "other_manager": "allowed"},
    "manage-halls": {"admin": "allowed"},
    # Front and office actions: a hall's role that never does them is 403. Those who may see no case of the hall
    # (the county administrator, another hall's manager) are refused 403 or 404, depending on whether the
    # action looks the case up first (the case area's own matrix checks the same split).
    "cases-front": {"manager": "allowed", "clerk": "allowed", "other_manager": "refused", "admin": "refused"},
    # Correcting the applicant needs seeing it in full: the manager here is not signed in at a window.
    "cases-applicant": {"clerk": "allowed", "manager": "refused", "other_manager": "refused", "admin": "refused"},
    "cases-office": {"officer": "allowed", "other_manager": "refused", "admin": "refused"},
    "cases-read": {"manager": "allowed", "clerk": "allowed", "officer": "allowed", "other_manager": "404"},
    "cases-front-page": {"manager": "allowed", "clerk": "allowed", "other_manager": "allowed"},
    "cases-office-page": {"officer": "allowed"},
}
PAGE_STAFF["cases-read"]["admin"] = "404"

PUBLIC_ENDPOINTS = {
    "static",
    "kiosk_assets.static",
    "display_assets.static",
    "vendor.cjk_font",
    "health.alive",
    "health.ready",
    "home.index",
    "auth.login",
    "devices.pair",
    "i18n.choose_language",
    "resident.ticket_page",
    "kiosk.slip",
}
ENDPOINT_POLICIES = {
    "auth.logout": "signed-in",
    "counter.choose": "serve",
    "counter.my_ratings": "serve",
    "counter.sign_in": "window",
    "counter.workstation": "window",
    "kiosk.kiosk_page": "screen:kiosk",
    "display.hall_screen": "screen:hall_display",
    "display.counter_screen": "screen:counter_display,rating_tablet",
    "display.rating_tablet": "screen:rating_tablet",
    "manage.index": "manage-start",
    "manage.new_hall": "manage-halls",
    "cases.front_desk": "cases-front-page",
    "cases.record_applicant": "cases-applicant",
    "cases.inbox": "cases-office-page",
}
API = "/api/v1"
# API rules by path, without converters (they change with the framework, the paths do not).
API_POLICIES = {
    "/docs": "public",
    "/docs/docs.js": "public",
    "/openapi.json": "public",
    "/halls/<code>/menu": "public",
    "/halls/<code>/snapshot": "public",
    "/halls/<code>/tickets": "issue",
    "/halls/<code>/tickets/reprint": "kiosk",
    "/halls/<code>/tickets/<ticket_id>/reactivate": "api:hall",
    "/halls/<code>/tickets/<ticket_id>/cancel": "api:hall",
    "/halls/<code>/tickets/<ticket_id>/transfer": "api:hall",
    "/halls/<code>/counters/<number>/rating-request": "screen:rating_tablet",
    "/tickets/<token>": "public",
    "/tickets/<token>/rating": "public",
    "/auth/tokens": "public",
    "/auth/tokens/revoke": "api:token",
    "/counters/<counter_id>": "api:window",
    "/counters/<counter_id>/sign-in": "api:window",
}
for action in ("sign-out", "pause", "resume", "call-next", "call-number", "finish-and-call-next"):
    API_POLICIES[f"/counters/<counter_id>/{action}"] = "api:at-window"
API_POLICIES["/counters/<counter_id>/tickets/<ticket_id>/<action>"] = "api:at-window"
API_POLICIES["/counters/<counter_id>/tickets/<ticket_id>/transfer"] = "api:at-window"


def api_path(rule) -> str | None:
    """/halls/<code>/tickets for /api/v1/halls/<hall_code:code>/tickets; None outside the API."""
    if not rule.rule.startswith(API + "/"):
        return None
    return re.sub(r"<(?:[^>]*:)?(\w+)>", r"<\1>", rule.rule.removeprefix(API))


def policy_of(rule) -> str | None:
    endpoint = rule.endpoint
    if api_path(rule) is not None:
        return API_POLICIES.get(api_path(rule))
    if endpoint in PUBLIC_ENDPOINTS:
        return "public"
    if endpoint in ENDPOINT_POLICIES:
        return ENDPOINT_POLICIES[endpoint]
    if endpoint.startswith("manage."):
        return "manage"
    if endpoint.startswith("cases."):  # the case matrix's own classification, reused
        for names, policy in (
            (case_matrix.PUBLIC, "public"),
            (case_matrix.FRONT, "cases-front"),
            (case_matrix.OFFICE, "cases-office"),
            (case_matrix.READ, "cases-read"),
        ):
            if endpoint in names:
                return policy
    return None
