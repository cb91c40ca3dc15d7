"""Dashboards (staff, within scope), monitoring & evaluation per kecamatan, the public
zero-violence page, and exports."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from naungan.audit.services import audit_record
from naungan.catalogues.selectors import choices, label, values
from naungan.core.errors import DomainError
from naungan.core.spreadsheets import table_csv, table_xlsx
from naungan.prevention.selectors import prevention_counts
from naungan.regions.models import Level, Region

from . import selectors as Q
from .cache import cached_figures
from .models import ExportJob, ExportKind, Fact
from .services import export_create, export_open
from .suppression import display, suppress_1d, suppress_2d


class FilterForm(forms.Form):
    date_from = forms.DateField(label=gettext_lazy("Dari"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = forms.DateField(label=gettext_lazy("Sampai"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    kecamatan = forms.ChoiceField(label=gettext_lazy("Kecamatan"), required=False)
    kelurahan = forms.ChoiceField(label=gettext_lazy("Kelurahan"), required=False)
    form = forms.ChoiceField(label=gettext_lazy("Bentuk kekerasan"), required=False)
    age_band = forms.ChoiceField(label=gettext_lazy("Kelompok usia korban"), required=False)
    period = forms.ChoiceField(label=gettext_lazy("Per"), required=False, choices=[("month", gettext_lazy("bulan")), ("quarter", gettext_lazy("triwulan")), ("year", gettext_lazy("tahun"))])

    def __init__(self, *args, city: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].choices = [("", "—")] + [(r.code, r.name) for r in Region.objects.filter(parent=city, level=Level.KECAMATAN).order_by("name")]
        self.fields["kelurahan"].choices = [("", "—")] + [(r.code, r.name) for r in Region.objects.filter(level=Level.KELURAHAN, code__startswith=city.code + ".").order_by("name")]
        self.fields["form"].choices = choices("violence_form", blank=True)
        self.fields["age_band"].choices = choices("age_band", blank=True)


def _city(request) -> Region:
    cities = Q.dashboard_cities(request.user)
    if not Q.can_see_dashboard(request.user) or not cities:
        raise Http404
    wanted = request.GET.get("kota")
    return next((c for c in cities if c.code == wanted), cities[0])


def _filters(request, city) -> tuple[FilterForm, Q.Filters, str]:
    today = timezone.localdate()
    data = request.GET.copy()
    data.setdefault("date_from", date(today.year - 1, 1, 1).isoformat())
    data.setdefault("date_to", today.isoformat())
    form = FilterForm(data, city=city)
    f = Q.Filters(city=city.code)
    period = "month"
    if form.is_valid():
        d = form.cleaned_data
        f = Q.Filters(d["date_from"], d["date_to"], d["kecamatan"], d["kelurahan"], d["form"], d["age_band"], city.code)
        period = d["period"] or "month"
    return form, f, period


def _table(tid, title, header, rows, chart=None):
    return {"id": tid, "title": title, "header": header, "rows": rows, "chart": chart}


def dashboard_tables(user, f: Q.Filters, period: str, city: Region) -> list[dict]:
    c = Q.cube(user, f)
    tables = []
    trend = Q.over_time(c, period)
    tables.append(_table("tren", _("Kasus dari waktu ke waktu"), [_("Periode"), _("Kasus")], [[p, n] for p, n in trend], "line"))
    tables.append(_table("bentuk", _("Kasus menurut bentuk kekerasan"), [_("Bentuk"), _("Kasus")],
                         [[lab, n] for _c, lab, n in Q.labelled("violence_form", c.by("form", "form"))], "bar"))
    tables.append(_table("tempat", _("Kasus menurut tempat kejadian"), [_("Tempat"), _("Kasus")],
                         [[lab, n] for _c, lab, n in Q.labelled("place", c.by("place", "place"))], "bar"))
    tables.append(_table("hubungan", _("Pelaku menurut hubungan dengan korban"), [_("Hubungan"), _("Pelaku")],
                         [[lab, n] for _c, lab, n in Q.labelled("relation", c.by("perp", "relation"))], "bar"))
    victims = c.by("victim", "sex", "age_band", "child")
    by_band, by_sex, child = {}, {}, {}
    for (sex, band, ch), n in victims.items():
        by_band[band] = by_band.get(band, 0) + n
        by_sex[sex] = by_sex.get(sex, 0) + n
        child[ch] = child.get(ch, 0) + n
    tables.append(_table("usia", _("Korban menurut kelompok usia"), [_("Kelompok usia"), _("Korban")],
                         [[lab, n] for _c, lab, n in Q.labelled("age_band", by_band)], "bar"))
    tables.append(_table("jk", _("Korban menurut jenis kelamin"), [_("Jenis kelamin"), _("Korban")],
                         [[lab, n] for _c, lab, n in Q.labelled("sex", by_sex)], "bar"))
    tables.append(_table("anak", _("Korban anak dan dewasa"), [_("Kelompok"), _("Korban")],
                         [[_("Anak (<18)"), child.get("y", 0)], [_("Dewasa"), child.get("n", 0)], [_("Tidak diketahui"), child.get("", 0)]], "bar"))
    kec = c.by("case", "kecamatan")
    kec_rows = [[r.name, kec.get(r.code, 0)] for r in Region.objects.filter(parent=city, level=Level.KECAMATAN).order_by("name")]
    tables.append(_table("kecamatan", _("Kasus menurut kecamatan"), [_("Kecamatan"), _("Kasus")], kec_rows, "bar"))
    comp = Q.response_compliance(c)
    tables.append(_table("respons", _("Kepatuhan target respons per tingkat risiko"),
                         [_("Risiko"), _("Ditriase"), _("Tepat waktu"), _("Terlambat"), _("Belum direspons & lewat target"), _("% tepat waktu"), _("Rata-rata jam")],
                         [[label("risk", r["risk"]), r["total"], r["on_time"], r["late"], r["overdue"], r["rate"] if r["rate"] is not None else "—",
                           r["avg_hours"] if r["avg_hours"] is not None else "—"] for r in comp]))
    tables.append(_table("unit", _("Kepatuhan target respons per unit"), [_("Unit"), _("Ditriase"), _("Tepat waktu"), _("%")],
                         [[r["unit"], r["total"], r["on_time"], r["rate"] if r["rate"] is not None else "—"] for r in Q.compliance_by_unit(c)]))
    tables.extend(Q.service_figures(c)["tables"])
    return tables


@login_required
def dashboard_view(request):
    city = _city(request)
    form, f, period = _filters(request, city)
    tables = dashboard_tables(request.user, f, period, city)
    wanted = request.GET.get("unduh")
    if wanted in ("csv", "xlsx"):
        t = next((t for t in tables if t["id"] == request.GET.get("tabel")), None)
        if t is None:
            raise Http404
        audit_record(actor=request.user, action="stats.download", object_type="stats.table", object_id=t["id"], city_code=city.code)
        name = f"naungan-{city.code}-{t['id']}"
        if wanted == "csv":
            resp = HttpResponse(table_csv(t["header"], t["rows"]), content_type="text/csv; charset=utf-8")
            resp["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        else:
            resp = HttpResponse(table_xlsx(t["header"], t["rows"], t["id"]), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            resp["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return resp
    c = Q.cube(request.user, f)
    query = request.GET.copy()
    for k in ("unduh", "tabel"):
        query.pop(k, None)
    return render(request, "stats/dashboard.html", {
        "city": city, "cities": Q.dashboard_cities(request.user), "form": form, "tables": tables, "work": Q.open_work(c), "f": f.whole_months(),
        "kelurahan": Q.kelurahan_table(c, city.code), "query": query.urlencode(),
        "charts": [{"id": t["id"], "type": t["chart"], "labels": [str(r[0]) for r in t["rows"]], "values": [r[1] for r in t["rows"]]} for t in tables if t["chart"]],
    })


@login_required
def monitoring_view(request):
    """Monitoring & evaluation per kecamatan, against the previous period of as many months."""
    city = _city(request)
    form, f, _period = _filters(request, city)
    prev = f.previous()
    now_c, prev_c = Q.cube(request.user, f), Q.cube(request.user, prev)
    kec = list(Region.objects.filter(parent=city, level=Level.KECAMATAN).order_by("name"))
    cur, old = now_c.by("case", "kecamatan"), prev_c.by("case", "kecamatan")
    answered = {r["kecamatan"]: r for r in now_c.facts("risk").values("kecamatan").annotate(total=Sum("n"), on_time=Sum("on_time_n"))}
    services = now_c.by("service", "kecamatan")
    prevention = prevention_counts(user=request.user, date_from=f.date_from, date_to=f.date_to, group_by="kecamatan")
    rows = []
    for k in kec:
        a = answered.get(k.code, {})
        rows.append({"name": k.name, "now": cur.get(k.code, 0), "before": old.get(k.code, 0), "delta": cur.get(k.code, 0) - old.get(k.code, 0),
                     "rate": round(100 * a["on_time"] / a["total"]) if a.get("total") else None, "services": services.get(k.code, 0),
                     "prevention": (prevention or {}).get(k.code, 0) if prevention is not None else None})
    return render(request, "stats/monitoring.html", {"city": city, "form": form, "rows": rows, "f": f.whole_months(), "prev": prev,
                                                     "prevention_available": prevention is not None})


# ---------------------------------------------------------------------------------------------
# public page

def _year_facts(city: Region, kind: str, years: tuple[int, int], **dims):
    return Fact.objects.filter(grain="y", kind=kind, city=city.code, month__gte=date(years[0], 1, 1), month__lte=date(years[1], 1, 1), **dims).order_by()


def public_figures(city: Region, year: int) -> dict:
    """Child victims of the year: by form, by kecamatan, by quarter; all through suppression.
    Read from the aggregates only (a few hundred cells at most)."""
    this = (year, year)
    by_form = dict(_year_facts(city, "form", this, child="y").values_list("form").annotate(v=Sum("n")))
    form_rows = Q.labelled("violence_form", by_form)
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
    from django.utils.translation import get_language

    return cached_figures(city.code, year, get_language() or "id", lambda: public_figures(city, year))


@cache_control(public=True, max_age=600)
def public_view(request, city_code: str):
    city = get_object_or_404(Region, code=city_code, level=Level.KABKOTA)
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("tahun", this_year))
    except ValueError:
        year = this_year
    year = min(max(year, this_year - 10), this_year)
    figures = cached_public_figures(city, year)
    return render(request, "stats/public.html", {"city": city, "year": year, "years": list(range(this_year, this_year - 6, -1)),
                                                 "fig": figures, "display": display})


# ---------------------------------------------------------------------------------------------
# service KPIs

def kpi_request(request) -> tuple[Region, FilterForm, Q.Filters]:
    cities = Q.kpi_cities(request.user)
    wanted = request.GET.get("kota")
    city = next((c for c in cities if c.code == wanted), cities[0])
    today = timezone.localdate()
    data = request.GET.copy()
    data.setdefault("date_from", Q.add_months(Q.month_start(today), -11).isoformat())
    data.setdefault("date_to", today.isoformat())
    form = FilterForm(data, city=city)
    f = Q.Filters(Q.add_months(Q.month_start(today), -11), today, city=city.code)
    if form.is_valid() and form.cleaned_data["date_from"] and form.cleaned_data["date_to"]:
        f = Q.Filters(form.cleaned_data["date_from"], form.cleaned_data["date_to"], city=city.code)
    return city, form, f.whole_months()


KPI_ROWS = [("cases", gettext_lazy("Kasus dilaporkan")), ("response_hours", gettext_lazy("Rata-rata jam dari laporan hingga respons pertama")),
            ("on_time", gettext_lazy("Respons pertama tepat waktu (%)")), ("closure_days", gettext_lazy("Rata-rata hari dari laporan hingga ditutup")),
            ("delay_days", gettext_lazy("Rata-rata hari dari kejadian hingga dilaporkan")),
            ("served_share", gettext_lazy("Anak korban yang menerima layanan (%)"))]


@login_required
def kpi_view(request):
    """Service KPIs of a city for supervisors and analysts, with the previous period beside them."""
    city, form, f = kpi_request(request)
    k = Q.service_kpis(request.user, f)
    rows = [{"label": lab, "now": k["now"][key], "before": k["before"][key]} for key, lab in KPI_ROWS]
    return render(request, "stats/kpi.html", {"city": city, "cities": Q.kpi_cities(request.user), "form": form, "f": f, "prev": f.previous(),
                                              "rows": rows, "k": k})


# ---------------------------------------------------------------------------------------------
# province and national views (aggregates only)

AREA_CODE = re.compile(r"^(\d{2}(\.\d{2})?)?$")


def area_request(request) -> tuple[str, int, int, Region | None]:
    """The area and years asked for, within the viewer's area scope (else 404)."""
    scope = Q.area_scope(request.user)
    code = (request.GET.get("wilayah") or "").strip()
    if scope is not None and not code:
        code = sorted(scope)[0]
    if not AREA_CODE.match(code) or not Q.area_allowed(scope, code):
        raise Http404
    region = None
    if code:
        region = Region.objects.filter(code=code, level__in=[Level.PROVINSI, Level.KABKOTA]).select_related("parent").first()
        if region is None:
            raise Http404
    this_year = timezone.localdate().year

    def year(name, default):
        try:
            return min(max(int(request.GET.get(name, default)), this_year - 30), this_year)
        except ValueError:
            return default

    y0, y1 = year("dari", this_year - 9), year("sampai", this_year)
    return code, min(y0, y1), max(y0, y1), region


def area_tables(fig: dict) -> list[dict]:
    return [
        _table("tren", _("Kasus per tahun"), [_("Tahun"), _("Kasus")], [[str(y), n] for y, n in fig["trend"]], "line"),
        _table("bentuk", _("Kasus menurut bentuk kekerasan"), [_("Bentuk"), _("Kasus")],
               [[lab, n] for _c, lab, n in Q.labelled("violence_form", fig["forms"])], "bar"),
        _table("tempat", _("Kasus menurut tempat kejadian"), [_("Tempat"), _("Kasus")],
               [[lab, n] for _c, lab, n in Q.labelled("place", fig["places"])], "bar"),
        _table("usia", _("Korban menurut kelompok usia"), [_("Kelompok usia"), _("Korban")],
               [[lab, n] for _c, lab, n in Q.labelled("age_band", fig["bands"])], "bar"),
        _table("jk", _("Korban menurut jenis kelamin"), [_("Jenis kelamin"), _("Korban")],
               [[lab, n] for _c, lab, n in Q.labelled("sex", fig["sexes"])], "bar"),
    ]


AREA_COLUMNS = [("cases", gettext_lazy("Kasus")), ("child_cases", gettext_lazy("Kasus anak")), ("victims", gettext_lazy("Korban")),
                ("child_victims", gettext_lazy("Korban anak")), ("female_victims", gettext_lazy("Korban perempuan")),
                ("open", gettext_lazy("Terbuka")), ("closed", gettext_lazy("Ditutup")), ("rate", gettext_lazy("Respons tepat waktu (%)")),
                ("resp_hours", gettext_lazy("Rata-rata jam hingga respons")), ("close_days", gettext_lazy("Rata-rata hari hingga ditutup")),
                ("delay_days", gettext_lazy("Rata-rata hari kejadian–lapor")), ("served_share", gettext_lazy("Korban anak terlayani (%)"))]


@login_required
def area_view(request):
    """Kab/kota side by side (or provinces, or kecamatan), with drill-down; for province and
    national analysts. Counts only: no case, no person, no link to either."""
    code, y0, y1, region = area_request(request)
    fig = Q.area_figures(code, y0, y1)
    tables = area_tables(fig)
    compare = _table("wilayah", _("Perbandingan wilayah"), [_("Wilayah"), *[str(lab) for _k, lab in AREA_COLUMNS]],
                     [[r["name"], *[r[k] if r[k] is not None else "—" for k, _l in AREA_COLUMNS]] for r in fig["rows"]])
    wanted = request.GET.get("unduh")
    if wanted in ("csv", "xlsx"):
        t = next((t for t in [compare, *tables] if t["id"] == request.GET.get("tabel")), None)
        if t is None:
            raise Http404
        audit_record(actor=request.user, action="stats.download", object_type="stats.area", object_id=t["id"], city_code=code)  # "" = national
        name = f"naungan-{code or 'ID'}-{y0}-{y1}-{t['id']}"
        if wanted == "csv":
            resp = HttpResponse(table_csv(t["header"], t["rows"]), content_type="text/csv; charset=utf-8")
            resp["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        else:
            resp = HttpResponse(table_xlsx(t["header"], t["rows"], t["id"]), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            resp["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return resp
    scope = Q.area_scope(request.user)
    crumbs = []
    if scope is None:
        crumbs.append(("", _("Indonesia")))
    if region is not None:
        if region.level == Level.KABKOTA:
            crumbs.append((region.parent_id, region.parent.name))
        crumbs.append((region.code, region.name))
    query = request.GET.copy()
    for k in ("unduh", "tabel"):
        query.pop(k, None)
    return render(request, "stats/area.html", {
        "code": code, "region": region, "y0": y0, "y1": y1, "fig": fig, "crumbs": crumbs, "columns": AREA_COLUMNS,
        "rows": [{"code": r["code"], "name": r["name"], "values": [r[k] for k, _l in AREA_COLUMNS]} for r in fig["rows"]],
        "total": [fig["total"][k] for k, _l in AREA_COLUMNS], "tables": tables, "query": query.urlencode(),
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 30, -1)),
        "charts": [{"id": t["id"], "type": t["chart"], "labels": [str(r[0]) for r in t["rows"]], "values": [r[1] for r in t["rows"]]} for t in tables],
    })


# ---------------------------------------------------------------------------------------------
# exports

class ExportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Jenis"), choices=ExportKind.choices)
    fmt = forms.ChoiceField(label=gettext_lazy("Format"), choices=[("csv", "CSV"), ("xlsx", "XLSX")])
    date_from = forms.DateField(label=gettext_lazy("Dari"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = forms.DateField(label=gettext_lazy("Sampai"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


@login_required
@require_http_methods(["GET", "POST"])
def export_view(request):
    city = _city(request)
    today = timezone.localdate()
    form = ExportForm(request.POST or None, initial={"date_from": date(today.year, 1, 1), "date_to": today})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            job = export_create(actor=request.user, city_code=city.code, kind=d["kind"], fmt=d["fmt"], date_from=d["date_from"], date_to=d["date_to"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("stats:export_job", pk=job.pk)
    jobs = ExportJob.objects.filter(user=request.user).order_by("-created_at")[:20]
    return render(request, "stats/export.html", {"form": form, "jobs": jobs, "city": city})


@login_required
def export_job_view(request, pk: int):
    job = get_object_or_404(ExportJob, pk=pk, user=request.user)
    return render(request, "stats/export_job.html", {"job": job})


@login_required
def export_download_view(request, pk: int):
    job = export_open(user=request.user, job_id=pk)
    name = f"naungan-{job.kind}-{job.city_id}-{job.date_from}-{job.date_to}.{job.fmt}"
    return FileResponse(open(job.path, "rb"), as_attachment=True, filename=name)  # noqa: SIM115 - FileResponse closes it


@login_required
def export_stream_view(request):
    """SIMFONI CSV streamed straight to the browser (constant memory) for the user's own scope."""
    from .exports import csv_stream, simfoni_rows
    from .services import SIMFONI_ROLES

    city = _city(request)
    from naungan.accounts.scope import city_codes

    if city.code not in city_codes(request.user, *SIMFONI_ROLES) and not request.user.is_superuser:
        raise Http404
    form = ExportForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Pilih periode ekspor."))
        return redirect("stats:export")
    d = form.cleaned_data
    from naungan.cases.selectors import cases_visible_to

    cases = cases_visible_to(request.user).filter(city=city).filter(Q.Filters(d["date_from"], d["date_to"]).period_q())
    audit_record(actor=request.user, action="export.stream", object_type="stats.export", object_id="simfoni", city_code=city.code,
                 changes={"period": [None, f"{d['date_from']}..{d['date_to']}"]})
    resp = StreamingHttpResponse(csv_stream(simfoni_rows(cases, include_identity=True)), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="simfoni-{city.code}-{d["date_from"]}-{d["date_to"]}.csv"'
    return resp
