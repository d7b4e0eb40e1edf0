"""Text processing for search: normalise Chinese, cut it into terms, and highlight matches in a snippet.

Both the index and the query go through `terms()`, so they agree on what a word is:

* OpenCC (t2s) turns traditional characters into simplified ones, so 教師 and 教师 are the same term;
* runs of letters and digits of any script are words; runs holding Chinese characters are cut by jieba
  (search mode for documents: 职业技能 gives 职业, 技能 and 职业技能; precise mode for queries);
* terms are lower-cased and capped in length; punctuation, spaces and emoji are no terms at all.

The terms are stored space-separated; the database's own tokenizer (FTS5 unicode61 or PostgreSQL's
'simple' configuration) then only splits on those spaces.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import opencc
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

# jieba with its dictionary in a shared trie (news/segmenter.py): stock jieba's cuts, without ~60 MB per process.
from news.segmenter import tokenizer as segmenter

MAX_TERM_CHARS = 40
# A run of letters and digits, any script; `_` is a word character for `re` but not for us.
_WORD_RUN = re.compile(r"[^\W_]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_BLOCK_END = re.compile(r"<(?:br|/p|/div|/h[1-6]|/li|/figcaption|/blockquote|/tr|/td|/th)\b[^>]*>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\f\v\u3000]+")
_BLANK_LINES = re.compile(r"\s*\n\s*")


def _opencc_dictionary(name: str) -> dict[str, str]:
    """One of OpenCC's t2s dictionaries (shipped with opencc-python-reimplemented): source → first target."""
    table: dict[str, str] = {}
    path = Path(opencc.__file__).parent / "dictionary" / name
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _tab, targets = line.partition("\t")
        target = targets.split(" ")[0] if targets else ""
        if source and target:
            table[source] = target
    return table


@cache
def _t2s_chars() -> dict[int, str]:
    """OpenCC's traditional → simplified character table as a `str.translate` map.

    Character by character, so the converted text keeps every offset of the original: what highlighting needs.
    """
    return {
        ord(source): target
        for source, target in _opencc_dictionary("TSCharacters.txt").items()
        if len(source) == 1 and len(target) == 1
    }


@cache
def _t2s_phrases() -> tuple[re.Pattern, dict[str, str]]:
    phrases = _opencc_dictionary("TSPhrases.txt")
    pattern = re.compile("|".join(re.escape(phrase) for phrase in sorted(phrases, key=len, reverse=True)))
    return pattern, phrases


def to_simplified(text: str) -> str:
    """Traditional → simplified with OpenCC's t2s dictionaries, as OpenCC applies them: the longest phrase
    first (TSPhrases), then character by character (TSCharacters).

    Done with `re` and `str.translate` rather than the package's pure-Python converter, which is the
    slowest step of indexing; text with nothing to convert (most of it) is returned after one table pass.
    """
    if not text:
        return ""
    table = _t2s_chars()
    converted = text.translate(table)
    if converted == text:
        return text
    pattern, phrases = _t2s_phrases()
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces.append(text[last:match.start()].translate(table))
        pieces.append(phrases[match.group()])
        last = match.end()
    if not pieces:
        return converted
    pieces.append(text[last:].translate(table))
    return "".join(pieces)


def to_simplified_aligned(text: str) -> str:
    """Traditional → simplified, one character for one character (same length, same offsets)."""
    return text.translate(_t2s_chars())


def html_to_text(value: str) -> str:
    """The readable text of stored HTML: tags dropped, entities decoded, one line per block."""
    if not value:
        return ""
    text = html.unescape(strip_tags(_BLOCK_END.sub("\n", value)))
    return _BLANK_LINES.sub("\n", _SPACES.sub(" ", text)).strip()


def _spans(text: str, *, search_mode: bool) -> Iterator[tuple[str, int, int]]:
    """(term, start, end) for every term of `text`, which must already be simplified.

    jieba runs without its HMM guesser, so a text cuts the same way wherever it stands (a query of two
    characters and the same two characters in a sentence). Characters it cannot join into a dictionary word
    (mostly names: 刘 莉) are paired into bigrams (刘莉), so such words still match as a whole; documents keep
    the single characters too, queries only the pairs.
    """
    mode = "search" if search_mode else "default"
    for run in _WORD_RUN.finditer(text):
        word, offset = run.group(), run.start()
        if not _CJK.search(word):
            if len(word) <= MAX_TERM_CHARS:
                yield word.lower(), offset, offset + len(word)
            continue
        singles: list[tuple[str, int, int]] = []
        for piece, start, end in segmenter.tokenize(word, mode=mode, HMM=False):
            if len(piece) == 1 and _CJK.match(piece):
                if singles and singles[-1][2] != start:
                    yield from _pair(singles, offset, keep_singles=search_mode)
                    singles = []
                singles.append((piece, start, end))
                continue
            if singles:
                yield from _pair(singles, offset, keep_singles=search_mode)
                singles = []
            if _WORD_RUN.fullmatch(piece) and len(piece) <= MAX_TERM_CHARS:
                yield piece.lower(), offset + start, offset + end
        if singles:
            yield from _pair(singles, offset, keep_singles=search_mode)


def _pair(singles: list[tuple[str, int, int]], offset: int, *, keep_singles: bool) -> Iterator[tuple[str, int, int]]:
    if len(singles) == 1 or keep_singles:
        for piece, start, end in singles:
            yield piece, offset + start, offset + end
    for (first, start, _end), (second, _start, end) in itertools.pairwise(singles):
        yield first + second, offset + start, offset + end


def document_terms(*texts: str) -> str:
    """The index form of some texts: simplified, segmented for search, space-separated."""
    parts = []
    for text in texts:
        if text:
            parts.extend(term for term, _start, _end in _spans(to_simplified(text), search_mode=True))
    return " ".join(parts)


def document(
    title: str, subtitle: str, summary: str, body_html: str, note_html: str, source: str, credits: str
) -> dict[str, str]:
    """The index entry of one piece: its title terms, the terms of everything else, and that everything else
    as readable text (for snippets). Pure, so rebuilds can run it in worker processes."""
    text = "\n".join(
        part
        for part in (summary.strip(), html_to_text(body_html), html_to_text(note_html), source.strip(), credits)
        if part
    )
    return {"title_terms": document_terms(title, subtitle), "terms": document_terms(text), "text": text}


def documents(sources: list[tuple]) -> list[tuple[object, dict[str, str]]]:
    """`document()` for a batch of (key, title, subtitle, summary, body, note, source, credits) tuples."""
    return [(key, document(*fields)) for key, *fields in sources]


MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 12


@dataclass(frozen=True)
class QueryTerm:
    """One word of a query. Every term must match, as the word itself or, for a long Chinese word, by all of
    its shorter words: 职业教育 also finds 职业教育法, which jieba cuts 职业 / 教育法.

    All of the parts, not their phrase: a phrase makes both engines read the positions of every candidate
    (PostgreSQL re-checks each row's vector), 36 ms for 职业教育 at 100,000 pieces on SQLite against 8 ms; the
    word itself still ranks first, as it matches both ways."""

    word: str
    parts: tuple[str, ...] = ()

    @property
    def is_prefix(self) -> bool:
        return is_prefix_term(self.word)

    @property
    def words(self) -> tuple[str, ...]:
        """What highlighting marks for this term."""
        return (self.word, *self.parts)


def _cover(word: str) -> tuple[str, ...]:
    """The word as consecutive shorter dictionary words (search mode), left to right; () if there is none."""
    pieces = [
        (start, end, piece) for piece, start, end in segmenter.tokenize(word, mode="search") if len(piece) < len(word)
    ]
    parts, position = [], 0
    while position < len(word):
        following = [(end, piece) for start, end, piece in pieces if start == position and len(piece) >= 2]
        if not following:
            return ()
        end, piece = max(following)
        parts.append(piece)
        position = end
    return tuple(parts)


def query_terms(query: str) -> list[QueryTerm]:
    """The distinct terms a query asks for, in order; every one of them must match.

    The query is cut to `MAX_QUERY_CHARS` characters and `MAX_QUERY_TERMS` terms, so a pasted page costs
    no more than a short question. Nothing of the query's syntax survives: operators and quotes are no terms.
    """
    text = to_simplified((query or "")[:MAX_QUERY_CHARS])
    result: list[QueryTerm] = []
    seen: set[str] = set()
    for word, _start, _end in _spans(text, search_mode=False):
        if word in seen:
            continue
        seen.add(word)
        parts = _cover(word) if len(word) > 2 and _CJK.match(word) else ()
        result.append(QueryTerm(word, parts))
        if len(result) >= MAX_QUERY_TERMS:
            break
    return result


def is_prefix_term(term: str) -> bool:
    """A lone Chinese character is no word of its own: it is searched as the start of a word (疫 → 疫情)."""
    return len(term) == 1 and bool(_CJK.match(term))


SNIPPET_CHARS = 120
_MARGIN = 12  # characters of context shown before the first match


def highlight(text: str, terms: Iterable[str], *, length: int | None = None) -> SafeString:
    """Escaped `text` (or a window of `length` characters from it) with the words matching `terms` in <mark>.

    Matching runs on a simplified copy with the same offsets, so traditional text is marked for a
    simplified query; only whole terms (as the index cut them) are marked, never part of a longer word.
    """
    terms = [term for term in terms if term]
    text = text or ""
    if not terms or not text:
        return mark_safe(escape(_clip(text, 0, length)))
    simple = to_simplified_aligned(text)
    lowered = simple.lower()
    if len(lowered) == len(simple):
        simple = lowered
    if length is None:
        return _mark(text, simple, 0, len(text), terms)
    for position in _candidates(simple, terms):
        start = max(0, position - _MARGIN)
        end = min(len(text), start + length)
        marked = _mark(text, simple, start, end, terms)
        if "<mark>" in marked:
            return mark_safe(("…" if start else "") + marked + ("…" if end < len(text) else ""))
    return mark_safe(escape(_clip(text, 0, length)))


def _clip(text: str, start: int, length: int | None) -> str:
    if length is None or len(text) <= start + length:
        return text[start:]
    return text[start:start + length] + "…"


def _candidates(simple: str, terms: list[str], limit: int = 8) -> list[int]:
    """Where the terms occur as substrings, first ones first; jieba then says which are whole words."""
    positions: list[int] = []
    for term in terms:
        start = simple.find(term)
        found = 0
        while start != -1 and found < limit:
            positions.append(start)
            found += 1
            start = simple.find(term, start + 1)
    return sorted(set(positions))[:limit]


def _word_at(simple: str, position: int, term: str) -> tuple[int, int] | None:
    """The span to mark where `term` occurs at `position`, if the segmenter cuts a word there as the index
    does (the term itself, or for a lone Chinese character the word it starts); None if it is part of another
    word. Only a few characters around the occurrence are segmented: context enough, and cheap."""
    low = max(0, position - _NEIGHBOURHOOD)
    high = min(len(simple), position + len(term) + _NEIGHBOURHOOD)
    best = None
    for token, token_start, token_end in _spans(simple[low:high], search_mode=True):
        if token_start + low != position:
            continue
        matches = token == term or (is_prefix_term(term) and token.startswith(term))
        if matches and (best is None or token_end + low > best[1]):
            best = (position, token_end + low)
    return best


_NEIGHBOURHOOD = 8


def _mark(text: str, simple: str, start: int, end: int, terms: list[str]) -> SafeString:
    spans = []
    for term in terms:
        position = simple.find(term, start, end)
        while position != -1:
            span = _word_at(simple, position, term)
            if span is not None and span[1] <= end:
                spans.append(span)
            position = simple.find(term, position + 1, end)
    spans.sort()
    merged: list[list[int]] = []
    for span_start, span_end in spans:
        if merged and span_start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], span_end)
        else:
            merged.append([span_start, span_end])
    pieces, cursor = [], start
    for span_start, span_end in merged:
        pieces.append(escape(text[cursor:span_start]))
        pieces.append("<mark>" + escape(text[span_start:span_end]) + "</mark>")
        cursor = span_end
    pieces.append(escape(text[cursor:end]))
    return mark_safe("".join(pieces))
