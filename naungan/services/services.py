"""Writes of services, referrals, rights, legal process and coordination."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_noop

from naungan.accounts.models import CityConfig, Membership, Organisation
from naungan.accounts.roles import PARTNER_KINDS, OrgKind, Role
from naungan.accounts.scope import city_codes, is_national, organisation_ids_of
from naungan.audit.services import audit_record
from naungan.cases.models import Case, Person, PersonRole
from naungan.cases.selectors import can_manage_case, cases_visible_to
from naungan.cases.services import case_note_add, notify, write_refusal
from naungan.cases.signals import cases_changed
from naungan.catalogues.selectors import codes, get
from naungan.core.errors import DomainError

from .models import (
    ActionStatus,
    Agreement,
    Consent,
    DeliveryStatus,
    FollowUpAction,
    LegalAccompaniment,
    LegalProcess,
    Meeting,
    Referral,
    ReferralStatus,
    ReferralUpdate,
    RightRecord,
    RightStatus,
    ServiceDelivery,
    ShelterStay,
)
from .selectors import IDENTITY_FIELDS, overdue_referrals

UNKNOWN = gettext_noop("Nilai {field} tidak dikenal: {value}.")
NOT_ALLOWED = gettext_noop("Anda tidak berwenang melakukan ini.")
CONSENT_REQUIRED = gettext_noop("Identitas korban hanya dapat dibagikan setelah persetujuan korban (atau wali untuk anak) dicatat.")
GUARDIAN_REQUIRED = gettext_noop("Korban anak: persetujuan harus diberikan oleh orang tua atau wali, bukan oleh anak sendiri.")
NOT_A_PARTNER = gettext_noop("Rujukan hanya dapat dikirim ke lembaga mitra.")
BAD_TRANSITION = gettext_noop("Rujukan berstatus «{status}» tidak dapat diubah menjadi «{to}».")
REASON_REQUIRED = gettext_noop("Alasan wajib diisi.")
EMPTY = gettext_noop("Isian tidak boleh kosong.")
BAD_DATES = gettext_noop("Tanggal selesai tidak boleh sebelum tanggal mulai.")
NOT_A_SHELTER = gettext_noop("Organisasi ini bukan rumah aman.")
NEGATIVE = gettext_noop("Jumlah tidak boleh negatif.")

REFERRAL_FLOW = {
    ReferralStatus.SENT: {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED},
    ReferralStatus.ACCEPTED: {ReferralStatus.IN_PROGRESS, ReferralStatus.COMPLETED},
    ReferralStatus.IN_PROGRESS: {ReferralStatus.COMPLETED},
    ReferralStatus.DECLINED: set(),
    ReferralStatus.COMPLETED: set(),
}
GUARDIAN_RELATIONS = {"ibu", "ayah", "orang_tua", "wali", "keluarga"}


def _require_case(actor, case: Case, *, manage: bool = False) -> None:
    if not cases_visible_to(actor).filter(pk=case.pk).exists():
        raise Http404
    refusal = write_refusal(case)  # e.g. the sending city's stub of a transferred case
    if refusal:
        raise DomainError(refusal)
    if manage and not can_manage_case(actor, case):
        raise DomainError(NOT_ALLOWED)


def _victim(case: Case, person_id) -> Person | None:
    if not person_id:
        return case.persons.filter(role=PersonRole.VICTIM).order_by("id").first()
    p = case.persons.filter(pk=person_id, role=PersonRole.VICTIM).first()
    if p is None:
        raise Http404
    return p


# --- rights ---------------------------------------------------------------------------------

def rights_for(case: Case, person: Person) -> list[str]:
    """The rights tracked for a victim: the six followed by the UPTD PPA (Kediri DP3AP2KB cross-sector practice; Permen PPPA 4/2018), plus the three of UU TPKS for TPKS cases."""
    from naungan.catalogues.selectors import values

    return [v.code for v in values("right") if v.extra.get("group") == "anak" or (case.is_tpks and v.extra.get("group") == "tpks")]


def rights_ensure(case: Case, person: Person) -> list[RightRecord]:
    """Creates the missing right records of a victim. Only called inside a write (a service, a
    right update); pages and the API read `rights_view`, which writes nothing."""
    existing = {r.right: r for r in RightRecord.objects.filter(person=person)}
    out = []
    for code in rights_for(case, person):
        out.append(existing.get(code) or RightRecord.objects.create(case=case, person=person, right=code))
    if len(existing) != len(out) or set(existing) != {r.right for r in out}:
        cases_changed(case)
    return out


def rights_view(case: Case, victims) -> list[RightRecord]:
    """The rights of each victim as the tracker shows them, without writing: stored records, and
    for a right not stored yet an unsaved record with status "needed" (pk None)."""
    stored = list(RightRecord.objects.filter(case=case).select_related("person").prefetch_related("services", "referrals").order_by("person_id", "id"))
    by_key = {(r.person_id, r.right): r for r in stored}
    out = []
    for person in victims:
        for code in rights_for(case, person):
            out.append(by_key.pop((person.pk, code), None) or RightRecord(case=case, person=person, right=code))
    out.extend(by_key.values())  # rights recorded earlier that no longer apply stay visible
    return out


@transaction.atomic
def right_set(*, actor, case: Case, person_id: int, right: str, status: str, reason: str = "") -> RightRecord:
    """Sets a victim's right by (person, right): creates the record on its first change."""
    _require_case(actor, case, manage=True)
    person = case.persons.filter(pk=person_id, role="victim").first()
    if person is None or right not in rights_for(case, person):
        raise DomainError(UNKNOWN.format(field="hak", value=right))
    record = RightRecord.objects.filter(person=person, right=right).first()
    if record is None:
        record = RightRecord.objects.create(case=case, person=person, right=right)
        audit_record(actor=actor, action="right.create", obj=record, city_code=case.city_id, changes={"right": [None, right]})
    return right_update(actor=actor, record=record, status=status, reason=reason)


def _rights_follow(delivery: ServiceDelivery) -> None:
    """A service moves the rights it serves: planned/in progress → in progress; done → fulfilled.
    A right already fulfilled, impossible or not needed is left as it is."""
    if delivery.person_id is None:
        return
    item = get("service", delivery.service)
    served = set(item.extra.get("rights", [])) if item else set()
    rights_ensure(delivery.case, delivery.person)
    for rec in RightRecord.objects.filter(person_id=delivery.person_id, right__in=served):
        rec.services.add(delivery)
        if rec.status in (RightStatus.FULFILLED, RightStatus.NOT_POSSIBLE, RightStatus.NOT_NEEDED):
            continue
        new = RightStatus.FULFILLED if delivery.status == DeliveryStatus.DONE else RightStatus.IN_PROGRESS
        if rec.status != new:
            rec.status = new
            rec.save(update_fields=["status", "updated_at"])


@transaction.atomic
def right_update(*, actor, record: RightRecord, status: str, reason: str = "") -> RightRecord:
    _require_case(actor, record.case, manage=True)
    if status not in RightStatus.values:
        raise DomainError(UNKNOWN.format(field="status", value=status))
    if status == RightStatus.NOT_POSSIBLE and not reason.strip():
        raise DomainError(REASON_REQUIRED)
    old = record.status
    record.status, record.reason = status, reason.strip()[:300]
    record.save(update_fields=["status", "reason", "updated_at"])
    audit_record(actor=actor, action="right.update", obj=record, city_code=record.case.city_id, changes={"status": [old, status]})
    cases_changed(record.case_id)
    return record


# --- services -------------------------------------------------------------------------------

@transaction.atomic
def service_record(*, actor, case: Case, service: str, person_id=None, provider: Organisation | None = None, start_date=None,
                   end_date=None, status: str = DeliveryStatus.PLANNED, outcome: str = "", next_step: str = "",
                   referral: Referral | None = None, check_scope: bool = True) -> ServiceDelivery:
    if check_scope:
        _require_case(actor, case)
    item = get("service", service)
    if item is None or not item.active:
        raise DomainError(UNKNOWN.format(field="layanan", value=service))
    if status not in DeliveryStatus.values:
        raise DomainError(UNKNOWN.format(field="status", value=status))
    if start_date and end_date and end_date < start_date:
        raise DomainError(BAD_DATES)
    person = _victim(case, person_id)
    d = ServiceDelivery.objects.create(case=case, person=person, service=service, simfoni=item.extra.get("simfoni_code", ""),
                                       provider=provider, referral=referral, start_date=start_date, end_date=end_date, status=status,
                                       outcome=outcome, next_step=next_step, recorded_by=actor)
    _rights_follow(d)
    audit_record(actor=actor, action="service.record", obj=d, city_code=case.city_id, changes={"service": [None, service], "status": [None, status]})
    case_note_add(actor=actor, case=case, kind="service", check_scope=False,
                  body=f"Layanan {item.label}: {DeliveryStatus(status).label}" + (f" oleh {provider.name}" if provider else "") + ".")
    cases_changed(case)
    return d


@transaction.atomic
def service_update(*, actor, delivery: ServiceDelivery, status: str, outcome: str = "", next_step: str = "", end_date=None) -> ServiceDelivery:
    _require_case(actor, delivery.case)
    if status not in DeliveryStatus.values:
        raise DomainError(UNKNOWN.format(field="status", value=status))
    old = delivery.status
    delivery.status = status
    if outcome:
        delivery.outcome = outcome
    if next_step:
        delivery.next_step = next_step
    if end_date:
        delivery.end_date = end_date
    delivery.save()
    _rights_follow(delivery)
    audit_record(actor=actor, action="service.update", obj=delivery, city_code=delivery.case.city_id, changes={"status": [old, status]})
    cases_changed(delivery.case_id)
    return delivery


@transaction.atomic
def shelter_admit(*, actor, case: Case, shelter: Organisation, admitted_on: date, person_id=None) -> ShelterStay:
    _require_case(actor, case, manage=True)
    if shelter.kind != OrgKind.SHELTER or shelter.city_id != case.city_id:
        raise DomainError(NOT_A_SHELTER)
    stay = ShelterStay.objects.create(case=case, person=_victim(case, person_id), shelter=shelter, admitted_on=admitted_on, recorded_by=actor)
    service_record(actor=actor, case=case, service="rumah_aman", person_id=stay.person_id, provider=shelter, start_date=admitted_on,
                   status=DeliveryStatus.IN_PROGRESS, check_scope=False)
    audit_record(actor=actor, action="shelter.admit", obj=stay, city_code=case.city_id)
    return stay


@transaction.atomic
def shelter_discharge(*, actor, stay: ShelterStay, discharged_on: date) -> ShelterStay:
    _require_case(actor, stay.case, manage=True)
    if discharged_on < stay.admitted_on:
        raise DomainError(BAD_DATES)
    stay.discharged_on = discharged_on
    stay.save(update_fields=["discharged_on"])
    audit_record(actor=actor, action="shelter.discharge", obj=stay, city_code=stay.case.city_id)
    return stay


# --- consent and referrals ------------------------------------------------------------------

@transaction.atomic
def consent_record(*, actor, case: Case, given_by_name: str, given_by_relation: str, method: str, scope: str = "",
                   person_id=None) -> Consent:
    _require_case(actor, case, manage=True)
    person = _victim(case, person_id)
    if person is None:
        raise Http404
    if method not in codes("consent_method"):
        raise DomainError(UNKNOWN.format(field="cara persetujuan", value=method))
    if not (given_by_name or "").strip():
        raise DomainError(EMPTY)
    relation = (given_by_relation or "").strip().lower()
    if person.is_child and relation in ("", "korban", "korban sendiri", "sendiri"):
        raise DomainError(GUARDIAN_REQUIRED)
    c = Consent.objects.create(case=case, person=person, given_by_name=given_by_name.strip(), given_by_relation=relation or "korban",
                               method=method, scope=scope, given_at=timezone.now(), recorded_by=actor)
    audit_record(actor=actor, action="consent.record", obj=c, city_code=case.city_id, changes={"relation": [None, c.given_by_relation], "method": [None, method]})
    return c


@transaction.atomic
def referral_send(*, actor, case: Case, agency: Organisation, request: str, shared_fields: list[str], service: str = "",
                  consent: Consent | None = None, due_date: date | None = None) -> Referral:
    _require_case(actor, case, manage=True)
    if agency.kind not in PARTNER_KINDS or agency.city_id != case.city_id:
        raise DomainError(NOT_A_PARTNER)
    allowed = codes("shareable_field")
    shared = [f for f in dict.fromkeys(shared_fields or [])]
    if any(f not in allowed for f in shared):
        raise DomainError(UNKNOWN.format(field="data yang dibagikan", value=shared))
    if service and service not in codes("service"):
        raise DomainError(UNKNOWN.format(field="layanan", value=service))
    if not (request or "").strip():
        raise DomainError(EMPTY)
    if set(shared) & IDENTITY_FIELDS and (consent is None or consent.case_id != case.pk):
        raise DomainError(CONSENT_REQUIRED)
    r = Referral.objects.create(case=case, agency=agency, service=service, request=request.strip(), shared_fields=shared, consent=consent,
                                referred_by=actor, due_date=due_date or (timezone.localdate() + timedelta(days=3)))
    r = referral_number_letter(referral=r)
    audit_record(actor=actor, action="referral.send", obj=r, city_code=case.city_id, changes={
        "agency": [None, agency.name], "shared_fields": [None, shared], "consent": [None, consent.pk if consent else None]})
    cases_changed(case)
    case_note_add(actor=actor, case=case, kind="referral", check_scope=False, body=f"Dirujuk ke {agency.name} (tenggat jawaban {r.due_date:%d-%m-%Y}).")
    for m in Membership.objects.filter(organisation=agency, role=Role.PARTNER, active=True).select_related("user"):
        notify(user=m.user, text=f"Rujukan baru dari {case.owner_org.name} untuk kasus {case.number}.", url=f"/layanan/rujukan/{r.pk}/",
               push="referral", ref=case.number)
    return r


ROMAN_MONTHS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
DEFAULT_LETTER_PATTERN = "400.2/{nomor}/UPTD-PPA/{bulan}/{tahun}"


def letter_number_format(pattern: str, *, seq: int, day: date) -> str:
    try:
        return (pattern or DEFAULT_LETTER_PATTERN).format(nomor=f"{seq:03d}", bulan=ROMAN_MONTHS[day.month - 1], tahun=day.year)
    except (KeyError, IndexError, ValueError):  # a broken pattern must not stop a referral
        return DEFAULT_LETTER_PATTERN.format(nomor=f"{seq:03d}", bulan=ROMAN_MONTHS[day.month - 1], tahun=day.year)


@transaction.atomic
def referral_number_letter(*, referral: Referral) -> Referral:
    """Give the referral letter its number (city pattern, yearly counter locked in this
    transaction: gap-free), its date and its verification token. Idempotent."""
    import secrets

    from .models import LetterCounter

    if referral.letter_number:
        return referral
    referral = Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
    if referral.letter_number:
        return referral
    city_id = referral.case.city_id
    day = timezone.localdate()
    LetterCounter.objects.get_or_create(city_id=city_id, year=day.year)
    counter = LetterCounter.objects.select_for_update().get(city_id=city_id, year=day.year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    cfg = CityConfig.objects.filter(city_id=city_id).first()
    referral.letter_number = letter_number_format(cfg.letter_number_pattern if cfg else "", seq=counter.last_number, day=day)
    referral.letter_date = day
    referral.verify_token = secrets.token_urlsafe(16)
    referral.save(update_fields=["letter_number", "letter_date", "verify_token"])
    audit_record(actor=None, action="referral.letter_number", obj=referral, city_code=city_id, changes={"letter_number": [None, referral.letter_number]})
    return referral


def _require_agency(actor, referral: Referral) -> None:
    if referral.agency_id not in organisation_ids_of(actor, Role.PARTNER) and not is_national(actor):
        if not cases_visible_to(actor).filter(pk=referral.case_id).exists():
            raise Http404
        raise DomainError(NOT_ALLOWED)


def _move(actor, referral: Referral, to: str) -> None:
    if to not in REFERRAL_FLOW.get(referral.status, set()):
        raise DomainError(BAD_TRANSITION.format(status=ReferralStatus(referral.status).label, to=ReferralStatus(to).label))
    old = referral.status
    referral.status = to
    now = timezone.now()
    if to in (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED):
        referral.answered_at = now
    if to == ReferralStatus.COMPLETED:
        referral.completed_at = now
    referral.save()
    audit_record(actor=actor, action=f"referral.{to}", obj=referral, city_code=referral.case.city_id, changes={"status": [old, to]})
    cases_changed(referral.case_id)


@transaction.atomic
def referral_respond(*, actor, referral: Referral, to: str, reason: str = "") -> Referral:
    """The agency accepts, declines (with reason), starts or completes a referral."""
    _require_agency(actor, referral)
    referral = Referral.objects.select_for_update().select_related("case", "agency").get(pk=referral.pk)
    if to == ReferralStatus.DECLINED:
        if not reason.strip():
            raise DomainError(REASON_REQUIRED)
        referral.decline_reason = reason.strip()[:300]
    _move(actor, referral, to)
    body = f"{referral.agency.name}: rujukan {ReferralStatus(to).label.lower()}" + (f" — {reason.strip()}" if reason.strip() else "") + "."
    case_note_add(actor=actor, case=referral.case, kind="feedback", body=body, check_scope=False)
    notify(user=referral.referred_by, text=f"Rujukan kasus {referral.case.number} ke {referral.agency.name}: {ReferralStatus(to).label}.", url=f"/layanan/kasus/{referral.case_id}/",
           push="referral_update", ref=referral.case.number)
    return referral


@transaction.atomic
def referral_feedback(*, actor, referral: Referral, body: str) -> ReferralUpdate:
    _require_agency(actor, referral)
    if not (body or "").strip():
        raise DomainError(EMPTY)
    u = ReferralUpdate.objects.create(referral=referral, author=actor, body=body.strip()[:5000])
    case_note_add(actor=actor, case=referral.case, kind="feedback", check_scope=False, body=f"Umpan balik {referral.agency.name}: {body.strip()}")
    audit_record(actor=actor, action="referral.feedback", obj=referral, city_code=referral.case.city_id)
    return u


@transaction.atomic
def referral_record_service(*, actor, referral: Referral, service: str, status: str, outcome: str = "", start_date=None) -> ServiceDelivery:
    """The agency records a service it delivered for the referral."""
    _require_agency(actor, referral)
    if referral.status not in (ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS, ReferralStatus.COMPLETED):
        raise DomainError(BAD_TRANSITION.format(status=ReferralStatus(referral.status).label, to=ReferralStatus.IN_PROGRESS.label))
    d = service_record(actor=actor, case=referral.case, service=service, provider=referral.agency, status=status, outcome=outcome,
                       start_date=start_date or timezone.localdate(), referral=referral, check_scope=False)
    for rec in RightRecord.objects.filter(person_id=d.person_id, services=d):
        rec.referrals.add(referral)
    if referral.status == ReferralStatus.ACCEPTED:
        _move(actor, referral, ReferralStatus.IN_PROGRESS)
    return d


def send_referral_reminders(*, today=None) -> int:
    """Tell the referring officer about referrals with no answer past their due date, once a day."""
    today = today or timezone.localdate()
    n = 0
    for r in overdue_referrals(today=today).select_related("case", "agency", "referred_by"):
        if notify(user=r.referred_by, text=f"Rujukan kasus {r.case.number} ke {r.agency.name} belum dijawab (tenggat {r.due_date:%d-%m-%Y}).",
                  url=f"/layanan/kasus/{r.case_id}/", key=f"referral-overdue:{r.pk}:{today}", push="referral_overdue", ref=r.case.number):
            n += 1
    return n


# --- legal process --------------------------------------------------------------------------

@transaction.atomic
def legal_update(*, actor, case: Case, lp_number: str = "", police_unit: str = "", stage: str = "",
                 restitution_requested=None, restitution_decided=None, restitution_paid=None) -> LegalProcess:
    _require_case(actor, case, manage=True)
    if stage and stage not in codes("legal_stage"):
        raise DomainError(UNKNOWN.format(field="tahap", value=stage))
    for v in (restitution_requested, restitution_decided, restitution_paid):
        if v is not None and Decimal(v) < 0:
            raise DomainError(NEGATIVE)
    legal, _ = LegalProcess.objects.get_or_create(case=case)
    before = {f: str(getattr(legal, f) or "") for f in ("lp_number", "police_unit", "stage", "restitution_requested", "restitution_decided", "restitution_paid")}
    legal.lp_number, legal.police_unit, legal.stage = lp_number, police_unit, stage
    legal.restitution_requested, legal.restitution_decided, legal.restitution_paid = restitution_requested, restitution_decided, restitution_paid
    legal.save()
    after = {f: str(getattr(legal, f) or "") for f in before}
    from naungan.audit.services import diff

    audit_record(actor=actor, action="legal.update", obj=legal, city_code=case.city_id, changes=diff(before, after))
    return legal


@transaction.atomic
def legal_accompany(*, actor, case: Case, stage: str, on: date, by: Organisation | None = None, note: str = "") -> LegalAccompaniment:
    _require_case(actor, case, manage=True)
    if stage not in codes("legal_stage"):
        raise DomainError(UNKNOWN.format(field="tahap", value=stage))
    legal, _ = LegalProcess.objects.get_or_create(case=case)
    a = LegalAccompaniment.objects.create(legal=legal, stage=stage, date=on, by=by, note=note)
    audit_record(actor=actor, action="legal.accompany", obj=a, city_code=case.city_id, changes={"stage": [None, stage]})
    return a


# --- coordination ---------------------------------------------------------------------------

def _require_city_coordination(actor, city_code: str) -> None:
    if not (is_national(actor) or city_code in city_codes(actor, Role.SUPERVISOR, Role.CITY_ADMIN)):
        raise DomainError(NOT_ALLOWED)


@transaction.atomic
def meeting_record(*, actor, city_code: str, on: date, title: str, agencies: list[Organisation], decisions: str = "") -> Meeting:
    _require_city_coordination(actor, city_code)
    if not title.strip():
        raise DomainError(EMPTY)
    m = Meeting.objects.create(city_id=city_code, date=on, title=title.strip(), decisions=decisions, created_by=actor)
    m.agencies.set([a for a in agencies if a.city_id == city_code])
    audit_record(actor=actor, action="meeting.record", obj=m, city_code=city_code)
    return m


@transaction.atomic
def action_add(*, actor, meeting: Meeting, description: str, owner: Organisation, due_date: date) -> FollowUpAction:
    _require_city_coordination(actor, meeting.city_id)
    if not description.strip():
        raise DomainError(EMPTY)
    a = FollowUpAction.objects.create(meeting=meeting, description=description.strip(), owner=owner, due_date=due_date)
    audit_record(actor=actor, action="meeting.action_add", obj=a, city_code=meeting.city_id)
    return a


@transaction.atomic
def action_done(*, actor, action: FollowUpAction) -> FollowUpAction:
    _require_city_coordination(actor, action.meeting.city_id)
    action.status = ActionStatus.DONE
    action.save(update_fields=["status"])
    audit_record(actor=actor, action="meeting.action_done", obj=action, city_code=action.meeting.city_id)
    return action


@transaction.atomic
def agreement_record(*, actor, city_code: str, title: str, kind: str, parties: list[Organisation], start_date: date,
                     end_date: date | None = None, document_url: str = "") -> Agreement:
    _require_city_coordination(actor, city_code)
    if end_date and end_date < start_date:
        raise DomainError(BAD_DATES)
    a = Agreement.objects.create(city_id=city_code, title=title.strip(), kind=kind, start_date=start_date, end_date=end_date, document_url=document_url)
    a.parties.set([p for p in parties if p.city_id == city_code])
    audit_record(actor=actor, action="agreement.record", obj=a, city_code=city_code)
    return a


@transaction.atomic
def agency_profile_update(*, actor, organisation: Organisation, services: list[str], contact_person: str = "", hours: str = "",
                          capacity: int | None = None):
    """The city's administrator or supervisor, or the agency's own officers, keep its directory entry."""
    from .models import AgencyProfile

    own = organisation.pk in organisation_ids_of(actor, Role.PARTNER)
    if not (is_national(actor) or own or organisation.city_id in city_codes(actor, Role.CITY_ADMIN, Role.SUPERVISOR)):
        raise DomainError(NOT_ALLOWED)
    if organisation.kind not in PARTNER_KINDS:
        raise DomainError(NOT_A_PARTNER)
    allowed = codes("service")
    services = [s for s in dict.fromkeys(services) if s in allowed]
    profile, _ = AgencyProfile.objects.get_or_create(organisation=organisation)
    old = {"services": profile.services, "contact_person": profile.contact_person, "hours": profile.hours, "capacity": profile.capacity}
    profile.services, profile.contact_person, profile.hours, profile.capacity = services, contact_person[:200], hours[:200], capacity
    profile.save()
    new = {"services": profile.services, "contact_person": profile.contact_person, "hours": profile.hours, "capacity": profile.capacity}
    from naungan.audit.services import diff

    audit_record(actor=actor, action="agency.profile_update", obj=profile, city_code=organisation.city_id, changes=diff(old, new))
    return profile
