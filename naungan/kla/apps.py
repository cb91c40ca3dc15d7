from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync(sender, using="default", **kwargs):
    from django.db import connections

    from .models import EvidenceItem
    from .services import indicator_set_sync

    # After a partial or backward migrate the tables of this version may be missing: nothing to load.
    if EvidenceItem._meta.db_table not in connections[using].introspection.table_names():
        return
    indicator_set_sync()


class KlaConfig(AppConfig):
    name = "naungan.kla"
    label = "kla"
    verbose_name = _("Kota Layak Anak")

    def ready(self):
        # The shipped indicator set is data: every migrate brings it in (after the catalogues, whose
        # codes its evidence figures use), so a corrected set reaches existing installations.
        post_migrate.connect(_sync, sender=self, dispatch_uid="naungan-kla-set-sync")
