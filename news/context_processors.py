from django.utils.functional import SimpleLazyObject


def navigation(request):
    """The column navigation, read only when a template prints it (the 500 page never does)."""
    from news.navigation import column_tree

    return {"nav_columns": SimpleLazyObject(lambda: column_tree().roots)}
