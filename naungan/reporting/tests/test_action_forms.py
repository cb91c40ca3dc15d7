"""The triage actions read their posts through forms: a closure without a known reason, an empty
message or a case id that is no number is answered (a message, a 404), never a server error."""

import pytest

from naungan.reporting.models import Report

pytestmark = pytest.mark.django_db


def test_bad_triage_posts_are_messages_or_404(submit, pasuruan, login):
    code, _pin = submit()
    report = Report.objects.get(tracking_code=code)
    staff = login(pasuruan.users["case_manager"])
    url = f"/lapor/antrean/{report.pk}/aksi/"
    r = staff.post(url + "tutup/", {"reason": "bosan"}, follow=True)
    assert r.status_code == 200 and "Pilih alasan penutupan." in r.content.decode()
    r = staff.post(url + "pesan/", {"body": "   "}, follow=True)
    assert r.status_code == 200 and "Pesan tidak boleh kosong." in r.content.decode()
    assert staff.post(url + "gabungkan/", {"case_id": "satu"}).status_code == 404
    assert staff.post(url + "hapus/").status_code == 404
    report.refresh_from_db()
    assert not report.resolution and not report.messages.exists()
