"""Forms and request parsing of the statistics pages and API: the filter form, the city asked for
(within the viewer's dashboard cities, else 404), the KPI period and the area and years asked for."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from naungan.accounts.permissions import may_see_dashboard
from naungan.catalogues.selectors import choices
from naungan.regions.models import Level, Region

from . import selectors as Q


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


def dashboard_city(request) -> Region:
    """The city asked for (`?kota=`) among the viewer's dashboard cities, else their first; 404 without a dashboard.

    Not `acting_city`: that gives one city per capability (the lowest code, or the oldest membership's)
    and makes a national operator name it, while here a viewer who holds the dashboard in several
    cities — and a national operator, in every city — chooses among them with `?kota=` and, naming
    none, sees the first. Who may is still one named capability (`DASHBOARD`, `may_see_dashboard`)."""
    cities = Q.dashboard_cities(request.user)
    if not may_see_dashboard(request.user) or not cities:
        raise Http404
    wanted = request.GET.get("kota")
    return next((c for c in cities if c.code == wanted), cities[0])


def dashboard_filters(request, city) -> tuple[FilterForm, Q.Filters, str]:
    """The filter form (default: from 1 January of last year to today), the filters it gives and the period."""
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


def public_year(value) -> int:
    """The year asked for on the public figures (`?tahun=`): this year unless a number, within the last ten years."""
    this_year = timezone.localdate().year
    try:
        year = int(value if value is not None else this_year)
    except ValueError:
        return this_year
    return min(max(year, this_year - 10), this_year)


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
