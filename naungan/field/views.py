"""Pages of offline field work: the device key, the identity-free form shells the service worker
keeps for offline use, the "to resolve" list, push notifications, the service worker and the
manifest of the installable app."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from naungan.accounts.models import Organisation
from naungan.accounts.roles import Role
from naungan.accounts.scope import memberships
from naungan.audit.services import audit_view
from naungan.cases.forms import IntakeForm
from naungan.cases.selectors import cases_visible_to, person_identity_visible
from naungan.catalogues.selectors import choices
from naungan.core.actions import form_error
from naungan.core.errors import DomainError
from naungan.prevention.selectors import can_write, events_visible_to, scope_q
from naungan.push.config import enabled
from naungan.push.services import can_subscribe
from naungan.regions.models import Level, Region

from . import services as S
from .forms import ResolveForm
from .models import Kind, Reason

SESSION_KEY = "field_device_key"
# What the service worker may keep: static assets and the pages below, which hold no identity
# (no user name, no case data) — a phone may be shared.
SHELLS = ("field:shell_intake", "field:offline")


def _anonymous_chrome() -> dict:
    """Render a page without the signed-in user's name or menu: it may be kept on the device."""
    return {"user": AnonymousUser(), "membership": None, "nav": [], "messages": [], "offline_shell": True}


@login_required
@require_GET
def key_view(request):
    """The device key of this session (AES-256-GCM, for drafts kept on the phone). A new session
    (the next login) gets a new key; logging out wipes the phone's copy."""
    stored = request.session.get(SESSION_KEY)
    if not stored:
        stored = {"id": secrets.token_hex(8), "key": base64.b64encode(secrets.token_bytes(32)).decode()}
        request.session[SESSION_KEY] = stored
    # Who the drafts on a phone belong to, without naming them (and stable across index-key rotation).
    owner = salted_hmac("naungan.field.owner", str(request.user.pk)).hexdigest()[:32]
    return JsonResponse({"key_id": stored["id"], "key": stored["key"], "owner": owner})


@login_required
@require_GET
def intake_shell_view(request):
    city = S.registering_city(request.user)
    initial = {"channel": "datang_uptd"}
    for m in memberships(request.user):
        if m.role == Role.PPT_OFFICER:
            initial = {"kelurahan": m.region_id, "channel": "datang_ppt"}
            break
    form = IntakeForm(city_code=city, initial=initial)
    return render(request, "cases/case_form.html", {"form": form, "duplicates": None, **_anonymous_chrome()})


@login_required
@require_GET
def outreach_shell_view(request):
    """The outreach page with its form and without the list (events hold no identities, but the
    copy on the phone only needs the form)."""
    scope_q(request.user)  # 404 without prevention scope
    city = next((m.city_id for m in memberships(request.user)), None)
    if city is None or not can_write(request.user, city):
        raise Http404
    return render(request, "prevention/events.html", {
        "header": [], "rows": [], "f": {}, "att": {"events": 0, "girls": 0, "boys": 0, "women": 0, "men": 0}, "topics": choices("prevention_topic"),
        "kecamatan": Region.objects.filter(parent_id=city, level=Level.KECAMATAN).order_by("name"),
        "kelurahan": [(k.code, k.name) for k in Region.objects.filter(level=Level.KELURAHAN, code__startswith=city + ".").order_by("name")],
        "orgs": Organisation.objects.filter(city_id=city).exclude(kind__in=["ppt", "satgas_kelurahan"]).order_by("kind", "name"),
        "query": "", **_anonymous_chrome()})


@require_GET
def offline_view(request):
    return render(request, "field/offline.html", _anonymous_chrome())


@login_required
@require_GET
def resolve_list_view(request):
    return render(request, "field/resolve_list.html", {"items": S.to_resolve(user=request.user)[:200]})


def _labelled(sub, fields: list) -> list[tuple[str, str]]:
    """The draft as label / value rows (labels of the page's form where there is one)."""
    labels, shown = {}, {}
    if sub.kind == Kind.CASE_INTAKE:
        try:
            form = IntakeForm(city_code=sub.city_id or S.registering_city(sub.user))
        except Http404:
            form = None
        for name, f in (form.fields.items() if form else []):
            labels[name] = str(f.label)
            if getattr(f, "choices", None):
                shown[name] = {str(k): str(v) for k, v in f.choices}
    skip = {"action", "form", "version"}
    return [(labels.get(name, name), shown.get(name, {}).get(value, value)) for name, value in fields if value not in ("", None) and name not in skip]


@login_required
@require_http_methods(["GET", "POST"])
def resolve_view(request, pk: int):
    sub = S.submission_get(user=request.user, pk=pk)
    draft = S.draft_of(sub)
    if request.method == "POST":
        form = ResolveForm(request.POST)
        try:
            if not form.is_valid():
                raise DomainError(form_error(form))
            d = form.cleaned_data
            sub = S.submission_resolve(actor=request.user, submission=sub, action=d["action"], fields=form.corrected_fields(request.POST),
                                       case_id=d["case_id"] or 0)
        except DomainError as exc:
            messages.error(request, str(exc))
            return redirect("field:resolve", pk=pk)
        if sub.state == "conflict":
            messages.error(request, _("Masih perlu diselesaikan: %(r)s.") % {"r": sub.get_reason_display().lower()})
            return redirect("field:resolve", pk=pk)
        messages.success(request, _("Draf diselesaikan.") + (f" {sub.result_label}" if sub.result_label else ""))
        if sub.result_type == "cases.case":
            return redirect("cases:detail", pk=sub.result_id)
        return redirect("field:resolve_list")
    labels = {name: label for label, name in _labelled(sub, [[k, k] for k in (draft.get("errors") or {})])}  # field name -> label
    errors = [(labels.get(f, f) if f != "__all__" else "", m) for f, msgs in (draft.get("errors") or {}).items() for m in msgs]
    ctx = {"sub": sub, "rows": _labelled(sub, draft.get("fields") or []), "errors": errors, "current": draft.get("current") or {}}
    if sub.state == "conflict" and sub.kind == Kind.CASE_INTAKE:
        ids = draft.get("duplicates") or []
        dups = list(cases_visible_to(request.user).filter(pk__in=ids).select_related("kelurahan").prefetch_related("persons"))
        ctx["duplicates"] = [{"case": c, "victims": [p.name if person_identity_visible(request.user, p) else "•••"
                                                     for p in c.persons.all() if p.role == "victim"]} for c in dups]
        for c in dups:
            audit_view(actor=request.user, obj=c, action="case.view", city_code=c.city_id, changes={"via": [None, "field.resolve"]})
        if sub.reason == Reason.INVALID:
            from django.http import QueryDict

            qd = QueryDict(mutable=True)
            for name, value in draft.get("fields") or []:
                qd.appendlist(name, value)
            form = IntakeForm(qd, city_code=sub.city_id)
            form.is_valid()
            ctx["form"] = form
    if sub.kind == Kind.OUTREACH and draft.get("duplicates"):
        ctx["events"] = list(events_visible_to(request.user).filter(pk__in=draft["duplicates"]).select_related("kelurahan"))
    return render(request, "field/resolve.html", ctx)


@login_required
@require_GET
def push_view(request):
    return render(request, "field/push.html", {"enabled": enabled(), "may": can_subscribe(request.user)})


def _asset_urls() -> list[str]:
    return [static(p) for p in ("vendor/pico/pico.min.css", "core/naungan.css", "vendor/htmx/htmx.min.js", "vendor/idb/umd.js",
                                "field/offline.js", "field/icon-192.png")]


@require_GET
def service_worker_view(request):
    from django.urls import reverse

    assets = _asset_urls()
    shells = {"/kasus/baru/": reverse("field:shell_intake"), "/pencegahan/sosialisasi/": reverse("field:shell_outreach")}
    version = hashlib.sha256(json.dumps([assets, shells]).encode()).hexdigest()[:12]
    body = render(request, "field/sw.js", {"config": json.dumps({"version": version, "assets": assets, "shells": shells,
                                                                  "offline": reverse("field:offline")})}).content
    resp = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    resp["Cache-Control"] = "no-cache"
    resp["Service-Worker-Allowed"] = "/"
    return resp


@require_GET
def manifest_view(request):
    data = {
        "name": "Naungan — perlindungan perempuan dan anak", "short_name": "Naungan", "lang": "id", "start_url": "/", "scope": "/",
        "display": "standalone", "background_color": "#ffffff", "theme_color": "#1b6e5a",
        "icons": [{"src": static("field/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                  {"src": static("field/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any maskable"}],
    }
    return JsonResponse(data, content_type="application/manifest+json")
