"""python manage.py poll_feeds [--school ID] [--dry-run]: import new items of the schools' RSS/Atom feeds."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from news.importing import feeds
from news.models import School


class Command(BaseCommand):
    help = _("抓取各院校的 RSS/Atom 订阅，把新条目导入为草稿。")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--school", type=int, metavar="ID", help=_("只抓取这所院校（编号）"))
        parser.add_argument("--dry-run", action="store_true", help=_("只读取和查重，不写入数据库"))
        parser.add_argument("--user", metavar="USERNAME", help=_("以哪个用户的名义导入"))

    def handle(self, *args, **options) -> None:
        schools = School.objects.exclude(feed_url="").order_by("pk")
        if options["school"] is not None:
            schools = School.objects.filter(pk=options["school"])
            if not schools.exists():
                raise CommandError(_("没有编号为 %(id)s 的院校。") % {"id": options["school"]})
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("没有用户“%(name)s”。") % {"name": options["user"]})
        reports = feeds.poll_schools(schools, user=user, dry_run=options["dry_run"])
        for report in reports:
            if report.error:
                self.stderr.write(_("✗ %(name)s（%(url)s）：%(error)s") % vars(report))
                continue
            verb = _("将新建") if options["dry_run"] else _("新建")
            self.stdout.write(
                _("✓ %(name)s：%(verb)s %(created)d，已有 %(duplicates)d，失败 %(failed)d")
                % {
                    "name": report.name,
                    "verb": verb,
                    "created": len(report.new_titles),
                    "duplicates": len(report.duplicates),
                    "failed": len(report.failed),
                }
            )
            for line in report.failed:
                self.stderr.write(f"  ! {line}")
        failed = [r for r in reports if r.error]
        self.stdout.write(
            _("共 %(feeds)d 个订阅：成功 %(ok)d，失败 %(failed)d；新建 %(created)d 篇%(dry)s。")
            % {
                "feeds": len(reports),
                "ok": len(reports) - len(failed),
                "failed": len(failed),
                "created": sum(len(r.new_titles) for r in reports if r.ok),
                "dry": _("（试运行，未写入）") if options["dry_run"] else "",
            }
        )
        if failed:
            raise CommandError(_("%(count)d 个订阅抓取失败（其余已处理）。") % {"count": len(failed)}, returncode=1)
