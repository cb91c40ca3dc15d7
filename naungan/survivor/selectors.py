"""What the survivor sees — and what officers see of the safe-contact rules. The survivor's view
carries no name, no number, no chronology, nothing of the case beyond its coarse status, their
rights, the appointments they were told of and the contacts to call."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naungan.accounts.models import CityConfig
from naungan.cases.models import Case, PersonRole, Status
from naungan.cases.selectors import cases_visible_to
from naungan.catalogues.selectors import values
from naungan.services.models import RightRecord, RightStatus
from naungan.services.services import rights_for

from .models import Appointment, SafeContact, SurvivorAccess

# Plain words for each right (child-friendly), by catalogue code.
RIGHT_WORDS = {
    "layanan_cepat": _("Dibantu dengan cepat saat kamu butuh."),
    "rehabilitasi": _("Dipulihkan: badan, perasaan, dan hubungan dengan orang sekitar."),
    "bansos": _("Mendapat bantuan sosial bila keluargamu membutuhkan."),
    "pendidikan": _("Tetap bisa sekolah dan belajar."),
    "pendampingan": _("Ditemani petugas atau pendamping di setiap langkah."),
    "restitusi": _("Mendapat ganti rugi dari pelaku (restitusi)."),
    "penanganan": _("Ditangani: dilayani, diberi informasi, dibantu secara hukum dan kesehatan (UU TPKS pasal 68)."),
    "pelindungan": _("Dilindungi: aman dari ancaman dan identitasmu dirahasiakan (UU TPKS pasal 69)."),
    "pemulihan": _("Dipulihkan: kesehatan, jiwa, sosial, dan ganti rugi (UU TPKS pasal 70)."),
}
MET, IN_PROGRESS = "met", "in_progress"


@dataclass
class RightLine:
    code: str
    label: str
    words: str
    state: str  # met | in_progress | not_needed
    group: str


def survivor_rights(case: Case) -> list[RightLine]:
    victims = list(case.persons.filter(role=PersonRole.VICTIM).order_by("id")[:1])
    if not victims:
        return []
    person = victims[0]
    status = dict(RightRecord.objects.filter(person=person).values_list("right", "status"))
    catalogue = {v.code: v for v in values("right")}
    out = []
    for code in rights_for(case, person):
        s = status.get(code, RightStatus.NEEDED)
        state = MET if s == RightStatus.FULFILLED else ("not_needed" if s in (RightStatus.NOT_NEEDED, RightStatus.NOT_POSSIBLE) else IN_PROGRESS)
        v = catalogue.get(code)
        out.append(RightLine(code=code, label=(v.label if v else code), words=str(RIGHT_WORDS.get(code, "")), state=state,
                             group=(v.extra.get("group", "") if v else "")))
    return out


def survivor_view(case: Case) -> dict:
    now = timezone.now()
    cfg = CityConfig.objects.filter(city_id=case.city_id).first()
    appointments = list(Appointment.objects.filter(case=case, told_to_survivor=True, cancelled=False, at__gte=now - timezone.timedelta(hours=12))
                        .order_by("at")[:10])
    rights = survivor_rights(case)
    return {
        "closed": case.status == Status.CLOSED,
        "rights_general": [r for r in rights if r.group != "tpks"],
        "rights_tpks": [r for r in rights if r.group == "tpks"],
        "is_tpks": case.is_tpks,
        "appointments": appointments,
        "safe_contact": SafeContact.objects.filter(case=case).first(),
        "contacts": {"city": case.city.name, "uptd_phone": cfg.uptd_phone if cfg else "", "uptd_whatsapp": cfg.uptd_whatsapp if cfg else "",
                     "dinas": cfg.dinas_name if cfg else ""},
    }


def safe_contact_for(*, user, case: Case) -> SafeContact | None:
    """The rules an officer must follow; shown to anyone who may act on the case or its referral."""
    sc = SafeContact.objects.filter(case=case).first()
    return sc if sc is not None and sc.is_set else None


def access_of(*, user, case: Case) -> SurvivorAccess | None:
    if not cases_visible_to(user).filter(pk=case.pk).exists():
        return None
    return SurvivorAccess.objects.filter(case=case, active=True).order_by("-issued_at").first()


def appointments_of(*, user, case: Case) -> list[Appointment]:
    if not cases_visible_to(user).filter(pk=case.pk).exists():
        return []
    return list(Appointment.objects.filter(case=case).order_by("-at")[:50])
