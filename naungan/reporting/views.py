"""Public portal (no login), community reporters, and the staff triage queue."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from naungan.accounts.models import CityConfig
from naungan.accounts.permissions import COMMUNITY_REPORTING, may_see_report_queue
from naungan.accounts.scope import memberships_with
from naungan.audit.services import audit_view
from naungan.cases.selectors import case_get, cases_visible_to, possible_duplicates
from naungan.catalogues.selectors import label
from naungan.core.actions import cleaned, run_action
from naungan.core.clientip import client_ip
from naungan.core.crypto import seal, unseal
from naungan.core.errors import DomainError
from naungan.core.pagination import capped_count, keyset_page_or_first, total_label
from naungan.regions.models import Level, Region

from . import limits
from . import services as S
from .forms import AddInfoForm, AttachForm, CloseForm, MessageForm, PortalExtrasForm, ReportForm, StatusForm
from .models import Channel, MessageDirection
from .selectors import QUEUE_KEYS, can_handle, own_reports, recent_cases_nearby, report_get, reporter_identity_visible, triage_queue

RATE_LIMITED = gettext_noop("Terlalu banyak laporan dari perangkat ini dalam waktu singkat. Tunggu beberapa menit lalu coba lagi. Jika ada bahaya, hubungi 112 atau SAPA 129 sekarang.")
STATUS_RATE_LIMITED = gettext_noop("Terlalu banyak percobaan. Tunggu beberapa menit lalu coba lagi.")
TOO_BIG = gettext_noop("Kiriman terlalu besar. Perpendek cerita atau kecilkan berkas (maks. 5 MB).")
SESSION_KEY = "naungan_new_report"
QUEUE_PAGE = 50


def _global_key(group, request):
    return "all"


def submit_limited(request) -> bool:
    """Per client and for the whole portal, one policy for the form and the API (limits.py);
    counts only submissions. Above it a challenge is asked, never a refusal."""
    return limits.count_submission(request)


def _contacts(city: Region) -> dict:
    cfg = CityConfig.objects.filter(city=city).first()
    return {"uptd_phone": cfg.uptd_phone if cfg else "", "uptd_whatsapp": cfg.uptd_whatsapp if cfg else "", "city": city}


def portal_index(request):
    cities = Region.objects.filter(level=Level.KABKOTA, config__isnull=False).order_by("name")
    return render(request, "reporting/index.html", {"cities": cities})


def _city_or_404(city_code: str) -> Region:
    return get_object_or_404(Region, code=city_code, level=Level.KABKOTA)


@require_http_methods(["GET", "POST"])
def report_form_view(request, city_code: str, child: bool = False, channel: str | None = None, template="reporting/form.html"):
    city = _city_or_404(city_code)
    channel = channel or (Channel.CHILD if child else Channel.PORTAL)
    error = None
    challenge = False
    if request.method == "POST":
        try:
            form = ReportForm(request.POST, request.FILES, city_code=city.code, child=child)
            valid = form.is_valid()
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
            form, valid = ReportForm(city_code=city.code, child=child), False
            error = _(TOO_BIG)
        if valid and form.cleaned_data.get("website"):
            # Honeypot filled in: a bot. Answer like a success, store nothing.
            return render(request, "reporting/thanks.html", {"code": None, "pin": None, "child": child, **_contacts(city)})
        earlier = S.form_token_report(form.cleaned_data.get("form_token")) if valid else None
        if earlier is not None:
            # A second tap or a resent form: nothing new is stored, and nothing is lost.
            messages.info(request, _(S.ALREADY_RECEIVED))
            return redirect("reporting:thanks" if SESSION_KEY in request.session else "reporting:status")
        altcha = PortalExtrasForm.of(request)["altcha"] if valid else ""  # (a post too big to read is not valid)
        if valid and submit_limited(request) and not limits.challenge_solved(altcha):
            # Never refused: above the limits the same form comes back with a proof-of-work
            # challenge to solve (and the emergency numbers, as always).
            challenge = True
            error = _(limits.CHALLENGE_FAILED if altcha else limits.CHALLENGE_NEEDED)
        elif valid:
            d = form.cleaned_data
            try:
                report, pin, replayed = S.report_submit(
                    city_code=city.code, form_token=d["form_token"], reporter_kind=d.get("reporter_kind") or ("anak" if child else "anonim"),
                    kelurahan_code=d["kelurahan"], what=d.get("what") or [], description=d.get("description", ""),
                    danger_now=d.get("danger_now", False), contact_name=d.get("contact_name", ""), contact_phone=d.get("contact_phone", ""),
                    channel=channel, submitted_by=request.user if channel == Channel.COMMUNITY else None, attachment=d.get("attachment"),
                )
            except DomainError as exc:
                error = _(str(exc))
            else:
                if replayed:
                    messages.info(request, _(S.ALREADY_RECEIVED))
                    if SESSION_KEY in request.session:
                        return redirect("reporting:thanks")
                    return redirect("reporting:status")
                # sealed: the session row must not hold a readable PIN if the page is never opened
                request.session[SESSION_KEY] = {"code": report.tracking_code, "pin": seal(pin), "danger": report.danger_now,
                                                "city": city.code, "child": child}
                if channel == Channel.COMMUNITY:
                    request.session[SESSION_KEY]["community"] = True
                return redirect("reporting:thanks")
        else:
            error = error or _("Periksa kembali isian yang ditandai.")
        # keep what was typed, with a fresh one-time token
        data = request.POST.copy()
        data["form_token"] = S.form_token_issue()
        form = ReportForm(data, city_code=city.code, child=child)
        form.is_valid()
    else:
        form = ReportForm(city_code=city.code, child=child, initial={"form_token": S.form_token_issue()})
    tpl = "reporting/form_child.html" if child else template
    status = 400 if error else 200
    extra = {"reports": own_reports(request.user)[:100]} if channel == Channel.COMMUNITY else {}
    return render(request, tpl, {"form": form, "error": error, "child": child, "challenge": challenge, **extra, **_contacts(city)},
                  status=200 if challenge else status)


def challenge_view(request):
    """A fresh proof-of-work challenge for the ALTCHA widget (JSON, never cached)."""
    from django.http import JsonResponse

    response = JsonResponse(limits.challenge_new())
    response["Cache-Control"] = "no-store"
    return response


# The public forms carry no ambient authority (no login; the reporter's proof is the code and
# PIN in the body), and each rendered form holds a signed one-time token that a forger cannot
# mint — so Django's CSRF cookie adds nothing here, while its failure page (English, and lost
# typing) would hit reporters whose phones drop cookies, and its early read of the body would
# turn an oversized post into a bare "Bad Request" instead of our message.
public_report_form_view = csrf_exempt(report_form_view)


@csrf_exempt
def report_form_child_view(request, city_code: str):
    return report_form_view(request, city_code, child=True)


def thanks_view(request):
    data = request.session.pop(SESSION_KEY, None)
    if not data:
        messages.info(request, _("Kode dan PIN hanya ditampilkan sekali. Gunakan halaman cek status dengan kode dan PIN Anda."))
        return redirect("reporting:status")
    city = Region.objects.filter(code=data["city"]).first()
    data["pin"] = unseal(data.get("pin"))
    response = render(request, "reporting/thanks.html", {**data, **(_contacts(city) if city else {})})
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_http_methods(["GET", "POST"])
def status_view(request):
    try:
        posted = request.POST if request.method == "POST" else None
    except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
        response = render(request, "reporting/status.html", {"form": StatusForm(), "error": _(TOO_BIG)}, status=400)
        response["Cache-Control"] = "no-store"
        return response
    form = StatusForm(posted)
    info_form = AddInfoForm()
    report = None
    error = None
    if request.method == "POST":
        if is_ratelimited(request, group="report-status", key="ip", rate=settings.PORTAL_STATUS_RATE_PER_CLIENT, method="POST", increment=True):
            error = _(STATUS_RATE_LIMITED)
        elif "body" in request.POST:
            info_form = AddInfoForm(request.POST)
            if info_form.is_valid():
                try:
                    report = S.report_check(code=info_form.cleaned_data["code"], pin=info_form.cleaned_data["pin"], client=client_ip(request))
                    S.report_add_info(report=report, body=info_form.cleaned_data["body"])
                    messages.success(request, _("Terima kasih, informasi tambahan sudah kami terima."))
                    info_form = AddInfoForm(initial={"code": report.tracking_code})
                except DomainError as exc:
                    error, report = _(str(exc)), None
            else:
                error = _("Periksa kembali isian Anda.")
        elif form.is_valid():
            try:
                report = S.report_check(code=form.cleaned_data["code"], pin=form.cleaned_data["pin"], client=client_ip(request))
                info_form = AddInfoForm(initial={"code": report.tracking_code})
            except DomainError as exc:
                error = _(str(exc))
    # The child's path keeps the child's words: the thank-you page links here with ?anak=1, the
    # forms carry it on, and a report filed on the child form is always shown so.
    child = (request.GET.get("anak") or PortalExtrasForm.of(request)["anak"]) == "1" or (report is not None and report.channel == Channel.CHILD)
    ctx = {"form": form, "info_form": info_form, "error": error, "report": report, "child": child}
    if report is not None:
        ctx["public_status"] = report.public_status
        if child:
            ctx["status_label"] = {"received": _("Sudah sampai — petugas akan segera membacanya"), "handling": _("Petugas sedang membantumu"),
                                   "closed": _("Selesai")}[report.public_status]
        else:
            ctx["status_label"] = {"received": _("Diterima — menunggu ditinjau petugas"), "handling": _("Sedang ditangani petugas"),
                                   "closed": _("Selesai")}[report.public_status]
        ctx["messages_to_reporter"] = report.messages.filter(direction=MessageDirection.TO_REPORTER)
    response = render(request, "reporting/status.html", ctx, status=400 if error else 200)
    response["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------------------------------------
# community reporters

def _community_city(request) -> Region:
    ms = memberships_with(request.user, *COMMUNITY_REPORTING.roles)
    if not ms:
        raise Http404
    return ms[0].city


@login_required
@require_http_methods(["GET", "POST"])
def community_view(request):
    city = _community_city(request)
    if request.method == "POST":
        return report_form_view(request, city.code, channel=Channel.COMMUNITY, template="reporting/community.html")
    form = ReportForm(city_code=city.code, initial={"form_token": S.form_token_issue()})
    return render(request, "reporting/community.html", {"form": form, "reports": own_reports(request.user)[:100], **_contacts(city)})


# ---------------------------------------------------------------------------------------------
# staff triage queue

@login_required
def queue_view(request):
    qs = triage_queue(user=request.user, include_done=request.GET.get("semua") == "1")
    if not may_see_report_queue(request.user):
        raise Http404
    page = keyset_page_or_first(qs, keys=QUEUE_KEYS, cursor=request.GET.get("kursor"), size=QUEUE_PAGE)
    query = "semua=1" if request.GET.get("semua") == "1" else ""
    return render(request, "reporting/queue.html", {"reports": page, "page": page, "query": query, "all": query != "",
                                                    "total": total_label(capped_count(qs))})


@login_required
def report_detail_view(request, pk: int):
    report = report_get(user=request.user, report_id=pk)
    identity = reporter_identity_visible(request.user, report)
    audit_view(actor=request.user, obj=report, action="report.view", city_code=report.city_id,
               changes={"identity_shown": [None, identity]})
    duplicates, nearby = [], []
    handle = can_handle(request.user, report)
    if handle and not report.resolution:
        duplicates = possible_duplicates(user=request.user, phone=report.contact_phone, name=report.contact_name)
        seen = {d.case.pk for d in duplicates}
        nearby = [c for c in recent_cases_nearby(user=request.user, report=report) if c.pk not in seen]
    return render(request, "reporting/detail.html", {
        "report": report, "identity": identity, "handle": handle, "duplicates": duplicates, "nearby": nearby,
        "what": [label("report_what", w) for w in report.what], "kind": label("reporter_kind", report.reporter_kind),
        "message_form": MessageForm(), "close_form": CloseForm(), "thread": report.messages.select_related("whatsapp_delivery"),
    })


NO_CASE_CHOSEN = gettext_noop("Pilih kasus dari daftar atau ketik nomor kasus.")


def _chosen_case(request):
    """A case picked from the suggestions (case_id) or typed by its number; out of scope is a 404."""
    form = AttachForm(request.POST)
    if not form.is_valid():
        raise Http404  # a case id that is no number: no such case
    picked, number = form.cleaned_data["case_id"], form.cleaned_data["case_number"]
    if picked is not None:
        return case_get(user=request.user, case_id=picked)
    if number:
        found = cases_visible_to(request.user).filter(number=number).values_list("pk", flat=True).first()
        if found is None:
            raise Http404
        return case_get(user=request.user, case_id=found)
    raise DomainError(NO_CASE_CHOSEN)


@login_required
@require_POST
def report_action_view(request, pk: int, action: str):
    report = report_get(user=request.user, report_id=pk)

    def convert():
        case = S.report_convert(actor=request.user, report=report)
        messages.success(request, _("Laporan dijadikan kasus %(n)s.") % {"n": case.number})
        return redirect("cases:detail", pk=case.pk)

    def attach():
        case = _chosen_case(request)
        S.report_attach(actor=request.user, report=report, case=case)
        messages.success(request, _("Laporan digabungkan ke kasus %(n)s.") % {"n": case.number})

    def close():
        S.report_close(actor=request.user, report=report, reason=cleaned(CloseForm(request.POST))["reason"])
        messages.success(request, _("Laporan ditutup."))

    def message():
        S.report_message_reporter(actor=request.user, report=report, body=cleaned(MessageForm(request.POST))["body"])
        messages.success(request, _("Pesan terkirim; pelapor melihatnya di halaman cek status."))

    return (run_action(request, action, {"jadikan-kasus": convert, "gabungkan": attach, "tutup": close, "pesan": message})
            or redirect("reporting:detail", pk=report.pk))


@login_required
def report_attachment_view(request, pk: int):
    from django.http import FileResponse

    report = report_get(user=request.user, report_id=pk)
    if not report.attachment or not can_handle(request.user, report):
        raise Http404
    audit_view(actor=request.user, obj=report, action="report.attachment_download", city_code=report.city_id)
    return FileResponse(report.attachment.open("rb"), content_type=report.attachment_type, as_attachment=True, filename=f"{report.tracking_code}")
