from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "从 backup 命令生成的压缩包恢复数据库与上传文件（会覆盖当前数据库内容）。"

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="备份压缩包 .tar.gz")
        parser.add_argument(
            "--portable", action="store_true", help="使用可移植的 JSON 数据恢复（跨数据库类型迁移时自动使用）"
        )

    def handle(self, *args, archive, portable=False, **options):
        try:
            report = restore_backup(archive, portable=portable)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        method = "原生数据库备份" if report.method == "native" else "可移植 JSON 数据"
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成（{method}）：文章 {report.counts.get('news.article', 0)} 篇，"
                f"上传文件 {report.media_files} 个。"
            )
        )
