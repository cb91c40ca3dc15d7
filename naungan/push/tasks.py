from django_tasks import task


@task()
def deliver_push(subscription_id: int, kind: str, ref: str, url: str, attempt: int = 1) -> str:
    from .services import push_deliver  # here, not at the top: services enqueues this task (a module cycle)

    return push_deliver(subscription_id=subscription_id, kind=kind, ref=ref, url=url, attempt=attempt)
