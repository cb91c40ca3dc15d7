"""The child's path: who the victim is after conversion, the child's words to the end, and a
report whose kelurahan the child does not know."""

import re

import pytest

from naungan.cases.models import Case, CaseEvent, Notification
from naungan.reporting.models import Report

pytestmark = pytest.mark.django_db


def _child_submit(client, report_data, **kw):
    data = report_data(reporter_kind="korban", what=["dipukul"], contact_name="Nabila Putri", contact_phone="0813-1111-2222",
                       description="Aku sering dipukul di rumah.", **kw)
    r = client.post("/lapor/35.75/anak/", data)
    assert r.status_code == 302, r.content.decode()[:1500]
    return client.get(r["Location"])


def test_converting_a_report_by_the_victim_makes_the_reporter_the_victim(client, report_data, pasuruan, login):
    _child_submit(client, report_data)
    report = Report.objects.get()
    staff = login(pasuruan.users["case_manager"])
    staff.post(f"/lapor/antrean/{report.pk}/aksi/jadikan-kasus/")
    case = Case.objects.get(source_report_id=report.pk)
    roles = list(case.persons.values_list("role", flat=True))
    assert roles == ["victim"]  # no reporter row: she reported herself
    victim = case.persons.get()
    assert victim.name == "Nabila Putri" and victim.phone == "0813-1111-2222"
    body = staff.post(f"/kasus/{case.pk}/identitas/").content.decode()
    assert "Nabila Putri" in body and "(tanpa nama)" not in body


def test_converting_a_report_by_someone_else_keeps_the_reporter_row(client, submit, pasuruan, login):
    submit()  # a neighbour reports
    report = Report.objects.get()
    login(pasuruan.users["case_manager"]).post(f"/lapor/antrean/{report.pk}/aksi/jadikan-kasus/")
    case = Case.objects.get(source_report_id=report.pk)
    assert sorted(case.persons.values_list("role", flat=True)) == ["reporter", "victim"]
    assert case.persons.get(role="reporter").name == "Bu Warsini" and case.persons.get(role="victim").name == ""


def test_the_child_reads_child_words_on_the_thank_you_and_status_pages(client, report_data):
    thanks = _child_submit(client, report_data).content.decode()
    assert "ceritamu sudah kami terima" in thanks and "Anda" not in thanks
    code = re.search(r'id="tracking-code">([^<]+)<', thanks).group(1)
    pin = re.search(r'id="tracking-pin">([^<]+)<', thanks).group(1)
    assert "?anak=1" in thanks
    first = client.get("/lapor/status/?anak=1").content.decode()
    assert "Kabar laporanku" in first and 'name="anak" value="1"' in first
    status = client.post("/lapor/status/", {"code": code, "pin": pin}).content.decode()  # even without the flag
    assert "Kabar laporanku" in status and "petugas akan segera" in status and "Anda" not in status.split("<main", 1)[1]


def test_the_adult_thank_you_page_keeps_adult_wording(client, submit, report_data):
    r = client.post("/lapor/35.75/", report_data())
    body = client.get(r["Location"]).content.decode()
    assert "Terima kasih, laporan sudah kami terima" in body and "ceritamu" not in body


def test_a_child_who_does_not_know_the_kelurahan_reaches_the_city_uptd_ppa(client, report_data, pasuruan, login):
    form = client.get("/lapor/35.75/anak/").content.decode()
    assert 'value="tidak_tahu"' in form and "Aku tidak tahu" in form
    _child_submit(client, report_data, kelurahan="tidak_tahu")
    report = Report.objects.get()
    assert report.kelurahan_id is None
    # no PPT officer is told (no kelurahan); the UPTD PPA's case managers see it in their queue
    ppt = pasuruan.users["ppt_0"]
    assert not Notification.objects.filter(user=ppt).exists()
    queue = login(pasuruan.users["case_manager"]).get("/lapor/antrean/").content.decode()
    assert report.tracking_code in queue and "tidak diketahui" in queue
    assert report.tracking_code not in login(ppt).get("/lapor/antrean/").content.decode()
    login(pasuruan.users["case_manager"]).post(f"/lapor/antrean/{report.pk}/aksi/jadikan-kasus/")
    case = Case.objects.get(source_report_id=report.pk)
    assert case.kelurahan_id is None


def test_a_made_up_kelurahan_is_still_refused(client, report_data):
    r = client.post("/lapor/35.75/anak/", report_data(kelurahan="35.72.01.1001"))
    assert r.status_code == 400 and not Report.objects.exists()


def test_the_timeline_names_the_channel_by_its_label_not_its_code(client, submit, pasuruan, login):
    submit()
    report = Report.objects.get()
    staff = login(pasuruan.users["case_manager"])
    staff.post(f"/lapor/antrean/{report.pk}/aksi/jadikan-kasus/")
    event = CaseEvent.objects.filter(case__source_report_id=report.pk).first()
    assert "portal_publik" not in event.body and "Portal" in event.body
