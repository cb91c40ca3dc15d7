import importlib
import uuid

from django.apps import apps
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

renamed = importlib.import_module("naungan.web.migrations.0001_renamed_reminder_task")


def _row(status, path):
    return DBTaskResult.objects.create(id=uuid.uuid4(), status=status, args_kwargs={"args": [], "kwargs": {}}, task_path=path,
                                       backend_name="default", run_after=timezone.now())


def test_reminders_waiting_under_the_old_name_run_under_the_new_one(db):
    waiting, done = _row("READY", renamed.OLD), _row("SUCCESSFUL", renamed.OLD)
    renamed.forwards(apps, None)
    waiting.refresh_from_db()
    done.refresh_from_db()
    assert waiting.task_path == renamed.NEW
    assert done.task_path == renamed.OLD  # history stays as it happened
    module, name = renamed.NEW.rsplit(".", 1)
    assert getattr(importlib.import_module(module), name).name == "periodic_reminders_task"
