"""Who may read the audit trail: auditors and supervisors, for their own cities (events recorded
against the city, or done by people of the city); the national operator reads all."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.http import Http404

from naungan.accounts.models import Membership
from naungan.accounts.permissions import AUDIT_READ, national_or_cities_with
from naungan.core.filters import DayFilter, filtered

from .models import AuditEvent

AUDIT_KEYS = ("-seq",)  # newest first; seq is unique (the chain), so it alone is the cursor


def audit_events_visible_to(user) -> QuerySet[AuditEvent]:
    cities = national_or_cities_with(user, AUDIT_READ)
    if cities is None:
        return AuditEvent.objects.all()
    if not cities:
        raise Http404
    actors = Membership.objects.filter(city_id__in=cities).values("user_id")
    return AuditEvent.objects.filter(Q(city_code__in=cities) | Q(actor_id__in=actors))


class AuditFilter(django_filters.FilterSet):
    """The filters of the audit trail, on the page and in the API (query parameters of the same names)."""

    action = django_filters.CharFilter(lookup_expr="startswith")
    actor = django_filters.CharFilter(field_name="actor_label")
    object_type = django_filters.CharFilter()
    object_id = django_filters.CharFilter()
    date_from = DayFilter(field_name="created_at")
    date_to = DayFilter(field_name="created_at", end=True)
    before_seq = django_filters.NumberFilter(field_name="seq", lookup_expr="lt", min_value=0, max_value=2**63 - 1, decimal_places=0)

    class Meta:
        model = AuditEvent
        fields: list[str] = []


FILTERS = tuple(AuditFilter.base_filters)


def audit_filters(params) -> dict:
    """The filter values asked for in a query string as typed (for the page's form and links): each
    trimmed and cut to 100 characters."""
    return {k: params.get(k, "").strip()[:100] for k in FILTERS}


def audit_event_list(*, user, filters, lenient: bool = False) -> QuerySet[AuditEvent]:
    """The events of `user`'s view that `filters` select, newest first. A value that does not parse
    raises ValidationError (the API's 400), or, `lenient` (the page), is left out."""
    return filtered(AuditFilter(filters, audit_events_visible_to(user)), lenient=lenient).order_by(*AUDIT_KEYS)
