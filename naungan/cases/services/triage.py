"""Triage, first response and assignment."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from naungan.accounts.models import CityConfig, Membership
from naungan.accounts.roles import Role
from naungan.audit.services import audit_record, diff
from naungan.core.errors import DomainError

from ..models import (
    Case,
    EventKind,
    Status,
)
from ..signals import cases_changed
from .common import (
    ALREADY_CLOSED,
    BAD_ASSIGNEE,
    BAD_SATGAS,
    FIELD_LABELS,
    _bump,
    _check,
    _event,
    _id_label,
    _require_manage,
    _require_visible,
    notify,
)


@transaction.atomic
def case_triage(*, actor, case: Case, risk: str, case_type: str = "", authority: str = "kota") -> Case:
    _require_manage(actor, case)
    if case.status == Status.CLOSED:
        raise DomainError(ALREADY_CLOSED)
    _check(risk, "risk", "risiko", blank_ok=False)
    _check(case_type, "case_type", "jenis kasus")
    _check(authority, "authority", "kewenangan")
    config = CityConfig.for_city(case.city_id)
    respond_by = case.received_at + timedelta(minutes=config.respond_minutes(risk))
    old = {"risk": case.risk, "case_type": case.case_type, "authority": case.authority, "respond_by": case.respond_by, "status": case.status}
    fields = {"risk": risk, "case_type": case_type or "", "authority": authority or "", "respond_by": respond_by, "triaged_at": timezone.now()}
    if case.status == Status.REGISTERED:
        fields["status"] = Status.TRIAGED
    _bump(case, **fields)
    new = {"risk": case.risk, "case_type": case.case_type, "authority": case.authority, "respond_by": case.respond_by, "status": case.status}
    audit_record(actor=actor, action="case.triage", obj=case, city_code=case.city_id, changes=diff(old, new))
    _event(case, actor, EventKind.TRIAGE, f"Triase: risiko {_id_label('risk', risk)}, jenis {_id_label('case_type', case_type)}, kewenangan {_id_label('authority', authority)}; target respons {timezone.localtime(respond_by):%d-%m-%Y %H:%M}.")
    cases_changed(case)
    return case


@transaction.atomic
def case_record_response(*, actor, case: Case, at: datetime | None = None) -> Case:
    """First contact with the victim stops the response clock."""
    _require_visible(actor, case)
    if case.first_response_at is None:
        _bump(case, first_response_at=at or timezone.now())
        audit_record(actor=actor, action="case.first_response", obj=case, city_code=case.city_id, changes={"first_response_at": [None, case.first_response_at]})
        _event(case, actor, EventKind.SYSTEM, "Respons pertama kepada korban dicatat.")
    cases_changed(case)
    return case


@transaction.atomic
def case_assign(*, actor, case: Case, assigned_to=None, satgas_assignee=None, clear_satgas: bool = False) -> Case:
    _require_manage(actor, case)
    changes, fields = {}, {}
    if assigned_to is not None:
        ok = Membership.objects.filter(user=assigned_to, active=True, role=Role.CASE_MANAGER, organisation_id=case.owner_org_id).exists() or \
            Membership.objects.filter(user=assigned_to, active=True, role=Role.SUPERVISOR, city_id=case.city_id).exists()
        if not ok:
            raise DomainError(BAD_ASSIGNEE)
        if case.assigned_to_id != assigned_to.pk:
            changes["assigned_to"] = [case.assigned_to.username if case.assigned_to_id else None, assigned_to.username]
            fields["assigned_to"] = assigned_to
    if satgas_assignee is not None:
        if not Membership.objects.filter(user=satgas_assignee, active=True, role=Role.SATGAS, city_id=case.city_id).exists():
            raise DomainError(BAD_SATGAS)
        if case.satgas_assignee_id != satgas_assignee.pk:
            changes["satgas_assignee"] = [case.satgas_assignee.username if case.satgas_assignee_id else None, satgas_assignee.username]
            fields["satgas_assignee"] = satgas_assignee
    elif clear_satgas and case.satgas_assignee_id:
        changes["satgas_assignee"] = [case.satgas_assignee.username, None]
        fields["satgas_assignee"] = None
    if fields:
        _bump(case, **fields)
        audit_record(actor=actor, action="case.assign", obj=case, city_code=case.city_id, changes=changes)
        _event(case, actor, EventKind.ASSIGNMENT, "Penugasan: " + "; ".join(f"{FIELD_LABELS.get(k, k)} {v[0] or '-'} → {v[1] or '-'}" for k, v in changes.items()))
        for user in (fields.get("assigned_to"), fields.get("satgas_assignee")):
            if user is not None:
                notify(user=user, text=f"Anda ditugaskan pada kasus {case.number}.", url=f"/kasus/{case.pk}/", push="assigned", ref=case.number)
    cases_changed(case)
    return case
