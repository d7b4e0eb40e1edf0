"""The content version changes with everything a public page shows, including review-chain moves."""

import pytest

from news import content_version, workflow
from tests.factories import PublishedArticleFactory, TopicFactory, signer

pytestmark = pytest.mark.django_db


def test_saves_tags_topics_and_workflow_moves_bump_the_version(django_capture_on_commit_callbacks):
    article = PublishedArticleFactory()
    before = content_version.current()
    article.tags.add("技能")
    after_tag = content_version.current()
    assert after_tag > before
    article.topics.add(TopicFactory())
    after_topic = content_version.current()
    assert after_topic > after_tag

    published = PublishedArticleFactory()
    user = signer()
    start = content_version.current()
    # the chain moves pieces with queryset updates (no model signal, and withdrawing writes no credit):
    # its after-commit hook bumps the version
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(published, by=user, comment="撤稿")
    assert content_version.current() > start
