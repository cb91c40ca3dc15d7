"""Case pages. Thin: parse, call a service or selector, render. Out of scope is a 404."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from naungan.accounts.models import Membership
from naungan.accounts.permissions import CASEWORK, acting_city, cities_with, may_work_cases
from naungan.accounts.roles import Role
from naungan.accounts.scope import city_codes, memberships
from naungan.audit.services import audit_view
from naungan.catalogues.selectors import label
from naungan.core.actions import action_view, by_slug
from naungan.core.errors import ConflictError, DomainError
from naungan.core.nav import CaseSection, case_sections
from naungan.core.pagination import capped_count, keyset_page_or_first, total_label
from naungan.core.uploads import download_response

from . import services as S
from .forms import (
    AssessmentForm,
    AssignForm,
    AssignPostForm,
    AttachmentForm,
    CaseEditForm,
    ClosureForm,
    ClosureRejectForm,
    FilterForm,
    IntakeButtonForm,
    IntakeForm,
    IntakePersonForm,
    NoteForm,
    ReopenForm,
    ReopenPostForm,
    SearchForm,
    TaskDoneForm,
    TaskForm,
    TaskPostForm,
    TransitionForm,
    TriageForm,
)
from .models import Notification, Status
from .pdf import case_summary
from .selectors import (
    CASE_LIST_KEYS,
    can_approve_closure,
    can_manage_case,
    case_get,
    case_list,
    matches_elsewhere,
    person_identity_visible,
    possible_duplicates,
    remember_match,
)

PAGE_SIZE = 25


def _require_casework(user) -> None:
    if not may_work_cases(user):
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def case_list_view(request):
    _require_casework(request.user)
    filters_form = FilterForm(request.GET or None, city_codes=cities_with(request.user, CASEWORK))
    filters = {}
    if filters_form.is_valid():
        filters = {k: v for k, v in filters_form.cleaned_data.items() if v not in (None, "", False)}
    # Searching by name, NIK or phone is POSTed so no identity lands in a URL or a server log.
    search_form = SearchForm(request.POST or None)
    if request.method == "POST" and search_form.is_valid():
        filters["q"] = search_form.cleaned_data["q"]
    qs = case_list(user=request.user, filters=filters)
    # Read by cursor (the position of the last row), never by offset, and the total capped:
    # no COUNT over a city's whole caseload on every page.
    cursor = (request.POST if "q" in filters else request.GET).get("kursor") or None
    page = keyset_page_or_first(qs, keys=CASE_LIST_KEYS, cursor=cursor, size=PAGE_SIZE)
    # Links carry the filter fields only (codes, dates), never any other parameter a link brought in.
    query = request.GET.copy()
    for key in list(query):
        if key not in filters_form.fields:
            query.pop(key)
    return render(request, "cases/case_list.html", {
        "filters_form": filters_form, "search_form": search_form, "page": page, "query": query.urlencode(),
        "searching": "q" in filters, "q": filters.get("q", ""), "now": timezone.now(), "total": total_label(capped_count(qs)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def case_create_view(request):
    _require_casework(request.user)
    city_code = acting_city(request, CASEWORK)
    initial = {}
    for m in memberships(request.user):
        if m.role == Role.PPT_OFFICER:
            initial = {"kelurahan": m.region_id, "channel": "datang_ppt"}
            break
    button = IntakeButtonForm(request.POST)
    button.is_valid()  # one optional text: nothing to refuse
    if button.more("korban") or button.more("pelaku"):
        # Without JavaScript, "add another victim/perpetrator" reloads the form with what was
        # typed and one more group of fields; nothing is validated or saved yet.
        kept = {k: (v if k == "forms_" else v[-1]) for k, v in request.POST.lists() if k not in ("csrfmiddlewaretoken", "action")}
        form = IntakeForm(city_code=city_code, initial=kept, extra_victims=button.more("korban"), extra_perpetrators=button.more("pelaku"))
        return render(request, "cases/case_form.html", {"form": form, "duplicates": None})
    form = IntakeForm(request.POST or None, city_code=city_code, initial=initial or {"channel": "datang_uptd"})
    duplicates = elsewhere = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if button.cleaned_data.get("action") != "simpan":
            keys = {"nik": d.get("v_nik", ""), "phone": d.get("v_phone", ""), "name": d["v_name"],
                    "birth_date": d["v_birth_date"].isoformat() if d.get("v_birth_date") else ""}
            duplicates = possible_duplicates(user=request.user, **keys)
            elsewhere = _elsewhere(request, matches_elsewhere(user=request.user, **keys))
        if not duplicates and not elsewhere:
            try:
                case = S.case_register(
                    actor=request.user, city_code=city_code, channel=d["channel"], received_at=d["received_at"],
                    kelurahan_code=d["kelurahan"], incident_date=d.get("incident_date"),
                    incident_date_approximate=d.get("incident_date_approximate", False), place=d["place"], forms=d["forms_"],
                    chronology=d.get("chronology", ""), is_tpks=d.get("is_tpks", False),
                    special_protection=d.get("special_protection", ""), persons=form.persons(),
                )
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Pengaduan terdaftar dengan nomor %(n)s.") % {"n": case.number})
                return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/case_form.html", {"form": form, "duplicates": duplicates, "elsewhere": elsewhere,
                                                    "can_request_transfer": bool(city_codes(request.user, Role.SUPERVISOR))})


def _elsewhere(request, matches) -> list[dict]:
    """One line per other city: its name and opaque references (in the session) for a request."""
    by_city: dict[str, dict] = {}
    for case_id, code, name in matches:
        by_city.setdefault(code, {"city": name, "refs": []})["refs"].append(remember_match(request, case_id))
    return list(by_city.values())


@login_required
def intake_person_fragment_view(request):
    """htmx: one more group of victim or perpetrator fields for the intake form, without a reload."""
    _require_casework(request.user)
    which = IntakePersonForm(request.GET)
    if not which.is_valid():
        raise Http404
    role, index = which.cleaned_data["peran"], which.cleaned_data["i"]
    form = IntakeForm(city_code=acting_city(request, CASEWORK))
    if role == "korban":
        form.add_victim_fields(index)
        fields = form.person_fields(f"v{index}_")
    else:
        form.add_perpetrator_fields(index)
        fields = form.person_fields(f"p{index}_")
    return render(request, "cases/intake/_person_group.html", {"role": role, "i": index, "fields": fields, "next_i": index + 1,
                                                              "max_i": IntakeForm.MAX_EXTRA + 1, "oob": True})


def _detail_context(request, case):
    user = request.user
    persons = list(case.persons.select_related("address_kelurahan").order_by("id"))
    for p in persons:
        p.identity_visible = person_identity_visible(user, p)
    manage = can_manage_case(user, case)
    managers = satgas = []
    if manage:
        managers = [m.user for m in Membership.objects.filter(organisation_id=case.owner_org_id, role=Role.CASE_MANAGER, active=True).select_related("user")]
        satgas = [m.user for m in Membership.objects.filter(city_id=case.city_id, role=Role.SATGAS, active=True).select_related("user")]
    staff = {u.pk: u for u in [*managers, *satgas]}
    own = [
        CaseSection("ringkasan", _("Ringkasan"), "cases/detail/_summary.html", {}, order=10),
        CaseSection("orang", _("Orang"), "cases/detail/_persons.html", {}, order=20),
        CaseSection("asesmen", _("Asesmen & rencana"), "cases/detail/_assessment_plan.html", {}, order=30),
        CaseSection("linimasa", _("Linimasa"), "cases/detail/_timeline.html", {}, order=80),
        CaseSection("lampiran", _("Lampiran"), "cases/detail/_attachments.html", {}, order=90),
    ]
    return {
        "sections": sorted(own + case_sections(request, case, manage), key=lambda s: s.order),
        "victims": [p for p in persons if p.role == "victim"], "revealed": False,
        "case": case, "persons": persons, "manage": manage, "approve": can_approve_closure(user, case),
        "forms_list": [label("violence_form", f.form) for f in case.forms.all()],
        "events": case.events.select_related("actor").order_by("-created_at", "-id")[:200],
        "attachments": case.attachments.all().order_by("-created_at"),
        "assessments": case.assessments.all()[:5],
        "tasks": case.tasks.select_related("owner_user", "goal").order_by("status", "due_date"),
        "triage_form": TriageForm(initial={"risk": case.risk, "case_type": case.case_type, "authority": case.authority or "kota"}),
        "transition_form": TransitionForm(),
        "note_form": NoteForm(), "attachment_form": AttachmentForm(), "closure_form": ClosureForm(), "reopen_form": ReopenForm(),
        "assessment_form": AssessmentForm(), "task_form": TaskForm(staff=staff.values()),
        "assign_form": AssignForm(managers=managers, satgas=satgas, initial={"assigned_to": case.assigned_to_id, "satgas_assignee": case.satgas_assignee_id}),
        "labels": {
            "place": label("place", case.place), "channel": label("channel", case.channel), "case_type": label("case_type", case.case_type),
            "special_protection": label("special_protection", case.special_protection), "closure_reason": label("closure_reason", case.closure_reason),
            "authority": label("authority", case.authority),
        },
        "allowed_next": [Status(s) for s in S.TRANSITIONS.get(case.status, set())],
    }


@login_required
def case_detail_view(request, pk: int):
    case = case_get(user=request.user, case_id=pk)
    audit_view(actor=request.user, obj=case, action="case.view", city_code=case.city_id)
    return render(request, "cases/case_detail.html", _detail_context(request, case))


@login_required
@require_POST
def case_reveal_view(request, pk: int):
    """Victims' names are masked on screen by default (PPT posts and offices are shared rooms);
    showing them is a deliberate POST, audited, and lasts for this one page."""
    case = case_get(user=request.user, case_id=pk)
    audit_view(actor=request.user, obj=case, action="case.identity_reveal", city_code=case.city_id)
    ctx = _detail_context(request, case)
    ctx["revealed"] = True
    response = render(request, "cases/case_detail.html", ctx)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def case_summary_pdf_view(request, pk: int):
    """A printable summary for case conferences: scoped like the case page, audited like any view of identities."""
    from django.http import HttpResponse


    case = case_get(user=request.user, case_id=pk)
    audit_view(actor=request.user, obj=case, action="case.summary_pdf", city_code=case.city_id)
    response = HttpResponse(case_summary(case, user=request.user), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ringkasan-{case.number}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def case_edit_view(request, pk: int):
    case = case_get(user=request.user, case_id=pk)
    initial = {
        "version": case.version, "channel": case.channel, "kelurahan": case.kelurahan_id or "", "incident_date": case.incident_date,
        "incident_date_approximate": case.incident_date_approximate, "place": case.place,
        "violence_forms": [f.form for f in case.forms.all()], "chronology": case.chronology, "is_tpks": case.is_tpks,
        "special_protection": case.special_protection,
    }
    form = CaseEditForm(request.POST or None, city_code=case.city_id, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        version = d.pop("version")
        d["forms"] = d.pop("violence_forms")
        try:
            S.case_update(actor=request.user, case_id=case.pk, version=version, data=d)
        except ConflictError as exc:
            # Nothing is lost: the form keeps what this officer typed; the saved values are shown.
            conflict = exc.changes
            fresh = case_get(user=request.user, case_id=pk)
            data = request.POST.copy()
            data["version"] = fresh.version
            form = CaseEditForm(data, city_code=case.city_id)
            form.is_valid()
            form.add_error(None, str(exc))
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Perubahan disimpan."))
            return redirect("cases:detail", pk=case.pk)
    audit_view(actor=request.user, obj=case, action="case.view", city_code=case.city_id)
    return render(request, "cases/case_edit.html", {"case": case, "form": form, "conflict": conflict})


def _case_of(request, pk: int):
    return case_get(user=request.user, case_id=pk)


def _to_case(request, case, form):
    return redirect("cases:detail", pk=case.pk)


def case_action(form_class=forms.Form, *, done: str, refused: str | None = None):
    """One view per case action, each calling one service (`save(request, case, clean values)`). It
    answers POST only, acts on a case in the user's scope (404 outside it), shows a refused form
    (`refused`, else the form's first message) or the service's refusal as a message and goes back
    to the case. The detail page's forms post to `cases:action` with the action's slug (see CASE_ACTIONS)."""
    return action_view(_case_of, form_class, done=done, refused=refused, back=_to_case)


@case_action(TriageForm, done=_lazy("Triase disimpan."), refused=_lazy("Isian triase tidak lengkap."))
def triage_action_view(request, case, d):
    S.case_triage(actor=request.user, case=case, **d)


@case_action(TransitionForm, done=_lazy("Status diperbarui."), refused=_lazy("Pilih status berikutnya."))
def transition_action_view(request, case, d):
    S.case_transition(actor=request.user, case=case, to=d["to"])


@case_action(NoteForm, done=_lazy("Catatan ditambahkan."), refused=_lazy(S.EMPTY_NOTE))
def note_action_view(request, case, d):
    S.case_note_add(actor=request.user, case=case, body=d["body"])


@case_action(done=_lazy("Respons pertama dicatat."))
def response_action_view(request, case, d):
    S.case_record_response(actor=request.user, case=case)


@case_action(AssignPostForm, done=_lazy("Penugasan disimpan."))
def assign_action_view(request, case, d):
    S.case_assign(actor=request.user, case=case, assigned_to=d["assigned_to"], satgas_assignee=d["satgas_assignee"],
                  clear_satgas=d["clear_satgas"])


@case_action(ClosureForm, done=_lazy("Permohonan penutupan dikirim ke supervisor."), refused=_lazy(S.CLOSURE_REASON_REQUIRED))
def closure_request_action_view(request, case, d):
    S.case_request_closure(actor=request.user, case=case, reason=d["reason"], note=d["note"])


@case_action(done=_lazy("Kasus ditutup."))
def closure_approve_action_view(request, case, d):
    S.case_approve_closure(actor=request.user, case=case)


@case_action(ClosureRejectForm, done=_lazy("Permohonan penutupan ditolak."))
def closure_reject_action_view(request, case, d):
    S.case_reject_closure(actor=request.user, case=case, note=d["note"][:500])


@case_action(ReopenPostForm, done=_lazy("Kasus dibuka kembali."))
def reopen_action_view(request, case, d):
    S.case_reopen(actor=request.user, case=case, reason=d["reason"])


@case_action(AssessmentForm, done=_lazy("Asesmen disimpan."), refused=_lazy("Isian asesmen terlalu panjang."))
def assessment_action_view(request, case, d):
    S.assessment_save(actor=request.user, case=case, **d)


@case_action(TaskPostForm, done=_lazy("Tugas ditambahkan."), refused=_lazy("Isian tugas tidak lengkap."))
def task_action_view(request, case, d):
    S.plan_task_add_with_goal(actor=request.user, case=case, title=d["title"], goal_title=d["goal_title"], owner_user=d["owner_user"],
                              due_date=d["due_date"])


@case_action(TaskDoneForm, done=_lazy("Tugas selesai."))
def task_done_action_view(request, case, d):
    task = case.tasks.filter(pk=d["task"] or 0).first()
    if task is None:
        raise Http404
    S.plan_task_update(actor=request.user, task=task, status="done")


@case_action(AttachmentForm, done=_lazy("Lampiran disimpan."), refused=_lazy("Pilih berkas untuk diunggah."))
def attachment_action_view(request, case, d):
    S.attachment_add(actor=request.user, case=case, uploaded_file=d["file"], description=d["description"])


CASE_ACTIONS = {
    "triase": triage_action_view, "status": transition_action_view, "catatan": note_action_view, "respons": response_action_view,
    "tugaskan": assign_action_view, "ajukan-tutup": closure_request_action_view, "setujui-tutup": closure_approve_action_view,
    "tolak-tutup": closure_reject_action_view, "buka-kembali": reopen_action_view, "asesmen": assessment_action_view,
    "tugas": task_action_view, "tugas-selesai": task_done_action_view, "lampiran": attachment_action_view,
}


# `/kasus/<pk>/aksi/<slug>/`: the action's own view, or 404 for an unknown slug.
case_action_view = by_slug(CASE_ACTIONS)


@login_required
def attachment_download_view(request, pk: int, attachment_id: int):
    case = case_get(user=request.user, case_id=pk)
    att = S.attachment_open(user=request.user, attachment_id=attachment_id, case_id=case.pk)
    return download_response(att.file, att.content_type, f"{case.number}-lampiran-{att.pk}")


@login_required
def notification_list_view(request):
    if request.method == "POST":
        S.notifications_mark_read(actor=request.user)
        return redirect("cases:notifications")
    items = list(Notification.objects.filter(user=request.user).order_by("-created_at")[:100])
    unread = any(n.read_at is None for n in items)
    return render(request, "cases/notifications.html", {"items": items, "unread": unread})
