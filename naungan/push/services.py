"""Subscribing an officer's browser, and sending one push (the worker's task): the payload comes
from `events.payload` alone; a subscription the push service reports gone (404/410) is removed;
other failures are retried with back-off."""

from __future__ import annotations

import json
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop
from pywebpush import WebPushException, webpush

from naungan.accounts.permissions import PUSH
from naungan.accounts.scope import has_role
from naungan.audit.services import audit_record
from naungan.core.errors import DomainError
from naungan.core.retry import MAX_ATTEMPTS, schedule_retry

from . import events
from .config import enabled, vapid
from .models import PushSubscription
from .tasks import deliver_push

log = logging.getLogger(__name__)

PUSH_ROLES = PUSH.roles  # accounts.permissions names them
NOT_CONFIGURED = gettext_noop("Notifikasi ke ponsel belum diaktifkan oleh pengelola sistem.")
NOT_FOR_ROLE = gettext_noop("Notifikasi ke ponsel hanya untuk petugas PPT, Satgas, manajer kasus, petugas mitra dan supervisor.")
BAD_SUBSCRIPTION = gettext_noop("Data langganan notifikasi dari peramban tidak valid.")
TTL_SECONDS = 24 * 3600


def can_subscribe(user) -> bool:
    return bool(user and user.is_authenticated and has_role(user, *PUSH_ROLES))


@transaction.atomic
def subscription_save(*, actor, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    if not enabled():
        raise DomainError(NOT_CONFIGURED)
    if not can_subscribe(actor):
        raise DomainError(NOT_FOR_ROLE)
    if not endpoint.startswith("https://") or not p256dh or not auth:
        raise DomainError(BAD_SUBSCRIPTION)
    # One browser, one owner: a shared phone that changes hands moves its subscription.
    sub, created = PushSubscription.objects.update_or_create(endpoint=endpoint, defaults={"user": actor, "p256dh": p256dh, "auth": auth, "failures": 0})
    audit_record(actor=actor, action="push.subscribe", obj=sub, changes={"created": [None, created]})
    return sub


@transaction.atomic
def subscription_delete(*, actor, endpoint: str) -> int:
    n, _ = PushSubscription.objects.filter(user=actor, endpoint=endpoint).delete()
    if n:
        audit_record(actor=actor, action="push.unsubscribe", object_type="push.pushsubscription", object_id="-")
    return n


def push_deliver(*, subscription_id: int, kind: str, ref: str, url: str, attempt: int = 1) -> str:
    sub = PushSubscription.objects.filter(pk=subscription_id).first()
    if sub is None or not enabled():
        return "skipped"
    try:
        data = events.payload(kind, ref, url)
    except events.UnsafePayload:
        log.error("push: refused an unsafe payload of kind %s", kind if kind in events.KINDS else "?")
        return "refused"
    keys = vapid()
    try:
        webpush(subscription_info={"endpoint": sub.endpoint, "keys": {"p256dh": sub.p256dh, "auth": sub.auth}}, data=json.dumps(data),
                vapid_private_key=keys["private"], vapid_claims={"sub": keys["subject"]}, ttl=TTL_SECONDS, timeout=10)
    except WebPushException as exc:
        status = getattr(getattr(exc, "response", None), "status_code", None)
        if status in (404, 410):
            sub.delete()  # the browser unsubscribed or the subscription expired
            return "expired"
        return _failed(sub, kind, ref, url, attempt)
    except Exception:  # network trouble
        return _failed(sub, kind, ref, url, attempt)
    PushSubscription.objects.filter(pk=sub.pk).update(last_success_at=timezone.now(), failures=0)
    return "sent"


def _failed(sub: PushSubscription, kind: str, ref: str, url: str, attempt: int) -> str:
    PushSubscription.objects.filter(pk=sub.pk).update(failures=sub.failures + 1)
    if attempt >= MAX_ATTEMPTS:
        return "failed"
    schedule_retry(deliver_push, sub.pk, kind, ref, url, attempt + 1, attempts=attempt)
    return "retry"
