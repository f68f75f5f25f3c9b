"""Staff sign-in and sign-out through the real forms."""

from tests.conftest import csrf_token


def test_login_page_is_in_chinese_by_default(client, small_hall):
    """The sign-in page speaks Chinese unless English is chosen."""
    page = client.get("/login").get_data(as_text=True)
    assert "工作人员登录" in page and 'lang="zh-CN"' in page


def test_wrong_password_says_so_and_signs_nobody_in(client, small_hall):
    """A wrong password shows the error in Chinese and the workstation stays locked."""
    response = client.post("/login", data={"username": "c1", "password": "wrong", "csrf_token": csrf_token(client)})
    assert response.status_code == 200 and "用户名或密码错误" in response.get_data(as_text=True)
    assert client.get("/counter/").status_code == 302


def test_login_then_reach_the_window_choice(client, login, small_hall):
    """After signing in a clerk lands on the window choice listing this hall's windows."""
    login(small_hall.c1)
    page = client.get("/counter/").get_data(as_text=True)
    assert "选择您的窗口" in page and "1 号窗口" in page


def test_login_without_csrf_is_refused(client, small_hall):
    """A login form posted from elsewhere (no CSRF token) does not sign anyone in."""
    client.post("/login", data={"username": "c1", "password": "correct horse battery"})
    assert client.get("/counter/").status_code == 302


def test_deactivated_staff_cannot_sign_in(client, small_hall):
    """A deactivated account cannot sign in even with the right password."""
    from hall.db import write_transaction

    with write_transaction():
        small_hall.c1.active = False
    client.post(
        "/login", data={"username": "c1", "password": "correct horse battery", "csrf_token": csrf_token(client)}
    )
    assert client.get("/counter/").status_code == 302


def test_logout_is_a_post(client, login, small_hall):
    """Signing out is a POST with CSRF; a GET does nothing."""
    token = login(small_hall.c1)
    assert client.get("/logout").status_code == 405
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/counter/").status_code == 302


def test_next_parameter_cannot_redirect_off_site(client, small_hall):
    """?next= pointing to another site is ignored after signing in."""
    response = client.post(
        "/login",
        data={
            "username": "c1",
            "password": "correct horse battery",
            "next": "https://evil.example/",
            "csrf_token": csrf_token(client),
        },
    )
    assert response.headers["Location"] == "/counter/"


def test_signing_out_leaves_the_window(client, login, small_hall):
    """Signing out of the system also signs the clerk out of their window (screens show it closed)."""
    from hall.extensions import db
    from hall.models import CounterState

    token = login(small_hall.c1)
    client.post("/logout", data={"csrf_token": token})
    assert db.session.get(type(small_hall.w1), small_hall.w1.id).state == CounterState.CLOSED


def test_signing_out_with_a_resident_at_the_window_is_refused(client, login, api, small_hall):
    """With a ticket still called at the window, signing out is refused with the reason; the clerk stays in."""
    api.token = login(small_hall.c1)
    api.post("/api/v1/halls/test/tickets", {"service_id": small_hall.a.id})
    api.post(f"/api/v1/counters/{small_hall.w1.id}/call-next")
    response = client.post("/logout", data={"csrf_token": api.token}, follow_redirects=True)
    assert "还有 A001 号" in response.get_data(as_text=True)
    assert client.get("/counter/").status_code == 200


def test_administrators_land_on_the_management_pages(client, small_hall):
    """A county administrator (no window to serve) lands on the halls' management after signing in."""
    from hall.db import write_transaction
    from hall.models import Role
    from tests import factories

    with write_transaction():
        factories.make_staff(None, "county", Role.ADMIN)
    response = client.post(
        "/login", data={"username": "county", "password": "correct horse battery", "csrf_token": csrf_token(client)}
    )
    assert response.headers["Location"] == "/manage/"
