"""Kota Layak Anak: indicator sets as data (versioned by regulation), yearly evaluations with
scores and evidence, and the Desa/Kelurahan Layak Anak (DEKELA) checklist."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from naungan.cases.models import protected_storage


class IndicatorSet(models.Model):
    regulation = models.CharField(max_length=100)
    version = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    notes = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["regulation", "version"], name="kla_set_version")]

    def __str__(self) -> str:
        return f"{self.regulation} ({self.version})"


class Cluster(models.Model):
    indicator_set = models.ForeignKey(IndicatorSet, on_delete=models.CASCADE, related_name="clusters")
    code = models.CharField(max_length=10)
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="indicators")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    max_score = models.DecimalField(max_digits=7, decimal_places=2)
    # Published weights are used where found; otherwise the set splits the points evenly and says
    # so on every page and report, so a guess is never shown as official.
    weight_official = models.BooleanField(default=False)
    evidence_required = models.TextField(blank=True)
    needs_review = models.BooleanField(default=False)
    source = models.TextField(blank=True)  # regulation, article or annex
    source_url = models.URLField(max_length=500, blank=True)  # where the text was found
    note = models.TextField(blank=True)  # for the user: where sources differ, what to check

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class EvidenceItem(models.Model):
    """One piece of supporting evidence (data dukung) a city usually provides for an indicator.
    `figure` names a figure Naungan computes from its own records (see figures.py)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="evidence_items")
    order = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=300)
    figure = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label


class Evaluation(models.Model):
    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    indicator_set = models.ForeignKey(IndicatorSet, on_delete=models.PROTECT, related_name="evaluations")
    notes = models.TextField(_("catatan peninjau"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["city", "year"], name="kla_evaluation_city_year")]
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"KLA {self.city_id} {self.year}"


def _kla_file_path(instance, filename):
    return f"kla/{instance.evaluation.city_id}/{instance.evaluation.year}/{instance.indicator_id}"


def _protected():
    return protected_storage()


class Score(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    evidence = models.TextField(blank=True)
    evidence_url = models.URLField(blank=True)
    document = models.FileField(storage=_protected, upload_to=_kla_file_path, blank=True, max_length=200)
    reviewer_comment = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["evaluation", "indicator"], name="kla_score_once")]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.score}"


class EvidenceCheck(models.Model):
    """An evidence item ticked as present for one evaluation."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="evidence_checks")
    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="+")
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["evaluation", "item"], name="kla_evidence_check_once")]

    def __str__(self) -> str:
        return f"{self.evaluation_id}: {self.item_id}"


class DekelaEntry(models.Model):
    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    kelurahan = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    item = models.CharField(max_length=30)
    status = models.CharField(max_length=8, default="belum", db_index=True)
    evidence = models.CharField(max_length=300, blank=True)
    date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kelurahan", "item"], name="dekela_once")]
        indexes = [models.Index(fields=["city", "item", "status"])]

    def __str__(self) -> str:
        return f"{self.kelurahan_id} {self.item}"
