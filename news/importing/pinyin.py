"""Remove inline pinyin annotations such as ``發(fā)生`` -> ``發生``.

Some traditional-Chinese sites print the reading after every character whose form differs from the
simplified one. An annotation is a parenthesised run of pinyin syllables:

- with at least one tone-marked vowel it is always an annotation (no Chinese text puts ``(fā)`` in
  brackets for another reason), wherever it stands;
- without tone marks (neutral tone: ``的(de)``) it is removed only when it directly follows a CJK
  character (or a lost-character ``?``), is lowercase, is a valid syllable, and the text carries
  tone-marked annotations elsewhere: ``(PDF)``, ``(1)``, ``(来源:...)`` or a lone ``(an)`` in an
  ordinary page are left alone.

Characters the scraper lost show up as ``?`` right before an annotation (``日?(bào)``); they are
kept as ``?`` (we cannot know the character) and counted so the caller can warn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
TONE_CHARS = frozenset(TONE_VOWELS + TONE_VOWELS.upper())
_LETTERS = "a-zA-Zü" + TONE_VOWELS + TONE_VOWELS.upper() + "Ü"

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_CJK_RE = re.compile(f"[{_CJK}]")

# One or a few syllables in ASCII or full-width parentheses.
_ANNOTATION_RE = re.compile(
    rf"(?P<before>[{_CJK}?？])?[(（](?P<body>[{_LETTERS}]{{1,6}}(?:[ '][{_LETTERS}]{{1,6}}){{0,3}})[)）]"
)

# Tone-marked syllables left without their opening (or closing) parenthesis.
_STRAY_RE = re.compile(
    rf"(?P<before>[?？])?[(（]?(?P<body>(?<![a-zA-Z])[{_LETTERS}]*[{TONE_VOWELS}][{_LETTERS}]*)[)）]?"
)

_INITIALS = "(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
_FINALS = (
    "(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|üan|van|ai|ei|ao|ou|an|en|er|ia|ie|iu|in|ua|uo|ui|un|"
    "ue|üe|ve|a|o|e|i|u|ü|v|ng|n|m)"
)
_SYLLABLE_RE = re.compile(f"^{_INITIALS}{_FINALS}$")
_TONE_STRIP = str.maketrans(
    {c: b for a, b in zip(("āáǎà", "ēéěè", "īíǐì", "ōóǒò", "ūúǔù", "ǖǘǚǜ"), "aeiouü", strict=True) for c in a}
    | {"ń": "n", "ň": "n", "ǹ": "n", "ḿ": "m"}
)
# Tone-marked pinyin words left anywhere after cleaning (used to verify "no pinyin remains").
TONED_WORD_RE = re.compile(rf"[{_LETTERS}]*[{TONE_VOWELS}][{_LETTERS}]*")


@dataclass(frozen=True)
class PinyinResult:
    """Outcome of :func:`strip_pinyin`: the cleaned text, annotations removed, characters lost."""

    text: str
    removed: int
    lost_characters: int


@lru_cache(maxsize=4096)
def has_tone_marks(text: str) -> bool:
    """True when ``text`` contains a tone-marked pinyin vowel."""
    return any(c in TONE_CHARS for c in text)


@lru_cache(maxsize=4096)
def is_pinyin_syllables(body: str) -> bool:
    """True when ``body`` is one or more (space/apostrophe separated) valid pinyin syllables."""
    parts = re.split(r"[ ']", body.lower().translate(_TONE_STRIP))
    return all(_SYLLABLE_RE.match(p) for p in parts)


def strip_pinyin(text: str) -> PinyinResult:
    """Remove inline pinyin annotations from ``text`` (rules in the module docstring)."""
    if "(" not in text and "（" not in text and not any(c in TONE_CHARS for c in set(text)):
        return PinyinResult(text, 0, 0)
    annotated = any(has_tone_marks(m.group("body")) for m in _ANNOTATION_RE.finditer(text))
    removed = 0
    lost = 0

    def repl(m: re.Match[str]) -> str:
        nonlocal removed, lost
        before = m.group("before") or ""
        body = m.group("body")
        toned = has_tone_marks(body)
        if not is_pinyin_syllables(body) and not toned:
            return m.group(0)
        if not toned and not (annotated and before and body.islower()):
            return m.group(0)
        removed += 1
        if before in ("?", "？"):
            lost += 1
        return before

    cleaned = _ANNOTATION_RE.sub(repl, text)

    def repl_stray(m: re.Match[str]) -> str:
        # A scraper that lost a character often lost the "(" with it: 日?qǐng)?bào)告.
        nonlocal removed, lost
        if not is_pinyin_syllables(m.group("body")):
            return m.group(0)
        removed += 1
        if m.group("before") in ("?", "？"):
            lost += 1
        return m.group("before") or ""

    cleaned = _STRAY_RE.sub(repl_stray, cleaned)
    return PinyinResult(cleaned, removed, lost)


def clean_pinyin(text: str) -> str:
    """Return ``text`` without inline pinyin annotations; real parentheses are kept."""
    return strip_pinyin(text).text
