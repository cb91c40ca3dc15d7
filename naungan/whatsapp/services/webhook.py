"""The webhook: signature, handshake, dispatch."""

from __future__ import annotations

import hashlib
import hmac

from ..config import config
from .dialogue import inbound_handle
from .outbound import status_update


def signature_valid(body: bytes, header: str | None) -> bool:
    """`X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body under the app secret>`."""
    secret = config().app_secret
    if not secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[len("sha256="):].strip().lower())


def handshake_valid(mode: str | None, token: str | None) -> bool:
    expected = config().verify_token
    return bool(expected) and mode == "subscribe" and hmac.compare_digest(expected.encode(), (token or "").encode())


def webhook_deliver(payload: dict) -> dict:
    """Handle one verified delivery: messages and status callbacks. Returns counts (for tests)."""
    cfg = config()
    out = {"messages": 0, "replayed": 0, "statuses": 0, "ignored": 0}
    for entry in payload.get("entry") or []:
        for change in entry.get("changes") or []:
            value = change.get("value") or {}
            phone_number_id = str((value.get("metadata") or {}).get("phone_number_id", ""))
            city_code = cfg.numbers.get(phone_number_id)
            if city_code is None:
                out["ignored"] += len(value.get("messages") or [])
                continue
            for message in value.get("messages") or []:
                if inbound_handle(phone_number_id=phone_number_id, city_code=city_code, message=message):
                    out["messages"] += 1
                else:
                    out["replayed"] += 1
            for st in value.get("statuses") or []:
                out["statuses"] += int(status_update(st))
    return out
