"""Pages: a case's services, referrals, rights and legal process; the partner's referral inbox;
the agency directory; safe houses; coordination."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from naungan.accounts.models import Organisation
from naungan.accounts.roles import PARTNER_KINDS, OrgKind, Role
from naungan.accounts.scope import city_codes, is_national, organisation_ids_of, organisations_visible_to
from naungan.audit.services import audit_view
from naungan.cases.selectors import can_manage_case, case_get
from naungan.catalogues.selectors import choices, label
from naungan.core.actions import action_view, by_slug, submit, submit_named
from naungan.core.pagination import capped_count, keyset_page_or_first, total_label

from . import services as S
from .forms import (
    AgencyProfileForm,
    AgreementForm,
    ConsentForm,
    FollowUpDoneForm,
    FollowUpForm,
    LegalAccompanyForm,
    LegalForm,
    MeetingForm,
    ReferralFeedbackForm,
    ReferralResponseForm,
    ReferralSendForm,
    ReferralServiceForm,
    RightForm,
    ServiceRecordForm,
    ServiceUpdateForm,
    ShelterAdmitForm,
    ShelterDischargeForm,
)
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


SAVED = gettext_lazy("Tersimpan.")


def _case_of(request, case_id: int):
    return case_get(user=request.user, case_id=case_id)


def case_action(form_class, *, section: str = "layanan"):
    """The view of one action on a case's services, calling its one service (`save(request, case,
    clean values)`, see `core.actions.action_view`). It goes back to the services page, or to the
    case page's section the form sat on (`next=kasus`)."""

    def back(request, case, form):
        if form.back_to_case():
            return redirect(reverse("cases:detail", args=[case.pk]) + "#" + section)
        return redirect("services:case", case_id=case.pk)
    return action_view(_case_of, form_class, done=SAVED, back=back)


# One view per action on a case's services, each calling one service; the page's forms post to
# `services:case_action` with the action's slug (see CASE_ACTIONS).

@case_action(ServiceRecordForm)
def service_record_view(request, case, d):
    provider = Organisation.objects.filter(pk=d["provider"] or 0, city_id=case.city_id).first()
    S.service_record(actor=request.user, case=case, service=d["service"], person_id=d["person"], provider=provider,
                     start_date=d["start_date"], status=d["status"], outcome=d["outcome"], next_step=d["next_step"])


@case_action(ServiceUpdateForm)
def service_update_view(request, case, d):
    delivery = get_object_or_404(ServiceDelivery, pk=d["delivery"] or 0, case=case)
    S.service_update(actor=request.user, delivery=delivery, status=d["status"], outcome=d["outcome"], end_date=d["end_date"])


@case_action(ConsentForm)
def consent_record_view(request, case, d):
    S.consent_record(actor=request.user, case=case, given_by_name=d["given_by_name"], given_by_relation=d["given_by_relation"],
                     method=d["method"], scope=d["scope"], person_id=d["person"])


@case_action(ReferralSendForm)
def referral_send_view(request, case, d):
    agency = get_object_or_404(Organisation, pk=d["agency"] or 0)
    consent = Consent.objects.filter(pk=d["consent"] or 0, case=case).first()
    S.referral_send(actor=request.user, case=case, agency=agency, request=d["request"], shared_fields=d["shared"],
                    service=d["service"], consent=consent, due_date=d["due_date"])


@case_action(RightForm, section="hak")
def right_save_view(request, case, d):
    """A right already recorded (`record`) is updated; else the victim's right is set."""
    if d["record"]:
        record = get_object_or_404(RightRecord, pk=d["record"], case=case)
        S.right_update(actor=request.user, record=record, status=d["status"], reason=d["reason"])
    else:
        S.right_set(actor=request.user, case=case, person_id=d["person"] or 0, right=d["right"], status=d["status"], reason=d["reason"])


@case_action(ShelterAdmitForm)
def shelter_admit_view(request, case, d):
    shelter = get_object_or_404(Organisation, pk=d["shelter"] or 0)
    S.shelter_admit(actor=request.user, case=case, shelter=shelter, admitted_on=d["admitted_on"], person_id=d["person"])


@case_action(ShelterDischargeForm)
def shelter_discharge_view(request, case, d):
    stay = get_object_or_404(ShelterStay, pk=d["stay"] or 0, case=case)
    S.shelter_discharge(actor=request.user, stay=stay, discharged_on=d["discharged_on"])


@case_action(LegalForm, section="hukum")
def legal_update_view(request, case, d):
    S.legal_update(actor=request.user, case=case, lp_number=d["lp_number"], police_unit=d["police_unit"], stage=d["stage"],
                   restitution_requested=d["restitution_requested"], restitution_decided=d["restitution_decided"],
                   restitution_paid=d["restitution_paid"])


@case_action(LegalAccompanyForm, section="hukum")
def legal_accompany_view(request, case, d):
    by = Organisation.objects.filter(pk=d["by"] or 0, city_id=case.city_id).first()
    S.legal_accompany(actor=request.user, case=case, stage=d["stage"], on=d["date"], by=by, note=d["note"])


CASE_ACTIONS = {
    "layanan": service_record_view, "layanan-status": service_update_view, "persetujuan": consent_record_view,
    "rujuk": referral_send_view, "hak": right_save_view, "rumah-aman": shelter_admit_view, "keluar-rumah-aman": shelter_discharge_view,
    "hukum": legal_update_view, "pendampingan-hukum": legal_accompany_view,
}


# `/layanan/kasus/<id>/aksi/<slug>/`: the action's own view, or 404 for an unknown slug.
case_services_action = by_slug(CASE_ACTIONS)


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


def _referral_of(request, pk: int):
    return referral_get(user=request.user, referral_id=pk)


def _to_referral(request, referral, form):
    return redirect("services:referral", pk=referral.pk)


def referral_action(form_class):
    """The view of one action of the agency on a referral, calling its one service (`save(request,
    referral, clean values)`); back to the referral."""
    return action_view(_referral_of, form_class, done=SAVED, back=_to_referral)


def referral_respond_view(to: str):
    """Accept, decline, start or complete a referral (`to`, the slug, is the status it moves to)."""

    @referral_action(ReferralResponseForm)
    def view(request, referral, d):
        S.referral_respond(actor=request.user, referral=referral, to=to, reason=d["reason"])
    return view


@referral_action(ReferralFeedbackForm)
def referral_feedback_view(request, referral, d):
    S.referral_feedback(actor=request.user, referral=referral, body=d["body"])


@referral_action(ReferralServiceForm)
def referral_service_view(request, referral, d):
    S.referral_record_service(actor=request.user, referral=referral, service=d["service"], status=d["status"], outcome=d["outcome"])


REFERRAL_ACTIONS = {
    **{to: referral_respond_view(to) for to in ("accepted", "declined", "in_progress", "completed")},
    "umpan-balik": referral_feedback_view, "layanan": referral_service_view,
}


# `/layanan/rujukan/<pk>/aksi/<slug>/`: the action's own view, or 404 for an unknown slug.
referral_action_view = by_slug(REFERRAL_ACTIONS)


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


# The coordination page's forms (the hidden field `form` names which one was posted): each form and
# its one service, given the request, the city and the clean values.

def _meeting_record(request, city, d):
    S.meeting_record(actor=request.user, city_code=city, on=d["date"], title=d["title"], decisions=d["decisions"],
                     agencies=list(Organisation.objects.filter(pk__in=d["agencies"], city_id=city)))


def _action_add(request, city, d):
    meeting = get_object_or_404(Meeting, pk=d["meeting"] or 0, city_id=city)
    owner = get_object_or_404(Organisation, pk=d["owner"] or 0, city_id=city)
    S.action_add(actor=request.user, meeting=meeting, description=d["description"], owner=owner, due_date=d["due_date"])


def _action_done(request, city, d):
    S.action_done(actor=request.user, action=get_object_or_404(FollowUpAction, pk=d["action"] or 0, meeting__city_id=city))


def _agreement_record(request, city, d):
    S.agreement_record(actor=request.user, city_code=city, title=d["title"], kind=d["kind"], start_date=d["start_date"], end_date=d["end_date"],
                       parties=list(Organisation.objects.filter(pk__in=d["parties"], city_id=city)))


COORDINATION_FORMS = {
    "rapat": (MeetingForm, _meeting_record), "tindak-lanjut": (FollowUpForm, _action_add),
    "selesai": (FollowUpDoneForm, _action_done), "mou": (AgreementForm, _agreement_record),
}


@login_required
def coordination_view(request):
    cities = city_codes(request.user, Role.SUPERVISOR, Role.CITY_ADMIN)
    if not cities and not is_national(request.user):
        raise Http404
    city = sorted(cities)[0] if cities else request.GET.get("kota", "")
    if request.method == "POST":
        if submit_named(request, COORDINATION_FORMS, city, success=SAVED) is None:
            messages.success(request, _("Tersimpan."))  # as it always answered a post of no known form
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
        saved = submit(request, AgencyProfileForm(request.POST), lambda d: S.agency_profile_update(
            actor=request.user, organisation=org, services=d["services"], contact_person=d["contact_person"], hours=d["hours"],
            capacity=d["capacity"]), success=SAVED)
        if saved:
            return redirect("services:directory")
    return render(request, "services/agency.html", {"org": org, "profile": profile, "service_choices": choices("service"),
                                                    "selected": set(getattr(profile, "services", []) or [])})
