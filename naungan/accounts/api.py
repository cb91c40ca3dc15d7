from __future__ import annotations

from django.contrib.auth import authenticate
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_otp.plugins.otp_totp.models import TOTPDevice
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from naungan.audit.services import audit_record
from naungan.core.api import validated
from naungan.core.clientip import ClientIpThrottleMixin

from .middleware import needs_two_factor
from .models import Membership, Organisation, User
from .permissions import CITY_ADMIN, cities_with
from .scope import is_national, memberships, organisations_visible_to, users_managed_by, users_visible_to
from .services import membership_revoke, user_deactivate

TOKEN_BAD_CREDENTIALS = gettext_noop("Nama pengguna atau kata sandi salah.")
TOKEN_OTP_REQUIRED = gettext_noop("Kode verifikasi dua langkah (otp) diperlukan atau salah.")
TOKEN_ENROL_FIRST = gettext_noop("Aktifkan verifikasi dua langkah lewat halaman web sebelum memakai API.")


class TokenIn(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"})
    otp = serializers.CharField(required=False, allow_blank=True)


class TokenOut(serializers.Serializer):
    token = serializers.CharField()


class TokenThrottle(ClientIpThrottleMixin, ScopedRateThrottle):
    pass


class TokenView(APIView):
    """Exchange username + password (+ TOTP code when enrolled) for an API token."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [TokenThrottle]
    throttle_scope = "token"

    @extend_schema(request=TokenIn, responses={200: TokenOut})
    def post(self, request):
        data = validated(TokenIn, request.data)
        user = authenticate(request, username=data["username"], password=data["password"])
        if user is None:
            return Response({"detail": _(TOKEN_BAD_CREDENTIALS)}, status=status.HTTP_400_BAD_REQUEST)
        devices = list(TOTPDevice.objects.filter(user=user, confirmed=True))
        if devices:
            otp = (data.get("otp") or "").strip()
            if not otp or not any(d.verify_token(otp) for d in devices):
                return Response({"detail": _(TOKEN_OTP_REQUIRED)}, status=status.HTTP_400_BAD_REQUEST)
        elif needs_two_factor(user):
            return Response({"detail": _(TOKEN_ENROL_FIRST)}, status=status.HTTP_403_FORBIDDEN)
        token, _created = Token.objects.get_or_create(user=user)
        audit_record(actor=user, action="auth.token", obj=user)
        return Response({"token": token.key})


class MembershipOut(serializers.Serializer):
    role = serializers.CharField()
    role_label = serializers.CharField(source="get_role_display")
    organisation_id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.name")
    organisation_kind = serializers.CharField(source="organisation.kind")
    city_code = serializers.CharField(source="city_id")
    region_code = serializers.CharField(source="region_id")
    region = serializers.CharField(source="region.name")


class MeOut(serializers.Serializer):
    username = serializers.CharField()
    role = serializers.CharField(allow_null=True)
    organisation = serializers.CharField(allow_null=True)
    city_code = serializers.CharField(allow_null=True)
    region_code = serializers.CharField(allow_null=True)
    national = serializers.BooleanField()
    memberships = MembershipOut(many=True)


class MeView(APIView):
    @extend_schema(responses=MeOut)
    def get(self, request):
        ms = memberships(request.user)
        first = ms[0] if ms else None
        return Response(MeOut({
            "username": request.user.get_username(),
            "role": first.role if first else None,
            "organisation": first.organisation.name if first else None,
            "city_code": first.city_id if first else None,
            "region_code": first.region_id if first else None,
            "national": is_national(request.user),
            "memberships": ms,
        }).data)


class OrganisationOut(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "city", "region", "phone", "email", "address", "active"]


class OrganisationListView(ListAPIView):
    serializer_class = OrganisationOut
    page_keys = ("id",)  # KeysetPagination, oldest first

    def get_queryset(self):
        qs = organisations_visible_to(self.request.user).order_by("id")
        kind = self.request.query_params.get("kind")
        return qs.filter(kind=kind) if kind else qs


class OrganisationDetailView(RetrieveAPIView):
    serializer_class = OrganisationOut

    def get_queryset(self):
        return organisations_visible_to(self.request.user)


class UserOut(serializers.ModelSerializer):
    memberships = MembershipOut(many=True, source="active_memberships")

    class Meta:
        model = User
        fields = ["id", "username", "memberships"]


class UserListView(ListAPIView):
    serializer_class = UserOut
    page_keys = ("id",)  # KeysetPagination, oldest first

    def get_queryset(self):
        from django.db.models import Prefetch


        return users_visible_to(self.request.user).order_by("id").prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.filter(active=True).select_related("organisation", "region"), to_attr="active_memberships")
        )


class OffboardOut(serializers.Serializer):
    memberships = serializers.IntegerField()
    sessions = serializers.IntegerField()
    tokens = serializers.IntegerField()


class UserDeactivateView(APIView):
    @extend_schema(request=None, responses=OffboardOut, summary="Nonaktifkan akun (offboarding): sesi dan token berakhir")
    def post(self, request, pk: int):
        from django.shortcuts import get_object_or_404


        user = get_object_or_404(users_managed_by(request.user), pk=pk)
        return Response(user_deactivate(actor=request.user, user=user))


class MembershipRevokeView(APIView):
    @extend_schema(request=None, responses={204: None}, summary="Cabut satu keanggotaan: sesi dan token pengguna berakhir")
    def post(self, request, pk: int):
        from django.http import Http404


        m = Membership.objects.filter(pk=pk, active=True).select_related("user").first()
        if m is None or not (is_national(request.user) or m.city_id in cities_with(request.user, CITY_ADMIN)):
            raise Http404
        membership_revoke(actor=request.user, membership=m)
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("me/", MeView.as_view(), name="api-me"),
    path("organisations/", OrganisationListView.as_view(), name="api-organisations"),
    path("organisations/<int:pk>/", OrganisationDetailView.as_view(), name="api-organisation"),
    path("users/", UserListView.as_view(), name="api-users"),
    path("users/<int:pk>/deactivate/", UserDeactivateView.as_view(), name="api-user-deactivate"),
    path("memberships/<int:pk>/revoke/", MembershipRevokeView.as_view(), name="api-membership-revoke"),
]
