"""Registering a case and editing its incident data."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from naungan.accounts.models import Membership, Organisation
from naungan.accounts.roles import CASEWORK_ROLES, OrgKind
from naungan.accounts.scope import memberships
from naungan.audit.services import audit_record, diff
from naungan.core.dates import parse_day
from naungan.core.errors import ConflictError, DomainError
from naungan.regions.models import Level, Region

from ..models import (
    Case,
    CaseCounter,
    CaseViolenceForm,
    EventKind,
    Person,
    PersonRole,
)
from ..signals import cases_changed
from .common import (
    CANNOT_REGISTER,
    CONFLICT,
    FIELD_LABELS,
    KELURAHAN_OUTSIDE,
    NEED_VICTIM,
    UNKNOWN_VALUE,
    _check,
    _event,
    _id_label,
    _require_visible,
)
from .persons import _apply_person, _index_person, _refresh_child_flag


def _registering_membership(actor, city_code: str) -> Membership | None:
    for m in memberships(actor):
        if m.city_id == city_code and m.role in CASEWORK_ROLES:
            return m
    return None


def _next_number(city: Region, year: int) -> tuple[int, str]:
    seq = CaseCounter.take(city.code, year)
    return seq, f"{city.code}-{year}-{seq:06d}"


@transaction.atomic
def case_register(
    *,
    actor,
    city_code: str,
    channel: str,
    persons: list[dict],
    received_at: datetime | None = None,
    received_by=None,
    kelurahan_code: str | None = None,
    incident_date=None,
    incident_date_approximate: bool = False,
    place: str = "",
    forms: list[str] | tuple = (),
    chronology: str = "",
    special_protection: str = "",
    is_tpks: bool = False,
    source_report_id: int | None = None,
) -> Case:
    """Register a complaint (pengaduan) from any channel, with its persons and incident."""
    membership = _registering_membership(actor, city_code)
    national = getattr(actor, "is_superuser", False)
    if membership is None and not national:
        raise DomainError(CANNOT_REGISTER)
    city = Region.objects.filter(code=city_code, level=Level.KABKOTA).first()
    if city is None:
        raise DomainError(UNKNOWN_VALUE.format(field="kota", value=city_code))
    _check(channel, "channel", "saluran", blank_ok=False)
    _check(place, "place", "tempat kejadian")
    _check(special_protection, "special_protection", "perlindungan khusus")
    forms = list(dict.fromkeys(forms or []))
    for f in forms:
        _check(f, "violence_form", "bentuk kekerasan", blank_ok=False)
    kelurahan = None
    if kelurahan_code:
        kelurahan = Region.objects.filter(code=kelurahan_code, level=Level.KELURAHAN).select_related("parent").first()
        if kelurahan is None or not kelurahan.code.startswith(city.code + "."):
            raise DomainError(KELURAHAN_OUTSIDE)
    if not any(p.get("role") == PersonRole.VICTIM for p in persons):
        raise DomainError(NEED_VICTIM)
    incident = parse_day(incident_date)

    uptd = Organisation.objects.filter(city=city, kind=OrgKind.UPTD_PPA, active=True).order_by("id").first()
    registering_org = membership.organisation if membership else uptd
    received_at = received_at or timezone.now()
    year = timezone.localtime(received_at).year
    seq, number = _next_number(city, year)
    case = Case.objects.create(
        number=number, city=city, year=year, seq=seq, channel=channel, received_at=received_at,
        received_by=received_by or actor, registered_by=actor, registering_org=registering_org,
        owner_org=uptd or registering_org, source_report_id=source_report_id,
        kecamatan=kelurahan.parent if kelurahan else None, kelurahan=kelurahan, incident_date=incident,
        incident_date_approximate=incident_date_approximate, place=place or "", chronology=chronology or "",
        special_protection=special_protection or "", is_tpks=bool(is_tpks),
    )
    CaseViolenceForm.objects.bulk_create([CaseViolenceForm(case=case, form=f) for f in forms])
    for data in persons:
        person = Person(case=case)
        _apply_person(person, data, incident_date=incident)
        person.save()
        _index_person(person)
    _refresh_child_flag(case)
    _event(case, actor, EventKind.STATUS, f"Pengaduan didaftarkan melalui saluran {_id_label('channel', channel)}.")
    audit_record(actor=actor, action="case.register", obj=case, city_code=city.code, changes={
        "number": [None, number], "channel": [None, channel], "kelurahan": [None, kelurahan.code if kelurahan else None],
        "forms": [None, forms], "place": [None, place], "persons": [None, len(persons)], "is_tpks": [None, bool(is_tpks)],
    })
    cases_changed(case)
    return case


CASE_EDITABLE = ("channel", "incident_date", "incident_date_approximate", "place", "chronology", "special_protection", "is_tpks", "kelurahan")


@transaction.atomic
def case_update(*, actor, case_id: int, version: int, data: dict) -> Case:
    """Update the incident. `version` is the one the editor saw: if someone saved since, nothing
    is written and ConflictError lists each field as [your value, saved value]."""
    case = Case.objects.select_related("kelurahan").get(pk=case_id)
    _require_visible(actor, case)
    fields: dict = {}
    if "channel" in data:
        _check(data["channel"], "channel", "saluran", blank_ok=False)
        fields["channel"] = data["channel"]
    if "place" in data:
        _check(data["place"], "place", "tempat kejadian")
        fields["place"] = data["place"] or ""
    if "special_protection" in data:
        _check(data["special_protection"], "special_protection", "perlindungan khusus")
        fields["special_protection"] = data["special_protection"] or ""
    if "incident_date" in data:
        fields["incident_date"] = parse_day(data["incident_date"])
    for b in ("incident_date_approximate", "is_tpks"):
        if b in data:
            fields[b] = bool(data[b])
    if "chronology" in data:
        fields["chronology"] = data["chronology"] or ""
    if "kelurahan" in data:
        kel = Region.objects.filter(code=data["kelurahan"], level=Level.KELURAHAN).first() if data["kelurahan"] else None
        if data["kelurahan"] and (kel is None or not kel.code.startswith(case.city_id + ".")):
            raise DomainError(KELURAHAN_OUTSIDE)
        fields["kelurahan"] = kel
        fields["kecamatan"] = kel.parent if kel else None
    new_forms = None
    if "forms" in data:
        new_forms = list(dict.fromkeys(data["forms"] or []))
        for f in new_forms:
            _check(f, "violence_form", "bentuk kekerasan", blank_ok=False)

    before = {f: getattr(case, f) for f in CASE_EDITABLE}
    before["kelurahan"] = case.kelurahan_id
    before_forms = sorted(case.forms.values_list("form", flat=True))
    updated = Case.objects.filter(pk=case.pk, version=version).update(version=F("version") + 1, updated_at=timezone.now(), **fields)
    if not updated:
        fresh = Case.objects.get(pk=case.pk)
        changes = {}
        for f, mine in fields.items():
            if f == "kecamatan":
                continue
            saved = getattr(fresh, f"{f}_id" if f == "kelurahan" else f)
            mine_v = mine.code if isinstance(mine, Region) else mine
            if saved != mine_v:
                changes[f] = [mine_v, saved]
        if new_forms is not None:
            saved_forms = sorted(fresh.forms.values_list("form", flat=True))
            if saved_forms != sorted(new_forms):
                changes["forms"] = [sorted(new_forms), saved_forms]
        raise ConflictError(CONFLICT, changes=changes)
    if new_forms is not None and sorted(new_forms) != before_forms:
        CaseViolenceForm.objects.filter(case=case).exclude(form__in=new_forms).delete()
        CaseViolenceForm.objects.bulk_create([CaseViolenceForm(case=case, form=f) for f in new_forms if f not in before_forms])
    case.refresh_from_db()
    after = {f: getattr(case, f) for f in CASE_EDITABLE}
    after["kelurahan"] = case.kelurahan_id
    changes = diff(before, after, sealed={"chronology"})
    if new_forms is not None and sorted(new_forms) != before_forms:
        changes["forms"] = [before_forms, sorted(new_forms)]
    audit_record(actor=actor, action="case.update", obj=case, city_code=case.city_id, changes=changes)
    if changes:
        _event(case, actor, EventKind.SYSTEM, "Data kejadian diperbarui: " + ", ".join(sorted(FIELD_LABELS.get(k, k) for k in changes)))
    cases_changed(case)
    return case
