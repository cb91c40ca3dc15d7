"""Transfer of a case between cities (kab/kota UPTD PPA, or up to the province UPTD PPA).

Two directions: the owning city SENDS a case, or a supervisor of another city REQUESTS it. Either
way the victim's (or guardian's) consent is recorded and the other side decides. On acceptance
the receiving city gets a new case (new number; the old one kept here as the reference) with the
whole history, and the sending city keeps a closed, read-only stub with the outcome."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from naungan.core.crypto import SealedTextField


class Direction(models.TextChoices):
    SEND = "send", _("Dikirim oleh kota pemilik")
    REQUEST = "request", _("Diminta oleh kota lain")


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu keputusan")
    ACCEPTED = "accepted", _("Diterima")
    DECLINED = "declined", _("Ditolak")
    CANCELLED = "cancelled", _("Dibatalkan")


class Transfer(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="transfers_out")
    new_case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="transfers_in")
    direction = models.CharField(max_length=8, choices=Direction.choices)
    from_city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    to_region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")  # a kab/kota or a province
    old_number = models.CharField(max_length=24)
    new_number = models.CharField(max_length=24, blank=True)
    reason = SealedTextField()  # may name people: sealed
    shared_fields = models.JSONField(default=list, blank=True)  # what the receiver sees before accepting
    consent_relation = models.CharField(max_length=40)  # korban sendiri / ibu / ayah / wali …
    consent_method = models.CharField(max_length=20)
    consent_at = models.DateTimeField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=TransferStatus.choices, default=TransferStatus.PENDING)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["to_region", "status", "created_at"]),
            models.Index(fields=["from_city", "status", "created_at"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(status="pending"), name="transfer_one_pending_per_case"),
        ]

    def __str__(self) -> str:
        return f"transfer #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == TransferStatus.PENDING
