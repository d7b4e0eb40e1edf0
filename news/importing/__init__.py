"""Turn scraped Chinese news pages into structured data.

Public entry points:

- :func:`news.importing.decode.decode_bytes` / :func:`decode_file`: bytes -> text, or :class:`ImportRefused`.
- :func:`news.importing.parse.parse_page`: text -> :class:`ParsedPage`.
- :func:`news.importing.pinyin.clean_pinyin`: strip inline pinyin annotations.
- :mod:`news.importing.dedupe`: normalised titles and content fingerprints.
"""

from news.importing.decode import DecodeError, ImportRefused, decode_bytes, decode_file
from news.importing.parse import ParsedPage, parse_file, parse_page
from news.importing.pinyin import clean_pinyin, strip_pinyin

__all__ = [
    "DecodeError",
    "ImportRefused",
    "ParsedPage",
    "clean_pinyin",
    "decode_bytes",
    "decode_file",
    "parse_file",
    "parse_page",
    "strip_pinyin",
]
