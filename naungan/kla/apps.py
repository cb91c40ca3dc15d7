from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from naungan.core.apps import ShippedData


class KlaConfig(ShippedData, AppConfig):
    name = "naungan.kla"
    label = "kla"
    verbose_name = _("Kota Layak Anak")

    def sync_shipped_data(self, using: str) -> None:
        # The shipped indicator set comes in after the catalogues (whose codes its evidence figures
        # use; INSTALLED_APPS order), so a corrected set reaches existing installations.
        from django.db import connections

        from .models import EvidenceItem
        from .services import indicator_set_sync

        # After a partial or backward migrate the tables of this version may be missing: nothing to load.
        if EvidenceItem._meta.db_table not in connections[using].introspection.table_names():
            return
        indicator_set_sync()
