"""The search page's filters (django-filter): they narrow the published pieces a query runs over."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import CharField, Q, Value
from django.forms import ModelChoiceField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from news.models import Article, School
from news.navigation import column_tree, region_tree, topic_choices, topic_ids
from news.search import Facets, Order

ORDER_CHOICES = [(Order.RELEVANCE.value, _("按相关度")), (Order.DATE.value, _("按时间"))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _day_start(day: datetime.date | None, days_after: int = 0) -> datetime.datetime | None:
    """Midnight at the start of `day` (plus `days_after` days) in the site's time zone (Asia/Shanghai)."""
    if day is None:
        return None
    try:
        day += datetime.timedelta(days=days_after)
    except OverflowError:  # 9999-12-31 and the day after: no upper bound
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class ArticleSearchFilter(django_filters.FilterSet):
    """Column and region take their sub-columns and sub-regions along; dates are local (Asia/Shanghai) days;
    the school is found by part of its name, the tag by its name or slug."""

    # Columns and regions by slug, their choices from the cached trees every page reads (see __init__): no query
    # of their own, and sub-columns and sub-regions come along without one either.
    column = django_filters.ChoiceFilter(
        label=_("栏目"), method="filter_column", empty_label=_("全部栏目"),
        error_messages={"invalid_choice": ModelChoiceField.default_error_messages["invalid_choice"]},
    )
    topic = django_filters.ChoiceFilter(
        label=_("专题"), field_name="topics__slug", empty_label=_("全部专题"),
        error_messages={"invalid_choice": ModelChoiceField.default_error_messages["invalid_choice"]},
    )
    region = django_filters.ChoiceFilter(
        label=_("地区"), method="filter_region", empty_label=_("全部地区"),
        error_messages={"invalid_choice": ModelChoiceField.default_error_messages["invalid_choice"]},
    )
    # Schools and tags run to thousands: typed, not picked from a list a phone would have to load.
    school = django_filters.CharFilter(
        label=_("院校"), field_name="school__name", lookup_expr="icontains", max_length=120,
        widget=forms.TextInput(attrs={"placeholder": _("校名中的字词")}),
    )
    tag = django_filters.CharFilter(
        label=_("标签"), method="filter_tag", max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("标签名")}),
    )
    # The dates narrow the search by publication time (`published_range`), which the search engine reads as a
    # range of its own index; the queryset is left alone, as a local-date cast of every row would scan them all.
    date_from = django_filters.DateFilter(label=_("起始日期"), method="keep", widget=DateInput())
    date_to = django_filters.DateFilter(label=_("截止日期"), method="keep", widget=DateInput())
    order = django_filters.ChoiceFilter(
        label=_("排序"), choices=ORDER_CHOICES, method="keep", empty_label=None,
    )

    class Meta:
        model = Article
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.trees = {"column": column_tree(), "region": region_tree()}
        for name, tree in self.trees.items():
            self.filters[name].extra["choices"] = tree.slug_choices()
        self.filters["topic"].extra["choices"] = topic_choices()

    def filter_tag(self, queryset, name, value):
        """A tag by its name or its slug, letter case aside."""
        return queryset.filter(tags__in=self._tags(value.strip()))

    def filter_column(self, queryset, name, value):
        return queryset.filter(column_id__in=self.trees["column"].subtree_ids(value))

    def filter_region(self, queryset, name, value):
        return queryset.filter(region_id__in=self.trees["region"].subtree_ids(value))

    def keep(self, queryset, name, value):
        """Ordering and dates are the search's business, not the queryset's."""
        return queryset

    def cleaned(self) -> dict:
        """The valid values; an invalid one (an unknown column, a malformed date) is left out and shown as an error."""
        self.form.is_valid()
        return getattr(self.form, "cleaned_data", {})

    def published_range(self) -> tuple[datetime.datetime | None, datetime.datetime | None]:
        """(since, until): the start of the first day and of the day after the last, local time; None if open."""
        cleaned = self.cleaned()
        return _day_start(cleaned.get("date_from")), _day_start(cleaned.get("date_to"), days_after=1)

    def facets(self) -> Facets | None:
        """The valid filters as the search index's filter tokens (news/search_facets.py); None if none narrows.

        The same pieces as `qs`, asked of the search engine instead of the articles table: columns and regions
        with their subtrees and the topic from the cached navigation data, schools and tags in one query.
        """
        cleaned = self.cleaned()
        chosen: dict[str, object] = {}
        if cleaned.get("column"):
            chosen["columns"] = self.trees["column"].subtree_ids(cleaned["column"])
        if cleaned.get("region"):
            chosen["regions"] = self.trees["region"].subtree_ids(cleaned["region"])
        if cleaned.get("topic"):
            chosen["topics"] = topic_ids(cleaned["topic"])
        # Schools and tags by name: one query for both (a UNION), so a page with every filter stays within six.
        lookups = []
        if school := (cleaned.get("school") or "").strip():
            lookups.append(self._labelled(School.objects.filter(name__icontains=school), "schools"))
        if tag := (cleaned.get("tag") or "").strip():
            lookups.append(self._labelled(self._tags(tag), "tags"))
        if lookups:
            for facet, _query in lookups:
                chosen[facet] = []
            queries = [query for _facet, query in lookups]
            for facet, pk in queries[0].union(*queries[1:], all=True):
                chosen[facet].append(pk)
        return Facets.of(**chosen) or None

    @staticmethod
    def _labelled(queryset, facet: str):
        labelled = queryset.order_by().annotate(facet=Value(facet, output_field=CharField()))
        return facet, labelled.values_list("facet", "pk")

    @staticmethod
    def _tags(value: str):
        return Tag.objects.filter(Q(name__iexact=value) | Q(slug__iexact=value))

    @property
    def order_value(self) -> str:
        return self.cleaned().get("order") or Order.RELEVANCE.value
