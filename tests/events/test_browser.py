"""The week page on a phone (390 px wide), in Debian's chromium."""

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from events.demo import create_demo_week
from events.models import Activity
from tests.events.plans import Plan

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


@pytest.mark.browser
def test_week_page_at_phone_width(live_server, transactional_db):
    week = create_demo_week(Plan())
    group = week.groups.get(title="线下活动")
    Activity.objects.create(
        group=group, title="技能大赛", start_date=dt.date(2022, 5, 24), end_date=dt.date(2022, 5, 25)
    )
    ARTIFACTS.mkdir(exist_ok=True)
    console_errors = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
            page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
            response = page.goto(live_server.url + week.get_absolute_url())
            assert response.status == 200
            page.screenshot(path=str(ARTIFACTS / "events-week-390.png"), full_page=True)
            assert page.locator("h1").inner_text() == "2022年职业教育活动周实施方案"
            assert "技能:让生活更美好" in page.locator(".ev-banner-theme").inner_text()
            for title in ["线上逛校园", "网上开放日", "师生技能展示", "线上主题推介", "能工巧匠在身边"]:
                assert page.get_by_role("heading", name=title).is_visible()
            # Nothing wider than the phone: no sideways scrolling.
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            # The stylesheet loaded (the banner is coloured) and CSP reported nothing.
            background = page.locator(".ev-banner").evaluate("e => getComputedStyle(e).backgroundImage")
            assert "gradient" in background
            assert not [text for text in console_errors if "Content Security Policy" in text]

            page.goto(live_server.url + "/events/?year=2022")
            page.screenshot(path=str(ARTIFACTS / "events-list-390.png"), full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            assert page.get_by_role("link", name=week.title).is_visible()

            # The month calendar on a phone is a list of the days that have something.
            page.goto(live_server.url + "/events/calendar/?year=2022&month=5")
            page.screenshot(path=str(ARTIFACTS / "events-calendar-390.png"), full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            assert page.locator("td.ev-busy").first.is_visible()
            assert not page.locator("thead").is_visible()
            page.set_viewport_size({"width": 1100, "height": 900})
            page.screenshot(path=str(ARTIFACTS / "events-calendar-1100.png"), full_page=True)
            assert page.locator("thead").is_visible()
            assert not [text for text in console_errors if "Content Security Policy" in text]
        finally:
            browser.close()
