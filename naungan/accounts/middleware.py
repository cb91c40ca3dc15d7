"""Session expiry after inactivity, and the two-factor gate."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .roles import IDENTITY_ROLES, Role
from .scope import is_national, roles_of

SESSION_EXPIRED = gettext_noop("Sesi Anda berakhir karena tidak ada aktivitas. Silakan masuk kembali.")
_LAST_SEEN = "naungan_last_seen"
_TOUCH_EVERY = 30  # seconds: the idle clock's resolution (the timeout is minutes)


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session") and not request.path.startswith("/api/"):
            now = int(time.time())
            last = request.session.get(_LAST_SEEN)
            if last is not None and now - int(last) > settings.SESSION_IDLE_TIMEOUT_SECONDS:
                logout(request)
                messages.warning(request, _(SESSION_EXPIRED))
                return redirect(f"{reverse('accounts:login')}")
            if last is None or now - int(last) >= _TOUCH_EVERY:  # not a session write on every click
                request.session[_LAST_SEEN] = now
        return self.get_response(request)


def needs_two_factor(user) -> bool:
    """Identity roles must enrol in production (NAUNGAN_REQUIRE_2FA)."""
    if not settings.NAUNGAN_REQUIRE_2FA:
        return False
    # City administrators too: they grant every role, so their account opens everything.
    return is_national(user) or bool(roles_of(user) & (set(IDENTITY_ROLES) | {Role.CITY_ADMIN}))


def has_confirmed_device(user) -> bool:
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True)


class RequireTwoFactorMiddleware:
    """A user with a TOTP device must enter a code after the password; a user whose role needs 2FA
    must enrol before anything else. API token requests are checked at token issue."""

    EXEMPT_PREFIXES = ("/static/", "/i18n/", "/lapor/")
    TWO_FACTOR_NEEDED = "Verifikasi dua langkah diperlukan. Masuk lewat halaman web dan masukkan kode, atau pakai token API."

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith(self.EXEMPT_PREFIXES):
            return self.get_response(request)
        allowed = {reverse("accounts:logout"), reverse("accounts:otp_verify"), reverse("accounts:otp_setup")}
        if request.path in allowed:
            return self.get_response(request)
        if not user.is_verified():
            device = has_confirmed_device(user)
            if device or needs_two_factor(user):
                if request.path.startswith("/api/"):
                    # A password-only session must not reach the API either (token requests carry no
                    # session and are checked when the token is issued).
                    from django.http import JsonResponse

                    return JsonResponse({"detail": self.TWO_FACTOR_NEEDED}, status=403)
                return redirect(reverse("accounts:otp_verify" if device else "accounts:otp_setup"))
        return self.get_response(request)
