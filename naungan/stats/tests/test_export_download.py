"""Finding: an export's file could be fetched after the exporter lost the right to make it, and
files stayed forever. The download checks the capability again, and files expire."""

import os
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from naungan.accounts.services import user_deactivate
from naungan.audit.models import AuditEvent
from naungan.stats.models import ExportJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def job_url(pasuruan, login, django_capture_on_commit_callbacks):
    client = login(pasuruan.users["case_manager"])
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/statistik/ekspor/", {"kind": "simfoni", "fmt": "csv", "date_from": (today - timedelta(days=30)).isoformat(), "date_to": today.isoformat()})
    assert r.status_code == 302
    return r["Location"]


def test_a_case_manager_whose_memberships_ended_cannot_download_an_earlier_export(pasuruan, login, job_url):
    cm = pasuruan.users["case_manager"]
    assert login(cm).get(job_url + "unduh/").status_code == 200
    cm.memberships.update(active=False)
    assert login(cm).get(job_url + "unduh/").status_code == 404
    assert AuditEvent.objects.filter(action="export.download").count() == 1  # the refused try wrote nothing


def test_an_offboarded_user_cannot_download_and_a_role_change_is_enough_too(pasuruan, login, job_url):
    cm = pasuruan.users["case_manager"]
    m = cm.memberships.get(active=True)
    m.role = "analyst"  # the identity export is for caseworkers: an analyst may not fetch it
    m.save()
    assert login(cm).get(job_url + "unduh/").status_code == 404
    m.role = "case_manager"
    m.save()
    user_deactivate(actor=pasuruan.users["admin"], user=cm)
    assert login(cm).get(job_url + "unduh/").status_code in (302, 404)  # signed out: no file either way


def test_an_export_file_expires_after_the_configured_hours(pasuruan, login, job_url, settings):
    settings.EXPORT_FILE_HOURS = 2
    job = ExportJob.objects.get()
    ExportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(hours=3))
    assert login(pasuruan.users["case_manager"]).get(job_url + "unduh/").status_code == 404
    job.refresh_from_db()
    assert job.status == "expired" and not job.path and not any(os.scandir(settings.PROTECTED_MEDIA_ROOT / "exports"))
    assert AuditEvent.objects.filter(action="export.expire", object_id=str(job.pk)).exists()


def test_retention_run_deletes_old_export_files(pasuruan, job_url, settings):
    settings.EXPORT_FILE_HOURS = 1
    job = ExportJob.objects.get()
    path = job.path
    ExportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(hours=2))
    call_command("apply_retention")
    job.refresh_from_db()
    assert job.status == "expired" and not os.path.exists(path)
