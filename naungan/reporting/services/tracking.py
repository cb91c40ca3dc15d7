"""The reporter's side after filing: code and PIN checks with lockouts, more information."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from naungan.audit.services import audit_record
from naungan.cases.services import case_note_add, notify
from naungan.core.errors import DomainError
from naungan.core.middleware import reset_origin, set_origin

from .. import pins
from ..models import MessageDirection, Report, ReportMessage
from .common import (
    CLIENT_FAILURE_LIMIT,
    CLIENT_LOCK_MINUTES,
    EMPTY_MESSAGE,
    LOCKED,
    MAX_MESSAGE,
    PIN_FAILURE_LIMIT,
    PIN_LOCK_MINUTES,
    PUBLIC_ORIGIN,
    TOO_LONG,
    WRONG_CODE_OR_PIN,
)
from .portal import normalize_code


def _client_key(client: str) -> str:
    return "reporting:pinfail:" + hashlib.sha256((client or "-").encode()).hexdigest()[:32]


def client_locked(client: str) -> bool:
    return (cache.get(_client_key(client)) or 0) >= CLIENT_FAILURE_LIMIT


def _client_failed(client: str) -> None:
    key = _client_key(client)
    if cache.add(key, 1, CLIENT_LOCK_MINUTES * 60):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, CLIENT_LOCK_MINUTES * 60)


def report_check(*, code: str, pin: str, client: str = "") -> Report:
    """The reporter's follow-up. Wrong PINs are counted per tracking code (the code locks for a
    while) and per client across all codes (the client locks, so codes cannot be guessed with
    one PIN); an unknown code and a wrong PIN answer alike. A locked client's attempts do not
    count against the code, so a guesser cannot keep a real reporter locked out. The failure
    count is committed before the error is raised (raising inside the transaction would roll it
    back)."""
    if client_locked(client):
        raise DomainError(LOCKED.format(minutes=CLIENT_LOCK_MINUTES))
    now = timezone.now()
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(tracking_code=normalize_code(code)).first()
        if report is None:
            pins.dummy_check(pin)  # same work as a real check: no timing hint that the code exists
            outcome = "wrong"
        elif report.locked_until and report.locked_until > now:
            outcome = "locked"
        elif not pins.check_pin(report.tracking_code, pin, report.pin_hash):
            report.pin_failures += 1
            outcome = "wrong"
            if report.pin_failures >= PIN_FAILURE_LIMIT:
                report.locked_until = now + timedelta(minutes=PIN_LOCK_MINUTES)
                report.pin_failures = 0
                outcome = "locked"
            report.save(update_fields=["pin_failures", "locked_until"])
            audit_record(actor=None, action="report.pin_failed", obj=report, city_code=report.city_id, origin=PUBLIC_ORIGIN,
                         changes={"locked": [None, outcome == "locked"]})
        else:
            outcome = "ok"
            fields = []
            if report.pin_failures:
                report.pin_failures = 0
                fields.append("pin_failures")
            if pins.needs_rehash(report.pin_hash):  # a password-hasher hash or an older key
                report.pin_hash = pins.hash_pin(report.tracking_code, (pin or "").strip())
                fields.append("pin_hash")
            if fields:
                report.save(update_fields=fields)
    if outcome != "ok":
        _client_failed(client)
    if outcome == "locked":
        raise DomainError(LOCKED.format(minutes=PIN_LOCK_MINUTES))
    if outcome == "wrong":
        raise DomainError(WRONG_CODE_OR_PIN)
    return report


@transaction.atomic
def report_add_info(*, report: Report, body: str) -> ReportMessage:
    body = (body or "").strip()
    if not body:
        raise DomainError(EMPTY_MESSAGE)
    if len(body) > MAX_MESSAGE:
        raise DomainError(TOO_LONG.format(n=MAX_MESSAGE))
    msg = ReportMessage.objects.create(report=report, direction=MessageDirection.FROM_REPORTER, body=body)
    audit_record(actor=None, action="report.reporter_info", obj=report, city_code=report.city_id, origin=PUBLIC_ORIGIN)
    if report.case_id:
        token = set_origin(PUBLIC_ORIGIN)  # the case note's audit event must not keep the address either
        try:
            case_note_add(actor=None, case=report.case, body="Informasi tambahan dari pelapor (lihat laporan " + report.tracking_code + "): " + body,
                          kind="feedback", check_scope=False)
        finally:
            reset_origin(token)
    # Whoever handles it hears of it — the case number or tracking code only, never the text.
    to = (report.case.assigned_to if report.case_id and report.case.assigned_to_id else None) or report.handled_by
    if to is not None and to.is_active:
        where = f"kasus {report.case.number}" if report.case_id else f"laporan {report.tracking_code}"
        notify(user=to, text=f"Pelapor menambahkan informasi untuk {where}.",
               url=f"/kasus/{report.case_id}/" if report.case_id else f"/lapor/antrean/{report.pk}/",
               push="reporter_info", ref=report.case.number if report.case_id else report.tracking_code)
    return msg
