from django.utils.translation import gettext_lazy as _

from naungan.accounts.roles import Role
from naungan.core.nav import NavItem

NAV = [NavItem(_("Keluarga"), "families:list", frozenset({Role.SUPERVISOR, Role.CASE_MANAGER, Role.PPT_OFFICER, Role.SATGAS}), order=13)]
