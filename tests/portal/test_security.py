"""Production settings, security headers, CSP-clean templates, the admin lock-out and upload safety."""

import importlib
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory, override_settings
from django.urls import clear_url_caches, reverse

from news.images import validate_image_file
from portal import security
from tests.factories import ArticleFactory, PublishedArticleFactory, UserFactory

REPO = Path(__file__).resolve().parent.parent.parent


def production_env(**extra) -> dict:
    # A clean environment, as a production server would have: none of the test run's switches.
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="news.example.cn",
        DATABASE_URL="sqlite:////tmp/portal-deploy-check.sqlite3",
        DJANGO_SETTINGS_MODULE="portal.settings",
    )
    env.update(extra)
    return env


# --- production settings -----------------------------------------------------------------------------------
def test_check_deploy_reports_nothing_with_production_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=REPO, env=production_env(), capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_does_flag_a_short_secret_key():
    # Proves the check above would fail if the settings were weak.
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO, env=production_env(SECRET_KEY="short"), capture_output=True, text=True,
    )
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_production_settings_turn_on_https_only_cookies_and_hsts():
    code = (
        "from django.conf import settings as s; import django; django.setup();"
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT, s.X_FRAME_OPTIONS,"
        " s.SECURE_REFERRER_POLICY, s.SECURE_CONTENT_TYPE_NOSNIFF)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=production_env(), capture_output=True, text=True, check=True
    ).stdout.split()
    assert int(out[0]) >= 31536000
    assert out[1:6] == ["True"] * 5
    assert out[6:] == ["DENY", "strict-origin-when-cross-origin", "True"]


# --- headers on served pages -------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("which", ["home", "article", "admin_login"])
def test_served_pages_carry_strict_security_headers(client, which):
    article = PublishedArticleFactory()
    url = {"home": reverse("news:home"), "article": article.get_absolute_url(), "admin_login": reverse("admin:login")}[
        which
    ]
    response = client.get(url)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


def test_permissions_policy_header_renders_allow_lists():
    header = security.permissions_policy_header({"camera": [], "fullscreen": ["self"], "autoplay": ["https://a.cn"]})
    assert header == 'camera=(), fullscreen=(self), autoplay=("https://a.cn")'


@pytest.mark.django_db
def test_session_cookie_is_httponly(client):
    user = UserFactory(username="cookie", is_superuser=True)
    response = client.post(reverse("admin:login"), {"username": user.username, "password": "pass-12345"})
    assert response.status_code == 302
    assert response.cookies[settings.SESSION_COOKIE_NAME]["httponly"]


# --- no inline script or style anywhere ---------------------------------------------------------------------
def project_template_files() -> list[Path]:
    """Every template the project ships: templates/ and each project app's templates/ (later apps included)."""
    roots = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    for config in apps.get_app_configs():
        app_path = Path(config.path).resolve()
        if REPO in app_path.parents and ".venv" not in app_path.parts:
            roots.append(app_path / "templates")
    files = [path for root in roots if root.is_dir() for path in root.rglob("*") if path.suffix in {".html", ".txt"}]
    return sorted(set(files))


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
INLINE_PROBLEMS = [
    (re.compile(r"<style\b", re.IGNORECASE), "<style> block"),
    (re.compile(r"\sstyle\s*=", re.IGNORECASE), "style= attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.IGNORECASE), "on*= event handler"),
    (re.compile(r"javascript:", re.IGNORECASE), "javascript: URL"),
]
DATA_SCRIPT_TYPE = re.compile(r"""type\s*=\s*["']application/(ld\+)?json["']""", re.IGNORECASE)


def inline_violations(text: str) -> list[str]:
    problems = []
    for match in SCRIPT_TAG.finditer(text):
        attrs = match.group(1)
        if re.search(r"\bsrc\s*=", attrs, re.IGNORECASE) or DATA_SCRIPT_TYPE.search(attrs):
            continue
        problems.append(f"inline <script>: {match.group(0)}")
    for pattern, label in INLINE_PROBLEMS:
        problems.extend(f"{label}: {m.group(0)}" for m in pattern.finditer(text))
    return problems


@pytest.mark.parametrize(
    ("html", "bad"),
    [
        ("<script>alert(1)</script>", True),
        ('<script src="/static/js/a.js"></script>', False),
        ('<script type="application/ld+json">{}</script>', False),
        ("<style>p{}</style>", True),
        ('<p style="color:red">', True),
        ('<a href="#" onclick="x()">', True),
        ('<body onload="x()">', True),
        ('<a href="javascript:void(0)">', True),
        ('<p class="onion" data-style="x">', False),
    ],
)
def test_inline_scanner_recognises_what_csp_would_block(html, bad):
    assert bool(inline_violations(html)) is bad


def test_project_templates_are_found():
    names = {path.relative_to(REPO).as_posix() for path in project_template_files()}
    assert "templates/base.html" in names
    assert "templates/news/article_detail.html" in names


def test_no_template_has_inline_script_or_style():
    problems = {
        path.relative_to(REPO).as_posix(): found
        for path in project_template_files()
        if (found := inline_violations(path.read_text(encoding="utf-8")))
    }
    assert problems == {}


@pytest.mark.django_db
def test_rendered_pages_have_no_inline_script_or_style(client):
    article = PublishedArticleFactory(body='<p style="color:red" onclick="x()">正文</p><script>alert(1)</script>')
    admin = UserFactory(username="root-csp", is_superuser=True)
    pages = [reverse("news:home"), article.get_absolute_url(), reverse("admin:login")]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert inline_violations(response.content.decode()) == [], url
    client.force_login(admin)
    for url in [reverse("admin:news_article_change", args=[article.pk]), reverse("admin:news_article_changelist")]:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert 'class="workflow-box"' in text or "changelist" in text
        assert inline_violations(text) == [], url


# --- admin log-in lock-out (django-axes) -----------------------------------------------------------------------
@pytest.mark.django_db
def test_repeated_failed_admin_logins_lock_the_account_with_a_chinese_message(client):
    user = UserFactory(username="zhangsan", is_superuser=True)
    url = reverse("admin:login")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": user.username, "password": "wrong"})
        assert response.status_code == 200  # the ordinary form again, with its error
    response = client.post(url, {"username": user.username, "password": "wrong"})
    assert response.status_code == 429
    text = response.content.decode()
    assert "登录已被暂时锁定" in text
    assert str(settings.AXES_FAILURE_LIMIT) in text
    # Even the right password is refused while locked.
    response = client.post(url, {"username": user.username, "password": "pass-12345"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_successful_login_resets_the_failure_count(client):
    user = UserFactory(username="lisi", is_superuser=True)
    url = reverse("admin:login")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(url, {"username": user.username, "password": "wrong"})
    response = client.post(url, {"username": user.username, "password": "pass-12345"})
    assert response.status_code == 302
    client.logout()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": user.username, "password": "wrong"})
        assert response.status_code == 200
    response = client.post(url, {"username": user.username, "password": "pass-12345"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_lockout_is_per_user_name(client):
    UserFactory(username="victim", is_superuser=True)
    other = UserFactory(username="bystander", is_superuser=True)
    url = reverse("admin:login")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "victim", "password": "wrong"})
    response = client.post(url, {"username": other.username, "password": "pass-12345"})
    assert response.status_code == 302


# --- uploads ---------------------------------------------------------------------------------------------------
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HOSTILE_UPLOADS = {
    "logo.svg": SVG,
    "logo.png": SVG,  # an SVG renamed to .png
    "page.html": b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>",
    "photo.jpg": b"<html><script>alert(1)</script></html>",
    "setup.exe": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200,
    "run.sh": b"#!/bin/sh\nrm -rf /\n",
    "empty.png": b"",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_UPLOADS))
def test_image_validator_refuses_svg_html_and_executables(name):
    upload = SimpleUploadedFile(name, HOSTILE_UPLOADS[name], content_type="image/png")
    with pytest.raises(ValidationError) as info:
        validate_image_file(upload)
    assert any("图片" in message for message in info.value.messages)


@pytest.mark.django_db
def test_admin_refuses_an_svg_cover_image(client):
    admin = UserFactory(username="root-svg", is_superuser=True)
    client.force_login(admin)
    response = client.post(
        reverse("admin:news_article_add"),
        {
            "title": "带 SVG 封面的稿件",
            "cover_image": SimpleUploadedFile("cover.svg", SVG, content_type="image/svg+xml"),
            "credits-TOTAL_FORMS": "0", "credits-INITIAL_FORMS": "0",
            "images-TOTAL_FORMS": "0", "images-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert 'id="id_cover_image_error"' in response.content.decode()
    assert "有效的图片" in response.content.decode()
    from news.models import Article

    assert not Article.objects.filter(title="带 SVG 封面的稿件").exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("images/2026/05/a.JPG", "image/jpeg"),
        ("images/a.png", "image/png"),
        ("images/a.webp", "image/webp"),
        ("images/a.svg", "application/octet-stream"),
        ("submissions/a.html", "application/octet-stream"),
        ("submissions/a.htm", "application/octet-stream"),
        ("submissions/a.js", "application/octet-stream"),
        ("submissions/a.exe", "application/octet-stream"),
        ("submissions/a.xhtml", "application/octet-stream"),
        ("submissions/noext", "application/octet-stream"),
    ],
)
def test_media_types_are_never_executable(name, expected):
    assert security.safe_media_type(name) == expected


@pytest.mark.parametrize(("name", "content_type"), [("evil.html", "application/octet-stream"), ("a.png", "image/png")])
def test_debug_media_serving_sends_safe_type_and_nosniff(tmp_path, name, content_type):
    (tmp_path / name).write_bytes(b"<html><script>alert(1)</script></html>")
    request = RequestFactory().get(f"/media/{name}")
    response = security.serve_media(request, name, document_root=str(tmp_path))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    if content_type == "application/octet-stream":
        assert response["Content-Disposition"] == "attachment"


def test_debug_urls_route_media_through_the_safe_view():
    import portal.urls

    try:
        with override_settings(DEBUG=True):
            module = importlib.reload(portal.urls)
            media = [p for p in module.urlpatterns if str(p.pattern).startswith("media/")]
            assert [p.callback for p in media] == [security.serve_media]
    finally:
        importlib.reload(portal.urls)
        clear_url_caches()


@pytest.mark.django_db
def test_unpublished_article_factory_is_not_public(client):
    # Guard for the fixtures used above: a draft must 404 at its public address.
    assert client.get(ArticleFactory().get_absolute_url()).status_code == 404
