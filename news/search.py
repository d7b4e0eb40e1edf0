"""Full-text search of published pieces: the one interface over SQLite FTS5 and PostgreSQL full-text search.

* `index_article(article)` puts a piece in the index if readers may see it and takes it out otherwise;
  `remove_article(article_id)` takes it out; news/search_signals.py calls them on every publish, withdraw,
  edit, trash, restore and delete.
* `rebuild(progress=...)` re-indexes everything, in batches.
* `search(query, facets, order, page)` answers a reader's query with the total, one page of hits and a
  highlighted snippet per hit, in a constant number of SQL queries.

What is indexed: title and subtitle (weighted higher), summary, body (as text), editor's note, source and
credits; and the piece's column, region, school, topics and tags as filter tokens (news/search_facets.py), so
filters narrow the search inside the engine. Text is normalised to simplified characters and cut by jieba
(news/search_text.py); the index holds published pieces, scheduled ones included, and every query keeps to
those whose time has come.
"""

from __future__ import annotations

import math
import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString

from news import search_facets, search_text
from news.models import Article, SearchDocument, Topic
from news.search_backends import Order, get_backend, key_range, time_key
from news.search_facets import Facets
from news.search_text import SNIPPET_CHARS, highlight, query_terms

PER_PAGE = 20
# Nobody reads page 51 of search results; a cap keeps OFFSET cheap whatever the query.
MAX_PAGES = 50
# Relevance ranks the newest thousand matches (all of them when there are fewer): a word found in most of a
# large archive then costs what a rare one does. The total stops there too ("more than 1,000").
CANDIDATES = MAX_PAGES * PER_PAGE
REBUILD_BATCH = 500

# The fields whose change alters what the index holds; a save touching none of them is not re-indexed.
INDEXED_FIELDS = frozenset({
    "title", "subtitle", "summary", "body", "editor_note", "source", "status", "published_at", "deleted_at",
    "column", "column_id", "region", "region_id", "school", "school_id",
})

__all__ = [
    "MAX_PAGES",
    "PER_PAGE",
    "Facets",
    "Order",
    "RebuildReport",
    "SearchHit",
    "SearchResults",
    "index_article",
    "rebuild",
    "refresh_facets",
    "remove_article",
    "search",
]


# --- indexing ---------------------------------------------------------------------------------------------
def _indexable() -> QuerySet[Article]:
    """Pieces the index holds: published and not in the trash (a future time is checked at query time), with what
    the index reads of them besides their own fields: credits and their users, topic and tag ids."""
    pieces = Article.objects.filter(
        status=Article.Status.PUBLISHED, deleted_at__isnull=True, published_at__isnull=False
    )
    return _with_facet_ids(pieces).prefetch_related("credits__user")


def _with_facet_ids(pieces: QuerySet[Article]) -> QuerySet[Article]:
    """`pieces` with what `search_facets.of_article` reads prefetched: topic and tag ids."""
    return pieces.prefetch_related(
        Prefetch("topics", queryset=Topic.objects.only("pk")),
        "tags",  # taggit takes no queryset of its own here
    )


def _source(article: Article) -> tuple:
    """The texts of `article` the index reads (its credits should be prefetched with their users)."""
    credits = " ".join(credit.display_name for credit in article.credits.all())
    return (
        article.title, article.subtitle, article.summary, article.body, article.editor_note, article.source, credits
    )


def document_fields(article: Article) -> dict:
    """What the index stores for `article`."""
    return {
        **search_text.document(*_source(article)),
        "facets": search_facets.of_article(article),
        "published_at": article.published_at,
        "time_key": time_key(article.published_at, article.pk),
    }


def index_article(article: Article | int) -> bool:
    """Index the piece as it now stands in the database: in if readers may find it, out otherwise.

    Returns whether the piece is in the index afterwards.
    """
    article_id = article if isinstance(article, int) else article.pk
    current = _indexable().filter(pk=article_id).first()
    if current is None:
        remove_article(article_id)
        return False
    fields = document_fields(current)
    with transaction.atomic():
        existing = SearchDocument.objects.select_for_update().filter(pk=article_id).first()
        if existing is None:
            SearchDocument.objects.create(article_id=article_id, **fields)
        elif any(getattr(existing, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(existing, name, value)
            existing.save()
    return True


def refresh_facets(article_ids) -> None:
    """Re-read the filter tokens of indexed pieces whose topics or tags changed (their text did not: no
    re-segmenting). Pieces not in the index are left out."""
    ids = SearchDocument.objects.filter(pk__in=list(article_ids)).values_list("pk", flat=True)
    for article in _with_facet_ids(Article.objects.filter(pk__in=ids)):
        facets = search_facets.of_article(article)
        SearchDocument.objects.filter(pk=article.pk).exclude(facets=facets).update(facets=facets)


def remove_article(article_id: int) -> None:
    """Take the piece out of the index (nothing happens if it is not there)."""
    SearchDocument.objects.filter(pk=article_id).delete()


@dataclass(frozen=True)
class RebuildReport:
    indexed: int
    removed: int
    seconds: float


def rebuild(
    progress: Callable[[int, int], None] | None = None, batch_size: int = REBUILD_BATCH, workers: int = 1
) -> RebuildReport:
    """Re-index every published piece and drop what should no longer be there.

    The index stays usable meanwhile: documents are replaced batch by batch, stale ones removed at the end.
    With `workers` > 1, segmentation (the costly part) runs in that many worker processes while this one
    reads and writes the database. `progress(done, total)` is called after each batch.
    """
    started = time.monotonic()
    pieces = _indexable().order_by("pk")
    total = pieces.count()
    done = 0
    if progress:
        progress(0, total)
    for batch in _built_batches(_source_batches(pieces, batch_size), workers):
        done += _write(batch)
        if progress:
            progress(done, total)
    removed, _per_model = SearchDocument.objects.exclude(article__in=_indexable().values("pk")).delete()
    return RebuildReport(indexed=done, removed=removed, seconds=time.monotonic() - started)


def _source_batches(pieces: QuerySet[Article], batch_size: int) -> Iterator[list[tuple]]:
    batch: list[tuple] = []
    for article in pieces.iterator(chunk_size=batch_size):
        batch.append(((article.pk, article.published_at, search_facets.of_article(article)), *_source(article)))
        if len(batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def _built_batches(sources: Iterator[list[tuple]], workers: int) -> Iterator[list[SearchDocument]]:
    """Segment batches in order, here or in worker processes (spawned: they share no database connection),
    keeping only a few batches in flight so memory stays flat however large the archive."""

    def to_documents(built: list) -> list[SearchDocument]:
        return [
            SearchDocument(
                article_id=article_id,
                published_at=published_at,
                time_key=time_key(published_at, article_id),
                facets=facets,
                **fields,
            )
            for (article_id, published_at, facets), fields in built
        ]

    if workers <= 1:
        for batch in sources:
            yield to_documents(search_text.documents(batch))
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        in_flight: deque = deque()
        for batch in sources:
            in_flight.append(pool.submit(search_text.documents, batch))
            if len(in_flight) >= workers * 2:
                yield to_documents(in_flight.popleft().result())
        while in_flight:
            yield to_documents(in_flight.popleft().result())


def _write(batch: list[SearchDocument]) -> int:
    with transaction.atomic():
        SearchDocument.objects.bulk_create(
            batch,
            update_conflicts=True,
            unique_fields=["article"],
            update_fields=["title_terms", "terms", "text", "facets", "published_at", "time_key"],
        )
    return len(batch)


# --- searching --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SearchHit:
    article: Article
    score: float
    title: SafeString  # the title, escaped, matched words in <mark>
    snippet: SafeString  # a window of the text around the first match, escaped, matched words in <mark>


@dataclass(frozen=True)
class SearchResults:
    query: str
    terms: tuple[str, ...]  # the words searched for (and highlighted)
    order: Order
    total: int
    page: int
    per_page: int
    hits: list[SearchHit] = field(default_factory=list)
    total_capped: bool = False  # True when more pieces match than the newest `CANDIDATES` that were ranked

    @property
    def num_pages(self) -> int:
        return max(1, min(MAX_PAGES, math.ceil(self.total / self.per_page)))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    def page_numbers(self, around: int = 2) -> list[int | None]:
        """Page numbers to print: first, last and a few around the current one; None marks a gap."""
        wanted = {1, self.num_pages, *range(self.page - around, self.page + around + 1)}
        numbers: list[int | None] = []
        for number in sorted(n for n in wanted if 1 <= n <= self.num_pages):
            if numbers and number - numbers[-1] > 1:
                numbers.append(None)
            numbers.append(number)
        return numbers


def search(
    query: str,
    facets: Facets | None = None,
    order: Order | str = Order.RELEVANCE,
    page: int = 1,
    *,
    per_page: int = PER_PAGE,
    now: datetime | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> SearchResults:
    """Published pieces matching every word of `query`, one page of them.

    `facets` narrows the search to pieces of some columns, regions, schools, topics and tags (see
    news/search_facets.py; the search page's FilterSet makes them); `since` and `until` to pieces published at
    or after `since` and before `until`; both are read off the index itself. `order` is relevance
    (with recency folded in) or date. Any text is a valid query: it is cut into terms and nothing of it reaches
    the engine as syntax; a query with no terms gives no hits. Two queries, whatever the page size and the
    facets (four for a page past the last one). Relevance ranks the newest `CANDIDATES` matches; the total
    stops there too.
    """
    order = Order(order) if order in Order._value2member_map_ else Order.RELEVANCE
    terms = query_terms(query)
    words = tuple(dict.fromkeys(word for term in terms for word in term.words))
    empty = SearchResults(query=query, terms=words, order=order, total=0, page=1, per_page=per_page)
    if not terms or (facets is not None and facets.impossible):
        return empty
    now = now or timezone.now()
    keys = key_range(now, since, until)
    if keys is None:
        return empty
    backend = get_backend()
    page = min(max(1, _as_int(page)), MAX_PAGES)
    candidates = max(CANDIDATES, per_page)
    rows = backend.page(terms, now, keys, facets, order, (page - 1) * per_page, per_page, candidates)
    if not rows and page > 1:
        # Past the last page (an old link, a hand-made URL): show the last page.
        first = backend.page(terms, now, keys, facets, order, 0, 1, candidates)
        if first:
            page = math.ceil(first[0][2] / per_page)
            rows = backend.page(terms, now, keys, facets, order, (page - 1) * per_page, per_page, candidates)
    if not rows:
        return empty
    total = rows[0][2]
    capped = total >= candidates
    # Fetched by primary key, then checked against the publication rule here: filtering by published() in SQL
    # lets SQLite's planner pick the (status, published_at) index and walk every published piece.
    articles = {
        article.pk: article
        for article in Article.objects.for_listing()
        .filter(pk__in=[article_id for article_id, _score, _total in rows])
        .annotate(search_text=F("search_document__text"))
        if _is_public(article, now)
    }
    hits = [
        SearchHit(
            article=articles[article_id],
            score=score,
            title=highlight(articles[article_id].title, words),
            snippet=highlight(articles[article_id].search_text or "", words, length=SNIPPET_CHARS),
        )
        for article_id, score, _total in rows
        if article_id in articles
    ]
    return SearchResults(
        query=query, terms=words, order=order, total=total, page=page, per_page=per_page, hits=hits,
        total_capped=capped,
    )


def _is_public(article: Article, now: datetime) -> bool:
    """`Article.objects.published(now)` for one loaded piece (the index holds only those; this is a safety net)."""
    return (
        article.status == Article.Status.PUBLISHED
        and article.deleted_at is None
        and article.published_at is not None
        and article.published_at <= now
    )


def _as_int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 1
