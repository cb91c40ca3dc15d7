from django.utils.translation import gettext_lazy as _

from naungan.accounts.permissions import AUDIT_READ, may_read_audit
from naungan.core.nav import NavItem, Panel

from .selectors import audit_events_visible_to

NAV = [NavItem(_("Jejak audit"), "audit:event_list", AUDIT_READ.roles, order=90)]


def home_panels(request):
    from datetime import timedelta

    from django.utils import timezone



    if not may_read_audit(request.user):
        return []
    since = timezone.now() - timedelta(days=1)
    qs = audit_events_visible_to(request.user).filter(created_at__gte=since)
    return [Panel("audit/panel.html", {"last_day": qs.count(), "views": qs.filter(action__endswith=".view").count()}, order=90)]
