"""sitemap.xml: an index with last-modified dates, and one section per kind of page."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse

from news.models import Article, Column, Region, Topic

PUBLISHED = Q(articles__status=Article.Status.PUBLISHED, articles__deleted_at__isnull=True)


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 5000

    def items(self):
        return (
            Article.objects.published()
            .only("id", "published_at", "updated_at", "created_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, item):
        return item.updated_at


class ColumnSitemap(Sitemap):
    changefreq = "hourly"
    priority = 0.6

    def items(self):
        return Column.objects.annotate(latest=Max("articles__updated_at", filter=PUBLISHED)).only("slug")

    def lastmod(self, item):
        return item.latest


class RegionSitemap(ColumnSitemap):
    def items(self):
        return Region.objects.annotate(latest=Max("articles__updated_at", filter=PUBLISHED)).only("slug")


class TopicSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return Topic.objects.only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class HomeSitemap(Sitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["news:home"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]


sitemaps = {
    "home": HomeSitemap,
    "articles": ArticleSitemap,
    "columns": ColumnSitemap,
    "topics": TopicSitemap,
    "regions": RegionSitemap,
}
