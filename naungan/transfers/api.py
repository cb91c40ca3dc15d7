"""JSON API of transfers: the same services and selectors as the pages (same scope, 404, audit)."""

from __future__ import annotations

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from naungan.accounts.permissions import TRANSFER_REQUEST, cities_with
from naungan.audit.services import audit_view
from naungan.cases.selectors import can_manage_case, case_get
from naungan.core.api import act_and_reread, validated
from naungan.core.pagination import list_response, list_schema

from . import services as S
from .models import Direction, Transfer
from .selectors import TRANSFER_KEYS, is_owner_side, shared_view, transfer_get, transfer_list


class TransferOut(serializers.Serializer):
    id = serializers.IntegerField()
    direction = serializers.CharField()
    status = serializers.CharField()
    old_number = serializers.CharField()
    new_number = serializers.CharField()
    from_city = serializers.CharField(source="from_city_id")
    to_region = serializers.CharField(source="to_region_id")
    created_at = serializers.DateTimeField()
    answered_at = serializers.DateTimeField(allow_null=True)
    decline_reason = serializers.CharField()


class TransferDetailOut(TransferOut):
    shared = serializers.DictField(allow_null=True)


class TransferSendIn(serializers.Serializer):
    to_code = serializers.CharField(max_length=5)
    reason = serializers.CharField(max_length=2000)
    shared_fields = serializers.ListField(child=serializers.CharField(max_length=30), required=False, default=list)
    consent_relation = serializers.CharField(max_length=40)
    consent_method = serializers.CharField(max_length=20)


class TransferRequestIn(serializers.Serializer):
    number = serializers.CharField(max_length=24)
    reason = serializers.CharField(max_length=2000)
    consent_relation = serializers.CharField(max_length=40)
    consent_method = serializers.CharField(max_length=20)


class TransferDeclineIn(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


def _detail(request, t: Transfer) -> dict:
    shared = None
    if t.direction == Direction.SEND and t.is_open and not is_owner_side(request.user, t):
        shared = shared_view(t)
        audit_view(actor=request.user, obj=t, action="transfer.shared_view", city_code=t.to_region_id)
    return {**TransferOut(t).data, "shared": shared}


class TransferListView(APIView):
    @list_schema(TransferOut, operation_id="v1_transfers_list", summary="Pemindahan kasus yang terlihat oleh pengguna, terbaru dulu, per cursor")
    def get(self, request):
        return list_response(request, transfer_list(user=request.user), TransferOut, keys=TRANSFER_KEYS)


class TransferSendView(APIView):
    @extend_schema(request=TransferSendIn, responses={201: TransferDetailOut}, summary="Ajukan pemindahan kasus ke kota/provinsi lain")
    def post(self, request, case_id: int):
        case = case_get(user=request.user, case_id=case_id)
        data = validated(TransferSendIn, request.data)
        if not can_manage_case(request.user, case):
            raise Http404
        t = S.transfer_send(actor=request.user, case=case, **data)
        return Response(_detail(request, t), status=201)


class TransferRequestView(APIView):
    @extend_schema(request=TransferRequestIn, responses={201: TransferDetailOut}, summary="Minta kasus dari kota lain (supervisor)")
    def post(self, request):
        cities = sorted(cities_with(request.user, TRANSFER_REQUEST))
        if not cities:
            raise Http404
        d = validated(TransferRequestIn, request.data)
        case = S.case_by_number(d.pop("number"))
        t = S.transfer_request(actor=request.user, case=case, city_code=cities[0], **d)
        return Response(_detail(request, t), status=201)


def _act(request, pk: int, act, serializer_cls=None) -> Response:
    """An action on one transfer in the user's view (404 otherwise); the answer is the transfer read again."""
    return act_and_reread(request, lambda: transfer_get(user=request.user, transfer_id=pk), act, lambda t: _detail(request, t), serializer_cls)


class TransferDetailView(APIView):
    @extend_schema(responses=TransferDetailOut, summary="Detail pemindahan (penerima hanya melihat data yang dibagikan)")
    def get(self, request, pk: int):
        return Response(_detail(request, transfer_get(user=request.user, transfer_id=pk)))


class TransferAcceptView(APIView):
    @extend_schema(request=None, responses=TransferDetailOut, summary="Terima pemindahan")
    def post(self, request, pk: int):
        return _act(request, pk, lambda t, _: S.transfer_accept(actor=request.user, transfer=t))


class TransferDeclineView(APIView):
    @extend_schema(request=TransferDeclineIn, responses=TransferDetailOut, summary="Tolak pemindahan")
    def post(self, request, pk: int):
        return _act(request, pk, lambda t, data: S.transfer_decline(actor=request.user, transfer=t, reason=data["reason"]), TransferDeclineIn)


class TransferCancelView(APIView):
    @extend_schema(request=None, responses=TransferDetailOut, summary="Batalkan pemindahan")
    def post(self, request, pk: int):
        return _act(request, pk, lambda t, _: S.transfer_cancel(actor=request.user, transfer=t))


urlpatterns = [
    path("transfers/", TransferListView.as_view(), name="transfers-list"),
    path("transfers/request/", TransferRequestView.as_view(), name="transfers-request"),
    path("transfers/<int:pk>/", TransferDetailView.as_view(), name="transfers-detail"),
    path("transfers/<int:pk>/accept/", TransferAcceptView.as_view(), name="transfers-accept"),
    path("transfers/<int:pk>/decline/", TransferDeclineView.as_view(), name="transfers-decline"),
    path("transfers/<int:pk>/cancel/", TransferCancelView.as_view(), name="transfers-cancel"),
    path("cases/<int:case_id>/transfer/", TransferSendView.as_view(), name="transfers-send"),
]
