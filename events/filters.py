"""The readers' filters on the events list (django-filter): year, level, region (with its sub-regions), mode."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models import Activity, ActivityWeek, Mode
from news.models import Region


class WeekFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="year", label=_("年份"), min_value=1990, max_value=2200)
    level = django_filters.ChoiceFilter(
        field_name="level", label=_("级别"), choices=ActivityWeek.Level.choices, empty_label=_("全部")
    )
    region = django_filters.ModelChoiceFilter(
        label=_("地区"),
        # Labels print the path (吉林省 › 长春市 › 净月区): load the parents with the regions.
        queryset=Region.objects.select_related("parent__parent"),
        method="filter_region",
        to_field_name="slug",
        empty_label=_("全部")
    )
    mode = django_filters.ChoiceFilter(
        label=_("活动形式"), choices=Mode.choices, method="filter_mode", empty_label=_("全部")
    )

    class Meta:
        model = ActivityWeek
        fields = ["year", "level", "region", "mode"]

    def filter_region(self, queryset, name, value):
        return queryset.filter(region_id__in=value.descendant_ids())

    def filter_mode(self, queryset, name, value):
        """Weeks with at least one activity in this mode (an activity without its own mode takes its group's)."""
        activities = Activity.objects.filter(Q(mode=value) | Q(mode="", group__mode=value))
        return queryset.filter(pk__in=activities.values("group__week_id"))
