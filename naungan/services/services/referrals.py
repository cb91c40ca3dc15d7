"""Consent, referrals to partner agencies, their letters, answers and reminders."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from naungan.accounts.models import DEFAULT_LETTER_PATTERN, CityConfig, Membership, Organisation
from naungan.accounts.roles import PARTNER_KINDS, Role
from naungan.accounts.scope import is_national, organisation_ids_of
from naungan.audit.services import audit_record
from naungan.cases.models import Case
from naungan.cases.selectors import cases_visible_to
from naungan.cases.services import case_note_add, notify
from naungan.cases.signals import cases_changed
from naungan.catalogues.selectors import codes
from naungan.core.errors import DomainError

from ..models import (
    Consent,
    LetterCounter,
    Referral,
    ReferralStatus,
    ReferralUpdate,
    RightRecord,
    ServiceDelivery,
)
from ..selectors import IDENTITY_FIELDS, overdue_referrals
from .common import (
    BAD_TRANSITION,
    CONSENT_REQUIRED,
    EMPTY,
    GUARDIAN_REQUIRED,
    NOT_A_PARTNER,
    NOT_ALLOWED,
    REASON_REQUIRED,
    REFERRAL_FLOW,
    UNKNOWN,
    _require_case,
    _victim,
)
from .delivery import service_record


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


    if referral.letter_number:
        return referral
    referral = Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
    if referral.letter_number:
        return referral
    city_id = referral.case.city_id
    day = timezone.localdate()
    seq = LetterCounter.take(city_id, day.year)
    cfg = CityConfig.objects.filter(city_id=city_id).first()
    referral.letter_number = letter_number_format(cfg.letter_number_pattern if cfg else "", seq=seq, day=day)
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
