"""The back office's inbox and decisions, the front desk's lists and hand-over, and who may see what."""

from hall import realtime
from hall.extensions import db
from hall.models import Case, CaseState
from tests.hall.web.cases.helpers import ID_NUMBER, PHONE, accepted_cases


def fresh(case: Case) -> Case:
    db.session.expire_all()
    return db.session.get(Case, case.id)


def test_each_officer_sees_only_their_departments_cases(client, login, case_hall, clock):
    """The 民政 inbox lists the 低保 case, not the pension; opening the pension case is a 404."""
    _, (dibao, pension) = accepted_cases(case_hall, clock, case_hall.dibao, case_hall.pension)
    login(case_hall.officer_civil)
    inbox = client.get("/office/").get_data(as_text=True)
    assert dibao.number in inbox and pension.number not in inbox
    assert client.get(f"/cases/{pension.id}").status_code == 404
    assert client.get(f"/cases/{dibao.id}").status_code == 200


def test_an_officer_approves_and_the_front_desk_hands_over(client, login, case_hall, clock):
    """Review, approve from the case page; the front desk lists it ready and hands it over with the pickup code."""
    _, (dibao,) = accepted_cases(case_hall, clock, case_hall.dibao)
    token = login(case_hall.officer_civil)
    client.post(f"/cases/{dibao.id}/review", data={"csrf_token": token})
    client.post(f"/cases/{dibao.id}/approve", data={"csrf_token": token})
    assert fresh(dibao).state == CaseState.READY

    client.post("/logout", data={"csrf_token": token})
    token = login(case_hall.small.c2)
    front = client.get("/front/").get_data(as_text=True)
    assert dibao.number in front
    client.post(f"/cases/{dibao.id}/deliver", data={"csrf_token": token, "method": "collected", "pickup_code": "x"})
    assert fresh(dibao).state == CaseState.READY
    client.post(
        f"/cases/{dibao.id}/deliver",
        data={"csrf_token": token, "method": "collected", "pickup_code": fresh(dibao).pickup_code},
    )
    assert fresh(dibao).state == CaseState.DELIVERED


def test_a_clerk_cannot_approve_and_an_officer_cannot_hand_over(client, login, case_hall, clock):
    """Deciding is the department's; handing over is the front desk's: the other side gets a message, no change."""
    _, (dibao,) = accepted_cases(case_hall, clock, case_hall.dibao)
    token = login(case_hall.clerk)
    client.post(f"/cases/{dibao.id}/review", data={"csrf_token": token})
    assert fresh(dibao).state == CaseState.ACCEPTED
    assert client.get("/office/").status_code == 403


def test_officers_see_the_applicant_in_full_and_lists_mask_it(client, login, case_hall, clock):
    """The deciding officer's case page shows the ID number; the inbox list shows only 张*."""
    _, (dibao,) = accepted_cases(case_hall, clock, case_hall.dibao)
    login(case_hall.officer_civil)
    assert ID_NUMBER in client.get(f"/cases/{dibao.id}").get_data(as_text=True)
    inbox = client.get("/office/").get_data(as_text=True)
    assert ID_NUMBER not in inbox and PHONE not in inbox and "张*" in inbox


def test_a_supplement_request_reaches_the_front_desk_and_the_residents_page(
    client, login, case_hall, clock, socket_client
):
    """The officer asks for more: front desk and the resident's progress page each get case_changed at once."""
    visit, (dibao,) = accepted_cases(case_hall, clock, case_hall.dibao)
    resident = socket_client(realtime.RESIDENT, auth={"visit": visit.token})
    token = login(case_hall.officer_civil)
    client.post(f"/cases/{dibao.id}/review", data={"csrf_token": token})
    front_client = client.application.test_client()
    login(case_hall.small.c2, target=front_client)
    front = socket_client(realtime.CASES, flask_client=front_client)
    assert front.is_connected(realtime.CASES) and resident.is_connected(realtime.RESIDENT)
    front.get_received(realtime.CASES)
    resident.get_received(realtime.RESIDENT)

    client.post(f"/cases/{dibao.id}/request-supplement", data={"csrf_token": token, "note": "请补交近三个月收入证明"})
    realtime.wait_until_sent()
    for socket, namespace in ((front, realtime.CASES), (resident, realtime.RESIDENT)):
        received = [(m["name"], m["args"][0]) for m in socket.get_received(namespace)]
        assert (realtime.CASE_CHANGED, {"number": dibao.number, "state": "needs_supplement"}) in received
    page = client.application.test_client().get(f"/p/{visit.token}").get_data(as_text=True)
    assert "请补交近三个月收入证明" in page


def test_the_cases_feed_refuses_anonymous_visitors(socket_client, case_hall):
    """Without signing in, the /cases namespace refuses the connection."""
    socket = socket_client(realtime.CASES)
    assert not socket.is_connected(realtime.CASES)


def test_the_residents_page_shows_progress_without_personal_data(client, case_hall, clock):
    """From the receipt's QR: matter, state and dates; the name masked, no ID or phone anywhere."""
    visit, (dibao,) = accepted_cases(case_hall, clock, case_hall.dibao)
    page = client.get(f"/p/{visit.token}").get_data(as_text=True)
    assert dibao.number in page and "最低生活保障申请" in page and "张*" in page
    assert "张三" not in page and ID_NUMBER not in page and PHONE not in page
    assert client.get("/p/not-a-real-token-at-all").status_code == 404


def test_lookup_by_case_number_and_phone_digits_is_limited(client, case_hall, clock):
    """Right answers never count; ten wrong guesses in an hour, then even a right one waits for the hour to end."""
    visit, (dibao,) = accepted_cases(case_hall, clock, case_hall.dibao)
    from tests.conftest import csrf_token

    token = csrf_token(client)
    right = {"csrf_token": token, "case_number": dibao.number, "phone_last4": PHONE[-4:]}
    response = client.post("/progress", data=right)
    assert response.status_code == 302 and response.headers["Location"].startswith(f"/p/{visit.token}")
    for _ in range(10):
        assert client.post("/progress", data=right).status_code == 302  # right answers are never counted
    for _ in range(10):
        assert client.post("/progress", data=right | {"phone_last4": "0000"}).status_code == 422
    refused = client.post("/progress", data=right)
    assert refused.status_code == 429 and dibao.number not in refused.headers.get("Location", "")
    clock.advance(hours=1, minutes=1)
    assert client.post("/progress", data=right).status_code == 302
