"""One number that changes whenever anything readers see changes.

Listings key their cached counts and the navigation trees by it, so a publish, withdrawal, edit or delete
shows at once without anyone listing which cache keys a change touches. Scheduled pieces become visible
without a write: the caches keyed by this version therefore also carry a short timeout.
"""

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

KEY = "news:content-version"


def current() -> int:
    version = cache.get(KEY)
    if version is None:
        version = 1
        cache.add(KEY, version, timeout=None)
    return version


def bump(*args, **kwargs) -> None:
    """Start a new version; the old keys simply stop being read and expire."""
    try:
        cache.incr(KEY)
    except ValueError:
        cache.set(KEY, 2, timeout=None)


def bump_if_public(sender, instance, **kwargs) -> None:
    """Saving a piece readers cannot see (a draft, a school's submission) changes no public page."""
    from news.models import Article

    article = instance if isinstance(instance, Article) else getattr(instance, "article", None)
    if article is None or article.status == Article.Status.PUBLISHED:
        bump()


def connect() -> None:
    from taggit.models import Tag, TaggedItem

    from news import workflow
    from news.models import Article, ArticleImage, Column, Credit, Region, Topic

    for model in (Column, Region, Topic, Tag, TaggedItem):
        post_save.connect(bump, sender=model, dispatch_uid=f"content_version.save.{model.__name__}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"content_version.delete.{model.__name__}")
    for model in (Article, ArticleImage, Credit):
        post_save.connect(bump_if_public, sender=model, dispatch_uid=f"content_version.save.{model.__name__}")
        post_delete.connect(bump_if_public, sender=model, dispatch_uid=f"content_version.delete.{model.__name__}")
    m2m_changed.connect(bump, sender=Article.topics.through, dispatch_uid="content_version.topics")
    # The review chain moves pieces with queryset updates, which send no model signals.
    if bump not in workflow._hooks:
        workflow.on_transition(bump)
