"""Translation helper usable with or without configured Django settings."""

from __future__ import annotations


def _(message: str) -> str:
    """Return ``message`` translated by Django when settings are configured, else unchanged.

    The parser is used outside Django (tests, scripts), where ``gettext`` would raise
    ImproperlyConfigured; ``makemessages`` still collects the ``_()`` calls.
    """
    try:
        from django.conf import settings

        if settings.configured:
            from django.utils.translation import gettext

            return gettext(message)
    except Exception:  # noqa: BLE001 - translation must never break parsing
        pass
    return message
