"""Transfer pages. Thin: parse, call a service or selector, render. Out of scope is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from naungan.accounts.permissions import TRANSFER_REQUEST, cities_with, may_handle_transfers, may_request_transfers
from naungan.audit.services import audit_view
from naungan.cases.models import Case
from naungan.cases.selectors import can_manage_case, case_get, recall_match
from naungan.core.actions import cleaned, run_action
from naungan.core.errors import DomainError

from . import services as S
from .forms import DeclineForm, RequestForm, SendForm
from .models import Direction
from .selectors import inbox, is_owner_side, shared_view, transfer_get, transfer_list


@login_required
def transfer_list_view(request):
    if not may_handle_transfers(request.user):
        raise Http404
    return render(request, "transfers/list.html", {
        "inbox": list(inbox(user=request.user)[:100]), "items": list(transfer_list(user=request.user)[:100]),
        "can_request": may_request_transfers(request.user),
    })


def _submitted(request, form, act, done: str):
    """For a valid POSTed form: `act(cleaned_data)` makes the transfer, whose page follows with `done`;
    a refusal goes onto the form (None: the page is shown again)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        t = act(form.cleaned_data)
    except DomainError as exc:
        form.add_error(None, _(str(exc)))
        return None
    messages.success(request, done)
    return redirect("transfers:detail", pk=t.pk)


@login_required
@require_http_methods(["GET", "POST"])
def transfer_send_view(request, case_id: int):
    case = case_get(user=request.user, case_id=case_id)
    if not can_manage_case(request.user, case):
        raise Http404
    form = SendForm(request.POST or None, exclude_city=case.city_id)
    done = _submitted(request, form, lambda d: S.transfer_send(
        actor=request.user, case=case, to_code=d["to_code"], reason=d["reason"], shared_fields=d["shared_fields"],
        consent_relation=d["consent_relation"], consent_method=d["consent_method"]),
        _("Pemindahan diajukan; menunggu keputusan unit penerima."))
    return done or render(request, "transfers/send.html", {"case": case, "form": form})


def _requested_case(request, d) -> Case:
    """The case asked for: by the duplicate check's reference, else by its number."""
    if not d["ref"]:
        return S.case_by_number(d["number"])
    case_id = recall_match(request, d["ref"])
    case = Case.objects.select_related("city").filter(pk=case_id).first() if case_id else None
    if case is None:
        raise DomainError(S.CASE_NOT_FOUND)
    return case


@login_required
@require_http_methods(["GET", "POST"])
def transfer_request_view(request):
    cities = sorted(cities_with(request.user, TRANSFER_REQUEST))
    if not cities:
        raise Http404
    form = RequestForm(request.POST or None, initial={"ref": request.GET.get("ref", "")})
    from_match = bool(request.GET.get("ref") or form["ref"].value())
    done = _submitted(request, form, lambda d: S.transfer_request(
        actor=request.user, case=_requested_case(request, d), city_code=cities[0], reason=d["reason"],
        consent_relation=d["consent_relation"], consent_method=d["consent_method"]),
        _("Permintaan pemindahan dikirim ke kota pemilik kasus."))
    return done or render(request, "transfers/request.html", {"form": form, "from_match": from_match})


@login_required
def transfer_detail_view(request, pk: int):
    t = transfer_get(user=request.user, transfer_id=pk)
    owner = is_owner_side(request.user, t)
    # What the receiving unit may see of an offered case before it accepts: the shared fields.
    preview = None
    if not owner and t.direction == Direction.SEND and t.is_open:
        preview = shared_view(t)
        audit_view(actor=request.user, obj=t, action="transfer.shared_view", city_code=t.to_region_id)
    return render(request, "transfers/detail.html", {
        "t": t, "owner": owner, "preview": preview, "decide": t.is_open and S.can_decide(request.user, t),
        "cancel": t.is_open and S.can_cancel(request.user, t), "decline_form": DeclineForm(),
    })


@login_required
@require_POST
def transfer_action_view(request, pk: int, action: str):
    t = transfer_get(user=request.user, transfer_id=pk)

    def accept():
        new = S.transfer_accept(actor=request.user, transfer=t)
        messages.success(request, _("Pemindahan diterima. Nomor kasus baru: %(n)s.") % {"n": new.number})
        return redirect("cases:detail", pk=new.pk) if case_get_or_none(request.user, new.pk) else None

    def decline():
        S.transfer_decline(actor=request.user, transfer=t, reason=cleaned(DeclineForm(request.POST))["reason"])
        messages.success(request, _("Pemindahan ditolak."))

    def cancel():
        S.transfer_cancel(actor=request.user, transfer=t)
        messages.success(request, _("Pemindahan dibatalkan."))

    return run_action(request, action, {"terima": accept, "tolak": decline, "batal": cancel}) or redirect("transfers:detail", pk=t.pk)


def case_get_or_none(user, case_id):
    try:
        return case_get(user=user, case_id=case_id)
    except Http404:
        return None
