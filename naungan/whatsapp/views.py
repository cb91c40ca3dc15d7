"""The WhatsApp Cloud API webhook: GET answers the subscription handshake, POST takes signed
deliveries. 404 while the adapter is not configured; 403 for a bad token or signature. The body
is never logged."""

from __future__ import annotations

import json
import logging

from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import services as S
from .config import config

log = logging.getLogger(__name__)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def webhook_view(request):
    if not config().enabled:
        raise Http404
    if request.method == "GET":
        if S.handshake_valid(request.GET.get("hub.mode"), request.GET.get("hub.verify_token")):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return HttpResponseForbidden("verify token")
    body = request.body
    if not S.signature_valid(body, request.headers.get("X-Hub-Signature-256")):
        log.warning("whatsapp webhook: signature rejected")
        return HttpResponseForbidden("signature")
    try:
        payload = json.loads(body)
    except ValueError:
        return HttpResponseBadRequest("json")
    if not isinstance(payload, dict):
        return HttpResponseBadRequest("json")
    counts = S.webhook_deliver(payload)
    log.info("whatsapp webhook: %(messages)s messages, %(replayed)s replayed, %(statuses)s statuses, %(ignored)s ignored", counts)
    return HttpResponse("ok", content_type="text/plain")
