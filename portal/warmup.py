"""Load what every worker would load on its own, once, in the gunicorn master before it forks.

With `preload_app` the master imports portal.wsgi, which calls `warm_up()`: the segmenter's cache files are
built there if missing (jieba's full dictionary is needed once for that, ~60 MB, never in a worker), the
search text tables and OpenCC's converters are read there, and `gc.freeze()` then moves everything loaded so
far out of the collector's reach, so the workers' collections do not write to those pages and copy them. The
workers share these pages; each still counts them in its RSS (they are resident in it), but not in its PSS.
"""

import gc

from news import search_text, segmenter
from news.importing import script as import_script
from portal import script_conversion


def warm_up() -> None:
    segmenter.tokenizer.check_initialized()
    search_text.to_simplified("教師")  # the t2s character and phrase tables
    import_script.detect_script("教師")  # the importer's character tables
    for direction in script_conversion.DIRECTIONS.values():
        script_conversion.converter(direction).convert("教育")
    gc.collect()
    gc.freeze()
