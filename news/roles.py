"""The newsroom's roles and what each may do; the data migration and the demo loader both read this."""

EDITOR = "编辑"
REVIEWER = "审核"
SIGNER = "签发"
SITE_ADMIN = "站点管理员"

_CONTENT_VIEW = [
    "news.view_column", "news.view_topic", "news.view_region", "news.view_school", "taggit.view_tag",
]
_ARTICLE_EDIT = [
    "news.view_article", "news.add_article", "news.change_article",
    "news.view_credit", "news.add_credit", "news.change_credit", "news.delete_credit",
    "news.view_articleimage", "news.add_articleimage", "news.change_articleimage", "news.delete_articleimage",
    "news.view_transition", "taggit.add_tag", "taggit.change_tag",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    EDITOR: [*_CONTENT_VIEW, *_ARTICLE_EDIT, "news.add_school", "news.submit_article", "news.delete_article"],
    REVIEWER: [*_CONTENT_VIEW, *_ARTICLE_EDIT, "news.review_article", "news.view_submission"],
    SIGNER: [
        *_CONTENT_VIEW, *_ARTICLE_EDIT, "news.sign_off_article", "news.withdraw_article", "news.archive_article",
        "news.view_submission",
    ],
    # The site administrator manages everything in the newsroom's apps, but still passes the chain's rules.
    SITE_ADMIN: ["news.*", "events.*", "taggit.*"],
}


# Activity weeks (events app): editors prepare them; reviewers and signers move them through the same chain.
_WEEK_EDIT = [
    "events.view_activityweek", "events.add_activityweek", "events.change_activityweek",
    "events.view_activitygroup", "events.add_activitygroup", "events.change_activitygroup",
    "events.delete_activitygroup",
    "events.view_activity", "events.add_activity", "events.change_activity", "events.delete_activity",
    "events.view_weekattachment", "events.add_weekattachment", "events.change_weekattachment",
    "events.delete_weekattachment", "events.view_weektransition",
]
ROLE_PERMISSIONS[EDITOR] += [*_WEEK_EDIT, "events.submit_activityweek", "events.delete_activityweek"]
ROLE_PERMISSIONS[REVIEWER] += [*_WEEK_EDIT, "events.review_activityweek"]
ROLE_PERMISSIONS[SIGNER] += [
    *_WEEK_EDIT, "events.sign_off_activityweek", "events.withdraw_activityweek", "events.archive_activityweek",
]


def sync_role_permissions(group_model, permission_model) -> None:
    """Create the role groups if missing and grant each the permissions listed above (idempotent)."""
    for role, codes in ROLE_PERMISSIONS.items():
        group, _created = group_model.objects.get_or_create(name=role)
        perms = []
        for code in codes:
            app_label, codename = code.split(".")
            query = permission_model.objects.filter(content_type__app_label=app_label)
            perms.extend(query if codename == "*" else query.filter(codename=codename))
        group.permissions.add(*perms)
