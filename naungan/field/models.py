"""Drafts written offline on an officer's phone and sent when the connection returns. Each carries
the client id the phone gave it, so a resend (a lost answer, a second tab) finds the first outcome
and stores nothing twice. A draft the server cannot simply store — invalid, a possible duplicate,
or a record that changed meanwhile — waits here, sealed, in the officer's "to resolve" list."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from naungan.core.crypto import SealedTextField


class Kind(models.TextChoices):
    CASE_INTAKE = "case_intake", _("Pengaduan baru")
    OUTREACH = "outreach_event", _("Sosialisasi / penjangkauan")
    FAMILY_VISIT = "family_visit", _("Kunjungan keluarga")


class State(models.TextChoices):
    STORED = "stored", _("Tersimpan")
    CONFLICT = "conflict", _("Perlu diselesaikan")
    RESOLVED = "resolved", _("Diselesaikan")
    DISCARDED = "discarded", _("Dibuang")


class Reason(models.TextChoices):
    NONE = "", "-"
    INVALID = "invalid", _("Isian tidak lolos pemeriksaan")
    DUPLICATE = "duplicate", _("Kemungkinan data ganda")
    CHANGED = "changed", _("Data sudah diubah orang lain")
    GONE = "gone", _("Data tidak lagi dapat diakses")


class FieldSubmission(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    client_id = models.CharField(max_length=36)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices)
    reason = models.CharField(max_length=10, choices=Reason.choices, blank=True)
    city = models.ForeignKey("regions.Region", null=True, on_delete=models.PROTECT, related_name="+")
    target_id = models.BigIntegerField(null=True, blank=True)  # the family of a visit
    payload = SealedTextField(blank=True)  # JSON: the draft's fields, errors, duplicate ids; emptied once resolved
    result_type = models.CharField(max_length=40, blank=True)
    result_id = models.BigIntegerField(null=True, blank=True)
    result_label = models.CharField(max_length=40, blank=True)  # a case number, never an identity
    drafted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "client_id"], name="field_submission_once")]
        indexes = [models.Index(fields=["user", "state", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.client_id[:8]}"
