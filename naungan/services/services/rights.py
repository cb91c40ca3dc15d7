"""Victims' rights records, kept in step with the services delivered."""

from __future__ import annotations

from django.db import transaction

from naungan.audit.services import audit_record
from naungan.cases.models import Case, Person
from naungan.cases.signals import cases_changed
from naungan.catalogues.selectors import get, values
from naungan.core.errors import DomainError

from ..models import (
    DeliveryStatus,
    RightRecord,
    RightStatus,
    ServiceDelivery,
)
from .common import REASON_REQUIRED, UNKNOWN, _require_case


def rights_for(case: Case, person: Person) -> list[str]:
    """The rights tracked for a victim: the six followed by the UPTD PPA (Kediri DP3AP2KB cross-sector practice; Permen PPPA 4/2018), plus the three of UU TPKS for TPKS cases."""
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
