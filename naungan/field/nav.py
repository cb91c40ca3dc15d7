from django.utils.translation import gettext_lazy as _

from naungan.accounts.permissions import FIELD_DRAFTS, PUSH
from naungan.core.nav import NavItem, Panel

from .services import to_resolve

FIELD_ROLES = FIELD_DRAFTS.roles

NAV = [
    NavItem(_("Draf luring"), "field:resolve_list", FIELD_ROLES, order=80),
    NavItem(_("Notifikasi ponsel"), "field:push", PUSH.roles, order=81),
]


def home_panels(request):
    n = to_resolve(user=request.user).count()
    return [Panel("field/panel_resolve.html", {"n": n}, order=2)] if n else []
