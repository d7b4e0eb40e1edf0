"""Resized WebP renditions of uploaded images, and the template tags that print them."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template import Context, Template
from PIL import Image

from news import renditions
from news.models import ArticleImage
from tests.factories import PublishedArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def jpeg(width: int, height: int) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 60, 40)).save(buffer, "JPEG", quality=85)
    return ContentFile(buffer.getvalue(), name="photo.jpg")


@pytest.fixture
def photo():
    image = ArticleImage(article=PublishedArticleFactory(), caption="实训车间", alt_text="学生在实训车间操作机床")
    image.image.save("photo.jpg", jpeg(2000, 1000), save=False)
    image.save()
    return image


def open_rendition(url: str) -> Image.Image:
    name = url.removeprefix("/media/")
    with default_storage.open(name, "rb") as handle:
        picture = Image.open(io.BytesIO(handle.read()))
        picture.load()
    return picture


def test_rendition_is_a_smaller_webp(photo):
    result = renditions.rendition(photo, 640)
    assert (result.width, result.height) == (640, 320)
    picture = open_rendition(result.url)
    assert picture.format == "WEBP"
    assert picture.size == (640, 320)


def test_rendition_never_enlarges(photo):
    result = renditions.rendition(photo, 4000)
    assert result.width == 2000
    assert open_rendition(result.url).size == (2000, 1000)


def test_rendition_is_made_once(photo, monkeypatch):
    first = renditions.rendition(photo, 320)
    monkeypatch.setattr(Image.Image, "save", lambda *a, **k: pytest.fail("made twice"))
    assert renditions.rendition(photo, 320) == first


def test_a_second_server_reuses_the_stored_copy(photo, monkeypatch):
    from django.core.cache import cache

    first = renditions.rendition(photo, 320)
    cache.clear()  # another server: nothing remembered, the file is in the shared storage
    monkeypatch.setattr(Image.Image, "save", lambda *a, **k: pytest.fail("made twice"))
    assert renditions.rendition(photo, 320) == first


def test_srcset_lists_widths_the_original_can_fill(settings, photo):
    settings.RENDITION_WIDTHS = (320, 640, 1280, 2400)
    value = renditions.srcset(photo)
    entries = [part.strip().split(" ") for part in value.split(",")]
    assert [width for _, width in entries] == ["320w", "640w", "1280w", "2000w"]
    assert all(url.endswith(".webp") for url, _ in entries)


def test_unreadable_image_gives_nothing(photo):
    default_storage.delete(photo.image.name)
    photo.image.name = "images/missing.jpg"
    assert renditions.rendition(photo, 640) is None
    assert renditions.srcset(photo) == ""


def test_template_tags(photo):
    html = Template(
        "{% load renditions %}"
        "<img src=\"{% rendition image 640 %}\">|{% srcset image %}|"
        "{% responsive_image image alt=image.alt_text %}"
    ).render(Context({"image": photo}))
    plain, srcset, tag = html.split("|")
    assert plain.endswith('-640w.webp">')
    assert "320w" in srcset
    assert 'loading="lazy"' in tag
    assert 'width="640" height="320"' in tag
    assert 'alt="学生在实训车间操作机床"' in tag
    assert 'srcset="' in tag


def test_unreadable_original_is_served_as_it_is():
    image = ArticleImage(article=PublishedArticleFactory(), caption="坏图")
    image.image.save("broken.jpg", ContentFile(b"not a picture", name="broken.jpg"), save=False)
    html = Template("{% load renditions %}{% responsive_image image alt='坏图' %}").render(Context({"image": image}))
    assert f'src="{image.image.url}"' in html
    assert "srcset" not in html


def test_the_article_page_serves_its_pictures_as_renditions(client, photo):
    html = client.get(photo.article.get_absolute_url()).content.decode()
    figure = html[html.index('<figure class="article-figure">'):]
    figure = figure[:figure.index("</figure>")]
    assert "-640w.webp" in figure
    assert "srcset=" in figure
    assert 'loading="lazy"' in figure
    assert photo.image.url not in figure, "the original is never sent to a phone"


def test_cards_and_covers_use_small_renditions(client):
    article = PublishedArticleFactory()
    article.cover_image.save("cover.jpg", jpeg(1600, 900), save=True)
    column_page = client.get(article.column.get_absolute_url()).content.decode()
    card = column_page[column_page.index('class="card-image"'):]
    card = card[:card.index("</a>")]
    assert "-320w.webp" in card
    assert 'width="320"' in card
    article_page = client.get(article.get_absolute_url()).content.decode()
    cover = article_page[article_page.index('<figure class="cover">'):]
    cover = cover[:cover.index("</figure>")]
    assert "-960w.webp" in cover
    assert 'loading="lazy"' not in cover, "the picture at the top is not deferred"
