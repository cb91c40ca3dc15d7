from django.utils.translation import gettext_lazy as _

from naungan.accounts.roles import Role
from naungan.core.nav import NavItem

NAV = [NavItem(_("Kota Layak Anak"), "kla:list", frozenset({Role.CITY_ADMIN, Role.SUPERVISOR, Role.ANALYST, Role.AUDITOR}), order=60)]
