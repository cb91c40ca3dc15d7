from django.utils.translation import gettext_lazy as _

from naungan.accounts.roles import CASEWORK_ROLES, Role
from naungan.accounts.scope import has_role
from naungan.core.nav import NavItem, Panel

from .models import Notification
from .selectors import cases_visible_to, my_open_tasks, overdue_cases_for

NAV = [
    NavItem(_("Kasus"), "cases:list", CASEWORK_ROLES, order=10),
    NavItem(_("Pengaduan baru"), "cases:create", CASEWORK_ROLES, order=11),
    NavItem(_("Notifikasi"), "cases:notifications", frozenset(), order=95),
]


def home_panels(request):
    user = request.user
    panels = []
    unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    if unread:
        panels.append(Panel("cases/panel_notifications.html", {"unread": unread}, order=1))
    if not has_role(user, *CASEWORK_ROLES) and not user.is_superuser:
        return panels
    overdue = list(overdue_cases_for(user).select_related("kelurahan")[:10])
    tasks = list(my_open_tasks(user)[:10])
    pending = []
    if has_role(user, Role.SUPERVISOR):
        pending = list(cases_visible_to(user).filter(closure_requested_at__isnull=False).exclude(status="closed").order_by("closure_requested_at")[:20])
    mine = cases_visible_to(user).filter(assigned_to=user).exclude(status="closed").count() + \
        cases_visible_to(user).filter(satgas_assignee=user).exclude(status="closed").count()
    panels.append(Panel("cases/panel_work.html", {"overdue": overdue, "tasks": tasks, "pending": pending, "mine": mine,
                                                   "open_total": cases_visible_to(user).exclude(status="closed").count()}, order=5))
    return panels
