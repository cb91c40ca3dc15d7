"""A city filled with one of everything that holds an identity: a case with victim, perpetrator
and reporter, notes, an assessment, a plan, evidence, consent, a referral with feedback; a public
report with contact details and an upload; a Perkasa member. Shared by the ops and privacy tests."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from naungan.accounts.roles import OrgKind
from naungan.cases import services as C
from naungan.cases.models import Case, Person
from naungan.core.testing import PNG
from naungan.prevention.services import perkasa_register
from naungan.reporting.services import report_submit
from naungan.services import services as SV

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

VICTIM = {"role": "victim", "name": "Siti Aminah Djojo", "sex": "P", "birth_date": "2014-03-05", "nik": "3575014503140001",
          "phone": "0812-3456-7890", "street": "Jl. Melati Gg. Kenanga 5", "kk_number": "3575010101010007", "education": "sd",
          "occupation": "pelajar", "rw": "02", "rt": "03"}
PERPETRATOR = {"role": "perpetrator", "name": "Bambang Soekarno", "sex": "L", "estimated_age": 40, "relation_to_victim": "orang_tua"}
REPORTER = {"role": "reporter", "name": "Warsini Rahayu", "phone": "+62 857 1111 2222", "sex": "P"}

# Strings that identify the victim: none may survive an erasure or an anonymisation.
VICTIM_STRINGS = ["Siti", "Aminah", "3575014503140001", "3456-7890", "81234567890", "Melati Gg. Kenanga", "3575010101010007"]


@dataclass
class Filled:
    case: Case
    victim: Person
    perpetrator: Person
    reporter: Person
    other_case: Case
    report: object
    perkasa: object
    objects: dict = field(default_factory=dict)


def fill_city(world, *, kel_index: int = 0) -> Filled:
    cm = world.users["case_manager"]
    kel = world.kelurahan[kel_index].code
    case = C.case_register(
        actor=cm, city_code=world.city.code, channel="datang_uptd", persons=[dict(VICTIM), dict(PERPETRATOR), dict(REPORTER)],
        kelurahan_code=kel, incident_date="2026-09-01", place="rumah_tangga", forms=["fisik", "seksual"],
        chronology="Siti Aminah (NIK 3575 0145 0314 0001) dipukul ayahnya di Jl. Melati Gg. Kenanga 5; hubungi 0812 3456 7890.",
        received_at=timezone.now(), is_tpks=True)
    victim = case.persons.get(role="victim")
    perpetrator = case.persons.get(role="perpetrator")
    reporter = case.persons.get(role="reporter")
    C.case_note_add(actor=cm, case=case, body="Ibu Warsini menelepon: Siti sekarang tinggal di rumah neneknya.")
    C.assessment_save(actor=cm, case=case, person=victim, psychological="Siti takut pulang.", needs="Pendampingan psikolog untuk Aminah.")
    goal = C.plan_goal_add(actor=cm, case=case, title="Siti kembali bersekolah")
    C.plan_task_add(actor=cm, case=case, goal=goal, title="Antar Siti Aminah ke sekolah")
    att = C.attachment_add(actor=cm, case=case, uploaded_file=SimpleUploadedFile("visum Siti Aminah.pdf", PDF), description="Visum Siti")
    consent = SV.consent_record(actor=cm, case=case, given_by_name="Warsini Rahayu", given_by_relation="ibu", method="tertulis")
    police = world.orgs[OrgKind.POLICE_PPA]
    referral = SV.referral_send(actor=cm, case=case, agency=police, request="Mohon pendampingan BAP untuk Siti Aminah.",
                                shared_fields=["victim_name", "chronology"], consent=consent)
    SV.referral_feedback(actor=world.users["partner_police"], referral=referral, body="Siti Aminah sudah diperiksa.")
    other = C.case_register(actor=cm, city_code=world.city.code, channel="telepon", persons=[{"role": "victim", "name": "Dewi Lestari", "sex": "P",
                            "estimated_age": 12}], kelurahan_code=kel, place="sekolah", forms=["psikis"], chronology="Dewi dirundung.",
                            received_at=timezone.now())
    report, _pin, _ = report_submit(city_code=world.city.code, form_token=None, reporter_kind="tetangga", kelurahan_code=kel, what=["dipukul"],
                                    description="Anak tetangga, Rina, sering menangis.", contact_name="Pak Joko", contact_phone="081399998888",
                                    attachment=SimpleUploadedFile("foto.png", PNG))
    perkasa = perkasa_register(actor=world.users["supervisor"], city_code=world.city.code, kelurahan=kel, name="Sri Wahyuni",
                               nik="3575015001800002", dependants=2, income_band="lt1")
    return Filled(case=case, victim=victim, perpetrator=perpetrator, reporter=reporter, other_case=other, report=report, perkasa=perkasa,
                  objects={"attachment": att, "consent": consent, "referral": referral, "goal": goal})
