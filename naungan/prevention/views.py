"""Prevention pages: each register has a list with filters, a form to add, and CSV/XLSX export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from naungan.accounts.models import Organisation
from naungan.accounts.permissions import PREVENTION, acting_city
from naungan.audit.services import audit_list, audit_record, audit_view
from naungan.catalogues.selectors import choices, label
from naungan.core.actions import submit_named
from naungan.core.dates import parse_day
from naungan.core.errors import DomainError
from naungan.core.spreadsheets import table_csv, table_xlsx
from naungan.regions.models import Level, Region

from . import services as S
from .forms import (
    ActivityForm,
    EventForm,
    FamilyForm,
    FamilySupportForm,
    FamilyVisitForm,
    ForumForm,
    ForumMemberForm,
    GroupForm,
    PerkasaForm,
    PerkasaProgrammeForm,
    StatusForm,
)
from .models import FamilyRisk, PerkasaProgramme
from .selectors import (
    coverage_map,
    events_visible_to,
    families_visible_to,
    forums_visible_to,
    groups_visible_to,
    identity_visible,
    outreach_attendance,
    perkasa_visible_to,
    scope_q,
)

MASK = "•••"


def _city(request) -> str:
    scope_q(request.user)  # 404 for users without any prevention scope
    return acting_city(request, PREVENTION)


def _export(request, name, header, rows):
    fmt = request.GET.get("unduh")
    audit_record(actor=request.user, action="prevention.export", object_type="prevention", object_id=name, city_code=_city(request))
    if fmt == "xlsx":
        resp = HttpResponse(table_xlsx(header, rows, name), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        resp["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    else:
        resp = HttpResponse(table_csv(header, rows), content_type="text/csv; charset=utf-8")
        resp["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return resp


def _kelurahan_choices(city_code):
    return [(k.code, k.name) for k in Region.objects.filter(level=Level.KELURAHAN, code__startswith=city_code + ".").order_by("name")]


# --- what each form saves: the form posted and the one service it calls, given the request, the
# page's city (or family) and the clean values. A page with several forms names the one posted in
# its hidden field `form`.

def _event_record(request, city, d):
    S.event_record(actor=request.user, city_code=city, kelurahan=d["kelurahan"], on=d["date"], topic=d["topic"], audience=d["audience"],
                   organiser=get_object_or_404(Organisation, pk=d["organiser"] or 0, city_id=city),
                   girls=d["girls"], boys=d["boys"], women=d["women"], men=d["men"],
                   partners=list(Organisation.objects.filter(pk__in=d["partners"], city_id=city)), partner_text=d["partner_text"],
                   materials=d["materials"])


def _forum_create(request, city, d):
    S.forum_create(actor=request.user, city_code=city, level=d["level"], region_code=city if d["region"] is None else d["region"],
                   name=d["name"], established=d["established"])


def _forum_member_add(request, city, d):
    forum = get_object_or_404(forums_visible_to(request.user), pk=d["forum"] or 0)
    S.forum_member_add(actor=request.user, forum=forum, initials=d["initials"], birth_year=d["birth_year"], sex=d["sex"])


def _forum_activity(request, city, d):
    forum = get_object_or_404(forums_visible_to(request.user), pk=d["forum"] or 0)
    S.activity_record(actor=request.user, forum=forum, on=d["date"], title=d["title"], participants=d["participants"],
                      in_musrenbang=d["in_musrenbang"])


def _group_activity(request, city, d):
    group = get_object_or_404(groups_visible_to(request.user), pk=d["group"] or 0)
    S.activity_record(actor=request.user, group=group, on=d["date"], title=d["title"], participants=d["participants"])


def _group_create(request, city, d):
    S.group_create(actor=request.user, city_code=city, kelurahan=d["kelurahan"], kind=d["kind"], name=d["name"], rw=d["rw"], rt=d["rt"],
                   members_count=d["members_count"], established=d["established"])


def _family_register(request, city, d):
    S.family_register(actor=request.user, city_code=city, kelurahan=d["kelurahan"], head_name=d["head_name"], risks=d["risks"],
                      address=d["address"], rw=d["rw"], rt=d["rt"], children_count=d["children_count"])


def _family_visit_add(request, fam, d):
    S.family_visit_add(actor=request.user, family=fam, on=d["date"], notes=d["notes"])


def _family_support_add(request, fam, d):
    agency = get_object_or_404(Organisation, pk=d["agency"] or 0, city_id=fam.city_id)
    S.family_support_add(actor=request.user, family=fam, kind=d["kind"], agency=agency, on=d["date"], note=d["note"])


def _family_status_set(request, fam, d):
    S.family_status_set(actor=request.user, family=fam, status=d["status"])


def _perkasa_member(request, d):
    return get_object_or_404(perkasa_visible_to(request.user), pk=d["member"] or 0)


def _perkasa_programme_add(request, city, d):
    S.perkasa_programme_add(actor=request.user, member=_perkasa_member(request, d), programme=d["programme"], on=d["date"])


def _perkasa_status_set(request, city, d):
    S.perkasa_status_set(actor=request.user, member=_perkasa_member(request, d), status=d["status"], on=d["date"])


def _perkasa_register(request, city, d):
    S.perkasa_register(actor=request.user, city_code=city, kelurahan=d["kelurahan"], name=d["name"], nik=d["nik"], dependants=d["dependants"],
                       income_band=d["income_band"], employed=d["employed"])


EVENT_FORM = (EventForm, _event_record)
FORUM_FORMS = {"forum": (ForumForm, _forum_create), "anggota": (ForumMemberForm, _forum_member_add), "kegiatan": (ActivityForm, _forum_activity)}
GROUP_FORMS = {"kegiatan": (ActivityForm, _group_activity)}
GROUP_FORM = (GroupForm, _group_create)
FAMILY_FORM = (FamilyForm, _family_register)
FAMILY_DETAIL_FORMS = {"kunjungan": (FamilyVisitForm, _family_visit_add), "dukungan": (FamilySupportForm, _family_support_add),
                       "status": (StatusForm, _family_status_set)}
PERKASA_FORMS = {"program": (PerkasaProgrammeForm, _perkasa_programme_add), "status": (StatusForm, _perkasa_status_set)}
PERKASA_FORM = (PerkasaForm, _perkasa_register)


def _post(request, back, forms: dict, target, default=None):
    """Save the form posted on a page (see `submit_named`), then back to the page (`back`, its URL)."""
    submit_named(request, forms, target, default=default, success=_("Tersimpan."))
    return redirect(back)


@login_required
def overview_view(request):
    city = _city(request)
    events = events_visible_to(request.user)
    year = timezone.localdate().year
    return render(request, "prevention/overview.html", {
        "coverage": coverage_map(city_code=city), "att": outreach_attendance(events.filter(date__year=year)), "year": year,
        "forums": forums_visible_to(request.user).count(), "groups": groups_visible_to(request.user).count(),
        "families": families_visible_to(request.user).count(), "perkasa": perkasa_visible_to(request.user).count(),
    })


@login_required
def events_view(request):
    city = _city(request)
    if request.method == "POST":
        return _post(request, "prevention:events", {}, city, default=EVENT_FORM)
    qs = events_visible_to(request.user).select_related("kelurahan", "organiser").prefetch_related("partners")
    f = {k: request.GET.get(k, "") for k in ("topic", "kecamatan", "date_from", "date_to")}
    if f["topic"]:
        qs = qs.filter(topic=f["topic"])
    if f["kecamatan"]:
        qs = qs.filter(kecamatan_id=f["kecamatan"])
    try:
        if f["date_from"]:
            qs = qs.filter(date__gte=parse_day(f["date_from"]))
        if f["date_to"]:
            qs = qs.filter(date__lte=parse_day(f["date_to"]))
    except DomainError as exc:
        messages.error(request, _(str(exc)))
    header = [_("Tanggal"), _("Kelurahan"), _("Topik"), _("Penyelenggara"), _("Mitra"), _("Anak perempuan"), _("Anak laki-laki"), _("Perempuan dewasa"), _("Laki-laki dewasa")]
    rows = [[e.date.isoformat(), e.kelurahan.name, label("prevention_topic", e.topic), e.organiser.name,
             ", ".join([p.name for p in e.partners.all()] + ([e.partner_text] if e.partner_text else [])), e.girls, e.boys, e.women, e.men] for e in qs[:2000]]
    if request.GET.get("unduh"):
        return _export(request, "sosialisasi", header, rows)
    return render(request, "prevention/events.html", {
        "header": header, "rows": rows[:500], "f": f, "att": outreach_attendance(qs), "topics": choices("prevention_topic"),
        "kecamatan": Region.objects.filter(parent_id=city, level=Level.KECAMATAN).order_by("name"), "kelurahan": _kelurahan_choices(city),
        "orgs": Organisation.objects.filter(city_id=city).exclude(kind__in=["ppt", "satgas_kelurahan"]).order_by("kind", "name"),
        "query": request.GET.urlencode(),
    })


@login_required
def forums_view(request):
    city = _city(request)
    if request.method == "POST":
        return _post(request, "prevention:forums", FORUM_FORMS, city)
    forums = forums_visible_to(request.user).select_related("region").annotate(n_members=Count("members", distinct=True), n_activities=Count("activities", distinct=True)).order_by("level", "name")
    header = [_("Forum"), _("Tingkat"), _("Wilayah"), _("Anggota"), _("Kegiatan")]
    rows = [[f.name, f.get_level_display(), f.region.name, f.n_members, f.n_activities] for f in forums]
    if request.GET.get("unduh"):
        return _export(request, "forum-anak", header, rows)
    regions = [(city, _("Kota"))] + [(r.code, r.name) for r in Region.objects.filter(code__startswith=city + ".").order_by("code")]
    return render(request, "prevention/forums.html", {"forums": forums, "header": header, "rows": rows, "regions": regions, "query": request.GET.urlencode()})


@login_required
def groups_view(request):
    city = _city(request)
    if request.method == "POST":
        return _post(request, "prevention:groups", GROUP_FORMS, city, default=GROUP_FORM)
    groups = groups_visible_to(request.user).select_related("kelurahan").annotate(n_activities=Count("activities")).order_by("kelurahan__name", "name")
    header = [_("Kelompok"), _("Jenis"), _("Kelurahan"), "RW", "RT", _("Anggota"), _("Kegiatan")]
    rows = [[g.name, g.get_kind_display(), g.kelurahan.name, g.rw, g.rt, g.members_count, g.n_activities] for g in groups]
    if request.GET.get("unduh"):
        return _export(request, "kelompok-masyarakat", header, rows)
    return render(request, "prevention/groups.html", {"groups": groups, "header": header, "rows": rows, "kelurahan": _kelurahan_choices(city),
                                                      "coverage": coverage_map(city_code=city), "query": request.GET.urlencode()})


@login_required
def families_view(request):
    city = _city(request)
    if request.method == "POST":
        return _post(request, "prevention:families", {}, city, default=FAMILY_FORM)
    qs = families_visible_to(request.user).select_related("kelurahan").prefetch_related(Prefetch("risks", queryset=FamilyRisk.objects.order_by("factor"))).order_by("-created_at")
    if request.GET.get("risiko"):
        qs = qs.filter(risks__factor=request.GET["risiko"])
    if request.GET.get("status"):
        qs = qs.filter(status=request.GET["status"])
    header = [_("Kepala keluarga"), _("Kelurahan"), _("Faktor risiko"), _("Anak"), _("Status")]
    rows, items = [], []
    for fam in qs[:2000]:
        show = identity_visible(request.user, fam)
        rows.append([fam.head_name if show else MASK, fam.kelurahan.name, ", ".join(label("family_risk", r.factor) for r in fam.risks.all()),
                     fam.children_count, label("family_status", fam.status)])
        items.append(fam)
    if request.GET.get("unduh"):
        return _export(request, "keluarga-rentan", header, rows)
    audit_list(actor=request.user, action="family.list_view", object_type="prevention.vulnerablefamily", ids=[f.pk for f in items[:500]], cities=[city])
    return render(request, "prevention/families.html", {"rows": list(zip(items, rows, strict=True))[:500], "header": header, "risks": choices("family_risk"),
                                                        "statuses": choices("family_status"), "kelurahan": _kelurahan_choices(city), "query": request.GET.urlencode()})


@login_required
def family_detail_view(request, pk: int):
    fam = get_object_or_404(families_visible_to(request.user).select_related("kelurahan"), pk=pk)
    show = identity_visible(request.user, fam)
    if request.method == "POST":
        return _post(request, reverse("prevention:family", args=[fam.pk]), FAMILY_DETAIL_FORMS, fam)
    audit_view(actor=request.user, obj=fam, action="family.view", city_code=fam.city_id, changes={"identity_shown": [None, show]})
    return render(request, "prevention/family.html", {
        "fam": fam, "show": show, "risks": [label("family_risk", r.factor) for r in fam.risks.all()], "visits": fam.visits.select_related("by") if show else [],
        "supports": fam.supports.select_related("agency"), "support_kinds": choices("family_support"), "statuses": choices("family_status"),
        "agencies": Organisation.objects.filter(city_id=fam.city_id).exclude(kind__in=["ppt", "satgas_kelurahan"]).order_by("name"),
        "status_label": label("family_status", fam.status),
    })


@login_required
def perkasa_view(request):
    city = _city(request)
    if request.method == "POST":
        return _post(request, "prevention:perkasa", PERKASA_FORMS, city, default=PERKASA_FORM)
    qs = perkasa_visible_to(request.user).select_related("kelurahan").prefetch_related(Prefetch("programmes", queryset=PerkasaProgramme.objects.order_by("date"))).order_by("-created_at")
    if request.GET.get("status"):
        qs = qs.filter(status=request.GET["status"])
    header = [_("Nama"), _("Kelurahan"), _("Tanggungan"), _("Penghasilan"), _("Bekerja"), _("Program"), _("Status")]
    rows, items = [], []
    for m in qs[:2000]:
        show = identity_visible(request.user, m)
        rows.append([m.name if show else MASK, m.kelurahan.name, m.dependants, label("income_band", m.income_band), _("ya") if m.employed else _("tidak"),
                     ", ".join(label("perkasa_programme", p.programme) for p in m.programmes.all()), label("perkasa_status", m.status)])
        items.append(m)
    if request.GET.get("unduh"):
        return _export(request, "perkasa", header, rows)
    audit_list(actor=request.user, action="perkasa.list_view", object_type="prevention.perkasamember", ids=[m.pk for m in items[:500]], cities=[city])
    return render(request, "prevention/perkasa.html", {"rows": list(zip(items, rows, strict=True))[:500], "header": header, "kelurahan": _kelurahan_choices(city),
                                                       "incomes": choices("income_band"), "programmes": choices("perkasa_programme"), "statuses": choices("perkasa_status"),
                                                       "query": request.GET.urlencode(), "today": timezone.localdate()})
