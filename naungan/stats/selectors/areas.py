"""Yearly figures of a city (KLA evidence) and of provinces and the nation: aggregates of many cities, never a case row or an identity."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, Sum
from django.http import Http404

from naungan.accounts.roles import Role
from naungan.accounts.scope import has_role, is_national, region_codes_of
from naungan.regions.models import Level, Region

from ..models import Fact


def year_facts(kind: str, year_from: int, year_to: int, **filters):
    """City × year cells (grain y) of one kind over a range of years."""
    return Fact.objects.filter(grain="y", kind=kind, month__gte=date(year_from, 1, 1), month__lte=date(year_to, 1, 1), **filters).order_by()


def city_year_figures(city_code: str, year: int) -> dict:
    """A city's case figures of one registration year (KLA evidence)."""
    cases = year_facts("case", year, year, city=city_code).aggregate(cases=Sum("n"), child_cases=Sum("n", filter=Q(child="y")))
    victims = year_facts("victim", year, year, city=city_code, child="y")
    child = victims.aggregate(victims=Sum("n"), served=Sum("served_n"), disability=Sum("disabled_n"))
    by_type = dict(year_facts("ctype", year, year, city=city_code).values_list("case_type").annotate(v=Sum("n")))
    by_group = dict(victims.exclude(special_protection="").values_list("special_protection").annotate(v=Sum("n")))
    return {
        "cases": cases["cases"] or 0, "child_cases": cases["child_cases"] or 0, "child_victims": child["victims"] or 0,
        "child_victims_served": child["served"] or 0, "child_victims_disability": child["disability"] or 0,
        "by_case_type": by_type, "child_victims_by_special_protection": by_group,
    }


def area_scope(user) -> set[str] | None:
    """The provinces a user may compare (None: all of Indonesia). Anyone else: 404."""
    if is_national(user) or has_role(user, Role.NATIONAL_ANALYST):
        return None
    provinces = region_codes_of(user, Role.PROVINCE_ANALYST)
    if provinces:
        return provinces
    raise Http404


def area_allowed(scope: set[str] | None, code: str) -> bool:
    if scope is None:
        return True
    return bool(code) and code.split(".")[0] in scope


_CASE_SUMS = {"cases": Sum("n"), "child_cases": Sum("n", filter=Q(child="y")), "open": Sum("open_n"), "closed": Sum("closed_n"),
              "on_time": Sum("on_time_n"), "late": Sum("late_n"), "resp_n": Sum("resp_n"), "resp_s": Sum("resp_s"),
              "close_n": Sum("close_n"), "close_s": Sum("close_s"), "delay_n": Sum("delay_n"), "delay_d": Sum("delay_d")}


_VICTIM_SUMS = {"victims": Sum("n"), "child_victims": Sum("n", filter=Q(child="y")), "female_victims": Sum("n", filter=Q(sex="P")),
                "served": Sum("served_n", filter=Q(child="y"))}


def _finish(row: dict) -> dict:
    for k in list(_CASE_SUMS) + list(_VICTIM_SUMS):
        row[k] = row.get(k) or 0
    answered = row["on_time"] + row["late"]
    row["rate"] = round(100 * row["on_time"] / answered) if answered else None
    row["resp_hours"] = round(row["resp_s"] / row["resp_n"] / 3600, 1) if row["resp_n"] else None
    row["close_days"] = round(row["close_s"] / row["close_n"] / 86400, 1) if row["close_n"] else None
    row["delay_days"] = round(row["delay_d"] / row["delay_n"], 1) if row["delay_n"] else None
    row["served_share"] = round(100 * row["served"] / row["child_victims"]) if row["child_victims"] else None
    return row


def area_figures(code: str, year_from: int, year_to: int) -> dict:
    """Figures of an area (""/Indonesia, a province "35" or a kab/kota "35.75") over whole years:
    one row per sub-area (provinces, kab/kota, kecamatan) side by side, and the area's breakdowns."""
    depth = 0 if not code else len(code.split("."))
    if depth == 0:
        children = list(Region.objects.filter(level=Level.PROVINSI).order_by("code"))
        area = {}
    else:
        children = list(Region.objects.filter(parent_id=code).order_by("name" if depth == 2 else "code"))
        area = {"city": code} if depth == 2 else {"city__startswith": code + "."}

    if depth < 2:
        group = "city"
        cases = year_facts("case", year_from, year_to, **area).values("city").annotate(**_CASE_SUMS)
        victims = year_facts("victim", year_from, year_to, **area).values("city").annotate(**_VICTIM_SUMS)
        fold = (lambda c: c[:2]) if depth == 0 else (lambda c: c)
    else:  # a kab/kota: its kecamatan, from the kelurahan × month cells
        group = "kecamatan"
        m = Fact.objects.filter(grain="c", form_f="", band_f="", city=code, month__gte=date(year_from, 1, 1), month__lte=date(year_to, 12, 1)).order_by()
        cases = m.filter(kind="case").values("kecamatan").annotate(**_CASE_SUMS)
        victims = m.filter(kind="victim").values("kecamatan").annotate(**_VICTIM_SUMS)
        fold = lambda c: c  # noqa: E731
    rows: dict[str, dict] = {r.code: {"code": r.code, "name": r.name} for r in children}
    for qs in (cases, victims):
        for r in qs:
            key = fold(r[group])
            if key not in rows:
                continue
            target = rows[key]
            for k, v in r.items():
                if k != group:
                    target[k] = (target.get(k) or 0) + (v or 0)
    table = [_finish(r) for r in rows.values()]
    total = _finish({k: sum(r[k] for r in table) for k in list(_CASE_SUMS) + list(_VICTIM_SUMS)})

    forms = dict(year_facts("form", year_from, year_to, **area).values_list("form").annotate(v=Sum("n")))
    places = dict(year_facts("place", year_from, year_to, **area).values_list("place").annotate(v=Sum("n")))
    victim_cells = year_facts("victim", year_from, year_to, **area).values_list("age_band", "sex").annotate(v=Sum("n"))
    bands, sexes = {}, {}
    for band, sex, n in victim_cells:
        bands[band] = bands.get(band, 0) + n
        sexes[sex] = sexes.get(sex, 0) + n
    trend = {m.year: n for m, n in year_facts("case", year_from, year_to, **area).values_list("month").annotate(v=Sum("n"))}
    return {"rows": table, "total": total, "drill": depth < 2, "forms": forms, "places": places, "bands": bands, "sexes": sexes,
            "trend": [(y, trend.get(y, 0)) for y in range(year_from, year_to + 1)]}
