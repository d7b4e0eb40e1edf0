"""HTML -> the line-per-block text the parser reads.

Scraped pages usually arrive as text already; when a file holds the page's HTML instead, block
elements become line breaks, scripts/styles/forms are dropped and entities are unescaped, so the
header, breadcrumb and furniture rules apply unchanged.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_HTML_RE = re.compile(r"^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<div[\s>]|<p[\s>])", re.I)
_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article",
    "header", "footer", "nav", "aside", "figure", "figcaption", "blockquote", "dd", "dt", "dl", "hr", "title",
    "center", "form", "pre", "main",
}  # fmt: skip
_SKIP = {"script", "style", "noscript", "template", "svg", "iframe", "select", "button", "head"}


def looks_like_html(text: str) -> bool:
    """True when ``text`` is an HTML document or fragment rather than extracted text."""
    if _HTML_RE.match(text):
        return True
    tags = len(re.findall(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?>", text[:20000]))
    return tags >= 10 and tags * 40 > len(text[:20000].splitlines()) * 10


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP and tag != "head":
            self.skip += 1
        if tag == "title":
            self.in_title = True
        if tag in _BLOCK:
            self.parts.append("\n")
        if tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.parts.append(f"\n{alt}\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and tag != "head" and self.skip:
            self.skip -= 1
        if tag == "title":
            self.in_title = False
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        if not self.skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Text of an HTML page, one block per line (the <title> is dropped: the page repeats it)."""
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).rstrip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line.strip() or (out and out[-1].strip()):
            out.append(line)
    return "\n".join(out).strip("\n") + "\n"
