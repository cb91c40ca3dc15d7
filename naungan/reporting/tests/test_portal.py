import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from naungan.cases.models import Notification
from naungan.reporting import services as S
from naungan.reporting.models import Report

pytestmark = pytest.mark.django_db


def test_portal_form_is_plain_indonesian_with_emergency_contacts(client, pasuruan):
    body = client.get("/lapor/35.75/").content.decode()
    assert "Lapor kekerasan" in body and "Siapa yang melapor?" in body
    assert "112" in body and "129" in body and "08111-129-129" in body
    assert "(0343) 000-129" in body  # the city's UPTD PPA phone from its configuration
    assert "<script" not in body.split("</head>")[1]  # no script needed in the page body
    child = client.get("/lapor/35.75/anak/").content.decode()
    assert "Ini bukan salahmu." in child


def test_submission_without_javascript_gives_code_and_pin_once(client, submit):
    code, pin = submit()
    report = Report.objects.get(tracking_code=code)
    assert code.startswith("NGN-") and len(pin) == 6 and report.pin_hash != pin
    again = client.get("/lapor/terkirim/")
    assert again.status_code == 302  # shown once only
    assert pin not in client.get("/lapor/status/").content.decode()


def test_code_and_pin_never_appear_in_a_url(client, report_data):
    r = client.post("/lapor/35.75/", report_data())
    assert r["Location"] == "/lapor/terkirim/"


def test_danger_now_marks_urgent_and_shows_contacts(client, submit, pasuruan):
    code, _ = submit(danger_now="on")
    assert Report.objects.get(tracking_code=code).danger_now
    assert Notification.objects.filter(user=pasuruan.users["case_manager"], text__startswith="MENDESAK").exists()


def test_ppt_of_the_kelurahan_is_notified_without_identity(submit, pasuruan):
    submit()
    n = Notification.objects.get(user=pasuruan.users["ppt_0"])
    assert "Warsini" not in n.text and "dipukul" not in n.text and "0812" not in n.text
    assert not Notification.objects.filter(user=pasuruan.users["ppt_1"]).exists()


def test_replayed_form_creates_nothing_new(client, report_data):
    data = report_data()
    assert client.post("/lapor/35.75/", data).status_code == 302
    r = client.post("/lapor/35.75/", data)
    assert r.status_code == 302
    assert Report.objects.count() == 1


def test_forged_kelurahan_is_refused_with_a_message(client, report_data, blitar):
    r = client.post("/lapor/35.75/", report_data(kelurahan=blitar.kelurahan[0].code))
    assert r.status_code == 400
    assert "Pilih" in r.content.decode() and Report.objects.count() == 0


def test_overlong_and_badly_encoded_input_get_messages_not_errors(client, report_data):
    r = client.post("/lapor/35.75/", report_data(description="x" * 6000))
    assert r.status_code == 400 and Report.objects.count() == 0
    raw = (b"form_token=abc&reporter_kind=tetangga&kelurahan=35.75.01.1001&description=") + b"\xff\xfe\xfa"
    r = client.post("/lapor/35.75/", raw, content_type="application/x-www-form-urlencoded")
    assert r.status_code == 400


def test_expired_token_keeps_what_was_typed(client, report_data):
    r = client.post("/lapor/35.75/", report_data(form_token="tidak-ada"))
    body = r.content.decode()
    assert r.status_code == 400 and "kedaluwarsa" in body and "sering dipukul ayahnya" in body


def test_honeypot_stores_nothing(client, report_data):
    r = client.post("/lapor/35.75/", report_data(website="http://spam"))
    assert r.status_code == 200 and Report.objects.count() == 0


def test_rate_limit_per_client(client, report_data, monkeypatch):
    from naungan.reporting import views

    monkeypatch.setattr(views, "SUBMIT_RATE_PER_CLIENT", "2/h")
    assert client.post("/lapor/35.75/", report_data()).status_code == 302
    assert client.post("/lapor/35.75/", report_data()).status_code == 302
    r = client.post("/lapor/35.75/", report_data())
    assert r.status_code == 400 and "Terlalu banyak laporan" in r.content.decode()
    assert Report.objects.count() == 2


def test_attachment_type_and_size_checked(client, report_data):
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 100
    r = client.post("/lapor/35.75/", {**report_data(), "attachment": SimpleUploadedFile("a.png", png)})
    assert r.status_code == 302 and Report.objects.get().attachment_type == "image/png"
    r = client.post("/lapor/35.75/", {**report_data(), "attachment": SimpleUploadedFile("a.exe", b"MZ" + b"0" * 50)})
    assert r.status_code == 400 and "JPG/PNG" in r.content.decode()


def test_unknown_city_is_404(client):
    assert client.get("/lapor/99.99/").status_code == 404


def test_reporter_identity_is_encrypted_at_rest(submit):
    submit()
    with connection.cursor() as cur:
        cur.execute("SELECT contact_name, contact_phone, description FROM reporting_report")
        blob = repr(cur.fetchall())
    assert "Warsini" not in blob and "7777" not in blob and "dipukul" not in blob


def test_wrong_pins_are_throttled(client, submit):
    code, pin = submit()
    for _ in range(S.PIN_FAILURE_LIMIT):
        r = client.post("/lapor/status/", {"code": code, "pin": "000000" if pin != "000000" else "111111"})
        assert r.status_code == 400
    r = client.post("/lapor/status/", {"code": code, "pin": pin})
    assert "Terlalu banyak percobaan PIN" in r.content.decode()
    assert Report.objects.get(tracking_code=code).locked_until is not None


def test_unknown_code_and_wrong_pin_answer_alike(client, submit):
    code, pin = submit()
    a = client.post("/lapor/status/", {"code": "NGN-AAAA-AAAA", "pin": pin}).content.decode()
    b = client.post("/lapor/status/", {"code": code, "pin": "999999" if pin != "999999" else "888888"}).content.decode()
    assert "Kode laporan atau PIN salah" in a and "Kode laporan atau PIN salah" in b


def test_the_portal_is_available_in_english(client, pasuruan):
    client.cookies["django_language"] = "en"
    body = client.get("/lapor/35.75/").content.decode()
    assert "Report violence" in body and "Who is reporting?" in body and "112" in body
