from django.utils.translation import gettext_lazy as _

from naungan.accounts.roles import Role
from naungan.core.nav import NavItem, Panel
from naungan.push.services import PUSH_ROLES

from .services import to_resolve

FIELD_ROLES = frozenset({Role.SUPERVISOR, Role.CASE_MANAGER, Role.PPT_OFFICER, Role.SATGAS, Role.CITY_ADMIN})

NAV = [
    NavItem(_("Draf luring"), "field:resolve_list", FIELD_ROLES, order=80),
    NavItem(_("Notifikasi ponsel"), "field:push", frozenset(PUSH_ROLES), order=81),
]


def home_panels(request):
    n = to_resolve(user=request.user).count()
    return [Panel("field/panel_resolve.html", {"n": n}, order=2)] if n else []
