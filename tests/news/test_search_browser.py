"""The search page in a phone-sized chromium: type 教师, get traditional hits highlighted."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from tests.factories import PublishedArticleFactory

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


@pytest.fixture
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_searching_for_teachers_finds_traditional_text_highlighted(live_server, transactional_db, browser, width):
    now = timezone.now()
    PublishedArticleFactory(
        title="全國優秀教師代表座談會在京召開",
        summary="",
        body="<p>座談會上，來自職業院校的優秀教師代表發言，分享技能教學經驗。</p>",
        published_at=now - datetime.timedelta(hours=2),
    )
    PublishedArticleFactory(
        title="职业院校技能大赛开幕",
        summary="",
        body="<p>大赛期间，指导教师与参赛学生共同参与。</p>",
        published_at=now - datetime.timedelta(days=1),
    )
    PublishedArticleFactory(title="与此无关的通知", summary="", body="<p>无关。</p>")
    errors = []
    page = browser.new_page(viewport={"width": width, "height": 844})
    page.on("console", lambda message: message.type == "error" and errors.append(message.location.get("url", "")))
    failed = []
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    page.goto(f"{live_server.url}/search/")
    page.get_by_label("搜索关键词").fill("教师")
    page.get_by_label("搜索关键词").press("Enter")
    hits = page.locator(".search-hit")
    expect(hits).to_have_count(2)
    expect(page.get_by_role("status")).to_contain_text("找到 2 篇")
    first = hits.nth(0)
    expect(first.locator("h2 mark")).to_have_text("教師")
    expect(first.locator(".search-snippet mark").first).to_have_text("教師")
    expect(hits.nth(1).locator(".search-snippet mark")).to_have_text("教师")
    # Nothing spills sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"search-{width}.png"), full_page=True)
    # The friendly empty page for a query in another script.
    page.get_by_label("搜索关键词").fill("مرحبا 😀")
    page.get_by_label("搜索关键词").press("Enter")
    expect(page.locator(".search-empty")).to_contain_text("没有找到")
    # The browser asks for /favicon.ico on its own; the portal's pages own no icon yet.
    assert failed == []
    assert [url for url in errors if not url.endswith("/favicon.ico")] == []
