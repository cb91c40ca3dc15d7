"""Surat Rujukan as a formal letter: number from the city pattern and a gap-free counter (Roman
month), Perihal, place and date in words, signature block, logo, and the public check that
shows only number, date, issuer and addressee."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from naungan.accounts.models import CityConfig
from naungan.accounts.roles import OrgKind
from naungan.audit.models import AuditEvent
from naungan.cases.tests.factories import CaseFactory
from naungan.services import services as S
from naungan.services.models import LetterCounter, Referral
from naungan.services.pdf import referral_letter
from naungan.services.tests.test_services import pdf_text

pytestmark = pytest.mark.django_db

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@pytest.fixture
def case(pasuruan):
    return CaseFactory(forms=["seksual"], is_tpks=True, chronology="Kronologi rahasia sekali",
                       persons=[{"role": "victim", "name": "Ayu Lestari", "estimated_age": 12, "sex": "P"}])


def _configure(pasuruan):
    cfg = CityConfig.for_city("35.75")
    cfg.letter_number_pattern = "400.2/{nomor}/UPTD-PPA/{bulan}/{tahun}"
    cfg.letter_place = "Pasuruan"
    cfg.uptd_head_name = "Dra. Endang Susilowati"
    cfg.uptd_head_nip = "197203151998032007"
    cfg.uptd_head_position = "Kepala UPTD PPA Kota Pasuruan"
    cfg.save()
    return cfg


def _send(pasuruan, case, **kw):
    return S.referral_send(actor=pasuruan.users["case_manager"], case=case, agency=pasuruan.orgs[OrgKind.POLICE_PPA],
                           request="Mohon proses laporan polisi", shared_fields=kw.pop("shared_fields", ["forms"]), **kw)


def test_letters_are_numbered_from_the_city_pattern_without_gaps(pasuruan, case):
    _configure(pasuruan)
    today = timezone.localdate()
    first, second = _send(pasuruan, case), _send(pasuruan, case)
    assert first.letter_number == f"400.2/001/UPTD-PPA/{ROMAN[today.month - 1]}/{today.year}"
    assert second.letter_number == f"400.2/002/UPTD-PPA/{ROMAN[today.month - 1]}/{today.year}"
    assert LetterCounter.objects.get(city_id="35.75", year=today.year).last_number == 2
    # a referral refused by validation consumes no number
    with pytest.raises(Exception):
        _send(pasuruan, case, shared_fields=["victim_name"])  # identity without consent
    assert _send(pasuruan, case).letter_number.startswith("400.2/003/")
    assert S.letter_number_format("B/{nomor}/PPA/{bulan}/{tahun}", seq=15, day=today.replace(month=11)) == f"B/015/PPA/XI/{today.year}"


def test_the_letter_has_number_perihal_place_date_addressee_and_signature(pasuruan, case):
    _configure(pasuruan)
    r = _send(pasuruan, case)
    text = pdf_text(r)
    today = timezone.localdate()
    months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"]
    for piece in [r.letter_number, "Perihal", "Lampiran", f"Pasuruan, {today.day} {months[today.month - 1]} {today.year}", "Kepada Yth.",
                  pasuruan.orgs[OrgKind.POLICE_PPA].name, "Dengan hormat", "Dra. Endang Susilowati", "NIP. 197203151998032007",
                  "Kepala UPTD PPA Kota Pasuruan"]:
        assert piece.replace("(", "\\(").replace(")", "\\)") in text, piece


def test_the_letter_carries_the_city_logo_and_a_qr_code(pasuruan, case, login):
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (60, 80), (200, 30, 30)).save(buf, "PNG")
    admin = login(pasuruan.users["admin"])
    r = admin.post("/akun/konfigurasi-kota/", {"dinas_name": "DP3AP2KB", "uptd_phone": "1", "uptd_whatsapp": "", "letterhead_lines": "PEMERINTAH KOTA PASURUAN",
                                   "respond_minutes_tinggi": 120, "respond_minutes_sedang": 360, "respond_minutes_rendah": 4320, "outreach_minutes": 720,
                                   "letter_number_pattern": "400.2/{nomor}/UPTD-PPA/{bulan}/{tahun}", "letter_place": "Pasuruan",
                                   "uptd_head_name": "Endang", "uptd_head_nip": "1972", "uptd_head_position": "Kepala UPTD PPA",
                                   "logo": SimpleUploadedFile("logo.png", buf.getvalue(), content_type="image/png")})
    assert r.status_code == 302, r.content.decode()[:3000]
    cfg = CityConfig.objects.get(city_id="35.75")
    assert cfg.logo and cfg.uptd_head_nip == "1972"
    assert AuditEvent.objects.filter(action="city_config.update").exists()
    ref = _send(pasuruan, case)
    with_logo = referral_letter(ref, verify_url="http://testserver/layanan/surat/x/")
    assert with_logo.count(b"/Subtype /Image") >= 2  # logo and QR code


def test_a_bad_letter_pattern_is_refused(pasuruan, login):
    admin = login(pasuruan.users["admin"])
    r = admin.post("/akun/konfigurasi-kota/", {"dinas_name": "x", "respond_minutes_tinggi": 120, "respond_minutes_sedang": 360, "respond_minutes_rendah": 4320,
                                   "outreach_minutes": 720, "letter_number_pattern": "400/{urut}/{tahun}", "uptd_head_position": "Kepala"})
    assert r.status_code == 200 and "Pola" in r.content.decode()


def test_the_public_check_shows_only_number_date_issuer_and_addressee(pasuruan, case, client):
    _configure(pasuruan)
    r = _send(pasuruan, case, shared_fields=["forms", "victim_age_sex"])
    body = client.get(f"/layanan/surat/{r.verify_token}/").content.decode()
    facts = re.search(r'<article id="letter-facts">.*?</article>', body, re.S).group(0)
    assert r.letter_number in facts and case.owner_org.name in facts and pasuruan.orgs[OrgKind.POLICE_PPA].name in facts
    for secret in [case.number, "Ayu", "Kronologi rahasia", "proses laporan polisi", "Seksual"]:
        assert secret not in body, secret
    assert client.get("/layanan/surat/tidak-ada-token/").status_code == 404


def test_the_letter_pdf_view_is_scoped_audited_and_numbers_old_referrals(pasuruan, blitar, case, login):
    r = _send(pasuruan, case)
    Referral.objects.filter(pk=r.pk).update(letter_number="", verify_token=None, letter_date=None)  # sent before letters were numbered
    assert login(blitar.users["case_manager"]).get(f"/layanan/rujukan/{r.pk}/surat.pdf").status_code == 404
    resp = login(pasuruan.users["case_manager"]).get(f"/layanan/rujukan/{r.pk}/surat.pdf")
    assert resp.status_code == 200 and resp.content.startswith(b"%PDF")
    r.refresh_from_db()
    assert r.letter_number and r.verify_token
    assert AuditEvent.objects.filter(action="referral.letter", object_id=str(r.pk)).exists()
