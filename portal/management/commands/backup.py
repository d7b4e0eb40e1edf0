from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "备份数据库与上传文件到一个 .tar.gz 压缩包（含校验清单）。"

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", type=Path, help="压缩包路径（默认 backups/portal-时间.tar.gz）")

    def handle(self, *args, output=None, **options):
        try:
            path, manifest = create_backup(output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        articles = manifest.counts.get("news.article", 0)
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成：{path}（数据库 {manifest.vendor}，"
                f"{'含原生备份 ' + manifest.native if manifest.native else '仅可移植 JSON'}；"
                f"文章 {articles} 篇，上传文件 {manifest.data['media_files']} 个）"
            )
        )
