"""Chinese 404 and 500 pages; the 500 page renders with no database and no context processors."""

import pytest
from django.test import Client, override_settings
from django.urls import path


def boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", boom)]
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"


@pytest.mark.django_db
def test_404_in_chinese(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html
    assert 'lang="zh-Hans"' in html
    assert 'href="/"' in html


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_500_in_chinese_without_database(django_db_blocker):
    # No database access is allowed here: the page must render without it.
    with django_db_blocker.block():
        response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器暂时出错" in html
    assert "{%" not in html
