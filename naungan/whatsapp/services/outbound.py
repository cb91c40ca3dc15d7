"""Replies and staff messages out through the worker, with retries, and delivery statuses."""

from __future__ import annotations

from django.db import transaction

from naungan.core.retry import MAX_ATTEMPTS, schedule_retry
from naungan.reporting.models import Channel

from .. import client
from ..models import STATUS_RANK, Conversation, DeliveryStatus, OutboundMessage
from ..tasks import deliver_whatsapp
from .common import STAFF_MESSAGE
from .conversations import _e164, phone_indexes


def outbound_queue(*, conversation: Conversation, body: str, forget_body: bool = False, report_message=None) -> OutboundMessage:
    """Store the message and let the worker send it once this transaction commits."""
    out = OutboundMessage.objects.create(conversation=conversation, body=body, forget_body=forget_body, report_message=report_message)
    transaction.on_commit(lambda: deliver_whatsapp.enqueue(out.pk))
    return out


def outbound_deliver(*, outbound_id: int) -> str:
    """Send one outbound message (the worker's task). A transient failure is retried with back-off
    up to MAX_ATTEMPTS; a permanent one (or the last attempt) marks it failed."""
    with transaction.atomic():
        out = OutboundMessage.objects.select_for_update().select_related("conversation").filter(pk=outbound_id).first()
        if out is None or out.status != DeliveryStatus.QUEUED:
            return "skipped"
        conv = out.conversation
        out.attempts += 1
        try:
            wamid = client.send_text(phone_number_id=conv.phone_number_id, to=conv.phone.lstrip("+"), body=out.body)
        except client.TransientError as exc:
            out.error = str(exc)[:120]
            out.next_attempt_at = None
            if out.attempts >= _max_attempts():
                out.status = DeliveryStatus.FAILED
            else:
                out.next_attempt_at = schedule_retry(deliver_whatsapp, out.pk, attempts=out.attempts)
            out.save()
            return "retry" if out.status == DeliveryStatus.QUEUED else "failed"
        except client.PermanentError as exc:
            out.status, out.error = DeliveryStatus.FAILED, str(exc)[:120]
            out.save()
            return "failed"
        out.status, out.wamid, out.error, out.next_attempt_at = DeliveryStatus.ACCEPTED, wamid[:128], "", None
        if out.forget_body:
            out.body = ""
        out.save()
        return "sent"


def _max_attempts() -> int:
    return MAX_ATTEMPTS


def status_update(st: dict) -> bool:
    """A delivery status callback: sent / delivered / read / failed, never stepping back."""
    wamid = str(st.get("id") or "")
    new = st.get("status")
    if not wamid or new not in (DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.READ, DeliveryStatus.FAILED):
        return False
    with transaction.atomic():
        out = OutboundMessage.objects.select_for_update().filter(wamid=wamid).first()
        if out is None or STATUS_RANK[DeliveryStatus(new)] <= STATUS_RANK[DeliveryStatus(out.status)]:
            return False
        out.status = new
        if new == DeliveryStatus.FAILED:
            errs = st.get("errors") or [{}]
            out.error = f"{errs[0].get('code', '?')} {errs[0].get('title', '')}".strip()[:120]
        out.save(update_fields=["status", "error", "updated_at"])
    return True


def staff_message_forward(report_message) -> OutboundMessage | None:
    """A staff message to a reporter who came by WhatsApp goes back over WhatsApp."""
    report = report_message.report
    if report.channel != Channel.WHATSAPP or not report.contact_phone:
        return None
    conv = Conversation.objects.filter(phone_bidx__in=phone_indexes(_e164(report.contact_phone)), city_id=report.city_id).order_by("-updated_at").first()
    if conv is None:
        return None
    return outbound_queue(conversation=conv, report_message=report_message,
                          body=STAFF_MESSAGE.format(code=report.tracking_code, body=report_message.body))
