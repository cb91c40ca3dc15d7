"""Shared pieces of the case API: sealed fields, paging, conflict answers."""

from __future__ import annotations

from rest_framework import status
from rest_framework.response import Response

from naungan.core.errors import ConflictError

SEALED = ("name", "nik", "kk_number", "phone", "street", "birth_date")


def _update_data(validated: dict) -> dict:
    data = dict(validated)
    data.pop("version", None)
    return data


def _conflict(exc: ConflictError) -> Response:
    return Response({"detail": str(exc), "code": "conflict", "changes": exc.changes}, status=status.HTTP_409_CONFLICT)
