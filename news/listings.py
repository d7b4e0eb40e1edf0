"""What the public pages list, each as one query whatever the number of items.

Visibility always starts from `Article.objects.published()`; the functions here only choose and order.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, FieldError
from django.db.models import Case, CharField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from news.models import Article, Topic
from news.navigation import Node, Tree

HEADLINES = 5
HEADLINE_WINDOW = 500
# Related pieces are looked for among the newest this many pieces sharing a topic or a tag (by id).
RELATED_CANDIDATES = 30
PER_COLUMN = 6
LATEST = 8
RELATED = 5
TOPICS_ON_HOME = 6


def headlines():
    """置顶 first, then 头条推荐, newest first, among the newest HEADLINE_WINDOW pieces.

    The window keeps the cost constant in the size of the archive (pinned and featured carry no index):
    a headline that has slipped behind that many newer pieces has had its day on the home page.
    """
    window = Article.objects.published().order_by("-published_at", "-pk").values("pk")[:HEADLINE_WINDOW]
    return list(
        Article.objects.for_listing()
        .filter(pk__in=window)
        .filter(Q(pinned=True) | Q(featured=True))
        .order_by("-pinned", "-published_at", "-pk")[:HEADLINES]
    )


@dataclass
class ColumnBlock:
    column: Node
    articles: list = field(default_factory=list)


def latest_by_column(tree: Tree, exclude: tuple[int, ...] = ()) -> tuple[list, list[ColumnBlock]]:
    """The newest pieces overall (less `exclude`, the headlines already shown) and the newest of each
    top-level column (with its sub-columns).

    One statement: the union of a small LIMIT subquery per column plus one for the newest overall. The
    union holds the true newest overall too, since anything in it that is not among them is older.
    """
    published = Article.objects.published()
    roots = tree.roots
    newest_overall = published.order_by("-published_at", "-pk").values("pk")[: LATEST + len(exclude)]
    condition = Q(pk__in=newest_overall)
    for root in roots:
        newest = published.filter(column_id__in=tree.descendant_ids(root.id)).order_by("-published_at", "-pk")
        condition |= Q(pk__in=newest.values("pk")[:PER_COLUMN])
    # Visibility is in every subquery; the outer query only looks rows up by primary key.
    rows = list(Article.objects.for_listing().filter(condition).order_by("-published_at", "-pk"))
    root_of = {pk: root.id for root in roots for pk in tree.descendant_ids(root.id)}
    blocks = {root.id: ColumnBlock(root) for root in roots}
    for article in rows:
        block = blocks.get(root_of.get(article.column_id))
        if block is not None and len(block.articles) < PER_COLUMN:
            block.articles.append(article)
    latest = [article for article in rows if article.pk not in exclude][:LATEST]
    return latest, [block for block in blocks.values() if block.articles]


def column_page_keys(column_ids: list[int], bottom: int, top: int):
    """Primary keys of rows bottom..top of the published pieces in these columns, newest first.

    For one column the listing's keys sliced: the listing index (news/listing_indexes.py) gives them in
    order. For a column with sub-columns an `IN` over several columns has no index in that order: the
    planner walks the whole archive by date and reads each piece's column (1,000,000 pieces: 200 ms for a
    column holding 10 % of them at page 500). Instead each column gives its own newest `top` keys from
    the index (no row is read) and only those, at most columns × top, are merged — one statement, still.
    """
    now = timezone.now()

    def newest(column_id: int):
        return Article.objects.published(now=now).filter(column_id=column_id).order_by("-published_at", "-pk")

    if len(column_ids) == 1:
        return newest(column_ids[0]).values("pk")[bottom:top]
    parts, params = [], []
    for n, column_id in enumerate(column_ids):
        sql, part_params = newest(column_id).values("pk", "published_at")[:top].query.sql_with_params()
        parts.append(f"SELECT pk, published_at FROM ({sql}) AS part{n}")
        params.extend(part_params)
    merged = " UNION ALL ".join(parts)
    return RawSQL(
        f"SELECT pk FROM ({merged}) AS merged ORDER BY published_at DESC, pk DESC "
        f"LIMIT {int(top) - int(bottom)} OFFSET {int(bottom)}",
        params,
    )


def in_topic(topic_id: int):
    """Published pieces of a topic, driven by the topic's link rows (a join would walk every published piece
    looking for the few of a small topic)."""
    links = Article.topics.through.objects.filter(topic_id=topic_id).values("article_id")
    return Article.objects.published().filter(pk__in=links)


def with_tag(tag_id: int):
    """Published pieces carrying a tag, driven by the tag's link rows."""
    links = TaggedItem.objects.filter(
        tag_id=tag_id, content_type__app_label="news", content_type__model="article"
    ).values("object_id")
    return Article.objects.published().filter(pk__in=links)


def home_topics():
    today = timezone.localdate()
    return list(
        Topic.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .only("name", "slug", "intro", "cover_image", "starts_on", "ends_on")[:TOPICS_ON_HOME]
    )


@dataclass
class Neighbours:
    previous: Article | None = None
    next: Article | None = None
    related: list = field(default_factory=list)


def neighbours(article: Article) -> Neighbours:
    """Previous and next in the same column and related pieces (a shared topic or tag), in one statement."""
    published = Article.objects.published().exclude(pk=article.pk)
    before = Q(published_at__lt=article.published_at) | Q(published_at=article.published_at, pk__lt=article.pk)
    after = Q(published_at__gt=article.published_at) | Q(published_at=article.published_at, pk__gt=article.pk)
    same_column = published.filter(column_id=article.column_id)
    # Earlier pieces: what was published as of this piece's own time, so the (column, status, published_at)
    # index range starts at this piece rather than at today.
    previous_ids = (
        Article.objects.published(now=article.published_at)
        .filter(before, column_id=article.column_id)
        .exclude(pk=article.pk)
        .order_by("-published_at", "-pk")
        .values("pk")[:1]
    )
    next_ids = (
        same_column.filter(after, published_at__gte=article.published_at)
        .order_by("published_at", "pk")
        .values("pk")[:1]
    )
    # Related candidates come from the topic and tag link tables, found through their topic and tag indexes,
    # newest links first and a few of each, so the work stays bounded whatever the size of the archive. The
    # outer query then reads them by primary key with the visibility rule, and Python keeps the newest five.
    through = Article.topics.through.objects
    topic_candidates = (
        through.filter(topic_id__in=through.filter(article_id=article.pk).values("topic_id"))
        .exclude(article_id=article.pk)
        .order_by("-pk")
        .values("article_id")[:RELATED_CANDIDATES]
    )
    tagged = TaggedItem.objects.filter(content_type__app_label="news", content_type__model="article")
    tag_candidates = (
        tagged.filter(tag_id__in=tagged.filter(object_id=article.pk).values("tag_id"))
        .exclude(object_id=article.pk)
        .order_by("-pk")
        .values("object_id")[:RELATED_CANDIDATES]
    )
    # Visibility of the candidates is checked on the loaded rows (`Article.is_public`, the same rule as
    # `published()`): put in the SQL, it tempts the planner into walking every published piece.
    is_related = Q(pk__in=topic_candidates) | Q(pk__in=tag_candidates)
    if article.column_id is None:
        previous_ids = next_ids = Article.objects.none().values("pk")
    rows = (
        Article.objects.for_listing()
        .filter(Q(pk__in=previous_ids) | Q(pk__in=next_ids) | is_related)
        .annotate(
            relation=Case(
                When(pk__in=previous_ids, then=Value("previous")),
                When(pk__in=next_ids, then=Value("next")),
                default=Value("related"),
                output_field=CharField(),
            )
        )
        .order_by("-published_at", "-pk")
    )
    result = Neighbours()
    for row in rows:
        if row.relation == "previous":
            result.previous = row
        elif row.relation == "next":
            result.next = row
        elif row.is_public and row.pk != article.pk and len(result.related) < RELATED:
            result.related.append(row)
    return result


@dataclass(frozen=True)
class Label:
    kind: str
    name: str
    slug: str


def labels(article: Article) -> tuple[list[Label], list[Label]]:
    """The piece's topics and tags, in one statement."""
    tag_rows = Tag.objects.filter(
        taggit_taggeditem_items__object_id=article.pk,
        taggit_taggeditem_items__content_type__app_label="news",
        taggit_taggeditem_items__content_type__model="article",
    ).order_by().values_list(Value("tag", output_field=CharField()), "name", "slug")
    topic_rows = Topic.objects.filter(articles=article.pk).order_by().values_list(
        Value("topic", output_field=CharField()), "name", "slug"
    )
    rows = [Label(*row) for row in tag_rows.union(topic_rows, all=True)]
    return [r for r in rows if r.kind == "topic"], sorted((r for r in rows if r.kind == "tag"), key=lambda r: r.name)


def activity_weeks(region_id: int | None = None, limit: int = 3) -> list:
    """This season's activity weeks, if the events app provides them; nothing otherwise.

    The events app is built separately; this reads it only when its model exists, so the portal works
    with or without it.
    """
    try:
        model = apps.get_model("events", "ActivityWeek")
    except LookupError:
        return []
    manager = model._default_manager
    queryset = manager.published() if hasattr(manager, "published") else manager.all()
    try:
        if region_id is not None:
            queryset = queryset.filter(region_id=region_id)
        ordering = [name for name in ("-year", "-start_date", "-starts_on", "-pk") if _has_field(model, name)]
        return list(queryset.order_by(*ordering)[:limit])
    except (FieldError, AttributeError):
        return []


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name.lstrip("-"))
    except FieldDoesNotExist:
        return False
    return True
