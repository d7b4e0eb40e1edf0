"""Site-wide views: health check and the Chinese error pages."""

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.template import loader


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"ok": True})


def page_not_found(request, exception=None):
    return HttpResponse(loader.render_to_string("404.html", request=request), status=404)


def server_error(request):
    # Rendered without a request context: the failure may lie in what a context processor needs.
    return HttpResponse(loader.render_to_string("500.html"), status=500)
