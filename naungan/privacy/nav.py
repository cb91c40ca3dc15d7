from django.utils.translation import gettext_lazy as _

from naungan.accounts.permissions import PRIVACY_REGISTER, RETENTION
from naungan.core.nav import NavItem

NAV = [
    NavItem(_("Permintaan data pribadi"), "privacy:requests", PRIVACY_REGISTER.roles, order=60),
    NavItem(_("Retensi data"), "privacy:retention", RETENTION.roles, order=61),
]
