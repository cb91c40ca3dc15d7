"""JSON API of families: the same services and selectors as the pages (scope → 404)."""

from __future__ import annotations

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from naungan.audit.services import audit_view
from naungan.cases.selectors import case_get
from naungan.core.api import validated
from naungan.core.pagination import list_response, list_schema

from . import services as S
from .models import LinkKind
from .selectors import FAMILY_KEYS, accompaniments_visible_to, families_visible_to, family_get, family_view


class FamilyOut(serializers.Serializer):
    id = serializers.IntegerField()
    city = serializers.CharField(source="city_id")
    kind = serializers.CharField()
    accompaniment = serializers.IntegerField(source="accompaniment_id", allow_null=True)
    created_at = serializers.DateTimeField()


class FamilyDetailOut(FamilyOut):
    cases = serializers.ListField(child=serializers.DictField())
    cases_out_of_scope = serializers.IntegerField()
    members = serializers.ListField(child=serializers.DictField())
    services = serializers.ListField(child=serializers.DictField())
    support = serializers.ListField(child=serializers.DictField(), allow_null=True)


class FamilyCreateIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=LinkKind.choices)
    label = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    relation = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class FamilyAddCaseIn(serializers.Serializer):
    case_id = serializers.IntegerField()
    relation = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class FamilyAccompanimentIn(serializers.Serializer):
    accompaniment = serializers.IntegerField(allow_null=True)


def _detail(user, family) -> dict:
    v = family_view(user=user, family=family)
    return {
        **FamilyOut(family).data,
        "cases": [{"id": link.case_id, "number": link.case.number, "status": link.case.status, "relation": link.relation} for link in v["links"]],
        "cases_out_of_scope": v["hidden"],
        "members": [{"case": p.case.number, "role": p.role, "name": p.name if p.identity_visible else "", "sex": p.sex,
                     "age_at_incident": p.age_at_incident} for p in v["members"]],
        "services": [{"case": s.case.number, "service": s.service, "status": s.status, "provider": s.provider.name if s.provider else ""}
                     for s in v["services"]],
        "support": None if v["support"] is None else [{"kind": s.kind, "agency": s.agency.name, "date": s.date} for s in v["support"]],
    }


class FamilyListView(APIView):
    @list_schema(FamilyOut, operation_id="v1_families_list", summary="Keluarga yang terlihat oleh pengguna, terbaru dulu, per cursor")
    def get(self, request):
        return list_response(request, families_visible_to(request.user), FamilyOut, keys=FAMILY_KEYS)


class FamilyDetailView(APIView):
    @extend_schema(responses=FamilyDetailOut, summary="Keluarga: anggota, kasus (dalam cakupan), layanan, dukungan")
    def get(self, request, pk: int):
        family = family_get(user=request.user, family_id=pk)
        audit_view(actor=request.user, obj=family, action="household.view", city_code=family.city_id)
        return Response(_detail(request.user, family))


class FamilyCreateView(APIView):
    @extend_schema(request=FamilyCreateIn, responses={201: FamilyDetailOut}, summary="Buat keluarga dari kasus ini")
    def post(self, request, case_id: int):
        case = case_get(user=request.user, case_id=case_id)
        data = validated(FamilyCreateIn, request.data)
        family = S.family_create(actor=request.user, case=case, **data)
        return Response(_detail(request.user, family), status=201)


class FamilyCasesView(APIView):
    @extend_schema(request=FamilyAddCaseIn, responses={201: FamilyDetailOut}, summary="Tautkan kasus ke keluarga")
    def post(self, request, pk: int):
        family = family_get(user=request.user, family_id=pk)
        data = validated(FamilyAddCaseIn, request.data)
        case = case_get(user=request.user, case_id=data["case_id"])
        S.family_add_case(actor=request.user, family=family, case=case, relation=data["relation"])
        return Response(_detail(request.user, family), status=201)


class FamilyCaseView(APIView):
    @extend_schema(responses={204: None}, summary="Lepas kasus dari keluarga")
    def delete(self, request, pk: int, case_id: int):
        family = family_get(user=request.user, family_id=pk)
        S.family_remove_case(actor=request.user, family=family, case=case_get(user=request.user, case_id=case_id))
        return Response(status=204)


class FamilyAccompanimentView(APIView):
    @extend_schema(request=FamilyAccompanimentIn, responses=FamilyDetailOut, summary="Tautkan catatan pendampingan keluarga rentan")
    def put(self, request, pk: int):
        family = family_get(user=request.user, family_id=pk)
        data = validated(FamilyAccompanimentIn, request.data)
        acc = None
        if data["accompaniment"]:
            acc = accompaniments_visible_to(request.user).filter(pk=data["accompaniment"]).first()
            if acc is None:
                raise Http404
        S.family_link_accompaniment(actor=request.user, family=family, accompaniment=acc)
        return Response(_detail(request.user, family_get(user=request.user, family_id=pk)))


urlpatterns = [
    path("families/", FamilyListView.as_view(), name="families-list"),
    path("families/<int:pk>/", FamilyDetailView.as_view(), name="families-detail"),
    path("families/<int:pk>/cases/", FamilyCasesView.as_view(), name="families-cases"),
    path("families/<int:pk>/cases/<int:case_id>/", FamilyCaseView.as_view(), name="families-case"),
    path("families/<int:pk>/accompaniment/", FamilyAccompanimentView.as_view(), name="families-accompaniment"),
    path("cases/<int:case_id>/families/", FamilyCreateView.as_view(), name="families-create"),
]
