"""Translation helper usable with or without configured Django settings."""

from __future__ import annotations


def _(message: str) -> str:
    """Return ``message`` translated by Django when settings are configured, else unchanged.

    The parser is used outside Django (tests, scripts), where ``gettext`` would raise
    ImproperlyConfigured; ``makemessages`` still collects the ``_()`` calls.
    """
    from django.conf import settings

    if not settings.configured:
        return message
    from django.utils.translation import gettext

    return gettext(message)
