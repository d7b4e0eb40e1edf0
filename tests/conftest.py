import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# CI replays the same examples every run (a fixed seed), so a landing is judged on code, not on luck; locally
# every run explores new examples.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

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
