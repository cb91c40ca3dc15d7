"""Export files with identities are copies: retention deletes them after a few days, an erasure
deletes every such file of the city made before it, and a restore forgets those it did not bring
back. The job row stays (who exported what is in the audit trail), marked expired."""

from __future__ import annotations

import os
from datetime import datetime

from django.db import transaction

from naungan.audit.services import audit_record

from .models import ExportJob

EXPIRED = "expired"


def _expire(actor, jobs, reason: str) -> int:
    n = 0
    for job in jobs:
        if job.path and os.path.exists(job.path):
            os.remove(job.path)
        ExportJob.objects.filter(pk=job.pk).update(status=EXPIRED, path="")
        audit_record(actor=actor, action="export.expire", obj=job, city_code=job.city_id, changes={"reason": [None, reason]})
        n += 1
    return n


@transaction.atomic
def exports_expire(*, actor, city_code: str, before: datetime, identities_only: bool = True, reason: str) -> int:
    jobs = ExportJob.objects.filter(city_id=city_code, created_at__lt=before).exclude(status=EXPIRED)
    if identities_only:
        jobs = jobs.filter(include_identity=True)
    return _expire(actor, list(jobs.only("pk", "path", "city_id")), reason)


@transaction.atomic
def exports_forget_missing_files(*, actor) -> int:
    """After a restore: finished jobs whose file is not on this server are marked expired."""
    jobs = [j for j in ExportJob.objects.filter(status="done").only("pk", "path", "city_id") if not (j.path and os.path.exists(j.path))]
    return _expire(actor, jobs, "restore")
