"""Scraped news page text -> :class:`ParsedPage`.

The page is read top to bottom:

1. inline pinyin annotations are removed from the whole text (:mod:`news.importing.pinyin`);
2. header: breadcrumb (column path, region), title, then meta lines after the title (date-time,
   source, source URL, credits), skipping site furniture (:mod:`news.importing.furniture`);
3. body: until a sidebar/footer marker; credit and source lines anywhere are parsed out, the 编者按
   block becomes the editor's note, a lead repeating the first paragraph becomes the summary, and
   standalone short lines are told apart as headings or captions (:mod:`news.importing.structure`);
4. activity-week plans (职业教育活动周实施方案) are further split into sections and activity
   groups (:mod:`news.importing.activity`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from news.importing import activity
from news.importing._i18n import _
from news.importing.credits import extract_credits, is_credit_line
from news.importing.dates import find_date, strip_date_label, to_iso
from news.importing.decode import decode_file
from news.importing.furniture import (
    is_breadcrumb,
    is_furniture,
    is_tail_marker,
    parse_breadcrumb,
    strip_bracket_furniture,
)
from news.importing.htmltext import html_to_text, looks_like_html
from news.importing.pinyin import strip_pinyin
from news.importing.script import detect_script
from news.importing.structure import classify_line, is_paragraph_line

KIND_ARTICLE = "article"
KIND_ACTIVITY_WEEK = "activity_week"

_URL_RE = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[A-Za-z0-9._~/?#%&=+;@!$,*-]*)?")
_SOURCE_LABEL_RE = re.compile(r"(?:来源|來源|稿源|出处|出處|转自|轉自|信息来源|信息來源)\s*[:：]\s*")
_SOURCE_LINE_RE = re.compile(
    r"^[\s(（【\[]*(?:来源|來源|稿源|出处|出處|转自|轉自|信息来源|信息來源)\s*[:：]\s*(?P<name>.+?)[\s)）】\]]*$"
)
_META_NOISE_RE = re.compile(
    r"(?:点击|點擊|浏览|瀏覽|阅读|閱讀|访问|訪問|字号|字號|人气|人氣)\s*(?:量|数|數|次数|次數)?\s*[:：]?\s*\d*(?:次)?"
    r"|【?字体\s*[:：]?\s*[大中小\s]+】?|[大中小]\s*[大中小]\s*[大中小]|分享到\s*[:：]?"
)
_NOTE_RE = re.compile(r"^[【\[]?(?:编者按|編者按|编者的话|編者的話|编者注|編者注)[】\]]?\s*[:：]?\s*")
_NOTE_END_RE = re.compile(r"(?:——|--|—)\s*(?:编者|編者)\s*[)）]?$|[(（](?:编者|編者)[)）]$")
_SUMMARY_RE = re.compile(r"^[【\[]?(?:摘要|内容提要|內容提要|导读|導讀|提要)[】\]]?\s*[:：]\s*")
# "新华社北京10月12日电（记者 赵六）": the reporter named in the opening dateline.
_DATELINE_RE = re.compile(r"[(（](?:记者|記者)\s*[:：]?\s*(?P<name>[^()（）:：]{2,30}?)\s*[)）]")
_TOPIC_RE = re.compile(r"^(?P<topic>[^|｜]{2,20}?)\s*[|｜]\s*\S")
_TOPIC_BRACKET_RE = re.compile(r"^【(?P<topic>[^】]{2,12})】")
_REGION_SUFFIX_RE = re.compile(r"^[\u4e00-\u9fff]{1,10}(?:自治区|自治州|自治县|特别行政区|区|县|市|省|州|盟|旗|區|縣)$")
_NOT_REGION = {"社区", "校区", "园区", "专区", "景区", "城区", "小区", "新区", "市区", "社區", "校區", "園區", "專區"}
KNOWN_REGIONS = frozenset(
    [
        "北京",
        "天津",
        "上海",
        "重庆",
        "河北",
        "山西",
        "辽宁",
        "吉林",
        "黑龙江",
        "江苏",
        "浙江",
        "安徽",
        "福建",
        "江西",
        "山东",
        "河南",
        "湖北",
        "湖南",
        "广东",
        "海南",
        "四川",
        "贵州",
        "云南",
        "陕西",
        "甘肃",
        "青海",
        "台湾",
        "内蒙古",
        "广西",
        "西藏",
        "宁夏",
        "新疆",
        "香港",
        "澳门",
        "雄安",
        "兵团",
    ]
)


@dataclass
class Line:
    """One line of the page: stripped text, whether it was indented, its position."""

    text: str
    indented: bool
    index: int


@dataclass
class ParsedPage:
    """Structured content read off one scraped page.

    ``published_at`` is an aware datetime (Asia/Shanghai), a date when the page gives only a date,
    or None. ``blocks`` is the body in reading order as ``(type, text)`` with type ``paragraph``,
    ``heading`` or ``caption``. Activity-week fields are filled only when ``kind == "activity_week"``.
    """

    file: str = ""
    kind: str = KIND_ARTICLE
    title: str = ""
    published_at: dt.datetime | dt.date | None = None
    source: str | None = None
    source_url: str | None = None
    credits: dict[str, str] = field(default_factory=dict)
    column_path: list[str] = field(default_factory=list)
    topic: str | None = None
    region: str | None = None
    summary: str = ""
    editor_note: str = ""
    editor_note_paragraphs: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    blocks: list[tuple[str, str]] = field(default_factory=list)
    script: str = "simplified"
    warnings: list[str] = field(default_factory=list)
    warning_codes: list[str] = field(default_factory=list)
    original_text: str = ""
    lost_characters: int = 0
    # Activity-week plans.
    organizer: str | None = None
    theme: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    sections: list[str] = field(default_factory=list)
    activity_groups: list[dict[str, Any]] = field(default_factory=list)
    guiding: str = ""
    publicity: str = ""
    requirements: str = ""

    def warn(self, code: str, message: str) -> None:
        """Add a warning (stable ``code`` for programs, Chinese ``message`` for editors)."""
        if code not in self.warning_codes:
            self.warning_codes.append(code)
            self.warnings.append(message)

    @property
    def body_text(self) -> str:
        """Body paragraphs joined by blank lines (headings and captions excluded)."""
        return "\n\n".join(self.paragraphs)

    def to_json_dict(self) -> dict[str, Any]:
        """The page as a JSON-serialisable dict (the import preview / ``--json`` shape)."""
        data: dict[str, Any] = {
            "file": self.file,
            "kind": self.kind,
            "title": self.title,
            "published_at": to_iso(self.published_at),
            "source": self.source,
            "source_url": self.source_url,
            "credits": dict(self.credits),
            "column_path": list(self.column_path),
            "topic": self.topic,
            "region": self.region,
            "summary": self.summary,
            "editor_note": self.editor_note,
            "paragraphs": list(self.paragraphs),
            "headings": list(self.headings),
            "captions": list(self.captions),
            "script": self.script,
            "warnings": list(self.warnings),
        }
        if self.kind == KIND_ACTIVITY_WEEK:
            data.update(
                {
                    "organizer": self.organizer,
                    "theme": self.theme,
                    "start_date": to_iso(self.start_date),
                    "end_date": to_iso(self.end_date),
                    "activity_groups": [
                        {"title": g["title"], "mode": g["mode"], "activities": [a["title"] for a in g["activities"]]}
                        for g in self.activity_groups
                    ],
                }
            )
        return data

    def to_json(self) -> str:
        """:meth:`to_json_dict` serialised (UTF-8 characters kept readable)."""
        return json.dumps(self.to_json_dict(), ensure_ascii=False)


def _split_lines(text: str) -> list[Line]:
    lines = []
    for i, raw in enumerate(text.split("\n")):
        stripped = strip_bracket_furniture(raw.strip()) if "【" in raw or "[" in raw else raw.strip()
        lines.append(Line(stripped, indented=bool(stripped) and raw[:1].isspace(), index=i))
    return lines


def _is_meta_line(text: str) -> bool:
    """A header line carrying date/source/credits rather than content."""
    if len(text) > 120 or (is_paragraph_line(text) and len(text) > 60):
        return False
    if _SOURCE_LINE_RE.match(text) or is_credit_line(text):
        return True
    if _URL_RE.fullmatch(text.strip()):
        return True
    m = find_date(text)
    if m is None:
        return False
    rest = _meta_residue(text)
    # "2020年3月1日，学校召开会议。" is a sentence that starts with a date, not a meta line.
    return len(rest) <= 40 and not re.search(r"[。！？!?；;，,]", rest)


def _meta_residue(text: str) -> str:
    m = find_date(text)
    if m:
        text = text[: m.start] + " " + text[m.end :]
    text = strip_date_label(text)
    text = _URL_RE.sub(" ", text)
    _, text = extract_credits(text)
    text = _META_NOISE_RE.sub(" ", text)
    return re.sub(r"[\s|｜/]+", " ", text).strip()


def _parse_meta_line(page: ParsedPage, text: str) -> None:
    m = find_date(text)
    if m is not None:
        if page.published_at is None:
            page.published_at = m.value
        text = text[: m.start] + " " + text[m.end :]
    text = strip_date_label(text)
    url = _URL_RE.search(text)
    if url:
        page.source_url = page.source_url or url.group(0).rstrip(".,;")
        text = text[: url.start()] + " " + text[url.end() :]
    credits, text = extract_credits(text)
    for role, name in credits.items():
        page.credits.setdefault(role, name)
    text = _META_NOISE_RE.sub(" ", text)
    label = _SOURCE_LABEL_RE.search(text)
    if label:
        name = re.split(r"[\s|｜]+", text[label.end() :].strip(), maxsplit=1)[0].strip("()（）【】[]")
        if name and not page.source:
            page.source = name
        return
    tokens = [t for t in re.split(r"[\s|｜/]+", text) if re.search(r"[\u4e00-\u9fff]", t)]
    if tokens and not page.source and len(tokens[0]) <= 30:
        page.source = tokens[0].strip("()（）【】[]")


def _find_title(lines: list[Line], start: int) -> int | None:
    candidates = []
    for i in range(start, len(lines)):
        s = lines[i].text
        if not s or is_furniture(s, header=True) or is_breadcrumb(s) or _is_meta_line(s):
            continue
        if len(s) > 100 or (is_paragraph_line(s) and len(s) > 60) or s.endswith(("。", "；", ";")):
            # The body has begun: a title below its first paragraph would drop that paragraph.
            break
        candidates.append(i)
        if len(candidates) >= 12:
            break
    if not candidates:
        return None
    first = candidates[0]
    # "Title + junk" repeated above the page: the real title is a later line the first one starts with.
    for j in candidates[1:]:
        t = lines[j].text
        if len(t) >= 6 and t != lines[first].text and lines[first].text.startswith(t):
            return j
    return first


def _is_repeated_title(text: str, title: str) -> bool:
    if not title or not text.startswith(title):
        return False
    rest = text[len(title) :]
    # "Title + junk" (site name, column, editor, counter) is separated by a space and is not a sentence.
    return not rest or (len(title) >= 6 and rest[:1].isspace() and not is_paragraph_line(text))


def _detect_region(column_path: list[str]) -> str | None:
    for part in reversed(column_path):
        if part in _NOT_REGION:
            continue
        if _REGION_SUFFIX_RE.match(part) or part in KNOWN_REGIONS:
            return part
    return None


def _detect_topic(title: str) -> str | None:
    m = _TOPIC_RE.match(title) or _TOPIC_BRACKET_RE.match(title)
    return m.group("topic").strip() if m else None


def _starts_alike(lead: str, para: str) -> bool:
    a = re.sub(r"\s+", "", lead)
    b = re.sub(r"\s+", "", para)
    n = min(len(a), 30)
    return n >= 10 and len(b) >= len(a) and b[:n] == a[:n]


def parse_page(text: str, *, filename: str = "") -> ParsedPage:
    """Parse one scraped page (already decoded text) into a :class:`ParsedPage`.

    Never raises on odd input: what cannot be read is reported in ``warnings``.
    """
    page = ParsedPage(file=filename, original_text=text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if looks_like_html(text):
        text = html_to_text(text)
    cleaned = strip_pinyin(text)
    page.lost_characters = cleaned.lost_characters
    lines = _split_lines(cleaned.text)

    # Breadcrumb: only near the top of the page.
    start = 0
    nonblank_seen = 0
    for line in lines:
        if not line.text:
            continue
        nonblank_seen += 1
        if nonblank_seen > 15:
            break
        if is_breadcrumb(line.text):
            page.column_path = parse_breadcrumb(line.text)
            start = line.index + 1
            break

    title_idx = _find_title(lines, start)
    if title_idx is None:
        page.warn("no_title", _("未找到标题。"))
        body_start = start
    else:
        page.title = lines[title_idx].text
        body_start = title_idx + 1
    page.topic = _detect_topic(page.title)
    page.region = _detect_region(page.column_path)

    # Meta lines directly under the title.
    i = body_start
    while i < len(lines):
        s = lines[i].text
        if s and _is_meta_line(s):
            # Before the furniture check: meta lines often carry counters (点击数) or share buttons.
            _parse_meta_line(page, s)
            i += 1
            continue
        if not s or is_furniture(s) or _is_repeated_title(s, page.title):
            i += 1
            continue
        break
    body_start = i
    if page.published_at is None and title_idx is not None:
        # Some layouts print the date above the title.
        for line in lines[start:title_idx]:
            if line.text and _is_meta_line(line.text) and find_date(line.text):
                _parse_meta_line(page, line.text)
                break

    content: list[Line] = []
    for line in lines[body_start:]:
        s = line.text
        if not s:
            continue
        if is_tail_marker(s):
            if content:
                break
            # A sidebar heading above the article: skip it, never cut the body that follows.
            continue
        # Credit lines first: they often carry furniture on the same line (编辑: X 新闻热线:...).
        if is_credit_line(s):
            credits, _rest = extract_credits(s)
            for role, who in credits.items():
                page.credits.setdefault(role, who)
            continue
        if is_furniture(s) or _is_repeated_title(s, page.title):
            continue
        if is_breadcrumb(s):
            if not page.column_path:
                page.column_path = parse_breadcrumb(s)
                page.region = _detect_region(page.column_path)
            continue
        src = _SOURCE_LINE_RE.match(s)
        if src and len(s) <= 60:
            credits, rest = extract_credits(src.group("name"))
            for role, who in credits.items():
                page.credits.setdefault(role, who)
            tokens = rest.split()
            if tokens and not page.source:
                page.source = tokens[0].strip("()（）【】[]")
            continue
        content.append(line)

    if activity.looks_like_activity_week(page.title, [c.text for c in content]):
        page.kind = KIND_ACTIVITY_WEEK
        activity.fill_activity_week(page, content)
    else:
        _fill_article_body(page, content)

    page.script = detect_script(page.title + "".join(page.paragraphs) + page.summary + page.editor_note)
    if page.published_at is None:
        page.warn("no_date", _("页面没有发布日期（no date），请人工补填。"))
    if page.lost_characters:
        page.warn(
            "lost_characters",
            _("抓取时丢失了 %(count)d 个字符（以“?”标出），请对照原网页补全。") % {"count": page.lost_characters},
        )
    if not page.paragraphs:
        page.warn("no_body", _("未找到正文段落。"))
    return page


def _fill_article_body(page: ParsedPage, content: list[Line]) -> None:
    items: list[list[Any]] = []  # [type, text, is_note_start]
    note_start: int | None = None
    prev_type = ""
    for line in content:
        s = line.text
        m = _SUMMARY_RE.match(s)
        if m and not page.summary:
            page.summary = s[m.end() :].strip()
            continue
        m = _NOTE_RE.match(s)
        if m and note_start is None:
            note_start = len(items)
            rest = s[m.end() :].strip()
            if rest:
                items.append(["paragraph", rest])
                prev_type = "paragraph"
            continue
        kind = classify_line(s, indented=line.indented, after_paragraph=prev_type == "paragraph")
        items.append([kind, s])
        prev_type = kind

    lead = next((t for k, t in items[: note_start if note_start is not None else len(items)] if k == "paragraph"), None)
    note: list[str] = []
    if note_start is not None:
        end = note_start + 1
        found = False
        for j in range(note_start, len(items)):
            _k, t = items[j]
            if j > note_start and lead and _starts_alike(lead, t):
                end, found = j, True
                break
            if _NOTE_END_RE.search(t):
                end, found = j + 1, True
                break
        if not found:
            end = min(note_start + 1, len(items))
        note = [t for k, t in items[note_start:end]]
        del items[note_start:end]
    page.editor_note_paragraphs = note
    page.editor_note = "\n\n".join(note)

    paragraphs = [i for i, (k, _t) in enumerate(items) if k == "paragraph"]
    if not page.summary and len(paragraphs) >= 2:
        first = paragraphs[0]
        for j in paragraphs[1:4]:
            if _starts_alike(items[first][1], items[j][1]):
                page.summary = items[first][1]
                del items[first]
                break

    first = next((t for k, t in items if k == "paragraph"), "")
    dateline = _DATELINE_RE.search(first[:80])
    if dateline and "author" not in page.credits:
        page.credits["author"] = dateline.group("name").strip()

    page.blocks = [(k, t) for k, t in items]
    page.paragraphs = [t for k, t in items if k == "paragraph"]
    page.headings = [t for k, t in items if k == "heading"]
    page.captions = [t for k, t in items if k == "caption"]


def parse_file(path: str | Path) -> ParsedPage:
    """Decode and parse a file; raises :class:`news.importing.decode.ImportRefused` when unreadable."""
    p = Path(path)
    return parse_page(decode_file(p), filename=p.name)
