"""Demo content for `make demo`: the newsroom's structure, one account per role, and the seed pages.

Safe to run twice: everything is looked up by a natural key before it is created.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import transaction

from news import roles
from news.models import Column, Region, School, Topic

DEMO_PASSWORD = "zhijiao-demo-2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    name: str
    role: str | None
    superuser: bool = False


ACCOUNTS = [
    DemoAccount("bianji", "王编辑", roles.EDITOR),
    DemoAccount("shenhe", "李审核", roles.REVIEWER),
    DemoAccount("qianfa", "张签发", roles.SIGNER),
    DemoAccount("guanli", "赵管理", roles.SITE_ADMIN),
    DemoAccount("admin", "系统管理员", None, superuser=True),
]

COLUMNS = [
    ("新闻", "xinwen", None),
    ("职教网讯", "zhijiao-wangxun", "xinwen"),
    ("院校动态", "yuanxiao-dongtai", "xinwen"),
    ("政务在线", "zhengwu-zaixian", None),
    ("区域模块", "quyu-mokuai", "zhengwu-zaixian"),
    ("净月区", "jingyue-qu", "quyu-mokuai"),
    ("活动周", "huodongzhou", None),
]

REGIONS = [
    ("吉林省", "jilin", None, Region.Level.PROVINCE),
    ("长春市", "changchun", "jilin", Region.Level.CITY),
    ("净月区", "jingyue", "changchun", Region.Level.DISTRICT),
    ("河北省", "hebei", None, Region.Level.PROVINCE),
    ("保定市", "baoding", "hebei", Region.Level.CITY),
    ("易县", "yixian", "baoding", Region.Level.DISTRICT),
    ("河南省", "henan", None, Region.Level.PROVINCE),
    ("南阳市", "nanyang", "henan", Region.Level.CITY),
    ("镇平县", "zhenping", "nanyang", Region.Level.DISTRICT),
]

SCHOOLS = [
    ("易县职教中心", "yixian", School.Level.SECONDARY, ""),
    ("长春职业技术学院", "changchun", School.Level.HIGHER, ""),
    ("南阳职业学院", "nanyang", School.Level.HIGHER, ""),
]

TOPICS = [
    (
        "职教战“疫”",
        "zhijiao-zhanyi",
        "<p>展示职教战线抗击疫情的人物、事件和案例，为抗疫声援，为职教发声。</p>",
        "<p>职教强国，关乎你我！期待更多职业院校投稿。</p>",
    ),
    (
        "2022年职业教育活动周",
        "huodongzhou-2022",
        "<p>技能：让生活更美好。</p>",
        "",
    ),
]


def seeds_dir() -> Path:
    return Path(settings.SEEDS_DIR)


@transaction.atomic
def create_structure() -> None:
    columns: dict[str, Column] = {}
    for order, (name, slug, parent) in enumerate(COLUMNS):
        columns[slug], _ = Column.objects.update_or_create(
            slug=slug, defaults={"name": name, "parent": columns.get(parent), "order": order}
        )
    regions: dict[str, Region] = {}
    for order, (name, slug, parent, level) in enumerate(REGIONS):
        regions[slug], _ = Region.objects.update_or_create(
            slug=slug, defaults={"name": name, "parent": regions.get(parent), "level": level, "order": order}
        )
    for name, region, level, website in SCHOOLS:
        School.objects.update_or_create(
            name=name, defaults={"region": regions[region], "level": level, "website": website}
        )
    for order, (name, slug, intro, note) in enumerate(TOPICS):
        Topic.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name, "intro": intro, "editor_note": note, "order": order,
                "accepts_submissions": True,
                "call_for_contributions": "欢迎各职业院校通过投稿页面提交稿件。",
            },
        )


def create_accounts() -> list[DemoAccount]:
    for account in ACCOUNTS:
        user, _ = User.objects.get_or_create(username=account.username)
        user.first_name = account.name
        user.email = f"{account.username}@zhijiao.local"
        user.is_staff = True
        user.is_superuser = account.superuser
        user.set_password(DEMO_PASSWORD)
        user.save()
        if account.role:
            user.groups.set([Group.objects.get(name=account.role)])
    return ACCOUNTS


def _placeholder_image(caption: str, index: int) -> bytes:
    """A calm gradient picture standing in for a news photo the seed pages only describe."""
    import io

    from PIL import Image, ImageDraw

    width, height = 960, 600
    palettes = [((164, 22, 26), (234, 179, 8)), ((11, 87, 164), (125, 211, 252)), ((21, 128, 61), (190, 242, 100))]
    top, bottom = palettes[index % len(palettes)]
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        draw.line([(0, y), (width, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def import_seed_pages(stdout=None) -> list:
    """Import the seed pages through the real import path, then take each through the review chain."""
    from django.core.files.base import ContentFile

    from news.importing import pipeline
    from news.models import Article, ArticleImage

    directory = seeds_dir()
    if not directory.is_dir():
        if stdout:
            stdout.write(f"seed pages not found at {directory}; skipping")
        return []
    users = {account.username: User.objects.get(username=account.username) for account in ACCOUNTS}
    items = pipeline.preview(sorted(directory.glob("*.txt")))
    pipeline.commit(items, user=users["bianji"], status="draft")
    fallback = Column.objects.get(slug="zhijiao-wangxun")
    published = []
    for item in items:
        if item.result == "event":
            week = _publish_week(item.parsed, users)
            if week is not None:
                published.append(week)
            continue
        if item.result != "created" or item.article_id is None:
            continue
        article = Article.objects.get(pk=item.article_id)
        if article.column_id is None:
            article.column = fallback
            article.save(update_fields=["column"])
        for index, caption in enumerate(item.parsed.captions):
            picture = ArticleImage(article=article, caption=caption, alt_text=caption, order=index)
            picture.image.save(f"demo-{article.pk}-{index}.jpg", ContentFile(_placeholder_image(caption, index)))
        if item.parsed.captions and not article.cover_image:
            article.cover_image.save(f"cover-{article.pk}.jpg", ContentFile(_placeholder_image("", article.pk)))
        article.tags.add("疫情防控", "职业教育")
        _through_the_chain(article, users)
        published.append(article)
    return published


def _through_the_chain(piece, users) -> None:
    from news import workflow

    if piece.status == "draft":
        workflow.submit(piece, by=users["bianji"])
    for _level in range(piece.review_level, workflow.review_levels()):
        workflow.approve(piece, by=users["shenhe"], comment="同意")
    workflow.sign_off(piece, by=users["qianfa"], published_at=piece.published_at)


def _publish_week(parsed, users):
    """The seed plan, placed under the national and provincial weeks the events demo builds."""
    from events.demo import create_demo_week

    week = create_demo_week(parsed)
    if week.status == "published":
        return None
    _through_the_chain(week, users)
    return week
