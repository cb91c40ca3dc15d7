from django.utils.translation import gettext_lazy as _

from naungan.accounts.permissions import KLA_READ
from naungan.core.nav import NavItem

NAV = [NavItem(_("Kota Layak Anak"), "kla:list", KLA_READ.roles, order=60)]
