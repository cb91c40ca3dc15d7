"""Possible duplicate cases."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ..selectors import possible_duplicates


class DuplicatesIn(serializers.Serializer):
    nik = serializers.CharField(required=False, allow_blank=True, max_length=30)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    birth_date = serializers.DateField(required=False, allow_null=True)


class DuplicateOut(serializers.Serializer):
    id = serializers.IntegerField(source="case.pk")
    number = serializers.CharField(source="case.number")
    status = serializers.CharField(source="case.status")
    reasons = serializers.ListField(child=serializers.CharField())


class DuplicatesView(APIView):
    @extend_schema(request=DuplicatesIn, responses=DuplicateOut(many=True), summary="Kemungkinan kasus ganda dalam cakupan pengguna")
    def post(self, request):
        data = DuplicatesIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        hits = possible_duplicates(user=request.user, nik=d.get("nik", ""), phone=d.get("phone", ""), name=d.get("name", ""),
                                   birth_date=d["birth_date"].isoformat() if d.get("birth_date") else "")
        return Response(DuplicateOut(hits, many=True).data)
