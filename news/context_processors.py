from django.utils.functional import SimpleLazyObject


def navigation(request):
    """The column navigation and what keys its cached copy, read only when a template prints them."""
    from news import content_version
    from news.navigation import column_tree

    def current() -> str:
        # The one navigation link this page is, if any: the cached navigation varies by it, not by every path.
        if request.path == "/":
            return "/"
        return request.path if any(node.url == request.path for node in column_tree().roots) else ""

    return {
        "nav_columns": SimpleLazyObject(lambda: column_tree().roots),
        "nav_current": SimpleLazyObject(current),
        "content_version": SimpleLazyObject(content_version.current),
    }
