"""Inline pinyin annotations are removed; real parentheses stay."""

from __future__ import annotations

import pytest

from news.importing.pinyin import TONED_WORD_RE, clean_pinyin, strip_pinyin


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("發(fā)生", "發生"),
        ("南陽(yáng)市鎮(zhèn)平縣", "南陽市鎮平縣"),
        ("戰(zhàn)“疫”", "戰“疫”"),
        ("綠(lǜ)色", "綠色"),
        ("發（fā）生", "發生"),
        ("這(zhè)個(gè)的(de)", "這個的"),
        ("(來(lái)源:教育部微黨建)", "(來源:教育部微黨建)"),
        ("(1)能工巧匠在身邊", "(1)能工巧匠在身邊"),
        ("《行动计划(2020—2023 年)》", "《行动计划(2020—2023 年)》"),
        ("(即教體局對接縣防疫指揮部)", "(即教體局對接縣防疫指揮部)"),
        ("下载附件(PDF)", "下载附件(PDF)"),
        ("学校(园)", "学校(园)"),
    ],
)
def test_clean(raw, clean):
    assert clean_pinyin(raw) == clean


def test_plain_syllable_only_on_annotated_pages():
    # Without any tone-marked annotation on the page, "(de)" is left alone.
    assert clean_pinyin("系统(an)与(de)") == "系统(an)与(de)"
    assert clean_pinyin("發(fā)的(de)") == "發的"


def test_lost_characters_counted():
    r = strip_pinyin("建立日?qǐng)?bào)告、零報(bào)告制度")
    assert r.text == "建立日??告、零報告制度"
    assert r.lost_characters == 2
    assert not TONED_WORD_RE.search(r.text)


def test_lost_character_with_parenthesis():
    r = strip_pinyin("光明日?(bào)等媒體")
    assert r.text == "光明日?等媒體"
    assert r.lost_characters == 1


def test_nothing_to_do():
    r = strip_pinyin("普通文本,没有注音。")
    assert r.removed == 0
    assert r.lost_characters == 0
