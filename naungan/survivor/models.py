"""The survivor's own view: with a tracking code and PIN, the survivor or guardian sees which of
their rights are met and in progress, the appointments they have been told of, and sets the
safe-contact rules that officers see wherever they contact them. Nothing else of the case."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from naungan.core.crypto import SealedTextField


class SurvivorAccess(models.Model):
    """A code + PIN given to a victim registered by staff (if they wish). Reports that became a
    case use the report's own code and PIN instead. Only the PIN's hash is stored."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="survivor_accesses")
    tracking_code = models.CharField(max_length=16, unique=True)
    pin_hash = models.CharField(max_length=128)
    active = models.BooleanField(default=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    pin_failures = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["case", "active"])]

    def __str__(self) -> str:
        return self.tracking_code


class AppointmentKind(models.TextChoices):
    VISUM = "visum", _("Visum (pemeriksaan oleh dokter)")
    BAP = "bap", _("BAP (wawancara dengan polisi)")
    HEARING = "sidang", _("Sidang di pengadilan")
    COUNSELLING = "konseling", _("Konseling / pendampingan psikolog")
    OTHER = "lainnya", _("Pertemuan lain")


class Appointment(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="appointments")
    kind = models.CharField(max_length=12, choices=AppointmentKind.choices)
    at = models.DateTimeField()
    place = models.CharField(_("tempat"), max_length=200)  # an office, a hospital, a court — not a home
    told_to_survivor = models.BooleanField(default=False)
    cancelled = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["case", "at"])]
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d}"


class Channel(models.TextChoices):
    PHONE = "telepon", _("Telepon")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")
    COMPANION = "pendamping", _("Lewat pendamping / orang yang dipercaya")
    OFFICE = "kantor", _("Saya yang datang ke kantor")


class SafeContact(models.Model):
    """How — and how not — to reach the survivor. Set by the survivor (or by an officer with them);
    shown at the top of the case and on every contact action."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="safe_contact")
    preferred_channel = models.CharField(max_length=12, choices=Channel.choices, blank=True)
    safe_from = models.TimeField(null=True, blank=True)
    safe_to = models.TimeField(null=True, blank=True)
    never_call = SealedTextField(blank=True)  # a number that must never be called (e.g. shared with the abuser)
    no_home_visit = models.BooleanField(default=False)
    note = SealedTextField(blank=True)
    set_by_survivor = models.BooleanField(default=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"safe contact #{self.pk}"

    @property
    def is_set(self) -> bool:
        return bool(self.preferred_channel or self.safe_from or self.safe_to or self.never_call or self.no_home_visit or self.note)
