"""jieba with its dictionary in a compact, shared form: the same cuts in a tenth of the memory.

Stock jieba keeps its prefix dictionary (`Tokenizer.FREQ`: every word of dict.txt and every prefix of one,
~580,000 keys → frequency, 0 for a bare prefix) as a Python dict: ~60 MB built anew in every process that
segments, so in every gunicorn worker. Here the same keys live in a marisa trie and their frequencies in an
array, both in cache files mapped read-only: a few MB, built once per machine, and their pages are the page
cache's, shared by every worker. `CompactFreq` answers what jieba asks of FREQ (`in`, `[]`, `.get`), so
jieba's own segmentation code runs unchanged and cuts exactly as stock jieba does
(tests/news/test_segmenter.py compares them on the seed pages).

jieba 0.42 also imports pkg_resources (~14 MB: it indexes every installed distribution) only to open its
own data files; `jieba` is imported here with pkg_resources hidden, and jieba then opens them by path.
Import jieba through this module (`from news.segmenter import jieba`) so that happens first.
"""

from __future__ import annotations

import array
import hashlib
import logging
import mmap
import os
import struct
import sys
import tempfile
import threading
from pathlib import Path

import marisa_trie


def _import_jieba():
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # makes `import pkg_resources` raise ImportError: jieba falls back
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


jieba = _import_jieba()
jieba.setLogLevel(logging.WARNING)

FORMAT = 1  # bump when the cache files' layout changes
_HEADER = struct.Struct("<QI")  # total frequency, longest key


class CompactFreq:
    """jieba's FREQ, read-only, over a trie of its keys and an array of their frequencies by key id.

    Words added later (`Tokenizer.add_word`, `suggest_freq`) go to a small dict consulted first.
    """

    __slots__ = ("added", "freqs", "longest", "trie")

    def __init__(self, trie: marisa_trie.Trie, freqs, longest: int) -> None:
        self.trie = trie
        self.freqs = freqs
        self.longest = longest
        self.added: dict[str, int] = {}

    def __contains__(self, key) -> bool:
        return key in self.trie or key in self.added

    def __getitem__(self, key) -> int:
        if self.added and key in self.added:
            return self.added[key]
        return self.freqs[self.trie.key_id(key)]

    def get(self, key, default=None):
        if self.added and key in self.added:
            return self.added[key]
        ident = self.trie.get(key)
        return default if ident is None else self.freqs[ident]

    def __setitem__(self, key, value: int) -> None:
        self.added[key] = value

    def __len__(self) -> int:
        return len(self.trie) + sum(1 for key in self.added if key not in self.trie)


class CompactTokenizer(jieba.Tokenizer):
    """A jieba Tokenizer whose FREQ is a `CompactFreq` loaded from (or first written to) the cache files."""

    def initialize(self, dictionary=None):
        if dictionary:
            super().initialize(dictionary)  # a custom dictionary: jieba's own path, plain dict
            return
        with self.lock:
            if self.initialized:
                return
            self.FREQ, self.total = load(self.dictionary)
            self.initialized = True

    def get_DAG(self, sentence):
        """jieba's DAG (start → ends of the dictionary words starting there), from one trie walk per start.

        Same result as jieba's loop, which extends the fragment while it is a key and keeps the ends where
        the frequency is not 0: the keys are closed under prefixes, so the keys that are prefixes of the
        rest of the sentence are exactly the fragments that loop visits."""
        self.check_initialized()
        freq = self.FREQ
        if not isinstance(freq, CompactFreq) or freq.added:
            return super().get_DAG(sentence)
        trie, freqs, longest = freq.trie, freq.freqs, freq.longest
        dag = {}
        for k in range(len(sentence)):
            ends = [k + len(word) - 1 for word, ident in trie.iter_prefixes_with_ids(sentence[k:k + longest])
                    if freqs[ident]]
            dag[k] = ends or [k]
        return dag


def dictionary_path(dictionary=None) -> Path:
    if dictionary is None:
        return Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME
    return Path(dictionary)


def cache_dir() -> Path:
    return Path(os.environ.get("SEGMENTER_CACHE_DIR") or tempfile.gettempdir())


def cache_paths(dictionary=None) -> tuple[Path, Path]:
    """The trie and frequency files for a dictionary; named by its path, size and time, so an edit rebuilds."""
    path = dictionary_path(dictionary).resolve()
    stat = path.stat()
    tag = hashlib.blake2b(
        f"{FORMAT}|{path}|{stat.st_size}|{stat.st_mtime_ns}|{jieba.__version__}".encode(), digest_size=8
    ).hexdigest()
    base = cache_dir() / f"portal-jieba-{tag}"
    return base.with_suffix(".trie"), base.with_suffix(".freq")


_build_lock = threading.Lock()


def load(dictionary=None) -> tuple[CompactFreq, int]:
    """The dictionary's FREQ and total, from the cache files (written first if missing)."""
    trie_path, freq_path = cache_paths(dictionary)
    if not (trie_path.exists() and freq_path.exists()):
        with _build_lock:
            if not (trie_path.exists() and freq_path.exists()):
                build(dictionary, trie_path, freq_path)
    trie = marisa_trie.Trie()
    trie.mmap(str(trie_path))
    with open(freq_path, "rb") as file:
        mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    total, longest = _HEADER.unpack_from(mapped)
    freqs = memoryview(mapped)[_HEADER.size:].cast("I")
    if len(freqs) != len(trie):
        raise RuntimeError(f"{freq_path} does not match {trie_path}: delete both to rebuild")
    return CompactFreq(trie, freqs, longest), total


def build(dictionary, trie_path: Path, freq_path: Path) -> None:
    """Write the cache files from jieba's own prefix dictionary (its `gen_pfdict`, so the keys, frequencies
    and total are jieba's). Costs jieba's ~60 MB once, in this process: the gunicorn master loads it before
    forking (portal/wsgi.py), so workers never do."""
    with open(dictionary_path(dictionary), "rb") as file:
        pfdict, total = jieba.Tokenizer.gen_pfdict(file)
    trie = marisa_trie.Trie(pfdict.keys())
    freqs = array.array("I", bytes(4 * len(trie)))
    for key, ident in trie.iteritems():
        freqs[ident] = pfdict[key]
    longest = max(map(len, pfdict))
    del pfdict
    trie_path.parent.mkdir(parents=True, exist_ok=True)
    # Written under temporary names then renamed: a process reading them never sees half a file.
    for path, write in (
        (freq_path, lambda f: (f.write(_HEADER.pack(total, longest)), f.write(freqs.tobytes()))),
        (trie_path, lambda f: f.write(trie.tobytes())),
    ):
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
        try:
            with os.fdopen(fd, "wb") as file:
                write(file)
            os.chmod(temporary, 0o644)  # mkstemp's 0600 would lock out a server running as another user
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


tokenizer = CompactTokenizer()
