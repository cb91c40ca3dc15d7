"""An officer's browser subscribed to Web Push. The endpoint and keys are the browser's, not the
officer's identity; the auth secret is sealed all the same."""

from django.conf import settings
from django.db import models

from naungan.core.crypto import SealedTextField


class PushSubscription(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = models.CharField(max_length=500, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = SealedTextField()
    created_at = models.DateTimeField(auto_now_add=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"push #{self.pk}"
