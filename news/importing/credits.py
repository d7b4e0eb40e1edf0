"""Credits by role: 作者 / 编辑 / 责任编辑 / 送签 / 签发 / 供稿 / 供图 / 摄影.

Two printed forms are understood:

- label first: ``编辑: 金作超``, ``( 編輯:馮愛齡 送簽:馮愛齡 簽發:徐雅維 )``, ``文/张三``, ``作者：李四``;
- name first: ``净月高新区党工委宣传部供稿 供图`` (a bare ``供图`` after a name-first credit reuses that name),
  ``张三 摄``.

A name runs up to the next space, bracket or separator, so trailing furniture on the same line
(``编辑: 金作超 吉网新闻热线:...``) is not taken as part of the name.
"""

from __future__ import annotations

import re

ROLE_LABELS: dict[str, str] = {
    "责任编辑": "responsible_editor",
    "責任編輯": "responsible_editor",
    "编辑": "editor",
    "編輯": "editor",
    "送签": "submitted_by",
    "送簽": "submitted_by",
    "签发": "signed_off_by",
    "簽發": "signed_off_by",
    "作者": "author",
    "记者": "author",
    "記者": "author",
    "撰稿": "author",
    "文": "author",
    "通讯员": "author",
    "通訊員": "author",
    "供稿": "contributor",
    "稿件提供": "contributor",
    "供图": "photographer",
    "供圖": "photographer",
    "摄影": "photographer",
    "攝影": "photographer",
    "图": "photographer",
    "圖": "photographer",
}
ROLES = ("author", "editor", "responsible_editor", "submitted_by", "signed_off_by", "contributor", "photographer")

_LABELS = "|".join(sorted(ROLE_LABELS, key=len, reverse=True))
_SINGLE = ("文", "图", "圖")
_NAME = r"[^\s()（）【】\[\]|｜,，;；:：/]{1,30}"
_BOUNDARY = r"(?:(?<=^)|(?<=[\s(（【\[|｜,，;；]))"
# Label first: 编辑:X, 文/X (single-character labels need ":" or "/").
_PREFIX_RE = re.compile(rf"{_BOUNDARY}(?P<label>{_LABELS})\s*(?P<sep>[:：/／])\s*(?P<name>{_NAME})")
# Name first: X供稿 / X 供图 / bare 供图 after such a credit / X 摄.
_SUFFIX_RE = re.compile(
    rf"{_BOUNDARY}(?P<name>[^\s()（）【】\[\]|｜,，;；:：/]{{2,30}}?)?\s*(?P<label>供稿|供图|供圖|摄影|攝影|摄|攝)(?=$|[\s)）】\]|｜,，;；])"
)
# Multi-character labels may also be followed by a plain space: "（记者 赵六 通讯员 王五）".
_SPACED_LABELS = "|".join(sorted((k for k in ROLE_LABELS if len(k) >= 2), key=len, reverse=True))
_SPACED_RE = re.compile(rf"{_BOUNDARY}(?P<label>{_SPACED_LABELS})[ \u3000]+(?P<name>{_NAME})")
_CREDIT_START_RE = re.compile(rf"^[\s(（【\[]*(?:(?:{_LABELS})\s*[:：/／]|(?:{_SPACED_LABELS})[ \u3000]+\S)")


def _role(label: str) -> str:
    if label in ("摄", "攝"):
        return "photographer"
    return ROLE_LABELS[label]


def extract_credits(line: str) -> tuple[dict[str, str], str]:
    """Credits found in ``line`` (role -> name) and what is left of the line once they are removed."""
    credits: dict[str, str] = {}
    spans: list[tuple[int, int]] = []
    for m in _PREFIX_RE.finditer(line):
        label = m.group("label")
        # "文:" / "图:" are too ambiguous with a colon in running text unless the line starts with them.
        if label in _SINGLE and m.group("sep") in (":", "：") and line[: m.start()].strip(" (（【[") != "":
            continue
        credits.setdefault(_role(label), m.group("name"))
        spans.append(m.span())
    rest = _remove_spans(line, spans)
    if _CREDIT_START_RE.match(line):
        # Space-separated labels only on a line that is itself a credit line, never in running text.
        spans = []
        for m in _SPACED_RE.finditer(rest):
            credits.setdefault(_role(m.group("label")), m.group("name"))
            spans.append(m.span())
        rest = _remove_spans(rest, spans)
    spans = []
    last_name = ""
    for m in _SUFFIX_RE.finditer(rest):
        name = (m.group("name") or "").strip()
        if not name:
            name = last_name
        if not name:
            continue
        last_name = name
        credits.setdefault(_role(m.group("label")), name)
        spans.append(m.span())
    rest = _remove_spans(rest, spans)
    return credits, rest


def _remove_spans(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return text


def is_credit_line(line: str) -> bool:
    """True for a standalone credit line (starts with a role label, or is only name-first credits)."""
    s = line.strip()
    if not s or len(s) > 100:
        return False
    credits, rest = extract_credits(s)
    if not credits:
        return False
    residue = rest.strip(" \u3000()（）【】[]|｜,，;；")
    if _CREDIT_START_RE.match(s):
        # What is left may be more furniture (a hotline), but not a sentence: "(记者 张三)近日,…" is body.
        return len(residue) <= 40 and not re.search(r"[。！？!?]|[，,；;].*[，,；;]", residue)
    return not residue
