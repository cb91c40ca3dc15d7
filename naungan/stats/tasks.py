from django_tasks import task

from .jobs import export_run


@task()
def run_export_task(job_id: int) -> int:
    return export_run(job_id).done
