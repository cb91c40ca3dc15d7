from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WhatsAppConfig(AppConfig):
    name = "naungan.whatsapp"
    label = "whatsapp"
    verbose_name = _("Saluran WhatsApp")

    def ready(self):
        from . import signals  # noqa: F401
