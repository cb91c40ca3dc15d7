from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync(sender, **kwargs):
    from .services import indicator_set_sync

    indicator_set_sync()


class KlaConfig(AppConfig):
    name = "naungan.kla"
    label = "kla"
    verbose_name = _("Kota Layak Anak")

    def ready(self):
        # The shipped indicator set is data: every migrate brings it in (after the catalogues, whose
        # codes its evidence figures use), so a corrected set reaches existing installations.
        post_migrate.connect(_sync, sender=self, dispatch_uid="naungan-kla-set-sync")
