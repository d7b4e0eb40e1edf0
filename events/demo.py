"""Demo content for `load_demo`: the 2022 national week, a province's plan with dated activities, seed 002's plan.

Idempotent: running it twice finds what the first run made.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from events.importer import save_activity_week
from events.models import Activity, ActivityGroup, ActivityWeek, Mode, Status
from news.models import Region


@dataclass
class DemoPlan:
    """The shape of `news.importing.parse.ParsedPage` for a plan, filled with seed 002's contents."""

    title: str = "2022年职业教育活动周实施方案"
    published_at: Any = None
    organizer: str = "易县职教中心"
    theme: str = "技能:让生活更美好"
    start_date: dt.date = dt.date(2022, 5, 22)
    end_date: dt.date = dt.date(2022, 5, 28)
    sections: list = field(
        default_factory=lambda: ["指导思想和目标", "活动时间和主题", "主要活动", "宣传内容", "工作要求"]
    )
    activity_groups: list = field(
        default_factory=lambda: [
            {"title": "参加省级统一活动", "mode": None, "activities": []},
            {
                "title": "线上体验活动",
                "mode": "online",
                "activities": [
                    {"title": "线上逛校园", "description": "以专题片、微视频、云游校园等方式，展示我校优美育人环境。"},
                    {"title": "网上开放日", "description": "开放学校资源，展示学校办学实力。"},
                    {"title": "师生技能展示", "description": "以微视频的形式展示优秀教师、学生技能。"},
                    {"title": "线上主题推介", "description": "以线上论坛、讲座、研讨会等方式开展校企合作主题推介。"},
                ],
            },
            {
                "title": "线下活动",
                "mode": "offline",
                "activities": [
                    {"title": "能工巧匠在身边", "description": "走进本地品牌企业，展示身边大师技艺。"},
                    {"title": "技能服务助力乡村振兴", "description": "开展形式多样的科技培训和科技服务工作。"},
                ],
            },
        ]
    )
    guiding: str = (
        "为深入学习贯彻习近平总书记关于职业教育的重要指示精神和全国职业教育大会精神，"
        "营造全社会关心支持职业教育的良好氛围。"
    )
    publicity: str = "围绕学校的各项重点工作，动员广大师生，统一思想、凝聚人心。\n职业教育方针政策及法律法规。"
    requirements: str = (
        "高度重视，切实加强对此项工作的领导。\n各部门要严格按照上级和学校方案要求，认真组织和落实此项工作。"
    )
    original_text: str = ""
    warnings: list = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.published_at is None:
            self.published_at = timezone.make_aware(dt.datetime(2022, 5, 1, 9, 52))


def _published(**values) -> dict:
    return {"status": Status.PUBLISHED, "published_at": timezone.make_aware(dt.datetime(2022, 5, 1, 9, 0)), **values}


@transaction.atomic
def create_demo_week(parsed: Any | None = None) -> ActivityWeek:
    """The national 2022 week, Hebei's plan under it, and seed 002's plan (from `parsed` or built in), published."""
    national, _created = ActivityWeek.objects.get_or_create(
        title="2022年职业教育活动周", organizer_name="教育部", year=2022, deleted_at=None,
        defaults=_published(
            theme="技能:让生活更美好", slogan="技能成才 强国有我", level=ActivityWeek.Level.NATIONAL,
            start_date=dt.date(2022, 5, 8), end_date=dt.date(2022, 5, 14),
            summary="教育部等部门联合举办2022年职业教育活动周，集中展示职业教育改革发展成果。",
        ),
    )
    hebei = Region.objects.filter(name="河北省").first() or Region.objects.create(
        name="河北省", slug="hebei-events-demo", level=Region.Level.PROVINCE
    )
    province, created = ActivityWeek.objects.get_or_create(
        title="河北省2022年职业教育活动周", organizer_name="河北省教育厅", year=2022, deleted_at=None,
        defaults=_published(
            theme="技能:让生活更美好", level=ActivityWeek.Level.PROVINCIAL, parent=national, region=hebei,
            start_date=dt.date(2022, 5, 22), end_date=dt.date(2022, 5, 28),
        ),
    )
    if created:
        group = ActivityGroup.objects.create(week=province, title="全省统一活动", mode=Mode.ONLINE, order=10)
        Activity.objects.create(
            group=group, title="活动周线上启动仪式", order=10, start_date=dt.date(2022, 5, 22),
            start_time=dt.time(9, 0), end_time=dt.time(10, 30), host="河北省教育厅", location="线上直播",
        )
        Activity.objects.create(
            group=group, title="全省职业院校技能大赛", order=20, mode=Mode.OFFLINE,
            start_date=dt.date(2022, 5, 23), end_date=dt.date(2022, 5, 26), location="石家庄",
        )
    school_week = save_activity_week(parsed or DemoPlan(), status=Status.PUBLISHED)
    if school_week.parent_id is None or school_week.region_id is None:
        school_week.parent = school_week.parent or national
        school_week.region = school_week.region or hebei
        school_week.save(update_fields=["parent", "region"])
    return school_week
