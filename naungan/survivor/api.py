"""JSON API of the survivor's view (code + PIN, anonymous, throttled; nothing of the case beyond
rights, appointments told, safe-contact rules and whom to call) and of the officers' side."""

from __future__ import annotations

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from naungan.cases.models import Case
from naungan.cases.selectors import case_get
from naungan.core.api import validated
from naungan.core.clientip import client_ip
from naungan.reporting.api import PortalThrottle

from . import services as S
from .models import Appointment, AppointmentKind, Channel
from .selectors import appointments_of, safe_contact_for, survivor_view


class SurvivorCodeIn(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    pin = serializers.CharField(max_length=12)


class SafeContactRulesIn(serializers.Serializer):
    preferred_channel = serializers.ChoiceField(choices=[("", "")] + list(Channel.choices), required=False, allow_blank=True, default="")
    safe_from = serializers.TimeField(required=False, allow_null=True, default=None)
    safe_to = serializers.TimeField(required=False, allow_null=True, default=None)
    never_call = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    no_home_visit = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class SurvivorSafeContactRulesIn(SurvivorCodeIn, SafeContactRulesIn):
    pass


class SurvivorAppointmentIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AppointmentKind.choices)
    at = serializers.DateTimeField()
    place = serializers.CharField(max_length=200)
    told_to_survivor = serializers.BooleanField(required=False, default=False)


def _safe_contact_out(sc) -> dict | None:
    if sc is None:
        return None
    return {"preferred_channel": sc.preferred_channel, "safe_from": sc.safe_from.isoformat() if sc.safe_from else None,
            "safe_to": sc.safe_to.isoformat() if sc.safe_to else None, "never_call": sc.never_call, "no_home_visit": sc.no_home_visit,
            "note": sc.note, "set_by_survivor": sc.set_by_survivor}


def _survivor_out(case: Case) -> dict:
    v = survivor_view(case)
    rights = [{"right": r.code, "label": r.label, "state": r.state, "tpks": r.group == "tpks"} for r in v["rights_general"] + v["rights_tpks"]]
    return {
        "status": "closed" if v["closed"] else "handling",
        "rights": rights,
        "appointments": [{"kind": a.kind, "at": a.at.isoformat(), "place": a.place} for a in v["appointments"]],
        "safe_contact": _safe_contact_out(v["safe_contact"]),
        "contacts": {"uptd_phone": v["contacts"]["uptd_phone"], "uptd_whatsapp": v["contacts"]["uptd_whatsapp"],
                     "emergency": ["112", "SAPA 129: telepon 129, WhatsApp 08111-129-129"]},
    }


class _Public(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [PortalThrottle]


class SurvivorView(_Public):
    @extend_schema(request=SurvivorCodeIn, responses={200: None}, summary="Halaman korban: hak, jadwal, aturan kontak aman (kode + PIN)")
    def post(self, request):
        data = validated(SurvivorCodeIn, request.data)
        s = S.survivor_check(code=data["code"], pin=data["pin"], client=client_ip(request))
        return Response(_survivor_out(Case.objects.select_related("city").get(pk=s.case_id)))


class SurvivorSafeContactView(_Public):
    @extend_schema(request=SurvivorSafeContactRulesIn, responses={200: None}, summary="Korban mengatur kontak aman (kode + PIN)")
    def post(self, request):
        data = SurvivorSafeContactRulesIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        s = S.survivor_check(code=d.pop("code"), pin=d.pop("pin"), client=client_ip(request))
        case = Case.objects.select_related("city").get(pk=s.case_id)
        S.safe_contact_set(case=case, data=d, by_survivor=True)
        return Response(_survivor_out(case))


class CaseSafeContactView(APIView):
    @extend_schema(responses={200: None}, summary="Aturan kontak aman kasus (petugas)")
    def get(self, request, case_id: int):
        case = case_get(user=request.user, case_id=case_id)
        return Response({"safe_contact": _safe_contact_out(safe_contact_for(user=request.user, case=case))})

    @extend_schema(request=SafeContactRulesIn, responses={200: None}, summary="Catat aturan kontak aman bersama korban")
    def put(self, request, case_id: int):
        case = case_get(user=request.user, case_id=case_id)
        data = SafeContactRulesIn(data=request.data)
        data.is_valid(raise_exception=True)
        return Response({"safe_contact": _safe_contact_out(S.safe_contact_set(actor=request.user, case=case, data=dict(data.validated_data)))})


class CaseAppointmentsView(APIView):
    @extend_schema(responses={200: None}, summary="Jadwal korban (visum, BAP, sidang…)")
    def get(self, request, case_id: int):
        case = case_get(user=request.user, case_id=case_id)
        return Response([{"id": a.pk, "kind": a.kind, "at": a.at.isoformat(), "place": a.place, "told_to_survivor": a.told_to_survivor,
                          "cancelled": a.cancelled} for a in appointments_of(user=request.user, case=case)])

    @extend_schema(request=SurvivorAppointmentIn, responses={201: None}, summary="Tambah jadwal")
    def post(self, request, case_id: int):
        case = case_get(user=request.user, case_id=case_id)
        data = validated(SurvivorAppointmentIn, request.data)
        a = S.appointment_add(actor=request.user, case=case, **data)
        return Response({"id": a.pk}, status=201)


class CaseAppointmentView(APIView):
    @extend_schema(request=None, responses={200: None}, summary="Tandai jadwal sudah diberitahukan / batal")
    def patch(self, request, case_id: int, appointment_id: int):
        case = case_get(user=request.user, case_id=case_id)
        a = Appointment.objects.filter(pk=appointment_id, case=case).first()
        if a is None:
            raise Http404
        told = request.data.get("told_to_survivor")
        cancelled = request.data.get("cancelled")
        a = S.appointment_update(actor=request.user, appointment=a, told_to_survivor=bool(told) if told is not None else None,
                                 cancelled=bool(cancelled) if cancelled is not None else None)
        return Response({"id": a.pk, "told_to_survivor": a.told_to_survivor, "cancelled": a.cancelled})


class CaseAccessView(APIView):
    @extend_schema(request=None, responses={201: None}, summary="Beri kode dan PIN kepada korban (PIN tampil sekali)")
    def post(self, request, case_id: int):
        case = case_get(user=request.user, case_id=case_id)
        access, pin = S.access_issue(actor=request.user, case=case)
        response = Response({"tracking_code": access.tracking_code, "pin": pin}, status=201)
        response["Cache-Control"] = "no-store"
        return response


urlpatterns = [
    path("survivor/", SurvivorView.as_view(), name="survivor-view"),
    path("survivor/safe-contact/", SurvivorSafeContactView.as_view(), name="survivor-safe-contact"),
    path("cases/<int:case_id>/safe-contact/", CaseSafeContactView.as_view(), name="survivor-case-safe-contact"),
    path("cases/<int:case_id>/appointments/", CaseAppointmentsView.as_view(), name="survivor-case-appointments"),
    path("cases/<int:case_id>/appointments/<int:appointment_id>/", CaseAppointmentView.as_view(), name="survivor-case-appointment"),
    path("cases/<int:case_id>/survivor-access/", CaseAccessView.as_view(), name="survivor-case-access"),
]
