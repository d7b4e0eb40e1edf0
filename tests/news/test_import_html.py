"""Pages stored as HTML are turned into the text the parser reads."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from news.importing import parse_page
from news.importing.htmltext import html_to_text, looks_like_html

HTML = """<!DOCTYPE html><html><head><title>某学院举办技能竞赛_中国职教网</title><script>var x=1;</script></head>
<body><div class="nav"><a href="/">首页</a> | <a>新闻中心</a> | <a>通知公告</a></div>
<div class="crumb">当前位置：<a>首页</a> &gt; <a>新闻</a> &gt; <a>院校动态</a></div>
<h1>某学院举办技能竞赛</h1><div class="info">2023-05-10 09:00 来源：中国职教网 编辑：张三</div>
<div class="content">
<p>&nbsp;&nbsp;近日，某学院举办职业技能竞赛，来自全校各专业的三百余名学生参加比赛，展示了扎实的专业技能。</p>
<p><img src="a.jpg" alt=""></p><p>学院院长王明陪同专家检查实训基地建设工作</p>
<p>学校相关负责人表示，将继续深化产教融合，推动职业教育高质量发展。</p></div>
<div class="footer">版权所有 © 2023 某学院 京ICP备12345号</div></body></html>"""


def test_html_page():
    assert looks_like_html(HTML)
    p = parse_page(HTML)
    data = p.to_json_dict()
    assert data["title"] == "某学院举办技能竞赛"
    assert data["published_at"] == "2023-05-10T09:00:00+08:00"
    assert data["source"] == "中国职教网"
    assert data["credits"] == {"editor": "张三"}
    assert data["column_path"] == ["新闻", "院校动态"]
    assert data["captions"] == ["学院院长王明陪同专家检查实训基地建设工作"]
    assert len(data["paragraphs"]) == 2
    assert "var x" not in str(data)
    assert "版权所有" not in str(data)


def test_text_is_not_html():
    assert not looks_like_html("标题\n2020-01-01\n正文《通知》要求 a<b 的情况。\n")


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["<p>", "</p>", "<div>", "<br>", "<script>", "</script>", "&gt;", "&#"]),
            st.text(max_size=20),
        ),
        max_size=40,
    )
)
def test_html_to_text_never_crashes(parts):
    html_to_text("".join(parts))
    parse_page("<html>" + "".join(parts))
