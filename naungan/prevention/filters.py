"""The filters of the prevention lists in the API (query parameters of the same names), as
django-filter FilterSets (naungan.core.filters)."""

from __future__ import annotations

import django_filters

from naungan.core.filters import DateFilter

from .models import ChildForum, CommunityGroup, OutreachEvent, PerkasaMember, VulnerableFamily


class EventFilter(django_filters.FilterSet):
    topic = django_filters.CharFilter()
    kecamatan = django_filters.CharFilter(field_name="kecamatan_id")
    kelurahan = django_filters.CharFilter(field_name="kelurahan_id")
    date_from = DateFilter(field_name="date", lookup_expr="gte")
    date_to = DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = OutreachEvent
        fields: list[str] = []


class ForumFilter(django_filters.FilterSet):
    level = django_filters.CharFilter()
    region = django_filters.CharFilter(field_name="region_id")

    class Meta:
        model = ChildForum
        fields: list[str] = []


class GroupFilter(django_filters.FilterSet):
    kind = django_filters.CharFilter()
    kelurahan = django_filters.CharFilter(field_name="kelurahan_id")

    class Meta:
        model = CommunityGroup
        fields: list[str] = []


class FamilyFilter(django_filters.FilterSet):
    kelurahan = django_filters.CharFilter(field_name="kelurahan_id")
    risk = django_filters.CharFilter(field_name="risks__factor")
    status = django_filters.CharFilter()

    class Meta:
        model = VulnerableFamily
        fields: list[str] = []


class PerkasaFilter(django_filters.FilterSet):
    kelurahan = django_filters.CharFilter(field_name="kelurahan_id")
    status = django_filters.CharFilter()
    income_band = django_filters.CharFilter()
    employed = django_filters.BooleanFilter()

    class Meta:
        model = PerkasaMember
        fields: list[str] = []
