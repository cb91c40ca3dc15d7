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
    client.get("/lapor/terkirim/")  # the code and PIN were shown
    r = client.post("/lapor/35.75/", data, follow=True)
    assert "sudah kami terima" in r.content.decode()
    assert Report.objects.count() == 1


def test_replay_from_another_device_also_creates_nothing(client, report_data):
    from django.test import Client

    data = report_data()
    assert client.post("/lapor/35.75/", data).status_code == 302
    r = Client().post("/lapor/35.75/", data, follow=True)
    assert r.status_code == 200 and "sudah kami terima" in r.content.decode()
    assert Report.objects.count() == 1


def test_showing_the_form_writes_nothing(client, pasuruan):
    from naungan.reporting.models import FormToken

    for _ in range(3):
        client.get("/lapor/35.75/")
    assert FormToken.objects.count() == 0


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


def test_rate_limit_per_client_asks_for_a_challenge_instead_of_refusing(client, report_data, settings):
    settings.PORTAL_SUBMIT_RATE_PER_CLIENT = "2/h"
    assert client.post("/lapor/35.75/", report_data()).status_code == 302
    assert client.post("/lapor/35.75/", report_data()).status_code == 302
    r = client.post("/lapor/35.75/", report_data())
    body = r.content.decode()
    assert r.status_code == 200 and "pemeriksaan singkat" in body and "<altcha-widget" in body and "tel:112" in body
    assert Report.objects.count() == 2


def test_attachment_type_and_size_checked(client, report_data):
    from naungan.core.testing import PNG as png

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


def test_wrong_pins_from_one_client_lock_that_client_across_codes(client, submit):
    code, pin = submit()
    for i in range(S.CLIENT_FAILURE_LIMIT):
        guess = f"NGN-ABCD-{'EFGHJKMNPQ'[i]}{'EFGHJKMNPQ'[i]}{'EFGHJKMNPQ'[i]}{'EFGHJKMNPQ'[i]}"
        assert "Kode laporan atau PIN salah" in client.post("/lapor/status/", {"code": guess, "pin": "123456"}).content.decode()
    r = client.post("/lapor/status/", {"code": code, "pin": pin})
    assert r.status_code == 400 and "Terlalu banyak percobaan PIN" in r.content.decode()
    # the real reporter on another connection is not locked out, and the code itself was never failed
    from django.test import Client

    other = Client(REMOTE_ADDR="10.9.8.7")
    assert "Diterima" in other.post("/lapor/status/", {"code": code, "pin": pin}).content.decode()
    assert Report.objects.get(tracking_code=code).pin_failures == 0


def test_public_status_api_is_throttled_by_wrong_pins(submit):
    from rest_framework.test import APIClient

    code, pin = submit()
    api = APIClient()
    for _ in range(S.PIN_FAILURE_LIMIT):
        api.post("/api/v1/public/reports/status/", {"code": code, "pin": "00000x"}, format="json")
    r = api.post("/api/v1/public/reports/status/", {"code": code, "pin": pin}, format="json")
    assert r.status_code == 400 and "Terlalu banyak percobaan PIN" in r.json()["detail"]


def test_global_rate_limit_counts_every_client(report_data, settings):
    from django.test import Client

    settings.PORTAL_SUBMIT_RATE_GLOBAL = "3/h"
    for i in range(3):
        assert Client(REMOTE_ADDR=f"10.0.0.{i}").post("/lapor/35.75/", report_data()).status_code == 302
    r = Client(REMOTE_ADDR="10.0.0.99").post("/lapor/35.75/", report_data())
    assert r.status_code == 200 and "pemeriksaan singkat" in r.content.decode()
    assert "sering dipukul ayahnya" in r.content.decode()  # what was typed is kept
    assert Report.objects.count() == 3


def test_public_report_api_asks_for_a_challenge_above_the_per_client_limit(pasuruan):
    from rest_framework.test import APIClient

    api = APIClient()
    body = {"city_code": "35.75", "reporter_kind": "anonim", "kelurahan": pasuruan.kelurahan[0].code, "what": ["dipukul"]}
    codes = [api.post("/api/v1/public/reports/", body, format="json").status_code for _ in range(11)]
    assert codes[:10] == [201] * 10 and codes[10] == 428
    assert Report.objects.count() == 10


def test_anonymous_reporter_address_is_not_kept_in_the_audit_chain(client, submit):
    from naungan.audit.models import AuditEvent

    submit()
    event = AuditEvent.objects.get(action="report.submit")
    assert "127.0.0.1" not in repr(event.origin) and event.actor_id is None


def test_messages_are_encrypted_at_rest(submit, pasuruan):
    code, pin = submit()
    report = Report.objects.get(tracking_code=code)
    S.report_add_info(report=report, body="Pak Darmo pulang mabuk lagi.")
    S.report_message_reporter(actor=pasuruan.users["case_manager"], report=report, body="Terima kasih Bu Warsini.")
    with connection.cursor() as cur:
        cur.execute("SELECT body FROM reporting_reportmessage")
        blob = repr(cur.fetchall())
    assert "Darmo" not in blob and "Warsini" not in blob


def test_plain_choices_map_to_catalogue_forms_of_violence():
    from naungan.catalogues.selectors import codes, values

    forms = set(codes("violence_form"))
    for item in values("report_what"):
        assert item.extra["forms"] and set(item.extra["forms"]) <= forms, item.code
    assert set(codes("reporter_kind")) == {"korban", "keluarga", "tetangga", "guru", "anak", "anonim"}


def test_child_form_works_without_javascript_and_needs_few_answers(client, pasuruan):
    from naungan.reporting.services import form_token_issue

    r = client.post("/lapor/35.75/anak/", {"form_token": form_token_issue(), "kelurahan": pasuruan.kelurahan[3].code,
                                           "what": ["disentuh"], "danger_now": "on"})
    assert r.status_code == 302
    page = client.get(r["Location"]).content.decode()
    assert "NGN-" in page and "129" in page and "MENDESAK" in page
    report = Report.objects.get()
    assert report.channel == "child" and report.reporter_kind == "anak" and report.danger_now


def test_large_posts_get_a_message_not_an_error(client, report_data):
    r = client.post("/lapor/35.75/", report_data(description="x" * (3 * 1024 * 1024)))
    assert r.status_code == 400 and Report.objects.count() == 0
    r = client.post("/lapor/35.75/", report_data(contact_name="n" * 500, contact_phone="9" * 100, what=["meledak"]))
    assert r.status_code == 400 and Report.objects.count() == 0
    r = client.post("/lapor/35.75/", report_data(description="ada\x00nol"))
    assert r.status_code == 400


def test_attachment_over_five_megabytes_is_refused(client, report_data):
    big = b"\x89PNG\r\n\x1a\n" + b"0" * (5 * 1024 * 1024 + 1)
    r = client.post("/lapor/35.75/", {**report_data(), "attachment": SimpleUploadedFile("a.png", big)})
    assert r.status_code == 400 and "5 MB" in r.content.decode() and Report.objects.count() == 0


def test_demo_reports_are_idempotent(pasuruan):
    from naungan.reporting.demo import load_demo

    load_demo(pasuruan)
    n = Report.objects.filter(city=pasuruan.city).count()
    load_demo(pasuruan)
    assert Report.objects.filter(city=pasuruan.city).count() == n >= 5
    assert set(Report.objects.values_list("status", flat=True)) == {"received", "handling", "closed"}


def test_a_real_browser_post_without_cookies_still_files_and_oversized_posts_get_indonesian(pasuruan):
    """The client enforces CSRF like a browser; the public form relies on its signed one-time token."""
    import re

    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    token = re.search(r'name="form_token" value="([^"]+)"', c.get("/lapor/35.75/").content.decode()).group(1)
    c.cookies.clear()  # a phone that drops cookies
    data = {"form_token": token, "reporter_kind": "anonim", "kelurahan": pasuruan.kelurahan[0].code, "what": ["dipukul"]}
    assert c.post("/lapor/35.75/", data).status_code == 302
    r = c.post("/lapor/35.75/", {**data, "description": "x" * (3 * 1024 * 1024)})
    assert r.status_code == 400 and "Kiriman terlalu besar" in r.content.decode()
    r = c.post("/lapor/status/", {"code": "NGN-AAAA-AAAA", "pin": "1" * (3 * 1024 * 1024)})
    assert r.status_code == 400 and "Kiriman terlalu besar" in r.content.decode()
    assert Report.objects.count() == 1
    # logged-in pages keep Django's CSRF protection
    c.force_login(pasuruan.users["community"])
    assert c.post("/lapor/komunitas/", data).status_code == 403


def test_child_form_uses_simple_words(client, pasuruan):
    body = client.get("/lapor/35.75/anak/").content.decode()
    assert "Disentuh di bagian tubuh yang tidak boleh" in body and "Aku sendiri" in body
    assert "Guru / sekolah" not in body  # fewer, simpler choices
    assert "rahasia" in body.lower() or "Tidak ada yang akan tahu" in body


def test_child_form_and_messages_in_english(client, report_data, settings):
    client.cookies["django_language"] = "en"
    assert "Touched where no one may touch" in client.get("/lapor/35.75/anak/").content.decode()
    settings.PORTAL_SUBMIT_RATE_PER_CLIENT = "0/h"
    assert "short automatic check" in client.post("/lapor/35.75/", report_data()).content.decode()


def test_index_lists_the_cities_with_their_forms(client, pasuruan, blitar, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        body = client.get("/lapor/").content.decode()
    assert "/lapor/35.75/" in body and "/lapor/35.72/anak/" in body and "112" in body
    with django_assert_max_num_queries(8):
        assert client.get("/lapor/35.75/").status_code == 200


def test_code_typed_loosely_still_finds_the_report(client, submit):
    code, pin = submit()
    loose = code.lower().replace("-", " ")
    assert "Diterima" in client.post("/lapor/status/", {"code": loose, "pin": f" {pin} "}).content.decode()
