"""RSS 2.0 and Atom feeds: the whole site, each column (with its sub-columns), topic and region."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from news import listings, navigation
from news.models import Article, Credit, Topic
from news.views import checked_slug

ITEMS = 30


def feed_items(queryset):
    return (
        queryset.select_related("column")
        .prefetch_related(Prefetch("credits", queryset=Credit.objects.select_related("user")))
        .only("id", "title", "summary", "published_at", "updated_at", "source", "created_at",
              "column__name", "column__slug")
        .order_by("-published_at", "-pk")[:ITEMS]
    )


class SiteFeed(Feed):
    def title(self, obj=None):
        return str(settings.SITE_NAME)

    def link(self, obj=None):
        return reverse("news:home")

    def description(self, obj=None):
        return _("职业教育新闻、专题与地方分站的最新稿件")

    def feed_url(self, obj=None):
        return None

    def items(self, obj=None):
        return feed_items(Article.objects.published())

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return settings.SITE_URL + item.get_absolute_url()

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        authors = [c.display_name for c in item.credits.all() if c.role == Credit.Role.AUTHOR]
        return "、".join(authors) or item.source or None

    def item_categories(self, item):
        return [item.column.name] if item.column_id else []


class ColumnFeed(SiteFeed):
    def get_object(self, request, slug):
        tree = navigation.column_tree()
        node = tree.by_slug(slug)
        if node is None:
            raise Http404
        return node, tree.descendant_ids(node.id)

    def title(self, obj):
        return f"{obj[0].name} - {settings.SITE_NAME}"

    def link(self, obj):
        return obj[0].url

    def items(self, obj):
        return feed_items(Article.objects.published().filter(column_id__in=obj[1]))


class TopicFeed(SiteFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic.objects.only("name", "slug"), slug=checked_slug(slug))

    def title(self, obj):
        return f"{obj.name} - {settings.SITE_NAME}"

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return feed_items(listings.in_topic(obj.pk))


class RegionFeed(SiteFeed):
    def get_object(self, request, slug):
        tree = navigation.region_tree()
        node = tree.by_slug(slug)
        if node is None:
            raise Http404
        return node, tree.descendant_ids(node.id)

    title = ColumnFeed.title
    link = ColumnFeed.link

    def items(self, obj):
        return feed_items(Article.objects.published().filter(region_id__in=obj[1]))


class AtomMixin:
    feed_type = Atom1Feed

    def subtitle(self, obj=None):
        return self.description(obj)


class SiteAtomFeed(AtomMixin, SiteFeed):
    pass


class ColumnAtomFeed(AtomMixin, ColumnFeed):
    pass


class TopicAtomFeed(AtomMixin, TopicFeed):
    pass


class RegionAtomFeed(AtomMixin, RegionFeed):
    pass
