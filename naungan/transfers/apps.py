from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransfersConfig(AppConfig):
    name = "naungan.transfers"
    label = "transfers"
    verbose_name = _("Pemindahan kasus antarkota")

    def ready(self):
        from naungan.cases.services import write_guard

        from .services import stub_is_read_only

        write_guard(stub_is_read_only)
