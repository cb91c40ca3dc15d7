"""Status transitions, closure (request, approval, rejection, its rules) and reopening."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from naungan.accounts.models import Membership
from naungan.accounts.roles import Role
from naungan.audit.services import audit_record
from naungan.catalogues.selectors import codes
from naungan.core.errors import DomainError, TransitionError

from ..models import (
    Case,
    EventKind,
    PersonRole,
    Status,
)
from ..selectors import can_approve_closure
from ..signals import cases_changed
from .common import (
    ALREADY_CLOSED,
    CLOSE_VIA_APPROVAL,
    CLOSURE_NOT_REQUESTED,
    CLOSURE_REASON_REQUIRED,
    ILLEGAL_TRANSITION,
    NOT_CLOSED,
    ONLY_SUPERVISOR_APPROVES,
    REOPEN_REASON_REQUIRED,
    TPKS_NO_SETTLEMENT,
    TRIAGE_FIRST,
    _bump,
    _event,
    _id_label,
    _require_manage,
    _require_visible,
    notify,
)

# Forward one step, or back one step where work must be redone. Closing goes through approval.
TRANSITIONS: dict[str, set[str]] = {
    Status.REGISTERED: {Status.TRIAGED},
    Status.TRIAGED: {Status.ASSESSMENT},
    Status.ASSESSMENT: {Status.PLANNING},
    Status.PLANNING: {Status.SERVICES, Status.ASSESSMENT},
    Status.SERVICES: {Status.MONITORING, Status.PLANNING},
    Status.MONITORING: {Status.SERVICES},
    Status.CLOSED: set(),
}


SETTLED_OUT_OF_COURT = "damai_di_luar_pengadilan"


@transaction.atomic
def case_transition(*, actor, case: Case, to: str) -> Case:
    _require_manage(actor, case)
    if to == Status.CLOSED:
        raise TransitionError(CLOSE_VIA_APPROVAL)
    if to not in TRANSITIONS.get(case.status, set()):
        raise TransitionError(ILLEGAL_TRANSITION.format(src=Status(case.status).label, dst=Status(to).label if to in Status.values else to))
    if case.status == Status.REGISTERED and not case.risk:
        raise TransitionError(TRIAGE_FIRST)
    old = case.status
    _bump(case, status=to)
    audit_record(actor=actor, action="case.transition", obj=case, city_code=case.city_id, changes={"status": [old, to]})
    _event(case, actor, EventKind.STATUS, f"Status: {Status(old).label} → {Status(to).label}.")
    cases_changed(case)
    return case


def tpks_settlement_refused(case: Case, reason: str) -> bool:
    """UU 12/2022: TPKS cases cannot be settled out of court unless the offender is a child.
    An offender of unknown age counts as an adult."""
    if reason != SETTLED_OUT_OF_COURT or not case.is_tpks:
        return False
    perpetrators = list(case.persons.filter(role=PersonRole.PERPETRATOR).values_list("is_child", flat=True))
    return not perpetrators or any(is_child is not True for is_child in perpetrators)


def closure_refusal(case: Case, reason: str) -> str | None:
    """Why `case` may not be closed with `reason` (a TPKS case is not settled out of court), or None.
    Checked both when closure is requested and when the supervisor approves it."""
    return TPKS_NO_SETTLEMENT if tpks_settlement_refused(case, reason) else None


@transaction.atomic
def case_request_closure(*, actor, case: Case, reason: str, note: str = "") -> Case:
    _require_manage(actor, case)
    if case.status == Status.CLOSED:
        raise DomainError(ALREADY_CLOSED)
    if not reason or reason not in codes("closure_reason"):
        raise DomainError(CLOSURE_REASON_REQUIRED)
    refusal = closure_refusal(case, reason)
    if refusal:
        raise DomainError(refusal)
    _bump(case, closure_reason=reason, closure_note=note or "", closure_requested_at=timezone.now(), closure_requested_by=actor)
    audit_record(actor=actor, action="case.closure_request", obj=case, city_code=case.city_id, changes={"closure_reason": [None, reason]})
    _event(case, actor, EventKind.STATUS, f"Permohonan penutupan: {_id_label('closure_reason', reason)}.")
    for m in Membership.objects.filter(city_id=case.city_id, role=Role.SUPERVISOR, active=True).select_related("user"):
        notify(user=m.user, text=f"Permohonan penutupan kasus {case.number} menunggu persetujuan.", url=f"/kasus/{case.pk}/", key=f"closure:{case.pk}:{case.version}",
               push="approval", ref=case.number)
    cases_changed(case)
    return case


@transaction.atomic
def case_approve_closure(*, actor, case: Case) -> Case:
    _require_visible(actor, case)
    if not can_approve_closure(actor, case):
        raise DomainError(ONLY_SUPERVISOR_APPROVES)
    if case.status == Status.CLOSED:
        raise DomainError(ALREADY_CLOSED)
    if not case.closure_requested_at:
        raise DomainError(CLOSURE_NOT_REQUESTED)
    refusal = closure_refusal(case, case.closure_reason)
    if refusal:
        raise DomainError(refusal)
    old = case.status
    _bump(case, status=Status.CLOSED, closed_at=timezone.now(), closure_approved_by=actor)
    audit_record(actor=actor, action="case.close", obj=case, city_code=case.city_id, changes={"status": [old, Status.CLOSED], "closure_reason": [None, case.closure_reason]})
    _event(case, actor, EventKind.STATUS, f"Kasus ditutup (alasan: {_id_label('closure_reason', case.closure_reason)}), disetujui supervisor.")
    cases_changed(case)
    return case


@transaction.atomic
def case_reject_closure(*, actor, case: Case, note: str = "") -> Case:
    _require_visible(actor, case)
    if not can_approve_closure(actor, case):
        raise DomainError(ONLY_SUPERVISOR_APPROVES)
    if not case.closure_requested_at or case.status == Status.CLOSED:
        raise DomainError(CLOSURE_NOT_REQUESTED)
    _bump(case, closure_requested_at=None, closure_requested_by=None, closure_reason="", closure_note="")
    audit_record(actor=actor, action="case.closure_reject", obj=case, city_code=case.city_id)
    _event(case, actor, EventKind.STATUS, "Permohonan penutupan ditolak supervisor." + (f" {note}" if note else ""))
    cases_changed(case)
    return case


@transaction.atomic
def case_reopen(*, actor, case: Case, reason: str) -> Case:
    _require_manage(actor, case)
    if case.status != Status.CLOSED:
        raise TransitionError(NOT_CLOSED)
    if not (reason or "").strip():
        raise DomainError(REOPEN_REASON_REQUIRED)
    _bump(case, status=Status.ASSESSMENT, closed_at=None, closure_requested_at=None, closure_requested_by=None,
          closure_approved_by=None, closure_reason="", reopened_count=case.reopened_count + 1)
    audit_record(actor=actor, action="case.reopen", obj=case, city_code=case.city_id, changes={"status": [Status.CLOSED, Status.ASSESSMENT]})
    _event(case, actor, EventKind.STATUS, f"Kasus dibuka kembali: {reason.strip()}")
    cases_changed(case)
    return case
