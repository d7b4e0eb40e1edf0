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
    return Path(getattr(settings, "SEEDS_DIR", settings.BASE_DIR.parent / "shared" / "seeds"))


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
