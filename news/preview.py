"""Signed, expiring links that show an unpublished piece in the public template."""

from django.conf import settings
from django.core import signing

SALT = "news.preview"


def make_token(article_id: int) -> str:
    return signing.TimestampSigner(salt=SALT).sign(str(article_id))


def read_token(token: str) -> int | None:
    """The article id the token was made for, or None if it is forged or expired."""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(token, max_age=settings.NEWS_PREVIEW_MAX_AGE)
    except signing.BadSignature:
        return None
    try:
        return int(value)
    except ValueError:
        return None
