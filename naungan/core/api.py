"""Shared API pieces: domain errors become 400 with their message; out-of-scope is 404; optimistic-lock edits."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from naungan.core.errors import ConflictError, DomainError


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


def conflict_response(exc: ConflictError) -> Response:
    """409 for an edit made against an older version, with the fields that changed meanwhile."""
    return Response({"detail": str(exc), "code": "conflict", "changes": exc.changes}, status=status.HTTP_409_CONFLICT)


def versioned_patch(request, serializer_cls, fn, drop: tuple[str, ...] = ()):
    """A partial edit under optimistic locking: `fn(version, data)` with the validated fields (without `version`
    and the `drop` keys). Returns (result, None), or (None, a 409 response) when the record changed meanwhile;
    a missing `version` answers 400."""
    data = dict(validated(serializer_cls, request.data, partial=True))
    if "version" not in data:
        raise serializers.ValidationError({"version": ["Wajib diisi."]})
    version = data.pop("version")
    for key in drop:
        data.pop(key, None)
    try:
        return fn(version, data), None
    except ConflictError as exc:
        return None, conflict_response(exc)


def act_on(request, obj, serializer_cls, act, out, status: int = 200) -> Response:
    """An action on `obj`, already fetched in the user's scope (404 otherwise): the input read by
    `serializer_cls` (400), then `act(obj, data)`, answered `out(result)` with `status`."""
    return Response(out(act(obj, validated(serializer_cls, request.data))), status=status)


def act_and_reread(request, get, act, out, serializer_cls=None) -> Response:
    """An action on one object: `get()` it (404 out of scope) before reading the input, validate the input with
    `serializer_cls` (400) when the action takes one, `act(obj, data)`, then answer `out(obj)` read again."""
    obj = get()
    data = validated(serializer_cls, request.data) if serializer_cls is not None else None
    act(obj, data)
    return Response(out(get()))
