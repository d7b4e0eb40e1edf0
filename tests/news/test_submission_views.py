
"""The public submission form: success, every refusal, and that no refusal leaves rows or files behind."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from news.models import Article, ArticleImage, Credit, School, Submission, Transition
from tests.factories import ColumnFactory, PublishedArticleFactory, RegionFactory, SchoolFactory, TopicFactory
from tests.news import submission_support
from tests.news.submission_support import (
    EXE,
    SVG,
    docx_bytes,
    files_under,
    form_data,
    has_gps,
    image_bytes,
    jpeg_with_gps,
    pdf_bytes,
    png_bytes,
    png_claiming,
    upload,
)

pytestmark = pytest.mark.django_db
media_root = submission_support.media_root
school = submission_support.school
URL = "/submit/"


def nothing_stored(root) -> None:
    assert Submission.objects.count() == 0
    assert Article.objects.count() == 0
    assert ArticleImage.objects.count() == 0
    assert files_under(root) == []


def post(client, data, **extra):
    return client.post(URL, data, **extra)


# --- the page --------------------------------------------------------------------------------------------------


def test_form_page_renders_in_chinese_with_csp_safe_markup(client):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "院校投稿" in html
    assert 'enctype="multipart/form-data"' in html
    assert "csrfmiddlewaretoken" in html
    assert "<style" not in html
    assert " style=" not in html
    assert " onclick" not in html
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None  # no inline script
    assert "js/submit.js" in html
    assert "css/submit.css" in html
    # The honeypot is labelled for screen readers and kept out of the tab order.
    assert "请勿填写此项（留空）" in html
    assert re.search(r'<input[^>]*name="website"[^>]*tabindex="-1"', html)


def test_topic_in_query_is_preselected_only_when_it_accepts_submissions(client):
    open_topic = TopicFactory(name="技能中国行", slug="skills", accepts_submissions=True)
    closed = TopicFactory(name="内部专题", slug="internal", accepts_submissions=False)
    html = client.get(URL, {"topic": "skills"}).content.decode()
    assert f'<option value="{open_topic.pk}" selected>' in html
    assert "您正在为专题“技能中国行”投稿" in html
    html = client.get(URL, {"topic": "internal"}).content.decode()
    assert "内部专题" not in html
    assert f'value="{closed.pk}"' not in html


def test_form_page_query_count_does_not_grow_with_topics_regions_columns(client, django_assert_num_queries):
    TopicFactory(accepts_submissions=True)
    RegionFactory()
    ColumnFactory()
    with django_assert_num_queries(4):  # regions, columns, topics, the navigation tree (cold)
        client.get(URL)
    for _ in range(50):
        TopicFactory(accepts_submissions=True)
        ColumnFactory(parent=ColumnFactory())
        RegionFactory(parent=RegionFactory())
    with django_assert_num_queries(4):
        client.get(URL)


def test_a_flood_of_submissions_does_not_touch_the_public_pages(
    client, django_assert_num_queries, django_assert_max_num_queries, school
):
    PublishedArticleFactory()
    client.get("/")
    with django_assert_max_num_queries(6) as first:
        client.get("/")
    for index in range(50):
        article = Article.objects.create(title=f"投稿{index}", origin=Article.Origin.SUBMISSION, status="review")
        Submission.objects.create(article=article, school=school, contact_name="王", phone="1", email="a@b.cn")
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get("/")
    assert "投稿0" not in response.content.decode()


# --- success ---------------------------------------------------------------------------------------------------


def test_successful_submission_stores_everything_and_mails_a_receipt(
    client, school, media_root, django_capture_on_commit_callbacks
):
    column = ColumnFactory(name="院校动态")
    topic = TopicFactory(accepts_submissions=True)
    images = [(upload(png_bytes(), "a.png", "image/png"), "开幕式现场"), (upload(jpeg_with_gps(), "b.jpg"), "颁奖")]
    data = form_data(school, images=images, attachment=upload(pdf_bytes(), "附件.pdf"),
                     column=str(column.pk), topic=str(topic.pk))
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, data, REMOTE_ADDR="203.0.113.9")
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("news:submit_thanks", kwargs={"token": submission.status_token})

    article = submission.article
    assert article.origin == Article.Origin.SUBMISSION
    assert article.status == Article.Status.REVIEW
    assert article.school == school
    assert article.region == school.region
    assert article.column == column
    assert list(article.topics.all()) == [topic]
    assert article.body == "<p>近日，全国职业院校技能大赛落下帷幕。</p>\n<p>我院学子获得一等奖。</p>"
    assert {(c.role, c.name) for c in article.credits.all()} == {
        (Credit.Role.CONTRIBUTOR, school.name), (Credit.Role.AUTHOR, "李明")
    }
    assert submission.ip_address == "203.0.113.9"
    assert submission.phone == "13812345678"
    assert submission.email == "wang@school.edu.cn"
    assert not submission.school_unverified

    # The system move into the review queue is in the log, with no actor.
    log = Transition.objects.get(article=article)
    assert (log.action, log.from_status, log.to_status, log.actor) == ("submit", "draft", "review", None)
    assert submission.tracking_number in log.comment

    images = list(article.images.order_by("order"))
    assert [image.caption for image in images] == ["开幕式现场", "颁奖"]
    stored = files_under(media_root)
    assert len(stored) == 3
    for image in images:
        assert Path(image.image.name).name not in {"a.png", "b.jpg"}
        assert len(Path(image.image.name).stem) >= 16  # a random name, not the school's
        assert not has_gps((media_root / image.image.name).read_bytes())
    assert submission.attachment.name.endswith(".pdf")
    assert "附件" not in submission.attachment.name

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["wang@school.edu.cn"]
    assert submission.tracking_number in message.subject
    assert submission.tracking_number in message.body
    assert f"/submission/{submission.status_token}/" in message.body

    receipt = client.get(response["Location"])
    html = receipt.content.decode()
    assert receipt.status_code == 200
    assert submission.tracking_number in html
    assert f"/submission/{submission.status_token}/" in html
    assert "已收到" in html
    assert receipt["Referrer-Policy"] == "no-referrer"
    assert "no-cache" in receipt["Cache-Control"] or "no-store" in receipt["Cache-Control"]


def test_the_article_waits_in_reviewers_queue(client, school, media_root):
    from news import workflow
    from tests.factories import reviewer

    post(client, form_data(school))
    article = Submission.objects.get().article
    assert article in workflow.queue_for(reviewer())


def test_new_school_is_created_unverified_with_its_region(client, media_root):
    region = RegionFactory(name="浙江")
    data = form_data(None, school_name="杭州 新兴 职业技术学院", region=str(region.pk))
    post(client, data)
    created = School.objects.get(name="杭州 新兴 职业技术学院")
    assert created.region == region
    assert Submission.objects.get().school_unverified
    # Unverified schools are not offered to the public in the type-ahead.
    assert client.get("/submit/schools/", {"q": "新兴"}).json() == {"results": []}


def test_typing_an_existing_school_name_without_javascript_finds_it(client, school, media_root):
    post(client, form_data(None, school_name=f" {school.name} "))
    submission = Submission.objects.get()
    assert submission.school == school
    assert School.objects.count() == 1


def test_docx_attachment_is_accepted(client, school, media_root):
    response = post(client, form_data(school, attachment=upload(docx_bytes(), "稿件.docx")))
    assert response.status_code == 302
    assert Submission.objects.get().attachment.name.endswith(".docx")


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("+86 138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("010-62345678", "010-62345678"),
        ("(0571)88888888", "0571-88888888"),
        ("０２１－６２３４５６７８转８０１", "021-62345678-801"),
    ],
)
def test_chinese_phone_formats_are_accepted_and_normalised(client, school, media_root, raw, stored):
    assert post(client, form_data(school, phone=raw)).status_code == 302
    assert Submission.objects.get().phone == stored


# --- refusals --------------------------------------------------------------------------------------------------


def refused(response, field_id: str, words: str) -> str:
    html = response.content.decode()
    assert response.status_code == 400
    assert "提交未成功" in html
    assert f'href="#{field_id}"' in html, "the summary links to the wrong field"
    # The message sits next to the field, and the field points screen readers at it.
    assert f'id="{field_id}_error"' in html
    widget = rf'<(input|select|textarea)[^>]*aria-describedby="[^"]*{field_id}_error[^"]*"[^>]*id="{field_id}"'
    assert re.search(widget, html)
    assert words in html
    return html


@pytest.mark.parametrize(
    ("file", "words"),
    [
        (upload(b"just some text, not a photo", "photo.jpg", "image/jpeg"), "不是有效的图片"),
        (upload(png_claiming(100_000, 100_000), "bomb.png", "image/png"), "解压炸弹"),
        (upload(png_claiming(8000, 5001), "huge.png", "image/png"), "像素过多"),
        (upload(image_bytes("GIF"), "anim.gif", "image/gif"), "不支持的图片格式"),
        (upload(SVG, "logo.svg", "image/svg+xml"), "不是有效的图片"),
    ],
    ids=["text-renamed-jpg", "bomb", "over-40mp", "gif", "svg"],
)
def test_bad_images_are_refused_and_leave_nothing(client, school, media_root, file, words):
    images = [(upload(png_bytes(), "ok.png"), "好图"), (file, "坏图")]
    html = refused(post(client, form_data(school, images=images)), "id_images-1-image", words)
    assert "第 2 张图片" in html
    assert "请重新选择" in html  # files are not kept, and the page says so
    nothing_stored(media_root)


def test_oversize_image_is_refused(client, school, media_root, settings):
    settings.NEWS_IMAGE_MAX_BYTES = 2000
    big = upload(png_bytes((200, 200)) + b"\0" * 3000, "b.png")
    refused(post(client, form_data(school, images=[(big, "")])), "id_images-0-image", "图片过大")
    nothing_stored(media_root)


@pytest.mark.parametrize(
    "data", [EXE, SVG, image_bytes("GIF"), docx_bytes(with_document=False)], ids=["exe", "svg", "gif", "zip"]
)
def test_wrong_attachment_types_are_refused(client, school, media_root, data):
    response = post(client, form_data(school, attachment=upload(data, "report.pdf", "application/pdf")))
    refused(response, "id_attachment", "附件只接受 PDF 或 Word")
    nothing_stored(media_root)


def test_missing_consent_is_refused_and_typed_text_is_kept(client, school, media_root):
    data = form_data(school, images=[(upload(png_bytes(), "a.png"), "说明文字")])
    del data["consent"]
    html = refused(post(client, data), "id_consent", "请勾选“同意发布”")
    assert "我院学子在全国职业院校技能大赛中获一等奖" in html
    assert "近日，全国职业院校技能大赛落下帷幕。" in html
    assert 'value="王老师"' in html
    assert 'value="13812345678"' in html
    assert 'value="说明文字"' in html  # the caption survives, the file must be chosen again
    assert "出于安全考虑，您已选择的图片和附件不会保留，请重新选择" in html
    nothing_stored(media_root)


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("phone", "12345", "请填写有效的手机号"),
        ("phone", "010-0234567", "请填写有效的手机号"),
        ("email", "not-an-email", "请填写有效的电子邮箱地址"),
        ("title", "", "这个字段是必填项"),
        ("title", "标" * 201, "200"),
        ("body", "", "这个字段是必填项"),
        ("body", "字" * 30001, "30000"),
        ("contact_name", "王" * 51, "50"),
        ("school_name", "", "这个字段是必填项"),
    ],
)
def test_each_field_says_what_is_wrong(client, school, media_root, field, value, words):
    refused(post(client, form_data(school, **{field: value})), f"id_{field}", words)
    nothing_stored(media_root)


def test_unknown_school_without_region_names_the_region_field(client, media_root):
    html = refused(post(client, form_data(None, school_name="不存在的职业学院")), "id_region", "请选择学校所在地区")
    assert 'value="不存在的职业学院"' in html
    assert School.objects.count() == 0


def test_topic_that_does_not_accept_submissions_is_refused(client, school, media_root):
    closed = TopicFactory(accepts_submissions=False)
    refused(post(client, form_data(school, topic=str(closed.pk))), "id_topic", "选择一个有效的选项")


def test_more_than_ten_images_is_refused(client, school, media_root):
    images = [(upload(png_bytes(), f"{i}.png"), "") for i in range(11)]
    data = form_data(school, images=images)
    response = post(client, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "最多上传 10 张图片" in html
    nothing_stored(media_root)


def test_caption_without_image_is_refused(client, school, media_root):
    data = form_data(school, **{"images-0-caption": "只有说明"})
    refused(post(client, data), "id_images-0-image", "没有选择图片")


def test_hostile_html_is_neutralised_everywhere(client, school, media_root):
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    data = form_data(
        school,
        title=f"标题{evil}测试",
        contact_name="王<img src=x onerror=alert(1)>",
        author_name=f"李{evil}",
        body=f"第一段{evil}\n<b>第二段</b>",
        images=[(upload(png_bytes(), "a.png"), f"说明{evil}")],
    )
    assert post(client, data).status_code == 302
    submission = Submission.objects.get()
    article = submission.article
    lines = " ".join([article.title, submission.contact_name, article.images.get().caption,
                      *article.credits.values_list("name", flat=True)])
    assert "<" not in lines
    assert "onerror" not in lines
    assert "<script" not in article.body
    assert "<img" not in article.body
    assert "&lt;script&gt;" in article.body  # the body: shown as text, never run
    assert "&lt;b&gt;第二段&lt;/b&gt;" in article.body  # plain mode: tags are shown, not obeyed
    status = client.get(reverse("news:submission_status", kwargs={"token": submission.status_token}))
    assert "<script>alert" not in status.content.decode()


def test_simple_html_body_keeps_only_the_safe_subset(client, school, media_root):
    body = (
        '<p>段落<strong>加粗</strong></p><ul><li>一</li></ul><a href="javascript:alert(1)">链接</a>'
        '<table><tr><td>表</td></tr></table><p onclick="x()">后</p>'
    )
    assert post(client, form_data(school, body=body, body_format="html")).status_code == 302
    html = Submission.objects.get().article.body
    assert "<strong>加粗</strong>" in html
    assert "<li>一</li>" in html
    assert "javascript" not in html
    assert "<table" not in html
    assert "onclick" not in html


def test_empty_html_body_is_refused(client, school, media_root):
    refused(post(client, form_data(school, body="<script>x</script>", body_format="html")), "id_body", "正文不能为空")


# --- abuse -----------------------------------------------------------------------------------------------------


def test_honeypot_submission_is_silently_discarded(client, school, media_root, django_capture_on_commit_callbacks):
    data = form_data(school, images=[(upload(png_bytes(), "a.png"), "x")], website="http://spam.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, data)
    assert response.status_code == 200
    assert "感谢您的来稿" in response.content.decode()
    nothing_stored(media_root)
    assert mail.outbox == []


def test_csrf_is_enforced(school, media_root):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(URL, form_data(school))
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()
    nothing_stored(media_root)
    # With the token from the page, the same client gets through.
    page = strict.get(URL)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    assert strict.post(URL, {**form_data(school), "csrfmiddlewaretoken": token}).status_code == 302


def test_rate_limit_per_ip(client, school, media_root, settings):
    settings.SUBMISSION_RATE_LIMIT = "2/h"
    for index in range(2):
        assert post(client, form_data(school, email=f"a{index}@x.cn"), REMOTE_ADDR="198.51.100.7").status_code == 302
    response = post(client, form_data(school, email="third@x.cn"), REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert Submission.objects.count() == 2
    # Another address is not affected.
    assert post(client, form_data(school, email="other@x.cn"), REMOTE_ADDR="198.51.100.8").status_code == 302


def test_rate_limit_per_email(client, school, media_root, settings):
    settings.SUBMISSION_RATE_LIMIT = "2/h"
    for index in range(2):
        response = post(client, form_data(school, title=f"第{index}篇稿件标题"), REMOTE_ADDR=f"198.51.100.{index + 1}")
        assert response.status_code == 302
    images = [(upload(png_bytes(), "a.png"), "")]
    response = post(client, form_data(school, email="WANG@school.edu.cn", images=images), REMOTE_ADDR="198.51.100.99")
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    assert Submission.objects.count() == 2
    assert len(files_under(media_root)) == 0


def test_ip_limit_refuses_before_the_body_is_read(client, school, media_root, settings):
    settings.SUBMISSION_RATE_LIMIT = "1/h"
    post(client, form_data(school), REMOTE_ADDR="192.0.2.1")

    def explode(*args, **kwargs):
        raise AssertionError("the body was parsed")

    from django.core.handlers.wsgi import WSGIRequest

    original = WSGIRequest._load_post_and_files
    WSGIRequest._load_post_and_files = explode
    try:
        response = post(client, form_data(school), REMOTE_ADDR="192.0.2.1")
    finally:
        WSGIRequest._load_post_and_files = original
    assert response.status_code == 429


def test_attempts_are_limited_even_when_each_one_fails(client, school, media_root, settings):
    settings.SUBMISSION_ATTEMPT_RATE_LIMIT = "3/h"
    for _ in range(3):
        assert post(client, form_data(school, phone="bad"), REMOTE_ADDR="192.0.2.50").status_code == 400
    assert post(client, form_data(school), REMOTE_ADDR="192.0.2.50").status_code == 429


def test_client_address_behind_a_trusted_proxy(client, school, media_root, settings):
    settings.RATELIMIT_TRUSTED_PROXIES = 1
    post(client, form_data(school), REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
    assert Submission.objects.get().ip_address == "203.0.113.5"


def test_200_mb_request_is_refused_from_its_headers(client, school, media_root):
    response = post(client, form_data(school), CONTENT_LENGTH=str(200 * 1024 * 1024))
    html = response.content.decode()
    assert response.status_code == 413
    assert "上传内容过大" in html
    assert "200 MB" in html
    assert "130 MB" in html
    nothing_stored(media_root)


def test_too_many_fields_get_a_chinese_answer(client, school, media_root, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    data = form_data(school, **{f"junk{i}": "x" for i in range(60)})
    response = post(client, data)
    assert response.status_code == 400
    assert "提交的数据无法识别" in response.content.decode()
    nothing_stored(media_root)


def test_storage_failure_keeps_the_text_and_leaves_nothing(client, school, media_root, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    calls = {"n": 0}
    original = FileSystemStorage._save

    def fail_second(self, name, content):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return original(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", fail_second)
    images = [(upload(png_bytes(), "a.png"), "一"), (upload(png_bytes(), "b.png"), "二")]
    response = post(client, form_data(school, images=images))
    html = response.content.decode()
    assert response.status_code == 503
    assert "系统暂时无法保存您的投稿" in html
    assert "我院学子在全国职业院校技能大赛中获一等奖" in html
    nothing_stored(media_root)
    assert School.objects.count() == 1


# --- type-ahead and status page --------------------------------------------------------------------------------


def test_school_typeahead_returns_names_and_regions_only(client, school, django_assert_num_queries):
    SchoolFactory(name="北京工业职业技术学院")
    for index in range(20):
        SchoolFactory(name=f"天津第{index}职业学院")
    with django_assert_num_queries(1):
        data = client.get("/submit/schools/", {"q": "北京"}).json()
    names = [row["name"] for row in data["results"]]
    assert set(names) == {"北京电子科技职业学院", "北京工业职业技术学院"}
    assert set(data["results"][0]) == {"id", "name", "region"}
    assert len(client.get("/submit/schools/", {"q": "职业"}).json()["results"]) == 10
    assert client.get("/submit/schools/", {"q": ""}).json() == {"results": []}


def test_status_page_wrong_token_is_404_and_never_shows_another_school(client, media_root):
    first = SchoolFactory(name="甲职业学院")
    second = SchoolFactory(name="乙职业学院")
    post(client, form_data(first, title="甲校的稿件标题", email="a@a.cn"))
    post(client, form_data(second, title="乙校的稿件标题", email="b@b.cn"))
    a = Submission.objects.get(school=first)
    html = client.get(f"/submission/{a.status_token}/").content.decode()
    assert "甲校的稿件标题" in html
    assert "乙校" not in html
    assert client.get(f"/submission/{a.status_token[:-1]}x/").status_code == 404
    assert client.get(f"/submission/{a.tracking_number}/").status_code == 404
    assert client.get("/submission/" + "a" * 200 + "/").status_code == 404
    assert client.get(f"/submit/thanks/{a.tracking_number}/").status_code == 404
    assert "13812345678" not in html
    assert "a@a.cn" not in html


def test_status_page_shows_each_state_in_words(client, school, media_root):
    from news import submissions, workflow
    from tests.factories import reviewer, signer

    post(client, form_data(school))
    submission = Submission.objects.get()
    url = reverse("news:submission_status", kwargs={"token": submission.status_token})
    assert "当前状态：<strong>已收到</strong>" in client.get(url).content.decode()

    checker = reviewer()
    workflow.approve(submission.article, by=checker)
    html = client.get(url).content.decode()
    assert "当前状态：<strong>审核中</strong>" in html
    assert 'aria-current="step"' in html

    article = Article.objects.get(pk=submission.article_id)
    workflow.approve(article, by=checker)
    workflow.approve(article, by=checker)
    workflow.sign_off(article, by=signer())
    article.refresh_from_db()
    html = client.get(url).content.decode()
    assert "当前状态：<strong>已发布</strong>" in html
    assert f'href="{article.get_absolute_url()}"' in html
    assert client.get(article.get_absolute_url()).status_code == 200

    workflow.withdraw(article, by=signer(), comment="撤下")
    submissions.decline(submission, by=checker, reason="内容需核实 <b>来源</b>")
    html = client.get(url).content.decode()
    assert "当前状态：<strong>未采用</strong>" in html
    assert "内容需核实 &lt;b&gt;来源&lt;/b&gt;" in html
    assert f'href="{article.get_absolute_url()}"' not in html


def test_topic_page_call_for_contributions_links_to_the_form_with_the_topic(client):
    topic = TopicFactory(name="技能中国行", slug="技能中国行", accepts_submissions=True,
                         call_for_contributions="欢迎各院校投稿<script>x</script>")
    closed = TopicFactory(accepts_submissions=False, call_for_contributions="不收稿")
    html = client.get(topic.get_absolute_url()).content.decode()
    link = re.search(r'href="(/submit/\?topic=[^"]+)"', html).group(1)
    assert "&lt;script&gt;" in html
    form = client.get(link).content.decode()
    assert f'<option value="{topic.pk}" selected>' in form
    assert "/submit/?topic=" not in client.get(closed.get_absolute_url()).content.decode()


def test_the_same_piece_sent_twice_is_stored_once(client, school, media_root):
    assert post(client, form_data(school)).status_code == 302
    first = Submission.objects.get()
    response = post(client, form_data(school, images=[(upload(png_bytes(), "a.png"), "")]))
    html = response.content.decode()
    assert response.status_code == 409
    assert f"这篇稿件刚刚已经收到（投稿编号 {first.tracking_number}）" in html
    assert "请修改以下 1 处" in html
    assert first.status_token not in html
    assert Submission.objects.count() == 1
    assert files_under(media_root) == []


def test_a_concurrent_identical_request_is_told_to_wait(client, school, media_root):
    import hashlib

    from django.core.cache import cache

    data = form_data(school)
    cache.add("submit-lock:" + hashlib.sha256(f"{data['email']}\n{data['title']}".encode()).hexdigest(), 1, 60)
    response = post(client, data)
    assert response.status_code == 409
    assert "同一篇稿件正在提交中" in response.content.decode()
    assert Submission.objects.count() == 0


@pytest.mark.parametrize("tampered", ["99999999999999999999999", "-1", "abc", "1 OR 1=1", "x" * 30])
def test_tampered_hidden_school_id_falls_back_to_the_typed_name(client, school, media_root, tampered):
    data = form_data(school)
    data["school"] = tampered
    response = post(client, data)
    assert response.status_code == 302
    assert Submission.objects.get().school == school


def test_another_schools_id_with_this_schools_name_uses_the_name(client, school, media_root):
    other = SchoolFactory(name="别的学院")
    data = form_data(school)
    data["school"] = str(other.pk)
    post(client, data)
    assert Submission.objects.get().school == school


@pytest.mark.parametrize("total", ["abc", ""])
def test_tampered_image_management_form_is_a_clear_refusal(client, school, media_root, total):
    response = post(client, form_data(school, **{"images-TOTAL_FORMS": total}))
    assert response.status_code == 400
    assert "图片表单数据不完整" in response.content.decode()
    nothing_stored(media_root)


@pytest.mark.parametrize("value", ["\x00", "a\x00b", "\u202e", "<script>"])
def test_hostile_topic_in_the_address_is_ignored(client, value):
    response = client.get(URL, {"topic": value})
    assert response.status_code == 200
