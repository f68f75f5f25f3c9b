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
