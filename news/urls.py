from django.urls import path, re_path

from news import submission_views, views
from news.search_views import SearchView

app_name = "news"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("column/<str:slug>/", views.ColumnView.as_view(), name="column"),
    path("topic/<str:slug>/", views.TopicView.as_view(), name="topic"),
    path("region/<str:slug>/", views.RegionView.as_view(), name="region"),
    path("tag/<str:slug>/", views.TagView.as_view(), name="tag"),
    path("news/<int:year>/<str:month>/<str:day>/<int:pk>/", views.ArticleDetailView.as_view(), name="article"),
    path("news/<int:pk>/qr.svg", views.article_qr, name="article-qr"),
    path("preview/<str:token>/", views.PreviewView.as_view(), name="preview"),
    path("archive/", views.month_archive_redirect, name="archive"),
    re_path(
        r"^archive/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$", views.MonthArchiveView.as_view(), name="archive-month"
    ),
    path("submit/", submission_views.submit, name="submit"),
    path("submit/schools/", submission_views.school_search, name="submit_schools"),
    path("submit/thanks/<str:token>/", submission_views.thanks, name="submit_thanks"),
    path("submission/<str:token>/", submission_views.status, name="submission_status"),
    path("search/", SearchView.as_view(), name="search"),
]
