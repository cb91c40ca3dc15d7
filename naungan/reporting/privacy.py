"""Retention of public reports: a report closed as not relevant is deleted after the city's
period; a finished report's tracking code stops opening anything (the reporter no longer needs
it, and a code + PIN is a door to someone's story)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Q

from naungan.audit.services import audit_record

from .models import Report, Resolution

EXPIRED_PIN = "!expired"  # never matches a PIN (Django treats '!' as an unusable hash)
PUBLIC_ORIGIN = {"channel": "retention"}


def reports_to_purge(*, city_code: str, before: datetime):
    return Report.objects.filter(city_id=city_code, resolution=Resolution.NOT_RELEVANT, case__isnull=True, updated_at__lt=before)


@transaction.atomic
def report_purge(*, actor, report: Report, reason: str) -> None:
    """Delete a report that never became a case, with its messages and its upload. Aggregates
    that count reports can hook here: this is the only place a report row is deleted."""
    if report.attachment:
        report.attachment.delete(save=False)
    audit_record(actor=actor, action="report.purge", obj=report, city_code=report.city_id, changes={"reason": [None, reason]},
                 origin=PUBLIC_ORIGIN)
    report.delete()


def tracking_codes_to_expire(*, city_code: str, before: datetime):
    finished = Q(resolution=Resolution.NOT_RELEVANT, updated_at__lt=before) | Q(case__status="closed", case__closed_at__lt=before)
    return Report.objects.filter(city_id=city_code).filter(finished).exclude(pin_hash=EXPIRED_PIN)


@transaction.atomic
def tracking_codes_expire(*, actor, city_code: str, before: datetime) -> int:
    ids = list(tracking_codes_to_expire(city_code=city_code, before=before).values_list("pk", flat=True))
    if ids:
        Report.objects.filter(pk__in=ids).update(pin_hash=EXPIRED_PIN)
        audit_record(actor=actor, action="report.codes_expire", object_type="reporting.report", city_code=city_code,
                     changes={"count": [None, len(ids)]}, origin=PUBLIC_ORIGIN)
    return len(ids)
