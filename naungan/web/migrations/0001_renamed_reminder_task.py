"""The periodic reminder task moved from naungan.cases.tasks.overdue_reminders_task to the shell
(naungan.web.tasks.periodic_reminders_task) when each app began to register its own periodic work.
Reminders already waiting in the queue under the old name would fail to import in the worker after
the upgrade: they are pointed at the new name, so none is lost."""

from django.db import migrations

OLD = "naungan.cases.tasks.overdue_reminders_task"
NEW = "naungan.web.tasks.periodic_reminders_task"


def forwards(apps, schema_editor):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    DBTaskResult.objects.filter(task_path=OLD, status="READY").update(task_path=NEW)


class Migration(migrations.Migration):
    dependencies = [("django_tasks_database", "0021_conditional_partial_index_ordering")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
