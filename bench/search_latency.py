"""The search-latency phase of `make bench`: service time of the search page, one request at a time.

wrk at 16 connections measures throughput (a request waits behind the others); this phase measures what one
reader waits for. A single client asks the server with the page cache OFF for a fixed, seeded mix of
requests — a 2-character word, a 4-character word, several words, traditional script, a single character,
a rare word, a word found nowhere — each alone and with each filter the search page offers (column,
column with its sub-columns, region, topic, school, tag, date range, order by date), on page 1 and on a
later page. After a warm-up, it reports p50/p95/p99 overall, per query kind, per filter and per page.

The rare words are chosen from the database (the seed vocabulary is small, so "rare" means the word with
the fewest matches among a few candidates), so the mix is the same on every run of the same fill.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
import urllib.request
from urllib.parse import urlencode

# (kind, query). Words from the seed pages' vocabulary, so they have hits in the synthetic archive.
QUERIES = [
    ("2-char", "教师"), ("2-char", "学校"), ("2-char", "疫情"), ("2-char", "技能"),
    ("4-char", "职业教育"), ("4-char", "产教融合"), ("4-char", "技术技能"), ("4-char", "人才培养"),
    ("multi-word", "职业教育 学生"), ("multi-word", "学校 疫情 防控"), ("multi-word", "教师 技能 大赛"),
    ("traditional", "職業教育"), ("traditional", "教師"), ("traditional", "學校 疫情"),
    ("1-char", "疫"),
    ("no hits", "量子引力"), ("no hits", "zyxwvq"),
]
# The filters the search page offers; values are filled in from the database by `filters()`.
FILTER_KINDS = ["none", "column", "column+sub", "region", "topic", "school", "tag", "dates", "order=date"]
LATER_PAGE = 5


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of `values`."""
    ordered = sorted(values)
    rank = max(1, round(q / 100 * len(ordered) + 0.4999))
    return ordered[min(rank, len(ordered)) - 1]


def rare_words(limit: int = 2) -> list[str]:
    """Words with few matches: the seed vocabulary's least common words, counted through the search itself.

    Also a credit's name (readers look up authors), whatever its count.
    """
    from bench import fill
    from news import search
    from news.models import Credit

    vocab = fill.Vocabulary.from_seeds(fill_seeds(), random.Random(7))
    counted = []
    for word in vocab.words[-30:]:
        total = search.search(word, per_page=1).total
        if total:
            counted.append((total, word))
    counted.sort()
    words = [word for _total, word in counted[:limit]]
    credit = Credit.objects.exclude(name="").order_by("pk").values_list("name", flat=True).first()
    if credit:
        words.append(credit)
    return words


def fill_seeds():
    from bench.run import SEEDS

    return SEEDS


def filters() -> dict[str, dict[str, str]]:
    """One value per filter kind, read from the database (the fill's columns, regions, topics, schools, tags)."""
    from django.utils import timezone
    from taggit.models import Tag

    from news.models import Column, Region, School, Topic

    leaf = Column.objects.filter(slug="zjwx").first() or Column.objects.filter(parent__isnull=False).first()
    parent = Column.objects.filter(slug="research").first() or Column.objects.filter(parent__isnull=True).first()
    region = Region.objects.order_by("order", "pk").first()
    topic = Topic.objects.order_by("order", "pk").first()
    school = School.objects.order_by("pk").first()
    tag = Tag.objects.order_by("pk").first()
    today = timezone.localdate()
    chosen: dict[str, dict[str, str]] = {"none": {}}
    chosen["column"] = {"column": leaf.slug} if leaf else {}
    chosen["column+sub"] = {"column": parent.slug} if parent else {}
    chosen["region"] = {"region": region.slug} if region else {}
    chosen["topic"] = {"topic": topic.slug} if topic else {}
    # Part of a school's name, as a reader types it: its region and kind, without the number.
    chosen["school"] = {"school": school.name.rstrip("0123456789")} if school else {}
    chosen["tag"] = {"tag": tag.name} if tag else {}
    chosen["dates"] = {
        "date_from": today.replace(year=today.year - 3).isoformat(),
        "date_to": today.replace(year=today.year - 2).isoformat(),
    }
    chosen["order=date"] = {"order": "date"}
    return {kind: value for kind, value in chosen.items() if value or kind == "none"}


def requests_mix(search_path: str, count: int, seed: int = 11) -> list[dict]:
    """`count` requests: every (query, filter) pair on page 1 once, the rest drawn at random, a quarter of all
    on a later page; shuffled so no kind runs in a block."""
    queries = QUERIES + [("rare", word) for word in rare_words()]
    by_kind = filters()
    rng = random.Random(seed)
    pairs = [(q, f) for q in queries for f in by_kind]
    chosen = list(pairs)
    while len(chosen) < count:
        chosen.append(rng.choice(pairs))
    chosen = chosen[:count] if len(chosen) > count else chosen
    rng.shuffle(chosen)
    mix = []
    for n, ((kind, query), filter_kind) in enumerate(chosen):
        page = LATER_PAGE if n % 4 == 3 else 1
        params = {"q": query, **by_kind[filter_kind]}
        if page > 1:
            params["page"] = page
        mix.append({
            "kind": kind, "query": query, "filter": filter_kind, "page": "p1" if page == 1 else f"p{page}",
            "path": f"{search_path}?{urlencode(params)}",
        })
    return mix


def fetch_ms(url: str) -> tuple[float, int]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        status = response.status
    return (time.perf_counter() - started) * 1000, status


def stats(values: list[float]) -> dict:
    return {
        "n": len(values),
        "p50": round(statistics.median(values), 1),
        "p95": round(percentile(values, 95), 1),
        "p99": round(percentile(values, 99), 1),
        "max": round(max(values), 1),
    }


def measure(base: str, search_path: str, count: int = 400, warmup: int = 40) -> dict:
    """Run the mix against the server at `base` (page cache off), one request at a time."""
    mix = requests_mix(search_path, count)
    for n, request in enumerate(mix[:warmup], 1):
        print(f"\r· search latency: warm-up {n}/{warmup}", end="", file=sys.stderr, flush=True)
        fetch_ms(base + request["path"])
    samples, errors = [], 0
    for n, request in enumerate(mix, 1):
        if n % 10 == 0 or n == len(mix):
            print(f"\r· search latency: {n}/{len(mix)} requests, one at a time      ", end="", file=sys.stderr,
                  flush=True)
        try:
            ms, status = fetch_ms(base + request["path"])
        except OSError:
            errors += 1
            continue
        if status != 200:
            errors += 1
        samples.append({**request, "ms": ms})
    print(file=sys.stderr)
    result = {
        "client": "one connection at a time (no concurrency), page cache off",
        "requests": len(samples), "warmup": warmup, "errors": errors,
        "overall": stats([s["ms"] for s in samples]),
    }
    for group in ("kind", "filter", "page"):
        keys = list(dict.fromkeys(s[group] for s in samples))
        result[f"by_{group}"] = {key: stats([s["ms"] for s in samples if s[group] == key]) for key in keys}
    slowest = sorted(samples, key=lambda s: -s["ms"])[:5]
    result["slowest"] = [{"ms": round(s["ms"], 1), "path": s["path"]} for s in slowest]
    return result


def table(result: dict) -> str:
    lines = ["| search latency | n | p50 ms | p95 ms | p99 ms | max ms |", "| --- | ---: | ---: | ---: | ---: | ---: |"]

    def row(label: str, s: dict) -> None:
        lines.append(f"| {label} | {s['n']} | {s['p50']} | {s['p95']} | {s['p99']} | {s['max']} |")

    row("**all**", result["overall"])
    for group in ("kind", "filter", "page"):
        for key, s in result[f"by_{group}"].items():
            row(f"{group}: {key}", s)
    return "\n".join(lines)
