"""Simplified vs traditional Chinese, decided with OpenCC conversions.

:func:`to_simplified` / :func:`to_traditional` convert phrase by phrase (OpenCC's full chain, slow in
pure Python); :func:`simplify_chars` and :func:`detect_script` use OpenCC's character tables alone,
which is what matching keys and script detection need, at a fraction of the cost.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import opencc

# The converters the 简/繁 middleware holds: one copy of OpenCC's tables per process (s2t alone is ~11 MB).
from portal.script_conversion import converter as _converter

_CJK_RE = re.compile(r"[\u4e00-\u9fff]")


def to_simplified(text: str) -> str:
    """``text`` converted to simplified Chinese (OpenCC t2s)."""
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    """``text`` converted to traditional Chinese (OpenCC s2t)."""
    return _converter("s2t").convert(text)


@lru_cache(maxsize=2)
def _char_table(filename: str) -> dict[int, str]:
    """OpenCC's character dictionary as a ``str.translate`` table (first candidate, changed characters only)."""
    table: dict[int, str] = {}
    path = Path(opencc.__file__).parent / "dictionary" / filename
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _tab, targets = line.partition("\t")
        target = targets.split(" ", 1)[0]
        if len(source) == 1 and target and target != source:
            table[ord(source)] = target
    return table


@lru_cache(maxsize=2)
def _changed_chars(filename: str) -> frozenset[str]:
    """The characters the table changes (traditional-only for t2s, simplified-only for s2t)."""
    return frozenset(chr(c) for c in _char_table(filename))


def simplify_chars(text: str) -> str:
    """``text`` with every traditional character replaced by its usual simplified form (no phrase rules)."""
    return text.translate(_char_table("TSCharacters.txt"))


def detect_script(text: str) -> str:
    """``"traditional"`` when more characters are traditional-only than simplified-only, else ``"simplified"``.

    A character that t2s changes is traditional-only; one that s2t changes is simplified-only; the
    many characters shared by both scripts count for neither.
    """
    sample = "".join(_CJK_RE.findall(text))[:5000]
    if not sample:
        return "simplified"
    unique = set(sample)
    n_trad = sum(sample.count(c) for c in unique & _changed_chars("TSCharacters.txt"))
    n_simp = sum(sample.count(c) for c in unique & _changed_chars("STCharacters.txt"))
    return "traditional" if n_trad > n_simp else "simplified"
