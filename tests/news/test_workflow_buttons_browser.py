"""In a real browser the workflow buttons post their own form (HTML forms cannot nest inside the article form)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from news import roles
from news.models import Article, Transition
from tests.factories import ArticleFactory, UserFactory

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_signer_clicks_sign_off_and_the_piece_is_published(live_server):
    author = UserFactory(username="browser-author", role=roles.EDITOR)
    UserFactory(username="browser-signer", role=roles.SIGNER)
    article = ArticleFactory(title="浏览器签发测试", status=Article.Status.SIGNOFF, created_by=author)
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        page = browser.new_page()
        violations = []
        page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "browser-signer")
        page.fill("#id_password", "pass-12345")
        page.click("input[type=submit]")
        page.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
        box = page.locator("section.workflow-box")
        assert box.is_visible()
        # The box is not inside the article's form, so its buttons submit their own forms.
        assert page.locator("#article_form section.workflow-box").count() == 0
        page.screenshot(path=str(ARTIFACTS / "workflow-box.png"), full_page=True)
        box.get_by_role("button", name="签发").click()
        page.wait_for_load_state()
        assert page.locator("ul.messagelist li.success").count() == 1
        browser.close()
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert Transition.objects.filter(article=article, action="sign_off", actor__username="browser-signer").exists()
    assert violations == []
