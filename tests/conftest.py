import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS_DIR = Path(os.environ.get("SEEDS_DIR", REPO.parent / "shared" / "seeds"))


@pytest.fixture
def seeds_dir() -> Path:
    assert SEEDS_DIR.is_dir(), f"seed pages not found at {SEEDS_DIR}"
    return SEEDS_DIR


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in Chinese: a request with the English language cookie leaves English active in the thread."""
    yield
    from django.utils import translation

    translation.deactivate()
