"""A reader's walk through the portal in Debian's chromium, with screenshots and axe-core checks."""

import feedparser
import pytest

from tests.browser.helpers import (
    DESKTOP,
    PHONE,
    collect_csp_errors,
    launch_browser,
    new_axe_page,
    screenshot,
    serious_violations,
)

pytestmark = pytest.mark.browser


def test_walk_home_column_article_search_traditional_feed(live_server, site_content):
    lead = site_content["lead"]
    with launch_browser() as browser:
        context = browser.new_context(viewport=PHONE, permissions=["clipboard-read", "clipboard-write"])
        page = context.new_page()
        csp_errors = collect_csp_errors(page)

        page.goto(live_server.url + "/")
        assert page.locator("h1").first.text_content() == "职教新闻网"
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="新闻").click()
        page.wait_for_url("**/column/news/")
        assert page.locator("h1").text_content() == "新闻"
        # page numbers, and back to page 1
        page.get_by_role("navigation", name="分页").get_by_role("link", name="第 2 页").click()
        page.wait_for_url("**/column/news/?page=2")
        assert page.locator(".pagination [aria-current=page]").text_content() == "2"
        page.get_by_role("navigation", name="分页").get_by_role("link", name="上一页").click()
        page.wait_for_url("**/column/news/")
        page.get_by_role("link", name=lead.title).first.click()
        page.wait_for_url(f"**{lead.get_absolute_url()}")
        assert page.locator("h1").text_content() == lead.title
        breadcrumb = page.get_by_role("navigation", name="当前位置").inner_text()
        assert "首页" in breadcrumb
        assert "新闻" in breadcrumb
        assert "职教网讯" in breadcrumb
        assert "责任编辑：刘莉" in page.locator(".credit-line").inner_text()

        # the copy-link button appears with JavaScript (share.js loads under the CSP) and copies the address
        page.locator("button.copy-link").click()
        page.wait_for_function("document.querySelector('.copy-status').textContent !== ''")
        assert page.locator(".copy-status").text_content() == "链接已复制"
        assert page.evaluate("navigator.clipboard.readText()").endswith(lead.get_absolute_url())

        # search from the header: the piece is found, the matched word highlighted; then back to the article
        page.locator("#site-search").fill("职教")
        page.locator("#site-search").press("Enter")
        page.wait_for_url("**/search/?q=*")
        results = page.get_by_role("main")
        assert lead.title in results.inner_text()
        assert page.locator("mark").count() > 0
        assert results.locator(f'a[href="{lead.get_absolute_url()}"]').count() >= 1
        page.go_back()
        page.wait_for_url(f"**{lead.get_absolute_url()}")

        # 繁: the whole page in traditional characters, remembered for the next page
        page.get_by_role("link", name="繁", exact=True).click()
        page.wait_for_url(f"**{lead.get_absolute_url()}")
        assert page.locator("html").get_attribute("lang") == "zh-Hant"
        assert "職教戰線" in page.locator(".article-body").inner_text()
        page.goto(live_server.url + "/column/news/")
        assert page.locator("h1").text_content() == "新聞"
        page.get_by_role("link", name="简", exact=True).click()
        page.wait_for_url("**/column/news/")
        assert page.locator("h1").text_content() == "新闻"

        # the feed from the footer
        href = page.get_by_role("contentinfo").get_by_role("link", name="RSS 订阅").get_attribute("href")
        response = page.request.get(live_server.url + href)
        feed = feedparser.parse(response.body())
        assert lead.title in [entry.title for entry in feed.entries]
        assert csp_errors == []


@pytest.mark.parametrize(("label", "viewport"), [("390", PHONE), ("1280", DESKTOP)])
def test_screenshots(live_server, site_content, label, viewport):
    lead = site_content["lead"]
    pages = {
        "home": "/", "column": "/column/news/", "article": lead.get_absolute_url(), "topic": "/topic/zhanyi/",
        "region": "/region/jiangsu/",
    }
    with launch_browser() as browser:
        page = browser.new_context(viewport=viewport).new_page()
        csp_errors = collect_csp_errors(page)
        for name, path in pages.items():
            page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
            # no sideways scrolling on a phone
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{name} overflows by {overflow}px at {label}px"
            broken = page.evaluate(
                "Array.from(document.images).filter(i => i.complete && i.naturalWidth === 0 && i.loading !== 'lazy')"
                ".map(i => i.src)"
            )
            assert broken == [], broken
            screenshot(page, f"{name}-{label}")
        assert csp_errors == []


@pytest.mark.parametrize(
    "path", ["/", "article", "/column/news/", "/topic/zhanyi/", "/region/jiangsu/", "/search/?q=职教", "404"]
)
def test_axe_no_serious_violations(live_server, site_content, path):
    if path == "article":
        path = site_content["lead"].get_absolute_url()
    elif path == "404":
        path = "/no-such-page/"
    with launch_browser() as browser:
        for viewport in (PHONE, DESKTOP):
            page = new_axe_page(browser, viewport=viewport)
            page.goto(live_server.url + path)
            assert serious_violations(page) == [], path


def test_keyboard_skip_link_and_visible_focus(live_server, site_content):
    with launch_browser() as browser:
        page = browser.new_context(viewport=DESKTOP).new_page()
        page.goto(live_server.url + "/")
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent")
        assert focused == "跳到正文"
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"
        assert page.locator(".skip-link").is_visible()
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#main"
