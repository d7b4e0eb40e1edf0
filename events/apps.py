from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("职业教育活动周")

    def ready(self) -> None:
        from events.models import ActivityWeek, WeekTransition
        from news import workflow
        from news.signals import sync_roles

        # The news app syncs the roles after its own permissions exist; this app's come later in the same
        # migrate, so sync again once they do.
        post_migrate.connect(sync_roles, sender=self, dispatch_uid="events.sync_roles")

        # Weeks pass the articles' review and sign-off chain, with their own permissions and log.
        workflow.register(
            ActivityWeek,
            log_model=WeekTransition,
            log_field="week",
            permissions={
                "news.submit_article": "events.submit_activityweek",
                "news.review_article": "events.review_activityweek",
                "news.sign_off_article": "events.sign_off_activityweek",
                "news.withdraw_article": "events.withdraw_activityweek",
                "news.archive_article": "events.archive_activityweek",
            },
        )
