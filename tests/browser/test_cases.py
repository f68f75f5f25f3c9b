"""One visit, two matters for two departments: from the call at the window to the hand-over, in Chromium.

The clerk records both cases and prints one receipt; each department decides from its own inbox; the resident
watches the progress page change by itself; the front desk hands both results over with the pickup codes.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.pdf_tools import normalise, pages_text

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def sign_in(page, base, username):
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo-2026")
    page.click("[data-testid=login]")


def add_matter(visit, search, name):
    visit.fill("[data-testid=matter-search]", search)
    visit.press("[data-testid=matter-search]", "Enter")
    visit.locator(".matter-results li", has_text=name).locator("[data-testid=add-matter]").click()
    card = visit.locator(".case-card", has_text=name)
    expect(card).to_have_attribute("data-state", "received")
    return card


def tick_required_materials_received(card):
    for radio in card.locator("input[type=radio][value=received]").all():
        row = radio.locator("xpath=ancestor::tr")
        if row.locator("input[value=not_applicable]").count() == 0:  # always-required materials only
            radio.check()


def test_two_cases_for_two_departments_from_call_to_hand_over(live_server, browser, context):
    """Call, record 低保 and a pension, one receipt, both departments approve, the phone follows, hand-over."""
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
    with context.expect_page() as opened:
        counter.keyboard.press("m")  # "record matters" opens the visit in its own tab
    visit = opened.value
    visit.wait_for_load_state()
    expect(visit.locator("h1")).to_contain_text("A001")

    visit.fill("input[name=applicant_name]", "张三")
    visit.fill("input[name=id_number]", "11010519491231002X")
    visit.fill("input[name=phone]", "13812341234")
    visit.click("[data-testid=save-applicant]")
    expect(visit.locator(".flash-ok")).to_be_visible()

    for search, name in (("zdsh", "最低生活保障申请"), ("养老保险待遇", "城乡居民基本养老保险待遇申领")):
        card = add_matter(visit, search, name)
        tick_required_materials_received(card)
        card.locator("[data-testid=accept]").click()  # the ticks are saved with the acceptance
        expect(visit.locator(".case-card", has_text=name)).to_have_attribute("data-state", "accepted")
    numbers = visit.locator(".case-card").evaluate_all("cards => cards.map(c => c.dataset.case)")
    codes = visit.locator("[data-testid=pickup-code]").all_inner_texts()
    assert len(numbers) == 2 and len(codes) == 2

    receipt_url = visit.locator("[data-testid=print-receipt]").get_attribute("href")
    receipt = visit.request.get(f"{live_server}{receipt_url}")
    assert receipt.headers["content-type"] == "application/pdf"
    text = normalise("".join(pages_text(receipt.body())))
    assert all(number in text for number in numbers) and "11010519491231002X" not in text

    phone = context.new_page()
    phone.goto(live_server + visit.locator("[data-testid=progress-link]").get_attribute("href"))
    expect(phone.locator(".progress-case")).to_have_count(2)
    phone.evaluate("window.__marker = 1")  # gone after a reload: proves the page refreshed itself

    office = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    try:
        for officer, number in (("officer1", numbers[0]), ("officer2", numbers[1])):
            page = office.new_page()
            sign_in(page, live_server, officer)
            expect(page.locator(f"[data-case='{number}']")).to_be_visible()
            expect(page.locator("[data-list=cases] tbody tr")).to_have_count(1)  # only their department's case
            page.click(f"text={number}")
            page.click("[data-testid=start-review]")
            page.click("[data-testid=approve]")
            expect(page.locator("#case")).to_have_attribute("data-state", "ready_for_pickup")
            page.click("form[action='/logout'] button")
    finally:
        office.close()

    for number in numbers:
        expect(phone.locator(f".progress-case[data-case='{number}']")).to_have_attribute(
            "data-state", "ready_for_pickup"
        )
    assert phone.evaluate("window.__marker") is None

    front = context.new_page()
    front.goto(f"{live_server}/front/")
    for number, code in zip(numbers, codes, strict=True):
        front.goto(f"{live_server}/front/")
        front.click(f"text={number}")
        front.fill("[data-testid=pickup-code]", code)
        front.click("[data-testid=deliver]")
        expect(front.locator("#case")).to_have_attribute("data-state", "delivered")
    expect(phone.locator(".progress-case[data-state='delivered']")).to_have_count(2)
