from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FamiliesConfig(AppConfig):
    name = "naungan.families"
    label = "families"
    verbose_name = _("Keluarga / rumah tangga")

    def ready(self):
        from naungan.transfers.services import STAYS_WITH_STUB

        # A household is the city's record: a transferred case's link stays with the stub.
        STAYS_WITH_STUB.add("families.familycase")
