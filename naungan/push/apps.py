from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PushConfig(AppConfig):
    name = "naungan.push"
    label = "push"
    verbose_name = _("Notifikasi ke ponsel (Web Push)")

    def ready(self):
        from . import signals  # noqa: F401
