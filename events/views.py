"""Public pages of activity weeks. Visibility always goes through `ActivityWeek.objects.published()`."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from events import ics, pages, schedule
from events.filters import WeekFilter
from events.models import Activity, ActivityWeek
from news.models import Article

UPCOMING_LIMIT = 50
CURRENT_LIMIT = 300


class WeekListView(TemplateView):
    """Weeks on now, coming and past, filtered; the year's national week and its theme on top."""

    template_name = "events/week_list.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        base = ActivityWeek.objects.published().for_listing()
        filterset = WeekFilter(self.request.GET or None, queryset=base, request=self.request)
        valid = filterset.is_bound and filterset.is_valid()
        weeks = filterset.qs if valid else base
        # On now and coming up in one query, split here.
        current = list(weeks.filter(end_date__gte=today).order_by("start_date", "level", "pk")[:CURRENT_LIMIT])
        ongoing = [week for week in current if week.start_date <= today]
        upcoming = [week for week in current if week.start_date > today][:UPCOMING_LIMIT]
        cleaned = filterset.form.cleaned_data if valid else {}
        past_page = pages.past_weeks(weeks, today, self.request.GET.get("page"), cleaned)
        national = pages.national_week(cleaned.get("year") or today.year)
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter=filterset,
            filter_invalid=filterset.is_bound and not valid,
            ongoing=ongoing,
            upcoming=upcoming,
            past_page=past_page,
            national=national,
            querystring=query.urlencode(),
            **kwargs,
        )


class WeekDetailView(DetailView):
    """The week page. Editors who may see weeks also see unpublished ones (never cached, never indexed)."""

    template_name = "events/week_detail.html"
    context_object_name = "week"

    def is_preview(self) -> bool:
        return self.request.user.is_authenticated and self.request.user.has_perm("events.view_activityweek")

    def get_object(self, queryset=None):
        visible = ActivityWeek.objects.live() if self.is_preview() else ActivityWeek.objects.published()
        self.page = pages.week_page(self.kwargs["pk"], visible)
        if self.page is None:
            raise Http404
        return self.page.week

    def get_context_data(self, **kwargs):
        week = self.object
        activities = []
        for group in week.groups.all():
            for activity in group.activities.all():
                activity.group = group  # already loaded: no query per activity
                activity.week_outside = activity.is_outside(week)
                activities.append(activity)
        # The news that report on this week's activities, in one query and only when there are activities.
        related = (
            Article.objects.published().for_listing().filter(activities__group__week=week).distinct()[:12]
            if activities
            else []
        )
        return super().get_context_data(
            activities=activities,
            days=schedule.by_day(week, activities),
            related_articles=related,
            children=self.page.children,
            attachments=self.page.attachments,
            week_tags=self.page.tags,
            json_ld=week.json_ld(base_url=self.request.build_absolute_uri("/").rstrip("/")),
            is_preview=not week.is_public,
            **kwargs,
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context["is_preview"]:
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def week_ics(request, pk: int) -> HttpResponse:
    week = get_object_or_404(ActivityWeek.objects.published().select_related("organizer"), pk=pk)
    activities = Activity.objects.filter(group__week=week).select_related("group").order_by(
        "group__order", "group_id", "order", "pk"
    )
    return _ics_response(ics.week_calendar(week, activities), f"activity-week-{week.pk}.ics")


def activity_ics(request, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity.objects.public().select_related("group__week__organizer"), pk=pk)
    return _ics_response(ics.activity_calendar(activity), f"activity-{activity.pk}.ics")


def month_calendar(request) -> HttpResponse:
    """A month of activities; a year or month that is not one gives a friendly page, not an error."""
    today = timezone.localdate()
    try:
        year, month = schedule.parse_month(request.GET.get("year"), request.GET.get("month"), today)
    except schedule.BadMonth:
        return render(
            request,
            "events/calendar_bad_month.html",
            {"message": _("无法识别您要查看的月份。年份应在 %(min)s 至 %(max)s 之间，月份为 1 至 12。")
             % {"min": schedule.MIN_YEAR, "max": schedule.MAX_YEAR},
             "today": today},
            status=400,
        )
    first, last = schedule.month_bounds(year, month)
    activities = list(
        Activity.objects.public().touching(first, last).select_related("group__week").order_by("start_date", "pk")
    )
    weeks = list(
        ActivityWeek.objects.published().filter(start_date__lte=last, end_date__gte=first).only(
            "pk", "title", "start_date", "end_date", "level"
        ).order_by("start_date", "level", "pk")
    )
    grid = schedule.month_grid(year, month, activities, weeks, today)
    return render(
        request,
        "events/calendar.html",
        {
            "year": year,
            "month": month,
            "month_start": dt.date(year, month, 1),
            "grid": grid,
            "previous": schedule.shift_month(year, month, -1),
            "next": schedule.shift_month(year, month, 1),
            "has_entries": bool(activities or weeks),
        },
    )
