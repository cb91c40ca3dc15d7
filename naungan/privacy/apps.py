from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """UU 27/2022 (PDP): retention rules per city, legal holds, and the register of data-subject
    requests (access, correction, erasure)."""

    name = "naungan.privacy"
    label = "privacy"
    verbose_name = _("Pelindungan data pribadi")
