"""Publication dates in the forms Chinese news pages print them.

``2020-02-14 21:21:35``, ``2022-04-29 12:39``, ``2020年03月27日 10:58``, ``发表时间:2022-05-01 09:52``,
``2020/02/14``, ``2020.02.14``, a date alone, full-width digits. Times are Asia/Shanghai.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

# 1:1 character mapping so match positions stay valid in the original string.
_FULLWIDTH = str.maketrans("０１２３４５６７８９：－／．　", "0123456789:-/. ")

_DATE_RE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?:(?P<sep>[-/.])\s*(?P<m1>\d{1,2})\s*(?P=sep)\s*(?P<d1>\d{1,2})(?!\d)"
    r"|年\s*(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*[日号])"
    r"(?:\s*(?:T|\s)?\s*(?P<H>\d{1,2})\s*[:时時]\s*(?P<M>\d{2})(?:\s*[:分]\s*(?P<S>\d{2}))?(?!\d))?"
)
_DATE_LABEL_RE = re.compile(r"(?:发布|發布|发表|發表|更新|上传|上傳)?(?:时间|時間|日期)\s*[:：]\s*")


@dataclass(frozen=True)
class DateMatch:
    """A date found in a string: the value and its span in that string."""

    value: dt.datetime | dt.date
    start: int
    end: int


def find_dates(text: str) -> list[DateMatch]:
    """All valid dates / date-times in ``text``, in order."""
    norm = text.translate(_FULLWIDTH)
    found: list[DateMatch] = []
    for m in _DATE_RE.finditer(norm):
        y = int(m.group("y"))
        mo = int(m.group("m1") or m.group("m2"))
        d = int(m.group("d1") or m.group("d2"))
        try:
            day = dt.date(y, mo, d)
        except ValueError:
            continue
        value: dt.datetime | dt.date = day
        if m.group("H") is not None:
            h, mi, s = int(m.group("H")), int(m.group("M")), int(m.group("S") or 0)
            if h < 24 and mi < 60 and s < 60:
                value = dt.datetime(y, mo, d, h, mi, s, tzinfo=SHANGHAI)
            else:
                found.append(DateMatch(day, m.start(), m.start("H")))
                continue
        found.append(DateMatch(value, m.start(), m.end()))
    return found


def find_date(text: str) -> DateMatch | None:
    """The first date in ``text`` (a labelled one such as ``发布时间:`` wins), or None."""
    dates = find_dates(text)
    if not dates:
        return None
    norm = text.translate(_FULLWIDTH)
    for label in _DATE_LABEL_RE.finditer(norm):
        for d in dates:
            if d.start == label.end():
                return d
    return dates[0]


def parse_date(text: str) -> dt.datetime | dt.date | None:
    """The publication date-time in ``text`` as an aware datetime (Asia/Shanghai), a date, or None."""
    m = find_date(text)
    return m.value if m else None


def to_iso(value: dt.datetime | dt.date | None) -> str | None:
    """ISO 8601: ``2020-02-14T21:21:35+08:00`` or ``2020-03-27``; None stays None."""
    if value is None:
        return None
    return value.isoformat()


def strip_date_label(text: str) -> str:
    """Remove date labels (发布时间:, 日期:) from a header line."""
    return _DATE_LABEL_RE.sub(" ", text)
