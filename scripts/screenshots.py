#!/usr/bin/env python3
"""Screenshot every page of a running demo day into artifacts/screenshots/ (for reviews and docs).

Starts run.py on a fresh database, plays a small morning (tickets at the kiosk, calls at two windows) and
photographs the kiosk, the hall screen, a window screen, the workstation and a resident's phone page, in
Chinese and English. Needs Debian's chromium. Usage: python scripts/screenshots.py [--out DIR]
"""

import argparse
import re
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import CHROMIUM, CHROMIUM_ARGS, hall_server  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "artifacts" / "screenshots"))
    out = Path(parser.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as directory,
        hall_server(Path(directory)) as base,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        shoot(browser, base, out)
        shoot_management(browser, base, out)
        shoot_cases(browser, base, out)
        browser.close()
    print(f"screenshots in {out}")


def shoot(browser, base: str, out: Path) -> None:
    tv = browser.new_page(viewport={"width": 1920, "height": 1080})
    tv.goto(f"{base}/h/qingshan/display/")
    kiosk = browser.new_page(viewport={"width": 1280, "height": 1024})
    kiosk.goto(f"{base}/h/qingshan/kiosk/?autoprint=0")
    kiosk.wait_for_timeout(500)
    kiosk.screenshot(path=out / "kiosk-services.png")
    tickets = []
    for service, channel in (
        ("综合受理", "normal"),
        ("社保业务", "normal"),
        ("综合受理", "green"),
        ("医保业务", "normal"),
        ("综合受理", "normal"),
    ):
        kiosk.locator("button.k-service-btn", has_text=service).first.click()
        if service == "社保业务":
            kiosk.screenshot(path=out / "kiosk-channel.png")
        with kiosk.expect_response(lambda r: r.url.endswith("/tickets")) as issued:
            kiosk.click(f"[data-channel={channel}]")
        tickets.append(issued.value.json()["ticket"])
        kiosk.wait_for_timeout(300)
        if len(tickets) == 1:
            kiosk.screenshot(path=out / "kiosk-ticket.png")
        kiosk.click("[data-action=done]")
        kiosk.wait_for_load_state()
    kiosk.goto(f"{base}/h/qingshan/kiosk/?autoprint=0&lang=en")
    kiosk.screenshot(path=out / "kiosk-english.png")

    clerk = browser.new_page(viewport={"width": 1440, "height": 900})
    for username, window in (("clerk3", 3), ("clerk1", 1)):
        clerk.goto(f"{base}/login")
        clerk.fill("input[name=username]", username)
        clerk.fill("input[name=password]", "demo-2026")
        clerk.click("[data-testid=login]")
        if window == 1:
            clerk.screenshot(path=out / "counter-choose.png")
        clerk.click(f"[data-testid=sign-in-{window}]")
        clerk.click("[data-action=call-next]")
        clerk.wait_for_timeout(400)
        if window == 3:
            clerk.context.clear_cookies()  # the next clerk signs in on the same browser
    clerk.click("[data-action=start]")
    clerk.wait_for_timeout(400)
    clerk.screenshot(path=out / "counter-workstation.png")

    phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    phone.goto(tickets[1]["page_url"])
    phone.wait_for_timeout(500)
    phone.screenshot(path=out / "resident-called.png")
    phone.goto(tickets[4]["page_url"])
    phone.wait_for_timeout(500)
    phone.screenshot(path=out / "resident-waiting.png")

    window_screen = browser.new_page(viewport={"width": 1280, "height": 400})
    window_screen.goto(f"{base}/h/qingshan/display/counter/1")
    window_screen.wait_for_timeout(500)
    window_screen.screenshot(path=out / "window-screen.png")
    tv.wait_for_timeout(500)
    tv.screenshot(path=out / "hall-screen.png")


def shoot_management(browser, base: str, out: Path) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.goto(f"{base}/login")
    page.fill("input[name=username]", "manager")
    page.fill("input[name=password]", "demo-2026")
    page.click("[data-testid=login]")
    for name, path in (
        ("overview", ""),
        ("services", "services"),
        ("counter", "counters/3"),
        ("staff", "staff"),
        ("calendar", "calendar?year=2026"),
        ("settings", "settings"),
    ):
        page.goto(f"{base}/manage/qingshan/{path}")
        page.screenshot(path=out / f"manage-{name}.png", full_page=True)
    page.goto(f"{base}/manage/qingshan/services/new")
    page.fill("input[name=name]", "重复前缀")
    page.fill("input[name=prefix]", "A")
    page.click("[data-testid=save]")
    page.screenshot(path=out / "manage-service-error.png", full_page=True)
    page.goto(f"{base}/manage/qingshan/devices")
    page.fill("input[name=name]", "大厅取号机一号")
    page.click("form.form-card button[type=submit]")
    page.screenshot(path=out / "manage-devices.png", full_page=True)
    page.goto(f"{base}/manage/qingshan/import")
    page.screenshot(path=out / "manage-import.png", full_page=True)


def shoot_cases(browser, base: str, out: Path) -> None:
    """A visit with two cases at window 2, its papers, an officer's inbox, the front desk, the resident's page."""
    kiosk = browser.new_page()
    kiosk.goto(f"{base}/h/qingshan/kiosk/?autoprint=0")
    kiosk.locator("button.k-service-btn", has_text="综合受理").first.click()
    kiosk.click("[data-channel=normal]")
    kiosk.wait_for_timeout(300)
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    clerk = context.new_page()
    _sign_in(clerk, base, "clerk2")
    clerk.click("[data-testid=sign-in-2]")
    clerk.wait_for_timeout(500)
    clerk.click("[data-action=call-next]")
    clerk.wait_for_timeout(500)
    with context.expect_page() as opened:
        clerk.click("[data-action=record-matters]")
    visit = opened.value
    visit.wait_for_load_state()
    visit.fill("input[name=applicant_name]", "李建国")
    visit.fill("input[name=id_number]", "11010519491231002X")
    visit.fill("input[name=phone]", "13912345678")
    visit.click("[data-testid=save-applicant]")
    for search, name in (("zdsh", "最低生活保障申请"), ("cjrz", "残疾人证（新办）")):
        visit.fill("[data-testid=matter-search]", search)
        visit.press("[data-testid=matter-search]", "Enter")
        if name.startswith("最低"):
            visit.screenshot(path=out / "visit-search.png", full_page=True)
        visit.locator(".matter-results li", has_text=name).locator("[data-testid=add-matter]").click()
    first = visit.locator(".case-card").first
    first.locator("input[value=received]").first.check()
    visit.screenshot(path=out / "visit-materials.png", full_page=True)
    for card_index in (0, 1):
        card = visit.locator(".case-card").nth(card_index)
        for radio in card.locator("input[type=radio][value=received]").all():
            if radio.locator("xpath=ancestor::tr").locator("input[value=not_applicable]").count() == 0:
                radio.check()
        card.locator("[data-testid=save-materials]").click()
        visit.wait_for_load_state()
        visit.locator(".case-card").nth(card_index).locator("[data-testid=accept]").click()
        visit.wait_for_load_state()
    visit.screenshot(path=out / "visit-accepted.png", full_page=True)
    receipt = visit.request.get(base + visit.locator("[data-testid=print-receipt]").get_attribute("href"))
    (out / "receipt.pdf").write_bytes(receipt.body())
    progress_url = base + visit.locator("[data-testid=progress-link]").get_attribute("href")

    office = browser.new_context(viewport={"width": 1440, "height": 900})
    officer = office.new_page()
    _sign_in(officer, base, "officer1")
    officer.screenshot(path=out / "office-inbox.png", full_page=True)
    officer.locator("[data-list=cases] a").first.click()
    officer.click("[data-testid=start-review]")
    officer.fill("[data-testid=request-supplement] >> xpath=.. >> input[name=note]", "请补交近三个月家庭收入证明")
    officer.click("[data-testid=request-supplement]")
    officer.screenshot(path=out / "office-case.png", full_page=True)
    office.close()

    clerk.goto(f"{base}/front/")
    clerk.screenshot(path=out / "front-desk.png", full_page=True)
    phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    phone.goto(progress_url)
    phone.screenshot(path=out / "resident-progress.png", full_page=True)
    lookup = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    lookup.goto(f"{base}/progress")
    lookup.screenshot(path=out / "resident-lookup.png")

    manager = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
    _sign_in(manager, base, "manager")
    manager.goto(f"{base}/manage/qingshan/matters")
    manager.screenshot(path=out / "manage-matters.png", full_page=True)
    manager.locator("text=最低生活保障申请").first.locator("xpath=ancestor::tr").locator("a").click()
    manager.screenshot(path=out / "manage-matter.png", full_page=True)
    shoot_ratings(browser, base, out, clerk, manager)


def shoot_ratings(browser, base: str, out: Path, clerk, manager) -> None:
    """The window-2 visit ends, its tablet offers the rating, a bad one reaches the dashboard and the follow-ups."""
    tablet = browser.new_page(viewport={"width": 1024, "height": 700})
    tablet.goto(f"{base}/h/qingshan/display/rate/2")
    tablet.wait_for_timeout(500)
    tablet.screenshot(path=out / "tablet-idle.png")
    clerk.goto(f"{base}/counter/")
    clerk.click("[data-testid=sign-in-2]")
    clerk.wait_for_timeout(500)
    clerk.click("[data-action=finish]")
    tablet.wait_for_timeout(1000)
    tablet.click("[data-level='2']")
    tablet.locator(".r-reason").first.click()
    tablet.screenshot(path=out / "tablet-rating.png")
    tablet.click("[data-testid=send-rating]")
    tablet.wait_for_timeout(300)
    tablet.screenshot(path=out / "tablet-thanks.png")
    for name, path in (("dashboard", "dashboard"), ("follow-ups", "follow-ups"), ("reports", "reports")):
        manager.goto(f"{base}/manage/qingshan/{path}")
        manager.wait_for_timeout(800)
        manager.screenshot(path=out / f"manage-{name}.png", full_page=True)
    report = manager.request.get(f"{base}/manage/qingshan/reports/report.pdf")
    (out / "daily-report.pdf").write_bytes(report.body())
    clerk.goto(f"{base}/counter/my-ratings")
    clerk.screenshot(path=out / "counter-my-ratings.png", full_page=True)
    shoot_trust(browser, base, out, manager)


def shoot_trust(browser, base: str, out: Path, manager) -> None:
    """A locked account on the staff page, a visit as a supervising manager sees it, the audit log of the morning,
    the API's own documentation, and the kiosk asking who is taking a number."""
    stranger = browser.new_page()
    for _ in range(5):  # clerk5 mistypes five times: locked for 15 minutes
        stranger.goto(f"{base}/login")
        stranger.fill("input[name=username]", "clerk5")
        stranger.fill("input[name=password]", "wrong-password-1")
        stranger.click("[data-testid=login]")
    stranger.close()
    manager.goto(f"{base}/manage/qingshan/staff")
    manager.screenshot(path=out / "manage-staff-locked.png", full_page=True)
    manager.goto(f"{base}/visits/1")  # not signed in at a window: the applicant is masked
    manager.screenshot(path=out / "visit-masked-for-manager.png", full_page=True)
    manager.goto(f"{base}/manage/qingshan/audit")
    manager.screenshot(path=out / "manage-audit.png", full_page=True)
    manager.goto(f"{base}/api/v1/docs")
    manager.wait_for_timeout(1500)
    manager.screenshot(path=out / "api-docs.png")
    manager.goto(f"{base}/manage/qingshan/settings")
    manager.select_option("select[name=kiosk_identity]", "optional")
    manager.click("[data-testid=save]")
    kiosk = browser.new_page(viewport={"width": 1280, "height": 800})
    kiosk.goto(f"{base}/h/qingshan/kiosk/?autoprint=0")
    kiosk.get_by_role("button", name=re.compile("综合受理")).click()
    kiosk.click("[data-channel=normal]")
    for key in "1381234":
        kiosk.click(f"[data-key='{key}']")
    kiosk.screenshot(path=out / "kiosk-identity.png")
    manager.goto(f"{base}/manage/qingshan/settings")
    manager.select_option("select[name=kiosk_identity]", "off")
    manager.click("[data-testid=save]")


def _sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo-2026")
    page.click("[data-testid=login]")


if __name__ == "__main__":
    main()
