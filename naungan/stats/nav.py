from django.utils.translation import gettext_lazy as _

from naungan.accounts.permissions import DASHBOARD
from naungan.accounts.roles import Role
from naungan.core.nav import NavItem

NAV = [
    NavItem(_("Dasbor"), "stats:dashboard", DASHBOARD.roles, order=30),
    NavItem(_("Monev kecamatan"), "stats:monitoring", frozenset({Role.SUPERVISOR, Role.ANALYST}), order=31),
    NavItem(_("Kinerja layanan"), "stats:kpi", frozenset({Role.SUPERVISOR, Role.ANALYST}), order=32),
    NavItem(_("Provinsi & nasional"), "stats:area", frozenset({Role.PROVINCE_ANALYST, Role.NATIONAL_ANALYST}), order=33),
    NavItem(_("Ekspor"), "stats:export", frozenset({Role.SUPERVISOR, Role.ANALYST, Role.CASE_MANAGER}), order=32),
]
