"""Previewed import batches kept on the server between the preview and the editor's confirmation.

The parsed items are pickled into a file named by a random token, signed with the site's secret
key; the token goes into the editor's session. Nothing the browser posts is ever parsed as items:
the confirmation only names the token, which must be one of the session's own. Claiming a batch
renames its file atomically, so two clicks on "confirm" import it once.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import pickle
import secrets
import time
from pathlib import Path

from django.conf import settings

from news.importing.pipeline import PreviewItem

MAX_AGE_SECONDS = 24 * 3600
_SALT = b"news.importing.staging"


class StagingError(Exception):
    """The batch is gone: expired, already imported, or not this session's."""


def staging_dir() -> Path:
    """``NEWS_IMPORT_STAGING_DIR``, or ``MEDIA_ROOT/tmp/import`` (a place every web worker shares)."""
    configured = getattr(settings, "NEWS_IMPORT_STAGING_DIR", None)
    return Path(configured) if configured else Path(settings.MEDIA_ROOT) / "tmp" / "import"


def _path(token: str) -> Path:
    if not token or not token.replace("-", "").replace("_", "").isalnum() or len(token) > 64:
        raise StagingError("bad token")
    return staging_dir() / f"{token}.batch"


def _signature(payload: bytes) -> bytes:
    key = hashlib.sha256(_SALT + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, payload, hashlib.sha256).digest()


def stash(items: list[PreviewItem]) -> str:
    """Store ``items`` and return the token naming them; batches older than a day are removed."""
    directory = staging_dir()
    directory.mkdir(parents=True, exist_ok=True)
    cleanup()
    token = secrets.token_urlsafe(24)
    payload = pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL)
    temp = directory / f"{token}.partial"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(_signature(payload) + payload)
    temp.replace(_path(token))
    return token


def _read(path: Path) -> list[PreviewItem]:
    raw = path.read_bytes()
    signature, payload = raw[:32], raw[32:]
    if not hmac.compare_digest(signature, _signature(payload)):
        raise StagingError("signature mismatch")
    # Safe to unpickle: written by this server and its signature checked above.
    return pickle.loads(payload)


def load(token: str) -> list[PreviewItem]:
    """The items of a stored batch (the batch stays stored)."""
    try:
        return _read(_path(token))
    except OSError as exc:
        raise StagingError("missing") from exc


def claim(token: str) -> list[PreviewItem]:
    """Take a stored batch for import: only one caller gets it, later callers get :class:`StagingError`."""
    path = _path(token)
    claimed = path.with_suffix(f".claimed-{secrets.token_hex(4)}")
    try:
        path.rename(claimed)
    except OSError as exc:
        raise StagingError("already claimed or expired") from exc
    try:
        return _read(claimed)
    finally:
        claimed.unlink(missing_ok=True)


def discard(token: str) -> None:
    """Forget a stored batch (the editor cancelled)."""
    with contextlib.suppress(StagingError):
        _path(token).unlink(missing_ok=True)


def cleanup(max_age: int = MAX_AGE_SECONDS) -> int:
    """Remove batches older than ``max_age`` seconds; returns how many were removed."""
    directory = staging_dir()
    if not directory.is_dir():
        return 0
    removed, limit = 0, time.time() - max_age
    for entry in directory.iterdir():
        try:
            if entry.stat().st_mtime < limit:
                entry.unlink()
                removed += 1
        except OSError:
            continue
    return removed
