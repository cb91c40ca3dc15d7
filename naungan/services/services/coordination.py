"""Coordination meetings, follow-up actions, agreements and agency profiles."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from naungan.accounts.models import Organisation
from naungan.accounts.roles import PARTNER_KINDS, Role
from naungan.accounts.scope import city_codes, is_national, organisation_ids_of
from naungan.audit.services import audit_record, diff
from naungan.catalogues.selectors import codes
from naungan.core.errors import DomainError

from ..models import (
    ActionStatus,
    AgencyProfile,
    Agreement,
    FollowUpAction,
    Meeting,
)
from .common import BAD_DATES, EMPTY, NOT_A_PARTNER, NOT_ALLOWED


def _require_city_coordination(actor, city_code: str) -> None:
    if not (is_national(actor) or city_code in city_codes(actor, Role.SUPERVISOR, Role.CITY_ADMIN)):
        raise DomainError(NOT_ALLOWED)


@transaction.atomic
def meeting_record(*, actor, city_code: str, on: date, title: str, agencies: list[Organisation], decisions: str = "") -> Meeting:
    _require_city_coordination(actor, city_code)
    if not title.strip():
        raise DomainError(EMPTY)
    m = Meeting.objects.create(city_id=city_code, date=on, title=title.strip(), decisions=decisions, created_by=actor)
    m.agencies.set([a for a in agencies if a.city_id == city_code])
    audit_record(actor=actor, action="meeting.record", obj=m, city_code=city_code)
    return m


@transaction.atomic
def action_add(*, actor, meeting: Meeting, description: str, owner: Organisation, due_date: date) -> FollowUpAction:
    _require_city_coordination(actor, meeting.city_id)
    if not description.strip():
        raise DomainError(EMPTY)
    a = FollowUpAction.objects.create(meeting=meeting, description=description.strip(), owner=owner, due_date=due_date)
    audit_record(actor=actor, action="meeting.action_add", obj=a, city_code=meeting.city_id)
    return a


@transaction.atomic
def action_done(*, actor, action: FollowUpAction) -> FollowUpAction:
    _require_city_coordination(actor, action.meeting.city_id)
    action.status = ActionStatus.DONE
    action.save(update_fields=["status"])
    audit_record(actor=actor, action="meeting.action_done", obj=action, city_code=action.meeting.city_id)
    return action


@transaction.atomic
def agreement_record(*, actor, city_code: str, title: str, kind: str, parties: list[Organisation], start_date: date,
                     end_date: date | None = None, document_url: str = "") -> Agreement:
    _require_city_coordination(actor, city_code)
    if end_date and end_date < start_date:
        raise DomainError(BAD_DATES)
    a = Agreement.objects.create(city_id=city_code, title=title.strip(), kind=kind, start_date=start_date, end_date=end_date, document_url=document_url)
    a.parties.set([p for p in parties if p.city_id == city_code])
    audit_record(actor=actor, action="agreement.record", obj=a, city_code=city_code)
    return a


@transaction.atomic
def agency_profile_update(*, actor, organisation: Organisation, services: list[str], contact_person: str = "", hours: str = "",
                          capacity: int | None = None):
    """The city's administrator or supervisor, or the agency's own officers, keep its directory entry."""
    own = organisation.pk in organisation_ids_of(actor, Role.PARTNER)
    if not (is_national(actor) or own or organisation.city_id in city_codes(actor, Role.CITY_ADMIN, Role.SUPERVISOR)):
        raise DomainError(NOT_ALLOWED)
    if organisation.kind not in PARTNER_KINDS:
        raise DomainError(NOT_A_PARTNER)
    allowed = codes("service")
    services = [s for s in dict.fromkeys(services) if s in allowed]
    profile, _ = AgencyProfile.objects.get_or_create(organisation=organisation)
    old = {"services": profile.services, "contact_person": profile.contact_person, "hours": profile.hours, "capacity": profile.capacity}
    profile.services, profile.contact_person, profile.hours, profile.capacity = services, contact_person[:200], hours[:200], capacity
    profile.save()
    new = {"services": profile.services, "contact_person": profile.contact_person, "hours": profile.hours, "capacity": profile.capacity}
    audit_record(actor=actor, action="agency.profile_update", obj=profile, city_code=organisation.city_id, changes=diff(old, new))
    return profile
