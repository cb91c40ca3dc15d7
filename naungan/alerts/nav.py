from django.utils.translation import gettext_lazy as _

from naungan.accounts.roles import Role
from naungan.accounts.scope import has_role
from naungan.core.nav import NavItem, Panel

from .models import AlertStatus
from .selectors import alert_list

NAV = [NavItem(_("Peringatan dini"), "alerts:list", frozenset({Role.SUPERVISOR}), order=15)]


def home_panels(request):
    if not has_role(request.user, Role.SUPERVISOR):
        return []
    items = list(alert_list(user=request.user, status=AlertStatus.OPEN).select_related("case")[:10])
    return [Panel("alerts/panel_open.html", {"items": items}, order=4)] if items else []
