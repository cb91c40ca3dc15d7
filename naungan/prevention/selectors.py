"""Scope and counts of prevention work.

City roles (supervisor, city administrator, data analyst, auditor) see their city's programmes;
Satgas members and PPT officers the area of their membership; a community reporter of a Forum
Anak or community group only its own group. Family and Perkasa identities are for supervisors and
the Satgas/PPT of the area — never for analysts, administrators or auditors."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from naungan.accounts.permissions import PREVENTION_AREA, PREVENTION_CITY, cities_with
from naungan.accounts.roles import Role
from naungan.accounts.scope import city_codes, is_national, memberships_with, organisation_ids_of, region_q
from naungan.regions.models import Level, Region

from .models import Activity, ChildForum, CommunityGroup, FamilyRisk, FamilySupport, OutreachEvent, PerkasaMember, VulnerableFamily


def scope_q(user, *, region_field: str = "kelurahan_id", org_field: str | None = None) -> Q | None:
    """None = everything (national operator); raises Http404 when the user has no prevention scope."""
    if is_national(user):
        return None
    q = Q(pk__in=[])
    cities = cities_with(user, PREVENTION_CITY)
    if cities:
        q |= Q(city_id__in=cities)
    areas = {m.region_id for m in memberships_with(user, *PREVENTION_AREA.roles)}
    if areas:
        q |= region_q(region_field, areas)
    if org_field:
        orgs = organisation_ids_of(user, Role.COMMUNITY)
        if orgs:
            q |= Q(**{f"{org_field}__in": orgs})
    if not (cities or areas or (org_field and organisation_ids_of(user, Role.COMMUNITY))):
        raise Http404
    return q


def _scoped(model, user, **kw) -> QuerySet:
    q = scope_q(user, **kw)
    return model.objects.all() if q is None else model.objects.filter(q)


def events_visible_to(user) -> QuerySet[OutreachEvent]:
    return _scoped(OutreachEvent, user)


def forums_visible_to(user) -> QuerySet[ChildForum]:
    return _scoped(ChildForum, user, region_field="region_id", org_field="organisation_id")


def groups_visible_to(user) -> QuerySet[CommunityGroup]:
    return _scoped(CommunityGroup, user, org_field="organisation_id")


def families_visible_to(user) -> QuerySet[VulnerableFamily]:
    return _scoped(VulnerableFamily, user)


def perkasa_visible_to(user) -> QuerySet[PerkasaMember]:
    return _scoped(PerkasaMember, user)


def identity_visible(user, record) -> bool:
    """Family heads and Perkasa members: supervisors of the city, Satgas/PPT of the area."""
    if is_national(user) or record.city_id in city_codes(user, Role.SUPERVISOR):
        return True
    for m in memberships_with(user, *PREVENTION_AREA.roles):
        if record.kelurahan_id == m.region_id or record.kelurahan_id.startswith(m.region_id + "."):
            return True
    return False


def can_write(user, city_code: str, kelurahan_code: str | None = None) -> bool:
    if is_national(user) or city_code in city_codes(user, Role.SUPERVISOR, Role.CITY_ADMIN):
        return True
    if kelurahan_code:
        return any(kelurahan_code == m.region_id or kelurahan_code.startswith(m.region_id + ".") for m in memberships_with(user, *PREVENTION_AREA.roles))
    return bool(memberships_with(user, *PREVENTION_AREA.roles))


# --- counts for KLA evidence and dashboards (GROUP BY on typed columns) ---------------------

def forum_anak_activity_count(*, city_code: str, year: int) -> int:
    return Activity.objects.filter(city_id=city_code, forum__isnull=False, date__year=year).count()


def patbm_coverage(*, city_code: str) -> tuple[int, int]:
    covered = CommunityGroup.objects.filter(city_id=city_code).values("kelurahan_id").distinct().count()
    total = Region.objects.filter(level=Level.KELURAHAN, code__startswith=city_code + ".").count()
    return covered, total


def outreach_count(*, city_code: str, year: int) -> int:
    return OutreachEvent.objects.filter(city_id=city_code, date__year=year).count()


def outreach_by_topic(*, city_code: str, year: int) -> dict[str, int]:
    return {r["topic"]: r["n"] for r in OutreachEvent.objects.filter(city_id=city_code, date__year=year).order_by().values("topic").annotate(n=Count("pk"))}


def forum_anak_figures(*, city_code: str, year: int) -> dict:
    """Forums per level (all years: an SK stays valid) and the year's activities, of which in Musrenbang."""
    forums = {r["level"]: r["n"] for r in ChildForum.objects.filter(city_id=city_code).order_by().values("level").annotate(n=Count("pk"))}
    acts = Activity.objects.filter(city_id=city_code, forum__isnull=False, date__year=year).aggregate(
        activities=Count("pk"), musrenbang=Count("pk", filter=Q(in_musrenbang=True)))
    return {"forums": forums, **acts}


def community_group_counts(*, city_code: str) -> dict[str, int]:
    return {r["kind"]: r["n"] for r in CommunityGroup.objects.filter(city_id=city_code).order_by().values("kind").annotate(n=Count("pk"))}


def family_risk_counts(*, city_code: str) -> dict[str, int]:
    """Vulnerable families on the city's register per risk factor (counts only, never identities)."""
    return {r["factor"]: r["n"] for r in FamilyRisk.objects.filter(family__city_id=city_code).order_by().values("factor").annotate(n=Count("family_id", distinct=True))}


def family_support_counts(*, city_code: str, year: int) -> dict[str, int]:
    """Families that received each kind of support in the year."""
    return {r["kind"]: r["n"] for r in FamilySupport.objects.filter(family__city_id=city_code, date__year=year).order_by().values("kind")
            .annotate(n=Count("family_id", distinct=True))}


def outreach_attendance(qs: QuerySet[OutreachEvent]) -> dict:
    return qs.aggregate(events=Count("pk"), girls=Sum("girls"), boys=Sum("boys"), women=Sum("women"), men=Sum("men"))


def prevention_counts(*, user, date_from=None, date_to=None, group_by: str = "kecamatan") -> dict:
    """Outreach events per kecamatan (or kelurahan) in the period, within the user's scope."""
    qs = events_visible_to(user)
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    field = "kecamatan_id" if group_by == "kecamatan" else "kelurahan_id"
    return {r[field]: r["n"] for r in qs.order_by().values(field).annotate(n=Count("pk"))}


def coverage_map(*, city_code: str) -> list[dict]:
    """Every kelurahan with its Forum Anak, community groups and outreach count."""
    forums = set(ChildForum.objects.filter(city_id=city_code, level="kelurahan").values_list("region_id", flat=True))
    groups = {r["kelurahan_id"]: r["n"] for r in CommunityGroup.objects.filter(city_id=city_code).order_by().values("kelurahan_id").annotate(n=Count("pk"))}
    events = {r["kelurahan_id"]: r["n"] for r in OutreachEvent.objects.filter(city_id=city_code).order_by().values("kelurahan_id").annotate(n=Count("pk"))}
    out = []
    for k in Region.objects.filter(level=Level.KELURAHAN, code__startswith=city_code + ".").select_related("parent").order_by("parent__name", "name"):
        out.append({"name": k.name, "kecamatan": k.parent.name, "forum": k.code in forums, "groups": groups.get(k.code, 0), "events": events.get(k.code, 0)})
    return out
