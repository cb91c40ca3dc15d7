"""Notices that may reach a phone (`cases.signals.notified`) become one push task per subscribed
browser of the user, enqueued once the notice's transaction commits."""

from django.db import transaction
from django.dispatch import receiver

from naungan.cases.signals import notified

from .config import enabled
from .models import PushSubscription
from .tasks import deliver_push


@receiver(notified, dispatch_uid="push_on_notified")
def push_on_notified(sender, user, kind: str, ref: str, url: str, **kwargs):
    if not enabled():
        return
    for sub_id in PushSubscription.objects.filter(user=user).values_list("pk", flat=True):
        transaction.on_commit(lambda sub_id=sub_id: deliver_push.enqueue(sub_id, kind, ref, url))
