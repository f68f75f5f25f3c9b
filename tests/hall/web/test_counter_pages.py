"""The workstation pages: choose a window, sign in there, see the workstation."""

from hall.db import write_transaction
from hall.models import Role
from tests import factories


def test_signing_in_at_a_window_opens_its_workstation(client, login, small_hall):
    """Posting the window form signs the clerk in there and shows its workstation page."""
    with write_transaction():
        from hall.services import counters

        counters.sign_out(counter_id=small_hall.w3.id, staff_id=small_hall.c3.id, now=factories.CREATED)
    token = login(small_hall.c1)
    response = client.post(f"/counter/{small_hall.w3.id}/sign-in", data={"csrf_token": token})
    assert response.headers["Location"] == f"/counter/{small_hall.w3.id}"
    page = client.get(f"/counter/{small_hall.w3.id}").get_data(as_text=True)
    assert "3 号窗口" in page and "呼叫下一位" in page and 'data-action="finish-and-call-next"' in page


def test_workstation_of_a_window_you_are_not_at_redirects(client, login, small_hall):
    """Opening another clerk's window sends you back to the choice with a message."""
    login(small_hall.c1)
    response = client.get(f"/counter/{small_hall.w2.id}")
    assert response.status_code == 302
    assert "请先登录 2 号窗口" in client.get("/counter/").get_data(as_text=True)


def test_taken_window_needs_take_over(client, login, small_hall):
    """Signing in where another clerk is signed in fails with their name unless take-over is ticked."""
    token = login(small_hall.c1)
    client.post(f"/counter/{small_hall.w2.id}/sign-in", data={"csrf_token": token})
    assert "c2 已在 2 号窗口登录" in client.get("/counter/").get_data(as_text=True)
    response = client.post(f"/counter/{small_hall.w2.id}/sign-in", data={"csrf_token": token, "take_over": "y"})
    assert response.headers["Location"] == f"/counter/{small_hall.w2.id}"


def test_anonymous_visitors_are_sent_to_sign_in(client, small_hall):
    """Without signing in, the workstation redirects to the login page."""
    response = client.get(f"/counter/{small_hall.w1.id}")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_administrators_do_not_get_a_workstation(client, login, small_hall):
    """A county administrator (no hall) gets 403 on the window pages."""
    with write_transaction():
        admin = factories.make_staff(None, "county", Role.ADMIN)
    login(admin)
    assert client.get("/counter/").status_code == 403
