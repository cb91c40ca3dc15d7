"""Writes and checks of the survivor's own view. The code/PIN check counts failures per code and
per client like the report follow-up (an unknown code and a wrong PIN answer alike)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from naungan.accounts.models import Membership
from naungan.accounts.roles import Role
from naungan.audit.services import audit_record, diff
from naungan.cases.models import Case, EventKind
from naungan.cases.services import _event, notify, require_case_write
from naungan.core.errors import DomainError
from naungan.core.names import normalize_phone_number
from naungan.reporting import services as R
from naungan.reporting.models import Report

from .models import Appointment, AppointmentKind, Channel, SafeContact, SurvivorAccess

NOT_ALLOWED = gettext_noop("Anda tidak berwenang melakukan ini pada kasus ini.")
NOT_FOR_THIS_CODE = gettext_noop("Halaman ini untuk korban atau keluarganya. Laporan Anda belum menjadi kasus, atau Anda bukan korban/keluarganya: "
                                 "hubungi petugas UPTD PPA untuk kode Anda sendiri.")
BAD_TIMES = gettext_noop("Isi jam aman dengan benar (dari … sampai …).")
BAD_PHONE = gettext_noop("Nomor yang tidak boleh ditelepon tidak valid.")
BAD_CHANNEL = gettext_noop("Pilih cara menghubungi dari daftar.")
BAD_KIND = gettext_noop("Jenis jadwal tidak dikenal.")
PLACE_REQUIRED = gettext_noop("Tempat jadwal wajib diisi.")
LOCKED = R.LOCKED
WRONG_CODE_OR_PIN = gettext_noop("Kode atau PIN salah.")

PIN_FAILURE_LIMIT = 5
PIN_LOCK_MINUTES = 30
SESSION_MINUTES = 15
# Reporters who are the survivor or the family: their report's code opens the survivor's view.
SURVIVOR_REPORTERS = {"korban", "keluarga"}


def _require(actor, case: Case, *, manage: bool = False) -> None:
    require_case_write(actor, case, manage=manage, not_allowed=NOT_ALLOWED)


def _new_code() -> str:
    while True:
        code = R.new_tracking_code()
        if not (SurvivorAccess.objects.filter(tracking_code=code).exists() or Report.objects.filter(tracking_code=code).exists()):
            return code


@transaction.atomic
def access_issue(*, actor, case: Case) -> tuple[SurvivorAccess, str]:
    """A new code and PIN for the survivor (shown once); an earlier code stops working."""
    _require(actor, case, manage=True)
    SurvivorAccess.objects.filter(case=case, active=True).update(active=False)
    pin = f"{secrets.randbelow(10**6):06d}"
    access = SurvivorAccess.objects.create(case=case, tracking_code=_new_code(), pin_hash=make_password(pin), issued_by=actor)
    audit_record(actor=actor, action="survivor.access_issue", obj=access, city_code=case.city_id, changes={"case": [None, case.number]})
    _event(case, actor, EventKind.SYSTEM, "Kode dan PIN untuk halaman korban diberikan.")
    return access, pin


@transaction.atomic
def access_revoke(*, actor, case: Case) -> int:
    _require(actor, case, manage=True)
    n = SurvivorAccess.objects.filter(case=case, active=True).update(active=False)
    audit_record(actor=actor, action="survivor.access_revoke", obj=case, city_code=case.city_id, changes={"revoked": [None, n]})
    return n


@dataclass
class SurvivorSession:
    case_id: int
    via: str  # "code" (given by staff) or "report"


def survivor_check(*, code: str, pin: str, client: str = "") -> SurvivorSession:
    if R.client_locked(client):
        raise DomainError(LOCKED.format(minutes=R.CLIENT_LOCK_MINUTES))
    norm = R.normalize_code(code)
    now = timezone.now()
    with transaction.atomic():
        access = SurvivorAccess.objects.select_for_update().filter(tracking_code=norm, active=True).select_related("case").first()
        if access is not None:
            if access.locked_until and access.locked_until > now:
                outcome = "locked"
            elif not check_password((pin or "").strip(), access.pin_hash):
                access.pin_failures += 1
                outcome = "wrong"
                if access.pin_failures >= PIN_FAILURE_LIMIT:
                    access.locked_until, access.pin_failures, outcome = now + timedelta(minutes=PIN_LOCK_MINUTES), 0, "locked"
                access.save(update_fields=["pin_failures", "locked_until"])
                audit_record(actor=None, action="survivor.pin_failed", obj=access, city_code=access.case.city_id, origin=R.PUBLIC_ORIGIN,
                             changes={"locked": [None, outcome == "locked"]})
            else:
                outcome = "ok"
                if access.pin_failures:
                    access.pin_failures = 0
                    access.save(update_fields=["pin_failures"])
    if access is not None:
        if outcome != "ok":
            R._client_failed(client)
        if outcome == "locked":
            raise DomainError(LOCKED.format(minutes=PIN_LOCK_MINUTES))
        if outcome == "wrong":
            raise DomainError(WRONG_CODE_OR_PIN)
        audit_record(actor=None, action="survivor.view", obj=access, city_code=access.case.city_id, origin=R.PUBLIC_ORIGIN)
        return SurvivorSession(case_id=access.case_id, via="code")
    try:
        report = R.report_check(code=code, pin=pin, client=client)  # counts its own failures
    except DomainError as exc:
        if str(exc) == R.WRONG_CODE_OR_PIN:
            raise DomainError(WRONG_CODE_OR_PIN)
        raise
    if not report.case_id or report.reporter_kind not in SURVIVOR_REPORTERS:
        raise DomainError(NOT_FOR_THIS_CODE)
    audit_record(actor=None, action="survivor.view", obj=report, city_code=report.case.city_id, origin=R.PUBLIC_ORIGIN)
    return SurvivorSession(case_id=report.case_id, via="report")


def _as_time(value) -> time | None:
    if value in (None, ""):
        return None
    if isinstance(value, time):
        return value
    try:
        return time.fromisoformat(str(value))
    except ValueError:
        raise DomainError(BAD_TIMES)


SAFE_FIELDS = ("preferred_channel", "safe_from", "safe_to", "never_call", "no_home_visit", "note")


@transaction.atomic
def safe_contact_set(*, case: Case, data: dict, actor=None, by_survivor: bool = False) -> SafeContact:
    """The survivor (through their code) or an officer with them sets the rules."""
    if not by_survivor:
        _require(actor, case)
    channel = data.get("preferred_channel") or ""
    if channel and channel not in Channel.values:
        raise DomainError(BAD_CHANNEL)
    start, end = _as_time(data.get("safe_from")), _as_time(data.get("safe_to"))
    if bool(start) != bool(end):
        raise DomainError(BAD_TIMES)
    never = (data.get("never_call") or "").strip()
    if never and not normalize_phone_number(never):
        raise DomainError(BAD_PHONE)
    sc, _created = SafeContact.objects.get_or_create(case=case)
    before = {f: getattr(sc, f) for f in SAFE_FIELDS}
    sc.preferred_channel, sc.safe_from, sc.safe_to = channel, start, end
    sc.never_call = never[:40]
    sc.no_home_visit = bool(data.get("no_home_visit"))
    sc.note = (data.get("note") or "").strip()[:500]
    sc.set_by_survivor = by_survivor
    sc.updated_by = None if by_survivor else actor
    sc.save()
    after = {f: getattr(sc, f) for f in SAFE_FIELDS}
    changes = diff({k: str(v) if v is not None else None for k, v in before.items()}, {k: str(v) if v is not None else None for k, v in after.items()},
                   sealed={"never_call", "note"})
    audit_record(actor=None if by_survivor else actor, action="survivor.safe_contact", obj=sc, city_code=case.city_id,
                 origin=R.PUBLIC_ORIGIN if by_survivor else None, changes={**changes, "by_survivor": [None, by_survivor]})
    _event(case, None if by_survivor else actor, EventKind.SYSTEM,
           "Aturan kontak aman diperbarui" + (" oleh korban/wali." if by_survivor else "."))
    if by_survivor:
        users = [case.assigned_to] if case.assigned_to_id else [m.user for m in Membership.objects.filter(
            organisation_id=case.owner_org_id, role=Role.CASE_MANAGER, active=True).select_related("user")]
        if case.satgas_assignee_id:
            users.append(case.satgas_assignee)
        for u in {u.pk: u for u in users}.values():
            notify(user=u, text=f"Korban memperbarui aturan kontak aman kasus {case.number}. Baca sebelum menghubungi.", url=f"/kasus/{case.pk}/")
    return sc


@transaction.atomic
def appointment_add(*, actor, case: Case, kind: str, at: datetime, place: str, told_to_survivor: bool = False) -> Appointment:
    _require(actor, case)
    if kind not in AppointmentKind.values:
        raise DomainError(BAD_KIND)
    if not (place or "").strip():
        raise DomainError(PLACE_REQUIRED)
    a = Appointment.objects.create(case=case, kind=kind, at=at, place=place.strip()[:200], told_to_survivor=bool(told_to_survivor), created_by=actor)
    audit_record(actor=actor, action="survivor.appointment_add", obj=a, city_code=case.city_id, changes={
        "kind": [None, kind], "at": [None, at.isoformat()], "told_to_survivor": [None, a.told_to_survivor]})
    _event(case, actor, EventKind.SYSTEM, f"Jadwal {AppointmentKind(kind).label}: {timezone.localtime(at):%d-%m-%Y %H:%M}, {a.place}.")
    return a


@transaction.atomic
def appointment_update(*, actor, appointment: Appointment, told_to_survivor: bool | None = None, cancelled: bool | None = None) -> Appointment:
    _require(actor, appointment.case)
    changes = {}
    if told_to_survivor is not None and told_to_survivor != appointment.told_to_survivor:
        changes["told_to_survivor"] = [appointment.told_to_survivor, told_to_survivor]
        appointment.told_to_survivor = told_to_survivor
    if cancelled is not None and cancelled != appointment.cancelled:
        changes["cancelled"] = [appointment.cancelled, cancelled]
        appointment.cancelled = cancelled
    if changes:
        appointment.save(update_fields=["told_to_survivor", "cancelled"])
        audit_record(actor=actor, action="survivor.appointment_update", obj=appointment, city_code=appointment.case.city_id, changes=changes)
    return appointment
