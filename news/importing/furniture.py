"""Site furniture: the parts of a scraped Chinese news page that are not the article.

Lines are judged one at a time (:func:`is_furniture`) and some markers end the article
(:func:`is_tail_marker`: latest-article sidebars, related links, copyright footers), so everything
after them is dropped. Patterns cover both simplified and traditional spellings.
"""

from __future__ import annotations

import re

# A line containing one of these is furniture wherever it appears.
_FURNITURE_RE = re.compile(
    r"分享到|分享至|全站搜索|站内搜索|站內搜索|搜索一下|新闻详情|新聞詳情|地方分站|返回顶部|返回頂部|TOP\s*↑|回到顶部"
    r"|版权所有|版權所有|版权声明|版權聲明|ICP备|ICP備|ICP证|ICP證|公网安备|公網安備|新闻热线|新聞熱線|举报电话|舉報電話"
    r"|本文链接|本文鏈接|投稿邮箱|投稿郵箱|投稿信箱|打印本页|打印本頁|关闭窗口|關閉窗口|【?字[号體体]\s*[:：]?\s*[大中小]"
    r"|扫一扫|掃一掃|扫描二维码|掃描二維碼|转载请注明|轉載請注明|Copyright|©|\(c\)\s*\d{4}"
    r"|收藏本站|设为首页|設為首頁|加入收藏|联系我们|聯繫我們|网站地图|網站地圖|浏览次数|瀏覽次數|阅读次数|閱讀次數|点击数|點擊數",
    re.IGNORECASE,
)
# Registration numbers only ever appear in footers.
_REGISTRATION_RE = re.compile(r"ICP[备備证證]\s*\d|公[网網]安[备備]\s*\d")
# Whole-line furniture.
_FURNITURE_LINE_RE = re.compile(
    r"^(?:[-–—•·*]\s*)?(?:首页|首頁|网站首页|網站首頁|正文|上一篇.*|下一篇.*|【?打印】?|【?关闭】?|【?關閉】?|返回|更多.{0,6}|"
    r"相关阅读|相關閱讀|相关新闻|相關新聞|推荐阅读|推薦閱讀|热点新闻|熱點新聞|文章附图|文章附圖|"
    r"微信|微博|QQ空间|QQ空間|收藏|点赞|點讚|评论|評論|搜索|搜 索|登录|登錄|注册|註冊)$"
)
# Markers after which the rest of the page is sidebar or footer.
_TAIL_RE = re.compile(
    r"^(?:最新文章|最新新闻|最新新聞|最新资讯|最新資訊|相关文章|相關文章|相关阅读|相關閱讀|相关新闻|相關新聞|推荐阅读|推薦閱讀"
    r"|热点新闻|熱點新聞|热门文章|熱門文章|猜你喜欢|猜你喜歡|延伸阅读|延伸閱讀|图片新闻|圖片新聞|文章附图|文章附圖"
    r"|上一篇|下一篇|网友评论|網友評論|发表评论|發表評論)"
)
_BREADCRUMB_LABEL_RE = re.compile(
    r"^.{0,4}?(?:当前|當前|现在|現在|所在|您的|您当前的|您當前的|您现在的|您現在的)位置\s*[:：]?\s*"
)
_BREADCRUMB_SEP_RE = re.compile(r"\s*(?:>>|>|›|»|→|＞|/|\\|-&gt;|&gt;)\s*")
_ARROW_RE = re.compile(r"\s*(?:>>|>|›|»|→|＞)\s*")
_SITE_NAME_RE = re.compile(r"(?:网|網|站|频道|頻道)$")
_HOME = {"首页", "首頁", "网站首页", "網站首頁", "主页", "主頁", "正文", "home", "Home"}
# A slogan: two or more short unpunctuated phrases separated by spaces, slashes or dots.
_SLOGAN_RE = re.compile(r"^[\u4e00-\u9fff]{2,8}(?:(?:\s*[/|·•]\s*|\s{2,}|\u3000+)[\u4e00-\u9fff]{2,8})+$")
# A navigation bar: the home link then more short menu entries.
_NAV_RE = re.compile(
    r"^(?:首页|首頁|网站首页|網站首頁)(?:\s*[|｜·•/]\s*|\s+)[^\s|｜]{1,8}(?:(?:\s*[|｜·•/]\s*|\s+)[^\s|｜]{1,8})+$"
)
_LABEL_ONLY_RE = re.compile(r"^[^\s:：]{1,8}[:：]\s*$")


def is_furniture(line: str, *, header: bool = False) -> bool:
    """True when ``line`` is site furniture (navigation, sharing, copyright, hotlines...).

    ``header=True`` also treats slogans and lone labels (``地方分站:``) as furniture: above the
    title they are never content.
    """
    s = line.strip()
    if not s:
        return True
    if _FURNITURE_LINE_RE.match(s) or _REGISTRATION_RE.search(s):
        return True
    # A long sentence that mentions 版权所有 or 联系我们 is body text, not a footer.
    if _FURNITURE_RE.search(s) and not (len(s) > 40 and s.endswith(("。", "！", "？", "”"))):
        return True
    if _NAV_RE.match(s):
        return True
    return bool(header and (_SLOGAN_RE.match(s) or _LABEL_ONLY_RE.match(s)))


def is_tail_marker(line: str) -> bool:
    """True when ``line`` starts a sidebar/footer: nothing after it belongs to the article."""
    return bool(_TAIL_RE.match(line.strip()))


def is_breadcrumb(line: str) -> bool:
    """True for a breadcrumb line (当前位置: 首页 > A > B, or 首页 > A > B)."""
    s = line.strip()
    if _BREADCRUMB_LABEL_RE.match(s):
        return True
    if len(s) > 80:
        return False
    parts = _BREADCRUMB_SEP_RE.split(s)
    if len(parts) >= 2 and parts[0] in _HOME:
        return True
    # "新华网 > 教育 > 正文": three or more short unpunctuated parts joined by arrows (not slashes).
    arrows = _ARROW_RE.findall(s)
    parts = [p.strip() for p in _ARROW_RE.split(s)]
    return len(arrows) >= 2 and all(0 < len(p) <= 12 for p in parts if p) and not re.search(r"[，,。；;！？!?：:]", s)


def parse_breadcrumb(line: str) -> list[str]:
    """Column path from a breadcrumb, without the label, the home link, a leading site name and empty parts."""
    s = _BREADCRUMB_LABEL_RE.sub("", line.strip())
    parts = [p.strip() for p in _BREADCRUMB_SEP_RE.split(s)]
    parts = [p for p in parts if p and len(p) <= 20]
    if parts and _SITE_NAME_RE.search(parts[0]):
        parts = parts[1:]
    return [p for p in parts if p not in _HOME]


_BRACKET_FURNITURE_RE = re.compile(
    r"[【\[](?:纠错|糾錯|打印|关闭|關閉|收藏|返回顶部|返回頂部|推荐|推薦|评论|評論|大|中|小|"
    r"字[体號号體]\s*[:：]?\s*[大中小\s]*)[】\]]"
)


def strip_bracket_furniture(line: str) -> str:
    """Remove bracketed furniture buttons (【纠错】【打印】【关闭】) from a line."""
    return _BRACKET_FURNITURE_RE.sub("", line).strip()
