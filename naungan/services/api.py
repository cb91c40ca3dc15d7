"""API for services, referrals (incl. the partner's accept/decline/feedback), consent, rights and
the legal process. Same services, same scope (404), same audit as the pages."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from naungan.accounts.models import Organisation
from naungan.audit.services import audit_list, audit_view
from naungan.cases.selectors import case_get
from naungan.core.api import act_on, validated
from naungan.core.pagination import list_response, list_schema

from . import services as S
from .models import Consent, ReferralStatus, RightRecord, RightStatus, ServiceDelivery
from .selectors import REFERRAL_KEYS, is_partner_view, referral_get, referrals_visible_to, shared_view


class DeliveryIO(serializers.ModelSerializer):
    class Meta:
        model = ServiceDelivery
        fields = ["id", "service", "simfoni", "person", "provider", "start_date", "end_date", "status", "outcome", "next_step"]
        read_only_fields = ["id", "simfoni"]


class CaseServicesView(APIView):
    @extend_schema(responses=DeliveryIO(many=True), summary="Layanan yang diberikan pada kasus")
    def get(self, request, pk: int):
        case = case_get(user=request.user, case_id=pk)
        return Response(DeliveryIO(case.service_deliveries.order_by("id"), many=True).data)

    @extend_schema(request=DeliveryIO, responses={201: DeliveryIO})
    def post(self, request, pk: int):
        case = case_get(user=request.user, case_id=pk)
        v = validated(DeliveryIO, request.data)
        provider = v.get("provider")
        if provider is not None and provider.city_id != case.city_id:
            provider = None
        out = S.service_record(actor=request.user, case=case, service=v["service"], person_id=v["person"].pk if v.get("person") else None,
                               provider=provider, start_date=v.get("start_date"), end_date=v.get("end_date"), status=v.get("status", "planned"),
                               outcome=v.get("outcome", ""), next_step=v.get("next_step", ""))
        return Response(DeliveryIO(out).data, status=201)


class ConsentIn(serializers.Serializer):
    person = serializers.IntegerField(required=False)
    given_by_name = serializers.CharField(max_length=200)
    given_by_relation = serializers.CharField(max_length=40)
    method = serializers.CharField(max_length=20)
    scope = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ConsentView(APIView):
    @extend_schema(request=ConsentIn, responses={201: None}, summary="Catat persetujuan korban/wali")
    def post(self, request, pk: int):
        case = case_get(user=request.user, case_id=pk)
        d = validated(ConsentIn, request.data)
        c = S.consent_record(actor=request.user, case=case, person_id=d.get("person"), given_by_name=d["given_by_name"],
                             given_by_relation=d["given_by_relation"], method=d["method"], scope=d.get("scope", ""))
        return Response({"id": c.pk}, status=201)


class ReferralIn(serializers.Serializer):
    agency = serializers.IntegerField()
    request = serializers.CharField(max_length=5000)
    shared_fields = serializers.ListField(child=serializers.CharField(max_length=30), required=False)
    service = serializers.CharField(required=False, allow_blank=True, max_length=30)
    consent = serializers.IntegerField(required=False, allow_null=True)
    due_date = serializers.DateField(required=False)


class ReferralOut(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    agency = serializers.CharField()
    due_date = serializers.DateField()
    shared = serializers.DictField()


def referral_out(r) -> dict:
    return {"id": r.pk, "status": r.status, "agency": r.agency.name, "due_date": r.due_date, "shared": shared_view(r)}


class CaseReferralsView(APIView):
    @extend_schema(request=ReferralIn, responses={201: ReferralOut}, summary="Rujuk kasus ke lembaga mitra (identitas hanya dengan persetujuan)")
    def post(self, request, pk: int):
        case = case_get(user=request.user, case_id=pk)
        v = validated(ReferralIn, request.data)
        agency = get_object_or_404(Organisation, pk=v["agency"])
        consent = Consent.objects.filter(pk=v.get("consent") or 0, case=case).first()
        r = S.referral_send(actor=request.user, case=case, agency=agency, request=v["request"], shared_fields=v.get("shared_fields", []),
                            service=v.get("service", ""), consent=consent, due_date=v.get("due_date"))
        return Response(referral_out(r), status=201)


class ReferralListView(APIView):
    @list_schema(ReferralOut, operation_id="v1_referrals_list",
                 summary="Rujukan yang terlihat oleh pengguna (lembaga mitra: hanya yang ditujukan ke lembaganya), terbaru dulu, per cursor")
    def get(self, request):
        return list_response(request, referrals_visible_to(request.user).select_related("case", "agency"), referral_out, keys=REFERRAL_KEYS,
                             shown=lambda rows: audit_list(actor=request.user, action="referral.list_view", object_type="services.referral",
                                                           ids=[r.pk for r in rows], cities=[r.case.city_id for r in rows]))


class ReferralDetailView(APIView):
    @extend_schema(responses=ReferralOut)
    def get(self, request, pk: int):
        r = referral_get(user=request.user, referral_id=pk)
        audit_view(actor=request.user, obj=r, action="referral.view", city_code=r.case.city_id, changes={"as_agency": [None, is_partner_view(request.user, r)]})
        return Response(referral_out(r))


class RespondIn(serializers.Serializer):
    to = serializers.ChoiceField(choices=[ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.IN_PROGRESS, ReferralStatus.COMPLETED])
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)


class ReferralRespondView(APIView):
    @extend_schema(request=RespondIn, responses=ReferralOut, summary="Lembaga menerima / menolak / memproses / menyelesaikan rujukan")
    def post(self, request, pk: int):
        return act_on(request, referral_get(user=request.user, referral_id=pk), RespondIn,
                      lambda r, d: S.referral_respond(actor=request.user, referral=r, to=d["to"], reason=d.get("reason", "")), referral_out)


class FeedbackIn(serializers.Serializer):
    body = serializers.CharField(max_length=5000)


class ReferralFeedbackView(APIView):
    @extend_schema(request=FeedbackIn, responses={201: None}, summary="Umpan balik lembaga (masuk ke linimasa kasus)")
    def post(self, request, pk: int):
        return act_on(request, referral_get(user=request.user, referral_id=pk), FeedbackIn,
                      lambda r, d: S.referral_feedback(actor=request.user, referral=r, body=d["body"]), lambda _: None, status=201)


class RightOut(serializers.ModelSerializer):
    # A right not recorded yet (id null) has no services or referrals.
    services = serializers.SerializerMethodField()
    referrals = serializers.SerializerMethodField()

    class Meta:
        model = RightRecord
        fields = ["id", "person", "right", "status", "reason", "services", "referrals"]

    def get_services(self, obj) -> list[int]:
        return [s.pk for s in obj.services.all()] if obj.pk else []

    def get_referrals(self, obj) -> list[int]:
        return [r.pk for r in obj.referrals.all()] if obj.pk else []


class RightIn(serializers.Serializer):
    status = serializers.ChoiceField(choices=RightStatus.choices)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)


class RightSetIn(RightIn):
    person = serializers.IntegerField()
    right = serializers.CharField(max_length=20)


class CaseRightsView(APIView):
    @extend_schema(responses=RightOut(many=True), summary="Pelacak hak korban")
    def get(self, request, pk: int):
        case = case_get(user=request.user, case_id=pk)
        # A read writes nothing: a right not recorded yet comes with id null; POST sets it.
        return Response(RightOut(S.rights_view(case, case.persons.filter(role="victim").order_by("id")), many=True).data)

    @extend_schema(request=RightSetIn, responses=RightOut, summary="Tetapkan status satu hak korban")
    def post(self, request, pk: int):
        case = case_get(user=request.user, case_id=pk)
        v = validated(RightSetIn, request.data)
        return Response(RightOut(S.right_set(actor=request.user, case=case, person_id=v["person"], right=v["right"], status=v["status"],
                                             reason=v.get("reason", ""))).data)


class RightUpdateView(APIView):
    @extend_schema(request=RightIn, responses=RightOut)
    def patch(self, request, pk: int):
        rec = get_object_or_404(RightRecord, pk=pk)
        case_get(user=request.user, case_id=rec.case_id)
        d = validated(RightIn, request.data)
        return Response(RightOut(S.right_update(actor=request.user, record=rec, status=d["status"], reason=d.get("reason", ""))).data)


class LegalIO(serializers.Serializer):
    lp_number = serializers.CharField(required=False, allow_blank=True, max_length=80)
    police_unit = serializers.CharField(required=False, allow_blank=True, max_length=200)
    stage = serializers.CharField(required=False, allow_blank=True, max_length=20)
    restitution_requested = serializers.DecimalField(max_digits=14, decimal_places=0, required=False, allow_null=True)
    restitution_decided = serializers.DecimalField(max_digits=14, decimal_places=0, required=False, allow_null=True)
    restitution_paid = serializers.DecimalField(max_digits=14, decimal_places=0, required=False, allow_null=True)


class CaseLegalView(APIView):
    @extend_schema(responses=LegalIO, summary="Proses hukum")
    def get(self, request, pk: int):
        case = case_get(user=request.user, case_id=pk)
        legal = getattr(case, "legal", None)
        return Response(LegalIO(legal).data if legal else {})

    @extend_schema(request=LegalIO, responses=LegalIO)
    def put(self, request, pk: int):
        case = case_get(user=request.user, case_id=pk)
        d = validated(LegalIO, request.data)
        legal = S.legal_update(actor=request.user, case=case, **d)
        return Response(LegalIO(legal).data)


urlpatterns = [
    path("cases/<int:pk>/services/", CaseServicesView.as_view(), name="api-case-services"),
    path("cases/<int:pk>/consents/", ConsentView.as_view(), name="api-case-consents"),
    path("cases/<int:pk>/referrals/", CaseReferralsView.as_view(), name="api-case-referrals"),
    path("cases/<int:pk>/rights/", CaseRightsView.as_view(), name="api-case-rights"),
    path("cases/<int:pk>/legal/", CaseLegalView.as_view(), name="api-case-legal"),
    path("referrals/", ReferralListView.as_view(), name="api-referrals"),
    path("referrals/<int:pk>/", ReferralDetailView.as_view(), name="api-referral"),
    path("referrals/<int:pk>/respond/", ReferralRespondView.as_view(), name="api-referral-respond"),
    path("referrals/<int:pk>/feedback/", ReferralFeedbackView.as_view(), name="api-referral-feedback"),
    path("rights/<int:pk>/", RightUpdateView.as_view(), name="api-right"),
]
