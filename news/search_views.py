"""The search page: a thin shell over news/search.py and the filters in news/search_filters.py."""

from urllib.parse import urlencode

from django.views.generic import TemplateView

from news import search
from news.models import Article
from news.search_filters import ArticleSearchFilter
from news.search_text import MAX_QUERY_CHARS


class SearchView(TemplateView):
    template_name = "news/search.html"

    def get_context_data(self, **kwargs):
        query = " ".join(self.request.GET.get("q", "")[:MAX_QUERY_CHARS].split())
        filterset = ArticleSearchFilter(self.request.GET, queryset=Article.objects.published())
        results = None
        if query:
            since, until = filterset.published_range()
            results = search.search(
                query,
                facets=filterset.facets(),
                order=filterset.order_value,
                page=self.request.GET.get("page", 1),
                since=since,
                until=until,
            )
        return super().get_context_data(
            query=query, filter_form=filterset.form, filter_key=filter_key(self.request.GET, filterset),
            results=results, max_query_chars=MAX_QUERY_CHARS, **kwargs
        )


def filter_key(data, filterset) -> str:
    """What the rendered filter fields depend on besides the content: the values asked for, in a fixed order.

    The fields are a cached fragment (templates/news/search.html): drawing the column, topic and region
    selects option by option was about a third of a search page's time, and most searches ask for no filter.
    """
    return urlencode(sorted((name, value) for name in filterset.form.fields for value in data.getlist(name)))
