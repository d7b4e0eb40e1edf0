"""The five sample pages give what a careful editor reads off them (driven by expected.json)."""

from __future__ import annotations

import json

import pytest

from news.importing import parse_page
from news.importing.pinyin import TONED_WORD_RE
from tests.news.import_seeds import EXPECTED, needs_seeds, seed_text

_cache: dict[str, object] = {}


def parsed(name: str):
    if name not in _cache:
        _cache[name] = parse_page(seed_text(name), filename=name)
    return _cache[name]


def _ids(case: dict) -> str:
    return case["file"][:3]


@pytest.mark.parametrize("case", EXPECTED, ids=_ids)
def test_metadata(case):
    page = parsed(case["file"])
    data = page.to_json_dict()
    assert data["file"] == case["file"]
    for key in ("kind", "title", "script", "published_at"):
        assert data[key] == case[key], key
    for key in ("source", "source_url", "credits", "column_path", "topic", "region"):
        if key in case:
            assert data[key] == case[key], key


@pytest.mark.parametrize("case", EXPECTED, ids=_ids)
def test_body(case):
    page = parsed(case["file"])
    if "paragraphs" in case:
        assert len(page.paragraphs) == case["paragraphs"]
    if "first_paragraph_starts" in case:
        assert page.paragraphs[0].startswith(case["first_paragraph_starts"])
    if "last_paragraph_starts" in case:
        assert page.paragraphs[-1].startswith(case["last_paragraph_starts"])
    if "summary_starts" in case:
        assert page.summary.startswith(case["summary_starts"])
    if "editor_note_starts" in case:
        assert page.editor_note.startswith(case["editor_note_starts"])
        assert page.editor_note == "\n\n".join(page.editor_note_paragraphs)
    if "editor_note_paragraphs" in case:
        assert len(page.editor_note_paragraphs) == case["editor_note_paragraphs"]
    if "captions" in case:
        assert page.captions == case["captions"]
    if "headings" in case:
        assert page.headings == case["headings"]


@pytest.mark.parametrize("case", EXPECTED, ids=_ids)
def test_blocks_rebuild_body_in_order(case):
    page = parsed(case["file"])
    if page.kind != "article":
        return
    assert [t for k, t in page.blocks if k == "paragraph"] == page.paragraphs
    assert [t for k, t in page.blocks if k == "heading"] == page.headings
    assert [t for k, t in page.blocks if k == "caption"] == page.captions


@pytest.mark.parametrize("case", EXPECTED, ids=_ids)
def test_no_furniture_anywhere(case):
    page = parsed(case["file"])
    dumped = json.dumps(page.to_json_dict(), ensure_ascii=False)
    extra = json.dumps(
        {
            "blocks": page.blocks,
            "note": page.editor_note_paragraphs,
            "sections": page.sections,
            "groups": page.activity_groups,
            "prose": [page.guiding, page.publicity, page.requirements, page.organizer, page.theme],
        },
        ensure_ascii=False,
    )
    for needle in case.get("must_not_contain", []):
        assert needle not in dumped, needle
        assert needle not in extra, needle
    assert not TONED_WORD_RE.search(dumped + extra)


@pytest.mark.parametrize("case", [c for c in EXPECTED if c["kind"] == "activity_week"], ids=_ids)
def test_activity_week(case):
    page = parsed(case["file"])
    data = page.to_json_dict()
    for key in ("organizer", "theme", "start_date", "end_date", "activity_groups"):
        assert data[key] == case[key], key
    assert page.sections == case["sections"]
    assert page.guiding.startswith("为深入学习贯彻")
    assert page.publicity.startswith("围绕学校的各项重点工作")
    assert page.requirements.startswith("一、高度重视")
    online = page.activity_groups[1]["activities"][0]
    assert online["title"] == "线上逛校园"
    assert online["description"].startswith("采用线上逛校园的方式")


@needs_seeds
def test_json_round_trip():
    for case in EXPECTED:
        page = parsed(case["file"])
        assert json.loads(page.to_json()) == page.to_json_dict()


@needs_seeds
def test_warnings():
    by_file = {c["file"][:3]: c["file"] for c in EXPECTED}
    assert "no_date" in parsed(by_file["001"]).warning_codes
    assert any("日期" in w for w in parsed(by_file["001"]).warnings)
    assert "lost_characters" in parsed(by_file["003"]).warning_codes
    assert any("丢失" in w for w in parsed(by_file["003"]).warnings)
    assert "no_date" not in parsed(by_file["000"]).warning_codes
    assert parsed(by_file["000"]).warnings == []


@needs_seeds
def test_original_text_kept():
    case = EXPECTED[1]
    page = parsed(case["file"])
    assert page.original_text == seed_text(case["file"])


def test_seeds_are_present():
    # The parametrised tests above silently collect nothing without the sample pages; say so loudly.
    assert EXPECTED, "sample pages not found: put shared/seeds beside the repository or set SEEDS_DIR"
    assert len(EXPECTED) == 5
