import io

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from news.models import Credit
from tests.factories import (
    ArticleImageFactory,
    ColumnFactory,
    CreditFactory,
    PublishedArticleFactory,
    RegionFactory,
    TopicFactory,
)

COLOURS = [(176, 25, 30), (11, 87, 164), (46, 125, 50), (230, 145, 56), (94, 53, 177), (0, 121, 107)]

TITLES = [
    "职成司党支部：战“疫”，职教人在行动",
    "全国职业院校技能大赛在天津开幕",
    "教育部：推动现代职业教育高质量发展",
    "产教融合共同体建设现场推进会召开",
    "高职扩招专项工作取得积极进展",
    "“双高计划”建设单位中期绩效评价启动",
    "职业教育活动周：技能让生活更美好",
    "多地出台职业院校教师培训新举措",
]


def picture(index: int, width: int = 1200, height: int = 675) -> ContentFile:
    """A simple, distinct picture: a coloured field with a few shapes."""
    image = Image.new("RGB", (width, height), COLOURS[index % len(COLOURS)])
    draw = ImageDraw.Draw(image)
    draw.rectangle([width // 10, height // 5, width // 2, height * 4 // 5], fill=(255, 255, 255))
    draw.ellipse([width * 3 // 5, height // 4, width * 9 // 10, height * 3 // 4], fill=(250, 220, 120))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70)
    return ContentFile(buffer.getvalue(), name=f"pic{index}.jpg")


@pytest.fixture
def site_content(transactional_db, settings):
    """A small but realistic portal: columns with sub-columns, topics, regions, pieces with pictures."""
    settings.ROOT_URLCONF = "tests.browser.urls"
    news = ColumnFactory(name="新闻", slug="news", order=1)
    wire = ColumnFactory(name="职教网讯", slug="zhijiao", parent=news)
    schools = ColumnFactory(name="院校动态", slug="schools", order=2)
    ColumnFactory(name="地方动态", slug="local", order=3)
    ColumnFactory(name="政策文件", slug="policy", order=4)
    topic = TopicFactory(
        name="职教战“疫”", slug="zhanyi", intro="<p>展示职教战线抗击疫情的人物、事件和案例。</p>",
        editor_note="<p>职教强国 关乎你我！</p>", accepts_submissions=True, call_for_contributions="欢迎投稿。",
    )
    TopicFactory(name="职业教育活动周", slug="huodongzhou")
    province = RegionFactory(name="江苏", slug="jiangsu")
    RegionFactory(name="南京", slug="nanjing", parent=province)
    RegionFactory(name="广东", slug="guangdong")
    RegionFactory(name="四川", slug="sichuan")
    now = timezone.now()
    articles = []
    for i in range(32):
        column = [wire, schools, wire, news][i % 4]
        article = PublishedArticleFactory(
            title=TITLES[i % len(TITLES)] + ("" if i < len(TITLES) else f"（{i}）"),
            column=column,
            region=province if i % 3 == 0 else None,
            pinned=i == 0,
            featured=i < 5,
            source="教育部微党建" if i % 2 == 0 else "中国职业教育网",
            summary="一个支部就是一座堡垒，一名党员就是一面旗帜。新冠肺炎疫情发生以来，职成司党支部充分发挥战斗堡垒作用。",
            editor_note="<p>职教强国 关乎你我！当下正值非常时期，职业教育要勇于担当，不负使命。</p>" if i == 0 else "",
            body=(
                "<p>新冠肺炎疫情发生以来，职业教育与成人教育司党支部坚决贯彻落实重要指示精神，"
                "充分发挥党支部的战斗堡垒作用和党员的先锋模范作用，做好职教战线疫情防控工作。</p>"
                "<h2>闻令而动，做好疫情防控的“战斗员”</h2>"
                "<p>印发通知，指导各地制订防控方案，做好延期开学、调整教育教学等安排。建立“日报告、零报告”制度，"
                "每天收集汇总各地各校疫情信息和工作进展。</p>"
                "<p>鼓励职业院校教师主动与学生建立网上沟通机制，大力推广网络教学，做到“停课不停教，停课不停学”。</p>"
            ),
            published_at=now - timezone.timedelta(hours=i * 5 + 1),
        )
        if i < 6:
            article.cover_image.save(f"cover{i}.jpg", picture(i))
        if i % 2 == 0:
            article.topics.add(topic)
        article.tags.add("疫情防控", "职业院校")
        articles.append(article)
    lead = articles[0]
    for order, (role, name) in enumerate(
        [(Credit.Role.AUTHOR, "张三"), (Credit.Role.EDITOR, "赵六"), (Credit.Role.RESPONSIBLE_EDITOR, "刘莉"),
         (Credit.Role.SIGNED_OFF_BY, "钱七"), (Credit.Role.PHOTOGRAPHER, "王五")]
    ):
        CreditFactory(article=lead, role=role, name=name, order=order)
    ArticleImageFactory(
        article=lead, image=picture(7, 900, 600), caption="学生在实训车间操作数控机床", alt_text="实训车间里的学生"
    )
    return {"lead": lead, "news": news, "wire": wire, "topic": topic, "province": province}
