from django_tasks import task


@task()
def run_export_task(job_id: int) -> int:
    from .services import export_run

    return export_run(job_id).done
