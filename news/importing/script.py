"""Simplified vs traditional Chinese, decided with OpenCC conversions."""

from __future__ import annotations

import re
from functools import lru_cache

from opencc import OpenCC

_CJK_RE = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=2)
def _converter(config: str) -> OpenCC:
    return OpenCC(config)


def to_simplified(text: str) -> str:
    """``text`` converted to simplified Chinese (OpenCC t2s)."""
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    """``text`` converted to traditional Chinese (OpenCC s2t)."""
    return _converter("s2t").convert(text)


def detect_script(text: str) -> str:
    """``"traditional"`` when more characters change under t2s than under s2t, else ``"simplified"``.

    A character that t2s changes is traditional-only; one that s2t changes is simplified-only; the
    many characters shared by both scripts count for neither.
    """
    sample = "".join(_CJK_RE.findall(text))[:5000]
    if not sample:
        return "simplified"
    simp = to_simplified(sample)
    trad = to_traditional(sample)
    n_trad = sum(1 for a, b in zip(sample, simp, strict=False) if a != b)
    n_simp = sum(1 for a, b in zip(sample, trad, strict=False) if a != b)
    return "traditional" if n_trad > n_simp else "simplified"
