"""Reads of early warnings: supervisors of the city only (national operator: all). A partner,
community reporter or any other role sees none — a 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from naungan.accounts.permissions import ALERT_RULES, ALERTS, cities_with
from naungan.accounts.scope import is_national
from naungan.cases.models import Case
from naungan.cases.selectors import cases_visible_to

from .models import Alert, AlertStatus, WarningRule


def alerts_visible_to(user) -> QuerySet[Alert]:
    if user is None or not user.is_authenticated:
        return Alert.objects.none()
    if is_national(user):
        return Alert.objects.all()
    return Alert.objects.filter(city_id__in=cities_with(user, ALERTS))


def alert_get(*, user, alert_id: int) -> Alert:
    try:
        return alerts_visible_to(user).select_related("case", "rule").get(pk=alert_id)
    except (Alert.DoesNotExist, ValueError, TypeError):
        raise Http404


ALERT_KEYS = ("-created_at", "-id")  # the order of the alert list, and its cursor
RULE_KEYS = ("city", "key", "id")


def alert_list(*, user, status: str = "") -> QuerySet[Alert]:
    qs = alerts_visible_to(user).select_related("case")
    if status in AlertStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by(*ALERT_KEYS)


def alert_cases(*, user, alert: Alert) -> tuple[list[Case], int]:
    """The cases of the pattern the viewer may open, and how many others there are."""
    visible = list(cases_visible_to(user).filter(pk__in=alert.cases.values("pk")).order_by("received_at"))
    return visible, alert.size - len(visible)


def alerts_of_case(*, user, case: Case) -> list[Alert]:
    """Open alerts whose pattern includes the case: the newest per kind of pattern."""
    latest: dict[str, Alert] = {}
    for a in alerts_visible_to(user).filter(cases=case, status=AlertStatus.OPEN).order_by("-created_at")[:50]:
        latest.setdefault(a.key, a)
    return list(latest.values())


def rules_visible_to(user) -> QuerySet[WarningRule]:
    if is_national(user):
        return WarningRule.objects.all()
    return WarningRule.objects.filter(city_id__in=cities_with(user, ALERT_RULES))
