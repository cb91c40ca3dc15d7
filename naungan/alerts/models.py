"""Early warning: the same perpetrator (NIK, phone, name + birth date through the blind indexes)
or the same school or place recurring inside a window. Rules are data per city; an alert prompts a
supervisor — it never decides anything by itself."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from naungan.core.crypto import SealedTextField


class RuleKey(models.TextChoices):
    PERPETRATOR_NIK = "perpetrator_nik", _("NIK terlapor/pelaku sama")
    PERPETRATOR_PHONE = "perpetrator_phone", _("Nomor telepon terlapor/pelaku sama")
    PERPETRATOR_NAME_BIRTH = "perpetrator_name_birth", _("Nama dan tanggal lahir terlapor/pelaku sama")
    SAME_SCHOOL = "same_school", _("Sekolah yang sama berulang")
    SAME_PLACE = "same_place", _("Tempat bernama yang sama berulang")
    KELURAHAN_PLACE = "kelurahan_place", _("Jenis tempat yang sama di kelurahan yang sama berulang")


class WarningRule(models.Model):
    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=30, choices=RuleKey.choices)
    window_days = models.PositiveIntegerField()
    threshold = models.PositiveSmallIntegerField()  # cases sharing the key in the window, the new one included
    active = models.BooleanField(default=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["city", "key"], name="warning_rule_city_key")]
        ordering = ["city_id", "key"]

    def __str__(self) -> str:
        return f"{self.city_id}:{self.key}"


class PlaceTag(models.Model):
    """Where exactly it happened, beyond the SIMFONI place category: a school (an organisation of
    the city) or a named place (sealed; matched through a keyed hash of the normalized name)."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="place_tag")
    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", db_index=False)
    school = models.ForeignKey("accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    place_name = SealedTextField(blank=True)
    place_bidx = models.CharField(max_length=32, blank=True)
    received_at = models.DateTimeField()  # the case's, so a window is one indexed range
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["city", "school", "received_at"]), models.Index(fields=["city", "place_bidx", "received_at"])]

    def __str__(self) -> str:
        return f"place tag #{self.pk}"


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Perlu ditinjau")
    REVIEWED = "reviewed", _("Sudah ditinjau")


class Alert(models.Model):
    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", db_index=False)
    rule = models.ForeignKey(WarningRule, on_delete=models.CASCADE, related_name="alerts")
    key = models.CharField(max_length=30, choices=RuleKey.choices)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")  # the case that completed the pattern
    cases = models.ManyToManyField("cases.Case", related_name="+")  # every case of the pattern (shown through scope)
    size = models.PositiveSmallIntegerField(default=0)  # how many cases
    window_days = models.PositiveIntegerField()
    threshold = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = SealedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["city", "status", "created_at"])]
        constraints = [models.UniqueConstraint(fields=["rule", "case"], name="alert_once_per_rule_case")]

    def __str__(self) -> str:
        return f"alert #{self.pk}"
