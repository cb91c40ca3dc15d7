"""Who may read the audit trail: auditors and supervisors, for their own cities (events recorded
against the city, or done by people of the city); the national operator reads all."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet
from django.http import Http404

from naungan.accounts.models import Membership
from naungan.accounts.permissions import AUDIT_READ, national_or_cities_with
from naungan.core.dates import day_bound

from .models import AuditEvent

AUDIT_KEYS = ("-seq",)  # newest first; seq is unique (the chain), so it alone is the cursor
# The filters of the audit trail, on the page and in the API (query parameters of the same names).
FILTERS = ("action", "actor", "object_type", "object_id", "date_from", "date_to", "before_seq")


def audit_events_visible_to(user) -> QuerySet[AuditEvent]:
    cities = national_or_cities_with(user, AUDIT_READ)
    if cities is None:
        return AuditEvent.objects.all()
    if not cities:
        raise Http404
    actors = Membership.objects.filter(city_id__in=cities).values("user_id")
    return AuditEvent.objects.filter(Q(city_code__in=cities) | Q(actor_id__in=actors))


def _day(value: str | None, end: bool = False):
    if not value:
        return None
    try:
        d = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        return None
    return day_bound(d, end=end)


def audit_filters(params) -> dict:
    """The filters asked for in a query string: each trimmed and cut to 100 characters."""
    return {k: params.get(k, "").strip()[:100] for k in FILTERS}


def audit_event_list(*, user, filters: dict) -> QuerySet[AuditEvent]:
    qs = audit_events_visible_to(user)
    if filters.get("action"):
        qs = qs.filter(action__startswith=filters["action"])
    if filters.get("actor"):
        qs = qs.filter(actor_label=filters["actor"])
    if filters.get("object_type"):
        qs = qs.filter(object_type=filters["object_type"])
    if filters.get("object_id"):
        qs = qs.filter(object_id=str(filters["object_id"]))
    start, end = _day(filters.get("date_from")), _day(filters.get("date_to"), end=True)
    if start:
        qs = qs.filter(created_at__gte=start)
    if end:
        qs = qs.filter(created_at__lte=end)
    if filters.get("before_seq"):
        try:
            qs = qs.filter(seq__lt=int(filters["before_seq"]))
        except (TypeError, ValueError):
            pass
    return qs.order_by(*AUDIT_KEYS)
