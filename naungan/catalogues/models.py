from django.db import models


class Code(models.Model):
    """One value of a national or local value set (SIMFONI-PPA and local catalogues).

    Records store the `code` in a typed, indexed column; labels and mappings live here."""

    kind = models.CharField(max_length=40)
    code = models.CharField(max_length=60)
    label = models.CharField(max_length=200)  # Bahasa Indonesia
    label_en = models.CharField(max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    # SIMFONI-PPA label or code this value is exported as (empty where the value set IS SIMFONI's).
    simfoni = models.CharField(max_length=100, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="catalogue_code_unique")]

    def __str__(self) -> str:
        return self.label
