"""Export jobs: created by a user within scope, run in the background (django-tasks), audited."""

from __future__ import annotations

import os
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_noop

from naungan.accounts.permissions import ANON_EXPORT, SIMFONI_EXPORT
from naungan.accounts.scope import city_codes, is_national
from naungan.audit.services import audit_record
from naungan.core.errors import DomainError
from naungan.regions.models import Region

from .jobs import export_cases, export_run  # noqa: F401 - re-exported: callers import them from here
from .models import ExportJob, ExportKind
from .privacy import _expire
from .tasks import run_export_task

BAD_PERIOD = gettext_noop("Periode tidak valid: tanggal awal harus sebelum tanggal akhir.")
NOT_ALLOWED = gettext_noop("Peran Anda tidak boleh membuat ekspor ini.")
BAD_FORMAT = gettext_noop("Format harus CSV atau XLSX.")

# Who may export what: the SIMFONI export carries identities and is for caseworkers of the city
# (within their case scope); the anonymised extract is for analysts and supervisors.
SIMFONI_ROLES = SIMFONI_EXPORT.roles  # accounts.permissions names them
ANON_ROLES = ANON_EXPORT.roles


@transaction.atomic
def export_create(*, actor, city_code: str, kind: str, fmt: str, date_from: date, date_to: date) -> ExportJob:
    city = Region.objects.filter(code=city_code, level=2).first()
    if city is None:
        raise Http404
    roles = SIMFONI_ROLES if kind == ExportKind.SIMFONI else ANON_ROLES
    if not (is_national(actor) or city_code in city_codes(actor, *roles)):
        raise DomainError(NOT_ALLOWED)
    if fmt not in ("csv", "xlsx"):
        raise DomainError(BAD_FORMAT)
    if date_from > date_to:
        raise DomainError(BAD_PERIOD)
    job = ExportJob.objects.create(user=actor, city=city, kind=kind, fmt=fmt, date_from=date_from, date_to=date_to,
                                   include_identity=kind == ExportKind.SIMFONI)
    audit_record(actor=actor, action="export.create", obj=job, city_code=city_code, changes={
        "kind": [None, kind], "format": [None, fmt], "period": [None, f"{date_from}..{date_to}"], "identities": [None, job.include_identity]})
    transaction.on_commit(lambda: run_export_task.enqueue(job.pk))
    return job


def export_may_download(user, job: ExportJob) -> bool:
    """The capability is checked again at download: a user whose membership ended (or whose role
    changed) since the export was made cannot fetch it any more."""
    if not getattr(user, "is_active", False):
        return False
    roles = SIMFONI_ROLES if job.kind == ExportKind.SIMFONI else ANON_ROLES
    return is_national(user) or job.city_id in city_codes(user, *roles)


def export_file_expired(job: ExportJob, now=None) -> bool:
    hours = getattr(settings, "EXPORT_FILE_HOURS", 24)
    done_at = job.finished_at or job.created_at
    return done_at is not None and (now or timezone.now()) - done_at > timedelta(hours=hours)


@transaction.atomic
def exports_expire_old(*, now=None) -> int:
    """Deletes export files older than NAUNGAN_EXPORT_FILE_HOURS (the worker runs it with the
    reminders; a download of an older file expires it first)."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=getattr(settings, "EXPORT_FILE_HOURS", 24))
    jobs = list(ExportJob.objects.filter(status="done", finished_at__lt=cutoff).only("pk", "path", "city_id"))
    return _expire(None, jobs, "ttl")


def export_open(*, user, job_id: int) -> ExportJob:
    job = ExportJob.objects.filter(pk=job_id, user=user, status="done").first()
    if job is None or not export_may_download(user, job):
        raise Http404
    if export_file_expired(job) or not (job.path and os.path.exists(job.path)):
        with transaction.atomic():
            _expire(None, [job], "ttl")
        raise Http404
    with transaction.atomic():
        audit_record(actor=user, action="export.download", obj=job, city_code=job.city_id)
    return job
