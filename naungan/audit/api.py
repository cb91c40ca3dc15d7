from django.urls import path
from rest_framework import serializers
from rest_framework.views import APIView

from naungan.core.filters import filter_parameters
from naungan.core.pagination import list_response, list_schema

from .models import AuditEvent
from .selectors import AUDIT_KEYS, AuditFilter, audit_event_list


class AuditEventOut(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = ["seq", "created_at", "actor_label", "action", "object_type", "object_id", "city_code", "changes", "origin", "hash"]


class AuditEventListView(APIView):
    """Audit events visible to an auditor or supervisor (404 for other roles), newest first, read
    by cursor (no COUNT over the trail)."""

    @list_schema(AuditEventOut, parameters=filter_parameters(AuditFilter), operation_id="v1_audit_events_list")
    def get(self, request):
        return list_response(request, audit_event_list(user=request.user, filters=request.query_params), AuditEventOut, keys=AUDIT_KEYS)


urlpatterns = [path("audit/events/", AuditEventListView.as_view(), name="api-audit-events")]
