"""The organisations and accounts of one city, for the demo loader and for tests (one builder,
so the personas the tests use are the accounts a demo user logs in with)."""

from __future__ import annotations

from dataclasses import dataclass, field

from naungan.regions.models import Level, Region
from naungan.regions.services import region_load_city

from .models import CityConfig, Membership, Organisation, User
from .roles import OrgKind, Role
from .services import area_analyst_grant

DEMO_PASSWORD = "Naungan-Demo-2026"

PARTNERS = [
    (OrgKind.POLICE_PPA, "Unit PPA Satreskrim Polres {city}"),
    (OrgKind.DINAS_SOSIAL, "Dinas Sosial {city}"),
    (OrgKind.RSUD, "RSUD {city}"),
    (OrgKind.PUSKESMAS, "Puskesmas {kec}"),
    (OrgKind.LEGAL_AID, "LBH {city}"),
    (OrgKind.YLPA, "Yayasan Perlindungan Anak {city}"),
    (OrgKind.KEMENAG, "Kantor Kemenag {city}"),
    (OrgKind.SCHOOL, "SMP Negeri 1 {city}"),
    (OrgKind.LPSK, "LPSK Perwakilan"),
    (OrgKind.SHELTER, "Rumah Aman {city}"),
]


@dataclass
class CityWorld:
    city: Region
    kecamatan: list[Region]
    kelurahan: list[Region]
    orgs: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)  # key → user (see build_city)
    accounts: list[dict] = field(default_factory=list)


def _short(city: Region) -> str:
    return city.code.replace(".", "")


def _org(city, kind, name, region=None) -> Organisation:
    org, _ = Organisation.objects.get_or_create(city=city, kind=kind, name=name, defaults={"region": region or city})
    return org


def _user(world: CityWorld, key: str, username: str, role: str, org: Organisation, region: Region, password: str) -> User:
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_password(password)
        user.save()
    Membership.objects.get_or_create(user=user, role=role, organisation=org, city=world.city, region=region)
    world.users[key] = user
    world.accounts.append({
        "username": username, "password": password, "role": role, "city_code": world.city.code,
        "region_code": region.code, "organisation": org.name,
    })
    return user


def build_city(city_code: str, *, password: str = DEMO_PASSWORD, ppt_kelurahan: int = 2) -> CityWorld:
    """Idempotent. Users (keys in `world.users`): admin, supervisor, case_manager, analyst,
    auditor, partner_police, partner_social, community, and for the first `ppt_kelurahan`
    kelurahan i (0-based) ppt_i and satgas_i."""
    region_load_city(code=city_code)
    city = Region.objects.get(code=city_code)
    kecamatan = list(Region.objects.filter(parent=city, level=Level.KECAMATAN).order_by("code"))
    kelurahan = list(Region.objects.filter(level=Level.KELURAHAN, code__startswith=city_code + ".").order_by("code"))
    w = CityWorld(city=city, kecamatan=kecamatan, kelurahan=kelurahan)
    name = city.name
    CityConfig.objects.get_or_create(city=city, defaults={
        "dinas_name": f"Dinas Pemberdayaan Perempuan dan Perlindungan Anak {name}",
        "uptd_phone": "(0343) 000-129" if city_code.startswith("35") else "(0542) 000-129",
        "uptd_whatsapp": "0811-0000-0129",
        "letterhead_lines": f"PEMERINTAH {name.upper()}\nDINAS PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK\nUPTD PERLINDUNGAN PEREMPUAN DAN ANAK",
    })
    w.orgs["dinas"] = _org(city, OrgKind.DINAS, f"DP3AP2KB {name}")
    w.orgs["uptd"] = _org(city, OrgKind.UPTD_PPA, f"UPTD PPA {name}")
    for kel in kelurahan:
        w.orgs[f"ppt:{kel.code}"] = _org(city, OrgKind.PPT, f"PPT Kelurahan {kel.name}", kel)
        w.orgs[f"satgas:{kel.code}"] = _org(city, OrgKind.SATGAS_KELURAHAN, f"Satgas PPA Kelurahan {kel.name}", kel)
    for kec in kecamatan:
        w.orgs[f"satgas:{kec.code}"] = _org(city, OrgKind.SATGAS_KECAMATAN, f"Satgas PPA Kecamatan {kec.name}", kec)
    for kind, pattern in PARTNERS:
        w.orgs[kind] = _org(city, kind, pattern.format(city=name, kec=kecamatan[0].name if kecamatan else name))
    w.orgs["community"] = _org(city, OrgKind.COMMUNITY_GROUP, f"Kelompok Peduli Anak RW 01 {kelurahan[0].name}", kelurahan[0])

    s = _short(city)
    _user(w, "admin", f"admin.{s}", Role.CITY_ADMIN, w.orgs["dinas"], city, password)
    _user(w, "supervisor", f"supervisor.{s}", Role.SUPERVISOR, w.orgs["dinas"], city, password)
    _user(w, "case_manager", f"manajer.{s}", Role.CASE_MANAGER, w.orgs["uptd"], city, password)
    _user(w, "analyst", f"analis.{s}", Role.ANALYST, w.orgs["dinas"], city, password)
    _user(w, "auditor", f"auditor.{s}", Role.AUDITOR, w.orgs["dinas"], city, password)
    _user(w, "partner_police", f"polisi.{s}", Role.PARTNER, w.orgs[OrgKind.POLICE_PPA], city, password)
    _user(w, "partner_social", f"dinsos.{s}", Role.PARTNER, w.orgs[OrgKind.DINAS_SOSIAL], city, password)
    _user(w, "community", f"komunitas.{s}", Role.COMMUNITY, w.orgs["community"], kelurahan[0], password)
    for i, kel in enumerate(kelurahan[:ppt_kelurahan]):
        _user(w, f"ppt_{i}", f"ppt.{kel.code.replace('.', '')}", Role.PPT_OFFICER, w.orgs[f"ppt:{kel.code}"], kel, password)
        _user(w, f"satgas_{i}", f"satgas.{kel.code.replace('.', '')}", Role.SATGAS, w.orgs[f"satgas:{kel.code}"], kel, password)
    return w


def build_area_analysts(*, password: str, province: str = "35") -> list[dict]:
    """The province analyst of one province (Jawa Timur by default) and the national analyst
    (KemenPPPA). Idempotent."""
    accounts = []
    for code, username in ((province, f"analis.prov{province}"), (None, "analis.nasional")):
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(password)
            user.save()
        m = area_analyst_grant(actor=None, user=user, province_code=code)
        accounts.append({"username": username, "password": password, "role": m.role, "city_code": code or "", "region_code": code or "",
                         "organisation": m.organisation.name})
    return accounts
