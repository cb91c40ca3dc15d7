from django.utils.translation import gettext_lazy as _

from naungan.accounts.roles import Role
from naungan.accounts.scope import organisation_ids_of
from naungan.core.nav import CaseSection, NavItem, Panel

from .models import ReferralStatus
from .selectors import open_actions_for, referrals_visible_to
from .views import case_services_context

NAV = [
    NavItem(_("Rujukan masuk"), "services:inbox", frozenset({Role.PARTNER}), order=10),
    NavItem(_("Direktori mitra"), "services:directory", frozenset({Role.SUPERVISOR, Role.CASE_MANAGER, Role.PPT_OFFICER, Role.SATGAS, Role.CITY_ADMIN, Role.PARTNER}), order=40),
    NavItem(_("Rumah aman"), "services:shelters", frozenset({Role.SUPERVISOR, Role.CASE_MANAGER}), order=41),
    NavItem(_("Koordinasi"), "services:coordination", frozenset({Role.SUPERVISOR, Role.CITY_ADMIN}), order=42),
]


def home_panels(request):
    from django.utils import timezone



    panels = []
    agencies = organisation_ids_of(request.user, Role.PARTNER)
    if agencies:
        qs = referrals_visible_to(request.user).filter(agency_id__in=agencies)
        panels.append(Panel("services/panel_partner.html", {"new": qs.filter(status=ReferralStatus.SENT).count(),
                                                            "active": qs.filter(status__in=[ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS]).count()}, order=4))
    actions = list(open_actions_for(request.user)[:20])
    if actions:
        panels.append(Panel("services/panel_actions.html", {"actions": actions, "today": timezone.localdate()}, order=20))
    return panels


def case_sections(request, case, manage):
    """Services & referrals, rights and the legal process as sections of the case page, with
    their actions beside them (the forms post to this app and come back to the section)."""
    ctx = {**case_services_context(request.user, case), "on_case_page": True}
    return [
        CaseSection("layanan", _("Layanan & rujukan"), "services/case/_section_services.html", ctx, order=40),
        CaseSection("hak", _("Hak korban"), "services/case/_section_rights.html", ctx, order=50),
        CaseSection("hukum", _("Proses hukum"), "services/case/_section_legal.html", ctx, order=60),
    ]
