from datetime import timedelta

import pytest
from django.utils import timezone

from naungan.audit.models import AuditEvent
from naungan.cases.models import Notification
from naungan.cases.services import case_register
from naungan.core.errors import DomainError
from naungan.reporting import services as R
from naungan.services import services as SV
from naungan.services.models import RightRecord
from naungan.survivor import services as S
from naungan.survivor.models import SafeContact, SurvivorAccess

pytestmark = pytest.mark.django_db

SECRET_BITS = ("Siti Aminah", "Budi Santoso", "dipukul", "3575014503140001", "0812-3456-7890")


@pytest.fixture
def case(pasuruan):
    return case_register(actor=pasuruan.users["case_manager"], city_code="35.75", channel="datang_uptd",
                         persons=[{"role": "victim", "name": "Siti Aminah", "sex": "P", "estimated_age": 12, "nik": "3575014503140001",
                                   "phone": "0812-3456-7890"},
                                  {"role": "perpetrator", "name": "Budi Santoso", "sex": "L", "estimated_age": 40}],
                         kelurahan_code=pasuruan.kelurahan[0].code, place="rumah_tangga", forms=["seksual"], is_tpks=True,
                         chronology="Korban dipukul dan dilecehkan.", received_at=timezone.now())


def enter(client, code, pin):
    return client.post("/hak-saya/", {"code": code, "pin": pin})


def test_a_victim_given_a_code_sees_rights_appointments_and_nothing_else(pasuruan, case, client, login):
    cm = pasuruan.users["case_manager"]
    access, pin = S.access_issue(actor=cm, case=case)
    victim = case.persons.get(role="victim")
    SV.service_record(actor=cm, case=case, service="visum", person_id=victim.pk, status="done")
    S.appointment_add(actor=cm, case=case, kind="bap", at=timezone.now() + timedelta(days=3), place="Polres Pasuruan Kota", told_to_survivor=True)
    S.appointment_add(actor=cm, case=case, kind="sidang", at=timezone.now() + timedelta(days=30), place="PN Pasuruan", told_to_survivor=False)
    client.logout()
    r = enter(client, access.tracking_code, pin)
    assert r.status_code == 302 and r["Location"] == "/hak-saya/lihat/"
    body = client.get("/hak-saya/lihat/").content.decode()
    assert "Hak-hakmu" in body and "Polres Pasuruan Kota" in body and "PN Pasuruan" not in body
    assert "UU 12/2022 pasal 67–70" in body and "Hak atas pelindungan" in body  # a TPKS case shows the TPKS rights
    met = {r.right for r in RightRecord.objects.filter(person=victim, status="fulfilled")}
    assert met  # the visum fulfilled something, shown as met
    assert "Sudah terpenuhi" in body and "Sedang diupayakan" in body
    assert "(0343) 000-129" in body and "129" in body  # who to call
    for bit in SECRET_BITS + (case.number,):
        assert bit not in body, bit
    assert AuditEvent.objects.filter(action="survivor.view").exists()


def test_the_survivor_sets_safe_contact_rules_and_officers_see_them_everywhere(pasuruan, case, client, login):
    cm = pasuruan.users["case_manager"]
    access, pin = S.access_issue(actor=cm, case=case)
    client.logout()
    enter(client, access.tracking_code, pin)
    r = client.post("/hak-saya/kontak-aman/", {"preferred_channel": "whatsapp", "safe_from": "09:00", "safe_to": "12:00",
                                               "never_call": "0813-9999-0000", "no_home_visit": "on", "note": "Sebut nama Mawar"})
    assert r.status_code == 302
    sc = SafeContact.objects.get(case=case)
    assert sc.set_by_survivor and sc.no_home_visit and sc.never_call == "0813-9999-0000"
    assert Notification.objects.filter(user=cm, text__contains="kontak aman").exists()
    # officers: top of the case, the services page (home visits, services), the partner's referral, the report
    staff = login(cm)
    for url in (f"/kasus/{case.pk}/", f"/layanan/kasus/{case.pk}/"):
        body = staff.get(url).content.decode()
        assert "Aturan kontak aman" in body and "0813-9999-0000" in body and "JANGAN datang ke rumah" in body and "09:00" in body, url
    referral = SV.referral_send(actor=cm, case=case, agency=pasuruan.orgs["police_ppa"], request="Mohon BAP", shared_fields=["forms"],
                                due_date=timezone.localdate() + timedelta(days=7))
    body = login(pasuruan.users["partner_police"]).get(f"/layanan/rujukan/{referral.pk}/").content.decode()
    assert "JANGAN datang ke rumah" in body
    # the audit records that the rules changed, never the number
    ev = AuditEvent.objects.filter(action="survivor.safe_contact").last()
    assert "0813-9999-0000" not in str(ev.changes) and "Mawar" not in str(ev.changes)


def test_a_report_that_became_a_case_opens_the_view_with_its_own_code(pasuruan, client, login):
    report, pin, _ = R.report_submit(city_code="35.75", form_token=None, reporter_kind="korban", kelurahan_code=pasuruan.kelurahan[0].code,
                                     what=[], description="Saya dipukul")
    assert enter(client, report.tracking_code, pin).status_code == 400  # not a case yet
    R.report_convert(actor=pasuruan.users["case_manager"], report=report)
    assert "/hak-saya/" in client.post("/lapor/status/", {"code": report.tracking_code, "pin": pin}).content.decode()
    r = enter(client, report.tracking_code, pin)
    assert r.status_code == 302
    assert "Hak-hakmu" in client.get("/hak-saya/lihat/").content.decode()


def test_a_neighbours_report_code_does_not_open_the_survivors_view(pasuruan, client):
    report, pin, _ = R.report_submit(city_code="35.75", form_token=None, reporter_kind="tetangga", kelurahan_code=pasuruan.kelurahan[0].code,
                                     what=[], description="Tetangga dipukul")
    R.report_convert(actor=pasuruan.users["case_manager"], report=report)
    assert "/hak-saya/" not in client.post("/lapor/status/", {"code": report.tracking_code, "pin": pin}).content.decode()
    r = enter(client, report.tracking_code, pin)
    assert r.status_code == 400 and "bukan korban" in r.content.decode()


def test_wrong_pins_lock_the_code_and_unknown_codes_answer_alike(pasuruan, case, client):
    access, pin = S.access_issue(actor=pasuruan.users["case_manager"], case=case)
    r1 = enter(client, "NGN-AAAA-BBBB", "123456").content.decode()
    assert S.WRONG_CODE_OR_PIN in r1
    for _ in range(S.PIN_FAILURE_LIMIT):
        with pytest.raises(DomainError):
            S.survivor_check(code=access.tracking_code, pin="000000" if pin != "000000" else "111111", client=f"c{_}")
    with pytest.raises(DomainError) as e:
        S.survivor_check(code=access.tracking_code, pin=pin, client="other")
    assert "Terlalu banyak" in str(e.value)


def test_a_new_code_retires_the_old_one(pasuruan, case):
    cm = pasuruan.users["case_manager"]
    old, old_pin = S.access_issue(actor=cm, case=case)
    new, new_pin = S.access_issue(actor=cm, case=case)
    with pytest.raises(DomainError):
        S.survivor_check(code=old.tracking_code, pin=old_pin, client="x")
    assert S.survivor_check(code=new.tracking_code, pin=new_pin, client="x").case_id == case.pk
    assert SurvivorAccess.objects.filter(case=case, active=True).count() == 1


def test_the_view_expires_and_leaving_forgets_it(pasuruan, case, client):
    access, pin = S.access_issue(actor=pasuruan.users["case_manager"], case=case)
    client.logout()
    assert client.get("/hak-saya/lihat/")["Location"] == "/hak-saya/"
    enter(client, access.tracking_code, pin)
    client.post("/hak-saya/keluar/")
    assert client.get("/hak-saya/lihat/").status_code == 302
    assert client.post("/hak-saya/kontak-aman/", {"no_home_visit": "on"}).status_code == 302
    assert not SafeContact.objects.exists()


def test_issuing_shows_the_pin_once_and_only_to_case_staff(pasuruan, blitar, case, login):
    cm = login(pasuruan.users["case_manager"])
    r = cm.post(f"/hak-saya/petugas/kasus/{case.pk}/kode/")
    access = SurvivorAccess.objects.get()
    assert r.status_code == 200 and access.tracking_code in r.content.decode() and r["Cache-Control"] == "no-store"
    assert access.tracking_code in cm.get(f"/kasus/{case.pk}/").content.decode()
    for user in (blitar.users["supervisor"], pasuruan.users["partner_police"], pasuruan.users["community"]):
        c = login(user)
        assert c.post(f"/hak-saya/petugas/kasus/{case.pk}/kode/").status_code == 404
        assert c.post(f"/hak-saya/petugas/kasus/{case.pk}/jadwal/", {"kind": "bap", "at": "2026-12-10T09:00", "place": "x"}).status_code == 404
        assert c.post(f"/hak-saya/petugas/kasus/{case.pk}/kontak-aman/", {"no_home_visit": "on"}).status_code == 404
        assert c.get(f"/api/v1/cases/{case.pk}/safe-contact/").status_code == 404
        assert c.get(f"/api/v1/cases/{case.pk}/appointments/").status_code == 404
        assert c.post(f"/api/v1/cases/{case.pk}/survivor-access/").status_code == 404
    assert SurvivorAccess.objects.count() == 1


def test_staff_record_appointments_and_rules_through_the_pages(pasuruan, case, login):
    cm = login(pasuruan.users["case_manager"])
    cm.post(f"/hak-saya/petugas/kasus/{case.pk}/jadwal/", {"kind": "visum", "at": "2026-12-10T09:00", "place": "RSUD dr. R. Soedarsono"})
    a = case.appointments.get()
    assert not a.told_to_survivor
    cm.post(f"/hak-saya/petugas/kasus/{case.pk}/jadwal/{a.pk}/", {"told": "1"})
    a.refresh_from_db()
    assert a.told_to_survivor
    cm.post(f"/hak-saya/petugas/kasus/{case.pk}/kontak-aman/", {"preferred_channel": "pendamping", "no_home_visit": "on"})
    sc = SafeContact.objects.get()
    assert not sc.set_by_survivor and sc.preferred_channel == "pendamping"
    with pytest.raises(DomainError) as e:
        S.safe_contact_set(actor=pasuruan.users["case_manager"], case=case, data={"safe_from": "09:00"})
    assert str(e.value) == S.BAD_TIMES
    with pytest.raises(DomainError) as e:
        S.safe_contact_set(actor=pasuruan.users["case_manager"], case=case, data={"never_call": "12"})
    assert str(e.value) == S.BAD_PHONE


def test_survivor_api(pasuruan, case, client):
    access, pin = S.access_issue(actor=pasuruan.users["case_manager"], case=case)
    r = client.post("/api/v1/survivor/", {"code": access.tracking_code, "pin": pin}, content_type="application/json")
    data = r.json()
    assert r.status_code == 200 and data["status"] == "handling" and {x["right"] for x in data["rights"]} >= {"pemulihan", "pendampingan"}
    assert set(data) == {"status", "rights", "appointments", "safe_contact", "contacts"}
    for bit in SECRET_BITS + (case.number,):
        assert bit not in r.content.decode()
    r = client.post("/api/v1/survivor/safe-contact/", {"code": access.tracking_code, "pin": pin, "no_home_visit": True,
                                                       "preferred_channel": "sms"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["safe_contact"]["no_home_visit"] is True
    assert client.post("/api/v1/survivor/", {"code": access.tracking_code, "pin": "999999" if pin != "999999" else "000000"},
                       content_type="application/json").status_code == 400


def test_safe_contact_and_access_travel_with_a_transfer(pasuruan, case, db):
    from naungan.accounts.demo import build_city
    from naungan.transfers import services as T

    kediri = build_city("35.71", password="pw-test-123456")
    access, pin = S.access_issue(actor=pasuruan.users["case_manager"], case=case)
    S.safe_contact_set(actor=pasuruan.users["case_manager"], case=case, data={"no_home_visit": True})
    t = T.transfer_send(actor=pasuruan.users["case_manager"], case=case, to_code="35.71", reason="Pindah", shared_fields=[],
                        consent_relation="ibu", consent_method="tertulis")
    new = T.transfer_accept(actor=kediri.users["supervisor"], transfer=t)
    assert S.survivor_check(code=access.tracking_code, pin=pin, client="x").case_id == new.pk
    assert SafeContact.objects.get().case_id == new.pk
