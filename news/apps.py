from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("新闻")

    def ready(self) -> None:
        from news.signals import sync_roles

        post_migrate.connect(sync_roles, sender=self, dispatch_uid="news.sync_roles")

        from news import submissions, workflow

        workflow.on_transition(submissions.notify_on_transition)

        from news import search_signals

        search_signals.connect(self)
