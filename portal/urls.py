from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from portal import two_factor, views
from portal.security import serve_media

urlpatterns = [
    path("admin/otp/verify/", two_factor.verify, name="otp_verify"),
    path("admin/otp/setup/", two_factor.setup, name="otp_setup"),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("", include("news.urls")),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve_media, {"document_root": settings.MEDIA_ROOT})]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
