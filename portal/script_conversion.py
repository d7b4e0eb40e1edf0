"""简/繁: the reader's choice of simplified or traditional characters, applied to the whole page on the fly.

Content is stored once, as written. A reader who picks 繁 gets every public HTML page converted with OpenCC
(s2t) on its way out; one who picks 简 gets traditional source text converted back (t2s); with no choice
made, pages go out as stored and pay nothing. Only human text is converted: text between tags and the
attributes people read (alt, title, aria-label, placeholder, the description metas) — never a script, a
style sheet, a comment, or an address in href/src. The admin is never converted: an editor must see and
save the text as it is stored.
"""

import hashlib
import re
from collections import OrderedDict
from functools import lru_cache
from threading import Lock

import opencc
from django.http import HttpResponseRedirect
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

COOKIE = "script"
TRADITIONAL = "hant"
SIMPLIFIED = "hans"
DIRECTIONS = {TRADITIONAL: "s2t", SIMPLIFIED: "t2s"}
LANG = {TRADITIONAL: "zh-Hant", SIMPLIFIED: "zh-Hans"}
COOKIE_AGE = 365 * 24 * 3600
SKIP_PREFIXES = ("/admin/", "/static/", "/media/")

# Separates the text pieces of one page so OpenCC runs once per page, not once per text node.
SEPARATOR = "\x00"

# Blocks whose content is never converted (scripts, styles, form text, and elements marked translate="no",
# like the 简/繁 switch itself), comments, then any tag.
TOKEN = re.compile(
    r"<!--.*?-->"
    r"|<(script|style|textarea)\b[^>]*>.*?</\1\s*>"
    r"|<(a|span|code)\b[^>]*\btranslate=[\"']no[\"'][^>]*>.*?</\2\s*>"
    r"|<[a-zA-Z/!?][^>]*>",
    re.DOTALL | re.IGNORECASE,
)
READABLE_ATTRIBUTE = re.compile(
    r"""(\s(?:alt|title|aria-label|placeholder|aria-description|data-label-[\w-]+)\s*=\s*)("[^"]*"|'[^']*')""",
    re.IGNORECASE,
)
META_TEXT = re.compile(
    r"""<meta\b[^>]*\b(?:name|property)\s*=\s*["'](?:description|og:title|og:description|og:site_name)["']""",
    re.IGNORECASE,
)
META_CONTENT = re.compile(r"""(\scontent\s*=\s*)("[^"]*"|'[^']*')""", re.IGNORECASE)
HTML_LANG = re.compile(r"""(<html\b[^>]*\blang\s*=\s*["'])[^"']*(["'])""", re.IGNORECASE)
HAS_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=2)
def converter(direction: str) -> opencc.OpenCC:
    """Building a converter loads its dictionaries: once per process and direction."""
    return opencc.OpenCC(direction)


def convert_text(text: str, script: str) -> str:
    return converter(DIRECTIONS[script]).convert(text)


def convert_html(html: str, script: str) -> str:
    """The page with its human text in the chosen script and `<html lang>` saying so."""
    pieces: list[str] = []  # literal parts and placeholders, in order
    texts: list[str] = []  # the parts to convert
    slots: list[int] = []  # where each converted part goes in `pieces`

    def add_text(value: str) -> None:
        if HAS_HAN.search(value):
            slots.append(len(pieces))
            texts.append(value.replace(SEPARATOR, ""))
            pieces.append("")
        else:
            pieces.append(value)

    def add_tag(tag: str) -> None:
        parts = READABLE_ATTRIBUTE.split(tag) if HAS_HAN.search(tag) else [tag]
        if len(parts) > 1:
            # split() with two groups gives [before, name=, "value", between, name=, "value", ..., after]
            for index, part in enumerate(parts):
                if index % 3 == 2:
                    add_text(part)
                else:
                    pieces.append(part)
            return
        if META_TEXT.match(tag):
            match = META_CONTENT.search(tag)
            if match:
                pieces.append(tag[: match.start(2)])
                add_text(match.group(2))
                pieces.append(tag[match.end(2) :])
                return
        pieces.append(tag)

    position = 0
    for match in TOKEN.finditer(html):
        if match.start() > position:
            add_text(html[position : match.start()])
        token = match.group(0)
        if match.group(1) or match.group(2) or token.startswith("<!"):
            pieces.append(token)
        else:
            add_tag(token)
        position = match.end()
    if position < len(html):
        add_text(html[position:])

    if texts:
        converted = convert_text(SEPARATOR.join(texts), script).split(SEPARATOR)
        for slot, value in zip(slots, converted, strict=True):
            pieces[slot] = value
    return HTML_LANG.sub(lambda m: m.group(1) + LANG[script] + m.group(2), "".join(pieces), count=1)


class _PageCache:
    """The last pages converted, by content hash: a cached page read by many 繁 readers converts once."""

    def __init__(self, size: int = 128) -> None:
        self.size = size
        self.items: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self.lock = Lock()

    def get_or_convert(self, content: bytes, charset: str, script: str) -> bytes:
        key = (script, hashlib.blake2b(content, digest_size=16).hexdigest())
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        result = convert_html(content.decode(charset, errors="replace"), script).encode(charset)
        with self.lock:
            self.items[key] = result
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return result


page_cache = _PageCache()


def chosen_script(request) -> str:
    value = request.COOKIES.get(COOKIE, "")
    return value if value in DIRECTIONS else ""


class ScriptConversionMiddleware:
    """Converts public HTML pages to the script in the reader's cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(SKIP_PREFIXES):
            return response
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        # Shared caches must keep the simplified and traditional versions of a page apart.
        patch_vary_headers(response, ["Cookie"])
        script = chosen_script(request)
        if (
            not script
            or response.streaming
            or response.status_code == 304
            or response.has_header("Content-Encoding")  # compressed by an inner middleware: not text to us
            or getattr(response, "is_rendered", True) is False
        ):
            return response
        charset = getattr(response, "charset", None) or "utf-8"
        response.content = page_cache.get_or_convert(response.content, charset, script)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        response.headers.pop("ETag", None)
        return response


def switch_script(request, script: str):
    """/script/hant/?next=/… : remember the choice for a year and go back to the page."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = "/"
    response = HttpResponseRedirect(target)
    if script in DIRECTIONS:
        response.set_cookie(COOKIE, script, max_age=COOKIE_AGE, samesite="Lax", httponly=True)
    else:
        response.delete_cookie(COOKIE, samesite="Lax")
    response["Cache-Control"] = "no-store"
    return response
