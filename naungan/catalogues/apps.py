from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync(sender, **kwargs):
    from .services import catalogue_sync

    catalogue_sync(using=kwargs.get("using", "default"))


class CataloguesConfig(AppConfig):
    name = "naungan.catalogues"
    label = "catalogues"
    verbose_name = _("Katalog nilai")

    def ready(self):
        # Value sets are data files; every migrate (including the test database) brings the
        # table in line with them, so adding a value needs no migration.
        post_migrate.connect(_sync, sender=self, dispatch_uid="naungan-catalogue-sync")
