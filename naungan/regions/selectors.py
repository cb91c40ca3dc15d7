from __future__ import annotations

from django.db.models import QuerySet

from .models import Level, Region


def cities() -> QuerySet[Region]:
    return Region.objects.filter(level=Level.KABKOTA)


def kecamatan_of(city_code: str) -> QuerySet[Region]:
    return Region.objects.filter(level=Level.KECAMATAN, parent_id=city_code).order_by("name")


def kelurahan_of_city(city_code: str) -> QuerySet[Region]:
    return Region.objects.filter(level=Level.KELURAHAN, code__startswith=city_code + ".").select_related("parent").order_by("parent__name", "name")


def kelurahan_of_kecamatan(kecamatan_code: str) -> QuerySet[Region]:
    return Region.objects.filter(level=Level.KELURAHAN, parent_id=kecamatan_code).order_by("name")


def region_contains(outer_code: str, inner_code: str) -> bool:
    return inner_code == outer_code or inner_code.startswith(outer_code + ".")
