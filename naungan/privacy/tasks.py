from django_tasks import task

from .services import retention_apply


@task()
def apply_retention_task() -> dict:
    report = retention_apply()
    return {c.city: c.as_dict() for c in report.cities}
