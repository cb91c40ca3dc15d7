"""Notes (timeline) and attachments."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from naungan.audit.services import audit_view
from naungan.core.uploads import download_response

from .. import services as S
from ..models import Attachment, CaseEvent
from ..selectors import case_get


class NoteIn(serializers.Serializer):
    body = serializers.CharField(max_length=20000)


class EventOut(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None)

    class Meta:
        model = CaseEvent
        fields = ["id", "kind", "body", "actor", "created_at"]


class NoteListView(APIView):
    @extend_schema(responses=EventOut(many=True), summary="Linimasa kasus")
    def get(self, request, pk: int):
        case = case_get(user=request.user, case_id=pk)
        audit_view(actor=request.user, obj=case, action="case.timeline_view", city_code=case.city_id)
        return Response(EventOut(case.events.select_related("actor").order_by("created_at", "id"), many=True).data)

    @extend_schema(request=NoteIn, responses={201: EventOut})
    def post(self, request, pk: int):
        case = case_get(user=request.user, case_id=pk)
        data = NoteIn(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(EventOut(S.case_note_add(actor=request.user, case=case, body=data.validated_data["body"])).data, status=201)


class AttachmentIn(serializers.Serializer):
    file = serializers.FileField()
    description = serializers.CharField(required=False, allow_blank=True, max_length=500)


class AttachmentOut(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.username")

    class Meta:
        model = Attachment
        fields = ["id", "original_name", "description", "content_type", "size", "sha256", "uploaded_by", "created_at"]


class AttachmentListView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(responses=AttachmentOut(many=True), summary="Lampiran (bukti) kasus")
    def get(self, request, pk: int):
        case = case_get(user=request.user, case_id=pk)
        return Response(AttachmentOut(case.attachments.select_related("uploaded_by").order_by("-created_at", "-id"), many=True).data)

    @extend_schema(request={"multipart/form-data": AttachmentIn}, responses={201: AttachmentOut},
                   summary="Unggah lampiran (PDF, JPG, PNG, DOCX; diperiksa dari isinya)")
    def post(self, request, pk: int):
        case = case_get(user=request.user, case_id=pk)
        data = AttachmentIn(data=request.data)
        data.is_valid(raise_exception=True)
        att = S.attachment_add(actor=request.user, case=case, uploaded_file=data.validated_data["file"],
                               description=data.validated_data.get("description", ""))
        return Response(AttachmentOut(att).data, status=201)


class AttachmentDownloadView(APIView):
    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
                   summary="Unduh lampiran (dicatat di jejak audit)")
    def get(self, request, pk: int, attachment_id: int):
        case = case_get(user=request.user, case_id=pk)
        att = S.attachment_open(user=request.user, attachment_id=attachment_id, case_id=case.pk)
        return download_response(att.file, att.content_type, f"{case.number}-lampiran-{att.pk}")
