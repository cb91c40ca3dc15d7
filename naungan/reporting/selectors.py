"""Who sees which reports. Triage staff (case managers, supervisors) see their city's queue with
the reporter's identity; PPT officers see reports of their kelurahan without it. Community
reporters do not open reports at all: they see the coarse status of their own (`own_reports`),
like any reporter with a code and PIN."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from naungan.accounts.permissions import REPORT_TRIAGE, cities_with, may_see_report_queue
from naungan.accounts.roles import Role
from naungan.accounts.scope import is_national, memberships_with, region_q, rows_visible_to
from naungan.cases.selectors import cases_visible_to

from .models import Report


def report_scope_q(user) -> Q:
    """The city's queue for its triage staff; the reports of their kelurahan for PPT officers."""
    ppt = memberships_with(user, Role.PPT_OFFICER)
    return Q(city_id__in=cities_with(user, REPORT_TRIAGE)) | region_q("kelurahan_id", {m.region_id for m in ppt})


def reports_visible_to(user) -> QuerySet[Report]:
    return rows_visible_to(user, Report, report_scope_q)


def can_handle(user, report: Report) -> bool:
    """Convert, attach, close, message the reporter: the city's triage staff."""
    return is_national(user) or report.city_id in cities_with(user, REPORT_TRIAGE)


def reporter_identity_visible(user, report: Report) -> bool:
    return can_handle(user, report)


def report_get(*, user, report_id: int) -> Report:
    try:
        return reports_visible_to(user).select_related("kelurahan", "case", "city").get(pk=report_id)
    except (Report.DoesNotExist, ValueError, TypeError):
        raise Http404


QUEUE_KEYS = ("-danger_now", "created_at", "id")  # urgent first, then oldest; also the queue's cursor


def triage_queue(*, user, include_done: bool = False) -> QuerySet[Report]:
    """Urgent first, then oldest first. Only triage staff and PPT officers have a queue."""
    if not may_see_report_queue(user):
        return Report.objects.none()
    qs = reports_visible_to(user)
    if not include_done:
        qs = qs.filter(resolution="")
    return qs.select_related("kelurahan", "case").order_by(*QUEUE_KEYS)


def recent_cases_nearby(*, user, report: Report, days: int = 90, limit: int = 10):
    """Open cases of the same kelurahan lately: the likely duplicates of an anonymous report,
    which has no name or phone to match on."""
    from datetime import timedelta


    since = report.created_at - timedelta(days=days)
    return list(cases_visible_to(user).filter(city_id=report.city_id, kelurahan_id=report.kelurahan_id, received_at__gte=since)
                .exclude(status="closed").order_by("-received_at")[:limit])


def own_reports(user) -> QuerySet[Report]:
    if user is None or not user.is_authenticated:
        return Report.objects.none()
    return Report.objects.filter(submitted_by=user).select_related("kelurahan", "case").order_by("-created_at")
