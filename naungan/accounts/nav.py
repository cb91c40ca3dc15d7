from django.utils.translation import gettext_lazy as _

from naungan.core.nav import NavItem

from .roles import Role

NAV = [
    NavItem(_("Organisasi"), "accounts:organisation_list", frozenset({Role.CITY_ADMIN, Role.SUPERVISOR, Role.AUDITOR}), order=80),
    NavItem(_("Pengguna"), "accounts:user_list", frozenset({Role.CITY_ADMIN, Role.SUPERVISOR, Role.AUDITOR}), order=81),
    NavItem(_("Konfigurasi kota"), "accounts:city_config", frozenset({Role.CITY_ADMIN}), order=82),
]
