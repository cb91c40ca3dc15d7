from django_tasks import task


@task()
def deliver_push(subscription_id: int, kind: str, ref: str, url: str, attempt: int = 1) -> str:
    from .services import push_deliver

    return push_deliver(subscription_id=subscription_id, kind=kind, ref=ref, url=url, attempt=attempt)
