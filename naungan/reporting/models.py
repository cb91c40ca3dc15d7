"""Reports from the public portal, the child-friendly form, community reporters and the API.

The reporter follows up with a tracking code and a secret PIN (only its hash is stored). The
reporter's identity and contact are sealed and shown only to case managers and supervisors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from naungan.cases.models import protected_storage
from naungan.core.crypto import SealedTextField


class ReportStatus(models.TextChoices):
    RECEIVED = "received", _("Diterima")
    HANDLING = "handling", _("Sedang ditangani")
    CLOSED = "closed", _("Selesai")


class Resolution(models.TextChoices):
    NONE = "", _("Belum")
    CONVERTED = "converted", _("Dijadikan kasus")
    ATTACHED = "attached", _("Digabung ke kasus yang ada")
    NOT_RELEVANT = "not_relevant", _("Ditutup: tidak relevan")


class Channel(models.TextChoices):
    PORTAL = "portal", _("Portal publik")
    CHILD = "child", _("Formulir ramah anak")
    COMMUNITY = "community", _("Pelapor komunitas")
    API = "api", _("API")
    WHATSAPP = "whatsapp", _("WhatsApp")


def _report_file_path(instance, filename):
    return f"reports/{instance.city_id}/{instance.tracking_code}"


def _protected_storage():
    return protected_storage()


class Report(models.Model):
    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    tracking_code = models.CharField(max_length=16, unique=True)
    pin_hash = models.CharField(max_length=128)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.PORTAL)
    reporter_kind = models.CharField(max_length=20)
    # null: the reporter did not know the kelurahan ("Aku tidak tahu"); the city's UPTD PPA triages it
    kelurahan = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    what = models.JSONField(default=list)  # plain choices of the form (value set report_what)
    description = SealedTextField(blank=True)
    danger_now = models.BooleanField(default=False)
    contact_name = SealedTextField(blank=True)
    contact_phone = SealedTextField(blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.RECEIVED)
    resolution = models.CharField(max_length=14, choices=Resolution.choices, blank=True, default="")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    closure_reason = models.CharField(max_length=30, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    attachment = models.FileField(storage=_protected_storage, upload_to=_report_file_path, blank=True, max_length=200)
    attachment_type = models.CharField(max_length=60, blank=True)
    pin_failures = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["city", "status", "danger_now", "created_at"]),
            models.Index(fields=["kelurahan", "status"]),
            models.Index(fields=["submitted_by", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def public_status(self) -> str:
        """What the reporter may see: received / being handled / closed — nothing else."""
        if self.resolution == Resolution.NOT_RELEVANT:
            return ReportStatus.CLOSED
        if self.case_id:
            return ReportStatus.CLOSED if self.case and self.case.status == "closed" else ReportStatus.HANDLING
        return self.status


class MessageDirection(models.TextChoices):
    TO_REPORTER = "to_reporter", _("Kepada pelapor")
    FROM_REPORTER = "from_reporter", _("Dari pelapor")


class ReportMessage(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=14, choices=MessageDirection.choices)
    body = SealedTextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.direction} #{self.pk}"


class FormToken(models.Model):
    """One per rendered form: a second submission of the same form (double tap, replay) creates
    nothing new."""

    token = models.CharField(max_length=43, unique=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return self.token[:8]
