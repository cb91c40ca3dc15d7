"""Cases: list, search (POSTed), detail and edits."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from naungan.audit.services import audit_view
from naungan.core.api import validated, versioned_patch
from naungan.core.filters import filter_parameters
from naungan.core.pagination import list_response, list_schema

from .. import services as S
from ..selectors import CASE_LIST_KEYS, CaseFilter, case_get, case_list
from .persons import PersonIn, person_out


class _IncidentIn(serializers.Serializer):
    """The incident data of a case, the same when registering and when editing."""

    kelurahan = serializers.CharField(required=False, allow_blank=True, max_length=13)
    incident_date = serializers.DateField(required=False, allow_null=True)
    incident_date_approximate = serializers.BooleanField(required=False)
    place = serializers.CharField(required=False, allow_blank=True, max_length=40)
    forms = serializers.ListField(child=serializers.CharField(max_length=20), required=False)
    chronology = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    special_protection = serializers.CharField(required=False, allow_blank=True, max_length=40)
    is_tpks = serializers.BooleanField(required=False)


class CaseIn(_IncidentIn):
    city_code = serializers.CharField(max_length=5)
    channel = serializers.CharField(max_length=40)
    received_at = serializers.DateTimeField(required=False)
    persons = PersonIn(many=True)


class CaseUpdateIn(_IncidentIn):
    version = serializers.IntegerField()
    channel = serializers.CharField(required=False, max_length=40)


class CaseSummaryOut(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.CharField()
    risk = serializers.CharField()
    channel = serializers.CharField()
    received_at = serializers.DateTimeField()
    kelurahan = serializers.CharField(source="kelurahan_id", allow_null=True)
    place = serializers.CharField()
    forms = serializers.SerializerMethodField()
    respond_by = serializers.DateTimeField(allow_null=True)
    is_overdue = serializers.BooleanField()
    assigned_to = serializers.CharField(source="assigned_to.username", allow_null=True, default=None)
    version = serializers.IntegerField()

    def get_forms(self, obj) -> list[str]:
        return sorted(f.form for f in obj.forms.all())


class CaseDetailOut(CaseSummaryOut):
    city = serializers.CharField(source="city_id")
    incident_date = serializers.DateField(allow_null=True)
    incident_date_approximate = serializers.BooleanField()
    chronology = serializers.CharField()
    special_protection = serializers.CharField()
    is_tpks = serializers.BooleanField()
    case_type = serializers.CharField()
    authority = serializers.CharField()
    first_response_at = serializers.DateTimeField(allow_null=True)
    closure_reason = serializers.CharField()
    closure_requested_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    persons = serializers.SerializerMethodField()

    def get_persons(self, obj) -> list[dict]:
        user = self.context["user"]
        return [person_out(user, p) for p in obj.persons.all().order_by("id")]


class CaseListView(APIView):
    @list_schema(CaseSummaryOut, parameters=filter_parameters(CaseFilter, exclude=("q",)), operation_id="v1_cases_list",
                 summary="Daftar kasus dalam cakupan pengguna (terbaru dulu, per cursor)")
    def get(self, request):
        filters = request.query_params.copy()
        filters.pop("q", None)  # a search is POSTed, never put in a URL
        return _paged(request, case_list(user=request.user, filters=filters))

    @extend_schema(request=CaseIn, responses={201: CaseDetailOut}, summary="Daftarkan pengaduan")
    def post(self, request):
        data = CaseIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        case = S.case_register(
            actor=request.user, city_code=d["city_code"], channel=d["channel"], persons=[dict(p) for p in d["persons"]],
            received_at=d.get("received_at"), kelurahan_code=d.get("kelurahan") or None, incident_date=d.get("incident_date"),
            incident_date_approximate=d.get("incident_date_approximate", False), place=d.get("place", ""), forms=d.get("forms", []),
            chronology=d.get("chronology", ""), special_protection=d.get("special_protection", ""), is_tpks=d.get("is_tpks", False),
        )
        return Response(CaseDetailOut(case_get(user=request.user, case_id=case.pk), context={"user": request.user}).data, status=201)


def _paged(request, qs):
    """Newest first by (received_at, id), read by cursor: no offset, no COUNT over the scope."""
    return list_response(request, qs, CaseSummaryOut, keys=CASE_LIST_KEYS)


class SearchIn(serializers.Serializer):
    q = serializers.CharField(max_length=100)
    status = serializers.CharField(required=False, allow_blank=True)


class CaseSearchView(APIView):
    @list_schema(CaseSummaryOut, request=SearchIn, summary="Cari kasus (nomor, NIK, telepon, nama) — POST agar identitas tidak masuk URL")
    def post(self, request):
        data = validated(SearchIn, request.data)
        filters = {"q": data["q"], "status": data.get("status", "")}
        return _paged(request, case_list(user=request.user, filters=filters))


class CaseDetailView(APIView):
    @extend_schema(responses=CaseDetailOut, summary="Detail kasus (dicatat di jejak audit)")
    def get(self, request, pk: int):
        case = case_get(user=request.user, case_id=pk)
        audit_view(actor=request.user, obj=case, action="case.view", city_code=case.city_id)
        return Response(CaseDetailOut(case, context={"user": request.user}).data)

    @extend_schema(request=CaseUpdateIn, responses={200: CaseDetailOut, 409: None}, summary="Ubah data kejadian (wajib menyertakan version)")
    def patch(self, request, pk: int):
        case = case_get(user=request.user, case_id=pk)
        _, conflict = versioned_patch(request, CaseUpdateIn, lambda v, d: S.case_update(actor=request.user, case_id=case.pk, version=v, data=d))
        return conflict or Response(CaseDetailOut(case_get(user=request.user, case_id=pk), context={"user": request.user}).data)
