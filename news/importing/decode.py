"""Bytes -> text for scraped pages: UTF-8 (with or without BOM), GB18030/GBK, Big5.

A page is refused (:class:`ImportRefused`) rather than returned as mojibake: empty files, binary data
(NUL or control bytes), and bytes no candidate encoding decodes into plausible Chinese/ASCII text.
"""

from __future__ import annotations

import codecs
import unicodedata
from functools import lru_cache
from pathlib import Path

import charset_normalizer

from news.importing._i18n import _

# Legacy encodings Chinese news sites use; GB18030 is a superset of GBK and GB2312.
LEGACY_ENCODINGS = ("gb18030", "big5", "cp950", "big5hkscs")
MAX_CHAOS = 0.25
MIN_PLAUSIBLE = 0.97
# Share of frequent ideographs a legacy-encoded page must reach (see _legacy_score).
MIN_FREQUENT = 0.85


class ImportRefused(Exception):
    """A file the importer will not read; ``message`` is a human-readable (Chinese) reason."""

    def __init__(self, message: str, *, filename: str = "", code: str = "refused") -> None:
        self.message = message
        self.filename = filename
        self.code = code
        super().__init__(f"{filename}: {message}" if filename else message)


# Kept as an alias: callers may think of it as a decoding failure.
DecodeError = ImportRefused


def _is_plausible_char(c: str) -> bool:
    if c in "\n\r\t":
        return True
    cat = unicodedata.category(c)
    if cat in ("Cc", "Cf", "Co", "Cs", "Cn"):
        return c in "\u200b\u200c\u200d\ufeff"
    return True


@lru_cache(maxsize=65536)
def _is_frequent(c: str) -> bool:
    """In GB2312 level 1 (3755 most used simplified) or Big5 level 1 (5401 most used traditional)."""
    try:
        b = c.encode("gb2312")
        if len(b) == 2 and 0xB0 <= b[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        b = c.encode("big5")
        return len(b) == 2 and 0xA440 <= (b[0] << 8 | b[1]) <= 0xC67E
    except UnicodeEncodeError:
        return False


def _cjk_share(text: str) -> tuple[int, int, int, int]:
    """(CJK ideographs, of which frequent ones, rare/odd characters, non-space characters)."""
    cjk = frequent = rare = total = 0
    for c in text:
        if c.isspace():
            continue
        total += 1
        o = ord(c)
        if 0x4E00 <= o <= 0x9FFF:
            cjk += 1
            frequent += _is_frequent(c)
        elif 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF or 0xE000 <= o <= 0xF8FF:
            rare += 1
        elif unicodedata.category(c).startswith("L") and o > 0x24F and not (0x3000 <= o <= 0x30FF):
            # Letters of unrelated scripts (Hangul, Cyrillic, ...) are what mis-decoded bytes look like.
            rare += 1
    return cjk, frequent, rare, total


def _legacy_score(text: str) -> tuple[float, float]:
    """(ranking score, share of frequent characters among ideographs) of a legacy decoding.

    Bytes decoded with the wrong one of GB18030/Big5 still give ideographs, but mostly rarer ones:
    correctly decoded news text is > 95 % frequent characters, a wrong decoding about 70 %.
    """
    cjk, frequent, rare, total = _cjk_share(text)
    if not total or not cjk:
        return -1.0, 0.0
    ratio = frequent / cjk
    return ratio - 5 * rare / total, ratio


def _plausibility(text: str) -> float:
    if not text:
        return 0.0
    # Judge each distinct character once: a page has a few hundred of them and tens of thousands of characters.
    bad = [c for c in set(text) if not _is_plausible_char(c)]
    if not bad:
        return 1.0
    return 1 - sum(text.count(c) for c in bad) / len(text)


def _check_text(text: str, filename: str, *, legacy: bool) -> str:
    if "\x00" in text or "\ufffd" in text:
        raise ImportRefused(
            str(_("文件含有无法识别的字符，可能是二进制文件或编码错误。")), filename=filename, code="binary"
        )
    if _plausibility(text) < MIN_PLAUSIBLE:
        raise ImportRefused(str(_("文件含有大量控制字符，看起来不是文本文件。")), filename=filename, code="binary")
    if legacy and min(_legacy_score(text)) < MIN_FREQUENT:
        raise ImportRefused(
            str(_("无法可靠地识别文件编码（可能出现乱码），已拒绝导入。")), filename=filename, code="encoding"
        )
    return text


def _refuse_other_cjk_encoding(data: bytes, filename: str) -> None:
    # EUC-KR Hangul rows coincide with GB2312's most frequent rows, so Korean decoded as GBK looks
    # like plausible Chinese; only a detector that reads it as mostly Hangul/kana can tell. Short
    # samples are too ambiguous to judge (a 7-character GBK title can read as Korean).
    guess = charset_normalizer.from_bytes(data).best()
    if guess is None:
        return
    text = str(guess)
    letters = [c for c in text if not c.isspace()]
    foreign = sum(1 for c in letters if "\uac00" <= c <= "\ud7af" or "\u3040" <= c <= "\u30ff")
    if len(letters) >= 16 and foreign >= 0.5 * len(letters):
        raise ImportRefused(
            str(_("文件看起来是韩文或日文编码，不是中文网页，已拒绝导入。")), filename=filename, code="encoding"
        )


def decode_bytes(data: bytes, *, filename: str = "") -> str:
    """Decode a scraped page to text or raise :class:`ImportRefused`.

    Never returns mojibake: legacy encodings are accepted only when the decoded text is made of
    ordinary Chinese/ASCII characters.
    """
    if not data or not data.strip():
        raise ImportRefused(str(_("文件为空。")), filename=filename, code="empty")
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise ImportRefused(
                    str(_("文件带有 Unicode 标记但内容无法解码。")), filename=filename, code="encoding"
                ) from exc
            if not text.strip():
                raise ImportRefused(str(_("文件为空。")), filename=filename, code="empty")
            return _check_text(text, filename, legacy=False)
    if b"\x00" in data:
        raise ImportRefused(str(_("文件含有空字节，是二进制文件而不是网页文本。")), filename=filename, code="binary")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return _check_text(text, filename, legacy=False)

    _refuse_other_cjk_encoding(data, filename)
    candidates: list[tuple[float, str]] = []
    for enc in LEGACY_ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_legacy_score(text)[0], text))
    best = charset_normalizer.from_bytes(data, cp_isolation=["gb18030", "big5", "cp950", "utf_8"]).best()
    if best is not None and best.chaos <= MAX_CHAOS:
        candidates.append((_legacy_score(str(best))[0], str(best)))
    if not candidates:
        raise ImportRefused(
            str(_("无法识别文件编码（不是 UTF-8、GB18030/GBK 或 Big5），已拒绝导入。")),
            filename=filename,
            code="encoding",
        )
    candidates.sort(key=lambda c: c[0], reverse=True)
    return _check_text(candidates[0][1], filename, legacy=True)


def decode_file(path: str | Path) -> str:
    """Read and decode a file with :func:`decode_bytes`."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ImportRefused(
            str(_("无法读取文件：%(error)s")) % {"error": exc.strerror or exc}, filename=p.name
        ) from exc
    return decode_bytes(data, filename=p.name)
