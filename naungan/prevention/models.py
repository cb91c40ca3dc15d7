"""Prevention: outreach events, Forum Anak, PATBM / community groups, vulnerable-family
accompaniment and the Perkasa registry of women heads of household. Children's data is minimal
(initials, birth year, sex); family heads' and Perkasa members' identities are sealed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from naungan.core.crypto import SealedTextField


class OutreachEvent(models.Model):
    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    kelurahan = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    kecamatan = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    date = models.DateField(db_index=True)
    organiser = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    partners = models.ManyToManyField("accounts.Organisation", blank=True, related_name="outreach_partnered")
    partner_text = models.CharField(_("mitra lain"), max_length=300, blank=True)  # e.g. DPRD, tokoh masyarakat
    topic = models.CharField(max_length=30, db_index=True)
    audience = models.CharField(_("sasaran"), max_length=200, blank=True)
    girls = models.PositiveIntegerField(default=0)
    boys = models.PositiveIntegerField(default=0)
    women = models.PositiveIntegerField(default=0)
    men = models.PositiveIntegerField(default=0)
    materials = models.TextField(_("materi / tautan"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)  # optimistic locking of edits (API)

    class Meta:
        indexes = [models.Index(fields=["city", "date"]), models.Index(fields=["kecamatan", "date"])]
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date} {self.topic}"

    @property
    def attendance(self) -> int:
        return self.girls + self.boys + self.women + self.men


class ForumLevel(models.TextChoices):
    KOTA = "kota", _("Kota")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")


class StandingGroup(models.Model):
    """What a Forum Anak and a PATBM / community group have alike: a named group of a city, perhaps
    under an organisation, since the day it was founded. Edits carry the version they saw (API)."""

    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    organisation = models.ForeignKey("accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    established = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class ChildForum(StandingGroup):
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    level = models.CharField(max_length=10, choices=ForumLevel.choices, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["city", "level"])]


class ForumMember(models.Model):
    forum = models.ForeignKey(ChildForum, on_delete=models.CASCADE, related_name="members")
    initials = models.CharField(_("inisial"), max_length=10)  # never a full name
    birth_year = models.PositiveSmallIntegerField()
    sex = models.CharField(max_length=1)

    def __str__(self) -> str:
        return self.initials


class CommunityGroup(StandingGroup):
    """PATBM (Perlindungan Anak Terpadu Berbasis Masyarakat) and kelompok peduli anak at RT/RW."""

    kelurahan = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=[("patbm", "PATBM"), ("peduli_anak", _("Kelompok peduli anak"))])
    rw = models.CharField(max_length=3, blank=True)
    rt = models.CharField(max_length=3, blank=True)
    members_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["city", "kelurahan"])]


class Activity(models.Model):
    """An activity of a Forum Anak or a community group."""

    forum = models.ForeignKey(ChildForum, null=True, blank=True, on_delete=models.CASCADE, related_name="activities")
    group = models.ForeignKey(CommunityGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="activities")
    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    date = models.DateField(db_index=True)
    title = models.CharField(max_length=200)
    in_musrenbang = models.BooleanField(_("Forum Anak hadir di Musrenbang"), default=False)
    participants = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["city", "date"])]
        ordering = ["-date"]

    def __str__(self) -> str:
        return self.title


class VulnerableFamily(models.Model):
    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    kelurahan = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    rw = models.CharField(max_length=3, blank=True)
    rt = models.CharField(max_length=3, blank=True)
    head_name = SealedTextField()
    address = SealedTextField(blank=True)
    children_count = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=12, default="didampingi", db_index=True)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["city", "status"]), models.Index(fields=["kelurahan"])]

    def __str__(self) -> str:
        return f"keluarga #{self.pk}"


class FamilyRisk(models.Model):
    family = models.ForeignKey(VulnerableFamily, on_delete=models.CASCADE, related_name="risks")
    factor = models.CharField(max_length=30, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["family", "factor"], name="family_risk_unique")]

    def __str__(self) -> str:
        return self.factor


class FamilySupport(models.Model):
    family = models.ForeignKey(VulnerableFamily, on_delete=models.CASCADE, related_name="supports")
    kind = models.CharField(max_length=30, db_index=True)
    agency = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    note = SealedTextField(blank=True)

    def __str__(self) -> str:
        return self.kind


class FamilyVisit(models.Model):
    family = models.ForeignKey(VulnerableFamily, on_delete=models.CASCADE, related_name="visits")
    date = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    notes = SealedTextField(blank=True)

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"visit {self.date}"


class PerkasaMember(models.Model):
    """Perempuan Kepala Keluarga Sejahtera (a DP3AKB Kota Pasuruan programme)."""

    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    kelurahan = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    name = SealedTextField()
    nik = SealedTextField(blank=True)
    nik_bidx = models.CharField(max_length=32, blank=True, db_index=True)
    dependants = models.PositiveSmallIntegerField(default=0)
    income_band = models.CharField(max_length=6, db_index=True)
    employed = models.BooleanField(default=False)
    status = models.CharField(max_length=12, default="rentan", db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["city", "nik_bidx"], condition=~models.Q(nik_bidx=""), name="perkasa_nik_once")]

    def __str__(self) -> str:
        return f"perkasa #{self.pk}"


class PerkasaProgramme(models.Model):
    member = models.ForeignKey(PerkasaMember, on_delete=models.CASCADE, related_name="programmes")
    programme = models.CharField(max_length=20, db_index=True)
    date = models.DateField()

    def __str__(self) -> str:
        return self.programme


class PerkasaStatus(models.Model):
    member = models.ForeignKey(PerkasaMember, on_delete=models.CASCADE, related_name="history")
    date = models.DateField()
    status = models.CharField(max_length=12)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return self.status
