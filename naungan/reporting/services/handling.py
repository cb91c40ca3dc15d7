"""The staff side: messages to the reporter, urgency, converting or attaching to a case, closing."""

from __future__ import annotations

from django.core.files import File
from django.db import transaction
from django.http import Http404

from naungan.audit.services import audit_record
from naungan.cases.models import Case
from naungan.cases.selectors import cases_visible_to
from naungan.cases.services import attachment_add, case_note_add, case_register, notify
from naungan.catalogues.selectors import codes, get
from naungan.core.errors import DomainError

from ..models import Channel, MessageDirection, Report, ReportMessage, ReportStatus, Resolution
from ..selectors import can_handle, reports_visible_to
from .common import (
    ALREADY_RESOLVED,
    CASE_CLOSED,
    EMPTY_MESSAGE,
    MAX_MESSAGE,
    NOT_ALLOWED,
    PUBLIC_ORIGIN,
    REASON_REQUIRED,
    REPORTER_IS_VICTIM,
    TOO_LONG,
    _notify_new,
)
from .portal import forms_of


def _require_handler(actor, report: Report) -> None:
    if not reports_visible_to(actor).filter(pk=report.pk).exists():
        raise Http404
    if not can_handle(actor, report):
        raise DomainError(NOT_ALLOWED)


@transaction.atomic
def report_message_reporter(*, actor, report: Report, body: str) -> ReportMessage:
    _require_handler(actor, report)
    body = (body or "").strip()
    if not body:
        raise DomainError(EMPTY_MESSAGE)
    if len(body) > MAX_MESSAGE:
        raise DomainError(TOO_LONG.format(n=MAX_MESSAGE))
    msg = ReportMessage.objects.create(report=report, direction=MessageDirection.TO_REPORTER, body=body, author=actor)
    audit_record(actor=actor, action="report.message", obj=report, city_code=report.city_id)
    return msg


def _channel_for_case(report: Report) -> str:
    if report.channel == Channel.WHATSAPP:
        return "whatsapp"
    return "laporan_masyarakat" if report.channel == Channel.COMMUNITY else "portal_publik"


@transaction.atomic
def report_mark_urgent(*, report: Report) -> Report:
    """The reporter said they are in danger after the report was filed (e.g. "BAHAYA" over
    WhatsApp): the report jumps to the top of the queue and triage staff are told."""
    report = Report.objects.select_for_update(of=("self",)).select_related("kelurahan").get(pk=report.pk)
    if report.danger_now:
        return report
    report.danger_now = True
    report.save(update_fields=["danger_now", "updated_at"])
    audit_record(actor=None, action="report.urgent", obj=report, city_code=report.city_id, origin=PUBLIC_ORIGIN,
                 changes={"danger_now": [False, True]})
    _notify_new(report, urgent=True)
    if report.case_id and report.case.assigned_to_id:
        notify(user=report.case.assigned_to, text=f"MENDESAK: pelapor kasus {report.case.number} menyatakan dalam bahaya.",
               url=f"/kasus/{report.case_id}/", push="urgent_report", ref=report.case.number)
    return report


@transaction.atomic
def report_convert(*, actor, report: Report) -> Case:
    """Make a case of the report; what the reporter told is carried over."""
    _require_handler(actor, report)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.resolution:
        raise DomainError(ALREADY_RESOLVED)
    if report.reporter_kind == REPORTER_IS_VICTIM:
        # "Aku sendiri" / "Saya sendiri yang mengalami": the one who reported is the victim, and
        # there is no other reporter to record.
        persons = [{"role": "victim", "name": report.contact_name, "phone": report.contact_phone, "unknown": False}]
    else:
        persons = [{"role": "victim", "name": "", "unknown": False}]
        if report.contact_name or report.contact_phone:
            persons.append({"role": "reporter", "name": report.contact_name, "phone": report.contact_phone})
    kind = get("reporter_kind", report.reporter_kind)
    chronology = f"[Laporan {report.tracking_code}; pelapor: {kind.label if kind else report.reporter_kind}" + \
        ("; MENDESAK" if report.danger_now else "") + "]\n" + (report.description or "")
    later = list(report.messages.filter(direction=MessageDirection.FROM_REPORTER).values_list("body", flat=True))
    if later:
        chronology += "\n\n" + "\n".join(f"[Informasi tambahan dari pelapor] {b}" for b in later)
    case = case_register(
        actor=actor, city_code=report.city_id, channel=_channel_for_case(report), received_at=report.created_at,
        kelurahan_code=report.kelurahan_id, forms=forms_of(report.what), chronology=chronology, persons=persons,
        source_report_id=report.pk,
    )
    _handle_in_case(actor, report, case, Resolution.CONVERTED)
    audit_record(actor=actor, action="report.convert", obj=report, city_code=report.city_id, changes={"case": [None, case.number]})
    return case


def _handle_in_case(actor, report: Report, case: Case, resolution: str) -> None:
    """The report is handled in `case` (made into it or attached to it); its attachment goes along."""
    _carry_attachment(actor, report, case)
    report.case = case
    report.resolution = resolution
    report.status = ReportStatus.HANDLING
    report.handled_by = actor
    report.save(update_fields=["case", "resolution", "status", "handled_by", "updated_at"])


def _carry_attachment(actor, report: Report, case: Case) -> None:
    """The reporter's photo or document becomes a case attachment (checked again by the case's
    own rules)."""
    if not report.attachment:
        return
    with report.attachment.open("rb") as fh:
        attachment_add(actor=actor, case=case, uploaded_file=File(fh, name=f"{report.tracking_code}"),
                       description=f"Lampiran dari laporan {report.tracking_code}")


@transaction.atomic
def report_attach(*, actor, report: Report, case: Case) -> Report:
    _require_handler(actor, report)
    if not cases_visible_to(actor).filter(pk=case.pk, city_id=report.city_id).exists():
        raise Http404
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.resolution:
        raise DomainError(ALREADY_RESOLVED)
    if case.status == "closed":  # the reporter would read "selesai" for a report nobody handled
        raise DomainError(CASE_CLOSED)
    _handle_in_case(actor, report, case, Resolution.ATTACHED)
    case_note_add(actor=actor, case=case, kind="feedback", body=f"Laporan {report.tracking_code} digabungkan ke kasus ini: {report.description or '-'}")
    audit_record(actor=actor, action="report.attach", obj=report, city_code=report.city_id, changes={"case": [None, case.number]})
    return report


@transaction.atomic
def report_close(*, actor, report: Report, reason: str) -> Report:
    _require_handler(actor, report)
    if reason not in codes("report_closure"):
        raise DomainError(REASON_REQUIRED)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.resolution:
        raise DomainError(ALREADY_RESOLVED)
    report.resolution = Resolution.NOT_RELEVANT
    report.status = ReportStatus.CLOSED
    report.closure_reason = reason
    report.handled_by = actor
    report.save(update_fields=["resolution", "status", "closure_reason", "handled_by", "updated_at"])
    audit_record(actor=actor, action="report.close", obj=report, city_code=report.city_id, changes={"closure_reason": [None, reason]})
    return report
