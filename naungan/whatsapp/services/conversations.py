"""Conversations: the sender's number sealed and found by blind index, answers so far, kelurahan matching."""

from __future__ import annotations

import difflib
import json
import re
import unicodedata

from django.db import IntegrityError, transaction

from naungan.core.crypto import blind_index, blind_indexes, sealed_json
from naungan.core.names import normalize_phone_number, variant_key
from naungan.regions.models import Region
from naungan.regions.selectors import kelurahan_of_city

from ..models import Conversation


def _e164(wa_from: str) -> str:
    digits = "".join(ch for ch in str(wa_from or "") if ch.isdigit())
    return normalize_phone_number("+" + digits) or ("+" + digits)


def phone_index(e164: str) -> str:
    # Its own kind: a WhatsApp conversation must not be joinable with case persons by phone.
    return blind_index("whatsapp", e164)


def phone_indexes(e164: str) -> list[str]:
    """The index under the current key and, while the key rotates, the previous ones."""
    return blind_indexes("whatsapp", e164)


def _conversation(phone_number_id: str, city_code: str, wa_from: str) -> Conversation:
    e164 = _e164(wa_from)
    bidx = phone_index(e164)
    conv = Conversation.objects.select_for_update().filter(phone_number_id=phone_number_id, phone_bidx__in=phone_indexes(e164)).first()
    if conv is None:
        try:
            with transaction.atomic():
                conv = Conversation.objects.create(phone_number_id=phone_number_id, phone_bidx=bidx, phone=e164, city_id=city_code, step="")
        except IntegrityError:
            conv = Conversation.objects.select_for_update().get(phone_number_id=phone_number_id, phone_bidx=bidx)
    return conv


def _answers(conv: Conversation) -> dict:
    return sealed_json(conv.answers)


def _save(conv: Conversation, answers: dict) -> None:
    conv.answers = json.dumps(answers) if answers else ""
    conv.save()


def _text_of(message: dict) -> str:
    kind = message.get("type")
    if kind == "text":
        return str((message.get("text") or {}).get("body", ""))
    if kind == "button":
        return str((message.get("button") or {}).get("text", ""))
    if kind == "interactive":
        inter = message.get("interactive") or {}
        reply = inter.get("button_reply") or inter.get("list_reply") or {}
        return str(reply.get("title", ""))
    return ""


def _fold(text: str) -> str:
    t = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    t = re.sub(r"[^a-z0-9 ]+", " ", t)
    words = [w for w in t.split() if w not in {"kelurahan", "kel", "kelurah", "desa", "kecamatan", "kec", "di", "daerah", "wilayah"}]
    return " ".join(variant_key(w) for w in words)


def match_kelurahan(city_code: str, text: str) -> list[Region]:
    """Kelurahan of the city whose name the reporter wrote, loosely: case, punctuation, old and new
    spellings (oe/u, dj/j …) and typos are forgiven. One region when the match is clear, several
    to choose from when not, none when nothing is close."""
    q = _fold(text)
    if not q:
        return []
    kels = list(kelurahan_of_city(city_code))
    folded = [(k, _fold(k.name)) for k in kels]
    exact = [k for k, f in folded if f == q]
    if exact:
        return exact
    inside = [k for k, f in folded if f and re.search(rf"\b{re.escape(f)}\b", q)]
    if len(inside) == 1:
        return inside
    scored = sorted(((difflib.SequenceMatcher(None, q, f).ratio(), k) for k, f in folded), key=lambda x: -x[0])
    if inside:
        return inside[:5]
    if scored and scored[0][0] >= 0.8 and (len(scored) == 1 or scored[0][0] - scored[1][0] >= 0.1):
        return [scored[0][1]]
    return [k for score, k in scored if score >= 0.6][:5]
