"""Two-factor log-in (TOTP) for everyone who may sign off; other roles unaffected."""

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from news import roles
from tests.factories import UserFactory


def code(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def logged_in(user) -> Client:
    client = Client()
    assert client.post(reverse("admin:login"), {"username": user.username, "password": "pass-12345"}).status_code == 302
    return client


@pytest.fixture
def required(settings):
    settings.NEWS_SIGNER_OTP_REQUIRED = True


@pytest.mark.django_db
@pytest.mark.parametrize("role", [roles.SIGNER, roles.SITE_ADMIN, "superuser"])
def test_a_signer_enrols_then_reaches_the_admin(required, role):
    user = UserFactory(username="signer", is_superuser=True) if role == "superuser" else UserFactory(
        username="signer", role=role
    )
    client = logged_in(user)
    changelist = reverse("admin:news_article_changelist")
    response = client.get(changelist)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('otp_setup')}?next={changelist}"

    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "启用双因素认证" in text or "双因素认证" in text
    assert 'src="data:image/png;base64,' in text  # the QR code, an image: nothing inline for CSP
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert device.config_url.split("secret=")[1].split("&")[0] in text

    wrong = client.post(reverse("otp_setup"), {"token": "000000" if code(device) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "验证码不正确" in wrong.content.decode()
    assert client.get(changelist).status_code == 302
    # A failure throttles the device: even the right code is refused at once (guessing is slowed down) …
    assert client.post(reverse("otp_setup"), {"token": code(device)}).status_code == 200
    device.refresh_from_db()
    device.throttle_reset()  # … until the throttle delay has passed

    done = client.post(reverse("otp_setup"), {"token": code(device), "next": changelist})
    assert done.status_code == 302
    assert done["Location"] == changelist
    assert client.get(changelist).status_code == 200
    device.refresh_from_db()
    assert device.confirmed


@pytest.mark.django_db
def test_a_new_session_of_an_enrolled_signer_asks_for_a_code(required):
    user = UserFactory(username="qianfa", role=roles.SIGNER)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = logged_in(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp_verify"))
    bad = client.post(reverse("otp_verify"), {"token": "12345a"})
    assert "验证码错误或已过期" in bad.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    device.throttle_reset()  # as if the throttle delay had passed
    ok = client.post(reverse("otp_verify"), {"token": code(device)})
    assert ok.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    # The enrolment page cannot be used to add a second device behind the first one's back.
    assert client.get(reverse("otp_setup"))["Location"] == reverse("otp_verify")


@pytest.mark.django_db
def test_next_never_leaves_the_site(required):
    user = UserFactory(username="qianfa2", role=roles.SIGNER)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = logged_in(user)
    response = client.post(reverse("otp_verify") + "?next=" + quote("https://evil.example/"), {"token": code(device)})
    assert response["Location"] == reverse("admin:index")


@pytest.mark.django_db
@pytest.mark.parametrize("role", [roles.EDITOR, roles.REVIEWER])
def test_roles_that_cannot_sign_off_need_no_second_factor(required, role):
    client = logged_in(UserFactory(username="plain", role=role))
    assert client.get(reverse("admin:news_article_changelist")).status_code == 200


@pytest.mark.django_db
def test_switched_off_by_setting(settings):
    settings.NEWS_SIGNER_OTP_REQUIRED = False
    client = logged_in(UserFactory(username="qianfa3", role=roles.SIGNER))
    assert client.get(reverse("admin:news_article_changelist")).status_code == 200


@pytest.mark.django_db
def test_anonymous_visitors_get_the_log_in_not_the_two_factor_pages():
    client = Client()
    for name in ("otp_verify", "otp_setup"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
