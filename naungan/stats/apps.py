from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "naungan.stats"
    label = "stats"
    verbose_name = _("Statistik")

    def ready(self):
        from django.db.models.signals import post_delete

        from naungan.cases.models import Case
        from naungan.cases.signals import case_changed

        from .aggregates import on_case_changed, on_case_deleted

        case_changed.connect(on_case_changed, dispatch_uid="stats.aggregates")
        post_delete.connect(on_case_deleted, sender=Case, dispatch_uid="stats.aggregates.delete")
