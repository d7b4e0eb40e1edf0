"""Page numbers that stay fast deep in a large archive.

Two costs grow with the archive: counting every matching row for the page links, and skipping OFFSET rows
to reach a deep page. The count is cached per listing, keyed by the content version (so a publish shows at
once) with a short timeout (so a scheduled piece that comes due is counted soon), and stops at MAX_PAGES
pages' worth. The page itself is a "deferred join": the OFFSET runs over primary keys only, which a column's
listing index answers without reading the table (news/listing_indexes.py; a parent column merges its
sub-columns' keys, news.listings.column_page_keys), and only the twenty rows of the page are read in full —
in one SQL statement. At 1,000,000 pieces page 1,000 of a column costs about what page 1 does.
"""

from django.core.cache import cache
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from news import content_version

COUNT_TIMEOUT = 300
# Page numbers reach this deep; older pieces are found through the month archive, the feeds and search.
# Counting stops here, so even the first request after a publish never counts a whole large archive.
MAX_PAGES = 1000
# Page links shown either side of the current page.
WINDOW = 2


class ArchivePaginator(Paginator):
    def __init__(self, object_list, per_page, *, count_key: str | None = None, fetch=None, keys=None, **kwargs):
        """`fetch(keys)` reads the rows of a page from a subquery of primary keys (default: the model's
        manager, keeping the listing's ordering); `keys(bottom, top)` gives that subquery for rows
        bottom..top (default: the listing's own keys, sliced) when a listing knows a cheaper way."""
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key
        self.keys = keys or (lambda bottom, top: object_list.values("pk")[bottom:top])
        self.fetch = fetch or (
            lambda keys: object_list.model._default_manager.filter(pk__in=keys).order_by(*object_list.query.order_by)
        )

    @cached_property
    def count(self) -> int:
        """How many pieces the listing has, up to MAX_PAGES pages' worth."""
        key = f"news:count:{self.count_key}:{content_version.current()}" if self.count_key else None
        value = cache.get(key) if key else None
        if value is None:
            # COUNT over a LIMIT subquery: the database stops counting at the cap.
            value = self.object_list.order_by()[: self.cap].count()
            if key:
                cache.set(key, value, COUNT_TIMEOUT)
        return value

    @property
    def cap(self) -> int:
        return MAX_PAGES * self.per_page

    @property
    def capped(self) -> bool:
        """True when the listing goes on beyond the last page number offered."""
        return self.count >= self.cap

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if bottom >= top:
            rows = []
        else:
            keys = self.keys(bottom, top)
            # The outer query looks the page's rows up by primary key only: repeating the listing's filters
            # there lets a planner choose to scan the whole listing again.
            rows = list(self.fetch(keys))
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


def paginate(queryset, request, *, per_page: int, count_key: str | None, fetch=None, keys=None):
    """The page the request asks for (?page=N or ?page=last); a 404 for anything else."""
    paginator = ArchivePaginator(queryset, per_page, count_key=count_key, fetch=fetch, keys=keys)
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
