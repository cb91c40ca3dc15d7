from django_tasks import task

from .services import send_overdue_reminders


@task()
def overdue_reminders_task() -> int:
    from naungan.services.services import send_referral_reminders

    return send_overdue_reminders() + send_referral_reminders()
