"""Public pages of the news app. Visibility always goes through `Article.objects.published()`."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from news import preview
from news.models import Article, Column, Region, Topic

PAGE_SIZE = 20


class ArticleListView(ListView):
    paginate_by = PAGE_SIZE
    template_name = "news/article_list.html"
    context_object_name = "articles"

    def base_queryset(self):
        return Article.objects.published().for_listing()


class HomeView(ArticleListView):
    template_name = "news/home.html"

    def get_queryset(self):
        return self.base_queryset()[:PAGE_SIZE]

    paginate_by = None


class ColumnView(ArticleListView):
    def get_queryset(self):
        self.column = get_object_or_404(Column, slug=self.kwargs["slug"])
        return self.base_queryset().filter(column_id__in=self.column.descendant_ids())

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.column.name, column=self.column, **kwargs)


class TopicView(ArticleListView):
    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        return self.base_queryset().filter(topics=self.topic)

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.topic.name, topic=self.topic, **kwargs)


class RegionView(ArticleListView):
    def get_queryset(self):
        self.region = get_object_or_404(Region, slug=self.kwargs["slug"])
        return self.base_queryset().filter(region_id__in=self.region.descendant_ids())

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.region.name, region=self.region, **kwargs)


class TagView(ArticleListView):
    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return self.base_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.tag.name, tag=self.tag, **kwargs)


def article_detail_queryset():
    return Article.objects.select_related("column", "region", "school").prefetch_related(
        "credits__user", "images", "tags", "topics"
    )


class ArticleDetailView(DetailView):
    template_name = "news/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return article_detail_queryset().published()


@method_decorator(never_cache, name="dispatch")
class PreviewView(DetailView):
    """An unpublished piece through a signed link; never cached, never indexed."""

    template_name = "news/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        article_id = preview.read_token(self.kwargs["token"])
        if article_id is None:
            raise Http404
        return get_object_or_404(article_detail_queryset().live(), pk=article_id)

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=True, **kwargs)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
