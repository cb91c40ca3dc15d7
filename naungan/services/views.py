"""Pages: a case's services, referrals, rights and legal process; the partner's referral inbox;
the agency directory; safe houses; coordination."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naungan.accounts.models import Organisation
from naungan.accounts.roles import PARTNER_KINDS, OrgKind, Role
from naungan.accounts.scope import city_codes, is_national, organisation_ids_of, organisations_visible_to
from naungan.audit.services import audit_view
from naungan.cases.selectors import can_manage_case, case_get
from naungan.catalogues.selectors import choices, label
from naungan.core.errors import DomainError
from naungan.core.pagination import capped_count, keyset_page_or_first, total_label

from . import services as S
from .models import (
    Agreement,
    Consent,
    FollowUpAction,
    Meeting,
    Referral,
    ReferralStatus,
    RightRecord,
    RightStatus,
    ServiceDelivery,
    ShelterStay,
)
from .pdf import referral_letter
from .selectors import (
    REFERRAL_KEYS,
    is_partner_view,
    open_actions_for,
    referral_get,
    referrals_visible_to,
    shared_view,
    shelter_occupancy,
)


def _date(value, default=None):
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        raise DomainError(_("Tanggal tidak valid."))


def _money(value):
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).replace(".", "").replace(",", ""))
    except InvalidOperation:
        raise DomainError(_("Jumlah uang tidak valid."))


@login_required
def case_services_view(request, case_id: int):
    case = case_get(user=request.user, case_id=case_id)
    audit_view(actor=request.user, obj=case, action="case.services_view", city_code=case.city_id)
    return render(request, "services/case.html", case_services_context(request.user, case))


def case_services_context(user, case) -> dict:
    """What the services, rights and legal sections need; shared by this page and the case page."""
    victims = list(case.persons.filter(role="victim").order_by("id"))
    rights = S.rights_view(case, victims)  # a read writes nothing: missing rights are shown unsaved
    partners = Organisation.objects.filter(city_id=case.city_id, kind__in=PARTNER_KINDS, active=True).order_by("kind", "name")
    return {
        "case": case, "victims": victims, "manage": can_manage_case(user, case),
        "deliveries": case.service_deliveries.select_related("provider").order_by("-created_at"),
        "open_count": case.service_deliveries.exclude(status="done").count(),
        "referrals": case.referrals.select_related("agency").order_by("-sent_at"),
        "consents": Consent.objects.filter(case=case).order_by("-given_at"),
        "rights": [(r, label("right", r.right)) for r in rights],
        "stays": ShelterStay.objects.filter(case=case).select_related("shelter"),
        "legal": getattr(case, "legal", None),
        "service_choices": choices("service"), "partners": partners, "shareable": choices("shareable_field"),
        "shelters": partners.filter(kind=OrgKind.SHELTER), "stages": choices("legal_stage"), "methods": choices("consent_method"),
        "right_statuses": RightStatus.choices, "today": timezone.localdate(),
    }


@login_required
@require_POST
def case_services_action(request, case_id: int, action: str):
    case = case_get(user=request.user, case_id=case_id)
    P = request.POST
    try:
        if action == "layanan":
            provider = Organisation.objects.filter(pk=P.get("provider") or 0, city_id=case.city_id).first()
            S.service_record(actor=request.user, case=case, service=P.get("service", ""), person_id=P.get("person") or None, provider=provider,
                             start_date=_date(P.get("start_date"), timezone.localdate()), status=P.get("status", "planned"),
                             outcome=P.get("outcome", ""), next_step=P.get("next_step", ""))
        elif action == "layanan-status":
            d = get_object_or_404(ServiceDelivery, pk=P.get("delivery") or 0, case=case)
            S.service_update(actor=request.user, delivery=d, status=P.get("status", ""), outcome=P.get("outcome", ""), end_date=_date(P.get("end_date")))
        elif action == "persetujuan":
            S.consent_record(actor=request.user, case=case, given_by_name=P.get("given_by_name", ""), given_by_relation=P.get("given_by_relation", ""),
                             method=P.get("method", ""), scope=P.get("scope", ""), person_id=P.get("person") or None)
        elif action == "rujuk":
            agency = get_object_or_404(Organisation, pk=P.get("agency") or 0)
            consent = Consent.objects.filter(pk=P.get("consent") or 0, case=case).first()
            S.referral_send(actor=request.user, case=case, agency=agency, request=P.get("request", ""), shared_fields=P.getlist("shared"),
                            service=P.get("service", ""), consent=consent, due_date=_date(P.get("due_date")))
        elif action == "hak":
            if P.get("record"):
                rec = get_object_or_404(RightRecord, pk=P.get("record") or 0, case=case)
                S.right_update(actor=request.user, record=rec, status=P.get("status", ""), reason=P.get("reason", ""))
            else:
                S.right_set(actor=request.user, case=case, person_id=int(P.get("person")) if (P.get("person") or "").isdigit() else 0, right=P.get("right", ""),
                            status=P.get("status", ""), reason=P.get("reason", ""))
        elif action == "rumah-aman":
            shelter = get_object_or_404(Organisation, pk=P.get("shelter") or 0)
            S.shelter_admit(actor=request.user, case=case, shelter=shelter, admitted_on=_date(P.get("admitted_on"), timezone.localdate()), person_id=P.get("person") or None)
        elif action == "keluar-rumah-aman":
            stay = get_object_or_404(ShelterStay, pk=P.get("stay") or 0, case=case)
            S.shelter_discharge(actor=request.user, stay=stay, discharged_on=_date(P.get("discharged_on"), timezone.localdate()))
        elif action == "hukum":
            S.legal_update(actor=request.user, case=case, lp_number=P.get("lp_number", "")[:80], police_unit=P.get("police_unit", "")[:200],
                           stage=P.get("stage", ""), restitution_requested=_money(P.get("restitution_requested")),
                           restitution_decided=_money(P.get("restitution_decided")), restitution_paid=_money(P.get("restitution_paid")))
        elif action == "pendampingan-hukum":
            by = Organisation.objects.filter(pk=P.get("by") or 0, city_id=case.city_id).first()
            S.legal_accompany(actor=request.user, case=case, stage=P.get("stage", ""), on=_date(P.get("date"), timezone.localdate()), by=by, note=P.get("note", ""))
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Tersimpan."))
    if P.get("next") == "kasus":  # the form sat on the case page: back to its section
        section = {"hak": "hak", "hukum": "hukum", "pendampingan-hukum": "hukum"}.get(action, "layanan")
        return redirect(reverse("cases:detail", args=[case.pk]) + "#" + section)
    return redirect("services:case", case_id=case.pk)


# --- referrals: the agency's side -----------------------------------------------------------
INBOX_PAGE = 50


@login_required
def referral_inbox_view(request):
    agencies = organisation_ids_of(request.user, Role.PARTNER)
    if not agencies and not is_national(request.user):
        raise Http404
    qs = referrals_visible_to(request.user).filter(agency_id__in=agencies).select_related("case", "agency")
    status = request.GET.get("status")
    if status in ReferralStatus.values:
        qs = qs.filter(status=status)
    else:
        status = None
    page = keyset_page_or_first(qs, keys=REFERRAL_KEYS, cursor=request.GET.get("kursor"), size=INBOX_PAGE)
    return render(request, "services/inbox.html", {"referrals": page, "page": page, "query": f"status={status}" if status else "",
                                                   "total": total_label(capped_count(qs)), "statuses": ReferralStatus.choices,
                                                   "status": status})


@login_required
def referral_detail_view(request, pk: int):
    r = referral_get(user=request.user, referral_id=pk)
    partner = is_partner_view(request.user, r)
    audit_view(actor=request.user, obj=r, action="referral.view", city_code=r.case.city_id, changes={"as_agency": [None, partner]})
    return render(request, "services/referral.html", {
        "r": r, "partner": partner, "view": shared_view(r), "updates": r.updates.select_related("author"),
        "deliveries": r.deliveries.all(), "service_choices": choices("service"),
        "can_respond": r.agency_id in organisation_ids_of(request.user, Role.PARTNER) or is_national(request.user),
    })


@login_required
@require_POST
def referral_action_view(request, pk: int, action: str):
    r = referral_get(user=request.user, referral_id=pk)
    P = request.POST
    try:
        if action in ("accepted", "declined", "in_progress", "completed"):
            S.referral_respond(actor=request.user, referral=r, to=action, reason=P.get("reason", ""))
        elif action == "umpan-balik":
            S.referral_feedback(actor=request.user, referral=r, body=P.get("body", ""))
        elif action == "layanan":
            S.referral_record_service(actor=request.user, referral=r, service=P.get("service", ""), status=P.get("status", "done"), outcome=P.get("outcome", ""))
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Tersimpan."))
    return redirect("services:referral", pk=r.pk)


@login_required
def referral_pdf_view(request, pk: int):
    r = referral_get(user=request.user, referral_id=pk)
    if not r.letter_number:  # referrals sent before letters were numbered get their number now
        r = S.referral_number_letter(referral=r)
        r = referral_get(user=request.user, referral_id=pk)
    audit_view(actor=request.user, obj=r, action="referral.letter", city_code=r.case.city_id)
    verify_url = request.build_absolute_uri(reverse("services:letter_verify", args=[r.verify_token]))
    resp = HttpResponse(referral_letter(r, verify_url=verify_url), content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="surat-rujukan-{r.pk}.pdf"'
    return resp


def letter_verify_view(request, token: str):
    """Public: the receiving agency scans the QR code and sees that the letter is genuine —
    number, date, issuer and addressee only, never a detail of the case."""
    r = Referral.objects.filter(verify_token=token).select_related("agency", "case__owner_org").first()
    if r is None or not token:
        raise Http404
    response = render(request, "services/letter_verify.html", {
        "number": r.letter_number, "date": r.letter_date, "issuer": r.case.owner_org.name, "addressee": r.agency.name})
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


# --- directory, shelters, coordination ------------------------------------------------------

@login_required
def directory_view(request):
    orgs = organisations_visible_to(request.user).filter(kind__in=PARTNER_KINDS).select_related("profile").order_by("kind", "name")
    if not city_codes(request.user) and not is_national(request.user):
        raise Http404
    rows = [(o, [label("service", s) for s in getattr(getattr(o, "profile", None), "services", []) or []]) for o in orgs]
    return render(request, "services/directory.html", {"rows": rows})


@login_required
def shelters_view(request):
    cities = city_codes(request.user, Role.SUPERVISOR, Role.CASE_MANAGER)
    if not cities:
        raise Http404
    return render(request, "services/shelters.html", {"occupancy": [(c, shelter_occupancy(city_code=c)) for c in sorted(cities)]})


@login_required
def coordination_view(request):
    cities = city_codes(request.user, Role.SUPERVISOR, Role.CITY_ADMIN)
    if not cities and not is_national(request.user):
        raise Http404
    city = sorted(cities)[0] if cities else request.GET.get("kota", "")
    if request.method == "POST":
        P = request.POST
        try:
            if P.get("form") == "rapat":
                agencies = list(Organisation.objects.filter(pk__in=P.getlist("agencies"), city_id=city))
                S.meeting_record(actor=request.user, city_code=city, on=_date(P.get("date"), timezone.localdate()), title=P.get("title", ""),
                                 agencies=agencies, decisions=P.get("decisions", ""))
            elif P.get("form") == "tindak-lanjut":
                meeting = get_object_or_404(Meeting, pk=P.get("meeting") or 0, city_id=city)
                owner = get_object_or_404(Organisation, pk=P.get("owner") or 0, city_id=city)
                S.action_add(actor=request.user, meeting=meeting, description=P.get("description", ""), owner=owner, due_date=_date(P.get("due_date"), timezone.localdate()))
            elif P.get("form") == "selesai":
                S.action_done(actor=request.user, action=get_object_or_404(FollowUpAction, pk=P.get("action") or 0, meeting__city_id=city))
            elif P.get("form") == "mou":
                parties = list(Organisation.objects.filter(pk__in=P.getlist("parties"), city_id=city))
                S.agreement_record(actor=request.user, city_code=city, title=P.get("title", ""), kind=P.get("kind", "MoU"), parties=parties,
                                   start_date=_date(P.get("start_date"), timezone.localdate()), end_date=_date(P.get("end_date")))
            messages.success(request, _("Tersimpan."))
        except DomainError as exc:
            messages.error(request, str(exc))
        return redirect("services:coordination")
    today = timezone.localdate()
    return render(request, "services/coordination.html", {
        "meetings": Meeting.objects.filter(city_id=city).prefetch_related("agencies", "actions__owner")[:50],
        "actions": open_actions_for(request.user), "agreements": Agreement.objects.filter(city_id=city).prefetch_related("parties"),
        "orgs": Organisation.objects.filter(city_id=city).exclude(kind__in=[OrgKind.PPT, OrgKind.SATGAS_KELURAHAN]).order_by("kind", "name"),
        "today": today, "soon": today.toordinal() + 60,
    })


@login_required
def agency_profile_view(request, org_id: int):
    org = get_object_or_404(organisations_visible_to(request.user).filter(kind__in=PARTNER_KINDS), pk=org_id)
    can_edit = is_national(request.user) or org.pk in organisation_ids_of(request.user, Role.PARTNER) or \
        org.city_id in city_codes(request.user, Role.CITY_ADMIN, Role.SUPERVISOR)
    if not can_edit:
        raise Http404
    profile = getattr(org, "profile", None)
    if request.method == "POST":
        try:
            cap = request.POST.get("capacity")
            S.agency_profile_update(actor=request.user, organisation=org, services=request.POST.getlist("services"),
                                    contact_person=request.POST.get("contact_person", ""), hours=request.POST.get("hours", ""),
                                    capacity=int(cap) if cap else None)
        except ValueError:
            messages.error(request, _("Kapasitas harus angka."))
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Tersimpan."))
            return redirect("services:directory")
    return render(request, "services/agency.html", {"org": org, "profile": profile, "service_choices": choices("service"),
                                                    "selected": set(getattr(profile, "services", []) or [])})
