"""A manager changes the hall in the management pages; open kiosks and screens follow without a reload."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def sign_in(page, base, username):
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo-2026")
    page.click("[data-testid=login]")


def test_a_new_service_appears_on_the_open_kiosk(live_server, context):
    """Manager adds 'K 老年人优待证' under 社会事务办; the kiosk that was already open shows it, live."""
    kiosk = context.new_page()
    kiosk.goto(f"{live_server}/h/qingshan/kiosk/?autoprint=0")
    kiosk.evaluate("window.__notReloaded = true")
    expect(kiosk.locator("button.k-service-btn", has_text="老年人优待证")).to_have_count(0)

    manager = context.new_page()
    sign_in(manager, live_server, "manager")
    expect(manager).to_have_url(f"{live_server}/manage/qingshan/")
    manager.click("text=业务")
    manager.click("[data-testid=new-service]")
    manager.fill("input[name=name]", "老年人优待证")
    manager.fill("input[name=prefix]", "K")
    manager.fill("input[name=description]", "60 岁以上老人优待证办理")
    manager.get_by_label("社会事务办（民政）").check()
    manager.click("[data-testid=save]")
    expect(manager.locator(".flash-ok")).to_contain_text("业务已添加")

    new_button = kiosk.locator("button.k-service-btn", has_text="老年人优待证")
    expect(new_button).to_be_visible()
    expect(new_button).to_contain_text("60 岁以上老人优待证办理")
    assert kiosk.evaluate("window.__notReloaded") is True
    new_button.click()
    with kiosk.expect_response(lambda r: r.url.endswith("/tickets")) as issued:
        kiosk.click("[data-channel=normal]")
    assert issued.value.json()["ticket"]["number"] == "K001"


def test_notice_line_changes_on_the_open_hall_screen(live_server, context):
    """Editing the notice in the hall settings changes the scrolling line on the hall screen at once."""
    screen = context.new_page()
    screen.goto(f"{live_server}/h/qingshan/display/")
    expect(screen.locator("[data-field=counters] .d-counter")).to_have_count(7)
    manager = context.new_page()
    sign_in(manager, live_server, "manager")
    manager.goto(f"{live_server}/manage/qingshan/settings")
    manager.fill("textarea[name=notice]", "今天下午三点起系统维护，请提前办理。")
    manager.click("[data-testid=save]")
    expect(screen.locator("[data-field=notice]")).to_have_text("今天下午三点起系统维护，请提前办理。")
