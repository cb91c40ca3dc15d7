"""Portal submission and status check as JSON (for a mobile or WhatsApp channel), and the staff
triage queue. Same rules as the pages: throttled, no case detail to the reporter, reporter
identity only for triage staff."""

from __future__ import annotations

from django.conf import settings
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from naungan.accounts.models import CityConfig
from naungan.audit.services import audit_list, audit_view
from naungan.cases.selectors import case_get, possible_duplicates
from naungan.core.api import act_on, validated
from naungan.core.clientip import ClientIpThrottleMixin, client_ip
from naungan.core.pagination import list_response, list_schema
from naungan.regions.models import Level, Region

from . import limits
from . import services as S
from .models import Channel, MessageDirection
from .selectors import QUEUE_KEYS, can_handle, recent_cases_nearby, report_get, reporter_identity_visible, triage_queue


class PortalThrottle(ClientIpThrottleMixin, AnonRateThrottle):
    """Per client, at the same rate as the web form (NAUNGAN_PORTAL_SUBMIT_RATE)."""

    scope = "portal"

    def get_rate(self):
        return settings.PORTAL_SUBMIT_RATE_PER_CLIENT

    def parse_rate(self, rate):
        from django_ratelimit.core import _split_rate

        return _split_rate(rate)


class PublicReportIn(serializers.Serializer):
    city_code = serializers.RegexField(r"^\d{2}\.\d{2}$")
    reporter_kind = serializers.CharField(max_length=20)
    kelurahan = serializers.CharField(max_length=13)
    what = serializers.ListField(child=serializers.CharField(max_length=30), required=False, max_length=10)
    description = serializers.CharField(required=False, allow_blank=True, max_length=S.MAX_DESCRIPTION)
    danger_now = serializers.BooleanField(required=False)
    contact_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    contact_phone = serializers.CharField(required=False, allow_blank=True, max_length=40)
    altcha = serializers.CharField(required=False, allow_blank=True, max_length=8000, help_text=(
        "Solved proof-of-work challenge (ALTCHA payload, base64). Needed only when a submission was answered 428 with a "
        "`challenge`: solve it (altcha libraries, or the widget) and send the report again with the payload."))
    client_token = serializers.RegexField(r"^[A-Za-z0-9_-]{16,64}$", required=False, help_text=(
        "Idempotency key chosen by the app for this report; resending with the same key stores nothing new "
        "and answers 200 with already_received=true and no PIN."))


class PublicReportOut(serializers.Serializer):
    tracking_code = serializers.CharField()
    pin = serializers.CharField(allow_null=True, help_text="Shown once (201); only its hash is stored. Null on a resend (200).")
    already_received = serializers.BooleanField()
    emergency = serializers.ListField(child=serializers.CharField())


EMERGENCY = ["112", "SAPA 129: telepon 129, WhatsApp 08111-129-129"]


class ChallengeOut(serializers.Serializer):
    detail = serializers.CharField()
    challenge = serializers.DictField(help_text="ALTCHA v2 challenge: solve it and resend the report with `altcha`.")
    emergency = serializers.ListField(child=serializers.CharField())


class PublicReportView(APIView):
    """Never refuses a report for load: above the limits (the same policy and counters as the web
    form, reporting/limits.py) it answers 428 with a proof-of-work challenge to solve."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes: list = []

    @extend_schema(request=PublicReportIn, responses={201: PublicReportOut, 200: PublicReportOut, 428: ChallengeOut},
                   summary="Kirim laporan publik (anonim boleh)")
    def post(self, request):
        from django.utils.translation import gettext as _

        d = validated(PublicReportIn, request.data)
        if not Region.objects.filter(code=d["city_code"], level=Level.KABKOTA).exists():
            return Response({"detail": S.UNKNOWN_CITY}, status=400)
        if limits.count_submission(request) and not limits.challenge_solved(d.get("altcha")):
            msg = limits.CHALLENGE_FAILED if d.get("altcha") else limits.CHALLENGE_NEEDED
            return Response({"detail": _(msg), "challenge": limits.challenge_new(), "emergency": EMERGENCY}, status=428)
        report, pin, replayed = S.report_submit(
            city_code=d["city_code"], form_token=None, reporter_kind=d["reporter_kind"], kelurahan_code=d["kelurahan"],
            what=d.get("what", []), description=d.get("description", ""), danger_now=d.get("danger_now", False),
            contact_name=d.get("contact_name", ""), contact_phone=d.get("contact_phone", ""), channel=Channel.API,
            client_token=d.get("client_token"),
        )
        cfg = CityConfig.objects.filter(city_id=d["city_code"]).first()
        emergency = EMERGENCY + ([f"UPTD PPA: {cfg.uptd_phone}"] if cfg and cfg.uptd_phone else [])
        return Response({"tracking_code": report.tracking_code, "pin": pin, "already_received": replayed, "emergency": emergency},
                        status=200 if replayed else 201)


class ReportStatusIn(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    pin = serializers.CharField(max_length=12)
    add_information = serializers.CharField(required=False, allow_blank=True, max_length=S.MAX_MESSAGE)


class ReportStatusOut(serializers.Serializer):
    tracking_code = serializers.CharField()
    status = serializers.CharField(help_text="received (diterima) | handling (sedang ditangani) | closed (selesai) — nothing more")
    messages = serializers.ListField(child=serializers.DictField())


class PublicStatusView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [PortalThrottle]

    @extend_schema(request=ReportStatusIn, responses={200: ReportStatusOut}, summary="Cek status laporan dengan kode + PIN (tanpa detail kasus)")
    def post(self, request):
        data = validated(ReportStatusIn, request.data)
        report = S.report_check(code=data["code"], pin=data["pin"], client=client_ip(request))
        if data.get("add_information"):
            S.report_add_info(report=report, body=data["add_information"])
        msgs = [{"at": m.created_at.isoformat(), "text": m.body} for m in report.messages.filter(direction=MessageDirection.TO_REPORTER)]
        return Response({"tracking_code": report.tracking_code, "status": report.public_status, "messages": msgs})


class ReportRowOut(serializers.Serializer):
    id = serializers.IntegerField()
    tracking_code = serializers.CharField()
    created_at = serializers.DateTimeField()
    danger_now = serializers.BooleanField()
    kelurahan = serializers.CharField()
    channel = serializers.CharField()
    resolution = serializers.CharField()
    what = serializers.ListField(child=serializers.CharField())
    description = serializers.CharField()
    contact_name = serializers.CharField()
    contact_phone = serializers.CharField()


def _row(user, r) -> dict:
    identity = reporter_identity_visible(user, r)
    return {"id": r.pk, "tracking_code": r.tracking_code, "created_at": r.created_at, "danger_now": r.danger_now,
            "kelurahan": r.kelurahan_id, "channel": r.channel, "resolution": r.resolution, "what": r.what,
            "description": r.description, "contact_name": r.contact_name if identity else "",
            "contact_phone": r.contact_phone if identity else ""}


class QueueView(APIView):
    @list_schema(ReportRowOut, operation_id="v1_reports_list", summary="Antrean triase laporan (mendesak dulu, lalu terlama), per cursor")
    def get(self, request):
        return list_response(request, triage_queue(user=request.user), lambda r: ReportRowOut(_row(request.user, r)).data, keys=QUEUE_KEYS,
                             shown=lambda rows: audit_list(actor=request.user, action="report.queue_view", object_type="reporting.report",
                                                           ids=[r.pk for r in rows], cities=[r.city_id for r in rows]))


class ReportMessageOut(serializers.Serializer):
    at = serializers.DateTimeField()
    direction = serializers.CharField()
    text = serializers.CharField()


class ReportDuplicateOut(serializers.Serializer):
    case_id = serializers.IntegerField()
    case_number = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())


class ReportDetailOut(ReportRowOut):
    reporter_kind = serializers.CharField()
    case_number = serializers.CharField(allow_null=True)
    closure_reason = serializers.CharField()
    has_attachment = serializers.BooleanField()
    messages = ReportMessageOut(many=True)
    possible_duplicates = ReportDuplicateOut(many=True)


class ReportDetailView(APIView):
    @extend_schema(responses={200: ReportDetailOut}, summary="Satu laporan (dibuka tercatat di audit; identitas pelapor hanya untuk manajer kasus/supervisor)")
    def get(self, request, pk: int):
        report = report_get(user=request.user, report_id=pk)
        identity = reporter_identity_visible(request.user, report)
        audit_view(actor=request.user, obj=report, action="report.view", city_code=report.city_id, changes={"identity_shown": [None, identity]})
        dups = []
        if can_handle(request.user, report) and not report.resolution:
            hits = possible_duplicates(user=request.user, phone=report.contact_phone, name=report.contact_name)
            dups = [{"case_id": d.case.pk, "case_number": d.case.number, "reasons": d.reasons} for d in hits]
            seen = {d["case_id"] for d in dups}
            dups += [{"case_id": c.pk, "case_number": c.number, "reasons": ["kelurahan sama, kasus terbuka"]}
                     for c in recent_cases_nearby(user=request.user, report=report) if c.pk not in seen]
        out = _row(request.user, report) | {
            "reporter_kind": report.reporter_kind, "case_number": report.case.number if report.case else None,
            "closure_reason": report.closure_reason, "has_attachment": bool(report.attachment),
            "messages": [{"at": m.created_at, "direction": m.direction, "text": m.body} for m in report.messages.all()],
            "possible_duplicates": dups,
        }
        return Response(ReportDetailOut(out).data)


class ReportAttachIn(serializers.Serializer):
    case_id = serializers.IntegerField()


class AttachView(APIView):
    @extend_schema(request=ReportAttachIn, responses={200: ReportRowOut}, summary="Gabungkan laporan ke kasus yang ada")
    def post(self, request, pk: int):
        return act_on(request, report_get(user=request.user, report_id=pk), ReportAttachIn,
                      lambda report, d: S.report_attach(actor=request.user, report=report, case=case_get(user=request.user, case_id=d["case_id"])),
                      lambda report: _row(request.user, report))


class ReportConvertOut(serializers.Serializer):
    case_id = serializers.IntegerField()
    case_number = serializers.CharField()


class ConvertView(APIView):
    @extend_schema(request=None, responses={200: ReportConvertOut}, summary="Jadikan laporan sebuah kasus")
    def post(self, request, pk: int):
        report = report_get(user=request.user, report_id=pk)
        if not can_handle(request.user, report):
            return Response({"detail": S.NOT_ALLOWED}, status=status.HTTP_400_BAD_REQUEST)
        case = S.report_convert(actor=request.user, report=report)
        return Response({"case_id": case.pk, "case_number": case.number})


class ReportCloseIn(serializers.Serializer):
    reason = serializers.CharField(max_length=30)


class CloseView(APIView):
    @extend_schema(request=ReportCloseIn, responses={200: ReportRowOut}, summary="Tutup laporan sebagai tidak relevan")
    def post(self, request, pk: int):
        return act_on(request, report_get(user=request.user, report_id=pk), ReportCloseIn,
                      lambda report, d: S.report_close(actor=request.user, report=report, reason=d["reason"]), lambda report: _row(request.user, report))


class ReportMessageIn(serializers.Serializer):
    body = serializers.CharField(max_length=S.MAX_MESSAGE)


class MessageView(APIView):
    @extend_schema(request=ReportMessageIn, responses={201: None}, summary="Pesan untuk pelapor")
    def post(self, request, pk: int):
        return act_on(request, report_get(user=request.user, report_id=pk), ReportMessageIn,
                      lambda report, d: S.report_message_reporter(actor=request.user, report=report, body=d["body"]), lambda _: None, status=201)


urlpatterns = [
    path("public/reports/", PublicReportView.as_view(), name="api-public-report"),
    path("public/reports/status/", PublicStatusView.as_view(), name="api-public-report-status"),
    path("reports/", QueueView.as_view(), name="api-reports"),
    path("reports/<int:pk>/", ReportDetailView.as_view(), name="api-report-detail"),
    path("reports/<int:pk>/convert/", ConvertView.as_view(), name="api-report-convert"),
    path("reports/<int:pk>/attach/", AttachView.as_view(), name="api-report-attach"),
    path("reports/<int:pk>/close/", CloseView.as_view(), name="api-report-close"),
    path("reports/<int:pk>/message/", MessageView.as_view(), name="api-report-message"),
]
