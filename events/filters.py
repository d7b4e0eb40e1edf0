"""The readers' filters on the events list (django-filter): year, level, region (with its sub-regions), mode."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.forms import ModelChoiceField
from django.utils.translation import gettext_lazy as _

from events.models import Activity, ActivityWeek, Mode
from news.navigation import region_tree


class WeekFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="year", label=_("年份"), min_value=1990, max_value=2200)
    level = django_filters.ChoiceFilter(
        field_name="level", label=_("级别"), choices=ActivityWeek.Level.choices, empty_label=_("全部")
    )
    # Regions by slug; the choices come from the cached region tree (see __init__), not from a query.
    region = django_filters.ChoiceFilter(
        label=_("地区"),
        method="filter_region",
        empty_label=_("全部"),
        # Django's own wording for an unknown region, as when this was a choice of Region rows.
        error_messages={"invalid_choice": ModelChoiceField.default_error_messages["invalid_choice"]},
    )
    mode = django_filters.ChoiceFilter(
        label=_("活动形式"), choices=Mode.choices, method="filter_mode", empty_label=_("全部")
    )

    class Meta:
        model = ActivityWeek
        fields = ["year", "level", "region", "mode"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The tree every page already reads (one cached query): choices and sub-regions without a query of
        # their own. Labels print the path (吉林省 › 长春市 › 净月区); a slug not in the tree is refused by the
        # form (a message, never a 500).
        self.regions = region_tree()
        self.filters["region"].extra["choices"] = self.regions.slug_choices(with_path=True)

    def filter_region(self, queryset, name, value):
        return queryset.filter(region_id__in=self.regions.subtree_ids(value))

    def filter_mode(self, queryset, name, value):
        """Weeks with at least one activity in this mode (an activity without its own mode takes its group's)."""
        activities = Activity.objects.filter(Q(mode=value) | Q(mode="", group__mode=value))
        return queryset.filter(pk__in=activities.values("group__week_id"))
