from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportKind(models.TextChoices):
    SIMFONI = "simfoni", _("SIMFONI-PPA (kasus, korban, pelaku)")
    ANONYMISED = "anonim", _("Ekstrak anonim untuk analis")


class ExportJob(models.Model):
    """A long export runs in the background and writes to a protected file; the page shows its
    progress. Who exported what period is in the audit trail."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=ExportKind.choices)
    fmt = models.CharField(max_length=4)  # csv / xlsx
    date_from = models.DateField()
    date_to = models.DateField()
    include_identity = models.BooleanField(default=False)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, default="queued")  # queued, running, done, failed
    path = models.CharField(max_length=300, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self) -> str:
        return f"export #{self.pk} {self.kind}"

    @property
    def percent(self) -> int:
        return 100 if self.status == "done" else int(100 * self.done / self.total) if self.total else 0
