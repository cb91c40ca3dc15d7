from django_tasks import task


@task()
def deliver_whatsapp(outbound_id: int) -> str:
    from .services import outbound_deliver

    return outbound_deliver(outbound_id=outbound_id)
