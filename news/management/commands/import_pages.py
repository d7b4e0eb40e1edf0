"""python manage.py import_pages PATH… [--dry-run] [--json] [--column SLUG] [--status draft|review]"""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from news.importing import pipeline
from news.importing.dates import to_iso


class Command(BaseCommand):
    help = _("导入抓取的新闻网页（文本文件、文件夹或 zip 压缩包），生成未发布的导入文章。")

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", help=_("文件、文件夹或 zip 压缩包"))
        parser.add_argument("--dry-run", action="store_true", help=_("只解析和查重，不写入数据库"))
        parser.add_argument("--json", action="store_true", help=_("每个页面输出一行 JSON"))
        parser.add_argument("--column", metavar="SLUG", help=_("放入的栏目（网址名）"))
        parser.add_argument("--status", choices=["draft", "review"], default="draft", help=_("导入后的状态"))
        parser.add_argument("--user", metavar="USERNAME", help=_("以哪个用户的名义导入（送审时必填）"))
        parser.add_argument(
            "--update-duplicates", action="store_true", help=_("重复的页面更新已有的未发布文章，而不是跳过")
        )

    def handle(self, *args, **options) -> None:
        for raw in options["paths"]:
            if not Path(raw).exists():
                raise CommandError(_("找不到路径：%(path)s") % {"path": raw})
        column = self._column(options["column"])
        user = self._user(options["user"])
        if options["status"] == "review" and user is None and not options["dry_run"]:
            raise CommandError(_("送审需要用 --user 指定操作人。"))

        sources = list(pipeline.collect_sources(options["paths"]))
        items = pipeline.preview(sources, progress=self._progress if len(sources) > 1 else None)
        if not options["dry_run"]:
            pipeline.commit(
                items,
                user=user,
                status=options["status"],
                column=column,
                update_duplicates=options["update_duplicates"],
            )
        for item in items:
            if options["json"]:
                self.stdout.write(json.dumps(item.to_json_dict(), ensure_ascii=False))
            else:
                self.stdout.write(self._describe(item))

        summary = pipeline.ImportSummary(items=items)
        refused = [i for i in items if not i.ok]
        line = self._summary_line(items, summary, dry_run=options["dry_run"])
        (self.stderr if options["json"] else self.stdout).write(line)
        if refused:
            raise CommandError(
                _("%(count)d 个文件无法读取，未导入（其余文件已处理）。") % {"count": len(refused)}, returncode=1
            )

    def _column(self, slug: str | None):
        if not slug:
            return None
        from news.models import Column

        column = Column.objects.filter(slug=slug).first()
        if column is None:
            raise CommandError(_("没有网址名为“%(slug)s”的栏目。") % {"slug": slug})
        return column

    def _user(self, username: str | None):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("没有用户“%(name)s”。") % {"name": username})
        return user

    def _progress(self, done: int, total: int, name: str) -> None:
        width = 30
        filled = width * done // total
        bar = "#" * filled + "-" * (width - filled)
        end = "\n" if done == total else ""
        self.stderr.write(f"\r[{bar}] {done}/{total} {Path(name).name[:40]:<40}", ending=end)
        self.stderr.flush()

    def _describe(self, item: pipeline.PreviewItem) -> str:
        if not item.ok:
            return f"✗ {item.file}: {item.error}"
        p = item.parsed
        head = f"{item.file}: [{p.kind}] {p.title} ({to_iso(p.published_at) or _('无日期')})"
        parts = [head]
        if item.duplicate_reason:
            parts.append(
                _("重复（%(reason)s）%(target)s")
                % {"reason": item.duplicate_reason, "target": f"#{item.duplicate_of}" if item.duplicate_of else ""}
            )
        if item.result:
            parts.append(f"→ {item.result}{' #' + str(item.article_id) if item.article_id else ''}")
            if item.result_detail:
                parts.append(item.result_detail)
        for warning in p.warnings:
            parts.append(f"! {warning}")
        return "\n    ".join(parts)

    def _summary_line(self, items, summary: pipeline.ImportSummary, *, dry_run: bool) -> str:
        refused = sum(1 for i in items if not i.ok)
        duplicates = sum(1 for i in items if i.ok and i.is_duplicate)
        warnings = summary.warnings
        if dry_run:
            return _(
                "预览：共 %(total)d 个文件，可导入 %(ok)d，重复 %(dup)d，拒绝 %(refused)d，"
                "警告 %(warn)d（未写入数据库）。"
            ) % {
                "total": len(items),
                "ok": len(items) - refused - duplicates,
                "dup": duplicates,
                "refused": refused,
                "warn": warnings,
            }
        c = summary.counts()
        return _(
            "导入完成：新建 %(created)d，更新 %(updated)d，重复 %(dup)d，拒绝 %(refused)d，"
            "未导入 %(not_imported)d，活动 %(events)d，警告 %(warn)d。"
        ) % {
            "created": c["created"],
            "updated": c["updated"],
            "dup": c["duplicates"],
            "refused": c["refused"],
            "not_imported": c["not_imported"],
            "events": c["events"],
            "warn": warnings,
        }
