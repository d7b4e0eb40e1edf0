"""A school sends an article with two photos from a phone; an editor declines it; the school sees why."""

import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect, sync_playwright

from news import submissions
from news.models import Submission
from tests.factories import RegionFactory, SchoolFactory, reviewer
from tests.news.submission_support import has_gps, jpeg_with_gps, png_bytes

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture
def browser_page():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1, locale="zh-CN")
        page = context.new_page()
        errors: list[str] = []
        # JavaScript errors and missing assets; the form's own 400 answer to a refused POST is expected.
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "console",
            lambda message: message.type == "error"
            and not message.text.startswith("Failed to load resource")
            and errors.append(message.text),
        )
        page.on(
            "response",
            lambda response: "/static/" in response.url and response.status >= 400 and errors.append(response.url),
        )
        yield page, errors
        context.close()
        browser.close()


@pytest.mark.browser
def test_school_submits_two_images_and_sees_the_decline_reason(
    live_server, transactional_db, browser_page, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    page, errors = browser_page
    ARTIFACTS.mkdir(exist_ok=True)
    school = SchoolFactory(name="北京电子科技职业学院", region=RegionFactory(name="北京"))
    SchoolFactory(name="北京工业职业技术学院")
    first, second = tmp_path / "开幕式.png", tmp_path / "现场.jpg"
    first.write_bytes(png_bytes((800, 600), (30, 90, 160)))
    second.write_bytes(jpeg_with_gps((640, 480)))

    page.goto(f"{live_server.url}/submit/")
    expect(page.get_by_role("heading", name="院校投稿")).to_be_visible()
    # The honeypot is out of sight for people.
    box = page.locator("#id_website").bounding_box()
    assert box is None or box["x"] + box["width"] <= 0
    page.screenshot(path=str(ARTIFACTS / "submission-form-390.png"), full_page=True)

    # Type-ahead: choose the school from the list.
    page.get_by_label("学校名称").press_sequentially("北京电子")
    option = page.get_by_role("option", name=re.compile("北京电子科技职业学院"))
    expect(option).to_be_visible()
    option.click()
    expect(page.locator("#id_school")).to_have_value(str(school.pk))
    expect(page.locator("#id_region")).to_be_hidden()  # an existing school needs no region

    page.get_by_label("联系人").fill("王老师")
    page.get_by_label("联系电话").fill("138 1234 5678")
    page.get_by_label("电子邮箱").fill("wang@school.edu.cn")
    page.get_by_label("标题").fill("我院学子在全国职业院校技能大赛中获一等奖")
    page.get_by_label("正文").fill("近日，全国职业院校技能大赛落下帷幕。\n我院学子获得一等奖。")
    page.locator("#id_images-0-image").set_input_files(str(first))
    page.locator("#id_images-0-caption").fill("开幕式现场")
    page.locator("#id_images-1-image").set_input_files(str(second))
    page.locator("#id_images-1-caption").fill("颁奖仪式")
    page.get_by_role("button", name="再添加一张图片").click()
    expect(page.locator("#id_images-3-image")).to_be_visible()
    expect(page.locator("#id_images-TOTAL_FORMS")).to_have_value("4")
    add = page.get_by_role("button", name="再添加一张图片")
    for _ in range(6):
        add.click()
    expect(page.locator("#id_images-TOTAL_FORMS")).to_have_value("10")
    expect(add).to_be_disabled()  # ten is the limit
    expect(page.locator("#image-count")).to_contain_text("10 张")

    # Forgetting consent: the page says which field, keeps the text, asks for the files again.
    page.get_by_role("button", name="提交投稿").click()
    expect(page.locator("#error-summary")).to_contain_text("请勾选“同意发布”")
    expect(page.locator("#error-summary")).to_contain_text("请重新选择")
    expect(page.get_by_label("标题")).to_have_value("我院学子在全国职业院校技能大赛中获一等奖")
    expect(page.locator("#id_images-1-caption")).to_have_value("颁奖仪式")
    page.screenshot(path=str(ARTIFACTS / "submission-form-errors-390.png"), full_page=True)
    assert Submission.objects.count() == 0

    page.locator("#id_images-0-image").set_input_files(str(first))
    page.locator("#id_images-1-image").set_input_files(str(second))
    page.locator("#id_consent").check()
    page.get_by_role("button", name="提交投稿").click()

    expect(page.get_by_role("heading", name="投稿成功")).to_be_visible()
    submission = Submission.objects.select_related("article").get()
    expect(page.locator(".tracking")).to_have_text(submission.tracking_number)
    page.screenshot(path=str(ARTIFACTS / "submission-receipt-390.png"), full_page=True)
    assert submission.article.images.count() == 2
    for image in submission.article.images.all():
        assert not has_gps(Path(settings.MEDIA_ROOT, image.image.name).read_bytes())
    receipt = mail.outbox[0]
    assert submission.tracking_number in receipt.body
    assert f"/submission/{submission.status_token}/" in receipt.body

    page.locator("#status-link").click()
    expect(page.get_by_role("heading", name="投稿进度")).to_be_visible()
    expect(page.locator("#submission-state")).to_contain_text("已收到")
    page.screenshot(path=str(ARTIFACTS / "submission-status-received-390.png"), full_page=True)

    # An editor declines it, with a reason.
    submissions.decline(submission, by=reviewer(), reason="图片与正文不符，请补充比赛现场照片后重新投稿。")
    page.reload()
    expect(page.locator("#submission-state")).to_contain_text("未采用")
    expect(page.locator("#submission-state")).to_contain_text("图片与正文不符，请补充比赛现场照片后重新投稿。")
    page.screenshot(path=str(ARTIFACTS / "submission-status-declined-390.png"), full_page=True)
    declined_mail = mail.outbox[-1]
    assert "图片与正文不符，请补充比赛现场照片后重新投稿。" in declined_mail.body
    assert declined_mail.to == ["wang@school.edu.cn"]

    # Nothing sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert errors == []


@pytest.mark.browser
def test_oversized_image_is_stopped_in_the_browser_before_upload(live_server, transactional_db, browser_page, tmp_path,
                                                                  settings):
    settings.NEWS_IMAGE_MAX_BYTES = 1024 * 1024
    page, errors = browser_page
    big = tmp_path / "big.png"
    big.write_bytes(png_bytes((20, 20)) + b"\0" * (1024 * 1024 + 10))
    posts: list[str] = []
    page.on("request", lambda request: request.method == "POST" and posts.append(request.url))
    page.goto(f"{live_server.url}/submit/")
    page.get_by_label("标题").fill("标题保留在页面上")
    page.locator("#id_images-0-image").set_input_files(str(big))
    page.get_by_role("button", name="提交投稿").click()
    expect(page.locator("#client-error")).to_contain_text("图片“big.png”超过 1 MB")
    expect(page.get_by_label("标题")).to_have_value("标题保留在页面上")
    assert posts == []
    assert errors == []
