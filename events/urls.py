from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.WeekListView.as_view(), name="list"),
    path("calendar/", views.month_calendar, name="calendar"),
    path("week/<int:pk>/", views.WeekDetailView.as_view(), name="week"),
    path("week/<int:pk>.ics", views.week_ics, name="week_ics"),
    path("activity/<int:pk>.ics", views.activity_ics, name="activity_ics"),
]
