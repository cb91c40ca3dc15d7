"""Filing a report from the public portal: one-time form tokens, replays, the report itself."""

from __future__ import annotations

import hashlib
import secrets

from django.core import signing
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from naungan.audit.services import audit_record
from naungan.cases.services import sniff_type as case_sniff_type
from naungan.catalogues.selectors import codes, get
from naungan.core.errors import DomainError
from naungan.core.uploads import EVIDENCE_TYPES
from naungan.regions.models import Level, Region

from .. import pins
from ..models import Channel, FormToken, Report
from .common import (
    ALREADY_RECEIVED,
    BAD_CHOICE,
    BAD_KELURAHAN,
    BAD_TOKEN,
    CODE_ALPHABET,
    FILE_TOO_BIG,
    FILE_TYPE,
    FORM_TOKEN_MAX_AGE,
    FORM_TOKEN_SALT,
    KELURAHAN_UNKNOWN,
    MAX_DESCRIPTION,
    MAX_FILE,
    NEED_WHAT,
    PUBLIC_ORIGIN,
    TOO_LONG,
    _notify_new,
)


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
