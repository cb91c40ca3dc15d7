"""Reads of transfers. Each side sees its own: the owning city the transfers of its cases; the
receiving (or requesting) region its offers and requests. Before acceptance the receiver sees
only what the sender chose to share; the requester sees only the status of its request.
Anything else is a 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from naungan.accounts.permissions import TRANSFERS, cities_with
from naungan.accounts.scope import rows_visible_to
from naungan.cases.models import Case, PersonRole
from naungan.cases.selectors import cases_visible_to
from naungan.catalogues.selectors import label
from naungan.services.selectors import shared_victim_fields

from .models import Direction, Transfer, TransferStatus


def transfer_scope_q(user) -> Q:
    """The transfers of the cases the user may open, and those offered to (or asked of) their cities."""
    return (Q(case__in=cases_visible_to(user)) | Q(new_case__in=cases_visible_to(user))
            | Q(to_region_id__in=cities_with(user, TRANSFERS)))


def transfers_visible_to(user) -> QuerySet[Transfer]:
    return rows_visible_to(user, Transfer, transfer_scope_q)


def transfer_get(*, user, transfer_id: int) -> Transfer:
    try:
        return transfers_visible_to(user).select_related("case", "case__city", "new_case", "to_region", "from_city", "requested_by").get(pk=transfer_id)
    except (Transfer.DoesNotExist, ValueError, TypeError):
        raise Http404


def is_owner_side(user, t: Transfer) -> bool:
    """The user works the case in the owning city (before acceptance) — sees it in full there."""
    return cases_visible_to(user).filter(pk=t.case_id).exists()


def inbox(*, user) -> QuerySet[Transfer]:
    """Pending decisions for the user: offers to their region, requests for their cases."""
    receiving = cities_with(user, TRANSFERS)
    q = Q(direction=Direction.SEND, to_region_id__in=receiving) | Q(direction=Direction.REQUEST, case__in=cases_visible_to(user))
    return Transfer.objects.filter(q, status=TransferStatus.PENDING).select_related("from_city", "to_region").order_by("created_at", "id")


TRANSFER_KEYS = ("-created_at", "-id")  # the order of the transfer list, and its cursor


def transfer_list(*, user) -> QuerySet[Transfer]:
    return transfers_visible_to(user).select_related("from_city", "to_region").order_by(*TRANSFER_KEYS)


def shared_view(t: Transfer) -> dict:
    """Exactly what the sender chose to share with the receiving unit before it accepts. Consent
    is always recorded for a transfer, so identity fields go when chosen."""
    case = t.case
    victim = case.persons.filter(role=PersonRole.VICTIM).select_related("address_kelurahan").order_by("id").first()
    fields = set(t.shared_fields or [])
    out = {"case_number": t.old_number, "from_city": t.from_city.name, "reason": t.reason, "fields": {},
           "risk": case.get_risk_display() if case.risk else "", "is_tpks": case.is_tpks, "involves_child": case.involves_child}
    if "forms" in fields:
        out["fields"]["Bentuk kekerasan"] = ", ".join(label("violence_form", f.form) for f in case.forms.all())
    if "chronology" in fields:
        out["fields"]["Kronologi"] = case.chronology
    if victim is None:
        return out
    out["fields"].update(shared_victim_fields(victim, fields))
    return out


def transfer_of_case(*, user, case: Case) -> dict:
    """For the case page: where this case came from (new case) or went to (stub), and any
    pending transfer of it."""
    incoming = Transfer.objects.filter(new_case=case, status=TransferStatus.ACCEPTED).select_related("from_city").first()
    outgoing = Transfer.objects.filter(case=case).exclude(status__in=[TransferStatus.CANCELLED]).select_related("to_region").order_by("-created_at").first()
    return {"incoming": incoming, "outgoing": outgoing}
