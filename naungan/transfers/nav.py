from django.utils.translation import gettext_lazy as _

from naungan.accounts.roles import Role
from naungan.accounts.scope import has_role
from naungan.core.nav import NavItem, Panel

from .selectors import inbox

NAV = [NavItem(_("Pemindahan antarkota"), "transfers:list", frozenset({Role.SUPERVISOR, Role.CASE_MANAGER}), order=14)]


def home_panels(request):
    if not has_role(request.user, Role.SUPERVISOR, Role.CASE_MANAGER):
        return []
    pending = list(inbox(user=request.user)[:10])
    return [Panel("transfers/panel_inbox.html", {"pending": pending}, order=6)] if pending else []
