"""Who may do what: each capability named once (the roles that hold it in a city), one named check
per capability, and `acting_city(request, capability)` — the city a page acts in.

Views, APIs and selectors ask here instead of writing role lists of their own. What a user may *see*
inside a city (their unit, their kelurahan, their cases) stays with each app's selectors."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from .roles import CASEWORK_ROLES, Role
from .scope import city_codes, is_national, memberships


@dataclass(frozen=True)
class Capability:
    name: str
    # The roles that hold the capability in a city; empty: any membership.
    roles: frozenset[str]
    # Several cities: act in the lowest city code (else in the city of the oldest membership).
    lowest_code_first: bool = False
    # A national operator with no such membership acts in the city named by `?kota=`.
    national_names_city: bool = False


# Working cases: intake, the case list, the case page.
CASEWORK = Capability("casework", CASEWORK_ROLES)
# Reading the city's Kota Layak Anak evaluation and indicator sets.
KLA_READ = Capability("kla.read", frozenset({Role.CITY_ADMIN, Role.SUPERVISOR, Role.ANALYST, Role.AUDITOR}),
                      lowest_code_first=True, national_names_city=True)
# Prevention programmes of the whole city, and of the area (kelurahan/kecamatan) of a membership.
PREVENTION_CITY = Capability("prevention.city", frozenset({Role.SUPERVISOR, Role.CITY_ADMIN, Role.ANALYST, Role.AUDITOR}))
PREVENTION_AREA = Capability("prevention.area", frozenset({Role.SATGAS, Role.PPT_OFFICER}))
# The prevention pages act in the city of the user's first membership (whichever role); who may
# open them at all is prevention.selectors.scope_q.
PREVENTION = Capability("prevention", frozenset(), national_names_city=True)
# Managing the city: its organisations, users and configuration.
CITY_ADMIN = Capability("city.admin", frozenset({Role.CITY_ADMIN}))
# Editing the city's Kota Layak Anak evaluations.
KLA_EDIT = Capability("kla.edit", frozenset({Role.CITY_ADMIN, Role.SUPERVISOR}))
# Seeing and deciding transfers into and out of the city; asking another city for one of its cases.
TRANSFERS = Capability("transfers", frozenset({Role.SUPERVISOR, Role.CASE_MANAGER}))
TRANSFER_REQUEST = Capability("transfers.request", frozenset({Role.SUPERVISOR}))
# The public reports of the city: triage of all of them; the queue (a PPT officer sees their kelurahan's).
REPORT_TRIAGE = Capability("reports.triage", frozenset({Role.CASE_MANAGER, Role.SUPERVISOR}))
REPORT_QUEUE = Capability("reports.queue", frozenset({Role.CASE_MANAGER, Role.SUPERVISOR, Role.PPT_OFFICER}))
# Filing reports as a community reporter.
COMMUNITY_REPORTING = Capability("reports.community", frozenset({Role.COMMUNITY}))
# The privacy register (data-subject requests, legal holds) and the retention rules.
PRIVACY_REGISTER = Capability("privacy.register", frozenset({Role.SUPERVISOR}))
RETENTION = Capability("privacy.retention", frozenset({Role.CITY_ADMIN, Role.SUPERVISOR}))
# Reading the audit trail of the city.
AUDIT_READ = Capability("audit.read", frozenset({Role.AUDITOR, Role.SUPERVISOR}))
# Early-warning alerts of the city; their rules (window and threshold).
ALERTS = Capability("alerts", frozenset({Role.SUPERVISOR}))
ALERT_RULES = Capability("alerts.rules", frozenset({Role.SUPERVISOR, Role.CITY_ADMIN}))
# The statistics dashboard of a city (the viewer chooses among their cities with `?kota=`).
DASHBOARD = Capability("stats.dashboard", frozenset({Role.SUPERVISOR, Role.ANALYST, Role.CASE_MANAGER, Role.PPT_OFFICER}))
# The maintained aggregates of a city (statistics summary, KPIs, monev).
AGGREGATES = Capability("stats.aggregates", frozenset({Role.SUPERVISOR, Role.ANALYST}))
# Exports: the SIMFONI-PPA file (case rows) and the anonymous extract.
SIMFONI_EXPORT = Capability("stats.export.simfoni", frozenset({Role.SUPERVISOR, Role.CASE_MANAGER}))
ANON_EXPORT = Capability("stats.export.anonymous", frozenset({Role.ANALYST, Role.SUPERVISOR}))
# Web Push on an officer's phone, and the offline drafts to resolve.
PUSH = Capability("push", frozenset({Role.PPT_OFFICER, Role.SATGAS, Role.CASE_MANAGER, Role.PARTNER, Role.SUPERVISOR}))
FIELD_DRAFTS = Capability("field.drafts", frozenset({Role.SUPERVISOR, Role.CASE_MANAGER, Role.PPT_OFFICER, Role.SATGAS, Role.CITY_ADMIN}))


def cities_with(user, capability: Capability) -> set[str]:
    """The codes of the cities where `user` holds `capability`."""
    return city_codes(user, *capability.roles)


def may_work_cases(user) -> bool:
    return bool(cities_with(user, CASEWORK)) or bool(getattr(user, "is_superuser", False))


def may_read_kla(user) -> bool:
    return bool(cities_with(user, KLA_READ))


def national_or_cities_with(user, capability: Capability) -> set[str] | None:
    """The cities where `user` holds `capability`; None for a national operator (every city)."""
    return None if is_national(user) else cities_with(user, capability)


def may_anywhere(user, capability: Capability) -> bool:
    """Whether `user` holds `capability` in some city, or is a national operator."""
    return is_national(user) or bool(cities_with(user, capability))


def may_handle_transfers(user) -> bool:
    return may_anywhere(user, TRANSFERS)


def may_request_transfers(user) -> bool:
    return bool(cities_with(user, TRANSFER_REQUEST))


def may_see_report_queue(user) -> bool:
    return is_national(user) or bool(cities_with(user, REPORT_QUEUE))


def may_read_audit(user) -> bool:
    return may_anywhere(user, AUDIT_READ)


def may_see_dashboard(user) -> bool:
    return may_anywhere(user, DASHBOARD)


def may_administer_city(user) -> bool:
    return bool(cities_with(user, CITY_ADMIN))


def acting_city(request, capability: Capability) -> str:
    """The code of the city this request acts in for `capability`; 404 when there is none."""
    user = request.user
    if capability.lowest_code_first:
        codes = sorted(cities_with(user, capability))
        if codes:
            return codes[0]
    else:
        for m in memberships(user):
            if not capability.roles or m.role in capability.roles:
                return m.city_id
    wanted = request.GET.get("kota", "")
    if capability.national_names_city and wanted and is_national(user):
        return wanted
    raise Http404
