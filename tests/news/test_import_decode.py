"""Bytes -> text: UTF-8 (BOM or not), GB18030, Big5; refusing what cannot be read safely."""

from __future__ import annotations

import os
import random

import pytest

from news.importing import ImportRefused, clean_pinyin, decode_bytes, decode_file, parse_page
from tests.news.import_seeds import EXPECTED, needs_seeds, seed_bytes, seed_text

TRADITIONAL = (
    "教育部教師司:上好戰“疫”這堂課。新冠肺炎疫情發生以來,教師司黨支部認真學習貫徹重要講話精神,積極回應社會關切。"
)
SIMPLIFIED = "以快制胜,用速度筑牢18万师生安全防线——净月高新区教育系统疫情防控工作纪实。"


@needs_seeds
@pytest.mark.parametrize("case", EXPECTED, ids=lambda c: c["file"][:3])
def test_gb18030_copy_decodes_to_same_text(case):
    text = seed_text(case["file"])
    assert decode_bytes(text.encode("gb18030")) == text


@needs_seeds
@pytest.mark.parametrize("case", EXPECTED, ids=lambda c: c["file"][:3])
def test_utf8_with_bom(case):
    text = seed_text(case["file"])
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8")) == text


@needs_seeds
def test_big5_copy_of_traditional_seed():
    name = next(c["file"] for c in EXPECTED if c["file"].startswith("001"))
    # Big5 has no pinyin tone letters: the site would have served the page without them.
    text = clean_pinyin(seed_text(name)).replace("?", "")
    assert decode_bytes(text.encode("big5")) == text
    assert parse_page(decode_bytes(text.encode("big5"))).title == "教育部教師司:上好戰“疫”這堂課"


@needs_seeds
def test_gbk_copy_of_simplified_seed():
    name = next(c["file"] for c in EXPECTED if c["file"].startswith("004"))
    text = seed_text(name).replace("\xa0", " ")  # GBK has no no-break space
    assert decode_bytes(text.encode("gbk")) == text


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "big5", "utf-8", "utf-8-sig", "utf-16"])
def test_short_texts(encoding):
    text = TRADITIONAL if encoding == "big5" else SIMPLIFIED + TRADITIONAL
    assert decode_bytes(text.encode(encoding)) == text


def test_gb18030_of_traditional_text():
    assert decode_bytes(TRADITIONAL.encode("gb18030")) == TRADITIONAL


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n\t  \n",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
        bytes(range(256)),
    ],
    ids=["empty", "blank", "png", "zip", "all-bytes"],
)
def test_refused_with_message(data):
    with pytest.raises(ImportRefused) as exc:
        decode_bytes(data, filename="x.txt")
    assert exc.value.message
    assert any("\u4e00" <= c <= "\u9fff" for c in exc.value.message)
    assert exc.value.filename == "x.txt"


@pytest.mark.parametrize("seed", range(20))
def test_random_bytes_refused(seed):
    rng = random.Random(seed)
    data = bytes(rng.randrange(256) for _ in range(rng.randrange(16, 600)))
    with pytest.raises(ImportRefused):
        decode_bytes(data)


def test_decode_file_and_missing_file(tmp_path):
    p = tmp_path / "page.txt"
    p.write_bytes(SIMPLIFIED.encode("gb18030"))
    assert decode_file(p) == SIMPLIFIED
    with pytest.raises(ImportRefused) as exc:
        decode_file(tmp_path / "missing.txt")
    assert exc.value.filename == "missing.txt"


def test_urandom_refused():
    with pytest.raises(ImportRefused):
        decode_bytes(os.urandom(4096))


@needs_seeds
def test_seed_bytes_are_utf8():
    for case in EXPECTED:
        assert decode_bytes(seed_bytes(case["file"])) == seed_text(case["file"])


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("한국어 텍스트입니다. 교육부는 오늘 직업 교육 주간을 발표했습니다.", "euc-kr"),
        ("日本語のテキストです。文部科学省は本日、職業教育週間を発表しました。", "shift_jis"),
        ("Le ministère de l'éducation a annoncé la semaine de l'enseignement professionnel à Genève.", "latin-1"),
        ("Министерство образования объявило неделю профессионального образования.", "cp1251"),
    ],
    ids=["euc-kr", "shift-jis", "latin-1", "cp1251"],
)
def test_other_encodings_refused_not_mojibake(text, encoding):
    with pytest.raises(ImportRefused):
        decode_bytes(text.encode(encoding))


def test_big5_bytes_never_read_as_gb18030():
    text = TRADITIONAL * 3
    assert decode_bytes(text.encode("big5")) == text


@pytest.mark.parametrize("text", ["職業教育活動周", "学院举办职业技能竞赛", "某某职业学校\n2023年4月"])
def test_short_gb_texts_accepted(text):
    assert decode_bytes(text.encode("gb18030")) == text
