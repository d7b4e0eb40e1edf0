"""The search page's filters (django-filter): they narrow the published pieces a query runs over."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from news.models import Article, Column, Region, School, Topic
from news.search import Order

ORDER_CHOICES = [(Order.RELEVANCE.value, _("按相关度")), (Order.DATE.value, _("按时间"))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ArticleSearchFilter(django_filters.FilterSet):
    """Column and region take their sub-columns and sub-regions along; dates are local (Asia/Shanghai) days."""

    column = django_filters.ModelChoiceFilter(
        label=_("栏目"), queryset=Column.objects.all(), to_field_name="slug", method="filter_column",
        empty_label=_("全部栏目"),
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("专题"), queryset=Topic.objects.all(), to_field_name="slug", field_name="topics",
        empty_label=_("全部专题"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("地区"), queryset=Region.objects.all(), to_field_name="slug", method="filter_region",
        empty_label=_("全部地区"),
    )
    school = django_filters.ModelChoiceFilter(
        label=_("院校"), queryset=School.objects.all(), field_name="school", empty_label=_("全部院校"),
    )
    tag = django_filters.ModelChoiceFilter(
        label=_("标签"), queryset=Tag.objects.order_by("name"), to_field_name="slug", field_name="tags",
        empty_label=_("全部标签"),
    )
    date_from = django_filters.DateFilter(
        label=_("起始日期"), field_name="published_at", lookup_expr="date__gte", widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        label=_("截止日期"), field_name="published_at", lookup_expr="date__lte", widget=DateInput()
    )
    order = django_filters.ChoiceFilter(
        label=_("排序"), choices=ORDER_CHOICES, method="keep", empty_label=None,
    )

    class Meta:
        model = Article
        fields: list[str] = []

    def filter_column(self, queryset, name, value):
        return queryset.filter(column_id__in=value.descendant_ids())

    def filter_region(self, queryset, name, value):
        return queryset.filter(region_id__in=value.descendant_ids())

    def keep(self, queryset, name, value):
        """Ordering is the search's business, not the queryset's."""
        return queryset

    def cleaned(self) -> dict:
        """The valid values; an invalid one (an unknown column, a malformed date) is left out and shown as an error."""
        self.form.is_valid()
        return getattr(self.form, "cleaned_data", {})

    @property
    def narrowing(self) -> bool:
        """Whether any filter (not the order) holds a valid value."""
        return any(value not in (None, "") for name, value in self.cleaned().items() if name != "order")

    @property
    def order_value(self) -> str:
        return self.cleaned().get("order") or Order.RELEVANCE.value
