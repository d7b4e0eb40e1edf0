from django.conf import settings


def site(request):
    """Values every page prints: the site's name and canonical origin, and how long repeated fragments keep."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "page_cache_timeout": getattr(settings, "PAGE_CACHE_TIMEOUT", 600),
    }
