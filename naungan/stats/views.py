"""Dashboards (staff, within scope), monitoring & evaluation per kecamatan, the public
zero-violence page, and exports."""

from __future__ import annotations

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

from naungan.accounts.scope import city_codes
from naungan.audit.services import audit_record
from naungan.cases.selectors import cases_visible_to
from naungan.core.errors import DomainError
from naungan.core.spreadsheets import table_csv, table_xlsx
from naungan.prevention.selectors import prevention_counts
from naungan.regions.models import Level, Region

from . import selectors as Q
from .exports import csv_stream, simfoni_rows
from .forms import area_request, dashboard_city, dashboard_filters, kpi_request, public_year
from .models import ExportJob, ExportKind
from .services import SIMFONI_ROLES, export_create, export_open
from .suppression import display


def _table_file(t: dict, name: str, wanted: str) -> HttpResponse:
    """One table as a download: CSV when asked for, else XLSX."""
    if wanted == "csv":
        resp = HttpResponse(table_csv(t["header"], t["rows"]), content_type="text/csv; charset=utf-8")
        resp["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    else:
        resp = HttpResponse(table_xlsx(t["header"], t["rows"], t["id"]), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        resp["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return resp


@login_required
def dashboard_view(request):
    city = dashboard_city(request)
    form, f, period = dashboard_filters(request, city)
    tables = Q.dashboard_tables(request.user, f, period, city)
    wanted = request.GET.get("unduh")
    if wanted in ("csv", "xlsx"):
        t = next((t for t in tables if t["id"] == request.GET.get("tabel")), None)
        if t is None:
            raise Http404
        audit_record(actor=request.user, action="stats.download", object_type="stats.table", object_id=t["id"], city_code=city.code)
        name = f"naungan-{city.code}-{t['id']}"
        return _table_file(t, name, wanted)
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
    city = dashboard_city(request)
    form, f, _period = dashboard_filters(request, city)
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

@cache_control(public=True, max_age=600)
def public_view(request, city_code: str):
    city = get_object_or_404(Region, code=city_code, level=Level.KABKOTA)
    this_year = timezone.localdate().year
    year = public_year(request.GET.get("tahun"))
    figures = Q.cached_public_figures(city, year)
    return render(request, "stats/public.html", {"city": city, "year": year, "years": list(range(this_year, this_year - 6, -1)),
                                                 "fig": figures, "display": display})


@login_required
def kpi_view(request):
    """Service KPIs of a city for supervisors and analysts, with the previous period beside them."""
    city, form, f = kpi_request(request)
    k = Q.service_kpis(request.user, f)
    rows = [{"label": lab, "now": k["now"][key], "before": k["before"][key]} for key, lab in Q.KPI_ROWS]
    return render(request, "stats/kpi.html", {"city": city, "cities": Q.kpi_cities(request.user), "form": form, "f": f, "prev": f.previous(),
                                              "rows": rows, "k": k})


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
    tables = Q.area_tables(fig)
    compare = Q.figure_table("wilayah", _("Perbandingan wilayah"), [_("Wilayah"), *[str(lab) for _k, lab in AREA_COLUMNS]],
                     [[r["name"], *[r[k] if r[k] is not None else "—" for k, _l in AREA_COLUMNS]] for r in fig["rows"]])
    wanted = request.GET.get("unduh")
    if wanted in ("csv", "xlsx"):
        t = next((t for t in [compare, *tables] if t["id"] == request.GET.get("tabel")), None)
        if t is None:
            raise Http404
        audit_record(actor=request.user, action="stats.download", object_type="stats.area", object_id=t["id"], city_code=code)  # "" = national
        name = f"naungan-{code or 'ID'}-{y0}-{y1}-{t['id']}"
        return _table_file(t, name, wanted)
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
    city = dashboard_city(request)
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
    city = dashboard_city(request)
    if city.code not in city_codes(request.user, *SIMFONI_ROLES) and not request.user.is_superuser:
        raise Http404
    form = ExportForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Pilih periode ekspor."))
        return redirect("stats:export")
    d = form.cleaned_data
    cases = cases_visible_to(request.user).filter(city=city).filter(Q.Filters(d["date_from"], d["date_to"]).period_q())
    audit_record(actor=request.user, action="export.stream", object_type="stats.export", object_id="simfoni", city_code=city.code,
                 changes={"period": [None, f"{d['date_from']}..{d['date_to']}"]})
    resp = StreamingHttpResponse(csv_stream(simfoni_rows(cases, include_identity=True)), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="simfoni-{city.code}-{d["date_from"]}-{d["date_to"]}.csv"'
    return resp
