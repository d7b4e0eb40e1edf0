"""What the public activity-week pages read, each in a fixed number of SQL statements whatever the number of
groups, activities, attachments, tags, plans or regions (the budget is pinned in tests/events/test_views.py).

Visibility always starts from `ActivityWeek.objects.published()` (or `live()` for an editor's preview); the
functions here only choose, combine and split.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import (
    Case,
    CharField,
    F,
    Prefetch,
    Q,
    Subquery,
    TextField,
    Value,
    When,
    prefetch_related_objects,
)
from taggit.models import Tag

from events.models import Activity, ActivityGroup, ActivityWeek, WeekAttachment
from news.listings import Label
from news.navigation import region_tree
from news.pagination import ArchivePaginator

PAST_PAGE_SIZE = 20
# The text a week page prints in full. Its plans' cards print none of it, and they come in the same statement
# as the week: only the week's row carries it (see `week_page`).
PAGE_TEXT = ("summary", "guiding", "publicity", "requirements")
# Kept for the editors (the imported plan as it was); no public page prints it.
EDITORS_TEXT = ("original_text",)
PAST_ORDER = ("-start_date", "level", "pk")


@dataclass
class WeekPage:
    week: ActivityWeek
    children: list[ActivityWeek] = field(default_factory=list)
    attachments: list[WeekAttachment] = field(default_factory=list)
    tags: list[Label] = field(default_factory=list)


def week_page(pk: int, visible) -> WeekPage | None:
    """The week `pk` if `visible` (a queryset of weeks) holds it, with its published plans, groups and their
    activities, attachments and tags, in four statements; None when there is no such week.

    The week and its plans are one statement: `pk = … OR parent_id = …`, which the primary key and the parent
    index answer together. Their long texts are returned for the week's own row only (a CASE per column), so a
    national week with hundreds of plans does not carry every plan's text to print none of it.
    """
    own_text = {
        f"own_{name}": Case(When(pk=pk, then=F(name)), default=Value(""), output_field=TextField())
        for name in PAGE_TEXT
    }
    long_text = (*PAGE_TEXT, *EDITORS_TEXT)
    rows = list(
        visible.filter(Q(pk=pk) | Q(parent_id=pk))
        .select_related("organizer", "region", "parent")
        .defer(*long_text, *(f"parent__{name}" for name in long_text))
        .annotate(**own_text)
        .order_by("level", "start_date", "pk")
    )
    week = next((row for row in rows if row.pk == pk), None)
    if week is None:
        return None
    for name in PAGE_TEXT:
        # Assigned, the field is no longer deferred: reading it costs no query.
        setattr(week, name, getattr(week, f"own_{name}"))
    # Plans are shown only once published, also in an editor's preview (where `visible` is every live week):
    # `is_public` is the rule of `published()`, checked on the loaded rows.
    children = [row for row in rows if row.pk != pk and row.is_public]
    # Groups, then their activities: empty groups still show their heading and description.
    groups = ActivityGroup.objects.order_by("order", "pk").prefetch_related(
        Prefetch("activities", queryset=Activity.objects.order_by("order", "pk"))
    )
    prefetch_related_objects([week], Prefetch("groups", queryset=groups))
    attachments, tags = week_lists(week)
    return WeekPage(week=week, children=children, attachments=attachments, tags=tags)


def week_lists(week: ActivityWeek) -> tuple[list[WeekAttachment], list[Label]]:
    """The week's attachments and tags, each in its order, in one statement: a UNION of two small lists in one
    shape (kind, id, name, file or slug, order), as news.listings.labels() does for an article."""
    tag_rows = (
        Tag.objects.filter(
            taggit_taggeditem_items__object_id=week.pk,
            taggit_taggeditem_items__content_type__app_label="events",
            taggit_taggeditem_items__content_type__model="activityweek",
        )
        .order_by()
        # Ordered as the editors added them (the link rows' ids), as the page has always shown them.
        .values_list(Value("tag", output_field=CharField()), "pk", "name", "slug", "taggit_taggeditem_items__id")
    )
    attachment_rows = (
        WeekAttachment.objects.filter(week_id=week.pk)
        .order_by()
        .values_list(Value("attachment", output_field=CharField()), "pk", "title", "file", "order")
    )
    rows = sorted(tag_rows.union(attachment_rows, all=True), key=lambda row: (row[4], row[1]))
    tags = [Label(kind, name, slug) for kind, _pk, name, slug, _order in rows if kind == "tag"]
    attachments = [
        WeekAttachment(pk=pk, week=week, title=title, file=file, order=order)
        for kind, pk, title, file, order in rows
        if kind == "attachment"
    ]
    return attachments, tags


def province_count(regions: list[int | None]) -> int:
    """How many provinces the given regions lie in: the root of each region's path (from the cached tree)."""
    tree = region_tree()
    provinces = set()
    for pk in {pk for pk in regions if pk}:
        path = tree.ancestors(pk)
        if path:
            provinces.add(path[0].id)
    return len(provinces)


def national_week(year: int) -> dict | None:
    """The national week of `year` (or the latest before it) with how many published plans it has and from
    how many provinces, in one statement: the week and its plans together.

    The national week is a scalar subquery (evaluated once), so `pk = (…) OR parent_id = (…)` is answered by
    the primary key and the parent index rather than by a subquery run for every row.
    """
    published = ActivityWeek.objects.published()
    national = Subquery(published.national().filter(year__lte=year).order_by("-year", "pk").values("pk")[:1])
    rows = list(
        published.filter(Q(pk=national) | Q(parent_id=national)).only(
            "title", "year", "theme", "level", "start_date", "end_date", "parent_id", "region_id"
        )
    )
    # A national week never belongs to another week (ActivityWeek.clean), so the one without a parent is it.
    week = next((row for row in rows if row.parent_id is None), None)
    if week is None:
        return None
    regions = [row.region_id for row in rows if row.parent_id == week.pk]
    return {"week": week, "plans": len(regions), "provinces": province_count(regions)}


def past_weeks(weeks, today: dt.date, page, filters: dict | None):
    """A page of the weeks that ended before today, newest first.

    The count is cached per content version (news/pagination.py) for the unfiltered listing and each valid
    filter; the page's rows are read by primary key in one statement, with what a card prints.
    """
    listing = weeks.past(today).order_by(*PAST_ORDER)
    paginator = ArchivePaginator(
        listing,
        PAST_PAGE_SIZE,
        count_key=past_count_key(today, filters),
        fetch=lambda keys: ActivityWeek.objects.for_listing().filter(pk__in=keys).order_by(*PAST_ORDER),
    )
    # Readers' page numbers are forgiving here: a bad one shows the first page, one too far the last.
    return paginator.get_page(page)


def past_count_key(today: dt.date, filters: dict | None) -> str | None:
    """A cache key for the count of past weeks under these (valid) filters; None when not worth keeping.

    Years arrive as decimals: only whole ones are keyed, so the keys stay as few as the filters' real values.
    """
    values = {}
    for name, value in sorted((filters or {}).items()):
        if isinstance(value, Decimal):
            if value != value.to_integral_value():
                return None
            value = int(value)
        values[name] = "" if value is None else str(value)
    return f"events:past:{today.isoformat()}:{urlencode(values)}"
