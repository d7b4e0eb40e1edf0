from django.core.management.base import BaseCommand

from news import viewcounts


class Command(BaseCommand):
    help = "把缓存中累计的文章阅读数批量写入数据库（建议每分钟由 cron 运行一次）。"

    def handle(self, *args, **options):
        written = viewcounts.flush()
        self.stdout.write(f"{written} views written")
