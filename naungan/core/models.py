from django.db import models


class RateCounter(models.Model):
    """Fixed-window counters for the limits when the cache is the database (the demo): one row
    per (key, window), incremented with one atomic upsert (naungan/core/counters.py). With Redis
    (the production profile) the counters live in Redis instead."""

    bucket = models.CharField(max_length=120)
    window_start = models.BigIntegerField()  # start of the window, in seconds since the epoch
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bucket", "window_start"], name="rate_counter_bucket_window")]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.bucket}@{self.window_start}={self.count}"
