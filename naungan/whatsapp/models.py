"""WhatsApp Business Cloud API channel: one conversation per reporter's number, the message ids
already seen (replays are ignored) and the outbound messages with their delivery status.

The reporter's number is sealed; conversations are found by a blind index of it (HMAC of the +62
form), so no number is ever in a query, a URL or a log. What the reporter tells ends up in the
report (sealed there); the conversation keeps only the unfinished answers, sealed."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from naungan.core.crypto import SealedTextField


class Step(models.TextChoices):
    WHO = "who", _("Siapa pelapor")
    WHERE = "where", _("Kelurahan")
    WHERE_PICK = "where_pick", _("Pilih kelurahan")
    WHAT = "what", _("Yang terjadi")
    DANGER = "danger", _("Bahaya sekarang?")
    FILED = "filed", _("Laporan terkirim")


class Conversation(models.Model):
    phone_number_id = models.CharField(max_length=32)  # the city's business number that was written to
    phone_bidx = models.CharField(max_length=32)
    phone = SealedTextField()
    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    step = models.CharField(max_length=12, choices=Step.choices, blank=True)  # "" = not started
    answers = SealedTextField(blank=True)  # JSON of the unfinished dialogue
    danger = models.BooleanField(default=False)
    # Deleting the report (retention, erasure) deletes the conversation and with it the number.
    report = models.ForeignKey("reporting.Report", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["phone_number_id", "phone_bidx"], name="wa_conversation_once")]

    def __str__(self) -> str:
        return f"conversation #{self.pk}"


class InboundMessage(models.Model):
    """Message ids already handled: WhatsApp re-delivers a webhook until it gets a 200, and a
    replayed delivery must not file a second report."""

    wamid = models.CharField(max_length=128, unique=True)
    conversation = models.ForeignKey(Conversation, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=20)
    received_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.kind


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu dikirim")
    ACCEPTED = "accepted", _("Diterima WhatsApp")
    SENT = "sent", _("Terkirim")
    DELIVERED = "delivered", _("Sampai")
    READ = "read", _("Dibaca")
    FAILED = "failed", _("Gagal")


# A status callback may arrive out of order: never step back.
STATUS_RANK = {DeliveryStatus.QUEUED: 0, DeliveryStatus.ACCEPTED: 1, DeliveryStatus.SENT: 2, DeliveryStatus.DELIVERED: 3,
               DeliveryStatus.READ: 4, DeliveryStatus.FAILED: 5}


class OutboundMessage(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="outbound")
    report_message = models.OneToOneField("reporting.ReportMessage", null=True, blank=True, on_delete=models.CASCADE,
                                          related_name="whatsapp_delivery")  # the staff message's copy goes with it
    body = SealedTextField(blank=True)
    forget_body = models.BooleanField(default=False)  # e.g. holds the PIN: blanked once sent
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED, db_index=True)
    wamid = models.CharField(max_length=128, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=120, blank=True)  # an error code and title, never a body or number
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"outbound #{self.pk} {self.status}"
