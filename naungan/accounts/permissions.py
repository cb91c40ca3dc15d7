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


def cities_with(user, capability: Capability) -> set[str]:
    """The codes of the cities where `user` holds `capability`."""
    return city_codes(user, *capability.roles)


def may_work_cases(user) -> bool:
    return bool(cities_with(user, CASEWORK)) or bool(getattr(user, "is_superuser", False))


def may_read_kla(user) -> bool:
    return bool(cities_with(user, KLA_READ))


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
