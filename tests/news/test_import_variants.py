"""Page shapes beyond the five samples: date formats, credit lines, sources, breadcrumbs, pinyin."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from news.importing import parse_page
from news.importing.credits import extract_credits, is_credit_line
from news.importing.dates import SHANGHAI, find_date, parse_date, to_iso
from news.importing.dedupe import content_fingerprint, normalize_title, normalize_url, title_date_key
from news.importing.furniture import is_breadcrumb, is_furniture, parse_breadcrumb
from news.importing.pinyin import TONED_WORD_RE
from news.importing.script import detect_script

BODY = (
    "近日,某职业技术学院组织开展技能竞赛活动,来自全校各专业的三百余名学生参加比赛,展示了扎实的专业技能和良好的精神风貌。\n"
    "学校相关负责人表示,将继续深化产教融合,推动职业教育高质量发展,为地方经济社会发展培养更多高素质技术技能人才。\n"
)


def page(header: str, body: str = BODY, footer: str = "") -> str:
    return "学院举办职业技能竞赛\n" + header + "\n" + body + footer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-02-14 21:21:35", dt.datetime(2020, 2, 14, 21, 21, 35, tzinfo=SHANGHAI)),
        ("2022-04-29 12:39", dt.datetime(2022, 4, 29, 12, 39, tzinfo=SHANGHAI)),
        ("2020年03月27日 10:58", dt.datetime(2020, 3, 27, 10, 58, tzinfo=SHANGHAI)),
        ("发表时间:2022-05-01 09:52", dt.datetime(2022, 5, 1, 9, 52, tzinfo=SHANGHAI)),
        ("发布时间：2021/7/3 8:05", dt.datetime(2021, 7, 3, 8, 5, tzinfo=SHANGHAI)),
        ("2020/02/14", dt.date(2020, 2, 14)),
        ("2020.02.14", dt.date(2020, 2, 14)),
        ("2020年3月7日", dt.date(2020, 3, 7)),
        ("２０２０年０３月２７日　１０：５８", dt.datetime(2020, 3, 27, 10, 58, tzinfo=SHANGHAI)),
        ("日期:2019-12-31", dt.date(2019, 12, 31)),
        ("更新时间 2023-01-02 03:04:05 浏览:12", dt.datetime(2023, 1, 2, 3, 4, 5, tzinfo=SHANGHAI)),
        ("没有日期", None),
        ("2020-02-30", None),
        ("电话 0431-82902222", None),
    ],
)
def test_dates(text, expected):
    assert parse_date(text) == expected


def test_labelled_date_wins():
    assert find_date("2019-01-01 发布时间:2020-02-02").value == dt.date(2020, 2, 2)


def test_iso():
    assert to_iso(dt.datetime(2020, 2, 14, 21, 21, 35, tzinfo=SHANGHAI)) == "2020-02-14T21:21:35+08:00"
    assert to_iso(dt.date(2020, 3, 27)) == "2020-03-27"
    assert to_iso(None) is None


@pytest.mark.parametrize(
    ("header", "published"),
    [
        ("2021年06月01日 09:30 来源:中国职业教育网", "2021-06-01T09:30:00+08:00"),
        ("发布日期：2021-06-01", "2021-06-01"),
        ("时间:2021/06/01 来源:中国职业教育网 作者:张三", "2021-06-01"),
    ],
)
def test_header_dates(header, published):
    p = parse_page(page(header))
    assert p.to_json_dict()["published_at"] == published
    assert "no_date" not in p.warning_codes
    assert len(p.paragraphs) == 2


@pytest.mark.parametrize(
    ("line", "credits"),
    [
        (
            "( 編輯:馮愛齡 送簽:馮愛齡 簽發:徐雅維 )",
            {"editor": "馮愛齡", "submitted_by": "馮愛齡", "signed_off_by": "徐雅維"},
        ),
        ("(编辑:李明 送签:王芳 签发:赵强)", {"editor": "李明", "submitted_by": "王芳", "signed_off_by": "赵强"}),
        ("责任编辑：刘莉", {"responsible_editor": "刘莉"}),
        ("編輯: 金作超 吉网新闻热线:0431-82902222", {"editor": "金作超"}),
        ("作者:张三 编辑:李四", {"author": "张三", "editor": "李四"}),
        ("文/王五 摄影/赵六", {"author": "王五", "photographer": "赵六"}),
        (
            "净月高新区党工委宣传部供稿 供图",
            {"contributor": "净月高新区党工委宣传部", "photographer": "净月高新区党工委宣传部"},
        ),
        ("某某学院供稿", {"contributor": "某某学院"}),
        ("攝影：陳大文", {"photographer": "陳大文"}),
    ],
)
def test_credit_lines(line, credits):
    assert is_credit_line(line)
    assert extract_credits(line)[0] == credits


def test_credits_not_found_in_running_text():
    assert not is_credit_line("学校组织编辑部全体人员学习,文件要求各单位认真落实。")


def test_credits_on_one_footer_line():
    p = parse_page(page("2021-06-01", footer="(作者:张三 编辑:李四 责任编辑:王五)\n"))
    assert p.credits == {"author": "张三", "editor": "李四", "responsible_editor": "王五"}
    assert len(p.paragraphs) == 2


@pytest.mark.parametrize(
    ("footer", "source"),
    [
        ("(来源:中国教育报)\n", "中国教育报"),
        ("（来源：中国教育报）\n", "中国教育报"),
        ("来源：中国教育报\n", "中国教育报"),
        ("來源:中國教育報\n", "中國教育報"),
        ("【来源:教育部网站】\n", "教育部网站"),
    ],
)
def test_source_footer(footer, source):
    p = parse_page(page("2021-06-01", footer=footer))
    assert p.source == source
    assert len(p.paragraphs) == 2
    assert "来源" not in json.dumps(p.to_json_dict(), ensure_ascii=False)


@pytest.mark.parametrize(
    "header",
    [
        "2021-06-01 10:00 来源：中国职业教育网",
        "2021-06-01 10:00 | 来源: 中国职业教育网",
        "2021-06-01 10:00 中国职业教育网",
    ],
)
def test_source_in_header(header):
    assert parse_page(page(header)).source == "中国职业教育网"


def test_glued_url_date_source():
    p = parse_page(page("http://www.example.com.cn2021年06月01日 10:58中国职教网"))
    assert p.source_url == "http://www.example.com.cn"
    assert p.source == "中国职教网"
    assert p.to_json_dict()["published_at"] == "2021-06-01T10:58:00+08:00"


@pytest.mark.parametrize(
    ("line", "path"),
    [
        ("当前位置:首页 > 新闻 > 职教网讯 >", ["新闻", "职教网讯"]),
        ("您当前的位置 :首页 > 政务在线 > 区域模块 > 净月区", ["政务在线", "区域模块", "净月区"]),
        ("当前位置：首页 › 院校动态 › 浙江", ["院校动态", "浙江"]),
        ("您的位置: 网站首页 » 地方动态 » 朝阳区", ["地方动态", "朝阳区"]),
        ("首页 > 新闻中心 > 正文", ["新闻中心"]),
        ("當前位置:首頁 > 新聞 > 地方 > 南陽市", ["新聞", "地方", "南陽市"]),
    ],
)
def test_breadcrumbs(line, path):
    assert is_breadcrumb(line)
    assert parse_breadcrumb(line) == path


@pytest.mark.parametrize(
    ("crumb", "region"),
    [
        ("当前位置:首页 > 地方 > 朝阳区", "朝阳区"),
        ("当前位置:首页 › 院校动态 › 浙江", "浙江"),
        ("当前位置:首页 » 地方 » 鄂尔多斯市 » 伊金霍洛旗", "伊金霍洛旗"),
        ("当前位置:首页 > 新闻 > 职教网讯", None),
        ("当前位置:首页 > 新闻 > 社区", None),
    ],
)
def test_region_from_breadcrumb(crumb, region):
    p = parse_page(crumb + "\n" + page("2021-06-01"))
    assert p.region == region
    assert p.title == "学院举办职业技能竞赛"


def test_topic_from_title_prefix():
    p = parse_page("职教战“疫”|职成司党支部:战“疫”\n2020-02-14\n" + BODY)
    assert p.topic == "职教战“疫”"
    assert parse_page("【院校风采】某学院获奖\n2020-02-14\n" + BODY).topic == "院校风采"
    assert parse_page(page("2020-02-14")).topic is None


@pytest.mark.parametrize(
    "line",
    [
        "分享到:",
        "全站搜索",
        "新闻详情",
        "版權所有 中國教育網",
        "京ICP備18060497號-1",
        "京公网安备11010102006249号",
        "吉网新闻热线:0431-82902222",
        "TOP↑",
        "本文鏈接:",
        "投稿郵箱:a@b.com",
        "【字体：大 中 小】",
        "上一篇:某某新闻",
    ],
)
def test_furniture(line):
    assert is_furniture(line)


def test_header_furniture_and_sidebar_dropped():
    text = (
        "服务职业发展   成就出彩人生\n有思想 / 有温度 / 有品质\n地方分站:\n当前位置:首页 > 新闻\n\n"
        "学院举办职业技能竞赛\n2021-06-01 12:00 来源:中国职教网\n分享到:\n" + BODY + "\n相关新闻\n某校开展活动\n"
        "Copyright © 2021 中国职教网 版权所有\n"
    )
    p = parse_page(text)
    dumped = json.dumps(p.to_json_dict(), ensure_ascii=False)
    for junk in ("服务职业发展", "有温度", "地方分站", "分享到", "相关新闻", "某校开展活动", "版权所有"):
        assert junk not in dumped
    assert len(p.paragraphs) == 2


def test_repeated_title_with_junk_without_breadcrumb():
    text = "学院举办职业技能竞赛 地方-模块 张三 123\n学院举办职业技能竞赛\n2021-06-01\n" + BODY
    p = parse_page(text)
    assert p.title == "学院举办职业技能竞赛"
    assert "模块" not in json.dumps(p.to_json_dict(), ensure_ascii=False)


def test_editor_note_with_signature_end():
    text = page("2021-06-01", body="编者按:这是一段编者按语,介绍专题背景。——编者\n" + BODY)
    p = parse_page(text)
    assert p.editor_note == "这是一段编者按语,介绍专题背景。——编者"
    assert len(p.paragraphs) == 2


def test_lead_summary_labelled():
    p = parse_page(page("2021-06-01", body="摘要:学院举办技能竞赛。\n" + BODY))
    assert p.summary == "学院举办技能竞赛。"
    assert len(p.paragraphs) == 2


def test_headings_and_captions_between_paragraphs():
    body = (
        "  " + BODY.splitlines()[0] + "\n"
        "学院院长王明陪同专家检查实训基地建设工作\n"
        "  精准施策,技能培训提质增效\n"
        "  " + BODY.splitlines()[1] + "\n"
        "图为学生在实训室操作设备\n"
        "一、加强组织领导\n"
        "学校成立领导小组,统筹推进各项工作。\n"
    )
    p = parse_page(page("2021-06-01", body=body))
    assert p.captions == ["学院院长王明陪同专家检查实训基地建设工作", "图为学生在实训室操作设备"]
    assert p.headings == ["精准施策,技能培训提质增效", "一、加强组织领导"]
    assert len(p.paragraphs) == 3
    assert [k for k, _ in p.blocks] == [
        "paragraph",
        "caption",
        "heading",
        "paragraph",
        "caption",
        "heading",
        "paragraph",
    ]


def test_traditional_page_with_pinyin_on_every_field():
    text = (
        "當(dāng)前位置:首頁(yè) > 新聞(wén) > 地方 > 南陽(yáng)市\n"
        "職(zhí)業(yè)教育(yù)活動(dòng)走進(jìn)社區(qū)\n"
        "2021年06月01日 10:58 來(lái)源:中國(guó)教育網(wǎng)\n"
        "近日,南陽(yáng)市職(zhí)業(yè)學(xué)校組織師生走進(jìn)社區(qū),開(kāi)展技能服務(wù)活動(dòng),受到居民好評(píng)。\n"
        "活動(dòng)現(xiàn)場(chǎng),師生為居民提供家電維修、理發(fā)等服務(wù),展示職業(yè)教育成果。\n"
        "( 編(biān)輯(jí):馮愛(ài)齡 簽發(fā):徐雅維 )\n"
    )
    p = parse_page(text)
    data = p.to_json_dict()
    dumped = json.dumps(data, ensure_ascii=False)
    assert not TONED_WORD_RE.search(dumped)
    assert data["title"] == "職業教育活動走進社區"
    assert data["column_path"] == ["新聞", "地方", "南陽市"]
    assert data["region"] == "南陽市"
    assert data["source"] == "中國教育網"
    assert data["credits"] == {"editor": "馮愛齡", "signed_off_by": "徐雅維"}
    assert data["script"] == "traditional"
    assert len(data["paragraphs"]) == 2


def test_activity_week_variant():
    text = (
        "关于开展2023年职业教育活动周的安排\n发布时间:2023-04-20\n"
        "一、活动主题\n主题:技能成就梦想\n二、活动时间\n2023年5月8日至5月14日\n三、活动内容\n"
        "1、线上线下联动活动\n校园开放日。邀请家长和社会人士走进校园,参观实训基地。\n"
        "四、工作要求\n各部门要高度重视,精心组织。\n某某职业学校\n2023年4月\n最新文章\n无关内容\n"
    )
    p = parse_page(text)
    assert p.kind == "activity_week"
    assert p.theme == "技能成就梦想"
    assert (p.start_date, p.end_date) == (dt.date(2023, 5, 8), dt.date(2023, 5, 14))
    assert p.organizer == "某某职业学校"
    assert p.activity_groups == [
        {
            "title": "线上线下联动活动",
            "mode": "hybrid",
            "description": "",
            "activities": [{"title": "校园开放日", "description": "邀请家长和社会人士走进校园,参观实训基地。"}],
        }
    ]
    assert p.requirements == "各部门要高度重视,精心组织。"
    assert "无关内容" not in json.dumps(p.to_json_dict(), ensure_ascii=False)


def test_script_detection():
    assert detect_script("教育部教師司:上好戰疫這堂課") == "traditional"
    assert detect_script("教育部教师司:上好战疫这堂课") == "simplified"
    assert detect_script("") == "simplified"


def test_dedupe_keys():
    assert normalize_title("教育部教師司:上好戰“疫”這堂課") == normalize_title("教育部教师司：上好战“疫” 这堂课")
    assert title_date_key("标题", dt.datetime(2020, 1, 2, 3, 4, tzinfo=SHANGHAI)) == "标题|2020-01-02"
    assert title_date_key("标题", None) == "标题|"
    assert content_fingerprint(["發生以來,", "教師。"]) == content_fingerprint("发生以来 教师")
    assert content_fingerprint(["a"]) != content_fingerprint(["b"])
    assert normalize_url("HTTP://WWW.Example.com/a/#x") == "http://www.example.com/a"
    assert normalize_url(None) == ""


def test_no_title_no_body_warnings():
    p = parse_page("")
    assert {"no_title", "no_body", "no_date"} <= set(p.warning_codes)


def test_school_site_layout():
    text = (
        "首页 | 新闻中心 | 通知公告 | 院校风采\n当前位置：首页 » 新闻中心 » 院校动态\n"
        "某某职业技术学院举行2023届毕业典礼\n"
        "作者：张三　　来源：学院宣传部　　发布时间：2023-06-20 10:30:00　　点击数：1234\n【字体：大 中 小】\n"
        "　　6月19日上午，某某职业技术学院2023届毕业典礼在体育馆隆重举行。"
        "学院领导、教师代表和3000余名毕业生参加典礼。\n"
        "图为毕业典礼现场\n"
        "　　典礼上，院长李四发表讲话，勉励毕业生坚定理想信念，练就过硬本领，在各自岗位上建功立业。\n"
        "　　（通讯员 王五）\n上一篇：学院召开安全工作会议\n"
    )
    p = parse_page(text)
    assert p.title == "某某职业技术学院举行2023届毕业典礼"
    assert p.to_json_dict()["published_at"] == "2023-06-20T10:30:00+08:00"
    assert p.source == "学院宣传部"
    assert p.credits == {"author": "张三"}
    assert p.column_path == ["新闻中心", "院校动态"]
    assert p.captions == ["图为毕业典礼现场"]
    assert p.headings == []
    assert len(p.paragraphs) == 2
    dumped = json.dumps(p.to_json_dict(), ensure_ascii=False)
    for junk in ("通知公告", "点击数", "字体", "通讯员", "上一篇"):
        assert junk not in dumped


def test_news_agency_layout():
    text = (
        "新华网 > 教育 > 正文\n教育部：推动职业教育高质量发展\n2021年10月13日 09:15:22　来源：新华网\n"
        "　　新华社北京10月12日电（记者 赵六）中共中央办公厅、国务院办公厅近日印发了"
        "《关于推动现代职业教育高质量发展的意见》。\n"
        "　　《意见》提出，到2025年，现代职业教育体系基本建成。\n【纠错】 责任编辑： 孙七\n"
    )
    p = parse_page(text)
    assert p.title == "教育部：推动职业教育高质量发展"
    assert p.column_path == ["教育"]
    assert p.source == "新华网"
    assert p.credits == {"responsible_editor": "孙七", "author": "赵六"}
    assert len(p.paragraphs) == 2
    assert "纠错" not in json.dumps(p.to_json_dict(), ensure_ascii=False)


def test_date_above_the_title():
    p = parse_page("[ 2022-09-01 ] 　  浏览次数：56\n学校召开新学期教职工大会\n" + BODY + "（撰稿：办公室）\n")
    assert p.title == "学校召开新学期教职工大会"
    assert p.published_at == dt.date(2022, 9, 1)
    assert p.credits == {"author": "办公室"}
    assert len(p.paragraphs) == 2


@pytest.mark.parametrize(
    ("line", "credits"),
    [
        ("（记者 赵六 通讯员 王五）", {"author": "赵六"}),
        ("（通讯员 王五）", {"author": "王五"}),
        ("摄影 陈七", {"photographer": "陈七"}),
    ],
)
def test_space_separated_credit_labels(line, credits):
    assert is_credit_line(line)
    assert extract_credits(line)[0] == credits


def test_navigation_bar_is_furniture():
    assert is_furniture("首页 | 新闻中心 | 通知公告 | 院校风采")
    assert is_furniture("网站首页 学校概况 机构设置 新闻中心")
    assert not is_furniture("首页设计大赛在我校举行")


def test_sentences_mentioning_furniture_words_stay():
    para = "会上,学校强调要尊重知识产权,对版权所有者的合法权益依法予以保护,并公布了联系我们的方式和投稿邮箱等信息。"
    p = parse_page(page("2021-06-01", body=BODY + para + "\n"))
    assert para in p.paragraphs


def test_sidebar_heading_above_body_does_not_cut_it():
    p = parse_page(page("2021-06-01", body="热点新闻\n" + BODY))
    assert len(p.paragraphs) == 2


def test_activity_week_with_chinese_numbered_groups():
    text = (
        "某职业学校2024年职业教育活动周实施方案\n发布时间：2024-05-01\n"
        "一、活动主题\n主题：技能照亮前程\n二、活动时间\n2024年5月12日—18日\n三、主要活动\n"
        "（一）线上活动\n1.云上看专业。通过短视频展示各专业实训成果。\n2.直播开放课。邀请家长在线观看公开课。\n"
        "（二）线下活动\n1.校园开放日。邀请社会各界走进校园。\n"
        "四、工作要求\n各部门高度重视，认真落实。\n"
    )
    p = parse_page(text)
    assert p.kind == "activity_week"
    assert p.sections == ["活动主题", "活动时间", "主要活动", "工作要求"]
    assert (p.start_date, p.end_date) == (dt.date(2024, 5, 12), dt.date(2024, 5, 18))
    assert p.theme == "技能照亮前程"
    groups = p.to_json_dict()["activity_groups"]
    assert groups == [
        {"title": "线上活动", "mode": "online", "activities": ["云上看专业", "直播开放课"]},
        {"title": "线下活动", "mode": "offline", "activities": ["校园开放日"]},
    ]
