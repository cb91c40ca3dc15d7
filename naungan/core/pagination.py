"""Keyset (cursor) pagination: lists read a page by the position of its last row in the list's
order, never by an offset and never with a COUNT over the whole scope.

At a national caseload an offset page reads and throws away every row before it, and a total
counts every row of the scope on every page (~290 ms at 250,000 cases). A keyset page starts
from an index position: the same cost on page 1 and page 500.

A cursor is an opaque, URL-safe string naming a direction and the order-key values of the row
it continues from (only order keys: dates, booleans, ids — never an identity). Lists that want a
total show `capped_count` ("1.000+" above the cap)."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import reduce
from operator import and_, or_

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rest_framework.pagination import BasePagination

TOTAL_CAP = 1000
MAX_CURSOR = 400


class BadCursor(ValueError):
    pass


@dataclass
class KeysetPage:
    rows: list
    next: str | None = None
    previous: str | None = None
    extra: dict = field(default_factory=dict)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next or self.previous)


def _parse_keys(keys) -> list[tuple[str, bool]]:
    return [(k[1:], True) if k.startswith("-") else (k, False) for k in keys]


def _encode_value(v):
    if isinstance(v, datetime):
        return {"t": v.isoformat()}
    if isinstance(v, date):
        return {"d": v.isoformat()}
    return v


def _decode_value(model, name: str, raw):
    f = model._meta.pk if name in ("pk", "id") else model._meta.get_field(name)
    if isinstance(raw, dict):
        raw = raw.get("t") or raw.get("d")
    try:
        return f.to_python(raw)
    except Exception as exc:  # noqa: BLE001 - any malformed value is a bad cursor
        raise BadCursor from exc


def encode_cursor(direction: str, values: list) -> str:
    data = json.dumps([direction, [_encode_value(v) for v in values]], separators=(",", ":"))
    return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")


def decode_cursor(model, keys, cursor: str) -> tuple[str, list]:
    if not cursor or len(cursor) > MAX_CURSOR:
        raise BadCursor
    try:
        direction, raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError) as exc:
        raise BadCursor from exc
    parsed = _parse_keys(keys)
    if direction not in ("n", "p") or not isinstance(raw, list) or len(raw) != len(parsed):
        raise BadCursor
    values = [_decode_value(model, name, r) for (name, _), r in zip(parsed, raw, strict=True)]
    if any(v is None for v in values):
        raise BadCursor
    return direction, values


def _beyond(keys: list[tuple[str, bool]], values: list, forward: bool) -> Q:
    """Rows strictly after (forward) or before the position in the list's order. The leading
    inclusive bound on the first key lets the database start its index scan at the position;
    the OR of the lexicographic comparison settles ties."""
    def op(desc: bool) -> str:
        return "lt" if desc == forward else "gt"

    first, first_desc = keys[0]
    bound = Q(**{f"{first}__{op(first_desc)}e": values[0]})
    alternatives = []
    for i, (name, desc) in enumerate(keys):
        eq = [Q(**{keys[j][0]: values[j]}) for j in range(i)]
        alternatives.append(reduce(and_, [*eq, Q(**{f"{name}__{op(desc)}": values[i]})]))
    return bound & reduce(or_, alternatives)


def _key_of(row, keys: list[tuple[str, bool]]) -> list:
    out = []
    for name, _desc in keys:
        if name == "pk":
            out.append(row.pk)
        elif isinstance(row, dict):
            out.append(row[name])
        else:
            f = row._meta.get_field(name)
            out.append(getattr(row, f.attname))
    return out


def keyset_page(qs: QuerySet, *, keys: tuple[str, ...], cursor: str | None = None, size: int = 25) -> KeysetPage:
    """One page of `qs` in the order `keys` (the last key must be unique, e.g. "-id").
    An unreadable cursor raises BadCursor."""
    parsed = _parse_keys(keys)
    order = [("-" if d else "") + n for n, d in parsed]
    reverse = [("" if d else "-") + n for n, d in parsed]
    if not cursor:
        rows = list(qs.order_by(*order)[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        return KeysetPage(rows, next=encode_cursor("n", _key_of(rows[-1], parsed)) if more and rows else None)
    direction, values = decode_cursor(qs.model, keys, cursor)
    if direction == "n":
        rows = list(qs.filter(_beyond(parsed, values, True)).order_by(*order)[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        return KeysetPage(rows, next=encode_cursor("n", _key_of(rows[-1], parsed)) if more and rows else None,
                          previous=encode_cursor("p", _key_of(rows[0], parsed) if rows else values))
    rows = list(qs.filter(_beyond(parsed, values, False)).order_by(*reverse)[: size + 1])
    more = len(rows) > size
    rows = rows[:size][::-1]
    return KeysetPage(rows, previous=encode_cursor("p", _key_of(rows[0], parsed)) if more and rows else None,
                      next=encode_cursor("n", _key_of(rows[-1], parsed) if rows else values))


def keyset_page_or_first(qs: QuerySet, *, keys: tuple[str, ...], cursor: str | None, size: int) -> KeysetPage:
    """For pages: a broken or stale cursor (an edited URL) shows the first page."""
    try:
        return keyset_page(qs, keys=keys, cursor=cursor or None, size=size)
    except BadCursor:
        return keyset_page(qs, keys=keys, size=size)


def capped_count(qs: QuerySet, cap: int = TOTAL_CAP) -> int:
    """How many rows, up to cap + 1, read as ids (no COUNT over the scope): cap + 1 means
    "more than cap"."""
    return len(qs.order_by().values_list("pk", flat=True)[: cap + 1])


def total_label(n: int, cap: int = TOTAL_CAP) -> str:
    """'1.000+' above the cap (Indonesian thousands separator), else the number."""
    if n > cap:
        return f"{cap:,}".replace(",", ".") + "+"
    return f"{n:,}".replace(",", ".")


# --- JSON API -------------------------------------------------------------------------------
CURSOR_PARAM = "cursor"
OFFSET_GONE = gettext_noop("Parameter offset tidak didukung lagi: ikuti tautan next/previous (cursor).")
BAD_CURSOR = gettext_noop("Cursor tidak valid.")


def page_size(request, default: int = 50, maximum: int = 200) -> int:
    try:
        return max(1, min(int(request.query_params.get("limit", default)), maximum))
    except (TypeError, ValueError):
        return default


def api_page(request, qs: QuerySet, *, keys: tuple[str, ...], default: int = 50, maximum: int = 200) -> KeysetPage:
    """The page a request asks for (`cursor`, `limit`), with `next`/`previous` as absolute URLs.
    An `offset` parameter is refused (400) rather than ignored: a client looping on offsets
    would otherwise read the first page forever."""
    from rest_framework.exceptions import ValidationError
    from rest_framework.utils.urls import replace_query_param

    if "offset" in request.query_params:
        raise ValidationError({"offset": [_(OFFSET_GONE)]})
    try:
        page = keyset_page(qs, keys=keys, cursor=request.query_params.get(CURSOR_PARAM) or None, size=page_size(request, default, maximum))
    except BadCursor:
        raise ValidationError({CURSOR_PARAM: [_(BAD_CURSOR)]})
    url = request.build_absolute_uri()
    page.next = replace_query_param(url, CURSOR_PARAM, page.next) if page.next else None
    page.previous = replace_query_param(url, CURSOR_PARAM, page.previous) if page.previous else None
    return page


def api_body(page: KeysetPage, results) -> dict:
    return {"next": page.next, "previous": page.previous, "results": results}


_PAGE_SCHEMAS: dict = {}


def paginated_schema(item_serializer):
    """OpenAPI shape of a cursor page: {next, previous, results: [item]} (one component per item
    serializer, however many endpoints use it)."""
    from drf_spectacular.utils import inline_serializer
    from rest_framework import serializers

    name = f"Paginated{item_serializer.__name__}"
    if name not in _PAGE_SCHEMAS:
        _PAGE_SCHEMAS[name] = inline_serializer(name, {
            "next": serializers.URLField(allow_null=True), "previous": serializers.URLField(allow_null=True),
            "results": item_serializer(many=True)})
    return _PAGE_SCHEMAS[name]


def page_parameters() -> list:
    """The query parameters of every API list: `limit` and `cursor` (OpenAPI)."""
    from drf_spectacular.utils import OpenApiParameter

    return [OpenApiParameter("limit", int, description="1–200, default 50"),
            OpenApiParameter(CURSOR_PARAM, str, description="from `next` / `previous` of the page before")]


def list_schema(item_serializer, *, parameters=(), **kwargs):
    """`extend_schema` of an API list: its filter `parameters`, then `limit` and `cursor`, answering a
    cursor page of `item_serializer`."""
    from drf_spectacular.utils import extend_schema

    return extend_schema(parameters=[*parameters, *page_parameters()], responses=paginated_schema(item_serializer), **kwargs)


class KeysetPagination(BasePagination):
    """THE pagination of the JSON API (DEFAULT_PAGINATION_CLASS): a keyset page read by `cursor`
    and `limit`, answered as {next, previous, results}; `offset` and a bad cursor are a 400.
    The order is the view's `page_keys` (the last key unique), else newest id first."""

    page_keys: tuple[str, ...] = ("-id",)

    def __init__(self, keys: tuple[str, ...] | None = None):
        self.keys = keys
        self.page: KeysetPage | None = None

    def paginate_queryset(self, queryset, request, view=None) -> list:
        keys = self.keys or getattr(view, "page_keys", None) or self.page_keys
        self.page = api_page(request, queryset, keys=keys)
        return self.page.rows

    def get_paginated_response(self, data):
        from rest_framework.response import Response

        return Response(api_body(self.page, data))

    def get_paginated_response_schema(self, schema):
        return {"type": "object", "required": ["next", "previous", "results"], "properties": {
            "next": {"type": "string", "format": "uri", "nullable": True},
            "previous": {"type": "string", "format": "uri", "nullable": True},
            "results": schema}}

    def get_schema_operation_parameters(self, view):
        return [{"name": "limit", "required": False, "in": "query", "description": "1–200, default 50", "schema": {"type": "integer"}},
                {"name": CURSOR_PARAM, "required": False, "in": "query", "description": "from `next` / `previous` of the page before",
                 "schema": {"type": "string"}}]


def list_response(request, qs: QuerySet, out, *, keys: tuple[str, ...], shown=None):
    """The answer of an API list (an APIView's GET): one KeysetPagination page of `qs` in the order
    `keys`, each row shown by `out` — a serializer class, or a function of a row giving its dict.
    `shown(rows)` is called with the rows of the page before they are shown (to audit them)."""
    paginator = KeysetPagination(keys)
    rows = paginator.paginate_queryset(qs, request)
    if shown is not None and rows:
        shown(rows)
    data = out(rows, many=True).data if isinstance(out, type) else [out(r) for r in rows]
    return paginator.get_paginated_response(data)
