"""Dashboards (staff, within scope), monitoring & evaluation per kecamatan, the public
zero-violence page, and exports."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from naungan.audit.services import audit_record
from naungan.cases.models import Case, Person, PersonRole
from naungan.catalogues.selectors import choices, label
from naungan.core.errors import DomainError
from naungan.regions.models import Level, Region

from . import selectors as Q
from .exports import table_csv, table_xlsx
from .models import ExportJob, ExportKind
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
    cases = Q.filtered_cases(user, f)
    victims = Q.victims_of(cases)
    tables = []
    trend = Q.over_time(cases, period)
    tables.append(_table("tren", _("Kasus dari waktu ke waktu"), [_("Periode"), _("Kasus")], [[p, n] for p, n in trend], "line"))
    tables.append(_table("bentuk", _("Kasus menurut bentuk kekerasan"), [_("Bentuk"), _("Kasus")],
                         [[lab, n] for _c, lab, n in Q.labelled("violence_form", Q.cases_by_form(cases))], "bar"))
    tables.append(_table("tempat", _("Kasus menurut tempat kejadian"), [_("Tempat"), _("Kasus")],
                         [[lab, n] for _c, lab, n in Q.labelled("place", Q.count_by(cases, "place"))], "bar"))
    tables.append(_table("hubungan", _("Pelaku menurut hubungan dengan korban"), [_("Hubungan"), _("Pelaku")],
                         [[lab, n] for _c, lab, n in Q.labelled("relation", Q.perpetrators_by_relation(cases))], "bar"))
    tables.append(_table("usia", _("Korban menurut kelompok usia"), [_("Kelompok usia"), _("Korban")],
                         [[lab, n] for _c, lab, n in Q.labelled("age_band", Q.count_by(victims, "age_band"))], "bar"))
    by_sex = Q.count_by(victims, "sex")
    tables.append(_table("jk", _("Korban menurut jenis kelamin"), [_("Jenis kelamin"), _("Korban")],
                         [[lab, n] for _c, lab, n in Q.labelled("sex", by_sex)], "bar"))
    child = Q.count_by(victims, "is_child")
    tables.append(_table("anak", _("Korban anak dan dewasa"), [_("Kelompok"), _("Korban")],
                         [[_("Anak (<18)"), child.get(True, 0)], [_("Dewasa"), child.get(False, 0)], [_("Tidak diketahui"), child.get(None, 0)]], "bar"))
    kec = Q.count_by(cases.filter(kecamatan__isnull=False), "kecamatan_id")
    kec_rows = [[r.name, kec.get(r.code, 0)] for r in Region.objects.filter(parent=city, level=Level.KECAMATAN).order_by("name")]
    tables.append(_table("kecamatan", _("Kasus menurut kecamatan"), [_("Kecamatan"), _("Kasus")], kec_rows, "bar"))
    comp = Q.response_compliance(cases)
    tables.append(_table("respons", _("Kepatuhan target respons per tingkat risiko"),
                         [_("Risiko"), _("Ditriase"), _("Tepat waktu"), _("Terlambat"), _("Belum direspons & lewat target"), _("% tepat waktu"), _("Rata-rata jam")],
                         [[label("risk", r["risk"]), r["total"], r["on_time"], r["late"], r["overdue"], r["rate"] if r["rate"] is not None else "—",
                           r["avg_hours"] if r["avg_hours"] is not None else "—"] for r in comp]))
    tables.append(_table("unit", _("Kepatuhan target respons per unit"), [_("Unit"), _("Ditriase"), _("Tepat waktu"), _("%")],
                         [[r["unit"], r["total"], r["on_time"], r["rate"] if r["rate"] is not None else "—"] for r in Q.compliance_by_unit(cases)]))
    for t in Q.extra_service_figures(cases).get("tables", []):
        tables.append(t)
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
    cases = Q.filtered_cases(request.user, f)
    query = request.GET.copy()
    for k in ("unduh", "tabel"):
        query.pop(k, None)
    return render(request, "stats/dashboard.html", {
        "city": city, "cities": Q.dashboard_cities(request.user), "form": form, "tables": tables, "work": Q.open_work(cases),
        "kelurahan": Q.kelurahan_table(cases, city.code), "query": query.urlencode(),
        "charts": [{"id": t["id"], "type": t["chart"], "labels": [str(r[0]) for r in t["rows"]], "values": [r[1] for r in t["rows"]]} for t in tables if t["chart"]],
    })


@login_required
def monitoring_view(request):
    """Monitoring & evaluation per kecamatan, against the previous period of the same length."""
    city = _city(request)
    form, f, _period = _filters(request, city)
    prev = f.previous()
    now_cases, prev_cases = Q.filtered_cases(request.user, f), Q.filtered_cases(request.user, prev)
    kec = list(Region.objects.filter(parent=city, level=Level.KECAMATAN).order_by("name"))
    cur, old = Q.count_by(now_cases, "kecamatan_id"), Q.count_by(prev_cases, "kecamatan_id")
    from django.db.models import Count, F
    from django.db.models import Q as DQ

    answered = {r["kecamatan_id"]: r for r in now_cases.exclude(risk="").order_by().values("kecamatan_id").annotate(
        total=Count("pk"), on_time=Count("pk", filter=DQ(first_response_at__isnull=False, first_response_at__lte=F("respond_by"))))}
    services = Q.extra_service_figures(now_cases).get("services_by_kecamatan", {})
    prevention = {}
    try:
        from naungan.prevention.selectors import prevention_counts

        prevention = prevention_counts(user=request.user, date_from=f.date_from, date_to=f.date_to, group_by="kecamatan")
    except (ImportError, AttributeError):
        prevention = None
    rows = []
    for k in kec:
        a = answered.get(k.code, {})
        rows.append({"name": k.name, "now": cur.get(k.code, 0), "before": old.get(k.code, 0), "delta": cur.get(k.code, 0) - old.get(k.code, 0),
                     "rate": round(100 * a["on_time"] / a["total"]) if a.get("total") else None, "services": services.get(k.code, 0),
                     "prevention": (prevention or {}).get(k.code, 0) if prevention is not None else None})
    return render(request, "stats/monitoring.html", {"city": city, "form": form, "rows": rows, "f": f, "prev": prev,
                                                     "prevention_available": prevention is not None})


# ---------------------------------------------------------------------------------------------
# public page

def public_figures(city: Region, year: int) -> dict:
    """Child victims of the year: by form, by kecamatan, by quarter; all through suppression."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    f = Q.Filters(start, end, city=city.code)
    cases = Case.objects.filter(city=city).filter(f.period_q()).filter(involves_child=True)
    by_form = Q.cases_by_form(cases)
    form_rows = Q.labelled("violence_form", by_form)
    forms_t = suppress_1d([lab for _c, lab, _n in form_rows], [n for *_x, n in form_rows])
    kec = list(Region.objects.filter(parent=city, level=Level.KECAMATAN).order_by("name"))
    quarters = ["T1", "T2", "T3", "T4"]
    from django.db.models import Count
    from django.db.models.functions import ExtractQuarter

    grid = {(r["kecamatan_id"], r["q"]): r["n"] for r in cases.order_by().annotate(q=ExtractQuarter("received_at")).values("kecamatan_id", "q").annotate(n=Count("pk"))}
    counts = [[grid.get((k.code, q), 0) for q in (1, 2, 3, 4)] for k in kec]
    kec_t = suppress_2d([k.name for k in kec], quarters, counts)
    victims = Person.objects.filter(role=PersonRole.VICTIM, is_child=True, case__in=cases.values("pk"))
    sex = Q.count_by(victims, "sex")
    sex_t = suppress_1d([label("sex", "P"), label("sex", "L")], [sex.get("P", 0), sex.get("L", 0)])
    trend = []
    for y in range(year - 4, year + 1):
        n = Case.objects.filter(city=city, involves_child=True).filter(Q.Filters(date(y, 1, 1), date(y, 12, 31)).period_q()).count()
        trend.append((y, n))
    trend_t = suppress_1d([str(y) for y, _n in trend], [n for _y, n in trend])
    services = Q.extra_service_figures(cases).get("public_services")
    services_t = suppress_1d([lab for lab, _n in services], [n for _lab, n in services]) if services else None
    pairs = lambda t: list(zip(t.labels, t.values, strict=True)) if t else []  # noqa: E731
    kec_rows = [(name, kec_t.cells[i], kec_t.row_totals[i]) for i, name in enumerate(kec_t.rows)]
    return {"forms": forms_t, "kecamatan": kec_t, "kecamatan_rows": kec_rows, "sex": sex_t, "trend": trend_t, "services": services_t,
            "forms_rows": pairs(forms_t), "trend_rows": pairs(trend_t), "sex_rows": pairs(sex_t), "services_rows": pairs(services_t),
            "total": cases.count(), "zero": not cases.exists()}


@cache_control(public=True, max_age=600)
def public_view(request, city_code: str):
    city = get_object_or_404(Region, code=city_code, level=Level.KABKOTA)
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("tahun", this_year))
    except ValueError:
        year = this_year
    year = min(max(year, this_year - 10), this_year)
    figures = public_figures(city, year)
    return render(request, "stats/public.html", {"city": city, "year": year, "years": list(range(this_year, this_year - 6, -1)),
                                                 "fig": figures, "display": display})


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
