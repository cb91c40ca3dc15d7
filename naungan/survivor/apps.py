from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurvivorConfig(AppConfig):
    name = "naungan.survivor"
    label = "survivor"
    verbose_name = _("Halaman korban: hak, jadwal, kontak aman")
