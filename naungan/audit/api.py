from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView

from .models import AuditEvent
from .selectors import audit_event_list
from .views import FILTERS


class AuditEventOut(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = ["seq", "created_at", "actor_label", "action", "object_type", "object_id", "city_code", "changes", "origin", "hash"]


@extend_schema(parameters=[OpenApiParameter(f, str) for f in FILTERS])
class AuditEventListView(ListAPIView):
    """Audit events visible to an auditor or supervisor (404 for other roles)."""

    serializer_class = AuditEventOut

    def get_queryset(self):
        filters = {k: self.request.query_params.get(k, "").strip()[:100] for k in FILTERS}
        return audit_event_list(user=self.request.user, filters=filters)


urlpatterns = [path("audit/events/", AuditEventListView.as_view(), name="api-audit-events")]
