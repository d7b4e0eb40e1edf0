"""Hostile input against every public URL and form: never a server error, never an unpublished piece."""

import os
from urllib.parse import quote, urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from news import workflow
from news.models import Article
from tests.factories import (
    ArticleFactory,
    ColumnFactory,
    PublishedArticleFactory,
    RegionFactory,
    SchoolFactory,
    TopicFactory,
    UserFactory,
)
from tests.public_urls import forms_on, public_routes, public_urls

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)

# Parameter names the public pages use or are likely to: paging, search, filters, sorting, dates.
PARAM_NAMES = [
    "page", "q", "query", "search", "sort", "order", "o", "column", "topic", "region", "school", "tag", "level",
    "year", "month", "day", "date", "from", "to", "start", "end", "type", "status", "format", "lang", "province",
    "city", "per_page", "limit", "offset", "after", "before", "week", "group", "kind", "category",
]
NASTY_VALUES = [
    "-1", "0", "abc", str(10**20), "1e309", "NaN", "inf", "-0", "1.5", "", " ", "%", "%%", "'", '"', "\\",
    "' OR 1=1 --", "<script>alert(1)</script>", "../../etc/passwd", "\x00", "\ufeff", "𠀀𠀁", "职业教育",
    "a" * 5000, "2026-13-45", "9999-99-99", "0000-00-00", "1970-01-01", "[]", "{}", "null", "true",
    "\u202e", "\r\nSet-Cookie: x=1", "../", "//evil.example", "%00", "%ff%fe",
]
SECRET = "绝密未发布稿件"


@pytest.fixture
def site(db):
    """A small site: published pieces in every kind of place, and unpublished ones that must never show."""
    column = ColumnFactory(name="职教网讯", slug="zhijiao-wangxun")
    region = RegionFactory(name="江苏", slug="jiangsu")
    topic = TopicFactory(name="职教战疫", slug="zhanyi")
    school = SchoolFactory(region=region)
    published = PublishedArticleFactory(column=column, region=region, school=school, title="公开的职教新闻")
    published.topics.add(topic)
    published.tags.add("技能大赛")
    author, signer = UserFactory(username="fuzz-author"), UserFactory(username="fuzz-signer", is_superuser=True)
    future = timezone.now() + timezone.timedelta(days=3)
    states = {
        "draft": {"status": Article.Status.DRAFT},
        "review": {"status": Article.Status.REVIEW},
        "signoff": {"status": Article.Status.SIGNOFF},
        "scheduled": {"status": Article.Status.PUBLISHED, "published_at": future},
        "withdrawn": {"status": Article.Status.WITHDRAWN, "published_at": timezone.now()},
        "archived": {"status": Article.Status.ARCHIVED, "published_at": timezone.now()},
        "trashed": {"status": Article.Status.PUBLISHED, "published_at": timezone.now()},
    }
    hidden = {}
    for state, fields in states.items():
        article = ArticleFactory(
            title=f"{SECRET}-{state}", column=column, region=region, school=school, created_by=author, **fields
        )
        article.topics.add(topic)
        article.tags.add("技能大赛")
        hidden[state] = article
    workflow.move_to_trash(hidden["trashed"], by=signer)
    return {"published": published, "hidden": hidden}


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


@pytest.fixture
def urls(site, anonymous):
    found = public_urls(anonymous)
    assert found, "no public URL found"
    return found


def test_every_public_route_is_enumerated_and_reachable(urls):
    names = {entry.route.name for entry in urls}
    assert {"news:home", "news:column", "news:topic", "news:region", "news:tag", "news:article"} <= names
    assert {entry.route.name for entry in urls} == {route.name for route in public_routes()}
    answering = {entry.route.name for entry in urls if Client().get(entry.url).status_code == 200}
    # Sample objects fill in the arguments of the core's pages (the preview's signed token aside); a later route
    # whose arguments match no model field is still fuzzed, on its 404 page.
    assert answering >= {"news:home", "news:column", "news:topic", "news:region", "news:tag", "news:article"}


def test_no_public_page_shows_an_unpublished_piece(urls, anonymous):
    for entry in urls:
        response = anonymous.get(entry.url)
        assert response.status_code < 500, entry.url
        assert SECRET not in response.content.decode(errors="replace"), entry.url


@pytest.mark.parametrize("value", NASTY_VALUES, ids=range(len(NASTY_VALUES)))
def test_nasty_values_in_every_known_parameter_never_give_a_server_error(urls, anonymous, value):
    for entry in urls:
        query = urlencode(dict.fromkeys(PARAM_NAMES, value))
        response = anonymous.get(f"{entry.url}?{query}")
        assert response.status_code < 500, (entry.url, value)


query_values = st.one_of(st.sampled_from(NASTY_VALUES), st.text(max_size=200), st.integers().map(str))
query_dicts = st.dictionaries(st.one_of(st.sampled_from(PARAM_NAMES), st.text(max_size=20)), query_values, max_size=6)
raw_queries = st.text(max_size=300).map(lambda text: quote(text, safe="=&%+"))


@FUZZ
@given(data=st.data())
def test_arbitrary_query_strings_never_give_a_server_error(urls, anonymous, data):
    entry = data.draw(st.sampled_from(urls), label="url")
    if data.draw(st.booleans(), label="raw"):
        query = data.draw(raw_queries, label="query")
    else:
        query = urlencode(data.draw(query_dicts, label="params"), doseq=True)
    response = anonymous.get(f"{entry.url}?{query}")
    assert response.status_code < 500
    assert SECRET not in response.content.decode(errors="replace")


def _page_forms(urls, anonymous):
    found = []
    for entry in urls:
        response = anonymous.get(entry.url)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            found.extend(forms_on(response.content.decode(errors="replace"), entry.url))
    return found


def _value_for(kind: str, options: list[str], draw):
    if kind == "file":
        content = draw(st.one_of(st.binary(max_size=2000), st.sampled_from([b"", b"<svg/>", b"MZ\x90\x00"])))
        name = draw(st.sampled_from(["a.png", "a.svg", "a.exe", "a.html", "a.docx", "", "../../x.jpg"]))
        return SimpleUploadedFile(name or "noname", content)
    if kind == "select" and options and draw(st.booleans()):
        return draw(st.sampled_from(options))
    if kind == "checkbox":
        return draw(st.sampled_from(["on", "", "1", "false"]))
    return draw(query_values)


@FUZZ
@given(data=st.data())
def test_arbitrary_form_data_to_every_public_form_never_gives_a_server_error(urls, anonymous, data):
    forms = _page_forms(urls, anonymous)
    # Every public URL also takes a POST of junk (most answer 405), and every form found on a page gets one.
    targets = [(entry.url, "post", {}, {}) for entry in urls] + [
        (form.action, form.method, form.fields, form.options) for form in forms
    ]
    url, method, fields, options = data.draw(st.sampled_from(targets), label="target")
    payload = {
        name: _value_for(kind, options.get(name, []), data.draw) for name, kind in fields.items()
        if name != "csrfmiddlewaretoken" and data.draw(st.booleans(), label=f"send {name}")
    }
    payload.update(data.draw(query_dicts, label="extra"))
    response = anonymous.post(url, payload) if method == "post" else anonymous.get(url, payload)
    assert response.status_code < 500, (url, method)


def test_forms_are_discovered_from_pages():
    html = (
        '<form method="post" action="/submit/"><input name="csrfmiddlewaretoken" type="hidden">'
        '<input name="title"><textarea name="body"></textarea><select name="school"><option value="1">一'
        '</option></select><input type="file" name="attachment"><button type="submit">投稿</button></form>'
        '<form action="/search/"><input type="search" name="q"></form>'
    )
    first, second = forms_on(html, "/page/")
    assert (first.action, first.method) == ("/submit/", "post")
    assert first.fields == {
        "csrfmiddlewaretoken": "hidden", "title": "text", "body": "textarea", "school": "select", "attachment": "file"
    }
    assert first.options == {"school": ["1"]}
    assert (second.action, second.method, second.fields) == ("/search/", "get", {"q": "search"})


@pytest.mark.django_db
def test_fuzz_client_reports_server_errors_as_500(monkeypatch):
    # The fuzz assertions rely on a crashing view coming back as a 500 response rather than an exception.
    from news import views

    def boom(self, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.HomeView, "get", boom)
    assert Client(raise_request_exception=False).get("/").status_code == 500
