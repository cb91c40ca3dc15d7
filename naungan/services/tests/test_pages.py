"""The services pages' forms: services and their status, shelter stays, the legal process, the
agency's answers to a referral, coordination (meetings, follow-ups, MoU) and the agency
directory — each refusal a message on the page, never a 500, and nothing outside the scope."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from naungan.accounts.roles import OrgKind
from naungan.audit.models import AuditEvent
from naungan.cases.tests.factories import CaseFactory
from naungan.services.models import (
    ActionStatus,
    Agreement,
    FollowUpAction,
    LegalProcess,
    Meeting,
    ReferralStatus,
    ServiceDelivery,
    ShelterStay,
)
from naungan.services.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def last_message(response) -> str:
    return [str(m) for m in response.context["messages"]][-1]


@pytest.fixture
def case(pasuruan):
    return CaseFactory(with_perpetrator=True)


def act(client, case, action, data):
    return client.post(f"/layanan/kasus/{case.pk}/aksi/{action}/", data, follow=True)


def test_a_service_is_recorded_then_finished_on_the_case_services_page(pasuruan, case, login):
    c = login(pasuruan.users["case_manager"])
    r = act(c, case, "layanan", {"service": "psikososial", "provider": pasuruan.orgs[OrgKind.YLPA].pk, "start_date": "2026-10-05"})
    assert last_message(r) == "Tersimpan."
    d = ServiceDelivery.objects.get(case=case, service="psikososial")
    assert (d.provider_id, d.start_date, d.status, d.simfoni) == (pasuruan.orgs[OrgKind.YLPA].pk, date(2026, 10, 5), "planned", "rehabilitasi_sosial")
    r = act(c, case, "layanan-status", {"delivery": d.pk, "status": "done", "outcome": "Konseling selesai 4 sesi", "end_date": "2026-11-01"})
    d.refresh_from_db()
    assert (d.status, d.outcome, d.end_date) == ("done", "Konseling selesai 4 sesi", date(2026, 11, 1))
    assert "Konseling selesai" not in str(AuditEvent.objects.filter(action="service.update").get().changes)
    for data, message in (({"service": "sulap"}, "layanan"), ({"service": "medis", "status": "kacau"}, "status"),
                          ({"service": "medis", "start_date": "5 Oktober"}, "Tanggal tidak valid")):
        assert message in last_message(act(c, case, "layanan", data))
    assert ServiceDelivery.objects.filter(case=case).count() == 1
    assert "status" in last_message(act(c, case, "layanan-status", {"delivery": d.pk, "status": "hilang"}))
    assert c.post(f"/layanan/kasus/{case.pk}/aksi/layanan-status/", {"delivery": 0, "status": "done"}).status_code == 404
    assert c.post(f"/layanan/kasus/{case.pk}/aksi/sihir/", {}).status_code == 404


def test_a_shelter_stay_opens_a_service_and_cannot_end_before_it_began(pasuruan, case, login):
    c = login(pasuruan.users["case_manager"])
    shelter = pasuruan.orgs[OrgKind.SHELTER]
    act(c, case, "rumah-aman", {"shelter": shelter.pk, "admitted_on": "2026-10-10"})
    stay = ShelterStay.objects.get(case=case)
    assert ServiceDelivery.objects.get(case=case, service="rumah_aman").status == "in_progress"
    r = act(c, case, "keluar-rumah-aman", {"stay": stay.pk, "discharged_on": "2026-10-01"})
    assert last_message(r) != "Tersimpan." and ShelterStay.objects.get().discharged_on is None
    act(c, case, "keluar-rumah-aman", {"stay": stay.pk, "discharged_on": "2026-10-20"})
    assert ShelterStay.objects.get().discharged_on == date(2026, 10, 20)
    r = act(c, case, "rumah-aman", {"shelter": pasuruan.orgs[OrgKind.POLICE_PPA].pk})
    assert last_message(r) != "Tersimpan." and ShelterStay.objects.count() == 1
    assert c.post(f"/layanan/kasus/{case.pk}/aksi/rumah-aman/", {"shelter": 0}).status_code == 404


def test_the_legal_process_reads_rupiah_amounts_and_returns_to_the_case_page(pasuruan, case, login):
    c = login(pasuruan.users["case_manager"])
    r = c.post(f"/layanan/kasus/{case.pk}/aksi/hukum/", {"lp_number": "LP/B/123/X/2026", "police_unit": "Unit PPA Polres", "stage": "penyidikan",
                                                         "restitution_requested": "15.000.000", "next": "kasus"})
    assert r.status_code == 302 and r["Location"] == f"/kasus/{case.pk}/#hukum"
    legal = LegalProcess.objects.get(case=case)
    assert (legal.stage, legal.restitution_requested, legal.restitution_paid) == ("penyidikan", Decimal("15000000"), None)
    assert last_message(act(c, case, "hukum", {"restitution_paid": "lima juta"})) == "Jumlah uang tidak valid."
    assert "tahap" in last_message(act(c, case, "hukum", {"stage": "banding_kasasi_x"}))
    assert last_message(act(c, case, "hukum", {"stage": "penyidikan", "restitution_paid": "-5"})) == "Jumlah tidak boleh negatif."
    act(c, case, "pendampingan-hukum", {"stage": "persidangan", "date": "2026-11-03", "by": pasuruan.orgs[OrgKind.LEGAL_AID].pk, "note": "Sidang pertama"})
    a = LegalProcess.objects.get(case=case).accompaniments.get()
    assert (a.stage, a.date, a.by_id, a.note) == ("persidangan", date(2026, 11, 3), pasuruan.orgs[OrgKind.LEGAL_AID].pk, "Sidang pertama")
    assert "tahap" in last_message(act(c, case, "pendampingan-hukum", {"stage": "x"}))


def test_a_partner_cannot_use_the_case_services_forms(pasuruan, blitar, case, login):
    for user in (pasuruan.users["partner_police"], blitar.users["case_manager"]):
        r = login(user).post(f"/layanan/kasus/{case.pk}/aksi/layanan/", {"service": "medis"})
        assert r.status_code == 404
    assert not ServiceDelivery.objects.exists()


def test_the_agency_answers_gives_feedback_and_records_its_service(pasuruan, case, login):
    referral = ReferralFactory(case=case)
    police = login(pasuruan.users["partner_police"])
    url = f"/layanan/rujukan/{referral.pk}/aksi/"
    r = police.post(url + "layanan/", {"service": "visum"}, follow=True)
    assert last_message(r) != "Tersimpan." and not ServiceDelivery.objects.exists()  # not accepted yet
    r = police.post(url + "declined/", {"reason": " "}, follow=True)
    assert last_message(r) != "Tersimpan."
    police.post(url + "accepted/", {})
    police.post(url + "layanan/", {"service": "visum", "outcome": "Visum et repertum terbit"})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.IN_PROGRESS
    assert ServiceDelivery.objects.get(referral=referral).provider_id == pasuruan.orgs[OrgKind.POLICE_PPA].pk
    assert last_message(police.post(url + "umpan-balik/", {"body": ""}, follow=True)) == "Isian tidak boleh kosong."
    police.post(url + "umpan-balik/", {"body": "Berkas sudah P21."})
    assert referral.updates.get().body == "Berkas sudah P21."
    assert police.post(url + "teleport/", {}).status_code == 404
    assert login(pasuruan.users["partner_social"]).post(url + "completed/", {}).status_code == 404


def test_the_inbox_filters_by_status_and_ignores_an_unknown_one(pasuruan, case, login):
    a = ReferralFactory(case=case)
    b = ReferralFactory(case=case)
    police = login(pasuruan.users["partner_police"])
    police.post(f"/layanan/rujukan/{a.pk}/aksi/accepted/", {})
    assert [r.pk for r in police.get("/layanan/rujukan/?status=accepted").context["referrals"]] == [a.pk]
    assert {r.pk for r in police.get("/layanan/rujukan/?status=apa").context["referrals"]} == {a.pk, b.pk}
    assert login(pasuruan.users["case_manager"]).get("/layanan/rujukan/").status_code == 404


def test_coordination_meetings_follow_ups_and_agreements(pasuruan, blitar, login):
    c = login(pasuruan.users["supervisor"])
    police, social = pasuruan.orgs[OrgKind.POLICE_PPA], pasuruan.orgs[OrgKind.DINAS_SOSIAL]
    r = c.post("/layanan/koordinasi/", {"form": "rapat", "date": "2026-11-02", "title": "Rapat koordinasi P2TP2A",
                                       "agencies": [police.pk, social.pk, blitar.orgs[OrgKind.POLICE_PPA].pk], "decisions": "Percepat visum"}, follow=True)
    assert last_message(r) == "Tersimpan."
    meeting = Meeting.objects.get()
    assert set(meeting.agencies.values_list("pk", flat=True)) == {police.pk, social.pk}  # another city's agency is dropped
    assert last_message(c.post("/layanan/koordinasi/", {"form": "rapat", "title": "  "}, follow=True)) != "Tersimpan."
    due = timezone.localdate() + timedelta(days=7)
    c.post("/layanan/koordinasi/", {"form": "tindak-lanjut", "meeting": meeting.pk, "description": "Jadwalkan visum", "owner": police.pk,
                                    "due_date": due.isoformat()})
    action = FollowUpAction.objects.get()
    assert (action.owner_id, action.due_date, action.status) == (police.pk, due, ActionStatus.OPEN)
    assert action in c.get("/layanan/koordinasi/").context["actions"]
    c.post("/layanan/koordinasi/", {"form": "selesai", "action": action.pk})
    assert FollowUpAction.objects.get().status == ActionStatus.DONE
    r = c.post("/layanan/koordinasi/", {"form": "mou", "title": "PKS visum gratis", "kind": "PKS", "parties": [police.pk],
                                       "start_date": "2026-01-01", "end_date": "2025-12-31"}, follow=True)
    assert last_message(r) != "Tersimpan." and not Agreement.objects.exists()
    c.post("/layanan/koordinasi/", {"form": "mou", "title": "PKS visum gratis", "kind": "PKS", "parties": [police.pk], "start_date": "2026-01-01"})
    assert list(Agreement.objects.get().parties.all()) == [police]
    other = login(blitar.users["supervisor"])
    assert other.post("/layanan/koordinasi/", {"form": "selesai", "action": action.pk}).status_code == 404
    assert other.post("/layanan/koordinasi/", {"form": "tindak-lanjut", "meeting": meeting.pk, "owner": police.pk, "description": "x"}).status_code == 404
    assert login(pasuruan.users["case_manager"]).get("/layanan/koordinasi/").status_code == 404


def test_an_agency_keeps_its_own_directory_entry(pasuruan, blitar, login):
    police = pasuruan.orgs[OrgKind.POLICE_PPA]
    c = login(pasuruan.users["partner_police"])
    r = c.post(f"/layanan/mitra/{police.pk}/", {"services": ["visum", "medikolegal"], "contact_person": "Iptu Sari", "capacity": "dua"})
    assert r.status_code == 200 and last_message(r) == "Kapasitas harus angka."
    r = c.post(f"/layanan/mitra/{police.pk}/", {"services": ["visum", "sulap"], "contact_person": "Iptu Sari", "hours": "24 jam"})
    assert r.status_code == 302 and r["Location"] == "/layanan/mitra/"
    police.refresh_from_db()
    assert police.profile.contact_person == "Iptu Sari" and "visum" in police.profile.services
    assert ["Visum gratis"] in [services for org, services in c.get("/layanan/mitra/").context["rows"] if org.pk == police.pk]
    assert c.get(f"/layanan/mitra/{pasuruan.orgs[OrgKind.DINAS_SOSIAL].pk}/").status_code == 404  # not its own
    assert login(blitar.users["admin"]).get(f"/layanan/mitra/{police.pk}/").status_code == 404
    assert login(pasuruan.users["admin"]).get(f"/layanan/mitra/{police.pk}/").status_code == 200
