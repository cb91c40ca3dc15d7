from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from naungan.accounts.roles import OrgKind
from naungan.audit.models import AuditEvent
from naungan.cases.models import Notification
from naungan.cases.services import case_register, case_request_closure
from naungan.core.errors import DomainError
from naungan.services import services as S
from naungan.services.models import RightRecord, RightStatus
from naungan.services.pdf import referral_letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(pasuruan):
    return case_register(actor=pasuruan.users["case_manager"], city_code="35.75", channel="datang_uptd", kelurahan_code=pasuruan.kelurahan[0].code,
                         forms=["seksual"], is_tpks=True, chronology="Kronologi rahasia sekali",
                         persons=[{"role": "victim", "name": "Ayu Lestari", "nik": "3575014503140001", "phone": "081233334444", "estimated_age": 12, "sex": "P"},
                                  {"role": "perpetrator", "name": "Pelaku", "estimated_age": 35, "sex": "L"}])


def pdf_text(referral) -> str:
    """The letter rendered without stream compression, so its text can be read from the bytes."""
    from reportlab import rl_config

    old = rl_config.pageCompression
    rl_config.pageCompression = 0
    try:
        pdf = referral_letter(referral)
    finally:
        rl_config.pageCompression = old
    assert pdf.startswith(b"%PDF")
    return pdf.decode("latin-1")


def test_identity_cannot_be_shared_without_consent(pasuruan, case):
    cm = pasuruan.users["case_manager"]
    police = pasuruan.orgs[OrgKind.POLICE_PPA]
    with pytest.raises(DomainError, match="persetujuan"):
        S.referral_send(actor=cm, case=case, agency=police, request="Mohon pendampingan", shared_fields=["victim_name", "forms"])
    r = S.referral_send(actor=cm, case=case, agency=police, request="Mohon pendampingan", shared_fields=["forms", "victim_age_sex"])
    assert r.consent is None


def test_a_child_consents_through_a_guardian(pasuruan, case):
    cm = pasuruan.users["case_manager"]
    with pytest.raises(DomainError, match="wali"):
        S.consent_record(actor=cm, case=case, given_by_name="Ayu", given_by_relation="korban sendiri", method="tertulis")
    c = S.consent_record(actor=cm, case=case, given_by_name="Sri (ibu)", given_by_relation="ibu", method="tertulis")
    assert c.person.is_child


def test_partner_sees_only_shared_fields_of_referred_cases(pasuruan, case, login):
    cm = pasuruan.users["case_manager"]
    consent = S.consent_record(actor=cm, case=case, given_by_name="Sri", given_by_relation="ibu", method="tertulis")
    r = S.referral_send(actor=cm, case=case, agency=pasuruan.orgs[OrgKind.POLICE_PPA], request="Mohon proses laporan polisi",
                        shared_fields=["victim_name", "forms"], consent=consent)
    police = login(pasuruan.users["partner_police"])
    body = police.get(f"/layanan/rujukan/{r.pk}/").content.decode()
    assert "Ayu Lestari" in body and "Seksual" in body
    for secret in ["3575014503140001", "081233334444", "Kronologi rahasia"]:
        assert secret not in body
    assert police.get(f"/kasus/{case.pk}/").status_code == 404
    assert police.get(f"/layanan/kasus/{case.pk}/").status_code == 404
    # the other partner agency sees nothing
    social = login(pasuruan.users["partner_social"])
    assert social.get(f"/layanan/rujukan/{r.pk}/").status_code == 404
    assert social.get(f"/layanan/rujukan/{r.pk}/surat.pdf").status_code == 404
    api = APIClient()
    api.force_authenticate(pasuruan.users["partner_social"])
    assert api.get(f"/api/v1/referrals/{r.pk}/").status_code == 404 and api.get("/api/v1/referrals/").json()["results"] == []
    api.force_authenticate(pasuruan.users["partner_police"])
    shared = api.get(f"/api/v1/referrals/{r.pk}/").json()["shared"]
    assert shared["fields"] == {"Nama korban": "Ayu Lestari", "Bentuk kekerasan": "Seksual"}
    assert api.get(f"/api/v1/cases/{case.pk}/").status_code == 404


def test_referral_pdf_contains_only_shared_identity(pasuruan, case):
    cm = pasuruan.users["case_manager"]
    r = S.referral_send(actor=cm, case=case, agency=pasuruan.orgs[OrgKind.DINAS_SOSIAL], request="Mohon bantuan sosial",
                        shared_fields=["victim_age_sex", "forms"])
    assert referral_letter(r).startswith(b"%PDF")
    text = pdf_text(r)
    assert case.number in text and "SURAT RUJUKAN" in text and "PEMERINTAH KOTA PASURUAN" in text
    assert "Ayu" not in text and "3575014503140001" not in text and "0812" not in text


def test_partner_accepts_records_service_and_feedback_reaches_the_timeline(pasuruan, case, login):
    cm = pasuruan.users["case_manager"]
    r = S.referral_send(actor=cm, case=case, agency=pasuruan.orgs[OrgKind.DINAS_SOSIAL], request="Bansos", shared_fields=["forms"], service="bansos")
    police = login(pasuruan.users["partner_police"])
    assert police.post(f"/layanan/rujukan/{r.pk}/aksi/accepted/").status_code == 404
    social = login(pasuruan.users["partner_social"])
    social.post(f"/layanan/rujukan/{r.pk}/aksi/accepted/")
    social.post(f"/layanan/rujukan/{r.pk}/aksi/layanan/", {"service": "bansos", "status": "done", "outcome": "PKH diberikan"})
    social.post(f"/layanan/rujukan/{r.pk}/aksi/umpan-balik/", {"body": "Keluarga terdaftar PKH."})
    r.refresh_from_db()
    assert r.status == "in_progress"
    bodies = [e.body for e in case.events.all()]
    assert any("Keluarga terdaftar PKH" in b for b in bodies) and any("diterima" in b for b in bodies)
    rec = RightRecord.objects.get(case=case, right="bansos")
    assert rec.status == RightStatus.FULFILLED and r in rec.referrals.all()
    assert Notification.objects.filter(user=cm, text__contains="Diterima").exists()


def test_decline_needs_a_reason(pasuruan, case):
    r = S.referral_send(actor=pasuruan.users["case_manager"], case=case, agency=pasuruan.orgs[OrgKind.LEGAL_AID], request="x", shared_fields=[])
    api = APIClient()
    api.force_authenticate(pasuruan.users["partner_police"])
    assert api.post(f"/api/v1/referrals/{r.pk}/respond/", {"to": "declined"}, format="json").status_code == 404


def test_rights_progress_follows_services(pasuruan, case):
    cm = pasuruan.users["case_manager"]
    d = S.service_record(actor=cm, case=case, service="psikososial", status="in_progress")
    rights = {r.right: r.status for r in RightRecord.objects.filter(case=case)}
    assert rights["rehabilitasi"] == "in_progress" and rights["pemulihan"] == "in_progress"
    assert rights["penanganan"] == "needed"  # a TPKS case tracks the three TPKS rights too
    S.service_update(actor=cm, delivery=d, status="done")
    assert RightRecord.objects.get(case=case, right="rehabilitasi").status == "fulfilled"
    rec = RightRecord.objects.get(case=case, right="pendidikan")
    with pytest.raises(DomainError, match="Alasan"):
        S.right_update(actor=cm, record=rec, status="not_possible")
    S.right_update(actor=cm, record=rec, status="not_possible", reason="Sudah lulus")


def test_tpks_case_with_adult_offender_cannot_close_as_settlement(pasuruan, case):
    with pytest.raises(DomainError, match="di luar pengadilan"):
        case_request_closure(actor=pasuruan.users["case_manager"], case=case, reason="damai_di_luar_pengadilan")


def test_legal_process_and_restitution(pasuruan, case, login):
    cm = login(pasuruan.users["case_manager"])
    cm.post(f"/layanan/kasus/{case.pk}/aksi/hukum/", {"lp_number": "LP/B/123/2026", "police_unit": "Unit PPA Polres", "stage": "penyidikan",
                                                      "restitution_requested": "15.000.000"})
    legal = case.legal
    legal.refresh_from_db()
    assert legal.stage == "penyidikan" and legal.restitution_requested == 15000000
    r = cm.post(f"/layanan/kasus/{case.pk}/aksi/hukum/", {"stage": "tahap_aneh"}, follow=True)
    assert "tidak dikenal" in r.content.decode()
    assert AuditEvent.objects.filter(action="legal.update").count() == 1


def test_overdue_referrals_remind_the_referring_officer(pasuruan, case):
    cm = pasuruan.users["case_manager"]
    S.referral_send(actor=cm, case=case, agency=pasuruan.orgs[OrgKind.YLPA], request="x", shared_fields=[], due_date=timezone.localdate() - timedelta(days=1))
    assert S.send_referral_reminders() == 1
    assert S.send_referral_reminders() == 0
    n = Notification.objects.filter(user=cm, text__contains="belum dijawab").get()
    assert "Ayu" not in n.text


def test_shelter_occupancy(pasuruan, case, login):
    cm = pasuruan.users["case_manager"]
    S.shelter_admit(actor=cm, case=case, shelter=pasuruan.orgs[OrgKind.SHELTER], admitted_on=timezone.localdate())
    body = login(cm).get("/layanan/rumah-aman/").content.decode()
    assert "Rumah Aman Kota Pasuruan" in body and "<td>1</td>" in body


@pytest.mark.parametrize("key", ["ppt_1", "satgas_0", "analyst", "auditor", "admin", "community", "partner_police"])
def test_case_service_pages_and_api_refuse_out_of_scope(pasuruan, case, login, key):
    client = login(pasuruan.users[key])
    assert client.get(f"/layanan/kasus/{case.pk}/").status_code == 404
    assert client.post(f"/layanan/kasus/{case.pk}/aksi/layanan/", {"service": "medis"}).status_code == 404
    api = APIClient()
    api.force_authenticate(pasuruan.users[key])
    for url in ["services", "rights", "legal"]:
        assert api.get(f"/api/v1/cases/{case.pk}/{url}/").status_code == 404


def test_coordination_actions_visible_to_supervisor(pasuruan, login):
    sup = pasuruan.users["supervisor"]
    m = S.meeting_record(actor=sup, city_code="35.75", on=timezone.localdate(), title="Rapat lintas sektor", agencies=[pasuruan.orgs[OrgKind.KEMENAG]])
    S.action_add(actor=sup, meeting=m, description="Susun naskah MoU", owner=pasuruan.orgs[OrgKind.KEMENAG], due_date=timezone.localdate() - timedelta(days=1))
    body = login(sup).get("/").content.decode()
    assert "Susun naskah MoU" in body and "terlambat" in body
    assert login(pasuruan.users["case_manager"]).get("/layanan/koordinasi/").status_code == 404
    with pytest.raises(DomainError):
        S.meeting_record(actor=pasuruan.users["case_manager"], city_code="35.75", on=timezone.localdate(), title="x", agencies=[])


def test_api_referral_flow(pasuruan, case):
    api = APIClient()
    api.force_authenticate(pasuruan.users["case_manager"])
    r = api.post(f"/api/v1/cases/{case.pk}/referrals/", {"agency": pasuruan.orgs[OrgKind.POLICE_PPA].pk, "request": "LP", "shared_fields": ["victim_name"]}, format="json")
    assert r.status_code == 400 and "persetujuan" in r.json()["detail"]
    c = api.post(f"/api/v1/cases/{case.pk}/consents/", {"given_by_name": "Ibu", "given_by_relation": "ibu", "method": "lisan"}, format="json").json()["id"]
    r = api.post(f"/api/v1/cases/{case.pk}/referrals/", {"agency": pasuruan.orgs[OrgKind.POLICE_PPA].pk, "request": "LP", "shared_fields": ["victim_name"], "consent": c}, format="json")
    assert r.status_code == 201
    rid = r.json()["id"]
    partner = APIClient()
    partner.force_authenticate(pasuruan.users["partner_police"])
    assert partner.post(f"/api/v1/referrals/{rid}/respond/", {"to": "declined"}, format="json").status_code == 400
    assert partner.post(f"/api/v1/referrals/{rid}/respond/", {"to": "accepted"}, format="json").json()["status"] == "accepted"
    assert partner.post(f"/api/v1/referrals/{rid}/feedback/", {"body": "LP diterima"}, format="json").status_code == 201
    d = api.post(f"/api/v1/cases/{case.pk}/services/", {"service": "medis", "status": "done"}, format="json")
    assert d.status_code == 201 and d.json()["simfoni"] == "kesehatan"


def test_agency_profile_edited_by_admin_or_the_agency_only(pasuruan, blitar, login):
    police = pasuruan.orgs[OrgKind.POLICE_PPA]
    r = login(pasuruan.users["partner_police"]).post(f"/layanan/mitra/{police.pk}/", {"services": ["penegakan_hukum", "bukan"], "hours": "24 jam"})
    assert r.status_code == 302
    police.refresh_from_db()
    assert police.profile.services == ["penegakan_hukum"] and police.profile.hours == "24 jam"
    assert login(pasuruan.users["partner_social"]).get(f"/layanan/mitra/{police.pk}/").status_code == 404
    assert login(pasuruan.users["case_manager"]).get(f"/layanan/mitra/{police.pk}/").status_code == 404
    assert login(blitar.users["admin"]).get(f"/layanan/mitra/{police.pk}/").status_code == 404
    assert login(pasuruan.users["admin"]).get(f"/layanan/mitra/{police.pk}/").status_code == 200
