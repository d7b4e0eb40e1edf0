"""Telling body paragraphs, section headings and photo captions apart.

Scraped pages put each block on its own line, so headings and captions are both "short standalone
lines". The rules:

1. A line is a *paragraph* when it ends with sentence punctuation (。！？；…), or is long (> 40 chars).
2. Otherwise it is scored both ways and the higher score wins (a tie or two zero scores: paragraph):

   heading evidence
     - a comma-split parallel structure ``X,Y`` whose two halves are short phrases (2-10 chars),
       the classic Chinese news sub-heading (``一声令下,作战系统迅速激活``) +3
     - a numbering prefix (``一、`` ``(二)`` ``第三``, ``1.``) +3
     - indented like the paragraphs around it +1 (a caption sits flush under its image)
     - short (<= 16 chars) +1

   caption evidence
     - ``图为`` / ``图:`` / ``(图片...)`` prefixes +4
     - an action verb of photo reporting (检查, 陪同, 调研, 慰问, 进行, 出席, 参加, 合影 ...) +2
     - a role/person noun (书记, 主任, 校长, 专家, 领导, 师生 ...) +1
     - no internal punctuation at all and at least 12 chars: a descriptive line, not a phrase pair +1
     - not indented +1 (only counts when the line directly follows a paragraph: image position)
"""

from __future__ import annotations

import re

END_PUNCT = "。！？!?；;…"
_NUMBERED_RE = re.compile(
    r"^(?:[一二三四五六七八九十百]+\s*[、.．]|[(（][一二三四五六七八九十\d]+[)）]|第[一二三四五六七八九十\d]+[部分章节節条條，,、\s]"
    r"|\d{1,2}\s*[、.．](?!\d))"
)
_PARALLEL_RE = re.compile(r"^[^,，;；、:：\s]{2,10}[,，][^,，;；、:：\s]{2,12}$")
_CAPTION_PREFIX_RE = re.compile(r"^(?:图为|圖為|图片|圖片|图\s*[:：]|圖\s*[:：]|[(（]图|[(（]圖|▲|△)")
_CAPTION_VERB_RE = re.compile(
    r"检查|檢查|陪同|调研|調研|视察|視察|慰问|慰問|进行|進行|出席|参加|參加|合影|讲话|講話|授课|授課|指导|指導|参观|參觀"
    r"|察看|看望|走访|走訪|现场|現場|为.{1,10}颁|頒發|颁发|发言|發言|签约|簽約|揭牌|培训|培訓"
)
_PERSON_RE = re.compile(
    r"书记|書記|主任|校长|校長|局长|局長|专家|專家|领导|領導|师生|師生|教师|教師|学生|學生|院长|院長|部长|部長|省长|市长|区长|县长"
)
_INNER_PUNCT_RE = re.compile(r"[,，。;；:：!！?？、“”\"'()（）《》]")


def is_paragraph_line(text: str) -> bool:
    """True when a standalone line reads as a paragraph rather than a heading or caption."""
    s = text.strip()
    return len(s) > 40 or s.endswith(tuple(END_PUNCT)) or (s[-1:] in '”」』"' and s[-2:-1] in END_PUNCT)


def heading_score(text: str, *, indented: bool) -> int:
    """Evidence that a short standalone line is a section heading (see module docstring)."""
    s = text.strip()
    score = 0
    if _PARALLEL_RE.match(s):
        score += 3
    if _NUMBERED_RE.match(s):
        score += 3
    if indented:
        score += 1
    if len(s) <= 16:
        score += 1
    return score


def caption_score(text: str, *, indented: bool, after_paragraph: bool) -> int:
    """Evidence that a short standalone line is a photo caption (see module docstring)."""
    s = text.strip()
    score = 0
    if _CAPTION_PREFIX_RE.match(s):
        score += 4
    if _CAPTION_VERB_RE.search(s):
        score += 2
    if _PERSON_RE.search(s):
        score += 1
    if len(s) >= 12 and not _INNER_PUNCT_RE.search(s):
        score += 1
    if not indented and after_paragraph:
        score += 1
    return score


def classify_line(text: str, *, indented: bool, after_paragraph: bool) -> str:
    """``"paragraph"``, ``"heading"`` or ``"caption"`` for one standalone body line."""
    if is_paragraph_line(text):
        return "paragraph"
    h = heading_score(text, indented=indented)
    c = caption_score(text, indented=indented, after_paragraph=after_paragraph)
    if c > h and c >= 3:
        return "caption"
    if h > c and h >= 2:
        return "heading"
    return "paragraph"
