from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running Naungan: health, logs, backup and restore, key rotation, first administrator."""

    name = "naungan.ops"
    label = "ops"
    verbose_name = _("Operasi")

    def ready(self):
        from . import checks  # noqa: F401 - registers the deploy checks
