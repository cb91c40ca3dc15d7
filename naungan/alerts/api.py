"""JSON API of early warnings: supervisors only; the same services and selectors as the pages."""

from __future__ import annotations

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from naungan.accounts.models import Organisation
from naungan.accounts.permissions import ALERT_RULES, ALERTS, cities_with, may_anywhere
from naungan.accounts.roles import OrgKind
from naungan.accounts.scope import is_national
from naungan.cases.selectors import case_get
from naungan.core.api import act_and_reread, validated
from naungan.core.pagination import list_response, list_schema

from . import services as S
from .selectors import ALERT_KEYS, RULE_KEYS, alert_cases, alert_get, alert_list, rules_visible_to


def _require_supervisor(user) -> None:
    if not may_anywhere(user, ALERTS):
        raise Http404


class AlertOut(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    status = serializers.CharField()
    case_number = serializers.CharField(source="case.number")
    size = serializers.IntegerField()
    window_days = serializers.IntegerField()
    threshold = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class AlertDetailOut(AlertOut):
    case_numbers = serializers.ListField(child=serializers.CharField())
    cases_out_of_scope = serializers.IntegerField()


class AlertReviewIn(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class AlertRuleOut(serializers.Serializer):
    id = serializers.IntegerField()
    city = serializers.CharField(source="city_id")
    key = serializers.CharField()
    window_days = serializers.IntegerField()
    threshold = serializers.IntegerField()
    active = serializers.BooleanField()


class AlertRuleIn(serializers.Serializer):
    window_days = serializers.IntegerField(min_value=1, max_value=3650)
    threshold = serializers.IntegerField(min_value=2, max_value=100)
    active = serializers.BooleanField()


class AlertPlaceTagIn(serializers.Serializer):
    school = serializers.IntegerField(required=False, allow_null=True)
    place_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


def _detail(request, alert) -> dict:
    cases, hidden = alert_cases(user=request.user, alert=alert)
    return {**AlertOut(alert).data, "case_numbers": [c.number for c in cases], "cases_out_of_scope": hidden}


class AlertListView(APIView):
    @list_schema(AlertOut, parameters=[OpenApiParameter("status", str)], operation_id="v1_alerts_list", summary="Peringatan dini (supervisor), terbaru dulu, per cursor")
    def get(self, request):
        _require_supervisor(request.user)
        return list_response(request, alert_list(user=request.user, status=request.query_params.get("status", "")), AlertOut, keys=ALERT_KEYS)


class AlertDetailView(APIView):
    @extend_schema(responses=AlertDetailOut, summary="Detail peringatan dini: nomor kasus dalam cakupan")
    def get(self, request, pk: int):
        return Response(_detail(request, alert_get(user=request.user, alert_id=pk)))


class AlertReviewView(APIView):
    @extend_schema(request=AlertReviewIn, responses=AlertDetailOut, summary="Tandai peringatan sudah ditinjau")
    def post(self, request, pk: int):
        return act_and_reread(request, lambda: alert_get(user=request.user, alert_id=pk),
                              lambda alert, data: S.alert_review(actor=request.user, alert=alert, note=data["note"]),
                              lambda alert: _detail(request, alert), AlertReviewIn)


class RuleListView(APIView):
    @list_schema(AlertRuleOut, operation_id="v1_alerts_rules_list", summary="Aturan peringatan dini kota (per kota dan jenis), per cursor")
    def get(self, request):
        cities = cities_with(request.user, ALERT_RULES)
        if not cities and not is_national(request.user):
            raise Http404
        for code in sorted(cities):
            S.rules_for(code)
        return list_response(request, rules_visible_to(request.user), AlertRuleOut, keys=RULE_KEYS)


class RuleDetailView(APIView):
    @extend_schema(request=AlertRuleIn, responses=AlertRuleOut, summary="Ubah jendela, ambang, aktif")
    def put(self, request, pk: int):
        rule = rules_visible_to(request.user).filter(pk=pk).first()
        if rule is None:
            raise Http404
        data = AlertRuleIn(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(AlertRuleOut(S.rule_update(actor=request.user, rule=rule, **data.validated_data)).data)


class PlaceTagView(APIView):
    @extend_schema(request=AlertPlaceTagIn, responses={200: None}, summary="Catat sekolah atau tempat bernama dari kejadian")
    def put(self, request, case_id: int):
        case = case_get(user=request.user, case_id=case_id)
        data = validated(AlertPlaceTagIn, request.data)
        school = None
        if data.get("school"):
            school = Organisation.objects.filter(pk=data["school"], kind=OrgKind.SCHOOL).first()
            if school is None:
                raise Http404
        S.place_tag_set(actor=request.user, case=case, school=school, place_name=data["place_name"])
        return Response({"ok": True})


urlpatterns = [
    path("alerts/", AlertListView.as_view(), name="alerts-list"),
    path("alerts/rules/", RuleListView.as_view(), name="alerts-rules"),
    path("alerts/rules/<int:pk>/", RuleDetailView.as_view(), name="alerts-rule"),
    path("alerts/<int:pk>/", AlertDetailView.as_view(), name="alerts-detail"),
    path("alerts/<int:pk>/review/", AlertReviewView.as_view(), name="alerts-review"),
    path("cases/<int:case_id>/place-tag/", PlaceTagView.as_view(), name="alerts-place-tag"),
]
