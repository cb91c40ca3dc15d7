"""Retention rules per city, legal holds on cases, and the data-subject request register."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from naungan.core.crypto import SealedTextField

# Defaults a city starts with (README: Retention). Each city's administrator can change them; they
# must follow the city's Jadwal Retensi Arsip (UU 43/2009 on archives) and UU 27/2022.
DEFAULT_CLOSED_CASE_IDENTITY_YEARS = 10
DEFAULT_CLOSED_REPORT_DAYS = 180
DEFAULT_TRACKING_CODE_DAYS = 90
DEFAULT_IDENTITY_EXPORT_DAYS = 7
DEFAULT_TASK_RESULT_DAYS = 30


class RetentionPolicy(models.Model):
    """The retention rules of one city, as data."""

    city = models.OneToOneField("regions.Region", on_delete=models.PROTECT, primary_key=True, related_name="+")
    closed_case_identity_years = models.PositiveSmallIntegerField(
        _("anonimkan identitas kasus yang ditutup setelah (tahun)"), default=DEFAULT_CLOSED_CASE_IDENTITY_YEARS)
    closed_report_days = models.PositiveIntegerField(
        _("hapus laporan publik yang ditutup tanpa menjadi kasus setelah (hari)"), default=DEFAULT_CLOSED_REPORT_DAYS)
    tracking_code_days = models.PositiveIntegerField(
        _("nonaktifkan kode lacak laporan yang selesai setelah (hari)"), default=DEFAULT_TRACKING_CODE_DAYS)
    identity_export_days = models.PositiveIntegerField(
        _("hapus berkas ekspor beridentitas setelah (hari)"), default=DEFAULT_IDENTITY_EXPORT_DAYS)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"retensi {self.city_id}"


class LegalHold(models.Model):
    """A case that retention must not touch (ongoing litigation, an inspection, a court order)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("alasan"), max_length=300)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(auto_now_add=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["case", "released_at"])]

    def __str__(self) -> str:
        return f"hold #{self.pk}"


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Akses / salinan")
    CORRECTION = "correction", _("Pembetulan")
    ERASURE = "erasure", _("Penghapusan")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Diterima")
    APPROVED = "approved", _("Dikabulkan")
    REJECTED = "rejected", _("Ditolak")
    COMPLETED = "completed", _("Selesai dilaksanakan")


class DataSubjectRequest(models.Model):
    """A person (or their parent, guardian or lawyer) asks for access to, correction of or erasure
    of their data. The supervisor records it, links the person's records, decides with a legal
    ground, and — for an approved erasure — carries it out. After an erasure the register keeps
    what was asked and decided, not who asked."""

    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", db_index=False)
    kind = models.CharField(max_length=12, choices=RequestKind.choices)
    requester_relation = models.CharField(max_length=20)  # value set dsr_requester
    requester_name = SealedTextField()
    requester_contact = SealedTextField(blank=True)
    description = SealedTextField(blank=True)
    received_at = models.DateTimeField()
    respond_by = models.DateTimeField()
    status = models.CharField(max_length=10, choices=RequestStatus.choices, default=RequestStatus.RECEIVED)
    subjects = models.ManyToManyField("cases.Person", blank=True, related_name="+")
    legal_ground = models.CharField(max_length=40, blank=True)  # value set dsr_ground
    decision_note = SealedTextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["city", "status", "received_at"]), models.Index(fields=["city", "received_at", "id"])]

    def __str__(self) -> str:
        return f"PDP-{self.pk}"

    @property
    def number(self) -> str:
        return f"PDP-{self.city_id}-{self.pk:05d}"


class CaseAnonymisation(models.Model):
    """A case whose identities were removed by retention (so it is not processed again)."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, primary_key=True, related_name="+")
    anonymised_at = models.DateTimeField(auto_now_add=True)
    rule = models.CharField(max_length=40)

    def __str__(self) -> str:
        return f"anonymised {self.case_id}"
