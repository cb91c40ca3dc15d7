from django.utils.translation import gettext_lazy as _

from naungan.accounts.roles import Role
from naungan.core.nav import NavItem

NAV = [NavItem(_("Jejak audit"), "audit:event_list", frozenset({Role.AUDITOR, Role.SUPERVISOR}), order=90)]
