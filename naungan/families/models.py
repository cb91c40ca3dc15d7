"""Families / households: cases linked because they concern one home — siblings, the same
perpetrator in one household, a mother and her children in a KDRT case — and, where one exists,
the vulnerable-family accompaniment record of the prevention programme. Scope still decides what
each viewer sees of the other cases: the rest is a count."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from naungan.core.crypto import SealedTextField


class LinkKind(models.TextChoices):
    SIBLINGS = "saudara_kandung", _("Saudara kandung")
    SAME_PERPETRATOR = "pelaku_serumah", _("Pelaku yang sama dalam satu rumah")
    MOTHER_CHILDREN = "ibu_dan_anak", _("Ibu dan anak-anaknya (KDRT)")
    HOUSEHOLD = "serumah", _("Anggota satu rumah tangga")


class Family(models.Model):
    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", db_index=False)
    kind = models.CharField(max_length=20, choices=LinkKind.choices)
    label = SealedTextField(blank=True)  # how staff call the household; may hold a name
    accompaniment = models.ForeignKey("prevention.VulnerableFamily", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["city", "created_at"])]

    def __str__(self) -> str:
        return f"keluarga #{self.pk}"


class FamilyCase(models.Model):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="links")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="family_links")
    relation = models.CharField(max_length=40, blank=True)  # e.g. anak pertama, ibu, adik
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["family", "case"], name="family_case_unique")]
        indexes = [models.Index(fields=["case"])]

    def __str__(self) -> str:
        return f"{self.family_id}:{self.case_id}"
