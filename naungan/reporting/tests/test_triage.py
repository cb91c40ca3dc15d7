import pytest
from rest_framework.test import APIClient

from naungan.audit.models import AuditEvent
from naungan.cases.models import Case
from naungan.cases.services import case_approve_closure, case_note_add, case_request_closure, person_update
from naungan.reporting import services as S
from naungan.reporting.models import Report

pytestmark = pytest.mark.django_db


def status_page(client, code, pin):
    return client.post("/lapor/status/", {"code": code, "pin": pin}).content.decode()


def test_converted_report_shows_the_right_status_and_no_case_detail(client, submit, pasuruan, login):
    code, pin = submit()
    assert "Diterima" in status_page(client, code, pin)
    report = Report.objects.get(tracking_code=code)
    staff_user = pasuruan.users["case_manager"]
    staff = login(staff_user)
    r = staff.post(f"/lapor/antrean/{report.pk}/aksi/jadikan-kasus/")
    case = Case.objects.get(source_report_id=report.pk)
    assert r.status_code == 302 and r["Location"] == f"/kasus/{case.pk}/"
    assert case.channel == "portal_publik" and list(case.forms.values_list("form", flat=True)) == ["fisik"]
    assert "sering dipukul" in case.chronology
    victim = case.persons.get(role="victim")
    person_update(actor=staff_user, person=victim, version=victim.version, data={"name": "Sulastri Rahayu"})
    case_note_add(actor=staff_user, case=case, body="Asesmen awal: korban tinggal bersama nenek.")
    client.logout()
    body = status_page(client, code, pin)
    assert "Sedang ditangani" in body
    body += client.post("/lapor/status/", {"code": code, "pin": pin, "body": "Tambahan."}).content.decode()
    for secret in [case.number, pasuruan.kelurahan[0].name, "sering dipukul", "Warsini", "Sulastri", "nenek", case.chronology[:30]]:
        assert secret not in body, secret
    cm = pasuruan.users["case_manager"]
    case_request_closure(actor=cm, case=case, reason="selesai_layanan")
    case_approve_closure(actor=pasuruan.users["supervisor"], case=case)
    assert "Selesai" in status_page(client, code, pin)


def test_reporter_reads_messages_and_adds_information(client, submit, pasuruan, login):
    code, pin = submit()
    report = Report.objects.get(tracking_code=code)
    login(pasuruan.users["supervisor"]).post(f"/lapor/antrean/{report.pk}/aksi/pesan/", {"body": "Petugas kami akan datang besok."})
    client.logout()
    assert "Petugas kami akan datang besok." in status_page(client, code, pin)
    r = client.post("/lapor/status/", {"code": code, "pin": pin, "body": "Kejadian lagi tadi malam."})
    assert "sudah kami terima" in r.content.decode()
    assert report.messages.filter(direction="from_reporter").count() == 1


def test_close_as_not_relevant_shows_closed(client, submit, pasuruan, login):
    code, pin = submit()
    report = Report.objects.get(tracking_code=code)
    login(pasuruan.users["case_manager"]).post(f"/lapor/antrean/{report.pk}/aksi/tutup/", {"reason": "bukan_kekerasan"})
    client.logout()
    assert "Selesai" in status_page(client, code, pin)


def test_attach_to_existing_case(client, submit, pasuruan, login):
    from naungan.cases.services import case_register

    case = case_register(actor=pasuruan.users["case_manager"], city_code="35.75", channel="telepon", persons=[{"role": "victim", "name": "X"}])
    code, pin = submit()
    report = Report.objects.get(tracking_code=code)
    login(pasuruan.users["case_manager"]).post(f"/lapor/antrean/{report.pk}/aksi/gabungkan/", {"case_id": case.pk})
    report.refresh_from_db()
    assert report.case == case and report.resolution == "attached"
    assert case.events.filter(kind="feedback").exists()


def test_queue_puts_urgent_first_and_is_scoped(client, submit, pasuruan, blitar, login, django_assert_max_num_queries):
    submit()
    code_urgent, _ = submit(danger_now="on")
    submit(kelurahan=pasuruan.kelurahan[5].code)
    staff = login(pasuruan.users["case_manager"])
    with django_assert_max_num_queries(15):
        body = staff.get("/lapor/antrean/").content.decode()
    assert body.index(code_urgent) < body.index("NGN-", body.index("<tbody>")) + 20
    ppt = login(pasuruan.users["ppt_0"]).get("/lapor/antrean/").content.decode()
    assert ppt.count("NGN-") == 2  # only its kelurahan
    for key in ["satgas_0", "partner_police", "analyst", "auditor", "admin", "community"]:
        assert login(pasuruan.users[key]).get("/lapor/antrean/").status_code == 404, key
    assert "NGN-" not in login(blitar.users["case_manager"]).get("/lapor/antrean/").content.decode()


def test_reporter_identity_hidden_from_ppt_satgas_and_partners(submit, pasuruan, login):
    code, _ = submit()
    report = Report.objects.get(tracking_code=code)
    ppt = login(pasuruan.users["ppt_0"]).get(f"/lapor/antrean/{report.pk}/")
    assert ppt.status_code == 200 and "Warsini" not in ppt.content.decode() and "dirahasiakan" in ppt.content.decode()
    assert "Warsini" in login(pasuruan.users["case_manager"]).get(f"/lapor/antrean/{report.pk}/").content.decode()
    for key in ["satgas_0", "partner_police", "analyst", "ppt_1"]:
        assert login(pasuruan.users[key]).get(f"/lapor/antrean/{report.pk}/").status_code == 404, key
    assert login(pasuruan.users["ppt_0"]).post(f"/lapor/antrean/{report.pk}/aksi/jadikan-kasus/", follow=True).status_code == 200
    assert not Case.objects.exists()  # PPT cannot convert
    assert AuditEvent.objects.filter(action="report.view", object_id=str(report.pk)).count() >= 2


def test_community_reporter_sees_only_own_reports(pasuruan, login, report_data):
    user = pasuruan.users["community"]
    c = login(user)
    r = c.post("/lapor/komunitas/", report_data(kelurahan=pasuruan.kelurahan[0].code))
    assert r.status_code == 302
    report = Report.objects.get()
    assert report.submitted_by == user and report.channel == "community"
    body = c.get("/lapor/komunitas/").content.decode()
    assert report.tracking_code in body
    # status only: the staff page of the report (story, kelurahan, case number) stays closed
    assert c.get(f"/lapor/antrean/{report.pk}/").status_code == 404
    S.report_convert(actor=pasuruan.users["case_manager"], report=report)
    body = c.get("/lapor/komunitas/").content.decode()
    assert "Sedang ditangani" in body and Case.objects.get().number not in body
    assert login(pasuruan.users["ppt_1"]).get("/lapor/komunitas/").status_code == 404


def test_api_submit_and_status(pasuruan):
    api = APIClient()
    r = api.post("/api/v1/public/reports/", {"city_code": "35.75", "reporter_kind": "anonim", "kelurahan": pasuruan.kelurahan[0].code,
                                             "what": ["ditelantarkan"], "description": "Anak tidak diberi makan"}, format="json")
    assert r.status_code == 201, r.content
    code, pin = r.json()["tracking_code"], r.json()["pin"]
    r = api.post("/api/v1/public/reports/status/", {"code": code, "pin": pin}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "received" and set(r.json()) == {"tracking_code", "status", "messages"}
    assert api.post("/api/v1/public/reports/status/", {"code": code, "pin": "x"}, format="json").status_code == 400
    r = api.post("/api/v1/public/reports/", {"city_code": "35.75", "reporter_kind": "anonim", "kelurahan": "64.71.01.1001", "what": ["dipukul"]}, format="json")
    assert r.status_code == 400


def test_staff_api_queue_and_convert_are_scoped(submit, pasuruan):
    code, _ = submit()
    report = Report.objects.get(tracking_code=code)
    api = APIClient()
    api.force_authenticate(pasuruan.users["ppt_0"])
    rows = api.get("/api/v1/reports/").json()["results"]
    assert rows[0]["tracking_code"] == code and rows[0]["contact_name"] == ""
    assert api.post(f"/api/v1/reports/{report.pk}/convert/").status_code == 400
    api.force_authenticate(pasuruan.users["partner_police"])
    assert api.get("/api/v1/reports/").json()["results"] == []
    assert api.post(f"/api/v1/reports/{report.pk}/convert/").status_code == 404
    api.force_authenticate(pasuruan.users["case_manager"])
    assert api.get("/api/v1/reports/").json()["results"][0]["contact_name"] == "Bu Warsini"
    r = api.post(f"/api/v1/reports/{report.pk}/convert/")
    assert r.status_code == 200 and r.json()["case_number"].startswith("35.75-")


def test_convert_carries_the_attachment_and_later_information_to_the_case(client, report_data, pasuruan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from naungan.core.testing import PDF as pdf

    assert client.post("/lapor/35.75/", {**report_data(), "attachment": SimpleUploadedFile("surat.pdf", pdf)}).status_code == 302
    report = Report.objects.get()
    S.report_add_info(report=report, body="Pelaku biasanya pulang jam sembilan malam.")
    case = S.report_convert(actor=pasuruan.users["case_manager"], report=report)
    att = case.attachments.get()
    assert att.content_type == "application/pdf" and att.size == len(pdf)
    assert "jam sembilan malam" in case.chronology
    reporter = case.persons.get(role="reporter")
    assert reporter.name == "Bu Warsini"


def test_attach_by_picking_a_nearby_case_or_typing_its_number(submit, pasuruan, login):
    from naungan.cases.services import case_register

    cm = pasuruan.users["case_manager"]
    near = case_register(actor=cm, city_code="35.75", channel="telepon", kelurahan_code=pasuruan.kelurahan[0].code,
                         persons=[{"role": "victim", "name": "Dewi"}])
    other = case_register(actor=cm, city_code="35.75", channel="telepon", persons=[{"role": "victim", "name": "Rina"}])
    code, _ = submit(contact_name="", contact_phone="")
    report = Report.objects.get(tracking_code=code)
    staff = login(cm)
    page = staff.get(f"/lapor/antrean/{report.pk}/").content.decode()
    assert near.number in page and other.number not in page  # same kelurahan, still open
    # the suggestion is a radio button, the typed number an empty text box: the pick wins
    staff.post(f"/lapor/antrean/{report.pk}/aksi/gabungkan/", {"case_id": str(near.pk), "case_number": ""})
    report.refresh_from_db()
    assert report.case == near
    code2, _ = submit()
    report2 = Report.objects.get(tracking_code=code2)
    staff.post(f"/lapor/antrean/{report2.pk}/aksi/gabungkan/", {"case_number": other.number})
    report2.refresh_from_db()
    assert report2.case == other and report2.resolution == "attached"


def test_attach_without_a_case_says_so(submit, pasuruan, login):
    code, _ = submit()
    report = Report.objects.get(tracking_code=code)
    r = login(pasuruan.users["case_manager"]).post(f"/lapor/antrean/{report.pk}/aksi/gabungkan/", {}, follow=True)
    assert "Pilih kasus dari daftar" in r.content.decode()
    report.refresh_from_db()
    assert report.case is None and report.resolution == ""


def test_staff_api_detail_attach_close_and_message(submit, pasuruan):
    from naungan.cases.services import case_register

    cm = pasuruan.users["case_manager"]
    case = case_register(actor=cm, city_code="35.75", channel="telepon", kelurahan_code=pasuruan.kelurahan[0].code,
                         persons=[{"role": "victim", "name": "Dewi"}])
    code, pin = submit()
    report = Report.objects.get(tracking_code=code)
    api = APIClient()
    api.force_authenticate(cm)
    d = api.get(f"/api/v1/reports/{report.pk}/").json()
    assert d["contact_name"] == "Bu Warsini" and case.number in [x["case_number"] for x in d["possible_duplicates"]]
    assert api.post(f"/api/v1/reports/{report.pk}/message/", {"body": "Kami akan menghubungi Anda."}, format="json").status_code == 201
    r = api.post(f"/api/v1/reports/{report.pk}/attach/", {"case_id": case.pk}, format="json")
    assert r.status_code == 200 and r.json()["resolution"] == "attached"
    assert api.post(f"/api/v1/reports/{report.pk}/close/", {"reason": "bukan_kekerasan"}, format="json").status_code == 400
    code2, _ = submit()
    r2 = Report.objects.get(tracking_code=code2)
    assert api.post(f"/api/v1/reports/{r2.pk}/close/", {"reason": "tidak-ada"}, format="json").status_code == 400
    assert api.post(f"/api/v1/reports/{r2.pk}/close/", {"reason": "laporan_palsu"}, format="json").json()["resolution"] == "not_relevant"
    pub = APIClient().post("/api/v1/public/reports/status/", {"code": code, "pin": pin}, format="json").json()
    assert pub["status"] == "handling" and pub["messages"][0]["text"] == "Kami akan menghubungi Anda."
    assert case.number not in str(pub)


def test_api_resend_with_the_same_client_token_stores_nothing_new(pasuruan):
    api = APIClient()
    body = {"city_code": "35.75", "reporter_kind": "anonim", "kelurahan": pasuruan.kelurahan[0].code, "what": ["dipukul"],
            "client_token": "wa-2f9c1d7e8b6a4c3d"}
    first = api.post("/api/v1/public/reports/", body, format="json")
    again = api.post("/api/v1/public/reports/", body, format="json")
    assert first.status_code == 201 and first.json()["pin"] and not first.json()["already_received"]
    assert again.status_code == 200 and again.json()["pin"] is None and again.json()["already_received"]
    assert again.json()["tracking_code"] == first.json()["tracking_code"] and Report.objects.count() == 1
    assert api.post("/api/v1/public/reports/", {**body, "client_token": "x"}, format="json").status_code == 400


def test_a_report_cannot_be_attached_to_a_closed_case(submit, pasuruan):
    from naungan.cases.services import case_register
    from naungan.core.errors import DomainError

    cm = pasuruan.users["case_manager"]
    case = case_register(actor=cm, city_code="35.75", channel="telepon", persons=[{"role": "victim", "name": "X"}])
    case_request_closure(actor=cm, case=case, reason="selesai_layanan")
    case_approve_closure(actor=pasuruan.users["supervisor"], case=case)
    code, _ = submit()
    with pytest.raises(DomainError) as e:
        S.report_attach(actor=cm, report=Report.objects.get(tracking_code=code), case=Case.objects.get(pk=case.pk))
    assert str(e.value) == S.CASE_CLOSED


def test_the_pin_is_not_readable_in_the_session_store(client, report_data):
    from django.contrib.sessions.models import Session

    assert client.post("/lapor/35.75/", report_data()).status_code == 302
    stored = Session.objects.get().get_decoded()["naungan_new_report"]
    assert stored["code"].startswith("NGN-") and len(stored["pin"]) > 20  # sealed, not six digits
    page = client.get("/lapor/terkirim/").content.decode()
    import re

    pin = re.search(r'id="tracking-pin">([^<]+)<', page).group(1)
    assert len(pin) == 6 and pin.isdigit()


def test_information_added_later_reaches_the_case_without_the_reporters_address(client, submit, pasuruan):
    from naungan.audit.models import AuditEvent
    from naungan.cases.models import Notification

    code, pin = submit()
    report = Report.objects.get(tracking_code=code)
    case = S.report_convert(actor=pasuruan.users["case_manager"], report=report)
    client.post("/lapor/status/", {"code": code, "pin": pin, "body": "Pelaku sudah pindah rumah."})
    assert any("sudah pindah rumah" in e.body for e in case.events.filter(kind="feedback"))
    n = Notification.objects.get(user=pasuruan.users["case_manager"], text__startswith="Pelapor menambahkan")
    assert case.number in n.text and "pindah" not in n.text
    for e in AuditEvent.objects.filter(action__in=["case.note", "report.reporter_info"]):
        assert "127.0.0.1" not in repr(e.origin)
