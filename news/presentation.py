"""How a piece is printed: its credit line, its share links and WeChat QR code, its breadcrumb."""

import io
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode

import segno
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from news.models import Article, Credit
from news.navigation import Tree

WEIBO_SHARE = "https://service.weibo.com/share/share.php"


@dataclass(frozen=True)
class CreditEntry:
    label: str
    names: str


def credit_line(article: Article) -> list[CreditEntry]:
    """来源, then the credits in the newsroom's order (作者 编辑 责任编辑 送签 签发 供稿 供图), names joined by 、."""
    entries = []
    if article.source:
        entries.append(CreditEntry(_("来源"), article.source))
    by_role: dict[str, list[str]] = {}
    for credit in article.credits.all():  # prefetched
        name = credit.display_name
        if name and name not in by_role.setdefault(credit.role, []):
            by_role[credit.role].append(name)
    for role in Credit.Role:
        if by_role.get(role.value):
            entries.append(CreditEntry(str(role.label), "、".join(by_role[role.value])))
    return entries


@dataclass(frozen=True)
class Crumb:
    name: str
    url: str


def article_breadcrumb(article: Article, columns: Tree, home_url: str) -> list[Crumb]:
    """首页 › 新闻 › 职教网讯: the column path from the cached tree, no query per level."""
    crumbs = [Crumb(_("首页"), home_url)]
    crumbs += [Crumb(node.name, node.url) for node in columns.ancestors(article.column_id)]
    return crumbs


def weibo_share_url(url: str, title: str) -> str:
    return f"{WEIBO_SHARE}?{urlencode({'url': url, 'title': title})}"


def qr_svg(url: str) -> str:
    """The page's address as an SVG document (a QR code for WeChat), made locally (no third-party service)."""
    return _qr_svg(url, get_language())


@lru_cache(maxsize=256)
def _qr_svg(url: str, language: str) -> str:
    # The language is part of the cache key: the SVG's title is translated.
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        buffer, kind="svg", scale=4, border=2, title=_("用微信扫一扫，分享本文"), svgclass=None, lineclass=None
    )
    return buffer.getvalue().decode()
