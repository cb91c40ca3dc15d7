from django.utils.translation import gettext_lazy as _

from naungan.accounts.permissions import COMMUNITY_REPORTING, REPORT_QUEUE
from naungan.core.nav import NavItem, Panel

from .selectors import own_reports, triage_queue

NAV = [
    NavItem(_("Antrean laporan"), "reporting:queue", REPORT_QUEUE.roles, order=12),
    NavItem(_("Lapor"), "reporting:community", COMMUNITY_REPORTING.roles, order=10),
]


def home_panels(request):
    user = request.user
    queue = triage_queue(user=user)
    panels = []
    if queue.exists():
        panels.append(Panel("reporting/panel_queue.html", {"total": queue.count(), "urgent": queue.filter(danger_now=True).count()}, order=3))
    mine = own_reports(user)
    if mine.exists():
        panels.append(Panel("reporting/panel_own.html", {"reports": list(mine[:10])}, order=3))
    return panels
