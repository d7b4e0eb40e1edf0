"""Where the sample pages live: ../shared/seeds beside the repository, or $SEEDS_DIR."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest


def seeds_dir() -> Path | None:
    candidate = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
    if (candidate / "expected.json").is_file():
        return candidate
    env = os.environ.get("SEEDS_DIR")
    if env and (Path(env) / "expected.json").is_file():
        return Path(env)
    return None


def load_expected() -> list[dict]:
    d = seeds_dir()
    if d is None:
        return []
    return json.loads((d / "expected.json").read_text(encoding="utf-8"))


def seed_bytes(name: str) -> bytes:
    d = seeds_dir()
    if d is None:
        pytest.skip("sample pages not found (../shared/seeds or $SEEDS_DIR)")
    return (d / name).read_bytes()


def seed_text(name: str) -> str:
    return seed_bytes(name).decode("utf-8")


EXPECTED = load_expected()
needs_seeds = pytest.mark.skipif(not EXPECTED, reason="sample pages not found (../shared/seeds or $SEEDS_DIR)")
