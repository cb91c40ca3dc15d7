"""Subscribe / unsubscribe this browser to Web Push, and the public VAPID key it needs."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from naungan.core.api import validated

from . import services as S
from .config import enabled, vapid


class KeysIn(serializers.Serializer):
    p256dh = serializers.CharField(max_length=200)
    auth = serializers.CharField(max_length=100)


class SubscriptionIn(serializers.Serializer):
    endpoint = serializers.URLField(max_length=500)
    keys = KeysIn()


class UnsubscribeIn(serializers.Serializer):
    endpoint = serializers.URLField(max_length=500)


class KeyOut(serializers.Serializer):
    enabled = serializers.BooleanField()
    public_key = serializers.CharField(help_text="VAPID application server key (base64url), empty when push is off")
    may_subscribe = serializers.BooleanField()


class PushKeyView(APIView):
    @extend_schema(responses=KeyOut, summary="Kunci publik VAPID untuk berlangganan notifikasi ponsel")
    def get(self, request):
        return Response({"enabled": enabled(), "public_key": vapid()["public"] if enabled() else "", "may_subscribe": S.can_subscribe(request.user)})


class SubscriptionView(APIView):
    @extend_schema(request=SubscriptionIn, responses={201: None}, summary="Daftarkan peramban ini untuk notifikasi (Web Push)")
    def post(self, request):
        d = validated(SubscriptionIn, request.data)
        S.subscription_save(actor=request.user, endpoint=d["endpoint"], p256dh=d["keys"]["p256dh"], auth=d["keys"]["auth"])
        return Response(status=201)

    @extend_schema(request=UnsubscribeIn, responses={204: None}, summary="Hentikan notifikasi ke peramban ini")
    def delete(self, request):
        data = validated(UnsubscribeIn, request.data)
        S.subscription_delete(actor=request.user, endpoint=data["endpoint"])
        return Response(status=204)


urlpatterns = [
    path("push/key/", PushKeyView.as_view(), name="api-push-key"),
    path("push/subscriptions/", SubscriptionView.as_view(), name="api-push-subscriptions"),
]
