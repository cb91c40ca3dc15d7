"""Evaluate the early-warning rules where cases and perpetrators are written (same transaction)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from naungan.cases.models import Case, Person, PersonRole

from .services import evaluate_kelurahan_place, evaluate_perpetrator


@receiver(post_save, sender=Person, dispatch_uid="alerts.person")
def _person_saved(sender, instance: Person, raw=False, **kwargs):
    if not raw and instance.role == PersonRole.PERPETRATOR:
        evaluate_perpetrator(instance)


@receiver(post_save, sender=Case, dispatch_uid="alerts.case")
def _case_saved(sender, instance: Case, created=False, raw=False, **kwargs):
    if created and not raw:
        evaluate_kelurahan_place(instance)
