"""The WhatsApp channel: webhook deliveries in, a short guided dialogue in Bahasa Indonesia, the
report filed through the portal's own service (`reporting.services.report_submit`), replies and
staff messages out through the worker with retries.

The dialogue asks who the reporter is, where (kelurahan by name, matched loosely over the city's
kelurahan), what happened and whether someone is in danger now, then answers with the tracking
code and PIN. "BAHAYA" (or "DARURAT") at any point answers at once with the emergency numbers and
marks the report urgent; once the kelurahan is known an urgent report is filed without waiting for
the rest. The reporter's number is sealed and found only through its blind index; nothing here
logs a number or a message text."""

from __future__ import annotations

import difflib
import hashlib
import hmac
import json
import re
import unicodedata

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from naungan.catalogues.selectors import values
from naungan.core.crypto import blind_index, blind_indexes
from naungan.core.errors import DomainError
from naungan.core.names import normalize_phone_number
from naungan.core.retry import schedule_retry
from naungan.regions.models import Region
from naungan.regions.selectors import kelurahan_of_city
from naungan.reporting import services as R
from naungan.reporting.models import Channel, Report, ReportStatus

from . import client
from .config import config
from .models import STATUS_RANK, Conversation, DeliveryStatus, InboundMessage, OutboundMessage, Step

GREETING = gettext_noop("Halo, ini layanan pengaduan kekerasan terhadap perempuan dan anak {city}. Identitas dan nomor Anda kami rahasiakan.\n"
                        "Jika ada yang dalam bahaya sekarang, balas BAHAYA kapan saja.")
ASK_WHO = gettext_noop("Siapa Anda bagi korban? Balas dengan angka:\n{options}")
WHO_AGAIN = gettext_noop("Balas dengan angka 1–{n}.")
ASK_WHERE = gettext_noop("Di kelurahan mana kejadiannya? Tulis nama kelurahannya, misalnya: {example}.")
ASK_WHERE_URGENT = gettext_noop("Agar petugas terdekat segera bergerak, tulis nama kelurahan tempat kejadian.")
WHERE_PICK = gettext_noop("Maksud Anda salah satu ini? Balas dengan angka, atau tulis lagi nama kelurahannya:\n{options}")
WHERE_UNKNOWN = gettext_noop("Kelurahan itu tidak kami temukan di {city}. Tulis lagi nama kelurahannya saja (tanpa nama jalan atau RT/RW).")
WHERE_OK = gettext_noop("Dicatat: Kelurahan {kelurahan}, Kecamatan {kecamatan}.")
ASK_WHAT = gettext_noop("Ceritakan singkat apa yang terjadi: siapa yang mengalami, kapan, dan apa yang dilakukan. Cukup yang Anda ketahui.")
ASK_DANGER = gettext_noop("Apakah ada yang dalam bahaya sekarang? Balas YA atau TIDAK.")
DANGER_AGAIN = gettext_noop("Balas YA atau TIDAK.")
LOCATION_NOTED = gettext_noop("Terima kasih, lokasi diterima dan akan dibaca petugas.")
MEDIA_REFUSED = gettext_noop("Maaf, foto, suara, dan berkas belum dapat kami terima lewat WhatsApp. Ceritakan dengan tulisan; "
                             "petugas akan menghubungi Anda bila bukti diperlukan.")
FILED = gettext_noop("Laporan Anda sudah kami terima{urgent}.\nKode laporan: {code}\nPIN: {pin}\n"
                     "Simpan kode dan PIN ini; PIN hanya dikirim sekali. Dengan keduanya Anda dapat melihat perkembangan laporan "
                     "di portal pengaduan (menu Cek status). Petugas dapat membalas lewat WhatsApp ini.\n"
                     "Untuk menambah informasi, cukup balas pesan ini. Balas STATUS untuk melihat status, atau BARU untuk laporan baru.")
FILED_URGENT = gettext_noop(" dan ditandai MENDESAK")
INFO_ADDED = gettext_noop("Informasi tambahan diterima untuk laporan {code}. Terima kasih.")
STATUS_IS = gettext_noop("Status laporan {code}: {status}.")
EMERGENCY = gettext_noop("Jika Anda atau orang lain dalam bahaya sekarang, segera hubungi:\n"
                         "• 112 (darurat)\n• SAPA 129: telepon 129, WhatsApp 08111-129-129\n{uptd}"
                         "Laporan Anda kami tandai MENDESAK.")
EMERGENCY_UPTD = gettext_noop("• UPTD PPA {city}: {phone}\n")
STAFF_MESSAGE = gettext_noop("Pesan petugas untuk laporan {code}:\n{body}")
SORRY = gettext_noop("Maaf, pesan Anda belum dapat diproses: {reason}")
NO_STORY = gettext_noop("(Pelapor menyatakan BAHAYA lewat WhatsApp; cerita belum dikirim.)")

EMERGENCY_WORDS = re.compile(r"\b(bahaya|darurat)\b", re.IGNORECASE)
YES = {"ya", "y", "iya", "iye", "yes", "benar", "ada", "1"}
NO = {"tidak", "tdk", "t", "no", "nggak", "gak", "enggak", "engga", "tidak ada", "2"}
RESTART_AFTER_HOURS = 24  # an unfinished dialogue left this long starts again
STATUS_TEXT = {ReportStatus.RECEIVED: "diterima", ReportStatus.HANDLING: "sedang ditangani", ReportStatus.CLOSED: "selesai"}


# --- the webhook: signature, handshake, dispatch ----------------------------------------------

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


# --- conversations ----------------------------------------------------------------------------

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
    try:
        return json.loads(conv.answers) if conv.answers else {}
    except ValueError:
        return {}


def _save(conv: Conversation, answers: dict) -> None:
    conv.answers = json.dumps(answers) if answers else ""
    conv.save()


@transaction.atomic
def inbound_handle(*, phone_number_id: str, city_code: str, message: dict) -> bool:
    """One incoming message. False when its id was handled before (a replayed delivery)."""
    wamid = str(message.get("id") or "")
    kind = str(message.get("type") or "unknown")[:20]
    if not wamid:
        return False
    try:
        with transaction.atomic():
            seen = InboundMessage.objects.create(wamid=wamid[:128], kind=kind)
    except IntegrityError:
        return False
    conv = _conversation(phone_number_id, city_code, message.get("from", ""))
    seen.conversation = conv
    seen.save(update_fields=["conversation"])
    try:
        with transaction.atomic():
            replies = Dialogue(conv).handle(message)
    except DomainError as exc:
        replies = [(SORRY.format(reason=str(exc)), False)]
    for text, forget in replies:
        outbound_queue(conversation=conv, body=text, forget_body=forget)
    return True


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
    from naungan.core.names import variant_key

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


class Dialogue:
    def __init__(self, conv: Conversation):
        self.conv = conv
        self.city = Region.objects.get(code=conv.city_id)
        self.answers = _answers(conv)
        self.replies: list[tuple[str, bool]] = []

    def say(self, text: str, *, forget: bool = False) -> None:
        self.replies.append((text, forget))

    # -- entry point

    def handle(self, message: dict) -> list[tuple[str, bool]]:
        conv = self.conv
        if conv.step and conv.step != Step.FILED and conv.updated_at and \
                (timezone.now() - conv.updated_at).total_seconds() > RESTART_AFTER_HOURS * 3600:
            conv.step, self.answers, conv.danger = "", {}, False
        kind = message.get("type")
        text = _text_of(message).strip()
        self.wamid = str(message.get("id"))
        if not conv.step:
            self.answers = {}
            conv.danger = False
            self.say(GREETING.format(city=self.city.name))
            if EMERGENCY_WORDS.search(text):
                self._emergency()
                return self._ask(Step.WHERE)
            return self._ask(Step.WHO)
        if kind == "location":
            return self._location(message.get("location") or {})
        if kind in {"image", "audio", "video", "document", "sticker", "voice"}:
            self.say(MEDIA_REFUSED)
            return self._finish()
        if EMERGENCY_WORDS.search(text):
            self._emergency()
            if conv.step == Step.FILED:
                if _fold(EMERGENCY_WORDS.sub("", text)).strip():
                    self._add_info(text)
                return self._finish()
            if self.answers.get("kelurahan"):
                if conv.step == Step.WHAT and _fold(EMERGENCY_WORDS.sub("", text)).strip():
                    self.answers["description"] = text
                return self._file()
            return self._ask(Step.WHERE, urgent=True)
        handler = {Step.WHO: self._who, Step.WHERE: self._where, Step.WHERE_PICK: self._where_pick, Step.WHAT: self._what,
                   Step.DANGER: self._danger, Step.FILED: self._filed}.get(conv.step)
        if handler is None:  # pragma: no cover - unknown step in the database
            return self._ask(Step.WHO)
        return handler(text)

    def _finish(self) -> list[tuple[str, bool]]:
        _save(self.conv, self.answers)
        return self.replies

    def _ask(self, step: str, *, urgent: bool = False) -> list[tuple[str, bool]]:
        self.conv.step = step
        if step == Step.WHO:
            kinds = values("reporter_kind")
            self.say(ASK_WHO.format(options="\n".join(f"{i}. {k.label}" for i, k in enumerate(kinds, 1))))
        elif step == Step.WHERE:
            if urgent:
                self.say(ASK_WHERE_URGENT)
            else:
                example = next(iter(kelurahan_of_city(self.city.code)), None)
                self.say(ASK_WHERE.format(example=example.name if example else "-"))
        elif step == Step.WHAT:
            self.say(ASK_WHAT)
        elif step == Step.DANGER:
            self.say(ASK_DANGER)
        return self._finish()

    # -- steps

    def _who(self, text: str):
        kinds = values("reporter_kind")
        t = text.strip().rstrip(".")
        chosen = None
        if t.isdigit() and 1 <= int(t) <= len(kinds):
            chosen = kinds[int(t) - 1].code
        else:
            chosen = next((k.code for k in kinds if _fold(t) and _fold(t) in {_fold(k.code), _fold(k.label)}), None)
        if chosen is None:
            self.say(WHO_AGAIN.format(n=len(kinds)))
            return self._finish()
        self.answers["kind"] = chosen
        return self._ask(Step.WHERE)

    def _accept_kelurahan(self, kel: Region):
        self.answers["kelurahan"] = kel.code
        self.answers.pop("candidates", None)
        parent = Region.objects.filter(code=kel.parent_id).first()
        self.say(WHERE_OK.format(kelurahan=kel.name, kecamatan=parent.name if parent else "-"))
        if self.conv.danger:
            return self._file()
        return self._ask(Step.WHAT)

    def _where(self, text: str):
        found = match_kelurahan(self.city.code, text)
        if len(found) == 1:
            return self._accept_kelurahan(found[0])
        if not found:
            self.say(WHERE_UNKNOWN.format(city=self.city.name))
            return self._finish()
        self.answers["candidates"] = [k.code for k in found]
        self.conv.step = Step.WHERE_PICK
        self.say(WHERE_PICK.format(options="\n".join(f"{i}. {k.name}" for i, k in enumerate(found, 1))))
        return self._finish()

    def _where_pick(self, text: str):
        cands = self.answers.get("candidates") or []
        t = text.strip().rstrip(".")
        if t.isdigit() and 1 <= int(t) <= len(cands):
            kel = Region.objects.filter(code=cands[int(t) - 1]).first()
            if kel is not None:
                return self._accept_kelurahan(kel)
        return self._where(text)

    def _what(self, text: str):
        if not text:
            return self._ask(Step.WHAT)
        self.answers["description"] = text[: R.MAX_DESCRIPTION - 200]
        return self._ask(Step.DANGER)

    def _danger(self, text: str):
        t = _fold(text)
        if t in YES:
            self.conv.danger = True
            self._emergency(mark=False)
        elif t not in NO:
            self.say(DANGER_AGAIN)
            return self._finish()
        return self._file()

    def _filed(self, text: str):
        word = _fold(text)
        if word == "baru":
            self.conv.step, self.answers, self.conv.danger, self.conv.report = "", {}, False, None
            self.say(GREETING.format(city=self.city.name))
            return self._ask(Step.WHO)
        if word == "status" and self.conv.report_id:
            report = Report.objects.select_related("case").get(pk=self.conv.report_id)
            self.say(STATUS_IS.format(code=report.tracking_code, status=STATUS_TEXT.get(report.public_status, report.public_status)))
            return self._finish()
        if text:
            self._add_info(text)
        return self._finish()

    # -- effects

    def _location(self, loc: dict):
        try:
            where = f"{float(loc.get('latitude')):.5f}, {float(loc.get('longitude')):.5f}"
        except (TypeError, ValueError):
            return self._finish()
        note = f"[Lokasi dikirim lewat WhatsApp: {where}]"
        if self.conv.step == Step.FILED:
            self._add_info(note)
            return self._finish()
        self.answers["location"] = note
        self.say(LOCATION_NOTED)
        if self.conv.step in (Step.WHERE, Step.WHERE_PICK):
            self.say(ASK_WHERE_URGENT if self.conv.danger else ASK_WHERE.format(example=next(iter(kelurahan_of_city(self.city.code))).name))
        return self._finish()

    def _emergency(self, *, mark: bool = True) -> None:
        from naungan.accounts.models import CityConfig

        cfg = CityConfig.objects.filter(city_id=self.city.code).first()
        uptd = EMERGENCY_UPTD.format(city=self.city.name, phone=cfg.uptd_phone) if cfg and cfg.uptd_phone else ""
        self.say(EMERGENCY.format(uptd=uptd))
        self.conv.danger = True
        if mark and self.conv.report_id:
            R.report_mark_urgent(report=Report.objects.get(pk=self.conv.report_id))

    def _add_info(self, text: str) -> None:
        if not self.conv.report_id:
            return
        report = Report.objects.select_related("case").get(pk=self.conv.report_id)
        R.report_add_info(report=report, body=text[: R.MAX_MESSAGE])
        self.say(INFO_ADDED.format(code=report.tracking_code))

    def _file(self):
        a = self.answers
        description = a.get("description") or NO_STORY
        if a.get("location"):
            description += "\n" + a["location"]
        report, pin, replayed = R.report_submit(
            city_code=self.city.code, form_token=None, reporter_kind=a.get("kind") or "anonim", kelurahan_code=a["kelurahan"], what=[],
            description=description, danger_now=self.conv.danger, contact_phone=self.conv.phone, channel=Channel.WHATSAPP,
            client_token=f"whatsapp:{self.wamid}",
        )
        self.conv.report = report
        self.conv.step = Step.FILED
        self.answers = {}
        if not replayed:
            self.say(FILED.format(urgent=FILED_URGENT if report.danger_now else "", code=report.tracking_code, pin=pin), forget=True)
        return self._finish()


# --- outbound ---------------------------------------------------------------------------------

def outbound_queue(*, conversation: Conversation, body: str, forget_body: bool = False, report_message=None) -> OutboundMessage:
    """Store the message and let the worker send it once this transaction commits."""
    out = OutboundMessage.objects.create(conversation=conversation, body=body, forget_body=forget_body, report_message=report_message)
    from .tasks import deliver_whatsapp

    transaction.on_commit(lambda: deliver_whatsapp.enqueue(out.pk))
    return out


def outbound_deliver(*, outbound_id: int) -> str:
    """Send one outbound message (the worker's task). A transient failure is retried with back-off
    up to MAX_ATTEMPTS; a permanent one (or the last attempt) marks it failed."""
    with transaction.atomic():
        out = OutboundMessage.objects.select_for_update().select_related("conversation").filter(pk=outbound_id).first()
        if out is None or out.status != DeliveryStatus.QUEUED:
            return "skipped"
        conv = out.conversation
        out.attempts += 1
        try:
            wamid = client.send_text(phone_number_id=conv.phone_number_id, to=conv.phone.lstrip("+"), body=out.body)
        except client.TransientError as exc:
            out.error = str(exc)[:120]
            out.next_attempt_at = None
            if out.attempts >= _max_attempts():
                out.status = DeliveryStatus.FAILED
            else:
                from .tasks import deliver_whatsapp

                out.next_attempt_at = schedule_retry(deliver_whatsapp, out.pk, attempts=out.attempts)
            out.save()
            return "retry" if out.status == DeliveryStatus.QUEUED else "failed"
        except client.PermanentError as exc:
            out.status, out.error = DeliveryStatus.FAILED, str(exc)[:120]
            out.save()
            return "failed"
        out.status, out.wamid, out.error, out.next_attempt_at = DeliveryStatus.ACCEPTED, wamid[:128], "", None
        if out.forget_body:
            out.body = ""
        out.save()
        return "sent"


def _max_attempts() -> int:
    from naungan.core.retry import MAX_ATTEMPTS

    return MAX_ATTEMPTS


def status_update(st: dict) -> bool:
    """A delivery status callback: sent / delivered / read / failed, never stepping back."""
    wamid = str(st.get("id") or "")
    new = st.get("status")
    if not wamid or new not in (DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.READ, DeliveryStatus.FAILED):
        return False
    with transaction.atomic():
        out = OutboundMessage.objects.select_for_update().filter(wamid=wamid).first()
        if out is None or STATUS_RANK[DeliveryStatus(new)] <= STATUS_RANK[DeliveryStatus(out.status)]:
            return False
        out.status = new
        if new == DeliveryStatus.FAILED:
            errs = st.get("errors") or [{}]
            out.error = f"{errs[0].get('code', '?')} {errs[0].get('title', '')}".strip()[:120]
        out.save(update_fields=["status", "error", "updated_at"])
    return True


def staff_message_forward(report_message) -> OutboundMessage | None:
    """A staff message to a reporter who came by WhatsApp goes back over WhatsApp."""
    report = report_message.report
    if report.channel != Channel.WHATSAPP or not report.contact_phone:
        return None
    conv = Conversation.objects.filter(phone_bidx__in=phone_indexes(_e164(report.contact_phone)), city_id=report.city_id).order_by("-updated_at").first()
    if conv is None:
        return None
    return outbound_queue(conversation=conv, report_message=report_message,
                          body=STAFF_MESSAGE.format(code=report.tracking_code, body=report_message.body))
