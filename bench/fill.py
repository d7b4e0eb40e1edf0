"""Fill a scratch database with N synthetic published articles, fast, from the seed pages' vocabulary.

Text: the five seed pages (traditional ones converted to simplified with OpenCC) are cut into words with
jieba; a word-bigram chain over their sentences writes new sentences that read like the newsroom's prose
(教师、职业教育、实训基地…). A pool of a few thousand sentences is made once; each article draws from it, so
filling costs little more than the inserts. Articles come from a generator and go in with plain INSERTs
(`RawRows`, executemany) in batches, so memory stays flat from ten thousand to a million.

Must be called with Django set up (bench/run.py does it).
"""

from __future__ import annotations

import io
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

CJK = re.compile(r"[\u4e00-\u9fff]")
SENTENCE_END = re.compile(r"(?<=[。！？；])|\n")
PROVINCES = [
    "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建", "江西",
    "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃",
    "青海", "宁夏", "新疆",
]
COLUMNS = [
    ("news", "新闻", None), ("zjwx", "职教网讯", "news"), ("dfdt", "地方动态", "news"), ("yxfc", "院校风采", "news"),
    ("policy", "政策", None), ("zcfg", "政策法规", "policy"), ("jd", "政策解读", "policy"),
    ("research", "研究", None), ("lw", "理论研究", "research"), ("jx", "教学改革", "research"),
]
# Weights for the leaf columns: 职教网讯 carries most of the news, as on the real site.
COLUMN_WEIGHTS = {"zjwx": 40, "dfdt": 20, "yxfc": 15, "zcfg": 8, "jd": 7, "lw": 5, "jx": 5}
TOPICS = [
    "职业教育活动周", "产教融合", "技能大赛", "1+X证书", "双高计划", "乡村振兴", "职教战疫", "工匠精神",
    "现代学徒制", "职业本科",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华"
SOURCES = ["教育部", "中国教育报", "职成司", "省教育厅", "本网", "新华社", "人民网"]


@dataclass
class Vocabulary:
    """Sentences and words in the seed pages' style."""

    rng: random.Random
    chain: dict = field(default_factory=lambda: defaultdict(list))
    words: list[str] = field(default_factory=list)

    @classmethod
    def from_seeds(cls, seeds_dir: Path, rng: random.Random) -> Vocabulary:
        import opencc

        from news.segmenter import tokenizer as jieba  # stock jieba's cuts, its dictionary in a shared trie

        to_simplified = opencc.OpenCC("t2s")
        vocab = cls(rng=rng)
        counts: dict[str, int] = defaultdict(int)
        for path in sorted(seeds_dir.glob("*.txt")):
            text = to_simplified.convert(path.read_text(encoding="utf-8", errors="ignore"))
            for sentence in SENTENCE_END.split(text):
                sentence = sentence.strip()
                if len(CJK.findall(sentence)) < 8 or len(CJK.findall(sentence)) < 0.6 * len(sentence):
                    continue
                tokens = [t for t in jieba.lcut(sentence) if t.strip()]
                previous = "^"
                for token in tokens:
                    vocab.chain[previous].append(token)
                    previous = token
                    if 2 <= len(token) <= 4 and all(CJK.match(c) for c in token):
                        counts[token] += 1
                vocab.chain[previous].append("$")
        vocab.words = [w for w, _ in sorted(counts.items(), key=lambda item: -item[1])]
        if not vocab.chain["^"]:
            raise RuntimeError(f"no usable sentences in the seed pages at {seeds_dir}")
        return vocab

    def sentence(self, max_chars: int = 80) -> str:
        out, token = [], "^"
        while True:
            token = self.rng.choice(self.chain[token])
            if token == "$" or sum(len(t) for t in out) + len(token) > max_chars:
                break
            out.append(token)
        text = "".join(out).strip("，、：,: ")
        if text and text[-1] not in "。！？；":
            text += "。"
        return text


@dataclass
class Pools:
    sentences: list[str]
    titles: list[str]
    tags: list[str]
    names: list[str]


def make_pools(vocab: Vocabulary, rng: random.Random, size: int = 4000) -> Pools:
    sentences = [s for s in (vocab.sentence() for _ in range(size)) if len(s) >= 10]
    titles = []
    while len(titles) < size // 2:
        title = vocab.sentence(max_chars=34).rstrip("。！？；")
        if 8 <= len(title) <= 34:
            titles.append(title)
    tags = vocab.words[:300] or ["职业教育"]
    names = [rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))) for _ in range(300)]
    return Pools(sentences=sentences, titles=titles, tags=tags, names=names)


def progress(label: str, done: int, total: int, started: float) -> None:
    rate = done / max(1e-6, time.monotonic() - started)
    width = 30
    filled = int(width * done / max(1, total))
    sys.stderr.write(f"\r  {label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} ({rate:,.0f}/s)")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def tiny_jpeg(rng: random.Random, width: int = 1200, height: int = 800) -> bytes:
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (width, height), (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    draw = ImageDraw.Draw(picture)
    for _ in range(12):
        x, y = rng.randrange(width), rng.randrange(height)
        draw.rectangle((x, y, x + 200, y + 120), fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


@dataclass
class Structure:
    """The non-article rows, made once: columns, regions, topics, schools, tags, images."""

    column_ids: list[int]
    column_weights: list[int]
    region_ids: list[int]
    topic_ids: list[int]
    school_ids: list[int]
    tag_ids: list[int]
    image_names: list[str]


def make_structure(pools: Pools, rng: random.Random) -> Structure:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from taggit.models import Tag

    from news.models import Column, Region, School, Topic

    by_slug: dict[str, Column] = {}
    for order, (slug, name, parent) in enumerate(COLUMNS):
        by_slug[slug] = Column.objects.create(slug=slug, name=name, parent=by_slug.get(parent), order=order)
    regions = Region.objects.bulk_create(
        Region(slug=f"r{n:02d}", name=name, level=Region.Level.PROVINCE, order=n) for n, name in enumerate(PROVINCES)
    )
    topics = Topic.objects.bulk_create(
        Topic(slug=f"t{n:02d}", name=name, intro=f"<p>{pools.sentences[n]}</p>", order=n)
        for n, name in enumerate(TOPICS)
    )
    schools = School.objects.bulk_create(
        School(name=f"{region.name}{kind}{n}", region_id=region.pk, level=School.Level.HIGHER)
        for n, (region, kind) in enumerate(
            (rng.choice(regions), rng.choice(("职业技术学院", "职业学院", "技师学院", "职业技术大学")))
            for _ in range(200)
        )
    )
    tags = Tag.objects.bulk_create(Tag(name=name, slug=f"tag{n}") for n, name in enumerate(pools.tags))
    images = []
    for n in range(5):
        images.append(default_storage.save(f"bench/photo{n}.jpg", ContentFile(tiny_jpeg(rng))))
    leaves = list(COLUMN_WEIGHTS)
    return Structure(
        column_ids=[by_slug[slug].pk for slug in leaves],
        column_weights=[COLUMN_WEIGHTS[slug] for slug in leaves],
        region_ids=[r.pk for r in regions],
        topic_ids=[t.pk for t in topics],
        school_ids=[s.pk for s in schools],
        tag_ids=[t.pk for t in tags],
        image_names=images,
    )


def articles(n: int, pools: Pools, structure: Structure, rng: random.Random) -> Iterator[dict]:
    """N published articles (field values by attname), newest first in time, one at a time."""
    from django.utils import timezone

    from news.models import Article

    now = timezone.now()
    span = timedelta(days=3650)
    for i in range(n):
        paragraphs = ["".join(rng.sample(pools.sentences, rng.randint(2, 4))) for _ in range(rng.randint(5, 10))]
        yield {
            "title": rng.choice(pools.titles),
            "summary": paragraphs[0][:120],
            "body": "".join(f"<p>{p}</p>" for p in paragraphs),
            "column_id": rng.choices(structure.column_ids, structure.column_weights)[0],
            "region_id": rng.choice(structure.region_ids) if rng.random() < 0.3 else None,
            "school_id": rng.choice(structure.school_ids) if rng.random() < 0.3 else None,
            "source": rng.choice(SOURCES),
            "status": Article.Status.PUBLISHED,
            "review_level": 3,
            "published_at": now - span * (i / max(1, n)) - timedelta(minutes=rng.randint(1, 600)),
            "cover_image": rng.choice(structure.image_names) if rng.random() < 0.05 else "",
            "pinned": i < 2,
            "featured": i < 6,
            "view_count": rng.randint(0, 5000),
        }


class RawRows:
    """Plain INSERTs for one model: every column's value prepared once from a default instance, only the
    varying ones per row. At a million articles the ORM's bulk_create (model instances, per-value compiling)
    cost three times the inserts themselves; this is the same rows through `executemany`."""

    def __init__(self, model, varying: list[str], *, with_pk: bool = False):
        from django.db import connection

        self.connection = connection
        fields = [f for f in model._meta.concrete_fields if (with_pk or not f.primary_key)
                  and not getattr(f, "generated", False)]
        prototype = model()
        self.template = [f.get_db_prep_save(f.pre_save(prototype, add=True), connection) for f in fields]
        self.slots = [(i, f) for i, f in enumerate(fields) if f.attname in varying]
        names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        self.sql = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({names}) VALUES ({marks})"

    def insert(self, rows: list[dict]) -> None:
        prepared = []
        for row in rows:
            values = list(self.template)
            for i, f in self.slots:
                value = row[f.attname]
                values[i] = value if value is None or isinstance(value, (int, str)) \
                    else f.get_db_prep_save(value, self.connection)
            prepared.append(values)
        with self.connection.cursor() as cursor:
            cursor.executemany(self.sql, prepared)


def fill(n: int, seeds_dir: Path, *, seed: int = 7, batch_size: int = 2000) -> dict:
    """Create the structure and N articles with credits, tags, topics and images; returns figures."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.db.models import Max
    from taggit.models import TaggedItem

    from news.models import Article, ArticleImage, Credit

    rng = random.Random(seed)
    started = time.monotonic()
    pools = make_pools(Vocabulary.from_seeds(seeds_dir, rng), rng)
    with transaction.atomic():
        structure = make_structure(pools, rng)
    article_type = ContentType.objects.get_for_model(Article)
    topic_link = Article.topics.through
    source = articles(n, pools, structure, rng)
    insert_articles = RawRows(Article, ["id", *next(articles(1, pools, structure, random.Random(0)))], with_pk=True)
    insert_credits = RawRows(Credit, ["article_id", "role", "name", "order"])
    insert_tagged = RawRows(TaggedItem, ["tag_id", "content_type_id", "object_id"])
    insert_linked = RawRows(topic_link, ["article_id", "topic_id"])
    insert_images = RawRows(ArticleImage, ["article_id", "image", "caption", "alt_text"])
    # Primary keys are given, so the link rows need no round trip; the sequence is set past them at the end.
    next_id = (Article.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    done = 0
    fill_started = time.monotonic()
    while done < n:
        batch = [article for _, article in zip(range(batch_size), source, strict=False)]
        if not batch:
            break
        for article in batch:
            article["id"], next_id = next_id, next_id + 1
        credits, tagged, linked, images = [], [], [], []
        for article in batch:
            pk = article["id"]
            credits.append({"article_id": pk, "role": Credit.Role.AUTHOR, "name": rng.choice(pools.names),
                            "order": 0})
            credits.append({"article_id": pk, "role": Credit.Role.RESPONSIBLE_EDITOR,
                            "name": rng.choice(pools.names), "order": 1})
            for tag_id in rng.sample(structure.tag_ids[:60] if rng.random() < 0.7 else structure.tag_ids, 3):
                tagged.append({"tag_id": tag_id, "content_type_id": article_type.pk, "object_id": pk})
            if rng.random() < 0.1:
                linked.append({"article_id": pk, "topic_id": rng.choice(structure.topic_ids)})
            if rng.random() < 0.02:
                images.append({"article_id": pk, "image": rng.choice(structure.image_names),
                               "caption": rng.choice(pools.titles), "alt_text": rng.choice(pools.titles)})
        with transaction.atomic():
            insert_articles.insert(batch)
            insert_credits.insert(credits)
            insert_tagged.insert(tagged)
            if linked:
                insert_linked.insert(linked)
            if images:
                insert_images.insert(images)
        done += len(batch)
        progress("articles", done, n, fill_started)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Article]):
            cursor.execute(sql)
    weeks = fill_activity_weeks(pools, rng)
    return {
        "articles": done,
        "seconds": round(time.monotonic() - started, 1),
        "articles_per_second": round(done / max(1e-6, time.monotonic() - fill_started)),
        "activity_weeks": weeks,
    }


def fill_activity_weeks(pools: Pools, rng: random.Random, count: int = 20) -> int | str:
    """A few activity weeks when the events app has them; 'n/a' otherwise (the app is built in parallel)."""
    try:
        from events.models import ActivityWeek
    except ImportError:
        return "n/a"
    made = 0
    for n in range(count):
        try:
            week = ActivityWeek(**generic_values(ActivityWeek, pools, rng, n))
            week.save()
            made += 1
        except Exception as exc:  # another team's model: report, do not stop the benchmark
            sys.stderr.write(f"  activity weeks: n/a ({type(exc).__name__}: {exc})\n")
            return "n/a"
    return made


def generic_values(model, pools: Pools, rng: random.Random, n: int) -> dict:
    """Values for a model's required fields, read from its definition; published when it has such a state."""
    from django.db import models
    from django.utils import timezone

    values: dict = {}
    start = date.today() - timedelta(days=30 * n)
    for f in model._meta.concrete_fields:
        if f.primary_key or f.has_default() or getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            continue
        plain_date = isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField)
        if f.null and not plain_date:
            continue  # optional (deleted_at and the like stay empty)
        if isinstance(f, models.ForeignKey):
            if f.null:
                continue
            values[f.name] = f.related_model.objects.order_by("?").first()
        elif isinstance(f, models.SlugField):
            values[f.name] = f"bench-{n}"
        elif isinstance(f, models.DateTimeField):
            values[f.name] = timezone.now() - timedelta(days=n)
        elif isinstance(f, models.DateField):
            values[f.name] = start + timedelta(days=6) if "end" in f.name else start
        elif isinstance(f, models.CharField | models.TextField):
            if f.choices:
                values[f.name] = f.choices[0][0]
            elif f.blank:
                continue
            else:
                values[f.name] = rng.choice(pools.titles)[: f.max_length or 200]
        elif isinstance(f, models.IntegerField):
            values[f.name] = start.year if "year" in f.name else n
    status = model._meta.get_field("status") if "status" in {f.name for f in model._meta.fields} else None
    if status is not None and "published" in dict(status.choices or ()):
        values["status"] = "published"
        if "published_at" in {f.name for f in model._meta.fields}:
            values["published_at"] = timezone.now() - timedelta(days=n + 1)
    return values


def reindex_search(workers: int = 2) -> str:
    """Rebuild the search index after bulk inserts (which send no signals), segmenting in `workers` processes."""
    from news import search

    started = time.monotonic()
    report = search.rebuild(
        progress=lambda done, total: progress("search index", done, total, started), workers=workers
    )
    return f"news.search.rebuild(workers={workers}): {report.indexed} in {report.seconds:.0f} s"
