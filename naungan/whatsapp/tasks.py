from django_tasks import task


@task()
def deliver_whatsapp(outbound_id: int) -> str:
    from .services import outbound_deliver  # here, not at the top: services enqueues this task (a module cycle)

    return outbound_deliver(outbound_id=outbound_id)
