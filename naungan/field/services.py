"""Sync of offline drafts. The server trusts nothing the phone decided: each draft goes through the
same form validation, duplicate check and services as the page would (case intake:
`IntakeForm` + `possible_duplicates` + `case_register`; outreach: `event_record`; a family visit:
`family_visit_add`). A draft that cannot simply be stored is kept, sealed, for the officer to
resolve with both versions side by side; nothing is merged silently."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.http import Http404, QueryDict
from django.utils import timezone
from django.utils.translation import gettext_noop

from naungan.accounts.models import Organisation
from naungan.accounts.roles import CASEWORK_ROLES
from naungan.accounts.scope import memberships
from naungan.audit.services import audit_record
from naungan.cases import services as CS
from naungan.cases.forms import IntakeForm
from naungan.cases.selectors import case_get, possible_duplicates
from naungan.core.actions import form_error
from naungan.core.crypto import sealed_json
from naungan.core.errors import DomainError
from naungan.prevention import services as PS
from naungan.prevention.forms import EventForm, FamilyVisitForm
from naungan.prevention.models import FamilyVisit
from naungan.prevention.selectors import events_visible_to, families_visible_to

from .models import FieldSubmission, Kind, Reason, State

BAD_CLIENT_ID = gettext_noop("Draf tanpa nomor pengenal yang sah.")
BAD_KIND = gettext_noop("Jenis draf tidak dikenal.")
TOO_MANY_FIELDS = gettext_noop("Draf terlalu besar.")
NOT_OPEN = gettext_noop("Draf ini sudah diselesaikan.")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MAX_FIELDS = 200
MAX_VALUE = 20000


@dataclass
class Outcome:
    state: str
    reason: str = ""
    city: str | None = None
    result: object | None = None
    result_label: str = ""
    errors: dict = field(default_factory=dict)
    duplicates: list[int] = field(default_factory=list)
    current: dict = field(default_factory=dict)  # the server's version, for CHANGED


def _qd(fields: list) -> QueryDict:
    qd = QueryDict(mutable=True)
    for pair in fields:
        name, value = str(pair[0])[:100], str(pair[1])[:MAX_VALUE]
        if name != "csrfmiddlewaretoken":
            qd.appendlist(name, value)
    return qd


# --- handlers, one per kind of draft ----------------------------------------------------------

def registering_city(user) -> str:
    for m in memberships(user):
        if m.role in CASEWORK_ROLES:
            return m.city_id
    raise Http404


def _case_intake(actor, qd: QueryDict, target_id, force: bool) -> Outcome:
    city = registering_city(actor)
    form = IntakeForm(qd, city_code=city)
    if not form.is_valid():
        return Outcome(State.CONFLICT, Reason.INVALID, city=city, errors={k: [str(e) for e in v] for k, v in form.errors.items()})
    d = form.cleaned_data
    if not force:
        hits = possible_duplicates(user=actor, nik=d.get("v_nik", ""), phone=d.get("v_phone", ""), name=d["v_name"],
                                   birth_date=d["v_birth_date"].isoformat() if d.get("v_birth_date") else "")
        if hits:
            return Outcome(State.CONFLICT, Reason.DUPLICATE, city=city, duplicates=[h.case.pk for h in hits])
    try:
        case = CS.case_register(
            actor=actor, city_code=city, channel=d["channel"], received_at=d["received_at"], kelurahan_code=d["kelurahan"],
            incident_date=d.get("incident_date"), incident_date_approximate=d.get("incident_date_approximate", False), place=d["place"],
            forms=d["forms_"], chronology=d.get("chronology", ""), is_tpks=d.get("is_tpks", False),
            special_protection=d.get("special_protection", ""), persons=form.persons(),
        )
    except DomainError as exc:
        return Outcome(State.CONFLICT, Reason.INVALID, city=city, errors={"__all__": [str(exc)]})
    return Outcome(State.STORED, city=city, result=case, result_label=case.number)


def _refused(form) -> DomainError:
    """A draft the page's form refuses: its first message, as the page would show it."""
    return DomainError(form_error(form))


def _outreach(actor, qd: QueryDict, target_id, force: bool) -> Outcome:
    city = next((m.city_id for m in memberships(actor)), None)
    if city is None:
        raise Http404
    form = EventForm(qd)
    try:
        if not form.is_valid():
            raise _refused(form)
        d = form.cleaned_data
        organiser = Organisation.objects.filter(pk=d["organiser"] or 0, city_id=city).first()
        if organiser is None:
            raise DomainError(PS.BAD_ORGANISATION)
        if not force:
            same = events_visible_to(actor).filter(kelurahan_id=d["kelurahan"], date=d["date"], topic=d["topic"])
            dups = list(same.values_list("pk", flat=True)[:5])
            if dups:
                return Outcome(State.CONFLICT, Reason.DUPLICATE, city=city, duplicates=dups)
        e = PS.event_record(actor=actor, city_code=city, kelurahan=d["kelurahan"], on=d["date"], organiser=organiser, topic=d["topic"],
                            audience=d["audience"], girls=d["girls"], boys=d["boys"], women=d["women"], men=d["men"],
                            partners=list(Organisation.objects.filter(pk__in=d["partners"], city_id=city)),
                            partner_text=d["partner_text"], materials=d["materials"])
    except DomainError as exc:
        return Outcome(State.CONFLICT, Reason.INVALID, city=city, errors={"__all__": [str(exc)]})
    return Outcome(State.STORED, city=city, result=e, result_label=e.date.isoformat())


def _family_visit(actor, qd: QueryDict, target_id, force: bool) -> Outcome:
    fam = families_visible_to(actor).filter(pk=target_id or 0).first()
    if fam is None:
        return Outcome(State.CONFLICT, Reason.GONE)
    form = FamilyVisitForm(qd)
    try:
        if not form.is_valid():
            raise _refused(form)
        on = form.cleaned_data["date"]
        seen_version = qd.get("version", "")
        if not force:
            if seen_version.isdigit() and int(seen_version) != fam.version:
                return Outcome(State.CONFLICT, Reason.CHANGED, city=fam.city_id,
                               current={"status": fam.status, "version": fam.version, "kelurahan": fam.kelurahan_id})
            same_day = list(FamilyVisit.objects.filter(family=fam, date=on).values_list("pk", flat=True)[:5])
            if same_day:
                return Outcome(State.CONFLICT, Reason.DUPLICATE, city=fam.city_id, duplicates=same_day)
        v = PS.family_visit_add(actor=actor, family=fam, on=on, notes=form.cleaned_data["notes"])
    except DomainError as exc:
        return Outcome(State.CONFLICT, Reason.INVALID, city=fam.city_id, errors={"__all__": [str(exc)]})
    return Outcome(State.STORED, city=fam.city_id, result=v, result_label=v.date.isoformat())


HANDLERS = {Kind.CASE_INTAKE: _case_intake, Kind.OUTREACH: _outreach, Kind.FAMILY_VISIT: _family_visit}


# --- sync and resolution ----------------------------------------------------------------------

def _apply(sub: FieldSubmission, actor, fields: list, *, force: bool) -> FieldSubmission:
    outcome = HANDLERS[sub.kind](actor, _qd(fields), sub.target_id, force)
    sub.state, sub.reason, sub.city_id = outcome.state, outcome.reason, outcome.city or sub.city_id
    if outcome.state == State.STORED:
        sub.payload = ""  # the record holds the data now; the draft copy goes
        sub.result_type = outcome.result._meta.label_lower
        sub.result_id = outcome.result.pk
        sub.result_label = outcome.result_label
    else:
        sub.payload = json.dumps({"fields": fields, "errors": outcome.errors, "duplicates": outcome.duplicates, "current": outcome.current})
    sub.save()
    return sub


@transaction.atomic
def submission_sync(*, actor, client_id: str, kind: str, fields: list, target_id: int | None = None,
                    drafted_at=None) -> tuple[FieldSubmission, bool]:
    """Store one offline draft. Returns (submission, replayed): a draft already received (same
    client id from the same officer) returns its first outcome and stores nothing new."""
    client_id = (client_id or "").lower()
    if not UUID.match(client_id):
        raise DomainError(BAD_CLIENT_ID)
    if kind not in HANDLERS:
        raise DomainError(BAD_KIND)
    if not isinstance(fields, list) or len(fields) > MAX_FIELDS or any(not isinstance(p, list | tuple) or len(p) != 2 for p in fields):
        raise DomainError(TOO_MANY_FIELDS)
    earlier = FieldSubmission.objects.filter(user=actor, client_id=client_id).first()
    if earlier is not None:
        return earlier, True
    try:
        with transaction.atomic():
            sub = FieldSubmission.objects.create(user=actor, client_id=client_id, kind=kind, state=State.CONFLICT, target_id=target_id,
                                                 drafted_at=drafted_at)
    except IntegrityError:  # a concurrent resend claimed it first
        return FieldSubmission.objects.get(user=actor, client_id=client_id), True
    sub = _apply(sub, actor, [list(p) for p in fields], force=False)
    audit_record(actor=actor, action="field.sync", obj=sub, city_code=sub.city_id or "",
                 changes={"kind": [None, kind], "state": [None, sub.state], "reason": [None, sub.reason],
                          "result": [None, sub.result_label or None]})
    return sub, False


def to_resolve(*, user):
    return FieldSubmission.objects.filter(user=user, state=State.CONFLICT).order_by("-created_at")


def submission_get(*, user, pk: int) -> FieldSubmission:
    sub = FieldSubmission.objects.filter(user=user, pk=pk).first()
    if sub is None:
        raise Http404
    return sub


def draft_of(sub: FieldSubmission) -> dict:
    return sealed_json(sub.payload)


@transaction.atomic
def submission_resolve(*, actor, submission: FieldSubmission, action: str, fields: list | None = None, case_id: int | None = None) -> FieldSubmission:
    """`save` stores the draft (corrected `fields` if given) without the duplicate / changed check
    (validation still runs); `note` adds an intake draft's story to an existing case instead;
    `discard` drops it."""
    sub = FieldSubmission.objects.select_for_update().get(pk=submission.pk)
    if sub.user_id != actor.pk:
        raise Http404
    if sub.state != State.CONFLICT:
        raise DomainError(NOT_OPEN)
    draft = draft_of(sub)
    if action == "discard":
        sub.state, sub.payload, sub.resolved_at = State.DISCARDED, "", timezone.now()
        sub.save()
    elif action == "note" and sub.kind == Kind.CASE_INTAKE:
        case = case_get(user=actor, case_id=case_id or 0)
        qd = _qd(draft.get("fields") or [])
        CS.case_note_add(actor=actor, case=case, body="Catatan dari draf luring (pengaduan yang sama): " + (qd.get("chronology") or "-"))
        sub.state, sub.payload, sub.resolved_at = State.RESOLVED, "", timezone.now()
        sub.result_type, sub.result_id, sub.result_label = "cases.case", case.pk, case.number
        sub.save()
    elif action == "save":
        sub = _apply(sub, actor, fields if fields is not None else (draft.get("fields") or []), force=True)
        if sub.state == State.STORED:
            sub.resolved_at = timezone.now()
            sub.save(update_fields=["resolved_at"])
    else:
        raise DomainError(BAD_KIND)
    audit_record(actor=actor, action="field.resolve", obj=sub, city_code=sub.city_id or "",
                 changes={"action": [None, action], "state": [State.CONFLICT, sub.state], "result": [None, sub.result_label or None]})
    return sub
