from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """Append-only. Each event carries the hash of the one before it, so an edited or removed
    row breaks the chain (`manage.py verify_audit`). Values of sealed identity fields are never
    written here: only the fact that they changed."""

    seq = models.BigIntegerField(unique=True)
    created_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=150, blank=True)  # username at the time
    action = models.CharField(max_length=60, db_index=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    city_code = models.CharField(max_length=5, blank=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)
    origin = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor", "created_at"]),
            models.Index(fields=["city_code", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditChainHead(models.Model):
    """One row, locked by every append so the chain stays linear under concurrency; it also
    remembers the last event so removing the newest event is detected."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"audit head #{self.last_seq}"
