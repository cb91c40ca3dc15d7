from django.utils.translation import gettext_lazy as _

from naungan.accounts.permissions import ALERTS, cities_with
from naungan.core.nav import NavItem, Panel

from .models import AlertStatus
from .selectors import alert_list

NAV = [NavItem(_("Peringatan dini"), "alerts:list", ALERTS.roles, order=15)]


def home_panels(request):
    if not cities_with(request.user, ALERTS):
        return []
    items = list(alert_list(user=request.user, status=AlertStatus.OPEN).select_related("case")[:10])
    return [Panel("alerts/panel_open.html", {"items": items}, order=4)] if items else []
