from django import template

from news import workflow
from news.models import Article

register = template.Library()


@register.simple_tag
def my_queue(user):
    """What waits for this user, by status, for the admin index."""
    queue = workflow.queue_for(user)
    relevant = [
        (Article.Status.DRAFT, "news.submit_article"),
        (Article.Status.REVIEW, "news.review_article"),
        (Article.Status.SIGNOFF, "news.sign_off_article"),
    ]
    counts = {status: 0 for status, permission in relevant if user.has_perm(permission)}
    for status in queue.values_list("status", flat=True):
        if status in counts:
            counts[status] += 1
    labels = dict(Article.Status.choices)
    return [{"status": status, "label": labels[status], "count": n} for status, n in counts.items()]
