from django_tasks import task

from naungan.core.nav import periodic_jobs


@task()
def periodic_reminders_task() -> int:
    """Every app's registered periodic work (`PERIODIC` in its tasks.py: overdue cases, unanswered
    referrals, …); returns how many reminders were sent."""
    return sum(job() for job in periodic_jobs())
