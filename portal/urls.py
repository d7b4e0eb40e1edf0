from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from portal import views
from portal.security import serve_media

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("", include("news.urls")),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve_media, {"document_root": settings.MEDIA_ROOT})]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
