"""The guided dialogue and the handling of one inbound message."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from naungan.accounts.models import CityConfig
from naungan.catalogues.selectors import values
from naungan.core.errors import DomainError
from naungan.regions.models import Region
from naungan.regions.selectors import kelurahan_of_city
from naungan.reporting import services as R
from naungan.reporting.models import Channel, Report

from ..models import Conversation, InboundMessage, Step
from .common import (
    ASK_DANGER,
    ASK_WHAT,
    ASK_WHERE,
    ASK_WHERE_URGENT,
    ASK_WHO,
    DANGER_AGAIN,
    EMERGENCY,
    EMERGENCY_UPTD,
    EMERGENCY_WORDS,
    FILED,
    FILED_URGENT,
    GREETING,
    INFO_ADDED,
    LOCATION_NOTED,
    MEDIA_REFUSED,
    NO,
    NO_STORY,
    RESTART_AFTER_HOURS,
    SORRY,
    STATUS_IS,
    STATUS_TEXT,
    WHERE_OK,
    WHERE_PICK,
    WHERE_UNKNOWN,
    WHO_AGAIN,
    YES,
)
from .conversations import _answers, _conversation, _fold, _save, _text_of, match_kelurahan
from .outbound import outbound_queue


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
