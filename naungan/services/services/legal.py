"""The legal process and its accompaniment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from naungan.accounts.models import Organisation
from naungan.audit.services import audit_record, diff
from naungan.cases.models import Case
from naungan.catalogues.selectors import codes
from naungan.core.errors import DomainError

from ..models import (
    LegalAccompaniment,
    LegalProcess,
)
from .common import NEGATIVE, UNKNOWN, _require_case


@transaction.atomic
def legal_update(*, actor, case: Case, lp_number: str = "", police_unit: str = "", stage: str = "",
                 restitution_requested=None, restitution_decided=None, restitution_paid=None) -> LegalProcess:
    _require_case(actor, case, manage=True)
    if stage and stage not in codes("legal_stage"):
        raise DomainError(UNKNOWN.format(field="tahap", value=stage))
    for v in (restitution_requested, restitution_decided, restitution_paid):
        if v is not None and Decimal(v) < 0:
            raise DomainError(NEGATIVE)
    legal, _ = LegalProcess.objects.get_or_create(case=case)
    before = {f: str(getattr(legal, f) or "") for f in ("lp_number", "police_unit", "stage", "restitution_requested", "restitution_decided", "restitution_paid")}
    legal.lp_number, legal.police_unit, legal.stage = lp_number, police_unit, stage
    legal.restitution_requested, legal.restitution_decided, legal.restitution_paid = restitution_requested, restitution_decided, restitution_paid
    legal.save()
    after = {f: str(getattr(legal, f) or "") for f in before}
    audit_record(actor=actor, action="legal.update", obj=legal, city_code=case.city_id, changes=diff(before, after))
    return legal


@transaction.atomic
def legal_accompany(*, actor, case: Case, stage: str, on: date, by: Organisation | None = None, note: str = "") -> LegalAccompaniment:
    _require_case(actor, case, manage=True)
    if stage not in codes("legal_stage"):
        raise DomainError(UNKNOWN.format(field="tahap", value=stage))
    legal, _ = LegalProcess.objects.get_or_create(case=case)
    a = LegalAccompaniment.objects.create(legal=legal, stage=stage, date=on, by=by, note=note)
    audit_record(actor=actor, action="legal.accompany", obj=a, city_code=case.city_id, changes={"stage": [None, stage]})
    return a
