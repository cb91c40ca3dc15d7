from django.utils.translation import gettext_lazy as _

from naungan.accounts.roles import Role
from naungan.core.nav import NavItem

NAV = [
    NavItem(_("Permintaan data pribadi"), "privacy:requests", frozenset({Role.SUPERVISOR}), order=60),
    NavItem(_("Retensi data"), "privacy:retention", frozenset({Role.SUPERVISOR, Role.CITY_ADMIN}), order=61),
]
