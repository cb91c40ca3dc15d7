from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "naungan.alerts"
    label = "alerts"
    verbose_name = _("Peringatan dini")

    def ready(self):
        from naungan.transfers.services import STAYS_WITH_STUB

        from . import signals  # noqa: F401

        # An alert and a place tag belong to the city that saw the pattern.
        STAYS_WITH_STUB.update({"alerts.alert", "alerts.alert_cases", "alerts.placetag"})
