"""What the privacy machinery (retention, data-subject requests, key rotation) needs from cases.

- `person_reindex_batch`: recompute a batch of persons' blind indexes under the current key.
- `case_anonymise`: retention — every identity of a case goes, its figures stay.
- `person_erase`: an approved erasure — one person's identity goes from every case record.

Both keep every typed, counted column (status, forms, place, kelurahan, dates, age band, sex,
child/adult…), so the figures and the maintained aggregates do not change, and neither deletes a
case row. The audit chain is never edited: an event records that an anonymisation or an erasure
happened, not what was removed. Records of other apps that hang off a case (referrals, reports,
services…) are found by introspection — every model reaching `Case` through foreign keys whose
fields are sealed or files — so a model another app adds later is covered too. Plain-text columns
that can hold a name are registered by their app with `register_free_text`."""

from __future__ import annotations

import re
from collections import deque

from django.apps import apps
from django.db import models, transaction

from naungan.audit.services import audit_record
from naungan.core.crypto import SealedTextField, blind_index, register_blind_index
from naungan.core.names import name_tokens, normalize_nik, normalize_phone_number

from .models import Case, Person, PersonRole, PersonToken
from .services import person_token_rows

ANONYMISED = "[dianonimkan]"
ERASED = "[dihapus]"
PERSON_IDENTITY = ("name", "nik", "kk_number", "phone", "street", "birth_date")
# Erasing one of these also removes the case's files (photos, documents and report uploads can
# show them; a file cannot be partly redacted).
ROLES_WHOSE_ERASURE_REMOVES_FILES = (PersonRole.VICTIM, PersonRole.REPORTER)

_FREE_TEXT: dict[type[models.Model], tuple[str, ...]] = {Case: ("closure_note",)}


def register_free_text(model, fields: tuple[str, ...] | list[str]) -> None:
    """Plain (unsealed) text columns of a case-linked model that may hold a name: anonymisation
    blanks them, erasure redacts them."""
    _FREE_TEXT[model] = tuple(fields)


# ----------------------------------------------------------------------------------------------
# blind indexes

def person_reindex_batch(persons: list[Person]) -> None:
    for p in persons:
        nik = normalize_nik(p.nik)
        phone = normalize_phone_number(p.phone)
        p.nik_bidx = blind_index("nik", nik) if nik else ""
        p.phone_bidx = blind_index("phone", phone) if phone else ""
    Person.objects.bulk_update(persons, ["nik_bidx", "phone_bidx"])
    PersonToken.objects.filter(person_id__in=[p.pk for p in persons]).delete()
    cities = dict(Case.objects.filter(pk__in={p.case_id for p in persons}).values_list("pk", "city_id"))
    PersonToken.objects.bulk_create([t for p in persons for t in person_token_rows(p, cities.get(p.case_id))])


register_blind_index(Person, person_reindex_batch)


# ----------------------------------------------------------------------------------------------
# what hangs off a case

def case_linked_models(max_depth: int = 3) -> list[tuple[type[models.Model], str, list, list]]:
    """[(model, lookup path to the case id, sealed fields, file fields)] for every model that
    reaches Case through foreign keys (shortest path) and holds sealed text, files or registered
    free text. Person is included (its identity fields are handled apart)."""
    paths: dict[type[models.Model], str] = {Case: "pk"}
    frontier = deque([(Case, 0)])
    all_models = [m for m in apps.get_models() if m._meta.managed and not m._meta.proxy]
    while frontier:
        target, depth = frontier.popleft()
        if depth >= max_depth:
            continue
        for model in all_models:
            if model in paths:
                continue
            for f in model._meta.concrete_fields:
                if isinstance(f, models.ForeignKey) and f.remote_field.model is target:
                    paths[model] = f.name if target is Case else f"{f.name}__{paths[target]}"
                    frontier.append((model, depth + 1))
                    break
    out = []
    for model, path in paths.items():
        sealed = [f for f in model._meta.concrete_fields if isinstance(f, SealedTextField)]
        files = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        if sealed or files or model in _FREE_TEXT:
            out.append((model, path if model is not Case else "pk", sealed, files))
    return sorted(out, key=lambda t: t[0]._meta.label)


def _rows_of(model, path: str, case_ids: list[int]):
    return model._default_manager.filter(**{f"{path}__in" if path != "pk" else "pk__in": case_ids})


def _delete_files(qs, files) -> int:
    removed = 0
    for f in files:
        for obj in qs.exclude(**{f.name: ""}).only("pk", f.name):
            getattr(obj, f.name).delete(save=False)
            removed += 1
        qs.update(**{f.name: ""})
    return removed


# ----------------------------------------------------------------------------------------------
# retention: anonymise a whole case

@transaction.atomic
def case_anonymise(*, actor, case: Case, reason: str) -> dict:
    """Every identity of the case goes (persons, narratives, notes, files, linked records of other
    apps); every typed column stays. Idempotent."""
    persons = Person.objects.filter(case=case)
    n_persons = persons.count()
    persons.update(**{f: "" for f in PERSON_IDENTITY}, nik_bidx="", phone_bidx="", nik_flags=[], rw="", rt="")
    PersonToken.objects.filter(case=case).delete()
    files = 0
    for model, path, sealed, file_fields in case_linked_models():
        if model is Person:
            continue
        qs = _rows_of(model, path, [case.pk])
        for f in sealed:
            qs.exclude(**{f.name: ""}).update(**{f.name: ANONYMISED})
        for name in _FREE_TEXT.get(model, ()):
            qs.exclude(**{name: ""}).update(**{name: ANONYMISED if model._meta.get_field(name).max_length is None
                                               or model._meta.get_field(name).max_length >= len(ANONYMISED) else ""})
        files += _delete_files(qs, file_fields)
    audit_record(actor=actor, action="case.anonymise", obj=case, city_code=case.city_id,
                 changes={"anonymised": [None, True], "persons": [None, n_persons], "files_removed": [None, files], "reason": [None, reason]})
    return {"persons": n_persons, "files": files}


# ----------------------------------------------------------------------------------------------
# data-subject request: erase one person

def _digits_pattern(digits: str, prefix: str = "") -> str:
    return prefix + r"[\s.\-]*".join(re.escape(d) for d in digits)


def identity_patterns(person: Person) -> list[re.Pattern]:
    """Regular expressions for what identifies the person in free text: the full name and each
    name token (honorifics aside), NIK and KK digits however spaced, the phone number in any of its
    forms (08…, +62 8…, 62 8…), the street address and the birth date."""
    terms: list[str] = []
    if person.name:
        terms.append(re.escape(person.name.strip()))
        terms += [re.escape(t) for t in name_tokens(person.name) if len(t) >= 3]
    for value in (person.nik, person.kk_number):
        digits = re.sub(r"\D", "", value or "")
        if len(digits) >= 8:
            terms.append(_digits_pattern(digits))
    phone = normalize_phone_number(person.phone)
    if phone and phone.startswith("+62"):
        terms.append(_digits_pattern(phone[3:], prefix=r"(?:\+?62|0)[\s.\-]*"))
    if person.street and len(person.street.strip()) >= 4:
        terms.append(re.escape(person.street.strip()))
    if person.birth_date:
        y, m, d = person.birth_date.split("-")
        terms += [re.escape(person.birth_date), rf"0?{int(d)}[-/.]0?{int(m)}[-/.]{y}"]
    return [re.compile(rf"(?<!\w){t}(?!\w)", re.IGNORECASE) for t in sorted(set(terms), key=len, reverse=True)]


def redact(text: str, patterns: list[re.Pattern]) -> str:
    for p in patterns:
        text = p.sub(ERASED, text)
    return text


@transaction.atomic
def person_erase(*, actor, person: Person, reason: str) -> dict:
    """Remove one person's identity from the case: their own identity fields, every mention of it
    in the sealed and registered free text of the case and of records that hang off it, and — for a
    victim or reporter — the case's files. Typed columns (sex, age band, child/adult…) stay."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    case = person.case
    patterns = identity_patterns(person)
    Person.objects.filter(pk=person.pk).update(**{f: "" for f in PERSON_IDENTITY}, nik_bidx="", phone_bidx="", nik_flags=[],
                                                rw="", rt="", version=models.F("version") + 1)
    PersonToken.objects.filter(person=person).delete()
    redacted = files = 0
    for model, path, sealed, file_fields in case_linked_models():
        if model is Person:
            continue
        qs = _rows_of(model, path, [case.pk])
        text_fields = [f.name for f in sealed] + list(_FREE_TEXT.get(model, ()))
        if text_fields and patterns:
            for obj in qs.only("pk", *text_fields):
                changed = {}
                for name in text_fields:
                    value = getattr(obj, name) or ""
                    new = redact(value, patterns)
                    if new != value:
                        max_len = model._meta.get_field(name).max_length
                        changed[name] = new if max_len is None or len(new) <= max_len else new[:max_len]
                if changed:
                    model._default_manager.filter(pk=obj.pk).update(**changed)
                    redacted += len(changed)
        if person.role in ROLES_WHOSE_ERASURE_REMOVES_FILES:
            files += _delete_files(qs, file_fields)
    audit_record(actor=actor, action="person.erase", obj=person, city_code=case.city_id,
                 changes={"erased": [None, True], "texts_redacted": [None, redacted], "files_removed": [None, files], "reason": [None, reason]})
    return {"texts": redacted, "files": files}
