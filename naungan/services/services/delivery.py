"""Services delivered and shelter stays."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from naungan.accounts.models import Organisation
from naungan.accounts.roles import OrgKind
from naungan.audit.services import audit_record
from naungan.cases.models import Case
from naungan.cases.services import case_note_add
from naungan.cases.signals import cases_changed
from naungan.catalogues.selectors import get
from naungan.core.errors import DomainError

from ..models import (
    DeliveryStatus,
    Referral,
    ServiceDelivery,
    ShelterStay,
)
from .common import BAD_DATES, NOT_A_SHELTER, UNKNOWN, _require_case, _victim
from .rights import _rights_follow


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
