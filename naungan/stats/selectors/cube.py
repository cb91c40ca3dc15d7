"""The cube of a city's aggregates under a scope and filters, and the figures read from it."""

from __future__ import annotations

from django.db.models import Sum
from django.utils import timezone

from naungan.accounts.models import Organisation
from naungan.accounts.roles import Role
from naungan.accounts.scope import memberships_with
from naungan.catalogues.selectors import values
from naungan.regions.models import Level, Region
from naungan.services.models import ReferralStatus

from ..models import Fact
from .scope import Filters, fact_scope_q, month_start


class Cube:
    """The facts a viewer may sum under a dashboard's filters."""

    def __init__(self, user, f: Filters):
        self.user, self.f = user, f
        self._overdue: dict | None = None
        self.scope = fact_scope_q(user)
        # PPT officers' scope is a kelurahan or their post: only the kelurahan cells can answer it
        self.coarse_ok = not f.kelurahan and (self.scope is None or not memberships_with(user, Role.PPT_OFFICER))

    def facts(self, kind: str, *, by_kelurahan: bool = False):
        f = self.f
        grain = "c" if self.coarse_ok and not by_kelurahan else "m"
        qs = Fact.objects.filter(grain=grain, kind=kind, form_f=f.form or "", band_f=f.age_band or "")
        if self.scope is not None:
            qs = qs.filter(self.scope)
        if f.city:
            qs = qs.filter(city=f.city)
        if f.kecamatan:
            qs = qs.filter(kecamatan=f.kecamatan)
        if f.kelurahan:
            qs = qs.filter(kelurahan=f.kelurahan)
        if f.date_from:
            qs = qs.filter(month__gte=month_start(f.date_from))
        if f.date_to:
            qs = qs.filter(month__lte=month_start(f.date_to))
        return qs.order_by()

    def by(self, kind: str, *fields: str, measure: str = "n", exclude: dict | None = None) -> dict:
        qs = self.facts(kind, by_kelurahan="kelurahan" in fields)
        if exclude:
            qs = qs.exclude(**exclude)
        rows = qs.values(*fields).annotate(v=Sum(measure))
        if len(fields) == 1:
            return {r[fields[0]]: r["v"] for r in rows}
        return {tuple(r[x] for x in fields): r["v"] for r in rows}

    def total(self, kind: str, *measures: str) -> dict:
        out = self.facts(kind).aggregate(**{m: Sum(m) for m in measures})
        return {m: out[m] or 0 for m in measures}

    def overdue(self, now=None) -> dict:
        """Cases past their response target without a first response, per risk. Read once per
        cube (a page shows it in two places; one clock cell per awaited case makes it the
        heaviest sum of a dashboard)."""
        if now is None and self._overdue is not None:
            return self._overdue
        result = {r["risk"]: r["v"] for r in self.facts("clock").filter(due_at__lt=now or timezone.now()).values("risk").annotate(v=Sum("n"))}
        if now is None:
            self._overdue = result
        return result


def cube(user, f: Filters) -> Cube:
    return Cube(user, f)


def over_time(c: Cube, period: str = "month") -> list[tuple[str, int]]:
    per_month = sorted(c.by("case", "month").items())
    out: dict[str, int] = {}
    for m, n in per_month:
        label = str(m.year) if period == "year" else f"{m.year}-T{(m.month - 1) // 3 + 1}" if period == "quarter" else m.strftime("%Y-%m")
        out[label] = out.get(label, 0) + n
    return list(out.items())


def response_compliance(c: Cube) -> list[dict]:
    """Per risk level: triaged cases, answered within target, answered late, still open past target."""
    overdue = c.overdue()
    rows = c.facts("risk").values("risk").annotate(
        total=Sum("n"), on_time=Sum("on_time_n"), late=Sum("late_n"), resp_n=Sum("resp_n"), resp_s=Sum("resp_s"))
    out = []
    for r in rows:
        answered = r["on_time"] + r["late"]
        r["overdue"] = overdue.get(r["risk"], 0)
        r["rate"] = round(100 * r["on_time"] / answered) if answered else None
        r["avg_hours"] = round(r["resp_s"] / r["resp_n"] / 3600, 1) if r["resp_n"] else None
        out.append(r)
    order = {"tinggi": 0, "sedang": 1, "rendah": 2}
    return sorted(out, key=lambda r: order.get(r["risk"], 9))


def _org_names(ids) -> dict[int, str]:
    return dict(Organisation.objects.filter(pk__in=[i for i in ids if i]).values_list("pk", "name"))


def compliance_by_unit(c: Cube) -> list[dict]:
    rows = list(c.facts("risk").values("org_id").annotate(total=Sum("n"), on_time=Sum("on_time_n")))
    names = _org_names(r["org_id"] for r in rows)
    return sorted(({"unit": names.get(r["org_id"], "—"), "total": r["total"], "on_time": r["on_time"],
                    "rate": round(100 * r["on_time"] / r["total"]) if r["total"] else None} for r in rows), key=lambda r: r["unit"])


def open_work(c: Cube) -> dict:
    t = c.total("case", "open_n", "closed_n", "pending_n")
    return {"open": t["open_n"], "overdue": sum(c.overdue().values()), "closure_pending": t["pending_n"], "closed": t["closed_n"]}


def kelurahan_table(c: Cube, city_code: str) -> list[dict]:
    """Every kelurahan of the city with its count (zeros included) and a heat class 0–4."""
    counts = c.by("case", "kelurahan")
    kel = Region.objects.filter(level=Level.KELURAHAN, code__startswith=city_code + ".").select_related("parent").order_by("parent__name", "name")
    top = max((n for k, n in counts.items() if k), default=0)
    rows = []
    for k in kel:
        n = counts.get(k.code, 0)
        heat = 0 if n == 0 or top == 0 else min(4, 1 + int(3 * n / top))
        rows.append({"code": k.code, "name": k.name, "kecamatan": k.parent.name, "n": n, "heat": heat})
    return rows


def labelled(kind: str, counts: dict, *, include_zero: bool = True) -> list[tuple[str, str, int]]:
    """(code, label, count) in the value set's order."""
    out = [(v.code, v.label, counts.get(v.code, 0)) for v in values(kind)]
    return [row for row in out if include_zero or row[2]]


def service_figures(c: Cube) -> dict:
    """Services, referrals and rights of the cases counted."""
    from django.utils.translation import gettext as _


    by_service = c.by("service", "service")
    refs = c.by("ref", "agency_id", "status")
    names = _org_names({a for a, _s in refs})
    by_agency = sorted(((names.get(a, "—"), s, n) for (a, s), n in refs.items() if n), key=lambda r: (r[0], r[1]))
    rights = c.by("right", "right", "status")
    tables = [
        {"id": "layanan", "title": _("Layanan diberikan menurut kategori SIMFONI"), "header": [_("Layanan"), _("Jumlah")],
         "rows": [[v.label, by_service.get(v.code, 0)] for v in values("simfoni_service")], "chart": "bar"},
        {"id": "rujukan", "title": _("Rujukan menurut lembaga dan hasil"), "header": [_("Lembaga"), _("Status"), _("Jumlah")],
         "rows": [[a, str(ReferralStatus(s).label), n] for a, s, n in by_agency], "chart": None},
        {"id": "hak", "title": _("Pemenuhan hak korban"), "header": [_("Hak"), _("Dibutuhkan"), _("Dalam proses"), _("Terpenuhi"), _("Tidak dapat")],
         "rows": [[v.label, rights.get((v.code, "needed"), 0), rights.get((v.code, "in_progress"), 0), rights.get((v.code, "fulfilled"), 0),
                   rights.get((v.code, "not_possible"), 0)] for v in values("right")], "chart": None},
    ]
    return {"tables": tables, "services_by_kecamatan": c.by("service", "kecamatan")}
