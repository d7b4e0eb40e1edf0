import pytest
from django.urls import reverse

from tests.factories import editor

pytestmark = pytest.mark.django_db


def test_chinese_by_default_even_for_english_browsers(client):
    client.force_login(editor(username="bianji"))
    page = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page["Content-Language"] == "zh-hans"
    assert "我的待办" in page.content.decode()


def test_english_when_chosen(client):
    client.force_login(editor(username="bianji"))
    client.post(reverse("set_language"), {"language": "en", "next": "/admin/"})
    page = client.get(reverse("admin:index"))
    assert page["Content-Language"] == "en"
    assert "Log out" in page.content.decode()


def test_unknown_language_cookie_falls_back_to_chinese(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get("/")["Content-Language"] == "zh-hans"
