from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from naungan.accounts.permissions import KLA_READ, cities_with, may_read_kla
from naungan.core.pagination import list_response, list_schema

from . import services as S
from .figures import figures
from .models import Evaluation, IndicatorSet


class EvaluationOut(serializers.Serializer):
    id = serializers.IntegerField()
    city = serializers.CharField()
    year = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=8, decimal_places=2)
    maximum = serializers.DecimalField(max_digits=8, decimal_places=2)
    complete = serializers.BooleanField()
    missing = serializers.ListField(child=serializers.IntegerField())
    level = serializers.CharField(allow_null=True)
    next_level = serializers.CharField(allow_null=True)
    points_to_next = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    clusters = serializers.ListField(child=serializers.DictField())
    figures = serializers.DictField()


def _out(e):
    figs = figures(e.city_id, e.year)
    s = S.evaluation_summary(e, figures=figs)
    return {"id": e.pk, "city": e.city_id, "year": e.year, "total": s.total, "maximum": s.maximum, "complete": s.complete, "missing": s.missing,
            "level": s.level, "next_level": s.next[0] if s.next else None, "points_to_next": s.next[1] if s.next else None,
            "clusters": [{"code": c["code"], "name": c["name"], "total": str(c["total"]), "max": str(c["max"])} for c in s.clusters], "figures": figs}


class EvaluationListView(APIView):
    @list_schema(EvaluationOut, operation_id="v1_kla_evaluations_list", summary="Evaluasi KLA kota pengguna (terbaru dulu, per cursor)")
    def get(self, request):
        cities = cities_with(request.user, KLA_READ)
        return list_response(request, Evaluation.objects.filter(city_id__in=cities), _out, keys=("-year", "-id"))


class EvaluationDetailView(APIView):
    @extend_schema(responses=EvaluationOut)
    def get(self, request, pk: int):
        e = get_object_or_404(Evaluation, pk=pk)
        if not S.can_read(request.user, e.city_id):
            raise Http404
        return Response(_out(e))


class IndicatorSetView(APIView):
    @extend_schema(responses={200: dict}, summary="Set indikator KLA dalam format impor/ekspor")
    def get(self, request, pk: int):
        if not may_read_kla(request.user):
            raise Http404
        return Response(S.indicator_set_export(get_object_or_404(IndicatorSet, pk=pk)))


urlpatterns = [
    path("kla/evaluations/", EvaluationListView.as_view(), name="api-kla-evaluations"),
    path("kla/evaluations/<int:pk>/", EvaluationDetailView.as_view(), name="api-kla-evaluation"),
    path("kla/indicator-sets/<int:pk>/", IndicatorSetView.as_view(), name="api-kla-indicator-set"),
]
