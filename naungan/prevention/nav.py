from django.utils.translation import gettext_lazy as _

from naungan.accounts.roles import Role
from naungan.core.nav import NavItem

NAV = [NavItem(_("Pencegahan"), "prevention:overview",
               frozenset({Role.SUPERVISOR, Role.CITY_ADMIN, Role.ANALYST, Role.SATGAS, Role.PPT_OFFICER}), order=50)]
