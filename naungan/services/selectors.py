"""Scope of services, referrals and coordination.

Case-side records follow the case scope (`cases_visible_to`). A partner agency officer sees only
referrals addressed to their agency, and of those only the parts shared with consent."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from naungan.accounts.models import Organisation
from naungan.accounts.roles import OrgKind, Role
from naungan.accounts.scope import city_codes, is_national, organisation_ids_of
from naungan.cases.models import Case, Person, PersonRole
from naungan.cases.selectors import cases_visible_to
from naungan.catalogues.selectors import get, label, values

from .models import ActionStatus, FollowUpAction, Referral, ReferralStatus, RightRecord, ServiceDelivery, ShelterStay

IDENTITY_FIELDS = {"victim_name", "victim_nik", "victim_phone", "victim_address", "chronology"}


REFERRAL_KEYS = ("-sent_at", "-id")  # newest first: the order of referral lists and their cursor


def referrals_visible_to(user) -> QuerySet[Referral]:
    """Case staff see referrals of cases they can open; partner officers those sent to their agency."""
    if is_national(user):
        return Referral.objects.all()
    q = Q(case__in=cases_visible_to(user).values("pk"))
    agencies = organisation_ids_of(user, Role.PARTNER)
    if agencies:
        q |= Q(agency_id__in=agencies)
    return Referral.objects.filter(q)


def referral_get(*, user, referral_id: int) -> Referral:
    try:
        return referrals_visible_to(user).select_related("case", "agency", "consent", "referred_by").get(pk=referral_id)
    except (Referral.DoesNotExist, ValueError, TypeError):
        raise Http404


def is_partner_view(user, referral: Referral) -> bool:
    """True when the user sees the referral as the receiving agency (not as case staff)."""
    return referral.agency_id in organisation_ids_of(user, Role.PARTNER) and not cases_visible_to(user).filter(pk=referral.case_id).exists()


def shared_view(referral: Referral) -> dict:
    """Exactly what the agency may see: the case number, the request, and the chosen fields —
    identity fields only when consent was recorded."""
    case = referral.case
    victim = case.persons.filter(role=PersonRole.VICTIM).order_by("id").first()
    fields = set(referral.shared_fields or [])
    if referral.consent_id is None:
        fields -= IDENTITY_FIELDS
    out = {"case_number": case.number, "request": referral.request, "service": label("service", referral.service) if referral.service else "",
           "fields": {}}
    if victim is None:
        return out
    out["fields"].update(shared_victim_fields(victim, fields))
    if "chronology" in fields:
        out["fields"]["Kronologi"] = case.chronology
    if "forms" in fields:
        out["fields"]["Bentuk kekerasan"] = ", ".join(label("violence_form", f.form) for f in case.forms.all())
    return out


def open_services(case: Case) -> QuerySet[ServiceDelivery]:
    return case.service_deliveries.exclude(status="done").select_related("provider")


def overdue_referrals(*, today=None) -> QuerySet[Referral]:
    today = today or timezone.localdate()
    return Referral.objects.filter(status=ReferralStatus.SENT, due_date__lt=today)


def shelter_occupancy(*, city_code: str, on=None) -> list[dict]:
    on = on or timezone.localdate()
    current = {r["shelter_id"]: r["n"] for r in ShelterStay.objects.filter(shelter__city_id=city_code, admitted_on__lte=on).filter(
        Q(discharged_on__isnull=True) | Q(discharged_on__gte=on)).order_by().values("shelter_id").annotate(n=Count("pk"))}
    out = []
    for org in Organisation.objects.filter(city_id=city_code, kind=OrgKind.SHELTER).select_related("profile").order_by("name"):
        cap = getattr(getattr(org, "profile", None), "capacity", None)
        out.append({"shelter": org, "current": current.get(org.pk, 0), "capacity": cap})
    return out


def open_actions_for(user) -> QuerySet[FollowUpAction]:
    cities = city_codes(user, Role.SUPERVISOR, Role.CITY_ADMIN)
    if not cities and not is_national(user):
        return FollowUpAction.objects.none()
    qs = FollowUpAction.objects.filter(status=ActionStatus.OPEN)
    if not is_national(user):
        qs = qs.filter(meeting__city_id__in=cities)
    return qs.select_related("meeting", "owner").order_by("due_date")


# --- figures for the dashboards and the SIMFONI export (GROUP BY on typed columns) -------------

def simfoni_services_for_cases(case_ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for case_id, simfoni in ServiceDelivery.objects.filter(case_id__in=case_ids).order_by("case_id", "simfoni").values_list("case_id", "simfoni").distinct():
        item = get("simfoni_service", simfoni)
        out.setdefault(case_id, []).append(item.simfoni if item else simfoni)
    return out


def aggregate_for_cases(cases: QuerySet[Case]) -> dict:
    from django.utils.translation import gettext as _

    deliveries = ServiceDelivery.objects.filter(case__in=cases.values("pk"))
    by_service = {r["simfoni"]: r["n"] for r in deliveries.order_by().values("simfoni").annotate(n=Count("pk"))}
    referrals = Referral.objects.filter(case__in=cases.values("pk"))
    by_agency = list(referrals.order_by().values("agency__name", "status").annotate(n=Count("pk")).order_by("agency__name", "status"))
    rights = {(r["right"], r["status"]): r["n"] for r in RightRecord.objects.filter(case__in=cases.values("pk")).order_by().values("right", "status").annotate(n=Count("pk"))}
    tables = [
        {"id": "layanan", "title": _("Layanan diberikan menurut kategori SIMFONI"), "header": [_("Layanan"), _("Jumlah")],
         "rows": [[v.label, by_service.get(v.code, 0)] for v in values("simfoni_service")], "chart": "bar"},
        {"id": "rujukan", "title": _("Rujukan menurut lembaga dan hasil"), "header": [_("Lembaga"), _("Status"), _("Jumlah")],
         "rows": [[r["agency__name"], str(ReferralStatus(r["status"]).label), r["n"]] for r in by_agency], "chart": None},
        {"id": "hak", "title": _("Pemenuhan hak korban"), "header": [_("Hak"), _("Dibutuhkan"), _("Dalam proses"), _("Terpenuhi"), _("Tidak dapat")],
         "rows": [[v.label, rights.get((v.code, "needed"), 0), rights.get((v.code, "in_progress"), 0), rights.get((v.code, "fulfilled"), 0),
                   rights.get((v.code, "not_possible"), 0)] for v in values("right")], "chart": None},
    ]
    by_kec = {r["case__kecamatan_id"]: r["n"] for r in deliveries.order_by().values("case__kecamatan_id").annotate(n=Count("pk"))}
    public = [(v.label, by_service.get(v.code, 0)) for v in values("simfoni_service")]
    return {"tables": tables, "services_by_kecamatan": by_kec, "public_services": public}


def victims_of_case(case: Case) -> QuerySet[Person]:
    return case.persons.filter(role=PersonRole.VICTIM).order_by("id")


def shared_victim_fields(victim, fields) -> dict:
    """The victim's details an officer chose to share (with a referral or a transfer offer), by label."""
    out = {}
    if "victim_name" in fields:
        out["Nama korban"] = victim.name
    if "victim_nik" in fields:
        out["NIK korban"] = victim.nik
    if "victim_phone" in fields:
        out["Telepon korban"] = victim.phone
    if "victim_address" in fields:
        out["Alamat korban"] = " ".join(x for x in [victim.street, f"RW {victim.rw}" if victim.rw else "", f"RT {victim.rt}" if victim.rt else "",
                                                    victim.address_kelurahan.name if victim.address_kelurahan else ""] if x)
    if "victim_age_sex" in fields:
        out["Umur / jenis kelamin"] = f"{victim.age_at_incident if victim.age_at_incident is not None else '?'} th / {label('sex', victim.sex) or '?'}"
    return out
