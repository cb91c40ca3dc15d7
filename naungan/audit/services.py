"""Writing audit events. Call inside the same transaction as the change it records."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.db import transaction
from django.utils import timezone

from naungan.core.middleware import current_origin

from .models import AuditChainHead, AuditEvent

GENESIS = "0" * 64
SEALED_MARK = "«tersegel»"


def _canonical(payload: dict) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _jsonable(value):
    return json.loads(_canonical(value)) if value is not None else {}


def event_payload(e: AuditEvent) -> dict:
    return {
        "seq": e.seq,
        "created_at": e.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": e.actor_id,
        "actor_label": e.actor_label,
        "action": e.action,
        "object_type": e.object_type,
        "object_id": e.object_id,
        "city_code": e.city_code,
        "changes": e.changes,
        "origin": e.origin,
    }


def event_hash(prev_hash: str, e: AuditEvent) -> str:
    return hashlib.sha256((prev_hash + _canonical(event_payload(e))).encode("utf-8")).hexdigest()


def diff(old: dict, new: dict, *, sealed: set[str] | frozenset = frozenset()) -> dict:
    """{field: [old, new]} for fields that changed; sealed fields show only that they changed."""
    out = {}
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a != b:
            out[key] = [SEALED_MARK, SEALED_MARK] if key in sealed else [a, b]
    return out


@transaction.atomic(savepoint=False)  # inside the change's transaction: no savepoint round trips; a failure fails the change
def audit_record(
    *,
    actor,
    action: str,
    obj=None,
    object_type: str = "",
    object_id: str | int = "",
    city_code: str = "",
    changes: dict | None = None,
    origin: dict | None = None,
) -> AuditEvent:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    event = AuditEvent(
        seq=head.last_seq + 1,
        created_at=timezone.now(),
        actor=actor_obj,
        actor_label=actor_obj.get_username() if actor_obj else "",
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        city_code=city_code or "",
        changes=_jsonable(changes or {}),
        origin=_jsonable(origin if origin is not None else current_origin()),
        prev_hash=head.last_hash,
    )
    event.hash = event_hash(head.last_hash, event)
    event.save()
    head.last_seq = event.seq
    head.last_hash = event.hash
    head.save(update_fields=["last_seq", "last_hash"])
    return event


def audit_view(*, actor, obj=None, action: str = "view", **kwargs) -> AuditEvent:
    """Reading an identifying record is an event too."""
    return audit_record(actor=actor, action=action, obj=obj, **kwargs)


def audit_list(*, actor, action: str, object_type: str, ids, cities=()) -> AuditEvent | None:
    """Reading a list of identifying records is ONE event per page shown: object_id "list" and the
    ids of the rows shown in `changes["ids"]`; its city is the rows' city when they share one
    (`cities`: the city of each row). An empty page records nothing."""
    ids = [str(i) for i in ids]
    if not ids:
        return None
    distinct = set(cities)
    return audit_record(actor=actor, action=action, object_type=object_type, object_id="list",
                        city_code=distinct.pop() if len(distinct) == 1 else "", changes={"ids": [None, ids]})


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    problem: str = ""
    seq: int | None = None


def audit_verify(*, batch: int = 5000) -> VerifyResult:
    """Walk the chain in order; name the first event that was altered or removed."""
    head = AuditChainHead.objects.filter(pk=1).first()
    prev_hash = GENESIS
    expected_seq = 1
    checked = 0
    qs = AuditEvent.objects.order_by("seq")
    last_seq = 0
    while True:
        chunk = list(qs.filter(seq__gt=last_seq)[:batch])
        if not chunk:
            break
        for e in chunk:
            if e.seq != expected_seq:
                return VerifyResult(False, checked, f"event #{expected_seq} is missing (next found: #{e.seq})", expected_seq)
            if e.prev_hash != prev_hash:
                return VerifyResult(False, checked, f"event #{e.seq} does not follow event #{e.seq - 1} (chain broken)", e.seq)
            if event_hash(prev_hash, e) != e.hash:
                return VerifyResult(False, checked, f"event #{e.seq} was altered (hash mismatch)", e.seq)
            prev_hash = e.hash
            expected_seq += 1
            checked += 1
            last_seq = e.seq
    if head is not None and (head.last_seq != expected_seq - 1 or head.last_hash != prev_hash):
        return VerifyResult(False, checked, f"event #{expected_seq} is missing (chain head records #{head.last_seq})", expected_seq)
    return VerifyResult(True, checked)
