import json
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from news import roles
from news.models import Article, Transition

pytestmark = pytest.mark.django_db


def test_load_demo_publishes_the_seed_pages_through_the_chain_and_is_safe_twice(seeds_dir):
    out = StringIO()
    call_command("load_demo", stdout=out)
    call_command("load_demo", stdout=StringIO())
    expected = [e for e in json.loads((seeds_dir / "expected.json").read_text()) if e["kind"] == "article"]
    published = Article.objects.published()
    assert sorted(published.values_list("title", flat=True)) == sorted(e["title"] for e in expected)
    assert Article.objects.count() == len(expected)
    for article in published:
        actions = list(article.transitions.values_list("action", flat=True))
        assert actions[0] == "submit"
        assert actions[-1] == "sign_off"
        assert article.origin == Article.Origin.IMPORTED
        assert article.original_text
    signed = Transition.objects.filter(action="sign_off").values_list("actor__username", flat=True)
    assert set(signed) == {"qianfa"}
    for username, role in [("bianji", roles.EDITOR), ("shenhe", roles.REVIEWER), ("qianfa", roles.SIGNER)]:
        assert User.objects.get(username=username).groups.filter(name=role).exists()
    text = out.getvalue()
    assert "bianji" in text
    assert "qianfa" in text
    from events.models import ActivityWeek

    plan = ActivityWeek.objects.get(title="2022年职业教育活动周实施方案")
    assert plan.status == "published"
    assert plan.theme == "技能:让生活更美好"
    assert plan.transitions.last().action == "sign_off"
    regional = Article.objects.get(title__startswith="以快制胜")
    assert regional.region.name == "净月区"
    assert regional.images.count() == 3
