from django.core.management.base import BaseCommand

from news import demo


class Command(BaseCommand):
    help = "Load the demo site: columns, topics, regions, schools, the seed pages published, one account per role."

    def handle(self, *args, **options):
        demo.create_structure()
        accounts = demo.create_accounts()
        published = demo.import_seed_pages(stdout=self.stdout)
        self.stdout.write(f"已发布示例稿件 {len(published)} 篇 / {len(published)} seed articles published")
        self.stdout.write(self.style.SUCCESS("演示数据已就绪 / demo content ready"))
        self.stdout.write("后台 Admin: http://127.0.0.1:8000/admin/")
        for account in accounts:
            role = account.role or "superuser"
            self.stdout.write(f"  {role:<8} {account.username:<8} / {demo.DEMO_PASSWORD}  ({account.name})")
