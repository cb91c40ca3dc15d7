"""The survivor's pages (public, code + PIN) and the officers' actions behind them."""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from naungan.cases.models import Case
from naungan.cases.selectors import case_get
from naungan.core.actions import action_view
from naungan.core.clientip import client_ip
from naungan.core.errors import DomainError

from . import services as S
from .forms import AccessForm, AppointmentForm, AppointmentUpdateForm, SafeContactForm
from .models import Appointment
from .selectors import survivor_view

SESSION_KEY = "survivor"
RATE = "20/10m"
RATE_LIMITED = gettext_noop("Terlalu banyak percobaan. Tunggu beberapa menit lalu coba lagi.")


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def _session_case(request) -> Case | None:
    data = request.session.get(SESSION_KEY)
    if not data or data.get("until", 0) < time.time():
        request.session.pop(SESSION_KEY, None)
        return None
    return Case.objects.select_related("city").filter(pk=data.get("case")).first()


@require_http_methods(["GET", "POST"])
def enter_view(request):
    form = AccessForm(request.POST or None)
    error = None
    if request.method == "POST":
        if is_ratelimited(request, group="survivor-enter", key="ip", rate=RATE, method="POST", increment=True):
            error = _(RATE_LIMITED)
        elif form.is_valid():
            try:
                session = S.survivor_check(code=form.cleaned_data["code"], pin=form.cleaned_data["pin"], client=client_ip(request))
            except DomainError as exc:
                error = _(str(exc))
            else:
                request.session.cycle_key()
                request.session[SESSION_KEY] = {"case": session.case_id, "until": time.time() + S.SESSION_MINUTES * 60}
                return redirect("survivor:view")
        else:
            error = _("Isi kode dan PIN.")
    return _no_store(render(request, "survivor/enter.html", {"form": form, "error": error}, status=400 if error else 200))


def view_view(request):
    case = _session_case(request)
    if case is None:
        return redirect("survivor:enter")
    ctx = survivor_view(case)
    sc = ctx["safe_contact"]
    initial = {f: getattr(sc, f) for f in S.SAFE_FIELDS} if sc else {}
    ctx["form"] = SafeContactForm(initial=initial)
    return _no_store(render(request, "survivor/view.html", ctx))


@require_POST
def survivor_safe_contact_view(request):
    case = _session_case(request)
    if case is None:
        return redirect("survivor:enter")
    form = SafeContactForm(request.POST)
    if form.is_valid():
        try:
            S.safe_contact_set(case=case, data=form.cleaned_data, by_survivor=True)
        except DomainError as exc:
            messages.error(request, _(str(exc)))
        else:
            messages.success(request, _("Terima kasih. Petugas akan mengikuti aturan ini."))
    else:
        messages.error(request, _("Periksa kembali isianmu."))
    return redirect("survivor:view")


@require_POST
def leave_view(request):
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()
    return redirect("survivor:enter")


# --- officers ---------------------------------------------------------------------------------

@login_required
@require_POST
def access_issue_view(request, case_id: int):
    case = case_get(user=request.user, case_id=case_id)
    try:
        access, pin = S.access_issue(actor=request.user, case=case)
    except DomainError as exc:
        messages.error(request, _(str(exc)))
        return redirect("cases:detail", pk=case.pk)
    # Shown once, on this response only (never stored in plain text, never in a message or URL).
    return _no_store(render(request, "survivor/issued.html", {"case": case, "code": access.tracking_code, "pin": pin}))


def _case_of(request, case_id: int):
    return case_get(user=request.user, case_id=case_id)


def _to_case(request, case, form):
    return redirect("cases:detail", pk=case.pk)


@action_view(_case_of, AppointmentForm, done=_lazy("Jadwal disimpan."), refused=_lazy("Isian jadwal tidak lengkap."), back=_to_case)
def appointment_add_view(request, case, d):
    S.appointment_add(actor=request.user, case=case, **d)


@login_required
@require_POST
def appointment_update_view(request, case_id: int, appointment_id: int):
    case = case_get(user=request.user, case_id=case_id)
    appointment = Appointment.objects.filter(pk=appointment_id, case=case).first()
    if appointment is None:
        raise Http404
    form = AppointmentUpdateForm(request.POST)
    form.is_valid()  # two optional check boxes: nothing to refuse
    try:
        S.appointment_update(actor=request.user, appointment=appointment,
                             told_to_survivor=form.cleaned_data["told"] or None, cancelled=form.cleaned_data["cancel"] or None)
    except DomainError as exc:
        messages.error(request, _(str(exc)))
    return redirect("cases:detail", pk=case.pk)


@action_view(_case_of, SafeContactForm, done=_lazy("Aturan kontak aman disimpan."), refused=_lazy("Periksa isian aturan kontak aman."),
             back=_to_case)
def staff_safe_contact_view(request, case, d):
    S.safe_contact_set(actor=request.user, case=case, data=d)
