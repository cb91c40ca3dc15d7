import datetime
import uuid

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

# The checks run in worker threads (django-health-check): they see only committed rows.
pytestmark = pytest.mark.django_db(transaction=True)

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _task(status, *, enqueued_minutes_ago=0, finished_minutes_ago=None):
    now = timezone.now()
    row = DBTaskResult.objects.create(
        id=uuid.uuid4(), status=status, args_kwargs={"args": [], "kwargs": {}}, task_path="naungan.cases.tasks.overdue_reminders_task",
        backend_name="default", run_after=now - datetime.timedelta(minutes=enqueued_minutes_ago),
        finished_at=None if finished_minutes_ago is None else now - datetime.timedelta(minutes=finished_minutes_ago),
    )
    DBTaskResult.objects.filter(pk=row.pk).update(enqueued_at=now - datetime.timedelta(minutes=enqueued_minutes_ago))
    return row


def test_healthy_system_answers_ok_with_each_check_and_no_details(client, settings):
    settings.TASKS = DB_TASKS
    _task("SUCCESSFUL", finished_minutes_ago=3)
    r = client.get("/healthz")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "protected_files": "ok", "worker": "ok", "task_backlog": "ok"}}
    assert "no-cache" in r["Cache-Control"] and r["Content-Type"] == "application/json"
    assert "version" not in r.content.decode().lower()


def test_a_silent_worker_fails_the_check_and_anonymous_callers_learn_only_which(client, settings):
    settings.TASKS = DB_TASKS
    _task("SUCCESSFUL", finished_minutes_ago=settings.HEALTH_WORKER_MINUTES + 5)
    r = client.get("/healthz")
    assert r.status_code == 503
    assert r.json()["checks"]["worker"] == "failing" and r.json()["status"] == "failing"


def test_a_stuck_queue_fails_the_backlog_check(client, settings):
    settings.TASKS = DB_TASKS
    _task("SUCCESSFUL", finished_minutes_ago=1)
    _task("READY", enqueued_minutes_ago=settings.HEALTH_BACKLOG_MINUTES + 10)
    r = client.get("/healthz")
    assert r.status_code == 503 and r.json()["checks"]["task_backlog"] == "failing"


def test_monitors_with_the_health_token_and_the_national_operator_get_the_messages(client, settings, django_user_model):
    settings.TASKS = DB_TASKS
    settings.HEALTH_TOKEN = "s3cret-health-token"
    r = client.get("/healthz", HTTP_AUTHORIZATION="Bearer s3cret-health-token")
    assert r.status_code == 503 and "no background task finished" in r.json()["checks"]["worker"]
    r = client.get("/healthz", HTTP_AUTHORIZATION="Bearer wrong")
    assert r.json()["checks"]["worker"] == "failing"
    client.force_login(django_user_model.objects.create_superuser("nasional", password="pw-test-123456"))
    assert "no background task finished" in client.get("/healthz").json()["checks"]["worker"]


def test_unwritable_protected_storage_fails(client, settings, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    settings.PROTECTED_MEDIA_ROOT = blocker / "protected"
    r = client.get("/healthz")
    assert r.status_code == 503 and r.json()["checks"]["protected_files"] == "failing"
    assert r.json()["checks"]["database"] == "ok"
