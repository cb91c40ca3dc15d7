"""Progress of key rotations, so an interrupted run resumes where it stopped."""

from django.db import models


class KeyRotation(models.Model):
    KIND_FIELD = "field"
    KIND_BLIND = "blind_index"

    kind = models.CharField(max_length=12)
    key_fingerprint = models.CharField(max_length=16)  # of the new key, never the key
    progress = models.JSONField(default=dict)  # model label -> last primary key done
    rows = models.PositiveBigIntegerField(default=0)
    values = models.PositiveBigIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "key_fingerprint"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.key_fingerprint}"
