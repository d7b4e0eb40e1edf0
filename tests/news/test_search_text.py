"""Normalisation, segmentation and highlighting, without a database."""

import pytest

from news.search_text import (
    MAX_QUERY_CHARS,
    MAX_QUERY_TERMS,
    document_terms,
    highlight,
    html_to_text,
    query_terms,
    to_simplified,
)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("新冠肺炎疫情发生以来，职教战线坚守岗位", "疫情"),
        ("全国职业院校技能大赛在天津开幕", "技能"),
        ("职业技能等级证书", "技能"),
        ("教师节前夕表彰优秀教师", "教师"),
        ("高职教师参加培训", "教师"),
        ("双师型教师队伍建设", "教师"),
        ("中华人民共和国职业教育法", "教育"),
        ("中华人民共和国职业教育法", "人民"),
    ],
)
def test_two_character_words_are_terms_of_the_text(text, word):
    assert word in document_terms(text).split()
    assert words(word) == [word]


def words(query):
    return [term.word for term in query_terms(query)]


def test_a_long_query_word_may_also_match_as_the_phrase_of_its_parts():
    (term,) = query_terms("职业院校")
    assert term.word == "职业院校"
    assert term.parts == ("职业", "院校")
    # jieba cuts 职业院校 out of this text differently, yet its parts follow each other.
    assert "职业 院校" in document_terms("全国职业院校技能大赛")


def test_traditional_text_is_indexed_in_simplified_characters():
    terms = document_terms("全國優秀教師代表發言，職業技能大賽").split()
    assert {"教师", "职业", "技能", "大赛"} <= set(terms)
    assert words("教師") == ["教师"]


def test_latin_words_are_lower_cased_and_kept_whole():
    assert document_terms("COVID-19 与 5G 网络").split() == ["covid", "19", "与", "5g", "网络"]
    assert words("Café") == ["café"]


def test_query_syntax_and_punctuation_are_not_terms():
    expected = ["教师", "and", "技能", "near", "a", "b", "col", "x", "or"]
    assert words('"教师" AND -技能* NEAR(a b) col:x ^ OR') == expected
    assert query_terms('"" * - : () ^ 😀 ——') == []


def test_queries_are_capped():
    assert len(query_terms("教师 技能 " * 5000)) <= MAX_QUERY_TERMS
    long_word = "a" * (MAX_QUERY_CHARS * 10)
    assert query_terms(long_word) == []  # a 2000-letter "word" is no term


def test_html_to_text_keeps_blocks_apart_and_decodes_entities():
    assert html_to_text("<p>第一段&amp;</p><p>第二段</p><script>x</script>") == "第一段&\n第二段\nx"
    assert html_to_text("") == ""


def test_highlight_marks_whole_words_in_traditional_text_for_a_simplified_query():
    assert highlight("全國優秀教師代表發言", ["教师"]) == "全國優秀<mark>教師</mark>代表發言"


def test_highlight_escapes_the_rest():
    assert highlight("<b>教师</b> & 学生", ["教师"]) == "&lt;b&gt;<mark>教师</mark>&lt;/b&gt; &amp; 学生"


def test_highlight_never_marks_inside_a_latin_word():
    assert highlight("Art and startups; ART", ["art"]) == "<mark>Art</mark> and startups; <mark>ART</mark>"


def test_highlight_marks_a_cjk_word_only_where_the_segmenter_sees_it():
    # 华人 is a sub-word of 中华人民共和国 in search mode; 人民 too; "民共" is never a word.
    assert "<mark>" not in highlight("中华人民共和国", ["民共"])
    assert highlight("中华人民共和国", ["人民"]) == "中华<mark>人民</mark>共和国"


def test_snippet_is_a_window_around_the_first_match():
    text = "开头" * 200 + "职业院校教师参加技能大赛" + "结尾" * 200
    snippet = highlight(text, ["技能"], length=60)
    assert snippet.startswith("…")
    assert snippet.endswith("…")
    assert "<mark>技能</mark>" in snippet
    assert len(snippet.replace("<mark>", "").replace("</mark>", "")) <= 62


def test_snippet_without_a_match_is_the_beginning():
    assert highlight("没有匹配的内容" * 40, ["教师"], length=10) == "没有匹配的内容没有匹…"


def test_single_character_query_matches_words_starting_with_it():
    assert highlight("疫情防控", ["疫"]) == "<mark>疫情</mark>防控"


def test_words_outside_the_dictionary_match_through_character_pairs():
    # jieba knows no 刘莉: documents keep the characters and their pairs, a query asks for the pairs.
    assert words("刘莉") == ["刘莉"]
    assert "刘莉" in document_terms("责任编辑：刘莉说").split()
    assert highlight("责任编辑：刘莉说", ["刘莉"]) == "责任编辑：<mark>刘莉</mark>说"


def test_segmentation_does_not_depend_on_context():
    # Without jieba's HMM guesser, the same characters cut the same way alone and in a sentence.
    assert set(document_terms("王晓明").split()) <= set(document_terms("校长王晓明在会上讲话").split())


def test_conversion_agrees_with_opencc_on_the_seed_pages(seeds_dir):
    import opencc

    converter = opencc.OpenCC("t2s")
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert to_simplified(text) == converter.convert(text), path.name
    assert to_simplified("一目瞭然的教師節") == converter.convert("一目瞭然的教師節") == "一目了然的教师节"
