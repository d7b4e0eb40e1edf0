"""Two-factor log-in (TOTP, django-otp) for everyone who may sign off (签发), in the admin.

When `settings.NEWS_SIGNER_OTP_REQUIRED` is on (production default), a user holding `news.sign_off_article`
reaches no admin page until this session has been verified with a code from an authenticator app; a user
without a device is first led through enrolling one (a QR code and the secret). Other roles are unaffected.
"""

from __future__ import annotations

import segno
from django import forms
from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "签发双因素认证"


def signer_needs_otp(user) -> bool:
    """Whether `user` must pass a second factor before using the admin."""
    return (
        bool(getattr(settings, "NEWS_SIGNER_OTP_REQUIRED", False))
        and user.is_authenticated
        and user.has_perm("news.sign_off_article")
    )


class SignerTwoFactorMiddleware:
    """Sends an unverified signer from any admin page to the verification (or enrolment) page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        admin_root = reverse("admin:index")
        if request.path.startswith(admin_root) and signer_needs_otp(request.user) and not request.user.is_verified():
            open_paths = {
                reverse("otp_verify"), reverse("otp_setup"), reverse("admin:logout"), reverse("admin:login"),
                reverse("admin:jsi18n"),
            }
            if request.path not in open_paths:
                target = "otp_verify" if user_has_device(request.user, confirmed=True) else "otp_setup"
                return HttpResponseRedirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("6 位验证码"), min_length=6, max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("admin:index")


@never_cache
@staff_member_required
def verify(request: HttpRequest):
    """Enter a code from the enrolled authenticator; the session is then verified."""
    if not user_has_device(request.user, confirmed=True):
        return HttpResponseRedirect(reverse("otp_setup"))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"].strip())
        if device is not None:
            otp_login(request, device)
            return HttpResponseRedirect(_next_url(request))
        form.add_error("token", _("验证码错误或已过期，请重新输入。"))
    context = {"form": form, "next": _next_url(request), "title": _("签发人身份验证")}
    return render(request, "admin/otp_verify.html", context)


@never_cache
@staff_member_required
def setup(request: HttpRequest):
    """Enrol an authenticator app: scan the code, then confirm with the first code it shows."""
    if user_has_device(request.user, confirmed=True):
        return HttpResponseRedirect(reverse("otp_verify"))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=DEVICE_NAME, confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return HttpResponseRedirect(_next_url(request))
        form.add_error("token", _("验证码不正确，请确认手机时间准确后重新输入。"))
    context = {
        "form": form,
        "next": _next_url(request),
        "title": _("启用签发双因素认证"),
        "qr_data_uri": segno.make(device.config_url, error="m").png_data_uri(scale=5),
        "secret": device.config_url.split("secret=", 1)[1].split("&", 1)[0],
    }
    return render(request, "admin/otp_setup.html", context)
