"""`manage.py backup` / `manage.py restore`: a round trip to a fresh installation, and refusals."""

import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone
from PIL import Image

from news import workflow
from news.models import Article, ArticleImage, Credit
from portal import backup
from tests.factories import ArticleFactory, CreditFactory, TopicFactory, UserFactory, editor, reviewer, signer


def png(color: str, size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def build_site():
    """Articles with images, credits, transitions, revisions and tags, in several states."""
    writer, checker, boss = editor(username="bianji"), reviewer(username="shenhe"), signer(username="qianfa")
    topic = TopicFactory(name="技能大赛", slug="jineng")
    published = ArticleFactory(
        title="职业教育活动周开幕", created_by=writer, last_edited_by=writer,
        cover_image=SimpleUploadedFile("cover.png", png("red")),
        body="<p>第一段。</p><p>第二段，<strong>加粗</strong>。</p>",
    )
    published.tags.add("活动周", "技能")
    published.topics.add(topic)
    CreditFactory(article=published, role=Credit.Role.AUTHOR, name="王记者")
    CreditFactory(article=published, role=Credit.Role.PHOTOGRAPHER, name="", user=writer)
    for order, color in enumerate(["blue", "green"]):
        ArticleImage.objects.create(
            article=published, image=SimpleUploadedFile(f"photo-{order}.png", png(color)),
            caption=f"图{order + 1}：实训现场", alt_text="学生在实训", credit="李摄影", order=order,
        )
    published.summary = "改过一次导语"
    published.save()  # a second revision
    workflow.submit(published, by=writer)
    for _level in range(workflow.review_levels()):
        workflow.approve(published, by=checker, comment="同意")
    workflow.sign_off(published, by=boss)

    draft = ArticleFactory(title="草稿：实训基地建设", created_by=writer, status=Article.Status.DRAFT)
    draft.tags.add("实训")
    ArticleImage.objects.create(article=draft, image=SimpleUploadedFile("draft.jpg", png("yellow")), order=0)
    rejected = ArticleFactory(title="被退回的稿件", created_by=writer)
    workflow.submit(rejected, by=writer)
    workflow.reject(rejected, by=checker, comment="请核实数据")
    trashed = ArticleFactory(title="回收站里的稿件", created_by=writer)
    workflow.move_to_trash(trashed, by=writer)
    scheduled = ArticleFactory(
        title="定时发布", status=Article.Status.PUBLISHED, published_at=timezone.now() + timezone.timedelta(days=2)
    )
    scheduled.tags.add("活动周")
    UserFactory(username="admin-root", is_superuser=True)


def username(pk):
    return User.objects.filter(pk=pk).values_list("username", flat=True).first()


def snapshot() -> dict:
    """Everything a restore must bring back, with users named rather than numbered."""
    articles = []
    for article in Article.objects.order_by("pk"):
        row = {f.attname: getattr(article, f.attname) for f in Article._meta.concrete_fields}
        for key in ("created_by_id", "last_edited_by_id", "deleted_by_id"):
            row[key] = username(row[key])
        row["cover_image"] = article.cover_image.name
        row["cover_bytes"] = Path(article.cover_image.path).read_bytes() if article.cover_image else None
        row["tags"] = sorted(article.tags.names())
        row["topics"] = sorted(article.topics.values_list("slug", flat=True))
        row["credits"] = [(c.role, username(c.user_id), c.name, c.order) for c in article.credits.order_by("pk")]
        row["images"] = [
            (i.image.name, i.caption, i.alt_text, i.credit, i.order, Path(i.image.path).read_bytes())
            for i in article.images.order_by("pk")
        ]
        row["transitions"] = [
            (t.action, t.from_status, t.to_status, t.review_level, username(t.actor_id), t.comment, t.at)
            for t in article.transitions.order_by("pk")
        ]
        row["revisions"] = [
            (h.history_type, h.title, h.summary, h.status, h.history_date, username(h.history_user_id))
            for h in article.history.order_by("history_date", "history_id")
        ]
        articles.append(row)
    users = {
        u.username: (u.password, u.is_staff, u.is_superuser, sorted(u.groups.values_list("name", flat=True)))
        for u in User.objects.all()
    }
    return {"articles": articles, "users": users, "counts": backup.row_counts()}


def wipe(media_root: Path, *, drop_tables: bool) -> None:
    """A fresh installation: an empty database (migrated, or with no tables at all) and no media."""
    if drop_tables:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("DROP SCHEMA public CASCADE")
                cursor.execute("CREATE SCHEMA public")
            else:
                cursor.execute("PRAGMA foreign_keys = OFF")
                # Dropping the search index's virtual table takes its shadow tables with it, hence IF EXISTS.
                for table in sorted(connection.introspection.table_names(cursor), key=lambda t: "_fts" not in t):
                    cursor.execute(f'DROP TABLE IF EXISTS "{table}"')
                cursor.execute("PRAGMA foreign_keys = ON")
        assert connection.introspection.table_names() == []
    else:
        call_command("flush", interactive=False, verbosity=0)
        assert Article.objects.count() == 0
    shutil.rmtree(media_root)
    media_root.mkdir()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("portable", [False, True], ids=["native", "portable"])
@pytest.mark.parametrize("drop_tables", [False, True], ids=["migrated", "unmigrated"])
def test_backup_and_restore_round_trip(media_root, tmp_path, portable, drop_tables, capsys):
    build_site()
    before = snapshot()
    assert len(before["articles"]) == 5
    assert sum(len(a["revisions"]) for a in before["articles"]) >= 6
    archive = tmp_path / "site.tar.gz"
    call_command("backup", output=archive)
    assert "备份完成" in capsys.readouterr().out

    manifest = backup.verify_archive(archive)
    assert manifest.vendor == connection.vendor
    assert manifest.native == backup.NATIVE_NAMES[connection.vendor]
    assert manifest.counts["news.article"] == 5
    assert manifest.data["media_files"] == 4
    assert manifest.data["migrations"]["news"]

    wipe(media_root, drop_tables=drop_tables)
    call_command("restore", str(archive), portable=portable)
    out = capsys.readouterr().out
    assert "恢复完成" in out
    assert ("可移植" in out) is portable

    after = snapshot()
    assert after["counts"] == before["counts"]
    assert after["users"] == before["users"]
    assert len(after["articles"]) == len(before["articles"])
    for old, new in zip(before["articles"], after["articles"], strict=True):
        assert new == old, old["title"]
    # The restored site works: the published piece is public again, roles still govern the chain.
    published = Article.objects.get(title="职业教育活动周开幕")
    assert Article.objects.published().filter(pk=published.pk).exists()
    workflow.withdraw(published, by=User.objects.get(username="qianfa"), comment="恢复后测试撤稿")


@pytest.mark.django_db(transaction=True)
def test_portable_data_is_plain_json_with_natural_keys(media_root, tmp_path):
    build_site()
    archive, _manifest = backup.create_backup(tmp_path / "b.tar.gz")
    with tarfile.open(archive) as tar:
        rows = json.load(tar.extractfile("data.json"))
    models = {row["model"] for row in rows}
    assert {"news.article", "news.historicalarticle", "news.transition", "taggit.tag", "auth.user"} <= models
    assert "contenttypes.contenttype" not in models
    article = next(row for row in rows if row["model"] == "news.article" and row["fields"]["created_by"])
    assert article["fields"]["created_by"] == ["bianji"]  # users by name, so ids need not match


# --- refusals --------------------------------------------------------------------------------------------------
def rebuild(archive: Path, target: Path, *, manifest_edit=None, member_edit=None, extra=None, drop=None) -> Path:
    with tarfile.open(archive) as source:
        members = {m.name: source.extractfile(m).read() for m in source.getmembers()}
    data = json.loads(members["manifest.json"])
    if manifest_edit:
        manifest_edit(data)
    members["manifest.json"] = json.dumps(data).encode()
    if member_edit:
        name, content = member_edit
        members[name] = content
    if extra:
        members.update(extra)
    for name in drop or []:
        members.pop(name)
    with tarfile.open(target, "w:gz") as out:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            out.addfile(info, io.BytesIO(content))
    return target


@pytest.fixture
def good_archive(transactional_db, media_root, tmp_path):
    ArticleFactory(title="备份里的稿件", cover_image=SimpleUploadedFile("c.png", png("red")))
    path, _manifest = backup.create_backup(tmp_path / "good.tar.gz")
    return path


def bad_archives(good: Path, tmp: Path) -> dict[str, tuple[Path, str]]:
    random = tmp / "random.tar.gz"
    random.write_bytes(b"\x1f\x8b this is not really gzip" * 20)
    truncated = tmp / "truncated.tar.gz"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    plain = tmp / "plain.txt"
    plain.write_text("hello")
    foreign = tmp / "foreign.tar.gz"
    with tarfile.open(foreign, "w:gz") as out:
        info = tarfile.TarInfo("wordpress.sql")
        info.size = 4
        out.addfile(info, io.BytesIO(b"SQL;"))

    def set_(key, value):
        return lambda data: data.__setitem__(key, value)

    def add_migration(data):
        data["migrations"]["news"].append("9999_from_the_future")

    return {
        "random bytes": (random, "不是有效的备份文件"),
        "truncated": (truncated, "备份"),
        "plain text": (plain, "不是有效的备份文件"),
        "foreign tar": (foreign, "缺少 manifest.json"),
        "missing": (tmp / "nope.tar.gz", "找不到备份文件"),
        "wrong format": (rebuild(good, tmp / "f.tar.gz", manifest_edit=set_("format", "other-backup")), "格式标记不符"),
        "newer format": (rebuild(good, tmp / "v.tar.gz", manifest_edit=set_("format_version", 99)), "请先升级程序"),
        "tampered data": (
            rebuild(good, tmp / "t.tar.gz", member_edit=("data.json", b"[]")), "data.json 校验失败"
        ),
        "unlisted member": (rebuild(good, tmp / "u.tar.gz", extra={"media/x.html": b"<script>"}), "清单未列出"),
        "path traversal": (rebuild(good, tmp / "p.tar.gz", extra={"../../etc/cron.d/x": b"*"}), "不安全"),
        "member missing": (rebuild(good, tmp / "m.tar.gz", drop=["data.json"]), "缺少"),
        "newer schema": (rebuild(good, tmp / "s.tar.gz", manifest_edit=add_migration), "更新版本"),
    }


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_corrupt_or_foreign_archives_and_touches_nothing(good_archive, tmp_path, media_root):
    ArticleFactory(title="恢复前已有的稿件")
    before = sorted(Article.objects.values_list("title", flat=True))
    media_before = sorted(p.name for p in media_root.rglob("*"))
    for label, (path, message) in bad_archives(good_archive, tmp_path).items():
        with pytest.raises(CommandError) as info:
            call_command("restore", str(path))
        assert message in str(info.value), (label, str(info.value))
        assert sorted(Article.objects.values_list("title", flat=True)) == before, label
        assert sorted(p.name for p in media_root.rglob("*")) == media_before, label
    assert not (tmp_path.parent / "etc").exists()


@pytest.mark.django_db(transaction=True)
def test_the_good_archive_itself_verifies(good_archive):
    manifest = backup.verify_archive(good_archive)
    assert manifest.counts["news.article"] == 1
    assert oct(good_archive.stat().st_mode & 0o777) == "0o600"  # it holds password hashes


@pytest.mark.django_db(transaction=True)
def test_an_archive_from_the_other_database_kind_restores_through_the_portable_copy(media_root, tmp_path):
    build_site()
    before = snapshot()
    good, _manifest = backup.create_backup(tmp_path / "here.tar.gz")
    other = {"sqlite": "postgresql", "postgresql": "sqlite"}[connection.vendor]

    def move(data):
        data["database"]["vendor"] = other
        data["database"]["native"] = None
        data["files"].pop(backup.NATIVE_NAMES[connection.vendor])

    moved = rebuild(good, tmp_path / "there.tar.gz", manifest_edit=move, drop=[backup.NATIVE_NAMES[connection.vendor]])
    wipe(media_root, drop_tables=False)
    report = backup.restore_backup(moved)
    assert report.method == "portable"
    assert snapshot() == before
