from django.contrib.auth.models import Group, Permission

from news.roles import sync_role_permissions


def sync_roles(sender, **kwargs) -> None:
    """After every migrate, give the roles the permissions of models added since their migration."""
    sync_role_permissions(Group, Permission)
