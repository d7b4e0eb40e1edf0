import json
import os
import shutil
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings as django_settings
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


PRINT_SEEDS_DIR = "import django; django.setup(); from django.conf import settings; print(settings.SEEDS_DIR)"


def test_load_demo_reads_the_seed_pages_from_the_seeds_dir_setting(seeds_dir, tmp_path, settings):
    """A checkout elsewhere (a worktree, CI) points SEEDS_DIR at the pages; the setting follows the variable."""
    one = next(page for page in sorted(seeds_dir.iterdir()) if page.suffix in (".html", ".htm", ".txt"))
    shutil.copy(one, tmp_path / one.name)
    shutil.copy(seeds_dir / "expected.json", tmp_path / "expected.json")
    settings.SEEDS_DIR = tmp_path
    call_command("load_demo", stdout=StringIO())
    assert Article.objects.count() == 1
    printed = subprocess.run(
        [sys.executable, "-c", PRINT_SEEDS_DIR],
        env={**os.environ, "SEEDS_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True, text=True, cwd=django_settings.BASE_DIR, check=True,
    )
    assert printed.stdout.strip() == str(tmp_path)
