"""`manage.py rebuild_search_index`: progress on stderr, a summary on stdout, the index rebuilt."""

from io import StringIO

import pytest
from django.core.management import call_command

from news import search
from news.models import Article, SearchDocument
from tests.factories import PublishedArticleFactory

pytestmark = pytest.mark.django_db


def test_rebuild_command_reports_progress_and_a_summary():
    pieces = PublishedArticleFactory.create_batch(5, title="产教融合")
    SearchDocument.objects.all().delete()
    Article.objects.filter(pk=pieces[0].pk).update(status=Article.Status.WITHDRAWN)
    assert search.search("产教融合").total == 0
    out, err = StringIO(), StringIO()
    call_command("rebuild_search_index", "--batch-size", "2", "--workers", "1", stdout=out, stderr=err)
    assert search.search("产教融合").total == 4
    progress = err.getvalue()
    assert "0/4" in progress
    assert "2/4" in progress
    assert "[##############################] 4/4 100.0%" in progress
    assert "搜索索引已重建：4 篇已索引，0 条过期记录已删除" in out.getvalue()


def test_rebuild_command_is_quiet_at_verbosity_zero_but_still_summarises():
    PublishedArticleFactory(title="产教融合")
    out, err = StringIO(), StringIO()
    call_command("rebuild_search_index", verbosity=0, stdout=out, stderr=err)
    assert err.getvalue() == ""
    assert "1 篇已索引" in out.getvalue()


def test_rebuild_in_worker_processes_gives_the_same_index():
    pieces = PublishedArticleFactory.create_batch(7, title="產教融合", body="<p>刘莉报道</p>")
    search.rebuild(batch_size=2, workers=1)
    alone = list(SearchDocument.objects.order_by("pk").values_list("pk", "title_terms", "terms", "text"))
    SearchDocument.objects.all().delete()
    report = search.rebuild(batch_size=2, workers=2)
    assert report.indexed == 7
    assert list(SearchDocument.objects.order_by("pk").values_list("pk", "title_terms", "terms", "text")) == alone
    assert [hit.article.pk for hit in search.search("产教融合 刘莉", order="date").hits] == [
        piece.pk for piece in sorted(pieces, key=lambda piece: (piece.published_at, piece.pk), reverse=True)
    ]
