"""The one place that talks to the WhatsApp Cloud API (send a text message). Tests replace
`post` to capture what would be sent; nothing else here touches the network."""

from __future__ import annotations

import requests

from .config import config

TIMEOUT_SECONDS = 10


class TransientError(Exception):
    """Worth retrying: network trouble, rate limit, a server error."""


class PermanentError(Exception):
    """Not worth retrying (e.g. the number cannot receive messages)."""


def post(url: str, *, json: dict, headers: dict) -> tuple[int, dict]:
    resp = requests.post(url, json=json, headers=headers, timeout=TIMEOUT_SECONDS)
    try:
        body = resp.json()
    except ValueError:
        body = {}
    return resp.status_code, body


def _error_summary(body: dict) -> str:
    err = (body or {}).get("error") or {}
    # code and type only: the API's message can quote the recipient
    return f"{err.get('code', '?')} {err.get('type', '')}".strip()[:120]


def send_text(*, phone_number_id: str, to: str, body: str) -> str:
    """Send `body` to `to` (E.164 digits, no '+'); returns the WhatsApp message id."""
    cfg = config()
    url = f"{cfg.api_url}/{phone_number_id}/messages"
    payload = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to, "type": "text",
               "text": {"preview_url": False, "body": body}}
    try:
        status, data = post(url, json=payload, headers={"Authorization": f"Bearer {cfg.token}"})
    except requests.RequestException as exc:
        raise TransientError(type(exc).__name__) from None
    if 200 <= status < 300:
        try:
            return data["messages"][0]["id"]
        except (KeyError, IndexError, TypeError):
            raise TransientError("no message id") from None
    if status == 429 or status >= 500:
        raise TransientError(f"HTTP {status} {_error_summary(data)}")
    raise PermanentError(f"HTTP {status} {_error_summary(data)}")
