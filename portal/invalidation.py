"""When the public pages go stale: every change readers can see bumps the page-cache content version.

Two doors lead in. The review chain's moves (`news.workflow.on_transition`: sign-off, withdrawal, a published
piece edited back to review, trash and restore) change rows with UPDATE, which sends no signal. Saves and
deletions through the ORM (an edit in the admin, a new column, a tag, an activity week) send `post_save`,
`post_delete` and `m2m_changed`. Work on drafts changes nothing readers see and bumps nothing, so editors
saving drafts all day do not empty the cache.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save

from portal.cache import bump_after_commit

# Moves that change what readers see. Moves between draft, review and sign-off do not.
PUBLIC_ACTIONS = frozenset({"sign_off", "withdraw", "archive", "edit_published", "correct", "trash", "restore"})
# Bookkeeping rows no public page prints.
IGNORED_MODELS = frozenset({"news.Transition", "news.Submission"})
# Rows that belong to one article: they matter only while that article is public.
ARTICLE_CHILDREN = frozenset({"news.Credit", "news.ArticleImage"})


def invalidating_apps() -> frozenset[str]:
    return frozenset(getattr(settings, "PAGE_CACHE_INVALIDATING_APPS", ("news", "events", "taggit")))


def _article_is_public(article_id) -> bool:
    from news.models import Article

    return article_id is not None and Article.objects.published().filter(pk=article_id).exists()


def affects_public_pages(instance) -> bool:
    """Whether saving or deleting `instance` may change a public page."""
    from news.models import Article

    meta = type(instance)._meta
    if meta.app_label not in invalidating_apps() or meta.label in IGNORED_MODELS:
        return False
    if type(instance).__name__.startswith("Historical"):
        return False  # django-simple-history's revision rows
    if isinstance(instance, Article):
        return instance.status == Article.Status.PUBLISHED
    if meta.label in ARTICLE_CHILDREN:
        return _article_is_public(instance.article_id)
    if meta.label == "taggit.TaggedItem":
        return instance.content_type.model_class() is Article and _article_is_public(instance.object_id)
    return True


def on_saved_or_deleted(sender, instance, **kwargs) -> None:
    if affects_public_pages(instance):
        bump_after_commit()


def on_deleted(sender, instance, **kwargs) -> None:
    from news.models import Article

    # A piece removed for good may have been public a moment ago, whatever its status says now.
    if isinstance(instance, Article) or affects_public_pages(instance):
        bump_after_commit()


def on_m2m_changed(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_") and affects_public_pages(instance):
        bump_after_commit()


def on_transition(article, action_name: str, record) -> None:
    if action_name in PUBLIC_ACTIONS:
        bump_after_commit()


def connect() -> None:
    from news import workflow

    post_save.connect(on_saved_or_deleted, dispatch_uid="portal.pagecache.post_save")
    post_delete.connect(on_deleted, dispatch_uid="portal.pagecache.post_delete")
    m2m_changed.connect(on_m2m_changed, dispatch_uid="portal.pagecache.m2m_changed")
    if on_transition not in workflow._hooks:
        workflow.on_transition(on_transition)
