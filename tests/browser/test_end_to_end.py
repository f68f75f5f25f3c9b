"""A resident takes a ticket at the kiosk, a clerk calls it, the hall screen shows and announces it.

Everything through the real pages in headless Chromium against the real server, without any reload.
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def sign_in_at_window(page, base, username, window):
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo-2026")
    page.click("[data-testid=login]")
    page.click(f"[data-testid=sign-in-{window}]")
    expect(page.locator("#workstation")).to_be_visible()


def take_ticket(kiosk, service_name, channel="normal"):
    kiosk.get_by_role("button", name=re.compile(service_name)).click()
    with kiosk.expect_response(re.compile(r"/api/v1/halls/\w+/tickets$")) as issued:
        kiosk.click(f"[data-channel={channel}]")
    return issued.value.json()["ticket"]


def test_ticket_from_kiosk_is_called_at_the_counter_and_announced_on_the_hall_screen(live_server, context):
    """Kiosk → counter → hall screen, window screen and the resident's phone, all live."""
    display = context.new_page()
    display.goto(f"{live_server}/h/qingshan/display/")
    display.click("[data-action=sound]")
    display.evaluate("window.__notReloaded = true")
    expect(display.locator("[data-field=counters] .d-counter")).to_have_count(7)

    window_screen = context.new_page()
    window_screen.goto(f"{live_server}/h/qingshan/display/counter/1")

    kiosk = context.new_page()
    kiosk.goto(f"{live_server}/h/qingshan/kiosk/?autoprint=0")
    ticket = take_ticket(kiosk, "综合受理")
    expect(kiosk.locator("[data-field=number]")).to_have_text("A001")
    expect(kiosk.locator("[data-field=ahead]")).to_have_text("您前面暂无人等候")
    expect(display.locator("[data-service=A] strong")).to_have_text("1")

    phone = context.new_page()
    phone.goto(ticket["page_url"])
    expect(phone.locator("[data-field=number]")).to_have_text("A001")

    counter = context.new_page()
    sign_in_at_window(counter, live_server, "clerk1", 1)
    expect(counter.locator("[data-list=queue] li")).to_have_count(1)
    counter.keyboard.press("n")  # the keyboard shortcut for "call next"
    expect(counter.locator("[data-field=current-number]")).to_have_text("A001")

    expect(display.locator("[data-field=latest-number]")).to_have_text("A001")
    expect(display.locator("[data-field=latest-counter]")).to_have_text("1")
    expect(display.locator("[data-field=announcements] li").last).to_have_text("请A零零一号，到1号窗口办理")
    expect(display.locator("[data-counter='1'] .d-counter-ticket")).to_have_text("A001")
    expect(display.locator("[data-service=A] strong")).to_have_text("0")
    expect(window_screen.locator("[data-field=ticket]")).to_have_text("A001 号")
    expect(phone.locator("[data-testid=window]")).to_contain_text("1 号窗口")
    assert display.evaluate("window.__notReloaded") is True

    counter.click("[data-action=recall]")
    expect(counter.locator("[data-field=message]")).to_have_text("已重呼 A001 号。")
    expect(display.locator("[data-field=latest-recall]")).to_be_visible()
    expect(display.locator("[data-field=announcements] li").last).to_have_text("重呼，请A零零一号，到1号窗口办理")


def test_green_channel_ticket_is_called_first_and_kiosk_returns_to_start(live_server, context):
    """A later green-channel ticket is called before an earlier normal one; the kiosk resets when idle."""
    kiosk = context.new_page()
    kiosk.goto(f"{live_server}/h/qingshan/kiosk/?autoprint=0")
    kiosk.evaluate("document.getElementById('kiosk').dataset.ticketSeconds = '1'")
    take_ticket(kiosk, "社保业务")
    expect(kiosk.locator("[data-screen=services]")).to_be_visible(timeout=10000)
    take_ticket(kiosk, "社保业务", channel="green")

    counter = context.new_page()
    sign_in_at_window(counter, live_server, "clerk3", 3)
    expect(counter.locator("[data-list=queue] li").first).to_contain_text("B002")
    expect(counter.locator("[data-list=queue] li").first).to_contain_text("绿色通道")
    counter.click("[data-action=call-next]")
    expect(counter.locator("[data-field=current-number]")).to_have_text("B002")
    counter.click("[data-action=finish-and-call-next]")
    expect(counter.locator("[data-field=current-number]")).to_have_text("B001")


def test_kiosk_explains_a_closed_service(live_server, context):
    """A service outside its hours is shown as closed with its hours and cannot be chosen."""
    kiosk = context.new_page()
    kiosk.goto(f"{live_server}/h/qingshan/kiosk/?autoprint=0")
    legal = kiosk.locator("button.k-service-btn", has_text="法律服务")
    expect(legal).to_be_visible()
    if legal.is_disabled():
        expect(legal).to_contain_text("09:00-11:30")


def test_hall_screen_that_missed_events_takes_a_snapshot(live_server, context):
    """A screen whose sequence shows a gap asks for a snapshot and ends up with the right queue lengths."""
    display = context.new_page()
    display.goto(f"{live_server}/h/qingshan/display/")
    expect(display.locator("[data-service=A] strong")).to_have_text("0")
    display.evaluate("""() => {
        const live = window.hallScreen.live;
        window.__snapshots = 0;
        const apply = live.applySnapshot.bind(live);
        live.applySnapshot = (snapshot) => { window.__snapshots += 1; apply(snapshot); };
        live.seq -= 2;  // as if two events had been lost on the way
    }""")
    token = context.request.post(
        f"{live_server}/api/v1/auth/tokens", data={"username": "clerk1", "password": "demo-2026"}
    ).json()["token"]
    issued = context.request.post(
        f"{live_server}/api/v1/halls/qingshan/tickets",
        data={"service_id": 1},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert issued.status == 201
    expect(display.locator("[data-service=A] strong")).to_have_text("1")
    assert display.evaluate("window.__snapshots") >= 1
    server_seq = context.request.get(f"{live_server}/api/v1/halls/qingshan/snapshot").json()["seq"]
    assert display.evaluate("window.hallScreen.live.seq") == server_seq


def test_a_clerk_whose_window_is_taken_over_is_told_at_once(live_server, browser):
    """When another clerk takes over window 2, the first clerk's workstation says so and stops acting."""
    first = browser.new_context(viewport={"width": 1400, "height": 900})
    second = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = first.new_page()
        sign_in_at_window(page, live_server, "clerk2", 2)
        other = second.new_page()
        other.goto(f"{live_server}/login")
        other.fill("input[name=username]", "clerk4")
        other.fill("input[name=password]", "demo-2026")
        other.click("[data-testid=login]")
        other.locator("form", has=other.locator("[data-testid=sign-in-2]")).locator("input[name=take_over]").check()
        other.click("[data-testid=sign-in-2]")
        expect(other.locator("#workstation")).to_be_visible()
        expect(page.locator("[data-field=takeover]")).to_contain_text("刘洋 已接替本窗口")
        expect(page.locator("[data-action=call-next]")).to_be_disabled()
    finally:
        first.close()
        second.close()
