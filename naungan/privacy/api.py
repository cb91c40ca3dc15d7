"""API of the data-subject request register: same services, scope (404) and audit as the pages."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from naungan.audit.services import audit_view
from naungan.core.api import act_on, validated
from naungan.core.pagination import list_response, list_schema

from . import services as S
from .models import DataSubjectRequest, RequestKind
from .selectors import REQUEST_KEYS, request_get, request_list, request_subjects


class SubjectOut(serializers.Serializer):
    id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    case_number = serializers.CharField(source="case.number")
    role = serializers.CharField()
    name = serializers.CharField()


class RequestOut(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)

    class Meta:
        model = DataSubjectRequest
        fields = ["id", "number", "city", "kind", "requester_relation", "requester_name", "requester_contact", "description", "received_at",
                  "respond_by", "status", "legal_ground", "decision_note", "decided_at", "completed_at", "version"]


class RequestSummaryOut(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)

    class Meta:
        model = DataSubjectRequest
        fields = ["id", "number", "city", "kind", "status", "received_at", "respond_by", "legal_ground", "decided_at", "completed_at"]


class RequestIn(serializers.Serializer):
    city_code = serializers.CharField(max_length=5)
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    requester_relation = serializers.CharField(max_length=20)
    requester_name = serializers.CharField(max_length=200)
    requester_contact = serializers.CharField(max_length=200, required=False, allow_blank=True)
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class RequestListView(APIView):
    @list_schema(RequestSummaryOut, parameters=[OpenApiParameter("status", str)], operation_id="v1_privacy_requests_list", summary="Register permintaan subjek data (PDP), terbaru dulu, per cursor")
    def get(self, request):
        return list_response(request, request_list(user=request.user, status=request.query_params.get("status", "")), RequestSummaryOut, keys=REQUEST_KEYS)

    @extend_schema(request=RequestIn, responses={201: RequestOut}, summary="Catat permintaan subjek data")
    def post(self, request):
        d = validated(RequestIn, request.data)
        req = S.dsr_create(actor=request.user, **d)
        return Response(RequestOut(req).data, status=201)


class RequestDetailOut(RequestOut):
    subjects = serializers.SerializerMethodField()

    class Meta(RequestOut.Meta):
        fields = [*RequestOut.Meta.fields, "subjects"]

    @extend_schema_field(SubjectOut(many=True))
    def get_subjects(self, obj) -> list[dict]:
        return SubjectOut(request_subjects(obj), many=True).data


class RequestDetailView(APIView):
    @extend_schema(responses=RequestDetailOut, summary="Satu permintaan (dibuka = diaudit)")
    def get(self, request, pk: int):
        req = request_get(user=request.user, request_id=pk)
        audit_view(actor=request.user, obj=req, action="dsr.view", city_code=req.city_id)
        return Response(RequestDetailOut(req).data)


class SubjectIn(serializers.Serializer):
    person_id = serializers.IntegerField()
    link = serializers.BooleanField(default=True)


class RequestSubjectView(APIView):
    @extend_schema(request=SubjectIn, responses=RequestDetailOut, summary="Tautkan/lepas data orang yang dimaksud")
    def post(self, request, pk: int):
        return act_on(request, request_get(user=request.user, request_id=pk), SubjectIn,
                      lambda req, d: S.dsr_link_subject(actor=request.user, request=req, person_id=d["person_id"], link=d["link"]),
                      lambda req: RequestDetailOut(req).data)


class DecideIn(serializers.Serializer):
    approve = serializers.BooleanField()
    legal_ground = serializers.CharField(max_length=40)
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    version = serializers.IntegerField(required=False)


class RequestDecideView(APIView):
    @extend_schema(request=DecideIn, responses=RequestOut, summary="Putuskan (kabulkan/tolak) dengan dasar hukum")
    def post(self, request, pk: int):
        return act_on(request, request_get(user=request.user, request_id=pk), DecideIn,
                      lambda req, d: S.dsr_decide(actor=request.user, request=req, **d), lambda req: RequestOut(req).data)


class ExecuteOut(serializers.Serializer):
    persons = serializers.IntegerField()
    texts = serializers.IntegerField()
    files = serializers.IntegerField()
    exports = serializers.IntegerField()


class RequestExecuteView(APIView):
    @extend_schema(request=None, responses=ExecuteOut, summary="Laksanakan penghapusan yang sudah dikabulkan")
    def post(self, request, pk: int):
        req = request_get(user=request.user, request_id=pk)
        return Response(S.dsr_execute_erasure(actor=request.user, request=req))


class CompleteIn(serializers.Serializer):
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class RequestCompleteView(APIView):
    @extend_schema(request=CompleteIn, responses=RequestOut, summary="Tandai permintaan akses/pembetulan selesai")
    def post(self, request, pk: int):
        return act_on(request, request_get(user=request.user, request_id=pk), CompleteIn,
                      lambda req, d: S.dsr_complete(actor=request.user, request=req, note=d.get("note", "")), lambda req: RequestOut(req).data)


urlpatterns = [
    path("privacy/requests/", RequestListView.as_view(), name="privacy-requests"),
    path("privacy/requests/<int:pk>/", RequestDetailView.as_view(), name="privacy-request"),
    path("privacy/requests/<int:pk>/subjects/", RequestSubjectView.as_view(), name="privacy-request-subjects"),
    path("privacy/requests/<int:pk>/decide/", RequestDecideView.as_view(), name="privacy-request-decide"),
    path("privacy/requests/<int:pk>/execute/", RequestExecuteView.as_view(), name="privacy-request-execute"),
    path("privacy/requests/<int:pk>/complete/", RequestCompleteView.as_view(), name="privacy-request-complete"),
]
