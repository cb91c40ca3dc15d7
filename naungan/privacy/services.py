"""Retention and the data-subject request register. Writes are atomic and audited; the domain
work (anonymising a case, erasing a person, purging a report, expiring exports) lives in the
owning app's `privacy.py`, called from here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_noop

from naungan.accounts.models import Organisation
from naungan.audit.services import audit_record
from naungan.cases.models import Case, Person, Status
from naungan.cases.privacy import ERASED, case_anonymise, person_erase
from naungan.cases.selectors import cases_visible_to
from naungan.catalogues.selectors import codes, get
from naungan.core.errors import ConflictError, DomainError
from naungan.regions.models import Level, Region
from naungan.reporting.privacy import report_purge, reports_to_purge, tracking_codes_expire
from naungan.services.privacy import case_ids_under_legal_process
from naungan.stats.privacy import exports_expire

from .models import DEFAULT_TASK_RESULT_DAYS, CaseAnonymisation, DataSubjectRequest, LegalHold, RequestKind, RequestStatus, RetentionPolicy
from .selectors import register_cities, retention_cities

NOT_ALLOWED = gettext_noop("Anda tidak berwenang melakukan ini.")
UNKNOWN = gettext_noop("Nilai {field} tidak dikenal: {value}.")
NAME_REQUIRED = gettext_noop("Nama pemohon wajib diisi.")
REASON_REQUIRED = gettext_noop("Alasan wajib diisi.")
NOT_OPEN = gettext_noop("Permintaan ini sudah diputuskan.")
GROUND_MISMATCH = gettext_noop("Dasar hukum yang dipilih tidak sesuai dengan keputusan (mengabulkan atau menolak).")
NO_SUBJECT = gettext_noop("Tautkan dulu data orang yang dimaksud sebelum mengabulkan.")
SUBJECT_UNDER_LEGAL_PROCESS = gettext_noop(
    "Kasus {number} sedang dalam proses hukum atau ditahan (legal hold): penghapusan tidak dapat dikabulkan. "
    "Tolak dengan dasar hukum yang sesuai.")
NOT_APPROVED_ERASURE = gettext_noop("Hanya permintaan penghapusan yang sudah dikabulkan yang dapat dilaksanakan.")
NOT_APPROVED = gettext_noop("Permintaan ini belum dikabulkan.")
HOLD_RELEASED = gettext_noop("Penahanan ini sudah dilepas.")
BAD_VALUE = gettext_noop("Nilai {field} harus antara {low} dan {high}.")

RESPONSE_HOURS = 72  # 3 × 24 jam, as UU 27/2022 sets for a controller's answer to several rights
RETENTION_FIELDS = {"closed_case_identity_years": (1, 100), "closed_report_days": (7, 3650), "tracking_code_days": (7, 3650),
                    "identity_export_days": (1, 365)}


# ----------------------------------------------------------------------------------------------
# retention rules

def retention_policy(city_code: str) -> RetentionPolicy:
    return RetentionPolicy.objects.get_or_create(city_id=city_code)[0]


@transaction.atomic
def retention_policy_update(*, actor, city_code: str, data: dict) -> RetentionPolicy:
    cities = retention_cities(actor)
    if cities is not None and city_code not in cities:
        raise Http404
    policy = RetentionPolicy.objects.select_for_update().get_or_create(city_id=city_code)[0]
    changes = {}
    for name, (low, high) in RETENTION_FIELDS.items():
        if name not in data:
            continue
        value = int(data[name])
        if not low <= value <= high:
            raise DomainError(BAD_VALUE.format(field=name, low=low, high=high))
        if getattr(policy, name) != value:
            changes[name] = [getattr(policy, name), value]
            setattr(policy, name, value)
    if changes:
        policy.save()
        audit_record(actor=actor, action="retention.policy_update", obj=policy, city_code=city_code, changes=changes)
    return policy


@transaction.atomic
def legal_hold_place(*, actor, case: Case, reason: str) -> LegalHold:
    cities = register_cities(actor)
    if (cities is not None and case.city_id not in cities) or not cases_visible_to(actor).filter(pk=case.pk).exists():
        raise Http404
    if not (reason or "").strip():
        raise DomainError(REASON_REQUIRED)
    hold = LegalHold.objects.create(case=case, reason=reason.strip()[:300], placed_by=actor)
    audit_record(actor=actor, action="legal_hold.place", obj=hold, city_code=case.city_id, changes={"case": [None, case.number]})
    return hold


@transaction.atomic
def legal_hold_release(*, actor, hold: LegalHold) -> LegalHold:
    cities = register_cities(actor)
    if cities is not None and hold.case.city_id not in cities:
        raise Http404
    if hold.released_at:
        raise DomainError(HOLD_RELEASED)
    hold.released_at, hold.released_by = timezone.now(), actor
    hold.save(update_fields=["released_at", "released_by"])
    audit_record(actor=actor, action="legal_hold.release", obj=hold, city_code=hold.case.city_id, changes={"case": [None, hold.case.number]})
    return hold


def protected_case_ids():
    """Cases retention never touches: under legal process or on legal hold."""
    held = LegalHold.objects.filter(released_at__isnull=True).values_list("case_id", flat=True)
    return set(held) | set(Case.objects.filter(pk__in=case_ids_under_legal_process()).values_list("pk", flat=True))


def _years_before(now: datetime, years: int) -> datetime:
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


@dataclass
class CityRetention:
    city: str
    cases_anonymised: int = 0
    cases_kept: int = 0  # due, but under legal process or on hold
    reports_deleted: int = 0
    codes_expired: int = 0
    exports_deleted: int = 0

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "city"}


@dataclass
class RetentionReport:
    cities: list[CityRetention] = field(default_factory=list)
    task_results_deleted: int = 0


def retention_cities_in_use() -> list[str]:
    return sorted(set(Organisation.objects.values_list("city_id", flat=True).distinct()))


def retention_due_cases(*, city_code: str, policy: RetentionPolicy, now: datetime):
    cutoff = _years_before(now, policy.closed_case_identity_years)
    return (Case.objects.filter(city_id=city_code, status=Status.CLOSED, closed_at__lt=cutoff)
            .exclude(pk__in=CaseAnonymisation.objects.values("case_id")).order_by("pk"))


def retention_apply(*, actor=None, now: datetime | None = None, cities: list[str] | None = None, dry_run: bool = False) -> RetentionReport:
    """Apply every city's rules once. Each case is anonymised in its own transaction, so a long
    run can be interrupted and simply started again."""
    now = now or timezone.now()
    report = RetentionReport()
    protected = protected_case_ids()
    for city_code in cities or retention_cities_in_use():
        policy = retention_policy(city_code)
        r = CityRetention(city=city_code)
        for case in retention_due_cases(city_code=city_code, policy=policy, now=now).iterator(chunk_size=500):
            if case.pk in protected:
                r.cases_kept += 1
                continue
            r.cases_anonymised += 1
            if not dry_run:
                with transaction.atomic():
                    case_anonymise(actor=actor, case=case, reason="retensi")
                    CaseAnonymisation.objects.create(case=case, rule="closed_case_identity_years")
        purge = list(reports_to_purge(city_code=city_code, before=now - timedelta(days=policy.closed_report_days)))
        r.reports_deleted = len(purge)
        if not dry_run:
            for rep in purge:
                report_purge(actor=actor, report=rep, reason="retensi")
            r.codes_expired = tracking_codes_expire(actor=actor, city_code=city_code, before=now - timedelta(days=policy.tracking_code_days))
            r.exports_deleted = exports_expire(actor=actor, city_code=city_code, before=now - timedelta(days=policy.identity_export_days),
                                               reason="retensi")
            audit_record(actor=actor, action="retention.apply", object_type="privacy.retentionpolicy", object_id=city_code,
                         city_code=city_code, changes={k: [None, v] for k, v in r.as_dict().items()}, origin={"channel": "retention"})
        report.cities.append(r)
    if not dry_run:
        report.task_results_deleted = _prune_task_results(now)
    return report


def _prune_task_results(now: datetime) -> int:
    """Finished background-task records (their arguments and tracebacks) older than 30 days."""
    from django_tasks_db.models import DBTaskResult


    deleted, _ = DBTaskResult.objects.filter(finished_at__lt=now - timedelta(days=DEFAULT_TASK_RESULT_DAYS)).delete()
    return deleted


# ----------------------------------------------------------------------------------------------
# data-subject requests

def _require_register(actor, city_code: str) -> None:
    cities = register_cities(actor)
    if cities is not None and city_code not in cities:
        raise Http404


def _load(actor, request: DataSubjectRequest, *, version: int | None = None) -> DataSubjectRequest:
    _require_register(actor, request.city_id)
    current = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
    if version is not None and current.version != version:
        raise ConflictError(gettext_noop("Permintaan ini sudah diubah orang lain. Muat ulang halaman."), changes={})
    return current


@transaction.atomic
def dsr_create(*, actor, city_code: str, kind: str, requester_relation: str, requester_name: str, requester_contact: str = "",
               description: str = "", received_at: datetime | None = None) -> DataSubjectRequest:
    _require_register(actor, city_code)
    if not Region.objects.filter(code=city_code, level=Level.KABKOTA).exists():
        raise Http404
    if kind not in RequestKind.values:
        raise DomainError(UNKNOWN.format(field="jenis permintaan", value=kind))
    if requester_relation not in codes("dsr_requester"):
        raise DomainError(UNKNOWN.format(field="pemohon", value=requester_relation))
    if not (requester_name or "").strip():
        raise DomainError(NAME_REQUIRED)
    received = received_at or timezone.now()
    req = DataSubjectRequest.objects.create(
        city_id=city_code, kind=kind, requester_relation=requester_relation, requester_name=requester_name.strip(),
        requester_contact=(requester_contact or "").strip(), description=(description or "").strip(), received_at=received,
        respond_by=received + timedelta(hours=RESPONSE_HOURS), recorded_by=actor)
    audit_record(actor=actor, action="dsr.create", obj=req, city_code=city_code,
                 changes={"kind": [None, kind], "requester": [None, requester_relation], "requester_name": [None, "«tersegel»"]})
    return req


@transaction.atomic
def dsr_link_subject(*, actor, request: DataSubjectRequest, person_id: int, link: bool = True) -> DataSubjectRequest:
    req = _load(actor, request)
    if req.status != RequestStatus.RECEIVED:
        raise DomainError(NOT_OPEN)
    person = Person.objects.filter(pk=person_id, case__in=cases_visible_to(actor), case__city_id=req.city_id).select_related("case").first()
    if person is None:
        raise Http404
    (req.subjects.add if link else req.subjects.remove)(person)
    req.version += 1
    req.save(update_fields=["version"])
    audit_record(actor=actor, action="dsr.link_subject" if link else "dsr.unlink_subject", obj=req, city_code=req.city_id,
                 changes={"case": [None, person.case.number], "person": [None, person.pk]})
    return req


@transaction.atomic
def dsr_decide(*, actor, request: DataSubjectRequest, approve: bool, legal_ground: str, note: str = "",
               version: int | None = None) -> DataSubjectRequest:
    req = _load(actor, request, version=version)
    if req.status != RequestStatus.RECEIVED:
        raise DomainError(NOT_OPEN)
    ground = get("dsr_ground", legal_ground)
    if ground is None:
        raise DomainError(UNKNOWN.format(field="dasar hukum", value=legal_ground))
    if bool(ground.extra.get("grants")) != bool(approve):
        raise DomainError(GROUND_MISMATCH)
    if approve:
        subjects = list(req.subjects.select_related("case"))
        if not subjects:
            raise DomainError(NO_SUBJECT)
        if req.kind == RequestKind.ERASURE:
            protected = protected_case_ids()
            for p in subjects:
                if p.case_id in protected:
                    raise DomainError(SUBJECT_UNDER_LEGAL_PROCESS.format(number=p.case.number))
    req.status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
    req.legal_ground, req.decision_note = legal_ground, (note or "").strip()
    req.decided_by, req.decided_at = actor, timezone.now()
    req.version += 1
    req.save()
    audit_record(actor=actor, action="dsr.decide", obj=req, city_code=req.city_id,
                 changes={"status": [RequestStatus.RECEIVED, req.status], "legal_ground": [None, legal_ground]})
    return req


@transaction.atomic
def dsr_execute_erasure(*, actor, request: DataSubjectRequest) -> dict:
    """Carry out an approved erasure: each linked person is erased from their case and the records
    hanging off it; export files with identities of the city made before now are deleted; the
    register keeps what was asked and decided but no longer who asked."""
    req = _load(actor, request)
    if req.kind != RequestKind.ERASURE or req.status != RequestStatus.APPROVED:
        raise DomainError(NOT_APPROVED_ERASURE)
    protected = protected_case_ids()
    subjects = list(req.subjects.select_related("case"))
    for p in subjects:  # a hold placed after the decision still wins
        if p.case_id in protected:
            raise DomainError(SUBJECT_UNDER_LEGAL_PROCESS.format(number=p.case.number))
    totals = {"persons": 0, "texts": 0, "files": 0}
    for p in subjects:
        done = person_erase(actor=actor, person=p, reason=f"PDP-{req.pk}")
        totals["persons"] += 1
        totals["texts"] += done["texts"]
        totals["files"] += done["files"]
    totals["exports"] = exports_expire(actor=actor, city_code=req.city_id, before=timezone.now() + timedelta(seconds=1), reason=f"PDP-{req.pk}")
    DataSubjectRequest.objects.filter(pk=req.pk).update(
        requester_name=ERASED, requester_contact="", description=ERASED if req.description else "",
        decision_note=ERASED if req.decision_note else "", status=RequestStatus.COMPLETED, completed_at=timezone.now(), version=req.version + 1)
    audit_record(actor=actor, action="dsr.erasure_completed", obj=req, city_code=req.city_id,
                 changes={k: [None, v] for k, v in totals.items()})
    return totals


@transaction.atomic
def dsr_complete(*, actor, request: DataSubjectRequest, note: str = "") -> DataSubjectRequest:
    """An approved access or correction request is completed (the copy handed over, the data
    corrected through the case's person form)."""
    req = _load(actor, request)
    if req.status != RequestStatus.APPROVED or req.kind == RequestKind.ERASURE:
        raise DomainError(NOT_APPROVED)
    req.status, req.completed_at = RequestStatus.COMPLETED, timezone.now()
    if note:
        req.decision_note = (req.decision_note + "\n" + note.strip()).strip()
    req.version += 1
    req.save()
    audit_record(actor=actor, action="dsr.complete", obj=req, city_code=req.city_id, changes={"status": [RequestStatus.APPROVED, req.status]})
    return req
