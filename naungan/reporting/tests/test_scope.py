"""Every page and endpoint of the reporting app refuses users outside its scope (404, never 403),
and the reporter's identity reaches only case managers and supervisors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from naungan.cases.models import Case
from naungan.reporting.models import Report, ReportMessage

pytestmark = pytest.mark.django_db

OUTSIDERS = ["satgas_0", "partner_police", "partner_social", "analyst", "auditor", "admin", "community", "ppt_1"]


@pytest.fixture
def report(client, report_data):
    from naungan.core.testing import PNG as png

    assert client.post("/lapor/35.75/", {**report_data(), "attachment": SimpleUploadedFile("a.png", png)}).status_code == 302
    return Report.objects.get()


def test_report_pages_are_404_for_other_city_and_other_roles(report, pasuruan, blitar, login):
    urls = [f"/lapor/antrean/{report.pk}/", f"/lapor/antrean/{report.pk}/berkas/"]
    for user in [blitar.users["case_manager"], blitar.users["supervisor"], *(pasuruan.users[k] for k in OUTSIDERS)]:
        c = login(user)
        for url in urls:
            assert c.get(url).status_code == 404, (user.username, url)
    # the PPT of the kelurahan opens the report but not the reporter's file
    ppt = login(pasuruan.users["ppt_0"])
    assert ppt.get(urls[0]).status_code == 200 and ppt.get(urls[1]).status_code == 404
    cm = login(pasuruan.users["case_manager"])
    r = cm.get(urls[1])
    assert r.status_code == 200 and r["Content-Type"] == "image/png"


@pytest.mark.parametrize("action,data", [("jadikan-kasus", {}), ("gabungkan", {"case_number": "x"}), ("tutup", {"reason": "bukan_kekerasan"}),
                                         ("pesan", {"body": "halo"})])
def test_report_actions_are_404_outside_scope_and_change_nothing(report, pasuruan, blitar, login, action, data):
    for user in [blitar.users["case_manager"], blitar.users["supervisor"], pasuruan.users["satgas_0"], pasuruan.users["partner_police"]]:
        assert login(user).post(f"/lapor/antrean/{report.pk}/aksi/{action}/", data).status_code == 404, user.username
    report.refresh_from_db()
    assert report.resolution == "" and not Case.objects.exists() and not ReportMessage.objects.exists()


def test_ppt_officer_cannot_act_on_a_report_of_its_kelurahan(report, pasuruan, login):
    ppt = login(pasuruan.users["ppt_0"])
    for action, data in [("jadikan-kasus", {}), ("tutup", {"reason": "bukan_kekerasan"}), ("pesan", {"body": "halo"})]:
        r = ppt.post(f"/lapor/antrean/{report.pk}/aksi/{action}/", data, follow=True)
        assert "tidak berwenang" in r.content.decode()
    report.refresh_from_db()
    assert report.resolution == "" and not Case.objects.exists() and not ReportMessage.objects.exists()


def test_attaching_to_a_case_of_another_city_is_404(report, pasuruan, blitar, login):
    from naungan.cases.services import case_register

    other = case_register(actor=blitar.users["case_manager"], city_code="35.72", channel="telepon", persons=[{"role": "victim", "name": "A"}])
    c = login(pasuruan.users["case_manager"])
    assert c.post(f"/lapor/antrean/{report.pk}/aksi/gabungkan/", {"case_id": other.pk}).status_code == 404
    assert c.post(f"/lapor/antrean/{report.pk}/aksi/gabungkan/", {"case_number": other.number}).status_code == 404
    api = APIClient()
    api.force_authenticate(pasuruan.users["case_manager"])
    assert api.post(f"/api/v1/reports/{report.pk}/attach/", {"case_id": other.pk}, format="json").status_code == 404
    report.refresh_from_db()
    assert report.case is None


def test_pages_need_login_and_the_right_role(client, report, pasuruan, login):
    for url in ["/lapor/antrean/", f"/lapor/antrean/{report.pk}/", "/lapor/komunitas/"]:
        r = client.get(url)
        assert r.status_code == 302 and "/akun/" in r["Location"], url
    for key in ["case_manager", "ppt_0", "satgas_0", "partner_police"]:
        assert login(pasuruan.users[key]).get("/lapor/komunitas/").status_code == 404, key


def test_code_and_pin_page_is_for_the_submitting_browser_only(client, report_data):
    from django.test import Client

    assert client.post("/lapor/35.75/", report_data()).status_code == 302
    assert Client().get("/lapor/terkirim/").status_code == 302  # another browser gets no code
    assert "tracking-pin" in client.get("/lapor/terkirim/").content.decode()


def test_status_page_takes_no_code_or_pin_from_the_url(client, submit):
    code, pin = submit()
    body = client.get(f"/lapor/status/?code={code}&pin={pin}").content.decode()
    assert "report-status" not in body


def test_staff_api_is_scoped_and_hides_identity_from_ppt(report, pasuruan, blitar):
    api = APIClient()
    assert api.get("/api/v1/reports/").status_code in (401, 403)
    assert api.get(f"/api/v1/reports/{report.pk}/").status_code in (401, 403)
    for user in [blitar.users["case_manager"], pasuruan.users["satgas_0"], pasuruan.users["partner_police"], pasuruan.users["partner_social"],
                 pasuruan.users["analyst"], pasuruan.users["community"], pasuruan.users["ppt_1"]]:
        api.force_authenticate(user)
        assert api.get("/api/v1/reports/").json()["results"] == [], user.username
        assert api.get(f"/api/v1/reports/{report.pk}/").status_code == 404, user.username
        for action, data in [("convert", {}), ("attach", {"case_id": 1}), ("close", {"reason": "bukan_kekerasan"}), ("message", {"body": "x"})]:
            assert api.post(f"/api/v1/reports/{report.pk}/{action}/", data, format="json").status_code == 404, (user.username, action)
    api.force_authenticate(pasuruan.users["ppt_0"])
    d = api.get(f"/api/v1/reports/{report.pk}/").json()
    assert d["contact_name"] == "" and d["contact_phone"] == "" and d["possible_duplicates"] == []
    assert "Warsini" not in str(api.get("/api/v1/reports/").json())
    api.force_authenticate(pasuruan.users["supervisor"])
    assert api.get(f"/api/v1/reports/{report.pk}/").json()["contact_phone"] == "0812-7777-8888"


def test_notifications_carry_no_identity_and_no_story(client, report_data, pasuruan):
    from naungan.cases.models import Notification

    assert client.post("/lapor/35.75/", report_data(danger_now="on")).status_code == 302
    texts = " ".join(Notification.objects.values_list("text", flat=True)) + " ".join(Notification.objects.values_list("url", flat=True))
    assert Notification.objects.count() >= 3  # PPT of the kelurahan, case manager, supervisor
    for secret in ["Warsini", "0812", "7777", "dipukul", "NGN-"]:
        assert secret not in texts, secret
