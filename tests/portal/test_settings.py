import os
import subprocess
import sys

from django.conf import settings

from portal import settings as production_settings


def test_defaults_are_chinese_and_shanghai():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ


def test_whitenoise_sits_right_after_security_middleware():
    middleware = production_settings.MIDDLEWARE
    assert middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") == 1


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "PORTAL_TESTING"}}
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_database_url_selects_postgres():
    env = {**os.environ, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/portal", "PORTAL_TESTING": "1"}
    code = "from portal import settings as s; print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'])"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["django.db.backends.postgresql", "portal"]


def test_redis_url_selects_redis_cache():
    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/3", "PORTAL_TESTING": "1"}
    code = "from portal import settings as s; print(s.CACHES['default']['BACKEND'])"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "django.core.cache.backends.redis.RedisCache"
