"""Running an export job (in the background worker): which cases it covers, and writing the file.
The task (tasks.py) calls `export_run`; services.py creates the job and enqueues the task."""

from __future__ import annotations

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from naungan.cases.selectors import cases_visible_to

from .exports import anonymised_rows, simfoni_rows, write_csv, write_xlsx
from .models import ExportJob, ExportKind
from .selectors import Filters, case_aggregate_scope


def export_cases(job: ExportJob):
    user = get_user_model().objects.get(pk=job.user_id)
    if job.kind == ExportKind.SIMFONI:
        base = cases_visible_to(user)
    else:
        base = case_aggregate_scope(user)
    return base.filter(city_id=job.city_id).filter(Filters(job.date_from, job.date_to).period_q())


def export_run(job_id: int) -> ExportJob:
    job = ExportJob.objects.get(pk=job_id)
    cases = export_cases(job)
    job.total = cases.count()
    job.status = "running"
    job.save(update_fields=["total", "status"])
    folder = settings.PROTECTED_MEDIA_ROOT / "exports"
    os.makedirs(folder, exist_ok=True)
    path = str(folder / f"export-{job.pk}.{job.fmt}")

    def progress(n):
        ExportJob.objects.filter(pk=job.pk).update(done=F("done") + n)

    rows = simfoni_rows(cases, include_identity=job.include_identity, progress=progress) if job.kind == ExportKind.SIMFONI \
        else anonymised_rows(cases, progress=progress)
    try:
        if job.fmt == "csv":
            with open(path, "w", encoding="utf-8", newline="") as fh:
                write_csv(rows, fh)
        else:
            write_xlsx(rows, path, "SIMFONI-PPA" if job.kind == ExportKind.SIMFONI else "Anonim")
    except Exception as exc:  # noqa: BLE001 - recorded on the job for the user
        ExportJob.objects.filter(pk=job.pk).update(status="failed", error=str(exc)[:300], finished_at=timezone.now())
        raise
    ExportJob.objects.filter(pk=job.pk).update(status="done", path=path, done=job.total, finished_at=timezone.now())
    job.refresh_from_db()
    return job
