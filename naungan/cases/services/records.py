"""Notes and attachments on a case."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.http import Http404

from naungan.audit.services import audit_record
from naungan.core.errors import DomainError
from naungan.core.uploads import ATTACHMENT_TYPES, detect_upload

from ..models import (
    Attachment,
    Case,
    CaseEvent,
    EventKind,
)
from ..selectors import cases_visible_to
from .common import EMPTY_NOTE, FILE_TOO_BIG, FILE_TYPE, _event, _require_visible


@transaction.atomic
def case_note_add(*, actor, case: Case, body: str, kind: str = EventKind.NOTE, check_scope: bool = True) -> CaseEvent:
    """Add to the timeline. Other apps (referral feedback, services) call this with
    check_scope=False after checking their own scope (a partner officer cannot open the case)."""
    if check_scope:
        _require_visible(actor, case)
    if not (body or "").strip():
        raise DomainError(EMPTY_NOTE)
    if kind not in EventKind.values:
        kind = EventKind.NOTE
    e = _event(case, actor, kind, body.strip()[:20000])
    audit_record(actor=actor, action="case.note", obj=e, city_code=case.city_id, changes={"case": [None, case.number], "kind": [None, kind]})
    return e


def sniff_type(upload, allowed=None) -> str | None:
    """The verified type of an upload (content, not name): see `naungan.core.uploads`."""
    return detect_upload(upload, allowed or ATTACHMENT_TYPES)


@transaction.atomic
def attachment_add(*, actor, case: Case, uploaded_file, description: str = "") -> Attachment:
    from django.conf import settings

    _require_visible(actor, case)
    if uploaded_file.size > settings.MAX_ATTACHMENT_BYTES:
        raise DomainError(FILE_TOO_BIG.format(mb=settings.MAX_ATTACHMENT_BYTES // (1024 * 1024)))
    ctype = sniff_type(uploaded_file)
    if ctype is None:
        raise DomainError(FILE_TYPE)
    uploaded_file.seek(0)
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    att = Attachment(case=case, uploaded_by=actor, original_name=(uploaded_file.name or "berkas")[:200],
                     description=description or "", content_type=ctype, size=uploaded_file.size, sha256=digest.hexdigest())
    att.file.save(att.sha256, uploaded_file, save=False)
    att.save()
    audit_record(actor=actor, action="attachment.add", obj=att, city_code=case.city_id, changes={"case": [None, case.number], "size": [None, att.size], "content_type": [None, ctype]})
    _event(case, actor, EventKind.ATTACHMENT, f"Lampiran ditambahkan ({ctype}, {att.size} bita).")
    return att


@transaction.atomic
def attachment_open(*, user, attachment_id: int, case_id: int | None = None) -> Attachment:
    """The only way to a stored file: scoped through the case, and audited. With `case_id`, an
    attachment of another case is a 404 too (and nothing is audited)."""
    qs = Attachment.objects.select_related("case").filter(pk=attachment_id, case__in=cases_visible_to(user))
    if case_id is not None:
        qs = qs.filter(case_id=case_id)
    att = qs.first()
    if att is None:
        raise Http404
    audit_record(actor=user, action="attachment.download", obj=att, city_code=att.case.city_id, changes={"case": [None, att.case.number]})
    return att
