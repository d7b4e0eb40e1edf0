"""The portal's URLs plus uploaded media, which the live server does not serve otherwise (DEBUG is off)."""

from django.conf import settings
from django.urls import path
from django.views.static import serve

from portal.urls import handler404, handler500  # noqa: F401
from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [
    path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}),
    *portal_urlpatterns,
]
