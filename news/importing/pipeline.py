"""From files to unpublished articles: preview (no writes) and commit.

:func:`collect_sources` expands files, folders and zip archives into named byte strings;
:func:`preview` decodes and parses them and looks for duplicates already stored; :func:`commit` writes
each item in its own transaction as an unpublished, imported :class:`news.models.Article`.

A page is a duplicate of a stored article when it has the same source URL (an article address, not a
bare site address), the same normalised title and publication day, or the same content fingerprint.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.html import escape

from news.importing._i18n import _
from news.importing.dates import SHANGHAI
from news.importing.decode import ImportRefused, decode_bytes
from news.importing.dedupe import content_fingerprint, normalize_title
from news.importing.parse import KIND_ACTIVITY_WEEK, ParsedPage, parse_page
from news.source_urls import is_article_url, source_key

TEXT_SUFFIXES = {".txt", ".text", ".htm", ".html", ".md"}
UPLOAD_SUFFIXES = {".txt", ".htm", ".html"}
MAX_FILE_BYTES = 20 * 1024 * 1024
# One upload (the admin page) or one archive: pages, unpacked bytes, compression ratio.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_ZIP_PAGES = 2000
MAX_ZIP_TOTAL_BYTES = 200 * 1024 * 1024
MAX_ZIP_RATIO = 200
# Pages written per database transaction by commit() (each page still in its own savepoint).
COMMIT_CHUNK = 50

DUPLICATE_SOURCE_URL = "source_url"
DUPLICATE_TITLE_DATE = "title_date"
DUPLICATE_CONTENT = "content"
DUPLICATE_IN_BATCH = "batch"


@dataclass
class Source:
    """One input page: a display name and its bytes (or why it could not be read)."""

    name: str
    data: bytes | None = None
    error: str | None = None


@dataclass
class PreviewItem:
    """One page as it would be imported: parsed content or a refusal, and any duplicate found."""

    file: str
    parsed: ParsedPage | None = None
    error: str | None = None
    error_code: str | None = None
    content_hash: str = ""
    duplicate_of: int | None = None
    duplicate_reason: str | None = None
    # The editor's choice for a duplicate: True = update the stored draft, False = skip, None = the batch default.
    update_existing: bool | None = None
    # Set by commit(): "created", "updated", "duplicate", "refused", "not_imported", "event".
    result: str | None = None
    result_detail: str = ""
    article_id: int | None = None

    @property
    def ok(self) -> bool:
        """True when the page was read and parsed."""
        return self.parsed is not None and self.error is None

    @property
    def is_duplicate(self) -> bool:
        return self.duplicate_reason is not None

    def to_json_dict(self) -> dict[str, Any]:
        """The parsed page's JSON plus ``file`` and duplicate / result keys; ``error`` for refused files."""
        if not self.ok:
            data: dict[str, Any] = {"file": self.file, "error": self.error}
        else:
            data = self.parsed.to_json_dict()
            data["file"] = self.file
            data["duplicate_of"] = self.duplicate_of
            data["duplicate_reason"] = self.duplicate_reason
        if self.result is not None:
            data["result"] = self.result
            if self.result_detail:
                data["result_detail"] = self.result_detail
            if self.article_id is not None:
                data["article_id"] = self.article_id
        return data


@dataclass
class ImportSummary:
    """What :func:`commit` did, item by item and in totals."""

    items: list[PreviewItem] = field(default_factory=list)

    def _with(self, result: str) -> list[PreviewItem]:
        return [i for i in self.items if i.result == result]

    @property
    def created(self) -> list[PreviewItem]:
        return self._with("created")

    @property
    def updated(self) -> list[PreviewItem]:
        return self._with("updated")

    @property
    def duplicates(self) -> list[PreviewItem]:
        return self._with("duplicate")

    @property
    def refused(self) -> list[PreviewItem]:
        return self._with("refused")

    @property
    def not_imported(self) -> list[PreviewItem]:
        return self._with("not_imported")

    @property
    def events(self) -> list[PreviewItem]:
        return self._with("event")

    @property
    def warnings(self) -> int:
        return sum(len(i.parsed.warnings) for i in self.items if i.parsed is not None)

    def counts(self) -> dict[str, int]:
        """Totals by outcome (and the number of warnings)."""
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "duplicates": len(self.duplicates),
            "refused": len(self.refused),
            "not_imported": len(self.not_imported),
            "events": len(self.events),
            "warnings": self.warnings,
        }


def collect_sources(paths: Iterable[str | Path]) -> Iterator[Source]:
    """Files, folders (recursively, text-like files) and zip archives (their members) as :class:`Source`."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.name.startswith(".") or child.name == "expected.json" or child.name.lower() == "readme.md":
                    continue
                if child.suffix.lower() == ".zip":
                    yield from _zip_sources(child)
                elif child.suffix.lower() in TEXT_SUFFIXES:
                    yield _file_source(child)
        elif path.suffix.lower() == ".zip" and path.is_file():
            yield from _zip_sources(path)
        else:
            yield _file_source(path)


def _file_source(path: Path) -> Source:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return Source(str(path), error=str(_("文件过大，不像是一篇网页文本。")))
        return Source(str(path), data=path.read_bytes())
    except OSError as exc:
        return Source(str(path), error=str(_("无法读取文件：%(error)s")) % {"error": exc.strerror or exc})


class UploadRefused(Exception):
    """A whole upload or archive refused (too large, too many pages, not a zip); the message is for the editor."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class ZipLimits:
    """How much one archive may hold once unpacked (zip bombs are refused on these numbers)."""

    max_pages: int = MAX_ZIP_PAGES
    max_total_bytes: int = MAX_ZIP_TOTAL_BYTES
    max_ratio: int = MAX_ZIP_RATIO


def _unsafe_member_name(name: str) -> bool:
    # Members are read into memory, never extracted, but a name climbing out of the archive or
    # pointing at an absolute path is a sign of a hostile archive and is refused.
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":")


def _zip_sources(path: Path | Any, label: str | None = None, limits: ZipLimits | None = None) -> Iterator[Source]:
    """Pages of one archive (``path`` is a path or an open binary file); hostile members become errors.

    With ``limits``, an archive that unpacks to too many pages or too many bytes, or with an absurd
    compression ratio, raises :class:`UploadRefused` before any member is read.
    """
    label = label or str(path)
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        if limits is not None:
            message = str(_("无法打开压缩包“%(name)s”：文件已损坏或不是 zip 格式。")) % {"name": label}
            raise UploadRefused(message) from exc
        yield Source(label, error=str(_("无法打开压缩包：%(error)s")) % {"error": exc})
        return
    with archive:
        members = []
        for info in archive.infolist():
            name = info.filename
            base = name.rsplit("/", 1)[-1]
            if info.is_dir() or not base or base.startswith(".") or name.startswith("__MACOSX/"):
                continue
            if Path(base).suffix.lower() not in TEXT_SUFFIXES:
                continue
            members.append(info)
        if limits is not None:
            _check_zip_limits(label, members, limits)
        for info in members:
            name = info.filename
            member_label = f"{label}:{name}"
            if _unsafe_member_name(name):
                yield Source(member_label, error=str(_("压缩包中的文件路径不安全（含“..”或绝对路径），已拒绝。")))
                continue
            if info.file_size > MAX_FILE_BYTES:
                yield Source(member_label, error=str(_("文件过大，不像是一篇网页文本。")))
                continue
            try:
                # ZipExtFile stops at the declared size and checks the CRC: a member lying about its size fails here.
                yield Source(member_label, data=archive.read(info))
            except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError) as exc:
                yield Source(member_label, error=str(_("无法读取压缩包中的文件：%(error)s")) % {"error": exc})


def _check_zip_limits(label: str, members: list[zipfile.ZipInfo], limits: ZipLimits) -> None:
    if len(members) > limits.max_pages:
        raise UploadRefused(
            str(_("压缩包“%(name)s”含有 %(count)d 个网页，超过单次导入上限 %(limit)d 个，请分批上传。"))
            % {"name": label, "count": len(members), "limit": limits.max_pages}
        )
    total = sum(info.file_size for info in members)
    packed = sum(info.compress_size for info in members)
    if total > limits.max_total_bytes:
        raise UploadRefused(
            str(_("压缩包“%(name)s”解压后有 %(size)d MB，超过上限 %(limit)d MB，请分批上传。"))
            % {"name": label, "size": total // (1024 * 1024), "limit": limits.max_total_bytes // (1024 * 1024)}
        )
    if total > 1024 * 1024 and total > limits.max_ratio * max(packed, 1):
        raise UploadRefused(
            str(_("压缩包“%(name)s”的压缩比异常（可能是“压缩炸弹”），已拒绝。")) % {"name": label}
        )


def collect_uploads(
    uploads: Iterable[tuple[str, Any]], *, limits: ZipLimits | None = None, max_total_bytes: int = MAX_UPLOAD_BYTES
) -> list[Source]:
    """Uploaded files (name, open binary file) as sources; zips are expanded within ``limits``.

    Raises :class:`UploadRefused` when the upload as a whole is too large or holds too many pages.
    Files of other types become refused sources with a message.
    """
    limits = limits or ZipLimits()
    uploads = list(uploads)
    sources: list[Source] = []
    for name, fileobj in uploads:
        suffix = Path(name).suffix.lower()
        if suffix == ".zip":
            sources.extend(_zip_sources(fileobj, label=name, limits=limits))
        elif suffix in UPLOAD_SUFFIXES:
            data = fileobj.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                sources.append(Source(name, error=str(_("文件过大，不像是一篇网页文本。"))))
            else:
                sources.append(Source(name, data=data))
        else:
            sources.append(Source(name, error=str(_("不支持的文件类型：只接受 .txt、.html、.htm 或 .zip。"))))
        if len(sources) > limits.max_pages:
            raise UploadRefused(
                str(_("一次最多导入 %(limit)d 个网页，请分批上传。")) % {"limit": limits.max_pages}
            )
    if sum(len(s.data or b"") for s in sources) > max_total_bytes:
        raise UploadRefused(
            str(_("上传内容解压后超过 %(limit)d MB，请分批上传。")) % {"limit": max_total_bytes // (1024 * 1024)}
        )
    return sources


def _as_source(item: Source | str | Path | tuple[str, bytes]) -> list[Source]:
    if isinstance(item, Source):
        return [item]
    if isinstance(item, tuple):
        return [Source(item[0], data=item[1])]
    return list(collect_sources([item]))


def read_item(source: Source) -> PreviewItem:
    """Decode and parse one source (no database access)."""
    item = PreviewItem(file=source.name)
    if source.error is not None or source.data is None:
        item.error, item.error_code = source.error or str(_("无法读取文件。")), "unreadable"
        return item
    try:
        text = decode_bytes(source.data, filename=Path(source.name).name)
    except ImportRefused as exc:
        item.error, item.error_code = exc.message, exc.code
        return item
    item.parsed = parse_page(text, filename=Path(source.name.rsplit(":", 1)[-1]).name)
    item.content_hash = content_fingerprint(item.parsed.paragraphs)
    return item


def _day(value: dt.datetime | dt.date | None) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.astimezone(SHANGHAI).date()
    return value


def _day_start(day: dt.date, days_after: int = 0) -> dt.datetime:
    """Midnight at the start of `day` (plus `days_after` days), Shanghai time."""
    return dt.datetime.combine(day + dt.timedelta(days=days_after), dt.time.min, tzinfo=SHANGHAI)


def _newest_first(rows: Iterable[tuple]) -> list[tuple]:
    """Rows of (pk, published_at, ...) in the article list's order: newest first, then the higher id; undated
    last."""
    earliest = dt.datetime.min.replace(tzinfo=SHANGHAI)
    return sorted(rows, key=lambda row: (row[1] is not None, row[1] or earliest, row[0]), reverse=True)


def find_duplicate(parsed: ParsedPage, content_hash: str) -> tuple[int, str] | None:
    """(article id, reason) of a stored article this page duplicates, or None (see :class:`DuplicateIndex`)."""
    item = PreviewItem(file=parsed.file, parsed=parsed, content_hash=content_hash)
    return DuplicateIndex([item]).lookup(parsed, content_hash)


class DuplicateIndex:
    """Stored articles a batch of pages could duplicate, loaded in a few queries and kept up to date.

    Gives the same answers as :func:`find_duplicate` for each page, without a query per page: source
    URLs, (publication day, normalised title) pairs and content fingerprints of the live articles that
    share a key with some page of the batch. Articles created while committing are added with :meth:`add`.
    """

    URL_CHUNK = 500
    DAY_CHUNK = 100

    def __init__(self, items: Iterable[PreviewItem]) -> None:
        from django.db.models import Q

        from news.models import Article

        self.by_url: dict[str, int] = {}
        self.by_title_day: dict[tuple[dt.date | None, str], int] = {}
        self.by_hash: dict[str, int] = {}
        pages = [i for i in items if i.ok and i.parsed.kind != KIND_ACTIVITY_WEEK]
        # Unordered in SQL and put newest first here (the first match wins, as the article list shows them): an
        # ORDER BY made SQLite walk the publication-time index instead of the key's own (135 ms at 100,000).
        live = Article.objects.live().order_by()
        # Source addresses by their stored key (`Article.source_key`, indexed): a substring match on the address
        # read every row.
        keys = sorted({key for i in pages if (key := source_key(i.parsed.source_url))})
        for start in range(0, len(keys), self.URL_CHUNK):
            chunk = keys[start : start + self.URL_CHUNK]
            for pk, _published, key in _newest_first(
                live.filter(source_key__in=chunk).values_list("pk", "published_at", "source_key")
            ):
                self.by_url.setdefault(key, pk)
        days = {_day(i.parsed.published_at) for i in pages if i.parsed.title}
        # Each local day as a range of the indexed publication time: a date cast of every row (`__date`) read the
        # whole table (222 ms at 100,000 articles on SQLite, seconds at a million).
        dated = sorted(d for d in days if d is not None)
        queries = [
            Q(*(Q(published_at__gte=_day_start(d), published_at__lt=_day_start(d, 1)) for d in chunk), _connector=Q.OR)
            for chunk in (dated[start : start + self.DAY_CHUNK] for start in range(0, len(dated), self.DAY_CHUNK))
        ]
        if None in days:
            queries.append(Q(published_at__isnull=True))
        for query in queries:
            rows = live.filter(query).values_list("pk", "published_at", "title")
            for pk, published, title in _newest_first(rows):
                self.by_title_day.setdefault((_day(published), normalize_title(title)), pk)
        hashes = sorted({i.content_hash for i in pages if i.content_hash and i.parsed.paragraphs})
        for start in range(0, len(hashes), 500):
            chunk = hashes[start : start + 500]
            fingerprinted = live.exclude(content_hash="")  # the condition of the fingerprint's partial index
            rows = fingerprinted.filter(content_hash__in=chunk).values_list("pk", "published_at", "content_hash")
            for pk, _published, digest in _newest_first(rows):
                self.by_hash.setdefault(digest, pk)

    def lookup(self, parsed: ParsedPage, content_hash: str) -> tuple[int, str] | None:
        """(article id, reason) of a known article this page duplicates, or None."""
        if is_article_url(parsed.source_url):
            pk = self.by_url.get(source_key(parsed.source_url))
            if pk is not None:
                return pk, DUPLICATE_SOURCE_URL
        if parsed.title:
            pk = self.by_title_day.get((_day(parsed.published_at), normalize_title(parsed.title)))
            if pk is not None:
                return pk, DUPLICATE_TITLE_DATE
        if content_hash and parsed.paragraphs:
            pk = self.by_hash.get(content_hash)
            if pk is not None:
                return pk, DUPLICATE_CONTENT
        return None

    def add(self, pk: int, parsed: ParsedPage, content_hash: str) -> None:
        """Register an article just written from ``parsed`` so later pages of the batch match it."""
        if is_article_url(parsed.source_url):
            self.by_url.setdefault(source_key(parsed.source_url), pk)
        if parsed.title:
            title = parsed.title[:200] or ""
            self.by_title_day.setdefault((_day(_published_datetime(parsed.published_at)), normalize_title(title)), pk)
        if content_hash and parsed.paragraphs:
            self.by_hash.setdefault(content_hash, pk)


def preview(
    files: Iterable[Source | str | Path | tuple[str, bytes]],
    *,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[PreviewItem]:
    """Read, parse and check every page for duplicates; writes nothing.

    ``files`` are paths (files, folders, zips), ``(name, bytes)`` pairs or :class:`Source` objects.
    Pages repeated within the batch are marked as duplicates of the first one (reason ``batch``).
    """
    sources = [s for f in files for s in _as_source(f)]
    items: list[PreviewItem] = []
    for n, source in enumerate(sources, 1):
        items.append(read_item(source))
        if progress:
            progress(n, len(sources), source.name)
    index = DuplicateIndex(items)
    seen: dict[str, str] = {}
    for item in items:
        if item.ok and item.parsed.kind != KIND_ACTIVITY_WEEK:
            found = index.lookup(item.parsed, item.content_hash)
            if found:
                item.duplicate_of, item.duplicate_reason = found
            elif item.content_hash in seen and item.parsed.paragraphs:
                item.duplicate_reason = DUPLICATE_IN_BATCH
            else:
                seen.setdefault(item.content_hash, item.file)
    return items


def blocks_to_html(blocks: Iterable[tuple[str, str]]) -> str:
    """Body HTML: paragraphs as <p>, headings as <h3>, captions as <figure><figcaption> (image to add)."""
    out = []
    for kind, text in blocks:
        if kind == "heading":
            out.append(f"<h3>{escape(text)}</h3>")
        elif kind == "caption":
            out.append(f"<figure><figcaption>{escape(text)}</figcaption></figure>")
        else:
            out.append(f"<p>{escape(text)}</p>")
    return "\n".join(out)


def _published_datetime(value: dt.datetime | dt.date | None) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    # A date alone: keep the day, at midnight in the newsroom's time zone.
    return dt.datetime(value.year, value.month, value.day, tzinfo=SHANGHAI)


def _match_by_name(model, names: Iterable[str], cache: dict | None = None):
    for name in names:
        key = (model, name)
        if cache is not None and key in cache:
            obj = cache[key]
        else:
            obj = model.objects.filter(name=name).first()
            if cache is not None:
                cache[key] = obj
        if obj is not None:
            return obj
    return None


def _article_fields(parsed: ParsedPage, content_hash: str) -> dict[str, Any]:
    return {
        "title": parsed.title[:200] or str(_("（无标题）")),
        "summary": parsed.summary,
        "body": blocks_to_html(parsed.blocks),
        "editor_note": "\n".join(f"<p>{escape(p)}</p>" for p in parsed.editor_note_paragraphs),
        "source": (parsed.source or "")[:120],
        "source_url": (parsed.source_url or "")[:500],
        "published_at": _published_datetime(parsed.published_at),
        "original_text": parsed.original_text,
        "content_hash": content_hash,
    }


def _save_credits(article, parsed: ParsedPage, *, replace: bool = True) -> None:
    from news.models import Credit

    valid = set(Credit.Role.values)
    if replace:
        article.credits.all().delete()
    Credit.objects.bulk_create(
        [
            Credit(article=article, role=role, name=name[:100], order=n)
            for n, (role, name) in enumerate(parsed.credits.items())
            if role in valid and name
        ]
    )


def _save_article(item: PreviewItem, *, user, status: str, column, existing=None, cache: dict | None = None):
    from news import workflow
    from news.models import Article, Region, Topic

    parsed = item.parsed
    fields = _article_fields(parsed, item.content_hash)
    if existing is not None:
        for key, value in fields.items():
            setattr(existing, key, value)
        existing.last_edited_by = user
        existing.save()
        article = existing
    else:
        article = Article(
            **fields,
            status=Article.Status.DRAFT,
            origin=Article.Origin.IMPORTED,
            created_by=user,
            last_edited_by=user,
        )
        article.column = column or _match_by_name(_column_model(), reversed(parsed.column_path), cache)
        region_names = [parsed.region] if parsed.region else []
        article.region = _match_by_name(Region, region_names, cache)
        article.save()
        if parsed.topic:
            topic = _match_by_name(Topic, [parsed.topic], cache)
            if topic is not None:
                article.topics.add(topic)
    _save_credits(article, parsed, replace=existing is not None)
    if existing is None and status == Article.Status.REVIEW:
        # Status changes go through the review chain so the move is permission-checked and recorded.
        workflow.submit(article, by=user)
        article.refresh_from_db()
    return article


def _column_model():
    from news.models import Column

    return Column


def _events_importer() -> Callable[..., Any] | None:
    try:
        from events import importer  # type: ignore[attr-defined]
    except ImportError:
        return None
    return getattr(importer, "save_activity_week", None)


def commit(
    items: Iterable[PreviewItem],
    *,
    user,
    status: str = "draft",
    column=None,
    update_duplicates: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> ImportSummary:
    """Write previewed pages as unpublished imported articles, each in its own transaction.

    ``status`` is ``draft`` or ``review`` (review goes through :func:`news.workflow.submit`, so ``user``
    needs the permission). Duplicates are skipped, or with ``update_duplicates`` the stored article is
    updated when it is not published. Activity-week plans go to ``events.importer.save_activity_week``.
    """
    from news.models import Article

    if status not in (Article.Status.DRAFT, Article.Status.REVIEW):
        raise ValueError(f"status must be draft or review, not {status!r}")
    items = list(items)
    summary = ImportSummary(items=items)
    # Look again at commit time (the preview may be stale), in a few queries for the whole batch.
    index = DuplicateIndex(items)
    cache: dict = {}
    for start in range(0, len(items), COMMIT_CHUNK):
        # Each item is its own savepoint (all of it or nothing of it); the chunk around them saves a
        # database commit per page. A failing item is rolled back alone and the chunk goes on.
        with transaction.atomic():
            for n, item in enumerate(items[start : start + COMMIT_CHUNK], start + 1):
                _commit_one(
                    item,
                    user=user,
                    status=status,
                    column=column,
                    update_duplicates=update_duplicates,
                    index=index,
                    cache=cache,
                )
                if progress:
                    progress(n, len(items), item.file)
    return summary


def _commit_one(
    item: PreviewItem, *, user, status: str, column, update_duplicates: bool, index: DuplicateIndex, cache: dict
) -> None:
    from news.models import Article

    if not item.ok:
        item.result, item.result_detail = "refused", item.error or ""
        return
    parsed = item.parsed
    if parsed.kind == KIND_ACTIVITY_WEEK:
        save = _events_importer()
        if save is None:
            item.result, item.result_detail = "not_imported", "not imported: events importer missing"
            return
        try:
            with transaction.atomic():
                saved = save(parsed, user=user, status=status)
        except Exception as exc:  # a teammate's importer failing must not stop the batch
            item.result, item.result_detail = "not_imported", f"{type(exc).__name__}: {exc}"
            return
        item.result, item.article_id = "event", getattr(saved, "pk", None)
        return
    # The preview may be stale, or an earlier item of this batch matched.
    found = index.lookup(parsed, item.content_hash)
    if found:
        item.duplicate_of, item.duplicate_reason = found
    if item.is_duplicate:
        update = update_duplicates if item.update_existing is None else item.update_existing
        existing = None
        if update and item.duplicate_of is not None:
            existing = Article.objects.live().filter(pk=item.duplicate_of).first()
            # Only drafts are overwritten: a piece in review or published has been read by others.
            if existing is not None and existing.status != Article.Status.DRAFT:
                item.result_detail = str(_("已有稿件不是草稿（%(status)s），不能覆盖，已跳过。")) % {
                    "status": existing.get_status_display()
                }
                existing = None
        if existing is None:
            item.result, item.article_id = "duplicate", item.duplicate_of
            return
        try:
            with transaction.atomic():
                _save_article(item, user=user, status=status, column=column, existing=existing, cache=cache)
        except Exception as exc:  # reported on the item, the batch goes on
            item.result, item.result_detail = "not_imported", f"{type(exc).__name__}: {exc}"
            return
        item.result, item.article_id = "updated", existing.pk
        return
    try:
        with transaction.atomic():
            article = _save_article(item, user=user, status=status, column=column, cache=cache)
    except Exception as exc:  # one bad page must not stop the batch; the reason is reported
        item.result, item.result_detail = "not_imported", f"{type(exc).__name__}: {exc}"
        return
    index.add(article.pk, parsed, item.content_hash)
    item.result, item.article_id = "created", article.pk
