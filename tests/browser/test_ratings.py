"""好差评 end to end: a visit ends, the window's tablet offers the rating, the manager's dashboard counts it live."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def sign_in(page, base, username):
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo-2026")
    page.click("[data-testid=login]")


def test_a_finished_visit_is_rated_on_the_tablet_and_counted_on_the_dashboard(live_server, browser, context):
    """Finish at window 1 → the tablet shows A001 → rate 非常满意 → the dashboard's rating count goes to 1, live."""
    tablet = context.new_page()
    tablet.goto(f"{live_server}/h/qingshan/display/rate/1")
    expect(tablet.locator(".r-idle")).to_be_visible()

    manager_context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    try:
        dashboard = manager_context.new_page()
        sign_in(dashboard, live_server, "manager")
        dashboard.goto(f"{live_server}/manage/qingshan/dashboard")
        dashboard.evaluate("window.__notReloaded = true")
        expect(dashboard.locator("[data-figure=ratings] strong")).to_have_text("0")
        expect(dashboard.locator(".conn-on")).to_be_visible()

        kiosk = context.new_page()
        kiosk.goto(f"{live_server}/h/qingshan/kiosk/?autoprint=0")
        kiosk.get_by_role("button", name=re.compile("综合受理")).click()
        kiosk.click("[data-channel=normal]")
        expect(kiosk.locator("[data-field=number]")).to_have_text("A001")

        counter = context.new_page()
        sign_in(counter, live_server, "clerk1")
        counter.click("[data-testid=sign-in-1]")
        expect(counter.locator("[data-list=queue] li")).to_have_count(1)
        counter.keyboard.press("n")
        expect(counter.locator("[data-field=current-number]")).to_have_text("A001")
        expect(dashboard.locator("[data-window='1']")).to_contain_text("A001")
        counter.keyboard.press("f")

        expect(tablet.locator(".r-number")).to_have_text("A001")
        expect(tablet.locator("[data-testid=send-rating]")).to_have_count(0)  # nothing chosen for the resident
        tablet.click("[data-level='5']")
        tablet.locator(".r-reason").first.click()
        tablet.click("[data-testid=send-rating]")
        expect(tablet.locator("[data-testid=rating-thanks]")).to_be_visible()

        expect(dashboard.locator("[data-figure=ratings] strong")).to_have_text("1")
        expect(dashboard.locator("[data-figure=satisfaction] strong")).to_have_text("100%")
        assert dashboard.evaluate("window.__notReloaded") is True
    finally:
        manager_context.close()
