from django.utils.translation import gettext_lazy as _

from naungan.accounts.roles import Role
from naungan.core.nav import NavItem, Panel

CASEWORK = frozenset({Role.SUPERVISOR, Role.CASE_MANAGER, Role.PPT_OFFICER, Role.SATGAS})

NAV = [
    NavItem(_("Kasus"), "cases:list", CASEWORK, order=10),
    NavItem(_("Pengaduan baru"), "cases:create", CASEWORK, order=11),
    NavItem(_("Notifikasi"), "cases:notifications", frozenset(), order=95),
]


def home_panels(request):
    from naungan.accounts.scope import has_role

    from .models import Notification
    from .selectors import cases_visible_to, my_open_tasks, overdue_cases_for

    user = request.user
    panels = []
    unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    if unread:
        panels.append(Panel("cases/panel_notifications.html", {"unread": unread}, order=1))
    if not has_role(user, *CASEWORK) and not user.is_superuser:
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
