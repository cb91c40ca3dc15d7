from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from naungan.core.pagination import api_body, api_page, paginated_schema

from .models import AuditEvent
from .selectors import AUDIT_KEYS, FILTERS, audit_event_list, audit_filters


class AuditEventOut(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = ["seq", "created_at", "actor_label", "action", "object_type", "object_id", "city_code", "changes", "origin", "hash"]


class AuditEventListView(APIView):
    """Audit events visible to an auditor or supervisor (404 for other roles), newest first, read
    by cursor (no COUNT over the trail)."""

    @extend_schema(parameters=[OpenApiParameter(f, OpenApiTypes.DATE if f.startswith("date_") else str) for f in FILTERS] + [OpenApiParameter("limit", int), OpenApiParameter("cursor", str)],
                   responses=paginated_schema(AuditEventOut))
    def get(self, request):
        filters = audit_filters(request.query_params)
        page = api_page(request, audit_event_list(user=request.user, filters=filters), keys=AUDIT_KEYS)
        return Response(api_body(page, AuditEventOut(page.rows, many=True).data))


urlpatterns = [path("audit/events/", AuditEventListView.as_view(), name="api-audit-events")]
