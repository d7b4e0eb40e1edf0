"""Site-wide views: health check and the Chinese error pages."""

from functools import lru_cache

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


FLOOR_MAX_BYTES = 1024 * 1024


@lru_cache(maxsize=8)
def floor_page(size: int) -> bytes:
    """An HTML page of exactly `size` bytes (at least its frame), built once per size."""
    head = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>floor</title></head><body><p>"
    tail = "</p></body></html>"
    frame = len((head + tail).encode())
    filler = ("职业教育" * (max(0, size - frame) // 12 + 1)).encode()[: max(0, size - frame)]
    # Cut back to a whole character so the page stays valid UTF-8; pad the rest with spaces.
    text = filler.decode("utf-8", errors="ignore")
    body = (head + text).encode() + b" " * (max(0, size - frame) - len(text.encode())) + tail.encode()
    return body


def floor(request):
    """The benchmark's floor: a page the size of an article page, with no database and no template."""
    try:
        size = min(FLOOR_MAX_BYTES, max(0, int(request.GET.get("bytes", "20000"))))
    except ValueError:
        size = 20000
    return HttpResponse(floor_page(size), content_type="text/html; charset=utf-8")
