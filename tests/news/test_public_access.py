"""Anonymous visitors never reach an unpublished piece, a preview without a valid link, or the admin."""

import pytest
import time_machine
from django.contrib.admin.sites import site as admin_site
from django.core import signing
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, reverse
from django.utils import timezone

from news import preview, workflow
from news.models import Article
from tests.factories import ArticleFactory, PublishedArticleFactory, UserFactory

Status = Article.Status
HIDDEN_STATES = ["draft", "review", "signoff", "scheduled", "withdrawn", "archived", "trashed"]


def hidden_piece(state: str) -> Article:
    now = timezone.now()
    fields = {
        "draft": {"status": Status.DRAFT},
        "review": {"status": Status.REVIEW},
        "signoff": {"status": Status.SIGNOFF},
        "scheduled": {"status": Status.PUBLISHED, "published_at": now + timezone.timedelta(hours=2)},
        "withdrawn": {"status": Status.WITHDRAWN, "published_at": now - timezone.timedelta(days=1)},
        "archived": {"status": Status.ARCHIVED, "published_at": now - timezone.timedelta(days=1)},
        "trashed": {"status": Status.PUBLISHED, "published_at": now - timezone.timedelta(days=1)},
    }[state]
    article = ArticleFactory(title=f"未公开稿件-{state}", **fields)
    if state == "trashed":
        workflow.move_to_trash(article, by=UserFactory(username="trasher", is_superuser=True))
    return article


@pytest.mark.django_db
@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_unpublished_piece_is_404_at_its_address_and_absent_from_lists(client, state):
    article = hidden_piece(state)
    visible = PublishedArticleFactory(column=article.column)
    assert client.get(article.get_absolute_url()).status_code == 404
    for url in [reverse("news:home"), article.column.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200
        text = response.content.decode()
        assert visible.title in text
        assert article.title not in text


@pytest.mark.django_db
def test_scheduled_piece_appears_when_its_time_comes(client):
    article = hidden_piece("scheduled")
    assert client.get(article.get_absolute_url()).status_code == 404
    with time_machine.travel(article.published_at + timezone.timedelta(minutes=1)):
        assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("state", [s for s in HIDDEN_STATES if s != "trashed"])
def test_a_valid_preview_link_shows_the_piece_uncached_and_unindexed(client, state):
    article = hidden_piece(state)
    response = client.get(reverse("news:preview", kwargs={"token": preview.make_token(article.pk)}))
    assert response.status_code == 200
    assert article.title in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_preview_link_of_a_trashed_piece_is_dead(client):
    article = hidden_piece("trashed")
    assert client.get(reverse("news:preview", kwargs={"token": preview.make_token(article.pk)})).status_code == 404


def forged_tokens(article: Article, other: Article) -> dict[str, str]:
    valid = preview.make_token(article.pk)
    value, stamp, signature = valid.split(":")
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    return {
        "made up": f"{article.pk}:1abcde:notasignature",
        "bare id": str(article.pk),
        "another id under this signature": f"{other.pk}:{stamp}:{signature}",
        "signature flipped": f"{value}:{stamp}:{flipped}",
        "time stamp moved": f"{value}:{stamp[:-1]}{'0' if stamp[-1] != '0' else '1'}:{signature}",
        "another salt": signing.TimestampSigner(salt="other").sign(str(article.pk)),
        "empty parts": "::",
        "junk": "%00<script>",
    }


@pytest.mark.django_db
def test_forged_or_tampered_preview_links_are_404(client):
    article, other = hidden_piece("draft"), hidden_piece("review")
    for label, token in forged_tokens(article, other).items():
        response = client.get(reverse("news:preview", kwargs={"token": token}))
        assert response.status_code == 404, label
        assert article.title not in response.content.decode(), label
        assert other.title not in response.content.decode(), label


@pytest.mark.django_db
def test_a_preview_link_expires(client, settings):
    article = hidden_piece("draft")
    url = reverse("news:preview", kwargs={"token": preview.make_token(article.pk)})
    assert client.get(url).status_code == 200
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=settings.NEWS_PREVIEW_MAX_AGE + 5)):
        assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_shorter_preview_lifetime_setting_takes_effect(client):
    article = hidden_piece("signoff")
    with time_machine.travel(timezone.now() - timezone.timedelta(minutes=10)):
        url = reverse("news:preview", kwargs={"token": preview.make_token(article.pk)})
    with override_settings(NEWS_PREVIEW_MAX_AGE=300):
        assert client.get(url).status_code == 404
    with override_settings(NEWS_PREVIEW_MAX_AGE=3600):
        assert client.get(url).status_code == 200


def admin_routes():
    """Every admin URL pattern (models registered later included), with the names of its arguments."""
    found = []

    def walk(patterns, prefix):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern) and entry.name:
                converters = getattr(entry.pattern, "converters", None) or {}
                names = tuple(converters) or tuple(entry.pattern.regex.groupindex)
                found.append((entry.name, names))

    walk(admin_site.get_urls(), "")
    return found


@pytest.mark.django_db
def test_anonymous_visitors_reach_no_admin_page_but_the_log_in():
    article = ArticleFactory(status=Status.SIGNOFF)
    client = Client(raise_request_exception=False)
    samples = {"object_id": str(article.pk), "pk": article.pk, "action": "sign_off", "app_label": "news",
               "content_type_id": 1, "url": "news/article/"}
    checked = 0
    for name, arg_names in admin_routes():
        if name in {"login", "logout"}:  # logging out an anonymous visitor just sends them to the log-in
            continue
        try:
            url = reverse(f"admin:{name}", kwargs={n: samples[n] for n in arg_names})
        except Exception:  # a pattern whose arguments we cannot fill is reported by the count below
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"action": "bulk_sign_off", "_selected_action": [article.pk]})
            assert response.status_code == 302, (name, method, response.status_code)
            assert response["Location"].startswith(reverse("admin:login")), name
        checked += 1
    assert checked >= 30  # six models × (list, add, change, delete, history) and the site's own pages
    article.refresh_from_db()
    assert article.status == Status.SIGNOFF
