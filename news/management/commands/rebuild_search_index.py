"""`python manage.py rebuild_search_index`: re-index every published piece, with a progress bar on stderr."""

import os

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from news import search

BAR_WIDTH = 30


class Command(BaseCommand):
    help = _("重建站内搜索索引（已发布的文章），显示进度。")

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=search.REBUILD_BATCH, help=_("每批处理的文章数（默认 500）")
        )
        parser.add_argument(
            "--workers", type=int, default=os.cpu_count() or 1, help=_("分词进程数（默认为处理器核数）")
        )

    def handle(self, *args, batch_size: int, workers: int, **options):
        verbosity = options["verbosity"]

        def progress(done: int, total: int) -> None:
            if verbosity < 1:
                return
            share = done / total if total else 1.0
            filled = int(share * BAR_WIDTH)
            self.stderr.write(
                f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} {share:6.1%}", ending=""
            )
            self.stderr.flush()

        report = search.rebuild(progress=progress, batch_size=max(1, batch_size), workers=max(1, workers))
        if verbosity >= 1:
            self.stderr.write("")
        self.stdout.write(
            self.style.SUCCESS(
                _("搜索索引已重建：%(indexed)d 篇已索引，%(removed)d 条过期记录已删除，用时 %(seconds).1f 秒。")
                % {"indexed": report.indexed, "removed": report.removed, "seconds": report.seconds}
            )
        )
