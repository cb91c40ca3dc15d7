from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from naungan.audit.services import audit_record

from .forms import LoginForm, OtpForm
from .scope import memberships, organisations_visible_to, users_visible_to
from .services import otp_device_confirm

OTP_WRONG = "Kode tidak cocok. Periksa jam ponsel Anda dan coba lagi."


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(actor=form.get_user(), action="auth.login", obj=form.get_user())
        return response


class LogoutView(auth_views.LogoutView):
    pass


@login_required
def profile(request):
    return render(request, "accounts/profile.html", {
        "memberships": memberships(request.user),
        "has_2fa": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="Naungan", confirmed=False)
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            otp_device_confirm(actor=request.user, device=device)
            otp_login(request, device)
            messages.success(request, _("Verifikasi dua langkah aktif."))
            return redirect("core:home")
        form.add_error("token", _(OTP_WRONG))
    qr_svg = segno.make(device.config_url, error="m").svg_data_uri(scale=4)
    return render(request, "accounts/otp_setup.html", {"form": form, "qr": qr_svg, "secret": device.bin_key.hex()})


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
            if device.verify_is_allowed()[0] and device.verify_token(form.cleaned_data["token"].strip()):
                otp_login(request, device)
                audit_record(actor=request.user, action="auth.2fa_verified", obj=request.user)
                return redirect(request.GET.get("next") or "core:home")
        audit_record(actor=request.user, action="auth.2fa_failed", obj=request.user)
        form.add_error("token", _(OTP_WRONG))
    return render(request, "accounts/otp_verify.html", {"form": form})


@login_required
def user_list(request):
    users = users_visible_to(request.user).prefetch_related("memberships__organisation", "memberships__region").order_by("username")[:500]
    return render(request, "accounts/user_list.html", {"users": users})


@login_required
def organisation_list(request):
    qs = organisations_visible_to(request.user).select_related("city", "region").order_by("city_id", "kind", "name")
    kind = request.GET.get("jenis")
    if kind:
        qs = qs.filter(kind=kind)
    return render(request, "accounts/organisation_list.html", {"organisations": qs[:1000]})


@login_required
def organisation_detail(request, pk: int):
    org = get_object_or_404(organisations_visible_to(request.user).select_related("city", "region"), pk=pk)
    if org is None:
        raise Http404
    return render(request, "accounts/organisation_detail.html", {"org": org})
