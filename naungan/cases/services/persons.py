"""Writes of the people in a case (victims, perpetrators, reporters) and their blind-index tokens."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from naungan.audit.services import audit_record, diff
from naungan.core.crypto import blind_index
from naungan.core.dates import parse_day
from naungan.core.errors import ConflictError, DomainError
from naungan.core.names import nik_facts, normalize_nik, normalize_phone_number
from naungan.regions.models import Level, Region

from ..models import (
    Case,
    Person,
    PersonRole,
    PersonToken,
)
from ..signals import cases_changed
from ..tokens import name_index_tokens
from .common import (
    CONFLICT,
    NIK_BIRTH_MISMATCH,
    NIK_INVALID,
    NIK_REGION_UNKNOWN,
    NIK_SEX_MISMATCH,
    UNKNOWN_VALUE,
    _check,
    _require_visible,
    age_band_of,
    age_on,
)

PERSON_FIELDS = ("role", "name", "nik", "kk_number", "phone", "street", "birth_date", "estimated_age", "sex", "education",
                 "occupation", "disability", "relation_to_victim", "unknown", "address_kelurahan", "rw", "rt")


SEALED_PERSON_FIELDS = {"name", "nik", "kk_number", "phone", "street", "birth_date"}


def _apply_person(person: Person, data: dict, *, incident_date: date | None) -> None:
    role = data.get("role", person.role)
    if role not in PersonRole.values:
        raise DomainError(UNKNOWN_VALUE.format(field="peran", value=role))
    person.role = role
    _check(data.get("sex", person.sex), "sex", "jenis kelamin")
    _check(data.get("education", person.education), "education", "pendidikan")
    _check(data.get("occupation", person.occupation), "occupation", "pekerjaan")
    _check(data.get("disability", person.disability), "disability", "disabilitas")
    _check(data.get("relation_to_victim", person.relation_to_victim), "relation", "hubungan dengan korban")
    for f in ("name", "kk_number", "street", "sex", "education", "occupation", "disability", "relation_to_victim", "rw", "rt"):
        if f in data:
            setattr(person, f, (data[f] or "").strip() if isinstance(data[f], str) or data[f] is None else data[f])
    if "unknown" in data:
        person.unknown = bool(data["unknown"])
    if "address_kelurahan" in data:
        code = data["address_kelurahan"]
        person.address_kelurahan = Region.objects.filter(code=code, level=Level.KELURAHAN).first() if code else None
        if code and person.address_kelurahan is None:
            raise DomainError(UNKNOWN_VALUE.format(field="kelurahan", value=code))
    if "birth_date" in data:
        bd = parse_day(data["birth_date"])
        person.birth_date = bd.isoformat() if bd else ""
    if "estimated_age" in data:
        person.estimated_age = int(data["estimated_age"]) if data["estimated_age"] not in (None, "") else None
    if "phone" in data:
        raw = (data["phone"] or "").strip()
        person.phone = raw
        p = normalize_phone_number(raw)
        person.phone_bidx = blind_index("phone", p) if p else ""
    if "nik" in data:
        raw = (data["nik"] or "").strip()
        person.nik = normalize_nik(raw) or raw
        person.nik_bidx = ""
        person.nik_flags = []
        if raw:
            facts = nik_facts(raw)
            if not facts.valid:
                raise DomainError(NIK_INVALID.format(detail="; ".join(e.message for e in facts.errors)))
            person.nik_bidx = blind_index("nik", facts.nik)
            flags = []
            if facts.warnings:
                flags.append(NIK_REGION_UNKNOWN)
            if person.sex and facts.gender and person.sex != facts.gender:
                flags.append(NIK_SEX_MISMATCH)
            if person.birth_date and facts.birth_date and person.birth_date != facts.birth_date:
                flags.append(NIK_BIRTH_MISMATCH)
            person.nik_flags = flags
    # age at the incident decides child/adult and the SIMFONI age band
    age = None
    if person.birth_date:
        age = age_on(parse_day(person.birth_date), incident_date or timezone.localdate())
    elif person.estimated_age is not None:
        age = person.estimated_age
    person.age_at_incident = age if age is None or age >= 0 else None
    person.age_band = age_band_of(person.age_at_incident)
    person.is_child = None if person.age_at_incident is None else person.age_at_incident < 18


def person_token_rows(person: Person, city_id: str | None = None) -> list[PersonToken]:
    """The blind-index tokens of a person's name (also used when the index key rotates)."""
    city_id = city_id or person.case.city_id
    return [PersonToken(person=person, case_id=person.case_id, city_id=city_id, kind=kind, token=token)
            for kind, token in name_index_tokens(person.name, person.birth_date)]


def _index_person(person: Person) -> None:
    PersonToken.objects.filter(person=person).delete()
    PersonToken.objects.bulk_create(person_token_rows(person))


def _refresh_child_flag(case: Case) -> None:
    involves = case.persons.filter(role=PersonRole.VICTIM, is_child=True).exists()
    if involves != case.involves_child:
        Case.objects.filter(pk=case.pk).update(involves_child=involves)
        case.involves_child = involves


def _person_summary(data: dict) -> dict:
    """What an audit event may say about a person: which fields were given, never their values."""
    return {k: ("«tersegel»" if k in SEALED_PERSON_FIELDS else data[k]) for k in PERSON_FIELDS if k in data and data[k] not in (None, "")}


@transaction.atomic
def person_add(*, actor, case: Case, data: dict) -> Person:
    _require_visible(actor, case)
    person = Person(case=case)
    _apply_person(person, data, incident_date=case.incident_date)
    person.save()
    _index_person(person)
    _refresh_child_flag(case)
    audit_record(actor=actor, action="person.add", obj=person, city_code=case.city_id, changes={"case": [None, case.number], **{k: [None, v] for k, v in _person_summary(data).items()}})
    cases_changed(case)
    return person


@transaction.atomic
def person_update(*, actor, person: Person, version: int, data: dict) -> Person:
    case = person.case
    _require_visible(actor, case)
    current = Person.objects.select_for_update().get(pk=person.pk)
    if current.version != version:
        raise ConflictError(CONFLICT, changes={f: ["«tersegel»" if f in SEALED_PERSON_FIELDS else data.get(f), "«tersegel»" if f in SEALED_PERSON_FIELDS else getattr(current, f, None)] for f in data})
    before = {f: getattr(current, f) for f in PERSON_FIELDS if f != "address_kelurahan"}
    _apply_person(current, data, incident_date=case.incident_date)
    current.version += 1
    current.save()
    _index_person(current)
    _refresh_child_flag(case)
    after = {f: getattr(current, f) for f in PERSON_FIELDS if f != "address_kelurahan"}
    audit_record(actor=actor, action="person.update", obj=current, city_code=case.city_id, changes=diff(before, after, sealed=SEALED_PERSON_FIELDS))
    cases_changed(case)
    return current
