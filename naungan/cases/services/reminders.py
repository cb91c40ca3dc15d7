"""Notifications read-state and overdue reminders."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from naungan.accounts.models import Membership
from naungan.accounts.roles import Role
from naungan.audit.services import audit_record

from ..models import (
    Case,
    Notification,
)
from ..selectors import overdue_q
from .common import notify


@transaction.atomic
def notifications_mark_read(*, actor) -> int:
    """Marks the user's unread notifications as read (a POST of the list page; a GET writes nothing)."""
    n = Notification.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())
    if n:
        audit_record(actor=actor, action="notification.read", object_type="cases.notification", changes={"count": [None, n]})
    return n


def send_overdue_reminders(*, now: datetime | None = None, limit: int = 5000) -> int:
    """Tell the assignee (or the unit's case managers) and the city's supervisors about each
    overdue case, once a day. The notice carries the case number and risk only."""
    now = now or timezone.now()
    day = timezone.localtime(now).date().isoformat()
    sent = 0
    cases = Case.objects.filter(overdue_q(now)).select_related("assigned_to").order_by("respond_by")[:limit]
    supervisors: dict[str, list] = {}
    managers: dict[int, list] = {}
    for case in cases:
        if case.city_id not in supervisors:
            supervisors[case.city_id] = [m.user for m in Membership.objects.filter(city_id=case.city_id, role=Role.SUPERVISOR, active=True).select_related("user")]
        recipients = list(supervisors[case.city_id])
        if case.assigned_to_id:
            recipients.append(case.assigned_to)
        else:
            if case.owner_org_id not in managers:
                managers[case.owner_org_id] = [m.user for m in Membership.objects.filter(organisation_id=case.owner_org_id, role=Role.CASE_MANAGER, active=True).select_related("user")]
            recipients.extend(managers[case.owner_org_id])
        if case.satgas_assignee_id:
            recipients.append(case.satgas_assignee)
        text = f"Kasus {case.number} (risiko {case.risk}) melewati target respons."
        for user in {u.pk: u for u in recipients}.values():
            if notify(user=user, text=text, url=f"/kasus/{case.pk}/", key=f"overdue:{case.pk}:{day}:{user.pk}", push="overdue", ref=case.number):
                sent += 1
    return sent
