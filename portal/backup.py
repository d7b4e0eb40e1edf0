"""One-archive backups of the whole site (database and media) and their restore on a fresh installation.

An archive (.tar.gz) holds:

- `manifest.json`: format, versions, applied migrations, row counts per model, and a SHA-256 for every other
  member, so a corrupt or foreign archive is refused before anything is touched;
- `database.sqlite3` (SQLite, a consistent copy through SQLite's online backup API) or `database.pgdump`
  (PostgreSQL, `pg_dump` custom format): the native copy, restored on the same kind of database;
- `data.json`: Django's `dumpdata` with natural keys, the portable copy that moves a site between SQLite and
  PostgreSQL (and the fallback when the PostgreSQL client tools are missing);
- `media/…`: every uploaded file.
"""

from __future__ import annotations

import glob
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import tomllib
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "zhijiao-portal-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA_JSON = "data.json"
NATIVE_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA_PREFIX = "media/"
# Rebuilt by `migrate` on every installation, or not worth keeping: left out of the portable copy.
PORTABLE_EXCLUDE = ["contenttypes", "auth.permission", "sessions"]
# taggit's TaggedItem claims `object_id` alone as its natural key, so two tags of one article would merge.
KEEP_PRIMARY_KEYS = ["taggit.taggeditem"]
CHUNK = 1024 * 1024
FULL_JSON = "json-full-precision"


class BackupError(Exception):
    """An archive that cannot be written or restored; the message says why, in words."""


@dataclass
class Manifest:
    data: dict

    @property
    def vendor(self) -> str:
        return self.data["database"]["vendor"]

    @property
    def native(self) -> str | None:
        return self.data["database"].get("native")

    @property
    def files(self) -> dict[str, str]:
        return self.data["files"]

    @property
    def counts(self) -> dict[str, int]:
        return self.data["counts"]


@dataclass
class RestoreReport:
    method: str  # "native" or "portable"
    media_files: int
    counts: dict[str, int] = field(default_factory=dict)


# --- helpers ----------------------------------------------------------------------------------------------------
def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _project_version() -> str:
    try:
        with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as handle:
            return tomllib.load(handle)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def _counted_models() -> list:
    """The models whose rows a backup carries over (what the portable copy holds)."""
    skip_apps = {"contenttypes", "sessions"}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in skip_apps
        and model._meta.label_lower != "auth.permission"
        and model._meta.managed
        and not model._meta.proxy
    ]


def row_counts() -> dict[str, int]:
    return {model._meta.label_lower: model._base_manager.count() for model in _counted_models()}


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def _pg_tool(name: str) -> str | None:
    """The newest `pg_dump` / `pg_restore` available (PG_BIN_DIR, then Debian's versioned dirs, then PATH)."""
    if os.environ.get("PG_BIN_DIR"):
        candidate = Path(os.environ["PG_BIN_DIR"]) / name
        return str(candidate) if candidate.exists() else None
    versioned = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parts[-3]), reverse=True
    )
    return versioned[0] if versioned else shutil.which(name)


def _pg_args_and_env() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    args += ["--dbname", str(db["NAME"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


# --- backup -----------------------------------------------------------------------------------------------------
def _native_dump(directory: Path) -> str | None:
    vendor = connection.vendor
    if vendor == "sqlite":
        if connection.in_atomic_block:
            # SQLite's backup API waits for the open write transaction of the very connection it reads from.
            raise BackupError(_("不能在未提交的数据库事务中备份 SQLite 数据库。"))
        target = directory / NATIVE_NAMES["sqlite"]
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            # The online backup API copies a consistent snapshot even while others write.
            connection.connection.backup(destination)
            destination.execute("PRAGMA journal_mode=DELETE")
        finally:
            destination.close()
        return target.name
    if vendor == "postgresql":
        tool = _pg_tool("pg_dump")
        if tool is None:
            return None
        target = directory / NATIVE_NAMES["postgresql"]
        args, env = _pg_args_and_env()
        result = subprocess.run(
            [tool, "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *args],
            env=env, capture_output=True, text=True,
        )
        if result.returncode != 0:
            raise BackupError(_("pg_dump 失败：%(error)s") % {"error": result.stderr.strip()[:500]})
        return target.name
    return None


def _dump_portable(target: Path) -> None:
    """dumpdata with natural keys, except for models whose natural key is not unique (kept by primary key)."""
    main, by_pk = io.StringIO(), io.StringIO()
    serializers.register_serializer(FULL_JSON, "portal.backup_json")
    common = {"format": FULL_JSON, "natural_foreign": True, "use_base_manager": True, "verbosity": 0}
    call_command("dumpdata", natural_primary=True, exclude=PORTABLE_EXCLUDE + KEEP_PRIMARY_KEYS, stdout=main, **common)
    rows = json.loads(main.getvalue() or "[]")
    installed = [label for label in KEEP_PRIMARY_KEYS if apps.is_installed(label.split(".")[0])]
    if installed:
        call_command("dumpdata", *installed, stdout=by_pk, **common)
        rows += json.loads(by_pk.getvalue() or "[]")
    target.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


def default_output_path() -> Path:
    directory = Path(os.environ.get("BACKUP_DIR", Path(settings.BASE_DIR) / "backups"))
    return directory / f"portal-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"


def create_backup(output: Path | None = None) -> tuple[Path, Manifest]:
    """Write one archive with the database (native and portable copies) and the media files."""
    output = Path(output) if output else default_output_path()
    output.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as tmp:
        work = Path(tmp)
        native = _native_dump(work)
        _dump_portable(work / DATA_JSON)
        members: dict[str, Path] = {DATA_JSON: work / DATA_JSON}
        if native:
            members[native] = work / native
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    members[MEDIA_PREFIX + path.relative_to(media_root).as_posix()] = path
        manifest = Manifest(
            {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": timezone.now().isoformat(),
                "project_version": _project_version(),
                "django_version": django.get_version(),
                "database": {"vendor": connection.vendor, "native": native},
                "migrations": _applied_migrations(),
                "counts": row_counts(),
                "media_files": sum(1 for name in members if name.startswith(MEDIA_PREFIX)),
                "files": {name: _sha256(path) for name, path in members.items()},
            }
        )
        partial = output.with_name(output.name + ".part")
        with tarfile.open(partial, "w:gz") as archive:
            payload = json.dumps(manifest.data, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(payload), int(datetime.now().timestamp()), 0o600
            archive.addfile(info, io.BytesIO(payload))
            for name, path in members.items():
                archive.add(path, arcname=name, recursive=False)
        partial.replace(output)  # never leave a half-written archive under the final name
    os.chmod(output, 0o600)
    return output, manifest


# --- reading and checking an archive ----------------------------------------------------------------------------
def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def verify_archive(archive_path: Path, extract_to: Path | None = None) -> Manifest:
    """Check the archive against its manifest (and extract it to `extract_to` if given).

    Raises `BackupError` for anything that is not a complete, untampered archive of this system.
    """
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(_("找不到备份文件：%(path)s") % {"path": archive_path})
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            manifest = _read_manifest(archive)
            seen: set[str] = set()
            for member in archive:
                if member.name == MANIFEST:
                    continue
                if not _safe_member_name(member.name) or not member.isfile():
                    raise BackupError(_("备份中有不安全的条目：%(name)s") % {"name": member.name})
                expected = manifest.files.get(member.name)
                if expected is None:
                    raise BackupError(_("备份中有清单未列出的文件：%(name)s") % {"name": member.name})
                digest = hashlib.sha256()
                handle = archive.extractfile(member)
                sink = None
                if extract_to is not None:
                    target = extract_to / member.name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    sink = target.open("wb")
                try:
                    while block := handle.read(CHUNK):
                        digest.update(block)
                        if sink:
                            sink.write(block)
                finally:
                    if sink:
                        sink.close()
                if digest.hexdigest() != expected:
                    raise BackupError(_("备份已损坏：%(name)s 校验失败。") % {"name": member.name})
                seen.add(member.name)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupError(_("不是有效的备份文件（无法读取压缩包：%(error)s）。") % {"error": exc}) from exc
    missing = set(manifest.files) - seen
    if missing:
        raise BackupError(_("备份不完整，缺少：%(names)s") % {"names": "、".join(sorted(missing)[:5])})
    return manifest


def _read_manifest(archive: tarfile.TarFile) -> Manifest:
    try:
        member = archive.getmember(MANIFEST)
    except KeyError:
        raise BackupError(_("这不是本系统的备份：缺少 manifest.json。")) from None
    try:
        data = json.loads(archive.extractfile(member).read().decode())
    except (ValueError, AttributeError) as exc:
        raise BackupError(_("备份清单 manifest.json 无法读取。")) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(_("这不是本系统的备份（格式标记不符）。"))
    if not isinstance(data.get("format_version"), int) or data["format_version"] > FORMAT_VERSION:
        raise BackupError(
            _("备份格式版本 %(version)s 比本程序支持的 %(supported)s 新，请先升级程序。")
            % {"version": data.get("format_version"), "supported": FORMAT_VERSION}
        )
    for key in ("database", "files", "counts", "migrations"):
        if not isinstance(data.get(key), dict):
            raise BackupError(_("备份清单不完整：缺少 %(key)s。") % {"key": key})
    return Manifest(data)


def _check_migrations_known(manifest: Manifest) -> None:
    """Refuse an archive written by a newer version of the code: its schema would not match ours."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    installed = {config.label for config in apps.get_app_configs()}
    unknown = [
        f"{app_label}.{name}"
        for app_label, names in manifest.data["migrations"].items()
        if app_label in installed
        for name in names
        if (app_label, name) not in known
    ]
    if unknown:
        raise BackupError(
            _("备份来自更新版本的程序（本程序没有这些数据库迁移：%(names)s），请先升级程序。")
            % {"names": "、".join(unknown[:5])}
        )


# --- restore ----------------------------------------------------------------------------------------------------
def _restore_native(manifest: Manifest, work: Path) -> None:
    source = work / manifest.native
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        origin = sqlite3.connect(source)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
        return
    tool = _pg_tool("pg_restore")
    args, env = _pg_args_and_env()
    result = subprocess.run(
        [tool, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", *args, str(source)],
        env=env, capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise BackupError(_("pg_restore 失败：%(error)s") % {"error": result.stderr.strip()[:500]})


def _restore_portable(work: Path) -> None:
    call_command("migrate", interactive=False, verbosity=0)
    with transaction.atomic():
        # flush empties every table and re-creates content types, permissions and the role groups, which the
        # data then matches through natural keys.
        call_command("flush", interactive=False, verbosity=0)
        call_command("loaddata", str(work / DATA_JSON), verbosity=0)


def _restore_media(work: Path) -> int:
    media_root = Path(settings.MEDIA_ROOT)
    source = work / MEDIA_PREFIX.rstrip("/")
    count = 0
    if source.is_dir():
        for path in sorted(source.rglob("*")):
            if path.is_file():
                target = media_root / path.relative_to(source)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
                count += 1
    return count


def can_restore_natively(manifest: Manifest) -> bool:
    if not manifest.native or manifest.vendor != connection.vendor:
        return False
    return connection.vendor == "sqlite" or _pg_tool("pg_restore") is not None


def restore_backup(archive_path: Path, *, portable: bool = False) -> RestoreReport:
    """Bring this installation to the archive's content: database first, then media, then a count check."""
    with tempfile.TemporaryDirectory(prefix="portal-restore-") as tmp:
        work = Path(tmp)
        manifest = verify_archive(Path(archive_path), extract_to=work)
        _check_migrations_known(manifest)
        method = "native" if not portable and can_restore_natively(manifest) else "portable"
        if method == "native":
            _restore_native(manifest, work)
            # Brings an older archive's schema up to this code; a no-op for an archive of the same version.
            call_command("migrate", interactive=False, verbosity=0)
        else:
            _restore_portable(work)
        media = _restore_media(work)
    # Content-type ids may have changed under the ORM's cache (flush re-creates them; a native copy brings its own).
    ContentType.objects.clear_cache()
    counts = row_counts()
    wrong = {
        label: (expected, counts.get(label))
        for label, expected in manifest.counts.items()
        if label in counts and counts[label] != expected
    }
    if wrong:
        details = "，".join(f"{label} {want}→{got}" for label, (want, got) in sorted(wrong.items())[:5])
        raise BackupError(_("恢复后的记录数与备份不符：%(details)s") % {"details": details})
    return RestoreReport(method=method, media_files=media, counts=counts)
