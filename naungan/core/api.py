"""Shared API pieces: domain errors become 400 with their message; out-of-scope is 404."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from naungan.core.errors import DomainError


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response({"detail": str(exc), "code": exc.code}, status=exc.http_status)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


def validated(serializer_cls, data, **kwargs) -> dict:
    """The validated data of `data` read by `serializer_cls`; invalid input answers 400 with the field errors."""
    serializer = serializer_cls(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
