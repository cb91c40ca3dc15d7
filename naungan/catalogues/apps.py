from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from naungan.core.apps import ShippedData


class CataloguesConfig(ShippedData, AppConfig):
    name = "naungan.catalogues"
    label = "catalogues"
    verbose_name = _("Katalog nilai")

    def sync_shipped_data(self, using: str) -> None:
        # Value sets are data files: adding a value needs no migration.
        from .services import catalogue_sync

        catalogue_sync(using=using)
