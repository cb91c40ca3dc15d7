"""Pages of the privacy register: data-subject requests (supervisor), retention rules (city
administrator, supervisor) and legal holds (supervisor). Thin: parse, call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from naungan.audit.services import audit_view
from naungan.catalogues.selectors import choices, label
from naungan.core.actions import attempt_action, cleaned, form_error
from naungan.core.errors import DomainError
from naungan.regions.models import Region

from . import services as S
from .forms import RequestActionForm, RequestNewForm, RetentionForm
from .models import RequestKind, RequestStatus
from .selectors import (
    hold_case,
    holds_visible_to,
    register_cities,
    request_get,
    request_list,
    request_subjects,
    retention_cities,
    subject_candidates,
)


def _register_or_404(user) -> list[str]:
    cities = register_cities(user)
    if cities is None:
        return sorted(Region.objects.filter(level=2, organisations__isnull=False).distinct().values_list("code", flat=True))
    if not cities:
        raise Http404
    return sorted(cities)


@login_required
def request_list_view(request):
    cities = _register_or_404(request.user)
    status = request.GET.get("status", "")
    rows = list(request_list(user=request.user, status=status if status in RequestStatus.values else "")[:200])
    return render(request, "privacy/requests.html", {"rows": rows, "cities": cities, "statuses": RequestStatus.choices, "status": status,
                                                     "now": timezone.now()})


@login_required
@require_http_methods(["GET", "POST"])
def request_new_view(request):
    cities = _register_or_404(request.user)
    form = RequestNewForm(request.POST if request.method == "POST" else None)
    if form.is_bound:
        try:
            d = {**cleaned(form), "city_code": form.cleaned_data["city_code"] or cities[0]}
            req = S.dsr_create(actor=request.user, **d)
        except DomainError as exc:
            messages.error(request, _(str(exc)))
        else:
            messages.success(request, _("Permintaan dicatat. Tautkan data orang yang dimaksud, lalu putuskan."))
            return redirect("privacy:request_detail", pk=req.pk)
    return render(request, "privacy/request_new.html", {
        "cities": cities, "kinds": choices("dsr_kind"), "relations": choices("dsr_requester"), "data": form.data})


@login_required
@require_http_methods(["GET", "POST"])
def request_detail_view(request, pk: int):
    req = request_get(user=request.user, request_id=pk)
    candidates = None
    if request.method == "POST":
        form = RequestActionForm(request.POST)
        try:
            d = cleaned(form)
            action = d["form"]
            if action == "cari":
                candidates = subject_candidates(user=request.user, request=req, q=d["q"])
            elif action in ("tautkan", "lepas"):
                S.dsr_link_subject(actor=request.user, request=req, person_id=d["person"] or 0, link=action == "tautkan")
                return redirect("privacy:request_detail", pk=req.pk)
            elif action == "putuskan":
                S.dsr_decide(actor=request.user, request=req, approve=d["approve"], legal_ground=d["legal_ground"], note=d["note"],
                             version=d["version"])
                messages.success(request, _("Keputusan dicatat."))
                return redirect("privacy:request_detail", pk=req.pk)
            elif action == "laksanakan":
                done = S.dsr_execute_erasure(actor=request.user, request=req)
                messages.success(request, _("Penghapusan dilaksanakan: %(persons)s orang, %(texts)s teks disunting, %(files)s berkas "
                                            "dan %(exports)s berkas ekspor dihapus.") % done)
                return redirect("privacy:request_detail", pk=req.pk)
            elif action == "selesai":
                S.dsr_complete(actor=request.user, request=req, note=d["note"])
                messages.success(request, _("Permintaan ditandai selesai."))
                return redirect("privacy:request_detail", pk=req.pk)
        except DomainError as exc:
            messages.error(request, _(str(exc)))
        req.refresh_from_db()
    audit_view(actor=request.user, obj=req, action="dsr.view", city_code=req.city_id)
    subjects = request_subjects(req)
    return render(request, "privacy/request_detail.html", {
        "req": req, "subjects": subjects, "candidates": candidates, "kind_label": label("dsr_kind", req.kind),
        "relation_label": label("dsr_requester", req.requester_relation), "ground_label": label("dsr_ground", req.legal_ground),
        "grounds_yes": [(c, n) for c, n in choices("dsr_ground") if c == "hak_subjek"],
        "grounds_no": [(c, n) for c, n in choices("dsr_ground") if c != "hak_subjek"],
        "is_erasure": req.kind == RequestKind.ERASURE, "now": timezone.now()})


@login_required
def request_copy_view(request, pk: int):
    """The copy handed to the person for an approved access request (printable)."""
    req = request_get(user=request.user, request_id=pk)
    if req.kind != RequestKind.ACCESS or req.status not in (RequestStatus.APPROVED, RequestStatus.COMPLETED):
        raise Http404
    audit_view(actor=request.user, obj=req, action="dsr.access_copy", city_code=req.city_id)
    return render(request, "privacy/request_copy.html", {"req": req, "subjects": request_subjects(req), "now": timezone.now()})


@login_required
@require_http_methods(["GET", "POST"])
def retention_view(request):
    cities = retention_cities(request.user)
    if cities is None:
        cities = set(Region.objects.filter(level=2, organisations__isnull=False).values_list("code", flat=True))
    if not cities:
        raise Http404
    form = RetentionForm(request.POST if request.method == "POST" else None)
    form.is_valid()
    posted = getattr(form, "cleaned_data", {})  # what is valid of the post (a bad number leaves the city)
    city = request.GET.get("kota") or posted.get("kota") or sorted(cities)[0]
    if city not in cities:
        raise Http404
    can_hold = register_cities(request.user) is None or city in (register_cities(request.user) or set())
    if form.is_bound:
        action = posted.get("form", "")

        def rules():
            S.retention_policy_update(actor=request.user, city_code=city, data=form.rules())
            messages.success(request, _("Aturan retensi disimpan."))

        def place():
            S.legal_hold_place(actor=request.user, case=hold_case(user=request.user, number=posted["number"]), reason=posted["reason"])
            messages.success(request, _("Kasus ditahan: retensi tidak akan menyentuhnya."))

        def release():
            S.legal_hold_release(actor=request.user, hold=get_object_or_404(holds_visible_to(request.user), pk=posted["hold"] or 0))
            messages.success(request, _("Penahanan dilepas."))

        if not form.is_valid():
            messages.error(request, form_error(form))
        elif attempt_action(request, action, {"aturan": rules, **({"tahan": place, "lepas": release} if can_hold else {})}):
            return redirect(f"{request.path}?kota={city}")
    policy = S.retention_policy(city)
    holds = list(holds_visible_to(request.user).filter(case__city_id=city, released_at__isnull=True).order_by("-placed_at")[:200]) if can_hold else []
    return render(request, "privacy/retention.html", {
        "city": city, "cities": sorted(cities), "policy": policy, "holds": holds, "can_hold": can_hold,
        "fields": [(name, policy._meta.get_field(name).verbose_name, getattr(policy, name), low, high)
                   for name, (low, high) in S.RETENTION_FIELDS.items()]})



