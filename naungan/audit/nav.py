from django.utils.translation import gettext_lazy as _

from naungan.accounts.roles import Role
from naungan.core.nav import NavItem, Panel

from .selectors import audit_events_visible_to, can_read_audit

NAV = [NavItem(_("Jejak audit"), "audit:event_list", frozenset({Role.AUDITOR, Role.SUPERVISOR}), order=90)]


def home_panels(request):
    from datetime import timedelta

    from django.utils import timezone



    if not can_read_audit(request.user):
        return []
    since = timezone.now() - timedelta(days=1)
    qs = audit_events_visible_to(request.user).filter(created_at__gte=since)
    return [Panel("audit/panel.html", {"last_day": qs.count(), "views": qs.filter(action__endswith=".view").count()}, order=90)]
