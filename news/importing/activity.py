"""Vocational-education activity-week plans (职业教育活动周实施方案).

A plan names a theme (主题:), a date range (``2022 年 5 月 22 日至 28 日``), numbered sections
(一、指导思想和目标 ... 五、工作要求), and in its activities section numbered groups
(``1.参加省级统一活动``, ``2.线上体验活动``, ``3、线下活动``) whose paragraphs start with a short
activity title ending in ``。`` (``线上逛校园。…``, ``(1)能工巧匠在身边。…``). It closes with a
signature (organizer, then a year-month line); what follows is the site's sidebar.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from news.importing.structure import classify_line, is_paragraph_line

if TYPE_CHECKING:
    from news.importing.parse import Line, ParsedPage

_ORG_RE = re.compile(
    r"(?:中心|学校|學校|学院|學院|大学|大學|中学|中學|职中|職中|职教|職教|局|厅|廳|委员会|委員會|办公室|辦公室|协会|協會|集团|集團|公司|部|处|處|院|校)$"
)
_WEEK_RE = re.compile(r"活动周|活動週|活動周")
_PLAN_RE = re.compile(r"方案|安排|计划|計劃|通知")
_RANGE_RE = re.compile(
    r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日?\s*(?:至|到|—|–|-|~|～)\s*"
    r"(?:(?P<y2>\d{4})\s*年\s*)?(?:(?P<m2>\d{1,2})\s*月\s*)?(?P<d2>\d{1,2})\s*日"
)
_THEME_RE = re.compile(r"主题\s*[:：]\s*(?P<theme>.+)$|主題\s*[:：]\s*(?P<theme2>.+)$")
_SIGNATURE_DATE_RE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?$")
_CN_NUM_RE = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]\s*")
# Group titles inside a section: "1.线上体验活动", "3、线下活动", "（一）线上活动".
_ARABIC_NUM_RE = re.compile(r"^(?:\d{1,2}\s*[.、．]|[(（][一二三四五六七八九十]{1,3}[)）])\s*(?P<title>\S.*)$")
_SUB_NUM_RE = re.compile(r"^[(（](?:\d{1,2}|[一二三四五六七八九十]{1,3})[)）]")
_ACTIVITY_RE = re.compile(
    r"^(?:[(（]\d{1,2}[)）]|\d{1,2}\s*[、.．])?\s*(?P<title>[^。，,、；;：:！!？?\s]{2,20})。\s*(?P<desc>.*)$"
)
_ACTIVITIES_SECTION_RE = re.compile(r"活动|活動")
_NOT_ACTIVITIES_RE = re.compile(r"时间|時間|主题|主題")


def looks_like_activity_week(title: str, lines: list[str]) -> bool:
    """True for an activity-week plan: the title names 活动周 and a plan, or the text has both theme and date range."""
    if _WEEK_RE.search(title) and _PLAN_RE.search(title):
        return True
    text = "\n".join(lines[:60])
    return bool(_WEEK_RE.search(title + text) and _THEME_RE.search(text) and _RANGE_RE.search(text))


def activity_mode(group_title: str) -> str | None:
    """``online`` / ``offline`` / ``hybrid`` from a group title, None when it does not say."""
    online = bool(re.search(r"线上|線上|网上|網上|云端|雲端|在线|在線|网络|網絡", group_title))
    offline = bool(re.search(r"线下|線下|现场|現場|实地|實地", group_title))
    if (online and offline) or re.search(r"混合|线上线下|線上線下", group_title):
        return "hybrid"
    if online:
        return "online"
    if offline:
        return "offline"
    return None


def _is_section_title(text: str) -> bool:
    s = text.strip()
    if is_paragraph_line(s) or len(s) > 20 or _ARABIC_NUM_RE.match(s) or _SUB_NUM_RE.match(s):
        return False
    if s[:1].isdigit() or _RANGE_RE.search(s):
        return False
    return not re.search(r"[:：,，。;；]", s)


def _date_range(texts: list[str]) -> tuple[dt.date | None, dt.date | None]:
    ordered = [t for t in texts if re.search(r"时间|時間|日期", t)] + texts
    for t in ordered:
        m = _RANGE_RE.search(t)
        if not m:
            continue
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        y2 = int(m.group("y2") or y)
        mo2 = int(m.group("m2") or mo)
        try:
            return dt.date(y, mo, d), dt.date(y2, mo2, int(m.group("d2")))
        except ValueError:
            continue
    return None, None


def fill_activity_week(page: ParsedPage, content: list[Line]) -> None:
    """Fill the activity-week fields (and paragraphs/headings/blocks) of ``page`` from body lines."""
    lines = list(content)
    # Closing signature: an organisation line followed by a year-month line; the rest is sidebar.
    for i in range(len(lines) - 1, 0, -1):
        if _SIGNATURE_DATE_RE.match(lines[i].text) and len(lines[i - 1].text) <= 30:
            if not is_paragraph_line(lines[i - 1].text):
                page.organizer = lines[i - 1].text
            lines = lines[: i - 1]
            break

    sections: list[tuple[str, list[Line]]] = []
    preamble: list[Line] = []
    for line in lines:
        s = line.text
        if _is_section_title(s):
            title = _CN_NUM_RE.sub("", s).strip()
            if not sections and (title == page.organizer or title == page.title):
                continue
            if not sections and page.organizer is None and not preamble and _ORG_RE.search(s):
                # A bare organisation name under the title, before any section.
                page.organizer = title
                continue
            sections.append((title, []))
        elif sections:
            sections[-1][1].append(line)
        else:
            preamble.append(line)

    page.sections = [t for t, _ in sections]
    texts = [ln.text for ln in lines]
    page.start_date, page.end_date = _date_range(texts)
    for t in texts:
        m = _THEME_RE.search(t)
        if m:
            page.theme = (m.group("theme") or m.group("theme2")).strip().strip('“”"「」')
            break

    blocks: list[tuple[str, str]] = [("paragraph", ln.text) for ln in preamble]
    groups: list[dict[str, Any]] = []
    for title, body in sections:
        blocks.append(("heading", title))
        is_activities = bool(_ACTIVITIES_SECTION_RE.search(title)) and not _NOT_ACTIVITIES_RE.search(title)
        group: dict[str, Any] | None = None
        for ln in body:
            s = ln.text
            num = _ARABIC_NUM_RE.match(s)
            if num and not is_paragraph_line(s) and not re.search(r"[:：]", s):
                blocks.append(("heading", s))
                if is_activities:
                    gtitle = num.group("title").strip()
                    group = {"title": gtitle, "mode": activity_mode(gtitle), "description": "", "activities": []}
                    groups.append(group)
                continue
            kind = (
                "paragraph" if re.search(r"[:：]", s) else classify_line(s, indented=ln.indented, after_paragraph=True)
            )
            blocks.append((kind, s))
            if group is not None and kind == "paragraph":
                m = _ACTIVITY_RE.match(s)
                if m:
                    group["activities"].append({"title": m.group("title"), "description": m.group("desc").strip()})
                else:
                    group["description"] = "\n\n".join(filter(None, [group["description"], s]))
        prose = "\n\n".join(ln.text for ln in body)
        if re.search(r"指导思想|指導思想", title) and not page.guiding:
            page.guiding = prose
        elif re.search(r"宣传|宣傳", title) and not page.publicity:
            page.publicity = prose
        elif re.search(r"要求|保障", title) and not page.requirements:
            page.requirements = prose

    page.activity_groups = groups
    page.blocks = blocks
    page.paragraphs = [t for k, t in blocks if k == "paragraph"]
    page.headings = [t for k, t in blocks if k == "heading"]
    page.captions = [t for k, t in blocks if k == "caption"]
