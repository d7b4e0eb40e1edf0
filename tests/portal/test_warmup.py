"""What the gunicorn master loads before forking (portal/warmup.py), so workers share it."""

import gc

import pytest

from news import segmenter
from news.importing import script as import_script
from portal import script_conversion, warmup


@pytest.fixture
def unfreeze():
    yield
    gc.unfreeze()


def test_warm_up_loads_the_dictionaries_and_freezes_them(unfreeze):
    gc.unfreeze()
    warmup.warm_up()
    assert segmenter.tokenizer.initialized
    assert isinstance(segmenter.tokenizer.FREQ, segmenter.CompactFreq)
    assert script_conversion.converter.cache_info().currsize == len(script_conversion.DIRECTIONS)
    assert import_script._changed_chars.cache_info().currsize == 2
    assert gc.get_freeze_count() > 0


def test_importer_and_middleware_share_one_converter_per_direction():
    assert import_script.to_traditional("职业教育") == "職業教育"
    assert import_script.to_simplified("職業教育") == "职业教育"
    assert import_script._converter("s2t") is script_conversion.converter("s2t")
