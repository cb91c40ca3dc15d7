from django_tasks import task

from .services import send_overdue_reminders


@task()
def overdue_reminders_task() -> int:
    return send_overdue_reminders()
