"""The kiosk asks for an ID card or mobile number; the same person is offered their slip again, not a second one."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def turn_on_identity(context, base):
    manager = context.new_page()
    manager.goto(f"{base}/login")
    manager.fill("input[name=username]", "manager")
    manager.fill("input[name=password]", "demo-2026")
    manager.click("[data-testid=login]")
    manager.goto(f"{base}/manage/qingshan/settings")
    manager.select_option("select[name=kiosk_identity]", "optional")
    manager.click("[data-testid=save]")
    expect(manager.locator(".flash-ok")).to_be_visible()


def press(kiosk, keys: str):
    for key in keys:
        kiosk.click(f"[data-key='{key}']")


def test_identity_step_refuses_a_second_number_and_reprints_the_first(live_server, context, browser):
    """Keypad, a checksum error shown in place, a card reader's typing, then 'already waiting — print again?'."""
    turn_on_identity(context, live_server)
    # The kiosk is anonymous: its own browser, not the manager's session.
    kiosk_context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    kiosk = kiosk_context.new_page()
    kiosk.goto(f"{live_server}/h/qingshan/kiosk/?autoprint=0")

    kiosk.get_by_role("button", name=re.compile("综合受理")).click()
    kiosk.click("[data-channel=normal]")
    expect(kiosk.locator("[data-screen=identity]")).to_be_visible()
    expect(kiosk.locator("[data-action=skip-identity]")).to_be_visible()
    press(kiosk, "11010519491231002")
    expect(kiosk.locator("[data-key=X]")).to_be_enabled()  # only ever the 18th character
    press(kiosk, "1")
    expect(kiosk.locator("[data-field=identity-entry]")).to_have_text("110105 19491231 0021")
    kiosk.click("[data-action=submit-identity]")
    expect(kiosk.locator("[data-field=identity-error]")).to_have_text("身份证号码校验位不正确，请核对。")
    expect(kiosk.locator("[data-screen=identity]")).to_be_visible()

    for _ in range(18):
        kiosk.click("[data-key=delete]")
    # A card reader (or keyboard) types the number and presses Enter.
    with kiosk.expect_response(re.compile(r"/api/v1/halls/qingshan/tickets")) as issued:
        kiosk.keyboard.type("13812345678")
        kiosk.keyboard.press("Enter")
    first = issued.value.json()["ticket"]
    expect(kiosk.locator("[data-field=number]")).to_have_text(first["number"])
    kiosk.click("[data-action=done]")

    expect(kiosk.locator("[data-screen=services]")).to_be_visible()
    kiosk.get_by_role("button", name=re.compile("综合受理")).click()
    kiosk.click("[data-channel=normal]")
    press(kiosk, "13812345678")
    kiosk.click("[data-action=submit-identity]")
    expect(kiosk.locator("[data-screen=already]")).to_be_visible()
    expect(kiosk.locator("[data-field=already-number]")).to_have_text(first["number"])
    expect(kiosk.locator("[data-field=already-question]")).to_have_text("需要重新打印这张号票吗？")
    with kiosk.expect_response(re.compile(r"/api/v1/halls/qingshan/tickets/reprint")) as reprinted:
        kiosk.click("[data-action=reprint-held]")
    again = reprinted.value.json()["ticket"]
    assert (again["number"], again["token"]) == (first["number"], first["token"])
    expect(kiosk.locator("[data-screen=ticket]")).to_be_visible()
    expect(kiosk.locator("[data-field=number]")).to_have_text(first["number"])
    expect(kiosk.locator("[data-field=print-state]")).to_contain_text("请取走小票")
    kiosk_context.close()

    # The clerk who calls it sees the masked phone, to compare with the resident's.
    counter_context = browser.new_context(viewport={"width": 1600, "height": 900}, locale="zh-CN")
    counter = counter_context.new_page()
    counter.goto(f"{live_server}/login")
    counter.fill("input[name=username]", "clerk1")
    counter.fill("input[name=password]", "demo-2026")
    counter.click("[data-testid=login]")
    counter.click("[data-testid=sign-in-1]")
    counter.click("[data-action=call-next]")
    expect(counter.locator("[data-field=current-number]")).to_have_text(first["number"])
    expect(counter.locator("[data-field=current-meta]")).to_contain_text("手机 138****5678")
    counter_context.close()
