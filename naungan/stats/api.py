"""Aggregates as JSON, with the same scope as the dashboards; public figures with suppression."""

from django.shortcuts import get_object_or_404
from django.urls import path, re_path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from naungan.regions.models import Level, Region

from . import selectors as Q
from .forms import area_request, dashboard_city, dashboard_filters, kpi_request, public_year


class TableOut(serializers.Serializer):
    id = serializers.CharField()
    title = serializers.CharField()
    header = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField())


class SummaryOut(serializers.Serializer):
    city = serializers.CharField()
    work = serializers.DictField(child=serializers.IntegerField())
    tables = TableOut(many=True)


class SummaryView(APIView):
    @extend_schema(parameters=[OpenApiParameter(n, OpenApiTypes.DATE if n.startswith("date_") else str) for n in ("kota", "date_from", "date_to", "kecamatan", "kelurahan", "form", "age_band", "period")],
                   responses=SummaryOut, summary="Angka dasbor dalam cakupan pengguna (tanpa identitas)")
    def get(self, request):
        city = dashboard_city(request)
        _form, f, period = dashboard_filters(request, city)
        tables = Q.dashboard_tables(request.user, f, period, city)
        return Response({"city": city.code, "work": Q.open_work(Q.cube(request.user, f)),
                         "tables": [{k: t[k] for k in ("id", "title", "header", "rows")} for t in tables]})


class PublicOut(serializers.Serializer):
    city = serializers.CharField()
    year = serializers.IntegerField()
    by_form = serializers.ListField(child=serializers.ListField(), help_text="[label, count or null when suppressed]")
    by_sex = serializers.ListField(child=serializers.ListField())
    trend = serializers.ListField(child=serializers.ListField())
    kecamatan_by_quarter = serializers.DictField()


class PublicView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(parameters=[OpenApiParameter("tahun", int)], responses=PublicOut, summary="Angka publik korban anak (supresi sel kecil)")
    def get(self, request, city_code: str):
        city = get_object_or_404(Region, code=city_code, level=Level.KABKOTA)
        year = public_year(request.query_params.get("tahun"))
        fig = Q.cached_public_figures(city, year)
        k = fig["kecamatan"]
        return Response({"city": city.code, "year": year, "by_form": fig["forms_rows"], "by_sex": fig["sex_rows"], "trend": fig["trend_rows"],
                         "kecamatan_by_quarter": {"rows": k.rows, "cols": k.cols, "cells": k.cells, "row_totals": k.row_totals,
                                                  "col_totals": k.col_totals, "total": k.total}})


class AreaOut(serializers.Serializer):
    area = serializers.CharField(help_text="\"\" = Indonesia, \"35\" = a province, \"35.75\" = a kab/kota")
    year_from = serializers.IntegerField()
    year_to = serializers.IntegerField()
    rows = serializers.ListField(child=serializers.DictField(), help_text="one row per province, kab/kota or kecamatan")
    total = serializers.DictField()
    by_form = serializers.DictField()
    by_place = serializers.DictField()
    by_age_band = serializers.DictField()
    by_sex = serializers.DictField()
    trend = serializers.ListField(child=serializers.ListField())


class AreaView(APIView):
    @extend_schema(parameters=[OpenApiParameter(n, str) for n in ("wilayah", "dari", "sampai")], responses=AreaOut,
                   summary="Angka agregat provinsi/nasional (analis provinsi dan nasional; tanpa identitas)")
    def get(self, request):
        code, y0, y1, _region = area_request(request)
        fig = Q.area_figures(code, y0, y1)
        return Response({"area": code, "year_from": y0, "year_to": y1, "rows": fig["rows"], "total": fig["total"], "by_form": fig["forms"],
                         "by_place": fig["places"], "by_age_band": fig["bands"], "by_sex": fig["sexes"], "trend": fig["trend"]})


class KpiOut(serializers.Serializer):
    city = serializers.CharField()
    period = serializers.ListField(child=serializers.DateField())
    previous_period = serializers.ListField(child=serializers.DateField())
    now = serializers.DictField(help_text="cases, response_hours, on_time, closure_days, delay_days, served_share, child_victims")
    before = serializers.DictField()
    referrals_by_agency = serializers.ListField(child=serializers.DictField())
    open_by_unit = serializers.ListField(child=serializers.DictField())
    open_by_officer = serializers.ListField(child=serializers.DictField())


class KpiView(APIView):
    @extend_schema(parameters=[OpenApiParameter(n, OpenApiTypes.DATE if n.startswith("date_") else str) for n in ("kota", "date_from", "date_to")], responses=KpiOut,
                   summary="Indikator kinerja layanan kota, dengan periode sebelumnya (supervisor dan analis)")
    def get(self, request):
        city, _form, f = kpi_request(request)
        k = Q.service_kpis(request.user, f)
        prev = f.previous()
        return Response({"city": city.code, "period": [f.date_from, f.date_to], "previous_period": [prev.date_from, prev.date_to],
                         "now": {key: k["now"][key] for key, _l in Q.KPI_ROWS} | {"child_victims": k["now"]["child_victims"]},
                         "before": {key: k["before"][key] for key, _l in Q.KPI_ROWS} | {"child_victims": k["before"]["child_victims"]},
                         "referrals_by_agency": k["agencies"], "open_by_unit": k["units"], "open_by_officer": k["officers"]})


urlpatterns = [
    path("stats/kpi/", KpiView.as_view(), name="api-stats-kpi"),
    path("stats/area/", AreaView.as_view(), name="api-stats-area"),
    path("stats/summary/", SummaryView.as_view(), name="api-stats-summary"),
    re_path(r"^stats/public/(?P<city_code>\d{2}\.\d{2})/$", PublicView.as_view(), name="api-stats-public"),
]
