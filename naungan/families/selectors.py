"""Reads of families. A family is visible to whoever may open one of its cases (and to the
city's supervisors); inside it, each case still goes through the case scope — the others are a
count. Identities of members come only from cases the viewer may open."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from naungan.accounts.roles import Role
from naungan.accounts.scope import city_codes, rows_visible_to
from naungan.cases.models import Case, Person, PersonRole
from naungan.cases.selectors import cases_visible_to, person_identity_visible
from naungan.catalogues.selectors import label
from naungan.prevention.models import VulnerableFamily
from naungan.prevention.selectors import families_visible_to as prevention_families
from naungan.services.models import ServiceDelivery

from .models import Family, FamilyCase

FAMILY_KEYS = ("-created_at", "-id")  # the order of the family list, and its cursor


def family_scope_q(user) -> Q:
    """The families of the cases the user may open, and every family of a supervisor's city."""
    return (Q(pk__in=FamilyCase.objects.filter(case__in=cases_visible_to(user)).values("family_id"))
            | Q(city_id__in=city_codes(user, Role.SUPERVISOR)))


def families_visible_to(user) -> QuerySet[Family]:
    return rows_visible_to(user, Family, family_scope_q)


def family_get(*, user, family_id: int) -> Family:
    try:
        return families_visible_to(user).select_related("accompaniment").get(pk=family_id)
    except (Family.DoesNotExist, ValueError, TypeError):
        raise Http404


def accompaniments_visible_to(user) -> QuerySet[VulnerableFamily]:
    try:
        return prevention_families(user)
    except Http404:
        return VulnerableFamily.objects.none()


@dataclass
class FamilyOfCase:
    family: Family
    others: list = field(default_factory=list)  # (link, case) the viewer may open
    hidden: int = 0


def families_of_case(*, user, case: Case) -> list[FamilyOfCase]:
    """For the case page: each family of the case, its other cases the viewer may see, and how
    many others there are (a count, nothing more)."""
    fams = list(families_visible_to(user).filter(links__case=case).annotate(n=Count("links")).order_by("id"))
    if not fams:
        return []
    visible = set(cases_visible_to(user).filter(family_links__family__in=fams).values_list("pk", flat=True))
    links = FamilyCase.objects.filter(family__in=fams).exclude(case=case).select_related("case").order_by("added_at")
    by_family = {f.pk: FamilyOfCase(family=f) for f in fams}
    for link in links:
        if link.case_id in visible:
            by_family[link.family_id].others.append(link)
        else:
            by_family[link.family_id].hidden += 1
    return list(by_family.values())


def family_view(*, user, family: Family) -> dict:
    """Members (persons of the cases the viewer may open), the cases, their services, and the
    family's support from the accompaniment record when the viewer may see it."""
    links = list(family.links.select_related("case").order_by("added_at"))
    visible_ids = set(cases_visible_to(user).filter(pk__in=[link.case_id for link in links]).values_list("pk", flat=True))
    shown = [link for link in links if link.case_id in visible_ids]
    cases = [link.case for link in shown]
    members = list(Person.objects.filter(case__in=cases, role__in=[PersonRole.VICTIM, PersonRole.GUARDIAN, PersonRole.PERPETRATOR])
                   .select_related("case").order_by("case_id", "id"))
    for p in members:
        p.identity_visible = person_identity_visible(user, p)
    services = list(ServiceDelivery.objects.filter(case__in=cases).select_related("case", "provider").order_by("case_id", "start_date", "id"))
    for s in services:
        s.label = label("service", s.service)
    support = risks = visits = None
    acc = family.accompaniment
    if acc is not None and accompaniments_visible_to(user).filter(pk=acc.pk).exists():
        support = list(acc.supports.select_related("agency").order_by("-date"))
        for s in support:
            s.label = label("family_support", s.kind)
        risks = [label("family_risk", r) for r in acc.risks.values_list("factor", flat=True)]
        visits = acc.visits.count()
    else:
        acc = None
    return {"links": shown, "hidden": len(links) - len(shown), "members": members, "services": services,
            "accompaniment": acc, "support": support, "risks": risks, "visits": visits}
