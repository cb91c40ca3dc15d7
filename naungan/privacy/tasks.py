from django_tasks import task


@task()
def apply_retention_task() -> dict:
    from .services import retention_apply

    report = retention_apply()
    return {c.city: c.as_dict() for c in report.cities}
