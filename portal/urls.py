from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from portal import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("", include("news.urls")),
]

if settings.BENCH_FLOOR:
    urlpatterns += [path("_bench/floor", views.floor, name="bench-floor")]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
