"""Evidence the KLA evaluation pulls straight from Naungan's own records, for a city and year."""

from __future__ import annotations

from naungan.cases.models import Case, Person, PersonRole


def figures(city_code: str, year: int) -> dict:
    cases = Case.objects.filter(city_id=city_code, year=year)
    child_victims = Person.objects.filter(role=PersonRole.VICTIM, is_child=True, case__in=cases.values("pk"))
    n_child = child_victims.count()
    try:
        from naungan.services.models import ServiceDelivery

        served = child_victims.filter(pk__in=ServiceDelivery.objects.filter(person__isnull=False).values("person_id")).count()
    except ImportError:  # pragma: no cover
        served = None
    from naungan.prevention.selectors import forum_anak_activity_count, outreach_count, patbm_coverage

    covered, total = patbm_coverage(city_code=city_code)
    return {
        "cases_handled": cases.count(),
        "child_victims": n_child,
        "child_victims_served": served,
        "child_victims_served_share": round(100 * served / n_child) if n_child and served is not None else None,
        "forum_anak_activities": forum_anak_activity_count(city_code=city_code, year=year),
        "outreach_events": outreach_count(city_code=city_code, year=year),
        "patbm_coverage": f"{covered}/{total}",
        "patbm_kelurahan": covered,
        "kelurahan_total": total,
        "zero_violence": not cases.filter(involves_child=True).exists(),
    }
