"""Two people signing off the same piece at the same moment: one transition, one clear refusal.

Runs against whichever database the suite uses; CI runs it on PostgreSQL, where the row lock decides.
"""

import threading

import pytest
from django.db import connection

from news import workflow
from news.models import Article, Transition
from tests.factories import ArticleFactory, editor, signer


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("action", ["sign_off", "approve"])
def test_concurrent_moves_give_exactly_one_transition(action, settings):
    settings.NEWS_REVIEW_LEVELS = 1
    author = editor(username="author")
    status = Article.Status.SIGNOFF if action == "sign_off" else Article.Status.REVIEW
    article = ArticleFactory(created_by=author, last_edited_by=author, status=status)
    if action == "sign_off":
        people = [signer(username="signer-a"), signer(username="signer-b")]
    else:
        from tests.factories import reviewer

        people = [reviewer(username="reviewer-a"), reviewer(username="reviewer-b")]
    barrier = threading.Barrier(len(people))
    outcomes: list = []

    def attempt(user):
        try:
            copy = Article.objects.get(pk=article.pk)
            barrier.wait(timeout=10)
            workflow.run(action, copy, by=user, expected_status=status)
            outcomes.append("ok")
        except workflow.WorkflowError as exc:
            outcomes.append(str(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(user,)) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes, key=lambda o: o != "ok")[0] == "ok"
    assert outcomes.count("ok") == 1, outcomes
    refusal = next(o for o in outcomes if o != "ok")
    assert "已被他人处理" in refusal or "不能" in refusal
    assert Transition.objects.filter(article=article, action=action).count() == 1
