"""The 导入网页 page in a real browser: upload the seeds, read the preview, confirm; CSP holds throughout."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from news.models import Article
from tests import factories
from tests.news.import_seeds import EXPECTED, needs_seeds, seeds_dir

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_seeds]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]  # fmt: skip


def test_upload_preview_confirm_in_the_browser(live_server, settings, tmp_path):
    from playwright.sync_api import sync_playwright

    settings.NEWS_IMPORT_STAGING_DIR = str(tmp_path / "staging")
    factories.editor(username="bianji")
    ARTIFACTS.mkdir(exist_ok=True)
    csp_errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(live_server.url + reverse("admin:login"))
        page.fill("#id_username", "bianji")
        page.fill("#id_password", "pass-12345")
        page.click("input[type=submit]")
        page.goto(live_server.url + reverse("admin:news_article_changelist"))
        page.click("text=导入网页")
        page.set_input_files("input[type=file]", [str(seeds_dir() / c["file"]) for c in EXPECTED])
        page.click("input[type=submit]")
        page.wait_for_selector("#import-preview")
        page.screenshot(path=str(ARTIFACTS / "import-preview.png"), full_page=True)
        rows = page.locator("#import-preview tbody tr")
        assert rows.count() == len(EXPECTED)
        for n, case in enumerate(EXPECTED):
            assert case["title"] in rows.nth(n).inner_text()
        assert Article.objects.count() == 0
        page.click("input[name=confirm]")
        page.wait_for_selector("#import-summary")
        page.screenshot(path=str(ARTIFACTS / "import-summary.png"), full_page=True)
        assert "导入完成：新建 4" in page.inner_text("#content-main")
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(ARTIFACTS / "import-summary-phone.png"), full_page=False)
        browser.close()
    assert Article.objects.count() == 4
    assert csp_errors == []
