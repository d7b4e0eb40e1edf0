import pytest

from news.models import Article, Topic
from news.sanitize import clean_html, paragraphs_to_html
from tests.factories import ArticleFactory

HOSTILE = [
    ('<p>好</p><script>alert(1)</script>', "<script"),
    ('<p onclick="steal()">点我</p>', "onclick"),
    ('<a href="javascript:alert(1)">链接</a>', "javascript:"),
    ('<img src="x" onerror="alert(1)">', "onerror"),
    ('<iframe src="https://evil.example"></iframe>', "<iframe"),
    ('<p style="position:fixed">遮挡</p>', "style="),
    ("<svg><script>alert(1)</script></svg>", "<svg"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "script:"),
    ("<object data=x></object><embed src=x>", "<object"),
    ("<form action=/admin/><input name=x></form>", "<form"),
    ("<!-- 注释 --><p>正文</p>", "<!--"),
]


@pytest.mark.parametrize(("html", "forbidden"), HOSTILE)
def test_hostile_html_is_neutralised(html, forbidden):
    assert forbidden.lower() not in clean_html(html).lower()


def test_allowed_formatting_survives():
    html = '<h2>小标题</h2><p><strong>粗</strong><em>斜</em></p><ul><li>一</li></ul><a href="https://moe.gov.cn">教育部</a>'
    cleaned = clean_html(html)
    for piece in ("<h2>小标题</h2>", "<strong>粗</strong>", "<li>一</li>", 'href="https://moe.gov.cn"'):
        assert piece in cleaned
    assert 'rel="noopener noreferrer nofollow"' in cleaned


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["body", "editor_note"])
def test_article_rich_text_is_sanitised_on_save_whoever_saves(field):
    article = ArticleFactory(**{field: '<p>正文</p><script>alert("x")</script><img src=x onerror=alert(1)>'})
    stored = Article.objects.values_list(field, flat=True).get(pk=article.pk)
    assert "<script" not in stored
    assert "onerror" not in stored
    assert "<p>正文</p>" in stored


@pytest.mark.django_db
def test_topic_texts_are_sanitised():
    topic = Topic.objects.create(name="专题", slug="zt", editor_note="<p>按</p><script>x</script>")
    assert "<script" not in Topic.objects.get(pk=topic.pk).editor_note


def test_paragraphs_are_escaped():
    assert paragraphs_to_html(["<b>不是标签</b>", "", "第二段"]) == "<p>&lt;b&gt;不是标签&lt;/b&gt;</p>\n<p>第二段</p>"
