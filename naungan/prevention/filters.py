"""The filters of the prevention lists in the API (query parameters of the same names), as
django-filter FilterSets (naungan.core.filters)."""

from __future__ import annotations

import django_filters

from naungan.core.filters import DateFilter, filterset

from .models import ChildForum, CommunityGroup, OutreachEvent, PerkasaMember, VulnerableFamily

EventFilter = filterset(OutreachEvent, exact={"topic": "topic", "kecamatan": "kecamatan_id", "kelurahan": "kelurahan_id"},
                        date_from=DateFilter(field_name="date", lookup_expr="gte"), date_to=DateFilter(field_name="date", lookup_expr="lte"))
ForumFilter = filterset(ChildForum, exact={"level": "level", "region": "region_id"})
GroupFilter = filterset(CommunityGroup, exact={"kind": "kind", "kelurahan": "kelurahan_id"})
FamilyFilter = filterset(VulnerableFamily, exact={"kelurahan": "kelurahan_id", "risk": "risks__factor", "status": "status"})
PerkasaFilter = filterset(PerkasaMember, exact={"kelurahan": "kelurahan_id", "status": "status", "income_band": "income_band"},
                          employed=django_filters.BooleanFilter())
