"""Public pages of the news app. Visibility always goes through `Article.objects.published()`.

Each page is a thin shell: the queries live in `news.listings`, `news.navigation` and `news.pagination`,
the printing rules in `news.presentation`. Every page stays within a fixed number of SQL queries whatever
the number of items (pinned by tests).
"""

import calendar
import datetime
from urllib.parse import urlencode

from django.db.models import Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, TemplateView
from taggit.models import Tag

from news import figures, listings, navigation, presentation, preview
from news.models import Article, ArticleImage, Credit, Topic
from news.pagination import page_links, paginate
from portal import cache as page_cache

PAGE_SIZE = 20
SLUG_MAX = 100


def checked_slug(value: str) -> str:
    """A slug from the address as the database can compare it: PostgreSQL refuses NUL bytes with an error."""
    if "\x00" in value or len(value) > SLUG_MAX:
        raise Http404(_("页面不存在。"))
    return value


class HomeView(TemplateView):
    template_name = "news/home.html"

    def get_context_data(self, **kwargs):
        columns = navigation.column_tree()
        headlines = listings.headlines()
        latest, column_blocks = listings.latest_by_column(columns, exclude=tuple(a.pk for a in headlines))
        return super().get_context_data(
            headlines=headlines,
            latest=latest,
            column_blocks=column_blocks,
            topics=listings.home_topics(),
            regions=navigation.region_tree().roots,
            activity_weeks=listings.activity_weeks(),
            canonical_path=reverse("news:home"),
            **kwargs,
        )


class ListingView(TemplateView):
    """A paginated list of article cards; subclasses say which pieces and what heading."""

    template_name = "news/article_list.html"
    feed_name = ""

    def listing(self):
        """(queryset of published pieces, a key naming this listing for the cached count)."""
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        queryset, count_key = self.listing()
        page = paginate(
            queryset.order_by("-published_at", "-pk"),
            self.request,
            per_page=PAGE_SIZE,
            count_key=count_key,
            fetch=lambda keys: Article.objects.for_listing().filter(pk__in=keys).order_by("-published_at", "-pk"),
            keys=self.page_keys,
        )
        return super().get_context_data(
            page_obj=page,
            articles=page.object_list,
            page_links=page_links(page),
            canonical_path=self.request.path + (f"?page={page.number}" if page.number > 1 else ""),
            **self.extra_context_data(),
            **kwargs,
        )

    def extra_context_data(self) -> dict:
        return {}

    # keys(bottom, top) for the paginator when the listing has a cheaper way to its page's keys; None: sliced.
    page_keys = None


class ColumnView(ListingView):
    """A column with its sub-columns' pieces."""

    def listing(self):
        self.tree = navigation.column_tree()
        self.column = self.tree.by_slug(self.kwargs["slug"])
        if self.column is None:
            raise Http404(_("栏目不存在。"))
        ids = self.tree.descendant_ids(self.column.id)
        self.page_keys = lambda bottom, top: listings.column_page_keys(list(ids), bottom, top)
        return Article.objects.published().filter(column_id__in=ids), f"column:{self.column.id}"

    def extra_context_data(self):
        return {
            "heading": self.column.name,
            "column": self.column,
            "subcolumns": self.tree.children(self.column.id),
            "breadcrumb": [presentation.Crumb(_("首页"), reverse("news:home"))]
            + [presentation.Crumb(n.name, n.url) for n in self.tree.ancestors(self.column.id)],
            "feeds": (reverse("feed-column", args=[self.column.slug]),
                      reverse("feed-column-atom", args=[self.column.slug])),
        }


class TopicView(ListingView):
    template_name = "news/topic.html"

    def listing(self):
        self.topic = get_object_or_404(Topic, slug=checked_slug(self.kwargs["slug"]))
        return listings.in_topic(self.topic.pk), f"topic:{self.topic.pk}"

    def extra_context_data(self):
        return {
            "heading": self.topic.name,
            "topic": self.topic,
            "submit_url": f"{reverse('news:submit')}?{urlencode({'topic': self.topic.slug})}",
            "breadcrumb": [presentation.Crumb(_("首页"), reverse("news:home")), presentation.Crumb(_("专题"), "")],
            "feeds": (
                reverse("feed-topic", args=[self.topic.slug]),
                reverse("feed-topic-atom", args=[self.topic.slug]),
            ),
        }


class RegionView(ListingView):
    """A regional sub-site: the region's news (with its cities and districts) and its activity weeks."""

    template_name = "news/region.html"

    def listing(self):
        self.tree = navigation.region_tree()
        self.region = self.tree.by_slug(self.kwargs["slug"])
        if self.region is None:
            raise Http404(_("地区不存在。"))
        ids = self.tree.descendant_ids(self.region.id)
        return Article.objects.published().filter(region_id__in=ids), f"region:{self.region.id}"

    def extra_context_data(self):
        return {
            "heading": self.region.name,
            "region": self.region,
            "subregions": self.tree.children(self.region.id),
            "activity_weeks": listings.activity_weeks(region_id=self.region.id),
            "breadcrumb": [presentation.Crumb(_("首页"), reverse("news:home")), presentation.Crumb(_("地方分站"), "")]
            + [presentation.Crumb(n.name, n.url) for n in self.tree.ancestors(self.region.id)],
            "feeds": (reverse("feed-region", args=[self.region.slug]),
                      reverse("feed-region-atom", args=[self.region.slug])),
        }


class TagView(ListingView):
    def listing(self):
        self.tag = get_object_or_404(Tag, slug=checked_slug(self.kwargs["slug"]))
        return listings.with_tag(self.tag.pk), f"tag:{self.tag.pk}"

    def extra_context_data(self):
        return {
            "heading": _("标签：%(name)s") % {"name": self.tag.name},
            "tag": self.tag,
            "breadcrumb": [presentation.Crumb(_("首页"), reverse("news:home")), presentation.Crumb(_("标签"), "")],
        }


class MonthArchiveView(ListingView):
    """/archive/2022/04/: what was published that month, Beijing time."""

    def listing(self):
        year, month = int(self.kwargs["year"]), int(self.kwargs["month"])
        if not (1 <= month <= 12 and 1990 <= year <= 9998):
            raise Http404(_("日期无效。"))
        zone = timezone.get_current_timezone()
        self.start = datetime.datetime(year, month, 1, tzinfo=zone)
        end_year, end_month = (year + 1, 1) if month == 12 else (year, month + 1)
        end = datetime.datetime(end_year, end_month, 1, tzinfo=zone)
        queryset = Article.objects.published().filter(published_at__gte=self.start, published_at__lt=end)
        return queryset, f"month:{year}-{month:02d}"

    def extra_context_data(self):
        year, month = self.start.year, self.start.month
        previous = (year - 1, 12) if month == 1 else (year, month - 1)
        following = (year + 1, 1) if month == 12 else (year, month + 1)
        return {
            "heading": _("%(year)s年%(month)s月") % {"year": year, "month": month},
            "breadcrumb": [presentation.Crumb(_("首页"), reverse("news:home")), presentation.Crumb(_("归档"), "")],
            "month_nav": {
                "previous": reverse("news:archive-month", kwargs={"year": previous[0], "month": f"{previous[1]:02d}"}),
                "next": reverse("news:archive-month", kwargs={"year": following[0], "month": f"{following[1]:02d}"}),
                "days": calendar.monthrange(year, month)[1],
            },
        }


def month_archive_redirect(request):
    """/archive/ → this month."""
    today = timezone.localdate()
    return redirect("news:archive-month", year=today.year, month=f"{today.month:02d}")


def article_detail_queryset():
    from django.db.models import Prefetch

    return Article.objects.select_related("column", "region", "school").prefetch_related(
        Prefetch("credits", queryset=Credit.objects.select_related("user")),
        Prefetch("images", queryset=ArticleImage.objects.all()),
    )


class ArticleContextMixin:
    """Everything the article template prints beyond the piece itself, shared by the page and the preview."""

    def article_context(self, article: Article) -> dict:
        columns = navigation.column_tree()
        topics, tags = listings.labels(article)
        url = article.absolute_url()
        return {
            "body": figures.place_images(article.body, article.images.all()),
            "breadcrumb": presentation.article_breadcrumb(article, columns, reverse("news:home")),
            "credit_line": presentation.credit_line(article),
            "topics": topics,
            "tags": tags,
            "neighbours": listings.neighbours(article) if article.published_at else listings.Neighbours(),
            "share_url": url,
            "weibo_url": presentation.weibo_share_url(url, article.title),
            "opengraph": article.opengraph_tags(),
            "json_ld": article.json_ld(),
            "canonical_path": article.get_absolute_url(),
            "description": Truncator(strip_tags(article.summary or article.body)).chars(DESCRIPTION_CHARS),
        }


def article_qr(request, pk: int):
    """The WeChat QR code of a published piece's address: an image of its own, which the article page loads only
    when a reader scrolls to it, so making it (~14 ms) is not part of rendering the page."""
    article = get_object_or_404(Article.objects.published().only("pk", "published_at"), pk=pk)
    response = HttpResponse(presentation.qr_svg(article.absolute_url()), content_type="image/svg+xml")
    patch_cache_control(response, public=True, max_age=QR_MAX_AGE)
    return response


QR_MAX_AGE = 24 * 3600
READER_FRAGMENTS = {
    "head_html": "news/article_head.html",
    "breadcrumb_html": "includes/breadcrumb.html",
    "main_html": "news/article_main.html",
}
DESCRIPTION_CHARS = 120


class ArticleDetailView(ArticleContextMixin, DetailView):
    template_name = "news/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        return get_object_or_404(article_detail_queryset().published(), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            # Editors see the rows as they are now, never what a reader's visit kept: no object cache.
            self.object = self.get_object()
            context = self.article_context(self.object)
        else:
            # Readers share one copy per content version: the piece, what the page prints around it and its
            # rendered main column, so a visit the page cache cannot answer costs neither queries nor most of
            # the template work. Any public change bumps the version (portal.cache).
            key = f"article-page:{self.kwargs['pk']}:{get_language()}"
            self.object, context = page_cache.versioned(key, self.reader_copy)
        if request.path != context["canonical_path"]:
            # A wrong date in the address (or an old one after a re-dated piece) leads to the one true address.
            return redirect(context["canonical_path"], permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object, **context))

    def reader_copy(self):
        """What every reader's visit to this piece needs, the parts that print it already rendered."""
        version = page_cache.content_version()
        # The piece's own query also answers when the next scheduled piece appears, which bounds how long the
        # copy may be kept: no separate lookup, so a cold visit stays within the page's query budget.
        upcoming = Subquery(page_cache.upcoming_publications().values("published_at")[:1])
        article = get_object_or_404(
            article_detail_queryset().published().annotate(next_scheduled_at=upcoming), pk=self.kwargs["pk"]
        )
        page_cache.remember_next_scheduled(version, article.next_scheduled_at)
        context = {"article": article, **self.article_context(article)}
        kept = {name: render_to_string(template, context) for name, template in READER_FRAGMENTS.items()}
        kept.update(canonical_path=context["canonical_path"], description=context["description"])
        # Credits and images are in the rendered parts now; the kept copy needs only the piece's own fields.
        article._prefetched_objects_cache = {}
        return article, kept


@method_decorator(never_cache, name="dispatch")
class PreviewView(ArticleContextMixin, DetailView):
    """An unpublished piece through a signed link; never cached, never indexed."""

    template_name = "news/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        article_id = preview.read_token(self.kwargs["token"])
        if article_id is None:
            raise Http404
        return get_object_or_404(article_detail_queryset().live(), pk=article_id)

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=True, **self.article_context(self.object), **kwargs)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


def robots_txt(request):
    """Crawlers may read the public site, not the admin or preview links; the sitemap says what there is."""
    from django.http import HttpResponse

    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "Disallow: /script/",
        "Allow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
