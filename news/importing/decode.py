"""Bytes -> text for scraped pages: UTF-8 (with or without BOM), GB18030/GBK, Big5.

A page is refused (:class:`ImportRefused`) rather than returned as mojibake: empty files, binary data
(NUL or control bytes), and bytes no candidate encoding decodes into plausible Chinese/ASCII text.
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import charset_normalizer

from news.importing._i18n import _

# Legacy encodings Chinese news sites use; GB18030 is a superset of GBK and GB2312.
LEGACY_ENCODINGS = ("gb18030", "big5", "cp950", "big5hkscs")
MAX_CHAOS = 0.25
MIN_PLAUSIBLE = 0.97


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


def _cjk_share(text: str) -> tuple[int, int, int]:
    """(common CJK ideographs, rare ideographs/compat/PUA-ish, non-space characters)."""
    common = rare = total = 0
    for c in text:
        if c.isspace():
            continue
        total += 1
        o = ord(c)
        if 0x4E00 <= o <= 0x9FFF:
            common += 1
        elif 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF or 0xE000 <= o <= 0xF8FF:
            rare += 1
        elif unicodedata.category(c).startswith("L") and o > 0x24F and not (0x3000 <= o <= 0x30FF):
            # Letters of unrelated scripts (Hangul, Cyrillic, ...) are what mis-decoded bytes look like.
            rare += 1
    return common, rare, total


def _plausibility(text: str) -> float:
    if not text:
        return 0.0
    good = sum(1 for c in text if _is_plausible_char(c))
    return good / len(text)


def _check_text(text: str, filename: str, *, legacy: bool) -> str:
    if "\x00" in text or "\ufffd" in text:
        raise ImportRefused(
            str(_("文件含有无法识别的字符，可能是二进制文件或编码错误。")), filename=filename, code="binary"
        )
    if _plausibility(text) < MIN_PLAUSIBLE:
        raise ImportRefused(str(_("文件含有大量控制字符，看起来不是文本文件。")), filename=filename, code="binary")
    common, rare, _total = _cjk_share(text)
    if legacy and (common == 0 or rare > max(2, common * 0.05)):
        raise ImportRefused(
            str(_("无法可靠地识别文件编码（可能出现乱码），已拒绝导入。")), filename=filename, code="encoding"
        )
    return text


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

    candidates: list[tuple[float, str]] = []
    for enc in LEGACY_ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        common, rare, total = _cjk_share(text)
        if not total:
            continue
        # Prefer the decoding with most ordinary ideographs and fewest oddities.
        score = (common - 5 * rare) / total
        candidates.append((score, text))
    best = charset_normalizer.from_bytes(data, cp_isolation=["gb18030", "big5", "cp950", "utf_8"]).best()
    if best is not None and best.chaos <= MAX_CHAOS:
        text = str(best)
        common, rare, total = _cjk_share(text)
        if total:
            candidates.append(((common - 5 * rare) / total + 0.01, text))
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
