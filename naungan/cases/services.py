"""Writes of cases. Each is keyword-only, atomic, validates first and writes its audit event in
the same transaction. Messages shown to users are the module constants below."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_noop

from naungan.accounts.models import CityConfig, Membership, Organisation
from naungan.accounts.roles import OrgKind, Role
from naungan.accounts.scope import memberships
from naungan.audit.services import audit_record
from naungan.catalogues.selectors import codes, values
from naungan.core.crypto import blind_index
from naungan.core.errors import ConflictError, DomainError, TransitionError
from naungan.core.names import name_tokens, nik_facts, normalize_nik, normalize_phone_number, variant_key
from naungan.regions.models import Level, Region

from .models import (
    Assessment,
    Attachment,
    Case,
    CaseCounter,
    CaseEvent,
    CaseViolenceForm,
    EventKind,
    Notification,
    Person,
    PersonRole,
    PersonToken,
    PlanGoal,
    PlanTask,
    Status,
    TaskStatus,
)
from .selectors import can_approve_closure, can_manage_case, cases_visible_to
from .signals import cases_changed

NOT_ALLOWED = gettext_noop("Anda tidak berwenang melakukan ini pada kasus ini.")
CANNOT_REGISTER = gettext_noop("Anda tidak berwenang mendaftarkan kasus di kota ini.")
UNKNOWN_VALUE = gettext_noop("Nilai {field} tidak dikenal: {value}.")
KELURAHAN_OUTSIDE = gettext_noop("Kelurahan tidak berada di kota kasus ini.")
NEED_VICTIM = gettext_noop("Setiap kasus memerlukan setidaknya satu korban.")
NIK_INVALID = gettext_noop("NIK tidak valid: {detail}")
NIK_REGION_UNKNOWN = gettext_noop("Kode wilayah NIK tidak ada di daftar Kemendagri.")
NIK_SEX_MISMATCH = gettext_noop("Jenis kelamin pada NIK berbeda dengan yang diisi.")
NIK_BIRTH_MISMATCH = gettext_noop("Tanggal lahir pada NIK berbeda dengan yang diisi.")
CONFLICT = gettext_noop("Kasus ini sudah diubah orang lain sejak Anda membukanya. Periksa perubahannya; isian Anda belum disimpan.")
ILLEGAL_TRANSITION = gettext_noop("Status tidak dapat diubah dari «{src}» ke «{dst}».")
CLOSE_VIA_APPROVAL = gettext_noop("Kasus hanya dapat ditutup melalui permohonan penutupan yang disetujui supervisor.")
CLOSURE_REASON_REQUIRED = gettext_noop("Pilih alasan penutupan dari daftar.")
CLOSURE_NOT_REQUESTED = gettext_noop("Belum ada permohonan penutupan untuk kasus ini.")
ONLY_SUPERVISOR_APPROVES = gettext_noop("Hanya supervisor yang dapat menyetujui penutupan kasus.")
TPKS_NO_SETTLEMENT = gettext_noop("Kasus kekerasan seksual (UU 12/2022) dengan pelaku dewasa tidak dapat diselesaikan di luar pengadilan.")
ALREADY_CLOSED = gettext_noop("Kasus sudah ditutup.")
NOT_CLOSED = gettext_noop("Hanya kasus yang sudah ditutup yang dapat dibuka kembali.")
REOPEN_REASON_REQUIRED = gettext_noop("Alasan membuka kembali kasus wajib diisi.")
TRIAGE_FIRST = gettext_noop("Lakukan triase (tingkat risiko) terlebih dahulu.")
BAD_ASSIGNEE = gettext_noop("Petugas yang dipilih bukan manajer kasus unit ini.")
BAD_SATGAS = gettext_noop("Petugas yang dipilih bukan anggota Satgas PPA kota ini.")
FILE_TOO_BIG = gettext_noop("Berkas terlalu besar (maksimal {mb} MB).")
FILE_TYPE = gettext_noop("Jenis berkas tidak diizinkan. Unggah PDF, JPG, PNG atau DOCX.")
EMPTY_NOTE = gettext_noop("Catatan tidak boleh kosong.")

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


# ---------------------------------------------------------------------------------------------
# helpers

def _check(value, kind: str, field: str, *, blank_ok: bool = True):
    if (value in (None, "") and blank_ok) or value in codes(kind):
        return
    raise DomainError(UNKNOWN_VALUE.format(field=field, value=value))


def _require_visible(actor, case: Case) -> None:
    """Every write starts here: the case must be in scope (else 404) and writable."""
    if not cases_visible_to(actor).filter(pk=case.pk).exists():
        raise Http404
    refusal = write_refusal(case)
    if refusal:
        raise DomainError(refusal)


# Rules that make a case read-only: each takes the case and returns a message or None. Other apps
# add theirs with `write_guard` (transfers: the sending city keeps a closed, read-only stub).
WRITE_GUARDS: list = []


def write_guard(fn):
    """Register a read-only rule (usable as a decorator). Registering twice is harmless."""
    if fn not in WRITE_GUARDS:
        WRITE_GUARDS.append(fn)
    return fn


def write_refusal(case: Case) -> str | None:
    for guard in WRITE_GUARDS:
        message = guard(case)
        if message:
            return message
    return None


def _require_manage(actor, case: Case) -> None:
    _require_visible(actor, case)
    if not can_manage_case(actor, case):
        raise DomainError(NOT_ALLOWED)


def _as_date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DomainError(UNKNOWN_VALUE.format(field="tanggal", value=value))


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_band_of(age: int | None) -> str:
    if age is None:
        return ""
    for band in values("age_band"):
        if band.extra.get("min", 0) <= age <= band.extra.get("max", 200):
            return band.code
    return ""


def _id_label(kind: str, code: str | None) -> str:
    """The catalogue's Indonesian label: the timeline is stored text and must never show a raw code."""
    from django.utils import translation

    from naungan.catalogues.selectors import label

    if not code:
        return "-"
    with translation.override("id"):
        return label(kind, code)


# Field names as people read them, for the "data kejadian diperbarui" timeline entry.
FIELD_LABELS = {
    "channel": "saluran pengaduan", "incident_date": "tanggal kejadian", "incident_date_approximate": "tanggal perkiraan",
    "place": "tempat kejadian", "chronology": "kronologi", "special_protection": "perlindungan khusus", "is_tpks": "UU TPKS",
    "kelurahan": "kelurahan", "forms": "bentuk kekerasan", "assigned_to": "manajer kasus", "satgas_assignee": "satgas pendamping",
}
TASK_STATUS_LABELS = {"open": "terbuka", "done": "selesai", "cancelled": "dibatalkan"}


def _event(case: Case, actor, kind: str, body: str) -> CaseEvent:
    return CaseEvent.objects.create(case=case, actor=actor if getattr(actor, "is_authenticated", False) else None, kind=kind, body=body)


def notify(*, user, text: str, url: str = "", key: str = "", push: str = "", ref: str = "") -> Notification | None:
    """In-app notice. Callers pass no identity: a case number and a risk level at most.
    `push` names what happened (a kind of `naungan.push.events`) and `ref` the case number or
    tracking code: listeners of `notified` (Web Push) build their message from those two alone,
    never from `text`, which may name a place or an agency."""
    if key and Notification.objects.filter(user=user, key=key).exists():
        return None
    n = Notification.objects.create(user=user, text=text[:300], url=url, key=key)
    if push:
        from .signals import notified

        notified.send(sender=Notification, user=user, kind=push, ref=ref, url=url)
    return n


# ---------------------------------------------------------------------------------------------
# persons

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
        bd = _as_date(data["birth_date"])
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
        age = age_on(date.fromisoformat(person.birth_date), incident_date or timezone.localdate())
    elif person.estimated_age is not None:
        age = person.estimated_age
    person.age_at_incident = age if age is None or age >= 0 else None
    person.age_band = age_band_of(person.age_at_incident)
    person.is_child = None if person.age_at_incident is None else person.age_at_incident < 18


def person_token_rows(person: Person, city_id: str | None = None) -> list[PersonToken]:
    """The blind-index tokens of a person's name (also used when the index key rotates)."""
    tokens = name_tokens(person.name)
    city_id = city_id or person.case.city_id
    rows = []
    common = {"person": person, "case_id": person.case_id, "city_id": city_id}
    for t in dict.fromkeys(tokens):
        rows.append(PersonToken(**common, kind="name", token=blind_index("name", t)))
        rows.append(PersonToken(**common, kind="variant", token=blind_index("name_variant", variant_key(t))))
    if tokens and person.birth_date:
        key = " ".join(sorted(variant_key(t) for t in tokens)) + "|" + person.birth_date
        rows.append(PersonToken(**common, kind="name_birth", token=blind_index("name_birth", key)))
    return rows


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
    from naungan.audit.services import diff

    audit_record(actor=actor, action="person.update", obj=current, city_code=case.city_id, changes=diff(before, after, sealed=SEALED_PERSON_FIELDS))
    cases_changed(case)
    return current


# ---------------------------------------------------------------------------------------------
# registration

def _registering_membership(actor, city_code: str) -> Membership | None:
    allowed = {Role.SUPERVISOR, Role.CASE_MANAGER, Role.PPT_OFFICER, Role.SATGAS}
    for m in memberships(actor):
        if m.city_id == city_code and m.role in allowed:
            return m
    return None


def _next_number(city: Region, year: int) -> tuple[int, str]:
    try:
        with transaction.atomic():
            CaseCounter.objects.get_or_create(city=city, year=year)
    except IntegrityError:  # another registration created the row at the same moment
        pass
    counter = CaseCounter.objects.select_for_update().get(city=city, year=year)
    counter.last_number = F("last_number") + 1
    counter.save(update_fields=["last_number"])
    counter.refresh_from_db(fields=["last_number"])
    seq = counter.last_number
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
    incident = _as_date(incident_date)

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


# ---------------------------------------------------------------------------------------------
# editing with optimistic locking

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
        fields["incident_date"] = _as_date(data["incident_date"])
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
    from naungan.audit.services import diff

    changes = diff(before, after, sealed={"chronology"})
    if new_forms is not None and sorted(new_forms) != before_forms:
        changes["forms"] = [before_forms, sorted(new_forms)]
    audit_record(actor=actor, action="case.update", obj=case, city_code=case.city_id, changes=changes)
    if changes:
        _event(case, actor, EventKind.SYSTEM, "Data kejadian diperbarui: " + ", ".join(sorted(FIELD_LABELS.get(k, k) for k in changes)))
    cases_changed(case)
    return case


def _bump(case: Case, **fields) -> None:
    """Write workflow fields and advance the version, so a concurrent editor sees a conflict."""
    Case.objects.filter(pk=case.pk).update(version=F("version") + 1, updated_at=timezone.now(), **fields)
    for k, v in fields.items():
        setattr(case, k, v)
    case.version += 1


# ---------------------------------------------------------------------------------------------
# triage, assignment, clocks

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
    from naungan.audit.services import diff

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


# ---------------------------------------------------------------------------------------------
# workflow

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


def _tpks_rule(case: Case, reason: str) -> str | None:
    return TPKS_NO_SETTLEMENT if tpks_settlement_refused(case, reason) else None


# Rules that can refuse a closure: each takes (case, reason) and returns a message or None.
# Other apps add theirs with `closure_rule` (e.g. services: a legal process still running);
# they are checked both when closure is requested and when the supervisor approves it.
CLOSURE_RULES: list = [_tpks_rule]


def closure_rule(fn):
    """Register a closure rule (usable as a decorator). Registering twice is harmless."""
    if fn not in CLOSURE_RULES:
        CLOSURE_RULES.append(fn)
    return fn


def closure_refusal(case: Case, reason: str) -> str | None:
    """The first message of a rule refusing to close `case` with `reason`, or None."""
    for rule in CLOSURE_RULES:
        message = rule(case, reason)
        if message:
            return message
    return None


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


# ---------------------------------------------------------------------------------------------
# assessment, plan, notes, attachments

@transaction.atomic
def assessment_save(*, actor, case: Case, person: Person | None = None, biological: str = "", psychological: str = "",
                    social: str = "", spiritual: str = "", needs: str = "") -> Assessment:
    _require_manage(actor, case)
    a = Assessment.objects.create(case=case, person=person, biological=biological, psychological=psychological,
                                  social=social, spiritual=spiritual, needs=needs, assessed_by=actor)
    audit_record(actor=actor, action="case.assessment", obj=a, city_code=case.city_id, changes={"case": [None, case.number]})
    _event(case, actor, EventKind.SYSTEM, "Asesmen biopsikososial dicatat.")
    return a


@transaction.atomic
def plan_goal_add(*, actor, case: Case, title: str) -> PlanGoal:
    _require_manage(actor, case)
    if not (title or "").strip():
        raise DomainError(EMPTY_NOTE)
    g = PlanGoal.objects.create(case=case, title=title.strip(), created_by=actor)
    audit_record(actor=actor, action="plan.goal_add", obj=g, city_code=case.city_id)
    _event(case, actor, EventKind.SYSTEM, "Tujuan rencana intervensi ditambahkan.")
    return g


@transaction.atomic
def plan_task_add(*, actor, case: Case, title: str, goal: PlanGoal | None = None, owner_user=None,
                  owner_org: Organisation | None = None, due_date=None) -> PlanTask:
    _require_manage(actor, case)
    if not (title or "").strip():
        raise DomainError(EMPTY_NOTE)
    if goal is not None and goal.case_id != case.pk:
        raise Http404
    t = PlanTask.objects.create(case=case, goal=goal, title=title.strip(), owner_user=owner_user, owner_org=owner_org, due_date=_as_date(due_date))
    audit_record(actor=actor, action="plan.task_add", obj=t, city_code=case.city_id, changes={
        "owner_user": [None, owner_user.username if owner_user else None], "due_date": [None, t.due_date]})
    _event(case, actor, EventKind.SYSTEM, f"Tugas rencana ditambahkan (tenggat {t.due_date.strftime('%d-%m-%Y') if t.due_date else '-'}).")
    if owner_user is not None:
        notify(user=owner_user, text=f"Tugas baru pada kasus {case.number}.", url=f"/kasus/{case.pk}/", push="task", ref=case.number)
    return t


@transaction.atomic
def plan_task_update(*, actor, task: PlanTask, status: str) -> PlanTask:
    case = task.case
    _require_visible(actor, case)
    if not (can_manage_case(actor, case) or task.owner_user_id == actor.pk):
        raise DomainError(NOT_ALLOWED)
    if status not in TaskStatus.values:
        raise DomainError(UNKNOWN_VALUE.format(field="status", value=status))
    old = task.status
    task.status = status
    task.save(update_fields=["status"])
    audit_record(actor=actor, action="plan.task_update", obj=task, city_code=case.city_id, changes={"status": [old, status]})
    _event(case, actor, EventKind.SYSTEM, f"Status tugas: {TASK_STATUS_LABELS.get(old, old)} → {TASK_STATUS_LABELS.get(status, status)}.")
    return task


@transaction.atomic
def case_note_add(*, actor, case: Case, body: str, kind: str = EventKind.NOTE, check_scope: bool = True) -> CaseEvent:
    """Add to the timeline. Other apps (referral feedback, services) call this with
    check_scope=False after checking their own scope (a partner officer cannot open the case)."""
    if check_scope:
        _require_visible(actor, case)
    if not (body or "").strip():
        raise DomainError(EMPTY_NOTE)
    if kind not in EventKind.values:
        kind = EventKind.NOTE
    e = _event(case, actor, kind, body.strip()[:20000])
    audit_record(actor=actor, action="case.note", obj=e, city_code=case.city_id, changes={"case": [None, case.number], "kind": [None, kind]})
    return e


def sniff_type(upload, allowed=None) -> str | None:
    """The verified type of an upload (content, not name): see `naungan.core.uploads`."""
    from naungan.core.uploads import ATTACHMENT_TYPES, detect_upload

    return detect_upload(upload, allowed or ATTACHMENT_TYPES)


@transaction.atomic
def attachment_add(*, actor, case: Case, uploaded_file, description: str = "") -> Attachment:
    from django.conf import settings

    _require_visible(actor, case)
    if uploaded_file.size > settings.MAX_ATTACHMENT_BYTES:
        raise DomainError(FILE_TOO_BIG.format(mb=settings.MAX_ATTACHMENT_BYTES // (1024 * 1024)))
    ctype = sniff_type(uploaded_file)
    if ctype is None:
        raise DomainError(FILE_TYPE)
    uploaded_file.seek(0)
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    att = Attachment(case=case, uploaded_by=actor, original_name=(uploaded_file.name or "berkas")[:200],
                     description=description or "", content_type=ctype, size=uploaded_file.size, sha256=digest.hexdigest())
    att.file.save(att.sha256, uploaded_file, save=False)
    att.save()
    audit_record(actor=actor, action="attachment.add", obj=att, city_code=case.city_id, changes={"case": [None, case.number], "size": [None, att.size], "content_type": [None, ctype]})
    _event(case, actor, EventKind.ATTACHMENT, f"Lampiran ditambahkan ({ctype}, {att.size} bita).")
    return att


@transaction.atomic
def attachment_open(*, user, attachment_id: int, case_id: int | None = None) -> Attachment:
    """The only way to a stored file: scoped through the case, and audited. With `case_id`, an
    attachment of another case is a 404 too (and nothing is audited)."""
    qs = Attachment.objects.select_related("case").filter(pk=attachment_id, case__in=cases_visible_to(user))
    if case_id is not None:
        qs = qs.filter(case_id=case_id)
    att = qs.first()
    if att is None:
        raise Http404
    audit_record(actor=user, action="attachment.download", obj=att, city_code=att.case.city_id, changes={"case": [None, att.case.number]})
    return att


@transaction.atomic
def notifications_mark_read(*, actor) -> int:
    """Marks the user's unread notifications as read (a POST of the list page; a GET writes nothing)."""
    n = Notification.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())
    if n:
        audit_record(actor=actor, action="notification.read", object_type="cases.notification", changes={"count": [None, n]})
    return n


# ---------------------------------------------------------------------------------------------
# reminders

def send_overdue_reminders(*, now: datetime | None = None, limit: int = 5000) -> int:
    """Tell the assignee (or the unit's case managers) and the city's supervisors about each
    overdue case, once a day. The notice carries the case number and risk only."""
    from .selectors import overdue_q

    now = now or timezone.now()
    day = timezone.localtime(now).date().isoformat()
    sent = 0
    cases = Case.objects.filter(overdue_q(now)).select_related("assigned_to").order_by("respond_by")[:limit]
    supervisors: dict[str, list] = {}
    managers: dict[int, list] = {}
    for case in cases:
        if case.city_id not in supervisors:
            supervisors[case.city_id] = [m.user for m in Membership.objects.filter(city_id=case.city_id, role=Role.SUPERVISOR, active=True).select_related("user")]
        recipients = list(supervisors[case.city_id])
        if case.assigned_to_id:
            recipients.append(case.assigned_to)
        else:
            if case.owner_org_id not in managers:
                managers[case.owner_org_id] = [m.user for m in Membership.objects.filter(organisation_id=case.owner_org_id, role=Role.CASE_MANAGER, active=True).select_related("user")]
            recipients.extend(managers[case.owner_org_id])
        if case.satgas_assignee_id:
            recipients.append(case.satgas_assignee)
        text = f"Kasus {case.number} (risiko {case.risk}) melewati target respons."
        for user in {u.pk: u for u in recipients}.values():
            if notify(user=user, text=text, url=f"/kasus/{case.pk}/", key=f"overdue:{case.pk}:{day}:{user.pk}", push="overdue", ref=case.number):
                sent += 1
    return sent
