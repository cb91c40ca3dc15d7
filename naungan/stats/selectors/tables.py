"""Figures shaped as tables (id, title, header, rows, chart) for the dashboard, the province and
national view and the public page, read by the pages, the API and the bench alike."""

from __future__ import annotations

from datetime import date

from django.db.models import Sum
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from naungan.catalogues.selectors import label, values
from naungan.regions.models import Level, Region

from ..cache import cached_figures
from ..models import Fact
from ..suppression import suppress_1d, suppress_2d
from .cube import compliance_by_unit, cube, labelled, over_time, response_compliance, service_figures
from .scope import Filters


def figure_table(tid, title, header, rows, chart=None):
    return {"id": tid, "title": title, "header": header, "rows": rows, "chart": chart}


def dashboard_tables(user, f: Filters, period: str, city: Region) -> list[dict]:
    c = cube(user, f)
    tables = []
    trend = over_time(c, period)
    tables.append(figure_table("tren", _("Kasus dari waktu ke waktu"), [_("Periode"), _("Kasus")], [[p, n] for p, n in trend], "line"))
    tables.append(figure_table("bentuk", _("Kasus menurut bentuk kekerasan"), [_("Bentuk"), _("Kasus")],
                         [[lab, n] for _c, lab, n in labelled("violence_form", c.by("form", "form"))], "bar"))
    tables.append(figure_table("tempat", _("Kasus menurut tempat kejadian"), [_("Tempat"), _("Kasus")],
                         [[lab, n] for _c, lab, n in labelled("place", c.by("place", "place"))], "bar"))
    tables.append(figure_table("hubungan", _("Pelaku menurut hubungan dengan korban"), [_("Hubungan"), _("Pelaku")],
                         [[lab, n] for _c, lab, n in labelled("relation", c.by("perp", "relation"))], "bar"))
    victims = c.by("victim", "sex", "age_band", "child")
    by_band, by_sex, child = {}, {}, {}
    for (sex, band, ch), n in victims.items():
        by_band[band] = by_band.get(band, 0) + n
        by_sex[sex] = by_sex.get(sex, 0) + n
        child[ch] = child.get(ch, 0) + n
    tables.append(figure_table("usia", _("Korban menurut kelompok usia"), [_("Kelompok usia"), _("Korban")],
                         [[lab, n] for _c, lab, n in labelled("age_band", by_band)], "bar"))
    tables.append(figure_table("jk", _("Korban menurut jenis kelamin"), [_("Jenis kelamin"), _("Korban")],
                         [[lab, n] for _c, lab, n in labelled("sex", by_sex)], "bar"))
    tables.append(figure_table("anak", _("Korban anak dan dewasa"), [_("Kelompok"), _("Korban")],
                         [[_("Anak (<18)"), child.get("y", 0)], [_("Dewasa"), child.get("n", 0)], [_("Tidak diketahui"), child.get("", 0)]], "bar"))
    kec = c.by("case", "kecamatan")
    kec_rows = [[r.name, kec.get(r.code, 0)] for r in Region.objects.filter(parent=city, level=Level.KECAMATAN).order_by("name")]
    tables.append(figure_table("kecamatan", _("Kasus menurut kecamatan"), [_("Kecamatan"), _("Kasus")], kec_rows, "bar"))
    comp = response_compliance(c)
    tables.append(figure_table("respons", _("Kepatuhan target respons per tingkat risiko"),
                         [_("Risiko"), _("Ditriase"), _("Tepat waktu"), _("Terlambat"), _("Belum direspons & lewat target"), _("% tepat waktu"), _("Rata-rata jam")],
                         [[label("risk", r["risk"]), r["total"], r["on_time"], r["late"], r["overdue"], r["rate"] if r["rate"] is not None else "—",
                           r["avg_hours"] if r["avg_hours"] is not None else "—"] for r in comp]))
    tables.append(figure_table("unit", _("Kepatuhan target respons per unit"), [_("Unit"), _("Ditriase"), _("Tepat waktu"), _("%")],
                         [[r["unit"], r["total"], r["on_time"], r["rate"] if r["rate"] is not None else "—"] for r in compliance_by_unit(c)]))
    tables.extend(service_figures(c)["tables"])
    return tables


def area_tables(fig: dict) -> list[dict]:
    return [
        figure_table("tren", _("Kasus per tahun"), [_("Tahun"), _("Kasus")], [[str(y), n] for y, n in fig["trend"]], "line"),
        figure_table("bentuk", _("Kasus menurut bentuk kekerasan"), [_("Bentuk"), _("Kasus")],
               [[lab, n] for _c, lab, n in labelled("violence_form", fig["forms"])], "bar"),
        figure_table("tempat", _("Kasus menurut tempat kejadian"), [_("Tempat"), _("Kasus")],
               [[lab, n] for _c, lab, n in labelled("place", fig["places"])], "bar"),
        figure_table("usia", _("Korban menurut kelompok usia"), [_("Kelompok usia"), _("Korban")],
               [[lab, n] for _c, lab, n in labelled("age_band", fig["bands"])], "bar"),
        figure_table("jk", _("Korban menurut jenis kelamin"), [_("Jenis kelamin"), _("Korban")],
               [[lab, n] for _c, lab, n in labelled("sex", fig["sexes"])], "bar"),
    ]


def _year_facts(city: Region, kind: str, years: tuple[int, int], **dims):
    return Fact.objects.filter(grain="y", kind=kind, city=city.code, month__gte=date(years[0], 1, 1), month__lte=date(years[1], 1, 1), **dims).order_by()


def public_figures(city: Region, year: int) -> dict:
    """Child victims of the year: by form, by kecamatan, by quarter; all through suppression.
    Read from the aggregates only (a few hundred cells at most)."""
    this = (year, year)
    by_form = dict(_year_facts(city, "form", this, child="y").values_list("form").annotate(v=Sum("n")))
    form_rows = labelled("violence_form", by_form)
    forms_t = suppress_1d([lab for _c, lab, _n in form_rows], [n for *_x, n in form_rows])
    kec = list(Region.objects.filter(parent=city, level=Level.KECAMATAN).order_by("name"))
    quarters = ["T1", "T2", "T3", "T4"]
    grid: dict = {}
    cells = Fact.objects.filter(grain="c", kind="case", city=city.code, form_f="", band_f="", child="y",
                                month__gte=date(year, 1, 1), month__lte=date(year, 12, 1)).order_by().values("kecamatan", "month").annotate(v=Sum("n"))
    for r in cells:
        key = (r["kecamatan"], (r["month"].month - 1) // 3 + 1)
        grid[key] = grid.get(key, 0) + r["v"]
    counts = [[grid.get((k.code, q), 0) for q in (1, 2, 3, 4)] for k in kec]
    kec_t = suppress_2d([k.name for k in kec], quarters, counts)
    sex = dict(_year_facts(city, "victim", this, child="y").values_list("sex").annotate(v=Sum("n")))
    sex_t = suppress_1d([label("sex", "P"), label("sex", "L")], [sex.get("P", 0), sex.get("L", 0)])
    per_year = {m.year: n for m, n in _year_facts(city, "case", (year - 4, year), child="y").values_list("month").annotate(v=Sum("n"))}
    trend = [(y, per_year.get(y, 0)) for y in range(year - 4, year + 1)]
    trend_t = suppress_1d([str(y) for y, _n in trend], [n for _y, n in trend])
    by_service = dict(_year_facts(city, "service", this, child="y").values_list("service").annotate(v=Sum("n")))
    services = [(v.label, by_service.get(v.code, 0)) for v in values("simfoni_service")]
    services_t = suppress_1d([lab for lab, _n in services], [n for _lab, n in services]) if services else None
    pairs = lambda t: list(zip(t.labels, t.values, strict=True)) if t else []  # noqa: E731
    kec_rows = [(name, kec_t.cells[i], kec_t.row_totals[i]) for i, name in enumerate(kec_t.rows)]
    total = per_year.get(year, 0)
    return {"forms": forms_t, "kecamatan": kec_t, "kecamatan_rows": kec_rows, "sex": sex_t, "trend": trend_t, "services": services_t,
            "forms_rows": pairs(forms_t), "trend_rows": pairs(trend_t), "sex_rows": pairs(sex_t), "services_rows": pairs(services_t),
            "total": total, "zero": total == 0}


def cached_public_figures(city: Region, year: int) -> dict:
    """The public figures from the cache (see `cache.py`): an anonymous request runs no query on
    the aggregates unless the city's figures changed or the entry expired."""
    return cached_figures(city.code, year, get_language() or "id", lambda: public_figures(city, year))
