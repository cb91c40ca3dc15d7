"""Sync of offline drafts from the installable web app."""

from __future__ import annotations

from django.urls import path, reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from naungan.core.api import validated

from . import services as S
from .models import Kind, State

MESSAGES = {
    State.STORED: {Kind.CASE_INTAKE: "Pengaduan terdaftar dengan nomor {label}.", Kind.OUTREACH: "Sosialisasi tanggal {label} tercatat.",
                   Kind.FAMILY_VISIT: "Kunjungan tanggal {label} tercatat."},
    State.CONFLICT: "Draf perlu diselesaikan: {reason}. Buka daftar «Perlu diselesaikan».",
}


class DraftIn(serializers.Serializer):
    client_id = serializers.CharField(max_length=36, help_text="UUID the phone gave the draft; a resend with it stores nothing new")
    kind = serializers.ChoiceField(choices=Kind.choices)
    fields = serializers.ListField(child=serializers.ListField(child=serializers.CharField(allow_blank=True, max_length=S.MAX_VALUE, trim_whitespace=False),
                                                               min_length=2, max_length=2), max_length=S.MAX_FIELDS,
                                   help_text="the form's [name, value] pairs, as the page would post them")
    target_id = serializers.IntegerField(required=False, allow_null=True, help_text="the family of a visit")
    drafted_at = serializers.DateTimeField(required=False, allow_null=True)


class DraftOut(serializers.Serializer):
    client_id = serializers.CharField()
    state = serializers.ChoiceField(choices=State.choices)
    reason = serializers.CharField()
    replayed = serializers.BooleanField()
    message = serializers.CharField()
    url = serializers.CharField(allow_null=True)
    number = serializers.CharField(allow_blank=True)


def draft_out(sub, replayed: bool) -> dict:
    if sub.state == State.STORED:
        message = MESSAGES[State.STORED][sub.kind].format(label=sub.result_label)
        url = f"/kasus/{sub.result_id}/" if sub.result_type == "cases.case" else None
    elif sub.state == State.CONFLICT:
        message = MESSAGES[State.CONFLICT].format(reason=sub.get_reason_display().lower())
        url = reverse("field:resolve", args=[sub.pk])
    else:
        message, url = sub.get_state_display(), None
    return {"client_id": sub.client_id, "state": sub.state, "reason": sub.reason, "replayed": replayed, "message": message, "url": url,
            "number": sub.result_label}


class DraftSyncView(APIView):
    @extend_schema(request=DraftIn, responses={201: DraftOut, 200: DraftOut},
                   summary="Kirim draf luring (divalidasi ulang; data ganda atau berubah masuk daftar «Perlu diselesaikan»)")
    def post(self, request):
        d = validated(DraftIn, request.data)
        sub, replayed = S.submission_sync(actor=request.user, client_id=d["client_id"], kind=d["kind"], fields=d["fields"],
                                          target_id=d.get("target_id"), drafted_at=d.get("drafted_at"))
        return Response(draft_out(sub, replayed), status=200 if replayed else 201)


urlpatterns = [
    path("field/drafts/", DraftSyncView.as_view(), name="api-field-drafts"),
]
