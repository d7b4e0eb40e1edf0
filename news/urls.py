from django.urls import path

from news import views
from news.search_views import SearchView

app_name = "news"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("column/<str:slug>/", views.ColumnView.as_view(), name="column"),
    path("topic/<str:slug>/", views.TopicView.as_view(), name="topic"),
    path("region/<str:slug>/", views.RegionView.as_view(), name="region"),
    path("tag/<str:slug>/", views.TagView.as_view(), name="tag"),
    path("news/<int:year>/<str:month>/<str:day>/<int:pk>/", views.ArticleDetailView.as_view(), name="article"),
    path("preview/<str:token>/", views.PreviewView.as_view(), name="preview"),
    path("search/", SearchView.as_view(), name="search"),
]
