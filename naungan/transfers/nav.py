from django.utils.translation import gettext_lazy as _

from naungan.accounts.permissions import TRANSFERS, cities_with
from naungan.core.nav import NavItem, Panel

from .selectors import inbox

NAV = [NavItem(_("Pemindahan antarkota"), "transfers:list", TRANSFERS.roles, order=14)]


def home_panels(request):
    if not cities_with(request.user, TRANSFERS):
        return []
    pending = list(inbox(user=request.user)[:10])
    return [Panel("transfers/panel_inbox.html", {"pending": pending}, order=6)] if pending else []
