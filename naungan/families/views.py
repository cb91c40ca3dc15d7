"""Family pages. Thin; scope through the selectors (404 outside it)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from naungan.accounts.permissions import may_work_cases
from naungan.audit.services import audit_view
from naungan.cases.selectors import case_get, cases_visible_to
from naungan.core.actions import attempt, form_error
from naungan.core.errors import DomainError

from . import services as S
from .forms import AccompanimentForm, AddCaseForm, FamilyCreateForm
from .selectors import accompaniments_visible_to, families_visible_to, family_get, family_view

NOT_IN_SCOPE = gettext_noop("Kasus dengan nomor itu tidak ditemukan dalam wilayah kerja Anda.")


@login_required
def family_list_view(request):
    if not may_work_cases(request.user):
        raise Http404
    from django.db.models import Count

    items = list(families_visible_to(request.user).annotate(n=Count("links")).order_by("-created_at")[:100])
    return render(request, "families/list.html", {"items": items})


def _accompaniment_options(user, family):
    return [(a.pk, f"#{a.pk} — {a.kelurahan.name} RW {a.rw or '-'} RT {a.rt or '-'}")
            for a in accompaniments_visible_to(user).filter(city_id=family.city_id).select_related("kelurahan").order_by("-created_at")[:200]]


@login_required
def family_detail_view(request, pk: int):
    family = family_get(user=request.user, family_id=pk)
    audit_view(actor=request.user, obj=family, action="household.view", city_code=family.city_id)
    ctx = family_view(user=request.user, family=family)
    ctx.update({"family": family, "add_form": AddCaseForm(),
                "acc_form": AccompanimentForm(options=_accompaniment_options(request.user, family), initial={"accompaniment": family.accompaniment_id})})
    return render(request, "families/detail.html", ctx)


@login_required
@require_POST
def family_create_view(request, case_id: int):
    case = case_get(user=request.user, case_id=case_id)
    form = FamilyCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih jenis keterkaitan."))
        return redirect("cases:detail", pk=case.pk)
    try:
        family = S.family_create(actor=request.user, case=case, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, _(str(exc)))
        return redirect("cases:detail", pk=case.pk)
    messages.success(request, _("Keluarga dibuat. Tautkan kasus lain dari halaman ini."))
    return redirect("families:detail", pk=family.pk)


def _case_by_number(user, number: str):
    case = cases_visible_to(user).filter(number=number.strip()).first()
    if case is None:
        raise DomainError(NOT_IN_SCOPE)
    return case


@login_required
@require_POST
def family_add_view(request, pk: int):
    family = family_get(user=request.user, family_id=pk)
    form = AddCaseForm(request.POST)
    if form.is_valid():
        attempt(request, lambda: S.family_add_case(actor=request.user, family=family, case=_case_by_number(request.user, form.cleaned_data["number"]),
                                                   relation=form.cleaned_data["relation"]),
                _("Kasus ditautkan ke keluarga."))
    else:
        messages.error(request, form_error(form))
    return redirect("families:detail", pk=family.pk)


@login_required
@require_POST
def family_remove_view(request, pk: int, case_id: int):
    family = family_get(user=request.user, family_id=pk)
    case = case_get(user=request.user, case_id=case_id)
    attempt(request, lambda: S.family_remove_case(actor=request.user, family=family, case=case), _("Tautan kasus dilepas."))
    return redirect("families:detail", pk=family.pk)


@login_required
@require_POST
def family_accompaniment_view(request, pk: int):
    family = family_get(user=request.user, family_id=pk)
    form = AccompanimentForm(request.POST, options=_accompaniment_options(request.user, family))
    if form.is_valid():
        chosen = form.cleaned_data["accompaniment"]
        acc = accompaniments_visible_to(request.user).filter(pk=chosen).first() if chosen else None
        attempt(request, lambda: S.family_link_accompaniment(actor=request.user, family=family, accompaniment=acc),
                _("Catatan pendampingan ditautkan."))
    else:
        messages.error(request, _("Pilih catatan pendampingan dari daftar."))
    return redirect("families:detail", pk=family.pk)
