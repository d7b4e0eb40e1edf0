"""The English catalogue: complete, compiled, and what an English-speaking editor or reader actually gets."""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from events.models import ActivityWeek
from news.models import Article, Credit
from news.workflow import ACTIONS
from tests.factories import (
    ArticleImageFactory,
    ColumnFactory,
    CreditFactory,
    PublishedArticleFactory,
    RegionFactory,
    TopicFactory,
    editor,
)

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# %(name)s / %(count)d for Python and {% blocktranslate %}, {name} for the strings handed to static/js/submit.js.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")


@pytest.fixture(scope="module")
def po():
    return polib.pofile(str(CATALOGUE / "django.po"))


def test_every_string_is_translated_and_none_is_fuzzy(po):
    assert not po.metadata_is_fuzzy
    assert po.metadata["Language"] == "en"
    assert len(po) > 500  # the whole interface, not a stub
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po.obsolete_entries()] == []


def test_plural_entries_have_both_english_forms(po):
    plurals = [e for e in po if e.msgid_plural]
    assert plurals
    for entry in plurals:
        assert sorted(entry.msgstr_plural) == [0, 1], entry.msgid
        assert all(entry.msgstr_plural.values()), entry.msgid


def test_translations_are_english_and_keep_every_placeholder(po):
    # The language names stay in their own script in the language switcher.
    native = {"简体中文"}
    for entry in po:
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry.msgid)), entry.msgid
            if entry.msgid not in native:
                # Sample inputs in quotes (作者:张三) are the format the importer reads, so they stay Chinese.
                assert not CJK.search(re.sub(r"“[^”]*”", "", text)), (entry.msgid, text)


def test_compiled_catalogue_matches_the_po_file(po):
    mo = polib.mofile(str(CATALOGUE / "django.mo"))
    compiled = {e.msgid: e.msgstr_plural or e.msgstr for e in mo if e.msgid}
    for entry in po:
        expected = entry.msgstr_plural or entry.msgstr
        assert compiled.get(entry.msgid) == expected, f"django.mo is stale, run `make messages`: {entry.msgid}"


def test_workflow_labels_in_english():
    with translation.override("en"):
        labels = {name: str(action.label) for name, action in ACTIONS.items()}
    assert labels["submit"] == "Send for review"
    assert labels["approve"] == "Approve"
    assert labels["sign_off"] == "Sign off"
    assert labels["withdraw"] == "Withdraw"
    assert labels["archive"] == "Archive"
    with translation.override("zh-hans"):
        assert str(ACTIONS["sign_off"].label) == "签发"


def test_model_names_choices_and_fields_in_english():
    with translation.override("en"):
        assert str(Article._meta.verbose_name) == "Article"
        assert str(ActivityWeek._meta.verbose_name) == "Activity week"
        assert str(Article.Status.SIGNOFF.label) == "Awaiting sign-off"
        assert str(Credit.Role.RESPONSIBLE_EDITOR.label) == "Responsible editor"
        assert str(Credit.Role.PHOTOGRAPHER.label) == "Photos by"
        untranslated = []
        for model in [*apps.get_app_config("news").get_models(), *apps.get_app_config("events").get_models()]:
            names = [model._meta.verbose_name, model._meta.verbose_name_plural]
            for field in model._meta.get_fields():
                names.append(getattr(field, "verbose_name", ""))
                names += [label for _value, label in getattr(field, "flatchoices", None) or []]
            untranslated += [f"{model.__name__}: {name}" for name in map(str, names) if CJK.search(name)]
    assert untranslated == []


class _InterfaceText(HTMLParser):
    """The page's text and the attributes people read or hear, skipping parts marked as Chinese on purpose."""

    SPOKEN = {"alt", "title", "aria-label", "placeholder", "content"}
    VOID = {"meta", "link", "img", "input", "br", "hr", "source", "area", "base", "col", "embed", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []  # per open element: is it (inside) a deliberately Chinese element?
        self.chunks: list[str] = []

    def _chinese(self):
        return bool(self.stack) and self.stack[-1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        chinese = self._chinese() or ((attrs.get("lang") or "").startswith("zh") and tag != "html")
        if not chinese:
            self.chunks += [value for name, value in attrs.items() if name in self.SPOKEN and value]
        if tag not in self.VOID:
            self.stack.append(chinese or tag in {"script", "style"})

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self._chinese() and data.strip():
            self.chunks.append(data.strip())


def _english_page(client, url):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    return response.content.decode()


def _interface_labels(html, content):
    parser = _InterfaceText()
    parser.feed(html)
    text = "\n".join(parser.chunks)
    for value in sorted(content, key=len, reverse=True):  # longest first: a title may contain a column name
        text = text.replace(value, "")
    return [line for line in text.splitlines() if CJK.search(line)]


@pytest.mark.django_db
def test_home_page_interface_in_english_content_in_chinese(client):
    column = ColumnFactory(name="院校动态", slug="yuanxiao")
    articles = [PublishedArticleFactory(column=column, featured=True) for _ in range(3)]
    articles += [PublishedArticleFactory(column=column) for _ in range(3)]
    topic = TopicFactory(name="技能大赛")
    region = RegionFactory(name="江苏")

    html = _english_page(client, reverse("news:home"))

    for label in ["Vocational Education News", "Skip to main content", "Latest", "Special topics", "Regional sites",
                  "Home", "Search news", "Main navigation", "Archive", "Site map"]:
        assert label in html, label
    # The content stays as written.
    assert articles[0].title in html
    assert column.name in html
    content = [column.name, topic.name, region.name, *(a.title for a in articles), *(a.summary for a in articles)]
    assert _interface_labels(html, content) == []


@pytest.mark.django_db
def test_home_page_stays_chinese_without_the_cookie(client):
    PublishedArticleFactory()
    html = client.get(reverse("news:home")).content.decode()
    assert "最新发布" in html
    assert "Latest" not in html


@pytest.mark.django_db
def test_calendar_weekdays_in_english(client):
    html = _english_page(client, reverse("events:calendar"))
    headers = re.findall(r'<th scope="col">([^<]*)</th>', html)
    assert headers == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert re.search(r'class="ev-date-long">[A-Z][a-z]+day, [A-Z][a-z]+ \d+<', html)
    assert _interface_labels(html, []) == []
    assert "Activity calendar" in html


@pytest.mark.django_db
def test_admin_workflow_buttons_in_english(client):
    user = editor(username="bianji")
    article = PublishedArticleFactory(status=Article.Status.DRAFT, published_at=None)
    client.force_login(user)
    html = _english_page(client, reverse("admin:news_article_change", args=[article.pk]))
    assert "Review chain" in html
    assert "Send for review" in html
    assert "审签流程" not in html


@pytest.mark.django_db
def test_article_page_in_english_after_a_chinese_visit(client):
    article = PublishedArticleFactory(title="技能大赛在南京开幕")
    CreditFactory(article=article, name="张三")
    CreditFactory(article=article, role=Credit.Role.RESPONSIBLE_EDITOR, name="王五")
    image = ArticleImageFactory(article=article)
    url = article.get_absolute_url()

    chinese = client.get(url).content.decode()  # fills the per-page caches (the share QR code) in Chinese first
    assert "作者：张三" in chinese
    assert "用微信扫一扫，分享本文" in chinese

    html = _english_page(client, url)
    assert "Author: 张三" in html
    assert "Responsible editor: 王五" in html
    assert "Photo: 李四" in html
    assert "Scan with WeChat to share this article" in html
    content = [article.title, article.summary, "职业院校师生展示技能，教师与学生共同参与。", article.column.name,
               "张三", "王五", image.caption, image.alt_text, image.credit]
    assert _interface_labels(html, content) == []


@pytest.mark.django_db
def test_submission_form_in_english(client):
    html = _english_page(client, reverse("news:submit"))
    assert "(required)" in html
    assert "Submit" in html
    assert _interface_labels(html, []) == []
