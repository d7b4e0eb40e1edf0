from django.conf import settings


def site(request):
    """Values every page prints: the site's name and its canonical origin."""
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL}
