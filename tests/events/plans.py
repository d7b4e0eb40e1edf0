"""A parsed plan shaped like `news.importing.parse.ParsedPage`, with what expected.json says about seed 002."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo


def seed_002_groups() -> list[dict]:
    return [
        {"title": "参加省级统一活动", "mode": None, "activities": []},
        {
            "title": "线上体验活动",
            "mode": "online",
            "activities": [
                {"title": "线上逛校园", "description": "采用线上逛校园的方式，以专题片、微视频、云游校园等方式。"},
                {"title": "网上开放日", "description": "开放学校资源，展示学校办学实力。"},
                {"title": "师生技能展示", "description": "以微视频的形式展示优秀教师、学生技能。"},
                {"title": "线上主题推介", "description": "我校与研究机构和社团组织，以线上论坛等方式开展推介。"},
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


@dataclass
class Plan:
    title: str = "2022年职业教育活动周实施方案"
    published_at: Any = field(default_factory=lambda: dt.datetime(2022, 5, 1, 9, 52, tzinfo=ZoneInfo("Asia/Shanghai")))
    organizer: str | None = "易县职教中心"
    theme: str | None = "技能:让生活更美好"
    start_date: Any = dt.date(2022, 5, 22)
    end_date: Any = dt.date(2022, 5, 28)
    sections: list = field(
        default_factory=lambda: ["指导思想和目标", "活动时间和主题", "主要活动", "宣传内容", "工作要求"]
    )
    activity_groups: list = field(default_factory=seed_002_groups)
    guiding: str = "为深入学习贯彻习近平总书记关于职业教育的重要指示精神。\n结合本校实际，特制订本方案。"
    publicity: str = "围绕学校的各项重点工作，动员广大师生。\n1.职业教育方针政策及法律法规"
    requirements: str = "一、高度重视，切实加强对此项工作的领导。\n二、各处室要根据学校方案要求开展活动。"
    original_text: str = "2022年职业教育活动周实施方案 原文"
    warnings: list = field(default_factory=list)
    kind: str = "activity_week"
