"""The parts every public page repeats (head links, brand, navigation, footer) are cached fragments.

They must still say where the reader is, show a new column at once and speak the reader's language.
"""

import re

import pytest

from tests.factories import ColumnFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db


def current_links(html: str) -> list[str]:
    nav = html[html.index('class="site-nav"'):html.index("</header>")]
    return re.findall(r'<a href="([^"]+)" aria-current="page">', nav)


def test_navigation_marks_the_page_the_reader_is_on(client):
    first = ColumnFactory(slug="zjwx", name="职教网讯")
    second = ColumnFactory(slug="zcfg", name="政策法规")
    piece = PublishedArticleFactory(column=first)
    for _ in range(2):  # the second round is served from the cached fragments
        assert current_links(client.get("/").content.decode()) == ["/"]
        assert current_links(client.get(first.get_absolute_url()).content.decode()) == [first.get_absolute_url()]
        assert current_links(client.get(second.get_absolute_url()).content.decode()) == [second.get_absolute_url()]
        assert current_links(client.get(piece.get_absolute_url()).content.decode()) == []


def test_a_new_column_is_in_the_navigation_at_once(client):
    ColumnFactory(slug="zjwx", name="职教网讯")
    assert "院校风采" not in client.get("/").content.decode()
    ColumnFactory(slug="yxfc", name="院校风采")
    assert "院校风采" in client.get("/").content.decode()


def test_script_switch_returns_to_this_very_page(client):
    piece = PublishedArticleFactory()
    client.get("/")
    html = client.get(piece.get_absolute_url() + "?from=feed").content.decode()
    assert f"/script/hant/?next={piece.get_absolute_url()}%3Ffrom%3Dfeed" in html


def test_fragments_follow_the_language(client):
    ColumnFactory(slug="zjwx", name="职教网讯")
    chinese = client.get("/").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/").content.decode()
    assert "往期归档" in chinese
    assert "往期归档" not in english
    assert "跳到正文" in chinese
    assert "跳到正文" not in english
    assert 'placeholder="搜索新闻"' in chinese
    assert 'placeholder="搜索新闻"' not in english
