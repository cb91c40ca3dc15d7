from __future__ import annotations

import base64

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from naungan.audit.services import audit_record
from naungan.core.actions import attempt_action
from naungan.core.errors import DomainError
from naungan.regions.models import Region

from .forms import CityChoiceForm, CityConfigForm, LoginForm, MembershipActionForm, OrganisationForm, OtpForm, UserCreateForm
from .models import CityConfig
from .permissions import CITY_ADMIN, cities_with, may_administer_city
from .scope import (
    is_national,
    memberships,
    organisations_managed_by,
    organisations_visible_to,
    users_managed_by,
    users_visible_to,
)
from .services import (
    city_config_update,
    membership_grant,
    membership_revoke,
    organisation_create,
    otp_device_confirm,
    user_create,
    user_deactivate,
)

OTP_WRONG = gettext_noop("Kode tidak cocok. Periksa jam ponsel Anda dan coba lagi.")


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
    # Apps that cannot scan take the key as base32 text (what they accept), in groups of four.
    b32 = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(request, "accounts/otp_setup.html", {"form": form, "qr": qr_svg, "secret": device.bin_key.hex(),
                                                        "secret_b32": " ".join(b32[i:i + 4] for i in range(0, len(b32), 4))})


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
    return render(request, "accounts/user_list.html", {"users": users, "can_manage": may_administer_city(request.user)})


@login_required
def organisation_list(request):
    qs = organisations_visible_to(request.user).select_related("city", "region").order_by("city_id", "kind", "name")
    kind = request.GET.get("jenis")
    if kind:
        qs = qs.filter(kind=kind)
    return render(request, "accounts/organisation_list.html", {"organisations": qs[:1000], "can_manage": may_administer_city(request.user)})


@login_required
def organisation_detail(request, pk: int):
    org = get_object_or_404(organisations_visible_to(request.user).select_related("city", "region"), pk=pk)
    if org is None:
        raise Http404
    return render(request, "accounts/organisation_detail.html", {"org": org})


def _admin_city(request) -> Region:
    """The city a city administrator manages (404 for everyone else)."""
    codes = sorted(cities_with(request.user, CITY_ADMIN))
    posted = CityChoiceForm(request.POST)
    wanted = request.GET.get("kota") or (posted.cleaned_data["kota"] if posted.is_valid() else "")
    if is_national(request.user) and wanted:
        return get_object_or_404(Region, code=wanted, level=2)
    if not codes:
        raise Http404
    return get_object_or_404(Region, code=wanted if wanted in codes else codes[0])


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create_view(request):
    city = _admin_city(request)
    form = OrganisationForm(request.POST or None, city=city)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            org = organisation_create(actor=request.user, city=city, kind=d["kind"], name=d["name"],
                                      region=get_object_or_404(Region, code=d["region"]), phone=d["phone"],
                                      email=d["email"], address=d["address"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Organisasi disimpan."))
            return redirect("accounts:organisation_detail", pk=org.pk)
    return render(request, "accounts/form.html", {"form": form, "title": _("Organisasi baru"), "city": city})


@login_required
@require_http_methods(["GET", "POST"])
def user_create_view(request):
    city = _admin_city(request)
    orgs = list(organisations_managed_by(request.user).filter(city=city, active=True).order_by("kind", "name"))
    form = UserCreateForm(request.POST or None, organisations=orgs)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        org = next(o for o in orgs if str(o.pk) == d["organisation"])
        try:
            from django.db import transaction

            with transaction.atomic():
                user = user_create(actor=request.user, username=d["username"], password=d["password"],
                                   first_name=d["first_name"], last_name=d["last_name"])
                membership_grant(actor=request.user, user=user, role=d["role"], organisation=org)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Pengguna dibuat."))
            return redirect("accounts:user_list")
    return render(request, "accounts/form.html", {"form": form, "title": _("Pengguna baru"), "city": city})


@login_required
@require_http_methods(["GET", "POST"])
def user_detail_view(request, pk: int):
    """Offboarding for a city administrator: end one membership, or disable the account; either
    ends the user's sessions and API tokens at once."""
    user = get_object_or_404(users_managed_by(request.user), pk=pk)
    admin_cities = cities_with(request.user, CITY_ADMIN)
    rows = [m for m in user.memberships.select_related("organisation", "region").order_by("-active", "id")
            if is_national(request.user) or m.city_id in admin_cities]
    if request.method == "POST":
        form = MembershipActionForm(request.POST)
        if not form.is_valid():
            raise Http404

        def deactivate():
            user_deactivate(actor=request.user, user=user)
            messages.success(request, _("Akun dinonaktifkan; semua sesi dan token API diakhiri."))

        def revoke():
            m = next((m for m in rows if m.pk == form.cleaned_data["membership"] and m.active), None)
            if m is None:
                raise Http404
            membership_revoke(actor=request.user, membership=m)
            messages.success(request, _("Keanggotaan dicabut; sesi dan token API pengguna diakhiri."))

        attempt_action(request, form.cleaned_data["action"], {"nonaktifkan": deactivate, "cabut": revoke})
        return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_detail.html", {"subject": user, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def city_config_view(request):
    city = _admin_city(request)
    config = CityConfig.for_city(city.code)
    form = CityConfigForm(request.POST or None, request.FILES or None, instance=config)
    if request.method == "POST" and form.is_valid():
        city_config_update(actor=request.user, city_code=city.code, data={k: form.cleaned_data[k] for k in form.fields})
        messages.success(request, _("Konfigurasi kota disimpan."))
        return redirect("accounts:city_config")
    return render(request, "accounts/form.html", {"form": form, "title": _("Konfigurasi kota"), "city": city, "multipart": True})
