"""Page numbers that stay fast deep in a large archive.

Two costs grow with the archive: counting every matching row for the page links, and skipping OFFSET rows
to reach a deep page. The count is cached per listing, keyed by the content version (so a publish shows at
once) with a short timeout (so a scheduled piece that comes due is counted soon). The page itself is a
"deferred join": the OFFSET runs over primary keys only, which the (column, status, published_at) style
indexes can answer, and only the twenty rows of the page are read in full — in one SQL statement.
"""

from django.core.cache import cache
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from news import content_version

COUNT_TIMEOUT = 300
# Page links shown either side of the current page.
WINDOW = 2


class ArchivePaginator(Paginator):
    def __init__(self, object_list, per_page, *, count_key: str | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        if self.count_key is None:
            return super().count
        key = f"news:count:{self.count_key}:{content_version.current()}"
        value = cache.get(key)
        if value is None:
            value = self.object_list.count()
            cache.set(key, value, COUNT_TIMEOUT)
        return value

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        queryset = self.object_list
        if bottom >= top:
            rows = []
        else:
            keys = queryset.values("pk")[bottom:top]
            rows = list(queryset.filter(pk__in=keys))
        return self._get_page(rows, number, self)


def page_links(page) -> list[int | None]:
    """1 … 4 5 [6] 7 8 … 120: the numbers to print, None where a gap is."""
    last = page.paginator.num_pages
    wanted = {1, last, *range(page.number - WINDOW, page.number + WINDOW + 1)}
    numbers = sorted(n for n in wanted if 1 <= n <= last)
    links: list[int | None] = []
    for n in numbers:
        if links and links[-1] is not None and n - links[-1] > 1:
            links.append(None)
        links.append(n)
    return links


def paginate(queryset, request, *, per_page: int, count_key: str | None):
    """The page the request asks for (?page=N or ?page=last); a 404 for anything else."""
    paginator = ArchivePaginator(queryset, per_page, count_key=count_key)
    raw = request.GET.get("page") or "1"
    if raw == "last":
        number = paginator.num_pages
    else:
        if not raw.isdigit() or len(raw) > 9:
            raise Http404(_("页码无效。"))
        number = int(raw)
    try:
        return paginator.page(number)
    except InvalidPage as exc:
        raise Http404(_("页码超出范围。")) from exc
