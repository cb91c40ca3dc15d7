"""Writes of the reporting portal. Messages are Indonesian module constants."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core import signing
from django.core.cache import cache
from django.core.files import File
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_noop

from naungan.accounts.models import Membership
from naungan.accounts.roles import Role
from naungan.audit.services import audit_record
from naungan.cases.models import Case
from naungan.cases.services import attachment_add, case_note_add, case_register, notify
from naungan.cases.services import sniff_type as case_sniff_type
from naungan.catalogues.selectors import codes, get
from naungan.core.errors import DomainError
from naungan.core.middleware import reset_origin, set_origin
from naungan.regions.models import Level, Region

from . import pins
from .models import Channel, FormToken, MessageDirection, Report, ReportMessage, ReportStatus, Resolution
from .selectors import can_handle, reports_visible_to

UNKNOWN_CITY = gettext_noop("Kota tidak dikenal.")
BAD_KELURAHAN = gettext_noop("Pilih kelurahan dari daftar kota ini.")
# The kelurahan choice "Aku tidak tahu" / "Tidak tahu": the report goes to the city's UPTD PPA.
KELURAHAN_UNKNOWN = "tidak_tahu"
# reporter_kind meaning "it happened to me": the reporter is the victim.
REPORTER_IS_VICTIM = "korban"
BAD_CHOICE = gettext_noop("Pilihan tidak dikenal. Muat ulang halaman dan coba lagi.")
NEED_WHAT = gettext_noop("Pilih setidaknya satu hal yang terjadi, atau ceritakan di kolom cerita.")
TOO_LONG = gettext_noop("Cerita terlalu panjang (maksimal {n} huruf).")
BAD_TOKEN = gettext_noop("Formulir ini sudah kedaluwarsa. Muat ulang halaman lalu kirim lagi.")
ALREADY_RECEIVED = gettext_noop("Laporan ini sudah kami terima sebelumnya. Tidak perlu mengirim ulang.")
WRONG_CODE_OR_PIN = gettext_noop("Kode laporan atau PIN salah.")
LOCKED = gettext_noop("Terlalu banyak percobaan PIN yang salah. Coba lagi setelah {minutes} menit.")
FILE_TOO_BIG = gettext_noop("Berkas terlalu besar (maksimal 5 MB).")
FILE_TYPE = gettext_noop("Berkas harus berupa foto (JPG/PNG) atau PDF.")
EMPTY_MESSAGE = gettext_noop("Pesan tidak boleh kosong.")
NOT_ALLOWED = gettext_noop("Anda tidak berwenang menangani laporan ini.")
ALREADY_RESOLVED = gettext_noop("Laporan ini sudah ditindaklanjuti.")
REASON_REQUIRED = gettext_noop("Pilih alasan penutupan.")
CASE_CLOSED = gettext_noop("Kasus itu sudah ditutup. Buka kembali kasusnya dulu, atau jadikan laporan ini kasus baru.")

MAX_DESCRIPTION = 5000
MAX_MESSAGE = 2000
MAX_FILE = 5 * 1024 * 1024
PIN_FAILURE_LIMIT = 5  # wrong PINs for one tracking code before it is locked
PIN_LOCK_MINUTES = 15
CLIENT_FAILURE_LIMIT = 10  # wrong code/PIN pairs from one client (any codes) before it is locked
CLIENT_LOCK_MINUTES = 30
FORM_TOKEN_MAX_AGE = 2 * 24 * 3600  # a form left open for two days still submits
FORM_TOKEN_SALT = "naungan.reporting.form"
# Anonymous reporters' addresses are not written into the permanent audit chain.
PUBLIC_ORIGIN = {"channel": "portal_publik"}
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L


def new_tracking_code() -> str:
    part = lambda: "".join(secrets.choice(CODE_ALPHABET) for _ in range(4))  # noqa: E731
    return f"NGN-{part()}-{part()}"


def normalize_code(code: str) -> str:
    c = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    if c.startswith("NGN") and len(c) == 11:
        return f"NGN-{c[3:7]}-{c[7:11]}"
    return (code or "").strip().upper()[:16]


def form_token_issue() -> str:
    """A signed one-time nonce for a rendered form. Nothing is written when a form is shown (so
    loading the page cannot fill the database); the nonce is stored when the form is accepted,
    and a second submission of it returns the report already stored."""
    return signing.dumps(secrets.token_urlsafe(32), salt=FORM_TOKEN_SALT, compress=False)


def _form_nonce(form_token: str) -> str:
    try:
        nonce = signing.loads(form_token or "", salt=FORM_TOKEN_SALT, max_age=FORM_TOKEN_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        raise DomainError(BAD_TOKEN)
    if not isinstance(nonce, str) or not 20 <= len(nonce) <= 43:
        raise DomainError(BAD_TOKEN)
    return nonce


def _city(city_code: str) -> Region:
    city = Region.objects.filter(code=city_code, level=Level.KABKOTA).first()
    if city is None:
        raise Http404
    return city


def _sniff(upload) -> str:
    from naungan.core.uploads import EVIDENCE_TYPES

    ctype = case_sniff_type(upload, EVIDENCE_TYPES)
    if ctype is None:
        raise DomainError(FILE_TYPE)
    return ctype


def _client_nonce(client_token: str) -> str:
    # Namespaced and hashed, so an app's key can never collide with a page's nonce.
    return "api:" + hashlib.sha256(client_token.encode()).hexdigest()[:39]


def form_token_report(form_token: str | None) -> Report | None:
    """The report already stored from this form, if it was submitted before."""
    try:
        nonce = _form_nonce(form_token or "")
    except DomainError:
        return None
    row = FormToken.objects.filter(token=nonce, report__isnull=False).select_related("report").first()
    return row.report if row else None


def _replayed(token_row: FormToken) -> tuple[Report, None, bool]:
    if token_row.report_id is None:  # pragma: no cover - claimed and report stored in one transaction
        raise DomainError(ALREADY_RECEIVED)
    return token_row.report, None, True


def forms_of(what: list[str]) -> list[str]:
    out: list[str] = []
    for code in what:
        item = get("report_what", code)
        for f in (item.extra.get("forms", []) if item else []):
            if f not in out:
                out.append(f)
    return out


@transaction.atomic
def report_submit(*, city_code: str, form_token: str | None, reporter_kind: str, kelurahan_code: str, what: list[str],
                  description: str = "", danger_now: bool = False, contact_name: str = "", contact_phone: str = "",
                  channel: str = Channel.PORTAL, submitted_by=None, attachment=None,
                  client_token: str | None = None) -> tuple[Report, str | None, bool]:
    """Store a report durably. Returns (report, pin, replayed): on a replay of an accepted form
    (`form_token`, from the page) or API call (`client_token`, chosen by the app) the earlier
    report is returned with no PIN and nothing new is stored."""
    city = _city(city_code)
    token_row = None
    nonce = _form_nonce(form_token) if form_token is not None else _client_nonce(client_token) if client_token else None
    if nonce is not None:
        earlier = FormToken.objects.filter(token=nonce).select_related("report").first()
        if earlier is not None:
            return _replayed(earlier)
        try:
            # Claimed first: a concurrent second submission of the same form waits on this row
            # and then finds it taken.
            with transaction.atomic():
                token_row = FormToken.objects.create(token=nonce, used_at=timezone.now())
        except IntegrityError:
            earlier = FormToken.objects.filter(token=nonce).select_related("report").first()
            if earlier is None:  # pragma: no cover - the other transaction rolled back
                raise DomainError(BAD_TOKEN)
            return _replayed(earlier)
    if reporter_kind not in codes("reporter_kind"):
        raise DomainError(BAD_CHOICE)
    allowed_what = codes("report_what")
    what = list(dict.fromkeys(what or []))
    if any(w not in allowed_what for w in what):
        raise DomainError(BAD_CHOICE)
    description = (description or "").strip()
    if not what and not description:
        raise DomainError(NEED_WHAT)
    if len(description) > MAX_DESCRIPTION:
        raise DomainError(TOO_LONG.format(n=MAX_DESCRIPTION))
    kel = None
    if kelurahan_code != KELURAHAN_UNKNOWN:  # "Aku tidak tahu": the city's UPTD PPA takes it
        kel = Region.objects.filter(code=kelurahan_code, level=Level.KELURAHAN).first()
        if kel is None or not kel.code.startswith(city.code + "."):
            raise DomainError(BAD_KELURAHAN)
    ctype = ""
    if attachment is not None:
        if attachment.size > MAX_FILE:
            raise DomainError(FILE_TOO_BIG)
        ctype = _sniff(attachment)
    pin = f"{secrets.randbelow(10**6):06d}"
    for _ in range(5):
        try:
            with transaction.atomic():
                code = new_tracking_code()
                report = Report.objects.create(
                    city=city, tracking_code=code, pin_hash=pins.hash_pin(code, pin), channel=channel,
                    reporter_kind=reporter_kind, kelurahan=kel, what=what, description=description, danger_now=bool(danger_now),
                    contact_name=(contact_name or "").strip()[:200], contact_phone=(contact_phone or "").strip()[:40],
                    submitted_by=submitted_by if getattr(submitted_by, "is_authenticated", False) else None,
                )
            break
        except IntegrityError:  # tracking code collision: draw again
            continue
    else:  # pragma: no cover - 31^8 codes
        raise DomainError(BAD_TOKEN)
    if attachment is not None:
        report.attachment.save(report.tracking_code, attachment, save=False)
        report.attachment_type = ctype
        report.save(update_fields=["attachment", "attachment_type"])
    if token_row is not None:
        token_row.report = report
        token_row.save(update_fields=["report"])
    _notify_new(report, urgent=bool(danger_now))
    # The audit append is the last write before the commit: it holds the lock on the chain head,
    # which every writer of the city (and the nation) waits for, for as short a time as possible.
    identified = getattr(submitted_by, "is_authenticated", False)
    audit_record(actor=submitted_by if identified else None, action="report.submit", obj=report, city_code=city.code,
                 origin=None if identified else PUBLIC_ORIGIN, changes={
                     "channel": [None, channel], "kelurahan": [None, kel.code if kel else None], "danger_now": [None, bool(danger_now)], "what": [None, what]})
    return report, pin, False


def _client_key(client: str) -> str:
    return "reporting:pinfail:" + hashlib.sha256((client or "-").encode()).hexdigest()[:32]


def client_locked(client: str) -> bool:
    return (cache.get(_client_key(client)) or 0) >= CLIENT_FAILURE_LIMIT


def _client_failed(client: str) -> None:
    key = _client_key(client)
    if cache.add(key, 1, CLIENT_LOCK_MINUTES * 60):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, CLIENT_LOCK_MINUTES * 60)


def report_check(*, code: str, pin: str, client: str = "") -> Report:
    """The reporter's follow-up. Wrong PINs are counted per tracking code (the code locks for a
    while) and per client across all codes (the client locks, so codes cannot be guessed with
    one PIN); an unknown code and a wrong PIN answer alike. A locked client's attempts do not
    count against the code, so a guesser cannot keep a real reporter locked out. The failure
    count is committed before the error is raised (raising inside the transaction would roll it
    back)."""
    if client_locked(client):
        raise DomainError(LOCKED.format(minutes=CLIENT_LOCK_MINUTES))
    now = timezone.now()
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(tracking_code=normalize_code(code)).first()
        if report is None:
            pins.dummy_check(pin)  # same work as a real check: no timing hint that the code exists
            outcome = "wrong"
        elif report.locked_until and report.locked_until > now:
            outcome = "locked"
        elif not pins.check_pin(report.tracking_code, pin, report.pin_hash):
            report.pin_failures += 1
            outcome = "wrong"
            if report.pin_failures >= PIN_FAILURE_LIMIT:
                report.locked_until = now + timedelta(minutes=PIN_LOCK_MINUTES)
                report.pin_failures = 0
                outcome = "locked"
            report.save(update_fields=["pin_failures", "locked_until"])
            audit_record(actor=None, action="report.pin_failed", obj=report, city_code=report.city_id, origin=PUBLIC_ORIGIN,
                         changes={"locked": [None, outcome == "locked"]})
        else:
            outcome = "ok"
            fields = []
            if report.pin_failures:
                report.pin_failures = 0
                fields.append("pin_failures")
            if pins.needs_rehash(report.pin_hash):  # a password-hasher hash or an older key
                report.pin_hash = pins.hash_pin(report.tracking_code, (pin or "").strip())
                fields.append("pin_hash")
            if fields:
                report.save(update_fields=fields)
    if outcome != "ok":
        _client_failed(client)
    if outcome == "locked":
        raise DomainError(LOCKED.format(minutes=PIN_LOCK_MINUTES))
    if outcome == "wrong":
        raise DomainError(WRONG_CODE_OR_PIN)
    return report


@transaction.atomic
def report_add_info(*, report: Report, body: str) -> ReportMessage:
    body = (body or "").strip()
    if not body:
        raise DomainError(EMPTY_MESSAGE)
    if len(body) > MAX_MESSAGE:
        raise DomainError(TOO_LONG.format(n=MAX_MESSAGE))
    msg = ReportMessage.objects.create(report=report, direction=MessageDirection.FROM_REPORTER, body=body)
    audit_record(actor=None, action="report.reporter_info", obj=report, city_code=report.city_id, origin=PUBLIC_ORIGIN)
    if report.case_id:
        token = set_origin(PUBLIC_ORIGIN)  # the case note's audit event must not keep the address either
        try:
            case_note_add(actor=None, case=report.case, body="Informasi tambahan dari pelapor (lihat laporan " + report.tracking_code + "): " + body,
                          kind="feedback", check_scope=False)
        finally:
            reset_origin(token)
    # Whoever handles it hears of it — the case number or tracking code only, never the text.
    to = (report.case.assigned_to if report.case_id and report.case.assigned_to_id else None) or report.handled_by
    if to is not None and to.is_active:
        where = f"kasus {report.case.number}" if report.case_id else f"laporan {report.tracking_code}"
        notify(user=to, text=f"Pelapor menambahkan informasi untuk {where}.",
               url=f"/kasus/{report.case_id}/" if report.case_id else f"/lapor/antrean/{report.pk}/",
               push="reporter_info", ref=report.case.number if report.case_id else report.tracking_code)
    return msg


def _require_handler(actor, report: Report) -> None:
    if not reports_visible_to(actor).filter(pk=report.pk).exists():
        raise Http404
    if not can_handle(actor, report):
        raise DomainError(NOT_ALLOWED)


@transaction.atomic
def report_message_reporter(*, actor, report: Report, body: str) -> ReportMessage:
    _require_handler(actor, report)
    body = (body or "").strip()
    if not body:
        raise DomainError(EMPTY_MESSAGE)
    if len(body) > MAX_MESSAGE:
        raise DomainError(TOO_LONG.format(n=MAX_MESSAGE))
    msg = ReportMessage.objects.create(report=report, direction=MessageDirection.TO_REPORTER, body=body, author=actor)
    audit_record(actor=actor, action="report.message", obj=report, city_code=report.city_id)
    return msg


def _channel_for_case(report: Report) -> str:
    if report.channel == Channel.WHATSAPP:
        return "whatsapp"
    return "laporan_masyarakat" if report.channel == Channel.COMMUNITY else "portal_publik"


def _notify_new(report: Report, *, urgent: bool) -> None:
    """The kelurahan's PPT hears of a new report, and triage staff of an urgent one — without any
    identity or story."""
    kel = report.kelurahan
    prefix = "MENDESAK: " if urgent else ""
    if kel is None:
        # The reporter did not know the kelurahan: no PPT is the right one, the city's UPTD PPA triages it.
        for m in Membership.objects.filter(city_id=report.city_id, active=True, role__in=[Role.CASE_MANAGER, Role.SUPERVISOR]).select_related("user"):
            notify(user=m.user, text=f"{prefix}Laporan baru (kelurahan belum diketahui) masuk antrean triase UPTD PPA.", url="/lapor/antrean/",
                   push="urgent_report" if urgent else "", ref=report.tracking_code)
        return
    for m in Membership.objects.filter(city_id=report.city_id, active=True, role__in=[Role.PPT_OFFICER], region_id=kel.code).select_related("user"):
        notify(user=m.user, text=f"{prefix}Laporan baru untuk Kelurahan {kel.name} masuk antrean triase.", url="/lapor/antrean/",
               push="urgent_report" if urgent else "", ref=report.tracking_code)
    if urgent:
        for m in Membership.objects.filter(city_id=report.city_id, active=True, role__in=[Role.CASE_MANAGER, Role.SUPERVISOR]).select_related("user"):
            notify(user=m.user, text=f"MENDESAK: laporan baru untuk Kelurahan {kel.name}.", url="/lapor/antrean/",
                   push="urgent_report", ref=report.tracking_code)


@transaction.atomic
def report_mark_urgent(*, report: Report) -> Report:
    """The reporter said they are in danger after the report was filed (e.g. "BAHAYA" over
    WhatsApp): the report jumps to the top of the queue and triage staff are told."""
    report = Report.objects.select_for_update(of=("self",)).select_related("kelurahan").get(pk=report.pk)
    if report.danger_now:
        return report
    report.danger_now = True
    report.save(update_fields=["danger_now", "updated_at"])
    audit_record(actor=None, action="report.urgent", obj=report, city_code=report.city_id, origin=PUBLIC_ORIGIN,
                 changes={"danger_now": [False, True]})
    _notify_new(report, urgent=True)
    if report.case_id and report.case.assigned_to_id:
        notify(user=report.case.assigned_to, text=f"MENDESAK: pelapor kasus {report.case.number} menyatakan dalam bahaya.",
               url=f"/kasus/{report.case_id}/", push="urgent_report", ref=report.case.number)
    return report


@transaction.atomic
def report_convert(*, actor, report: Report) -> Case:
    """Make a case of the report; what the reporter told is carried over."""
    _require_handler(actor, report)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.resolution:
        raise DomainError(ALREADY_RESOLVED)
    if report.reporter_kind == REPORTER_IS_VICTIM:
        # "Aku sendiri" / "Saya sendiri yang mengalami": the one who reported is the victim, and
        # there is no other reporter to record.
        persons = [{"role": "victim", "name": report.contact_name, "phone": report.contact_phone, "unknown": False}]
    else:
        persons = [{"role": "victim", "name": "", "unknown": False}]
        if report.contact_name or report.contact_phone:
            persons.append({"role": "reporter", "name": report.contact_name, "phone": report.contact_phone})
    kind = get("reporter_kind", report.reporter_kind)
    chronology = f"[Laporan {report.tracking_code}; pelapor: {kind.label if kind else report.reporter_kind}" + \
        ("; MENDESAK" if report.danger_now else "") + "]\n" + (report.description or "")
    later = list(report.messages.filter(direction=MessageDirection.FROM_REPORTER).values_list("body", flat=True))
    if later:
        chronology += "\n\n" + "\n".join(f"[Informasi tambahan dari pelapor] {b}" for b in later)
    case = case_register(
        actor=actor, city_code=report.city_id, channel=_channel_for_case(report), received_at=report.created_at,
        kelurahan_code=report.kelurahan_id, forms=forms_of(report.what), chronology=chronology, persons=persons,
        source_report_id=report.pk,
    )
    _carry_attachment(actor, report, case)
    report.case = case
    report.resolution = Resolution.CONVERTED
    report.status = ReportStatus.HANDLING
    report.handled_by = actor
    report.save(update_fields=["case", "resolution", "status", "handled_by", "updated_at"])
    audit_record(actor=actor, action="report.convert", obj=report, city_code=report.city_id, changes={"case": [None, case.number]})
    return case


def _carry_attachment(actor, report: Report, case: Case) -> None:
    """The reporter's photo or document becomes a case attachment (checked again by the case's
    own rules)."""
    if not report.attachment:
        return
    with report.attachment.open("rb") as fh:
        attachment_add(actor=actor, case=case, uploaded_file=File(fh, name=f"{report.tracking_code}"),
                       description=f"Lampiran dari laporan {report.tracking_code}")


@transaction.atomic
def report_attach(*, actor, report: Report, case: Case) -> Report:
    from naungan.cases.selectors import cases_visible_to

    _require_handler(actor, report)
    if not cases_visible_to(actor).filter(pk=case.pk, city_id=report.city_id).exists():
        raise Http404
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.resolution:
        raise DomainError(ALREADY_RESOLVED)
    if case.status == "closed":  # the reporter would read "selesai" for a report nobody handled
        raise DomainError(CASE_CLOSED)
    _carry_attachment(actor, report, case)
    report.case = case
    report.resolution = Resolution.ATTACHED
    report.status = ReportStatus.HANDLING
    report.handled_by = actor
    report.save(update_fields=["case", "resolution", "status", "handled_by", "updated_at"])
    case_note_add(actor=actor, case=case, kind="feedback", body=f"Laporan {report.tracking_code} digabungkan ke kasus ini: {report.description or '-'}")
    audit_record(actor=actor, action="report.attach", obj=report, city_code=report.city_id, changes={"case": [None, case.number]})
    return report


@transaction.atomic
def report_close(*, actor, report: Report, reason: str) -> Report:
    _require_handler(actor, report)
    if reason not in codes("report_closure"):
        raise DomainError(REASON_REQUIRED)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.resolution:
        raise DomainError(ALREADY_RESOLVED)
    report.resolution = Resolution.NOT_RELEVANT
    report.status = ReportStatus.CLOSED
    report.closure_reason = reason
    report.handled_by = actor
    report.save(update_fields=["resolution", "status", "closure_reason", "handled_by", "updated_at"])
    audit_record(actor=actor, action="report.close", obj=report, city_code=report.city_id, changes={"closure_reason": [None, reason]})
    return report
