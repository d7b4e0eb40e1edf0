import pytest

from news import renditions
from news.figures import place_images
from tests.factories import ArticleFactory, ArticleImageFactory

pytestmark = pytest.mark.django_db


def test_pictures_fill_the_caption_placeholders_and_the_rest_follow():
    article = ArticleFactory(
        body="<p>一</p><figure><figcaption>书记检查工作</figcaption></figure><p>二</p>"
        "<figure><figcaption>没有图片的说明</figcaption></figure>"
    )
    placed_image = ArticleImageFactory(article=article, caption="书记检查工作", order=0)
    other = ArticleImageFactory(article=article, caption="另一张", order=1)
    result = place_images(article.body, article.images.all())
    html = str(result.html)
    assert html.index(renditions.rendition(placed_image, 640).url) < html.index("<p>二</p>")
    assert "<figure><figcaption>没有图片的说明</figcaption></figure>" in html
    assert result.remaining == [other]


def test_caption_with_markup_characters_is_matched_escaped():
    article = ArticleFactory(body="<figure><figcaption>A&lt;B</figcaption></figure>")
    image = ArticleImageFactory(article=article, caption="A<B")
    result = place_images(article.body, [image])
    assert renditions.rendition(image, 640).url in str(result.html)
    assert result.remaining == []

