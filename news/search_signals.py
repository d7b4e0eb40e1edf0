"""Keep the search index in step with the articles, from one place (connected in NewsConfig.ready).

* Review-chain moves (publish, withdraw, archive, reopen, an edit that sends a piece back, trash, restore)
  come through `workflow.on_transition`, after their transaction commits.
* A saved article is re-indexed inside the same transaction, so the index and the piece commit (or roll back)
  together; a save that touches no indexed field (a view count) costs nothing.
* Credits change in admin inlines after the article is saved, and disappear in cascades before the article
  does: they re-index the piece once the transaction has committed.
* Topics and tags are set after the piece is saved (admin, import), tags also merged or unlinked in taggit's
  admin: only the piece's filter tokens (news/search_facets.py) are re-read, at once.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from taggit.models import TaggedItem

from news import search, workflow
from news.models import Article, Credit

_connected = False


def after_transition(article: Article, action_name: str, record) -> None:
    search.index_article(article.pk)


def article_saved(sender, instance: Article, raw: bool = False, update_fields=None, **kwargs) -> None:
    if raw:
        return  # fixtures: run `manage.py rebuild_search_index` after loading them
    if update_fields is not None and not (set(update_fields) & search.INDEXED_FIELDS):
        return
    search.index_article(instance.pk)


def article_deleted(sender, instance: Article, **kwargs) -> None:
    article_id = instance.pk
    transaction.on_commit(lambda: search.remove_article(article_id))


def credit_changed(sender, instance: Credit, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    article_id = instance.article_id
    transaction.on_commit(lambda: search.index_article(article_id))


def topics_changed(sender, instance, action: str, pk_set=None, **kwargs) -> None:
    """A piece's topics changed, from the piece's side or the topic's: its filter tokens follow in the same
    transaction, as a saved piece's text does."""
    if isinstance(instance, Article):
        if action in ("post_add", "post_remove", "post_clear"):
            search.refresh_facets([instance.pk])
    elif action in ("post_add", "post_remove"):
        search.refresh_facets(pk_set or ())
    elif action == "pre_clear":
        instance._search_cleared = list(instance.articles.values_list("pk", flat=True))
    elif action == "post_clear":
        search.refresh_facets(getattr(instance, "_search_cleared", ()))


def tagged_item_changed(sender, instance: TaggedItem, raw: bool = False, **kwargs) -> None:
    """A piece's tag was added, removed or re-pointed. Watched on the tag link itself, not m2m_changed: taggit's
    own admin (merging tags, its inline of tagged items) saves and deletes links without that signal. Links of
    other models (activity weeks) are none of the index's business."""
    if raw or instance.content_type_id != ContentType.objects.get_for_model(Article).pk:
        return
    search.refresh_facets([instance.object_id])


def ensure_engine_index(sender, using: str = "default", **kwargs) -> None:
    """On SQLite, a migration that remakes news_searchdocument drops its triggers: put them back.

    Only on the schema the current index reads (migration 0006 and later): after `migrate news 0005` the
    current triggers would write a column the table does not have, and every publish would fail.
    """
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite" or "news_searchdocument" not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(cursor, "news_searchdocument")
    if "facets" in {column.name for column in columns}:
        from news.search_backends import sqlite

        sqlite.ensure_schema(connection)


def connect(app_config) -> None:
    global _connected
    if _connected:
        return
    _connected = True
    workflow.on_transition(after_transition)
    post_save.connect(article_saved, sender=Article, dispatch_uid="news.search.article_saved")
    post_delete.connect(article_deleted, sender=Article, dispatch_uid="news.search.article_deleted")
    post_save.connect(credit_changed, sender=Credit, dispatch_uid="news.search.credit_saved")
    post_delete.connect(credit_changed, sender=Credit, dispatch_uid="news.search.credit_deleted")
    m2m_changed.connect(topics_changed, sender=Article.topics.through, dispatch_uid="news.search.topics_changed")
    post_save.connect(tagged_item_changed, sender=TaggedItem, dispatch_uid="news.search.tagged_item_saved")
    post_delete.connect(tagged_item_changed, sender=TaggedItem, dispatch_uid="news.search.tagged_item_deleted")
    post_migrate.connect(ensure_engine_index, sender=app_config, dispatch_uid="news.search.ensure_engine_index")
