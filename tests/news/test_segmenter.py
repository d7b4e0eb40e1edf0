"""The compact jieba dictionary (news/segmenter.py) cuts exactly as stock jieba does."""

import subprocess
import sys
from pathlib import Path

import jieba
import opencc
import pytest

from news import segmenter


@pytest.fixture(scope="module")
def stock():
    tokenizer = jieba.Tokenizer()  # jieba's own: FREQ a plain dict built from dict.txt
    tokenizer.initialize()
    assert isinstance(tokenizer.FREQ, dict)
    return tokenizer


@pytest.fixture
def seed_texts(seeds_dir):
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(seeds_dir.glob("*.txt"))]
    assert texts
    # The seeds mix simplified and traditional pages; the index sees both, and their simplified form.
    to_simplified = opencc.OpenCC("t2s")
    return texts + [to_simplified.convert(text) for text in texts]


def test_compact_dictionary_is_in_use():
    segmenter.tokenizer.check_initialized()
    assert isinstance(segmenter.tokenizer.FREQ, segmenter.CompactFreq)


@pytest.mark.parametrize("hmm", [False, True])
def test_seed_pages_cut_as_stock_jieba_does(stock, seed_texts, hmm):
    compact = segmenter.tokenizer
    for text in seed_texts:
        assert compact.lcut(text, HMM=hmm) == stock.lcut(text, HMM=hmm)
        assert compact.lcut_for_search(text, HMM=hmm) == stock.lcut_for_search(text, HMM=hmm)
        assert compact.lcut(text, cut_all=True) == stock.lcut(text, cut_all=True)
        for mode in ("default", "search"):
            assert list(compact.tokenize(text, mode=mode, HMM=hmm)) == list(stock.tokenize(text, mode=mode, HMM=hmm))


def test_dag_and_frequencies_match_stock(stock, seed_texts):
    compact = segmenter.tokenizer
    compact.check_initialized()
    assert compact.total == stock.total
    assert len(compact.FREQ) == len(stock.FREQ)
    text = "".join(seed_texts)
    for start in range(0, len(text) - 8, 3):
        assert compact.get_DAG(text[start:start + 8]) == stock.get_DAG(text[start:start + 8])
    # Words, bare prefixes (0) and strangers answer `in`, [] and .get as the dict does.
    for key in ["职业教育", "职业", "职业教", "中华人民共和", "中华人民共和国", "x", "学校", "校", "不是词语啊", ""]:
        assert (key in compact.FREQ) == (key in stock.FREQ), key
        assert compact.FREQ.get(key) == stock.FREQ.get(key), key
        if key in stock.FREQ:
            assert compact.FREQ[key] == stock.FREQ[key]
        else:
            with pytest.raises(KeyError):
                compact.FREQ[key]


def test_added_words_count_as_in_stock_jieba(stock):
    compact = segmenter.CompactTokenizer()
    plain = jieba.Tokenizer()
    plain.FREQ, plain.total, plain.initialized = dict(stock.FREQ), stock.total, True
    text = "刘莉老师在职业技能大赛上获奖"
    assert compact.lcut(text, HMM=False) == plain.lcut(text, HMM=False)
    for tokenizer in (compact, plain):
        tokenizer.add_word("刘莉", 2000)
    assert "刘莉" in compact.lcut(text, HMM=False)
    assert compact.lcut(text, HMM=False) == plain.lcut(text, HMM=False)
    assert segmenter.tokenizer.FREQ.get("刘莉") == stock.FREQ.get("刘莉")  # the shared tokenizer is untouched


def test_cache_files_are_built_when_missing(tmp_path, monkeypatch, stock):
    monkeypatch.setenv("SEGMENTER_CACHE_DIR", str(tmp_path))
    trie_path, freq_path = segmenter.cache_paths()
    assert not trie_path.exists()
    freq, total = segmenter.load()
    assert trie_path.exists()
    assert freq_path.exists()
    assert total == stock.total
    assert len(freq) == len(stock.FREQ)
    assert [path.name for path in tmp_path.iterdir() if ".trie." in path.name or ".freq." in path.name] == []
    # Loading again maps the same files rather than building.
    mtime = trie_path.stat().st_mtime_ns
    segmenter.load()
    assert trie_path.stat().st_mtime_ns == mtime


def test_importing_jieba_here_leaves_pkg_resources_out():
    """jieba 0.42 imports pkg_resources (~14 MB per process) only to find dict.txt."""
    code = "import sys; import news.segmenter; print('pkg_resources' in sys.modules)"
    repo = Path(segmenter.__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=repo)
    assert result.stdout.strip() == "False"
