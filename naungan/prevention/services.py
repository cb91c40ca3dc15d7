"""Writes of prevention programmes; each checks the writer's area and is audited."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils.translation import gettext_noop

from naungan.accounts.models import Organisation
from naungan.audit.services import audit_record, diff
from naungan.catalogues.selectors import codes
from naungan.core.crypto import blind_index, blind_indexes
from naungan.core.errors import ConflictError, DomainError
from naungan.core.names import normalize_nik
from naungan.regions.models import Level, Region

from .models import (
    Activity,
    ChildForum,
    CommunityGroup,
    FamilyRisk,
    FamilySupport,
    FamilyVisit,
    ForumLevel,
    ForumMember,
    OutreachEvent,
    PerkasaMember,
    PerkasaProgramme,
    PerkasaStatus,
    VulnerableFamily,
)
from .selectors import can_write

NOT_ALLOWED = gettext_noop("Anda tidak berwenang mencatat kegiatan di wilayah ini.")
UNKNOWN = gettext_noop("Nilai {field} tidak dikenal: {value}.")
BAD_KELURAHAN = gettext_noop("Kelurahan tidak berada di kota ini.")
INITIALS_ONLY = gettext_noop("Untuk anggota Forum Anak cukup inisial (maksimal 6 huruf), bukan nama lengkap.")
DUPLICATE_NIK = gettext_noop("NIK ini sudah terdaftar di Perkasa kota ini.")
NEGATIVE = gettext_noop("Jumlah peserta tidak boleh negatif.")
CONFLICT = gettext_noop("Data ini sudah diubah orang lain sejak Anda membukanya. Periksa perubahannya; isian Anda belum disimpan.")
NAME_REQUIRED = gettext_noop("Nama wajib diisi.")
BAD_ORGANISATION = gettext_noop("Penyelenggara bukan lembaga kota ini.")
GROUP_KINDS = ("patbm", "peduli_anak")


def _kelurahan(city_code: str, code: str) -> Region:
    kel = Region.objects.filter(code=code, level=Level.KELURAHAN).select_related("parent").first()
    if kel is None or not kel.code.startswith(city_code + "."):
        raise DomainError(BAD_KELURAHAN)
    return kel


def _region_in_city(city_code: str, code: str) -> Region:
    """The city itself or a region inside it (a Forum Anak's level)."""
    region = Region.objects.filter(code=code).first()
    if region is None or not (region.code == city_code or region.code.startswith(city_code + ".")):
        raise DomainError(BAD_KELURAHAN)
    return region


def _one_of(value, allowed, field):
    if value not in allowed:
        raise DomainError(UNKNOWN.format(field=field, value=value))


def _check(value, kind, field):
    _one_of(value, codes(kind), field)


def _allow(actor, city_code, kel_code=None):
    if not can_write(actor, city_code, kel_code):
        raise DomainError(NOT_ALLOWED)


@transaction.atomic
def event_record(*, actor, city_code: str, kelurahan: str, on: date, organiser: Organisation, topic: str, audience: str = "",
                 girls: int = 0, boys: int = 0, women: int = 0, men: int = 0, partners=(), partner_text: str = "", materials: str = "") -> OutreachEvent:
    kel = _kelurahan(city_code, kelurahan)
    _allow(actor, city_code, kel.code)
    _check(topic, "prevention_topic", "topik")
    if min(girls, boys, women, men) < 0:
        raise DomainError(NEGATIVE)
    e = OutreachEvent.objects.create(city_id=city_code, kelurahan=kel, kecamatan=kel.parent, date=on, organiser=organiser, topic=topic,
                                     audience=audience, girls=girls, boys=boys, women=women, men=men, partner_text=partner_text,
                                     materials=materials, created_by=actor)
    e.partners.set([p for p in partners if p.city_id == city_code])
    audit_record(actor=actor, action="outreach.record", obj=e, city_code=city_code, changes={"topic": [None, topic], "kelurahan": [None, kel.code]})
    return e


@transaction.atomic
def forum_create(*, actor, city_code: str, level: str, region_code: str, name: str, organisation: Organisation | None = None,
                 established: date | None = None) -> ChildForum:
    _allow(actor, city_code)
    _one_of(level, ForumLevel.values, "tingkat")
    if not (name or "").strip():
        raise DomainError(NAME_REQUIRED)
    region = _region_in_city(city_code, region_code)
    f = ChildForum.objects.create(city_id=city_code, region=region, level=level, name=name, organisation=organisation, established=established)
    audit_record(actor=actor, action="forum.create", obj=f, city_code=city_code)
    return f


@transaction.atomic
def forum_member_add(*, actor, forum: ChildForum, initials: str, birth_year: int, sex: str) -> ForumMember:
    _allow(actor, forum.city_id)
    initials = (initials or "").strip()
    if not initials or len(initials.replace(".", "").replace(" ", "")) > 6 or " " in initials.strip(". "):
        raise DomainError(INITIALS_ONLY)
    m = ForumMember.objects.create(forum=forum, initials=initials.upper(), birth_year=birth_year, sex=sex)
    audit_record(actor=actor, action="forum.member_add", obj=m, city_code=forum.city_id)
    return m


@transaction.atomic
def activity_record(*, actor, on: date, title: str, participants: int = 0, forum: ChildForum | None = None,
                    group: CommunityGroup | None = None, in_musrenbang: bool = False) -> Activity:
    owner = forum or group
    if owner is None:
        raise Http404
    _allow(actor, owner.city_id)
    a = Activity.objects.create(forum=forum, group=group, city_id=owner.city_id, date=on, title=title, participants=max(0, participants),
                                in_musrenbang=in_musrenbang)
    audit_record(actor=actor, action="activity.record", obj=a, city_code=owner.city_id)
    return a


@transaction.atomic
def group_create(*, actor, city_code: str, kelurahan: str, kind: str, name: str, rw: str = "", rt: str = "", members_count: int = 0,
                 established: date | None = None) -> CommunityGroup:
    kel = _kelurahan(city_code, kelurahan)
    _allow(actor, city_code, kel.code)
    _one_of(kind, GROUP_KINDS, "jenis")
    if not (name or "").strip():
        raise DomainError(NAME_REQUIRED)
    g = CommunityGroup.objects.create(city_id=city_code, kelurahan=kel, kind=kind, name=name, rw=rw, rt=rt, members_count=members_count, established=established)
    audit_record(actor=actor, action="group.create", obj=g, city_code=city_code)
    return g


@transaction.atomic
def family_register(*, actor, city_code: str, kelurahan: str, head_name: str, risks: list[str], address: str = "", rw: str = "", rt: str = "",
                    children_count: int = 0) -> VulnerableFamily:
    kel = _kelurahan(city_code, kelurahan)
    _allow(actor, city_code, kel.code)
    for r in risks:
        _check(r, "family_risk", "faktor risiko")
    f = VulnerableFamily.objects.create(city_id=city_code, kelurahan=kel, head_name=head_name.strip(), address=address, rw=rw, rt=rt,
                                        children_count=children_count, assigned_to=actor)
    FamilyRisk.objects.bulk_create([FamilyRisk(family=f, factor=r) for r in dict.fromkeys(risks)])
    audit_record(actor=actor, action="family.register", obj=f, city_code=city_code, changes={"risks": [None, list(dict.fromkeys(risks))]})
    return f


@transaction.atomic
def family_support_add(*, actor, family: VulnerableFamily, kind: str, agency: Organisation, on: date, note: str = "") -> FamilySupport:
    _allow(actor, family.city_id, family.kelurahan_id)
    _check(kind, "family_support", "dukungan")
    s = FamilySupport.objects.create(family=family, kind=kind, agency=agency, date=on, note=note)
    audit_record(actor=actor, action="family.support", obj=s, city_code=family.city_id, changes={"kind": [None, kind]})
    return s


@transaction.atomic
def family_visit_add(*, actor, family: VulnerableFamily, on: date, notes: str = "") -> FamilyVisit:
    _allow(actor, family.city_id, family.kelurahan_id)
    v = FamilyVisit.objects.create(family=family, date=on, by=actor, notes=notes)
    audit_record(actor=actor, action="family.visit", obj=v, city_code=family.city_id)
    return v


@transaction.atomic
def family_status_set(*, actor, family: VulnerableFamily, status: str) -> VulnerableFamily:
    _allow(actor, family.city_id, family.kelurahan_id)
    _check(status, "family_status", "status")
    old = family.status
    family.status = status
    family.save(update_fields=["status"])
    audit_record(actor=actor, action="family.status", obj=family, city_code=family.city_id, changes={"status": [old, status]})
    return family


@transaction.atomic
def perkasa_register(*, actor, city_code: str, kelurahan: str, name: str, nik: str = "", dependants: int = 0, income_band: str,
                     employed: bool = False, status: str = "rentan", on: date | None = None) -> PerkasaMember:
    kel = _kelurahan(city_code, kelurahan)
    _allow(actor, city_code, kel.code)
    _check(income_band, "income_band", "penghasilan")
    _check(status, "perkasa_status", "status")
    n = normalize_nik(nik)
    bidx = blind_index("nik", n) if n else ""
    if bidx and PerkasaMember.objects.filter(city_id=city_code, nik_bidx__in=blind_indexes("nik", n)).exists():
        raise DomainError(DUPLICATE_NIK)
    m = PerkasaMember.objects.create(city_id=city_code, kelurahan=kel, name=name.strip(), nik=n or "", nik_bidx=bidx, dependants=dependants,
                                     income_band=income_band, employed=employed, status=status)
    from django.utils import timezone

    PerkasaStatus.objects.create(member=m, date=on or timezone.localdate(), status=status)
    audit_record(actor=actor, action="perkasa.register", obj=m, city_code=city_code)
    return m


@transaction.atomic
def perkasa_programme_add(*, actor, member: PerkasaMember, programme: str, on: date) -> PerkasaProgramme:
    _allow(actor, member.city_id, member.kelurahan_id)
    _check(programme, "perkasa_programme", "program")
    p = PerkasaProgramme.objects.create(member=member, programme=programme, date=on)
    audit_record(actor=actor, action="perkasa.programme", obj=p, city_code=member.city_id, changes={"programme": [None, programme]})
    return p


@transaction.atomic
def perkasa_status_set(*, actor, member: PerkasaMember, status: str, on: date) -> PerkasaMember:
    _allow(actor, member.city_id, member.kelurahan_id)
    _check(status, "perkasa_status", "status")
    old = member.status
    member.status = status
    member.save(update_fields=["status"])
    PerkasaStatus.objects.create(member=member, date=on, status=status)
    audit_record(actor=actor, action="perkasa.status", obj=member, city_code=member.city_id, changes={"status": [old, status]})
    return member


# ---------------------------------------------------------------------------------------------
# edits with optimistic locking (the API's PATCH): `version` is the one the editor saw; if someone
# saved since, nothing is written and ConflictError lists each field as [your value, saved value].

def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    return value


def _save_versioned(*, actor, obj, version: int, fields: dict, action: str, sealed: frozenset = frozenset(), extra_changes: dict | None = None):
    model = type(obj)
    before = {k: _plain(getattr(obj, k)) for k in fields}
    updated = model.objects.filter(pk=obj.pk, version=version).update(version=F("version") + 1, **fields)
    if not updated:
        fresh = model.objects.get(pk=obj.pk)
        changes = {}
        for k, mine in fields.items():
            saved = _plain(getattr(fresh, k))
            if saved != _plain(mine):
                changes[k] = ["(diubah)", "(diubah)"] if k in sealed else [_plain(mine), saved]
        raise ConflictError(CONFLICT, changes=changes)
    obj.refresh_from_db()
    changes = diff(before, {k: _plain(getattr(obj, k)) for k in fields}, sealed=sealed) | (extra_changes or {})
    audit_record(actor=actor, action=action, obj=obj, city_code=obj.city_id, changes=changes)
    return obj


def _counts(data: dict, *names) -> dict:
    out = {}
    for n in names:
        if n in data:
            v = int(data[n] or 0)
            if v < 0:
                raise DomainError(NEGATIVE)
            out[n] = v
    return out


def _given(data: dict, *names) -> dict:
    """The fields the edit sets, as they are."""
    return {n: data[n] for n in names if n in data}


def _text(data: dict, *names, required: tuple = ()) -> dict:
    out = {}
    for n in names:
        if n in data:
            out[n] = (data[n] or "").strip()
            if n in required and not out[n]:
                raise DomainError(NAME_REQUIRED)
    return out


def _kelurahan_fields(actor, obj, data: dict, *, with_kecamatan: bool = False) -> dict:
    if "kelurahan" not in data:
        return {}
    kel = _kelurahan(obj.city_id, data["kelurahan"])
    _allow(actor, obj.city_id, kel.code)
    out = {"kelurahan_id": kel.code}
    if with_kecamatan:
        out["kecamatan_id"] = kel.parent_id
    return out


@transaction.atomic
def event_update(*, actor, event: OutreachEvent, version: int, data: dict) -> OutreachEvent:
    _allow(actor, event.city_id, event.kelurahan_id)
    fields = _kelurahan_fields(actor, event, data, with_kecamatan=True)
    if "topic" in data:
        _check(data["topic"], "prevention_topic", "topik")
        fields["topic"] = data["topic"]
    fields |= _given(data, "date")
    if "organiser" in data:
        org = Organisation.objects.filter(pk=data["organiser"], city_id=event.city_id).first()
        if org is None:
            raise DomainError(BAD_ORGANISATION)
        fields["organiser_id"] = org.pk
    fields |= _text(data, "audience", "partner_text", "materials")
    fields |= _counts(data, "girls", "boys", "women", "men")
    extra = {}
    if "partners" in data:
        old = sorted(event.partners.values_list("pk", flat=True))
        new = sorted({p.pk for p in Organisation.objects.filter(pk__in=data["partners"] or [], city_id=event.city_id)})
        if old != new:
            extra["partners"] = [old, new]
    event = _save_versioned(actor=actor, obj=event, version=version, fields=fields, action="outreach.update", extra_changes=extra)
    if "partners" in extra:
        event.partners.set(extra["partners"][1])
    return event


@transaction.atomic
def forum_update(*, actor, forum: ChildForum, version: int, data: dict) -> ChildForum:
    _allow(actor, forum.city_id)
    fields = _text(data, "name", required=("name",))
    if "level" in data:
        _one_of(data["level"], ForumLevel.values, "tingkat")
        fields["level"] = data["level"]
    if "region" in data:
        fields["region_id"] = _region_in_city(forum.city_id, data["region"]).code
    fields |= _given(data, "established")
    return _save_versioned(actor=actor, obj=forum, version=version, fields=fields, action="forum.update")


@transaction.atomic
def group_update(*, actor, group: CommunityGroup, version: int, data: dict) -> CommunityGroup:
    _allow(actor, group.city_id, group.kelurahan_id)
    fields = _kelurahan_fields(actor, group, data)
    fields |= _text(data, "name", "rw", "rt", required=("name",))
    if "kind" in data:
        _one_of(data["kind"], GROUP_KINDS, "jenis")
        fields["kind"] = data["kind"]
    fields |= _counts(data, "members_count")
    fields |= _given(data, "established")
    return _save_versioned(actor=actor, obj=group, version=version, fields=fields, action="group.update")


@transaction.atomic
def family_update(*, actor, family: VulnerableFamily, version: int, data: dict) -> VulnerableFamily:
    _allow(actor, family.city_id, family.kelurahan_id)
    fields = _kelurahan_fields(actor, family, data)
    fields |= _text(data, "head_name", "address", "rw", "rt", required=("head_name",))
    fields |= _counts(data, "children_count")
    if "status" in data:
        _check(data["status"], "family_status", "status")
        fields["status"] = data["status"]
    extra = {}
    if "risks" in data:
        for r in data["risks"]:
            _check(r, "family_risk", "faktor risiko")
        old = sorted(family.risks.values_list("factor", flat=True))
        new = sorted(dict.fromkeys(data["risks"]))
        if old != new:
            extra["risks"] = [old, new]
    family = _save_versioned(actor=actor, obj=family, version=version, fields=fields, action="family.update",
                             sealed=frozenset({"head_name", "address"}), extra_changes=extra)
    if "risks" in extra:
        FamilyRisk.objects.filter(family=family).exclude(factor__in=extra["risks"][1]).delete()
        have = set(extra["risks"][0])
        FamilyRisk.objects.bulk_create([FamilyRisk(family=family, factor=r) for r in extra["risks"][1] if r not in have])
    return family


@transaction.atomic
def perkasa_update(*, actor, member: PerkasaMember, version: int, data: dict, on: date | None = None) -> PerkasaMember:
    _allow(actor, member.city_id, member.kelurahan_id)
    fields = _kelurahan_fields(actor, member, data)
    fields |= _text(data, "name", required=("name",))
    fields |= _counts(data, "dependants")
    if "employed" in data:
        fields["employed"] = bool(data["employed"])
    if "income_band" in data:
        _check(data["income_band"], "income_band", "penghasilan")
        fields["income_band"] = data["income_band"]
    if "status" in data:
        _check(data["status"], "perkasa_status", "status")
        fields["status"] = data["status"]
    if "nik" in data:
        n = normalize_nik(data["nik"] or "")
        bidx = blind_index("nik", n) if n else ""
        if bidx and PerkasaMember.objects.filter(city_id=member.city_id, nik_bidx__in=blind_indexes("nik", n)).exclude(pk=member.pk).exists():
            raise DomainError(DUPLICATE_NIK)
        fields["nik"] = n or ""
        fields["nik_bidx"] = bidx
    old_status = member.status
    member = _save_versioned(actor=actor, obj=member, version=version, fields=fields, action="perkasa.update",
                             sealed=frozenset({"name", "nik", "nik_bidx"}))
    if member.status != old_status:
        from django.utils import timezone

        PerkasaStatus.objects.create(member=member, date=on or timezone.localdate(), status=member.status)
    return member
